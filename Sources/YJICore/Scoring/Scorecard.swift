/// The scores of one inspection: every headline theme, section, criterion and question, with counts beside percentages.
public struct Scorecard: Sendable, Hashable, Codable {
    /// The framework judged against.
    public let frameworkID: String
    /// The framework version judged against.
    public let frameworkVersion: String
    /// Cases in the inspection.
    public let cases: Int
    /// Of which inspected as custody cases.
    public let custodyCases: Int
    /// Of which inspected as community cases.
    public let communityCases: Int
    /// Headline theme scores, in framework order.
    public internal(set) var headlines: [Score]
    /// Section scores, in framework order; judged sections carry an inspector's rating and no percentage.
    public internal(set) var sections: [Score]
    /// Criterion scores, in framework order.
    public internal(set) var criteria: [Score]
    /// Every question's counts, split by setting.
    public let questions: [QuestionScore]

    /// The same scores without the question rows: what a benchmark across areas needs, a small fraction of the size.
    public var withoutQuestions: Scorecard {
        Scorecard(frameworkID: frameworkID, frameworkVersion: frameworkVersion, cases: cases, custodyCases: custodyCases,
                  communityCases: communityCases, headlines: headlines, sections: sections, criteria: criteria, questions: [])
    }

    /// The score at a level with a given id.
    public func score(_ level: ScoreLevel, _ id: String) -> Score? {
        switch level {
        case .headline: return headlines.first { $0.id == id }
        case .section: return sections.first { $0.id == id }
        case .criterion: return criteria.first { $0.id == id }
        case .question: return nil
        }
    }

    /// One question's counts.
    public func question(_ id: String) -> QuestionScore? { questions.first { $0.id == id } }
}

/// One score: n of N, the whole percentage, and the band label it earns.
public struct Score: Sendable, Hashable, Codable {
    /// Headline, section or criterion.
    public let level: ScoreLevel
    /// The id in the framework ("1.1", "safeguarding").
    public let id: String
    /// The name as printed.
    public let name: String
    /// Answers judged sufficient.
    public let sufficient: Int
    /// Answers judged sufficient or insufficient.
    public let applicable: Int
    /// Cases × questions that did not apply.
    public let notApplicable: Int
    /// Cases × questions that apply but are not answered yet.
    public let unanswered: Int
    /// Whole percentage rounded half up; nil when nothing applicable ("no applicable cases") or judged, not scored.
    public let percent: Int?
    /// The label in force: the computed band, or an inspector's rating where one was given.
    public internal(set) var band: String?
    /// The band the percentage earns under the programme's rule, before any inspector's rating.
    public let computedBand: String?
    /// True for sections judged by inspectors rather than scored from cases.
    public let judged: Bool
    /// The inspector's rating, when one replaced or supplied the label.
    public internal(set) var override: RatingOverride?

    init(level: ScoreLevel, id: String, name: String, tally: Tally, scale: RatingScale?, judged: Bool = false) {
        self.level = level
        self.id = id
        self.name = name
        sufficient = tally.sufficient
        applicable = tally.applicable
        notApplicable = tally.notApplicable
        unanswered = tally.unanswered
        percent = judged ? nil : tally.percent
        computedBand = percent.flatMap { scale?.band(for: $0)?.label }
        band = computedBand
        self.judged = judged
        override = nil
    }

    /// The counts as a proportion, for phrasing.
    public var proportion: Proportion { Proportion(sufficient, of: applicable) }

    /// Whether the label in force was set by a person: a judged section's finding, or a lead inspector's decision.
    public var isJudgedLabel: Bool { override != nil }

    /// The label in words wherever a score's label is shown: "judged satisfactory" when a person set it, the computed
    /// label otherwise, and nil where there is none to print.
    public var labelDescription: String? {
        band.map { isJudgedLabel ? "judged \($0)" : $0 }
    }
}

/// One question's counts over all cases and split into custody and community cases.
public struct QuestionScore: Sendable, Hashable, Codable {
    /// The question id.
    public let id: String
    /// The question's wording.
    public let name: String
    /// The criterion it scores under.
    public let criterion: String
    /// Judgement or fact.
    public let kind: AnswerKind
    /// All cases.
    public let all: Tally
    /// Custody cases only.
    public let custody: Tally
    /// Community cases only.
    public let community: Tally
    /// For fact questions: how many cases carry each option, in option order.
    public let optionCounts: [OptionCount]

    /// Whole percentage over all cases; nil when no case had an applicable answer.
    public var percent: Int? { kind == .judgement ? all.percent : nil }
}

/// How many cases recorded one option of a fact question.
public struct OptionCount: Sendable, Hashable, Codable {
    /// The option.
    public let option: String
    /// The number of cases.
    public let count: Int
}

/// An inspector's rating that replaces a computed label, or supplies one for a judged section; a reason is always recorded.
public struct RatingOverride: Sendable, Hashable, Codable {
    /// The level of the score rated.
    public let level: ScoreLevel
    /// The id of the score rated.
    public let id: String
    /// The label given, one of the level's rating scale.
    public let label: String
    /// Why, in the inspector's words; required.
    public let reason: String
    /// Who gave the rating.
    public let by: String
    /// When it was given (store timestamp); nil in cards stored before yji kept it.
    public let at: String?
    /// Where the label comes from: a lead inspector's decision replacing a computed label, or the finding recorded for
    /// a judged section; nil in cards stored before yji kept it (those ratings were all judged sections' findings).
    public let source: RatingSource?

    public init(level: ScoreLevel, id: String, label: String, reason: String, by: String = "", at: String? = nil,
                source: RatingSource? = nil) {
        self.level = level
        self.id = id
        self.label = label
        self.reason = reason
        self.by = by
        self.at = at
        self.source = source
    }
}

/// Where an inspector's rating comes from.
public enum RatingSource: String, Sendable, Hashable, Codable {
    /// The judgement of the finding recorded for a judged section (governance and partnerships, say).
    case finding
    /// A lead inspector's decision, with a reason, replacing the label a score computed.
    case decision
}
