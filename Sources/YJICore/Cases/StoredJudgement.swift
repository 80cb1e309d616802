import Foundation

/// A judgement as stored: the answer with its version and who last changed it.
public struct StoredJudgement: Sendable, Hashable, Codable {
    /// The case's reference (its id in cases.csv).
    public let caseID: String
    public let questionID: String
    public let answer: Answer
    public let assessor: String
    public let note: String
    /// Starts at 1 and goes up by one with every saved change; a save names the version it edits.
    public let version: Int
    public let updatedAt: String
    public let updatedBy: String

    /// The judgement as YJICore sees it.
    public var judgement: Judgement {
        Judgement(caseID: caseID, questionID: questionID, answer: answer, assessor: assessor, note: note)
    }

    public init(caseID: String, questionID: String, answer: Answer, assessor: String, note: String, version: Int, updatedAt: String, updatedBy: String) {
        self.caseID = caseID
        self.questionID = questionID
        self.answer = answer
        self.assessor = assessor
        self.note = note
        self.version = version
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}

/// A change to one judgement, as an assessor submits it.
public struct JudgementEdit: Sendable, Hashable {
    public var caseID: String
    public var questionID: String
    public var answer: Answer
    public var assessor: String
    public var note: String
    /// The version the assessor was looking at; nil when they believe there is no answer yet.
    public var baseVersion: Int?

    public init(caseID: String, questionID: String, answer: Answer, assessor: String = "", note: String = "", baseVersion: Int?) {
        self.caseID = caseID
        self.questionID = questionID
        self.answer = answer
        self.assessor = assessor
        self.note = note
        self.baseVersion = baseVersion
    }
}

/// The result of saving a judgement: saved, or refused because someone else saved in between.
public enum SaveOutcome: Sendable, Hashable {
    /// Saved; the stored judgement with its new version.
    case saved(StoredJudgement)
    /// Refused: `theirs` is what is stored now (nil if it was removed), `yours` the edit that was not applied.
    case conflict(yours: JudgementEdit, theirs: StoredJudgement?)
}
