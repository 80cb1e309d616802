import Foundation

/// How far one case's assessment has got: which questions are askable, which are answered, which are missing.
public struct CaseProgress: Sendable, Hashable, Codable {
    /// The case's reference.
    public let caseID: String
    /// Questions that apply to the case given its setting and the answers so far, in the framework's order.
    public let applicable: [String]
    /// Applicable questions with an answer.
    public let answered: Int
    /// Applicable questions still without an answer, in the framework's order.
    public let missing: [String]

    /// Every applicable question has an answer, so the case may be marked assessed.
    public var isComplete: Bool { missing.isEmpty }
}

extension ScoringEngine {
    /// The case's progress: a question counts once it applies; one waiting on an unanswered earlier question is
    /// not yet askable and is left out until that question is answered.
    public func progress(of record: CaseRecord, answers: [String: Answer]) -> CaseProgress {
        var applicable: [String] = [], missing: [String] = []
        var answered = 0
        for (question, status) in zip(framework.questions, applicabilities(in: record, answers: answers)) {
            guard case .applies = status else { continue }
            applicable.append(question.id)
            if answers[question.id] == nil { missing.append(question.id) } else { answered += 1 }
        }
        return CaseProgress(caseID: record.id, applicable: applicable, answered: answered, missing: missing)
    }

    /// Answered questions that no longer apply to the case, given all its answers: after an earlier answer changes,
    /// these answers must go (a judgement on a question that does not apply is an error in scoring).
    public func answersNoLongerApplying(in record: CaseRecord, answers: [String: Answer]) -> [String] {
        zip(framework.questions, applicabilities(in: record, answers: answers)).filter { question, status in
            guard answers[question.id] != nil else { return false }
            switch status {
            case .applies: return false
            case .excluded, .awaiting: return true
            }
        }.map(\.0.id)
    }
}
