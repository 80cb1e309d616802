import Foundation

/// One questionnaire link as the store keeps it: which inspection and questionnaire, and whether it can still be used.
public struct QuestionnaireLink: Sendable, Hashable {
    public let inspectionID: Int
    public let questionnaireID: String
    public let expiresAt: String
    public let usedAt: String?

    /// A link opens the form only once, and only until it expires.
    public func isOpen(at now: Date = Date()) -> Bool { usedAt == nil && expiresAt > isoTimestamp(now) }

    public init(inspectionID: Int, questionnaireID: String, expiresAt: String, usedAt: String?) {
        self.inspectionID = inspectionID
        self.questionnaireID = questionnaireID
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }
}

/// A respondent's free-text comment, for the inspectors to read and choose quotes from.
public struct QuestionnaireComment: Sendable, Hashable {
    /// The stored response the comment belongs to.
    public let responseID: Int
    /// The comment as it was given.
    public let text: String
    /// The day it was given (responses are dated to the day only).
    public let submittedOn: String
    /// Its quote in the report, if it is quoted.
    public let quote: QuestionnaireQuote?

    public init(responseID: Int, text: String, submittedOn: String, quote: QuestionnaireQuote?) {
        self.responseID = responseID
        self.text = text
        self.submittedOn = submittedOn
        self.quote = quote
    }
}

/// How many links were issued for a questionnaire and how many have been used.
public struct QuestionnaireLinkCounts: Sendable, Hashable {
    public let issued: Int
    public let used: Int
    public let expired: Int

    public init(issued: Int, used: Int, expired: Int) {
        self.issued = issued
        self.used = used
        self.expired = expired
    }
}
