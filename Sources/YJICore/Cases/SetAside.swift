import Foundation

/// An answer kept aside because its question stopped applying after an earlier answer changed; it comes back by
/// itself when the question applies again and has no answer.
public struct SetAsideJudgement: Sendable, Hashable, Codable {
    public let caseID: String
    public let questionID: String
    public let answer: Answer
    public let assessor: String
    public let note: String
    /// The judgement's version when it was set aside.
    public let version: Int
    public let updatedAt: String
    public let updatedBy: String
    public let setAsideAt: String
    public let setAsideBy: String
    /// The question whose changed answer closed this one.
    public let becauseOf: String

    /// A judgement as it stood when set aside, and who set it aside when and because of which question.
    public init(_ judgement: StoredJudgement, setAsideAt: String, setAsideBy: String, becauseOf: String) {
        caseID = judgement.caseID
        questionID = judgement.questionID
        answer = judgement.answer
        assessor = judgement.assessor
        note = judgement.note
        version = judgement.version
        updatedAt = judgement.updatedAt
        updatedBy = judgement.updatedBy
        self.setAsideAt = setAsideAt
        self.setAsideBy = setAsideBy
        self.becauseOf = becauseOf
    }

    /// The judgement as it stood when set aside.
    public var stored: StoredJudgement {
        StoredJudgement(caseID: caseID, questionID: questionID, answer: answer, assessor: assessor, note: note, version: version,
                        updatedAt: updatedAt, updatedBy: updatedBy)
    }
}

/// An answer a save would set aside, for the person saving to confirm first.
public struct SetAsideCandidate: Sendable, Hashable, Codable {
    public let questionID: String
    public let answer: Answer
    public let note: String
    /// The changed question whose new answer closes this one.
    public let becauseOf: String

    public init(questionID: String, answer: Answer, note: String, becauseOf: String) {
        self.questionID = questionID
        self.answer = answer
        self.note = note
        self.becauseOf = becauseOf
    }
}

/// A case that was marked assessed and went back to "in progress" because it was no longer complete.
public struct CaseReturn: Sendable, Hashable, Codable {
    public let caseID: String
    public let returnedAt: String
    /// Whose change sent it back.
    public let returnedBy: String
    /// Who had marked it assessed, and when.
    public let wasAssessedAt: String
    public let wasAssessedBy: String
    /// Why, in words: "answers were set aside after “…” changed".
    public let reason: String

    public init(caseID: String, returnedAt: String, returnedBy: String, wasAssessedAt: String, wasAssessedBy: String, reason: String) {
        self.caseID = caseID
        self.returnedAt = returnedAt
        self.returnedBy = returnedBy
        self.wasAssessedAt = wasAssessedAt
        self.wasAssessedBy = wasAssessedBy
        self.reason = reason
    }
}

/// The result of saving one judgement when answers that depend on it may stop applying.
public enum JudgementSaveOutcome: Sendable, Hashable {
    /// Saved, with the answers set aside by it and those that came back because of it.
    case saved(StoredJudgement, setAside: [SetAsideCandidate], restored: [StoredJudgement])
    /// Refused: someone else saved the judgement since the version edited.
    case conflict(yours: JudgementEdit, theirs: StoredJudgement?)
    /// Nothing written: the save would close questions that have answers; send it again confirmed to set them aside.
    case needsSetAside([SetAsideCandidate])
}

extension SetAsideCandidate {
    /// Refusal text for a save that needs confirmation: "Changing “X” sets aside your answers to: “A”, “B”."
    public static func message(for candidates: [SetAsideCandidate], in framework: Framework) -> String {
        leadIn(for: candidates, in: framework) + " "
            + candidates.map { framework.quotedText(of: $0.questionID) }.joined(separator: ", ") + "."
    }

    /// The start of that text, for a page that lists the questions below it: "Changing “X” sets aside your answers to:".
    public static func leadIn(for candidates: [SetAsideCandidate], in framework: Framework) -> String {
        "Changing \(framework.quotedTexts(of: Array(Set(candidates.map(\.becauseOf))).sorted())) sets aside your answers to:"
    }
}
