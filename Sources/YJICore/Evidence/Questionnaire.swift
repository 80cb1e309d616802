/// Who a questionnaire is put to; decides the nouns of its sentences and how small a group may be broken down.
public enum QuestionnaireAudience: String, Sendable, Hashable, Codable, CaseIterable {
    case children, victims, staff

    /// The fewest responses this audience's answers may be broken down for, and the default when a file does not say.
    /// Children and victims answer anonymously, and a breakdown of fewer than five could point at one of them, so a
    /// file may raise this but not lower it; staff interviews are recorded by the inspectors and carry no such promise.
    public var minimumForBreakdown: Int { self == .staff ? 1 : 5 }

    /// "children and young people", "victims", "members of staff": the plural noun for respondents.
    public var pluralNoun: String {
        switch self {
        case .children: return "children and young people"
        case .victims: return "victims of offences committed by children"
        case .staff: return "members of staff"
        }
    }

    /// The singular noun, for a count of one.
    public var singularNoun: String {
        switch self {
        case .children: return "child or young person"
        case .victims: return "victim of an offence committed by a child"
        case .staff: return "member of staff"
        }
    }
}

/// A questionnaire (or interview record) as data: its questions, and the findings a report states from the answers.
public struct Questionnaire: Sendable, Hashable, Codable {
    /// Short id, e.g. "children"; names the file and the questionnaire in stored results.
    public let id: String
    /// The version of the wording; responses are only comparable across one version.
    public let version: String
    /// The title shown on the form.
    public let title: String
    /// Who answers it.
    public let audience: QuestionnaireAudience
    /// No breakdown is given for fewer responses than this (5 for children and victims; 1 for staff interviews).
    public let minimumForBreakdown: Int
    /// The questions, in the order they are asked.
    public let questions: [QuestionnaireQuestion]
    /// The findings a report states, in the order it states them.
    public let findings: [QuestionnaireFinding]

    public init(
        id: String, version: String, title: String, audience: QuestionnaireAudience, minimumForBreakdown: Int,
        questions: [QuestionnaireQuestion], findings: [QuestionnaireFinding]
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.audience = audience
        self.minimumForBreakdown = minimumForBreakdown
        self.questions = questions
        self.findings = findings
    }

    /// The question with this id.
    public func question(_ id: String) -> QuestionnaireQuestion? {
        questions.first { $0.id == id }
    }

    /// The free-text question whose answer a response keeps in `comment`, if the questionnaire has one.
    public var commentQuestion: QuestionnaireQuestion? {
        questions.first { $0.kind == .comment }
    }
}

/// One answer a choice question offers: a stable id for data and a label for the form.
public struct QuestionnaireOption: Sendable, Hashable, Codable {
    /// Stored in responses and named by findings, e.g. "a_lot_less".
    public let id: String
    /// Shown to the respondent, e.g. "A lot less likely".
    public let label: String

    public init(id: String, label: String) {
        self.id = id
        self.label = label
    }
}

/// The condition under which a question is asked: another (earlier, choice) question was answered with one of `options`.
public struct QuestionnaireCondition: Sendable, Hashable, Codable {
    /// The earlier choice question that decides.
    public let question: String
    /// Its option ids that make this question apply.
    public let options: [String]

    public init(question: String, options: [String]) {
        self.question = question
        self.options = options
    }
}

/// One question of a questionnaire.
public struct QuestionnaireQuestion: Sendable, Hashable, Codable {
    /// What kind of answer a question takes.
    public enum Kind: Sendable, Hashable, Codable {
        /// One of a fixed list of options.
        case choice(options: [QuestionnaireOption])
        /// A whole number from `min` to `max`, e.g. satisfaction from 0 to 10.
        case scale(min: Int, max: Int)
        /// Free text; always optional, and kept in the response's `comment`.
        case comment
    }

    /// Lower-case letters, digits and "_", so that it can be a CSV column name as it stands.
    public let id: String
    /// The question as put to the respondent.
    public let text: String
    /// The kind of answer.
    public let kind: Kind
    /// Whether every response it applies to must answer it.
    public let required: Bool
    /// When the question is only asked after a particular answer to an earlier one; nil when it is always asked.
    public let appliesWhen: QuestionnaireCondition?

    /// `appliesWhen` is given as a (question, options) pair, the way the questionnaire files write it.
    public init(
        id: String, text: String, kind: Kind, required: Bool = false,
        appliesWhen: (question: String, options: [String])? = nil
    ) {
        self.id = id
        self.text = text
        self.kind = kind
        self.required = required
        self.appliesWhen = appliesWhen.map { QuestionnaireCondition(question: $0.question, options: $0.options) }
    }

    /// The options of a choice question; empty for scales and comments.
    public var options: [QuestionnaireOption] {
        if case .choice(let options) = kind { return options }
        return []
    }

    /// The range of a scale question; nil for other kinds.
    public var scaleRange: ClosedRange<Int>? {
        if case .scale(let min, let max) = kind, min <= max { return min...max }
        return nil
    }
}

/// A sentence a report states from one question's answers: how many chose any of some options, or rated at least a value.
public struct QuestionnaireFinding: Sendable, Hashable, Codable {
    /// Which answers a finding counts.
    public enum Match: Sendable, Hashable, Codable {
        /// Responses choosing any of these option ids.
        case options([String])
        /// Responses rating the scale at this value or above.
        case atLeast(Int)
    }

    /// Placeholders a finding sentence may use.
    ///
    /// `{count}` is the number counted, as the reports write it ("Twenty-four" at the start of a sentence, "nine" or
    /// "24" within one; "all five" when everyone did). `{count} {of}` together become the count phrase of YJICore's
    /// phrasing ("24 of the 34", "all but 1 of the 12", "all five"), which is why `{of}` may only follow `{count} `.
    /// `{percent}` is the whole percentage ("44%").
    public static let placeholders: Set<String> = ["count", "of", "percent"]

    /// Lower-case letters, digits and "_".
    public let id: String
    /// The question counted.
    public let question: String
    /// The answers counted.
    public let match: Match
    /// The template, in our words, e.g. "{count} said they were a lot less likely to offend again".
    public let sentence: String

    public init(id: String, question: String, match: Match, sentence: String) {
        self.id = id
        self.question = question
        self.match = match
        self.sentence = sentence
    }

    /// A finding counting responses that chose any of `options`.
    public init(id: String, question: String, options: [String], sentence: String) {
        self.init(id: id, question: question, match: .options(options), sentence: sentence)
    }

    /// A finding counting scale answers at or above `atLeast`.
    public init(id: String, question: String, atLeast: Int, sentence: String) {
        self.init(id: id, question: question, match: .atLeast(atLeast), sentence: sentence)
    }

    /// The option ids counted, when the finding counts options.
    public var options: [String]? {
        if case .options(let options) = match { return options }
        return nil
    }

    /// The lowest scale value counted, when the finding counts a scale.
    public var atLeast: Int? {
        if case .atLeast(let value) = match { return value }
        return nil
    }
}
