/// An assessor's answer to one question: a scored judgement or one of a fact question's options.
public enum Answer: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The work was sufficient ("above the line").
    case yes
    /// The work was not sufficient.
    case no
    /// The question did not apply to this case, in the assessor's judgement.
    case notApplicable
    /// One of a fact question's options, e.g. "high".
    case option(String)

    /// The spellings of scored answers in judgements files.
    public static let judgementSpellings = ["yes", "no", "na"]

    /// The answer as written in judgements files: yes, no, na or the option.
    public var description: String {
        switch self {
        case .yes: return "yes"
        case .no: return "no"
        case .notApplicable: return "na"
        case .option(let value): return value
        }
    }

    /// Reads an answer for a question, accepting common spellings; nil when the question does not accept it.
    public static func parse(_ text: String, for question: Question) -> Answer? {
        if question.kind == .judgement {
            switch text {
            case "yes": return .yes
            case "no": return .no
            case "na": return .notApplicable
            default: break
            }
        }
        let key = normalisedKey(text)
        if ["na", "n/a", "not applicable"].contains(key) { return .notApplicable }
        switch question.kind {
        case .judgement:
            switch key {
            case "yes", "y", "sufficient": return .yes
            case "no", "n", "insufficient": return .no
            default: return nil
            }
        case .fact:
            return question.options.first { normalisedKey($0) == key }.map(Answer.option)
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        switch text {
        case "yes": self = .yes
        case "no": self = .no
        case "na": self = .notApplicable
        default: self = .option(text)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// One assessor's answer to one question in one case, with the evidence for it.
public struct Judgement: Sendable, Hashable, Codable {
    /// The case judged.
    public let caseID: String
    /// The question answered.
    public let questionID: String
    /// The answer.
    public let answer: Answer
    /// Who judged it (an inspector or local assessor's name or pseudonym).
    public let assessor: String
    /// The evidence note.
    public let note: String

    public init(caseID: String, questionID: String, answer: Answer, assessor: String = "", note: String = "") {
        self.caseID = caseID
        self.questionID = questionID
        self.answer = answer
        self.assessor = assessor
        self.note = note
    }
}
