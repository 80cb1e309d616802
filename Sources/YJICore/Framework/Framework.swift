/// An inspection programme's criteria and questions: what inspectors judge in every case, and how the
/// judgements roll up into scores and ratings. Frameworks are data (YAML), loaded by `FrameworkLoader`.
public struct Framework: Sendable, Hashable, Codable {
    /// Stable identifier, e.g. "cci".
    public let id: String
    /// The programme's full name.
    public let name: String
    /// The inspection programme it belongs to ("cci", "sqs", "fji"); benchmarks compare within one programme.
    public let programme: String
    /// The framework's own version; an inspection records the version it was judged against.
    public let version: String
    /// Which published criteria and reports this framework follows.
    public let source: String
    /// Top-level divisions of the report (CCI sections 1-3, SQS and FJI themes).
    public let sections: [FrameworkSection]
    /// Criteria with their published numbering ("1.1"), each in one section.
    public let criteria: [Criterion]
    /// Headline themes scored across sections from their key questions (CCI: Safeguarding, RoH, LoR).
    public let headlines: [HeadlineTheme]
    /// Every question of the case assessment, in the order an inspector meets them.
    public let questions: [Question]
    /// Rules that turn a whole percentage into a label, per level.
    public let ratingScales: [RatingScale]
    /// Which cases the programme samples and how many; nil for a framework that does not say.
    public let sampling: SamplingRules?
    /// How the programme's report drafts findings and what its glossary explains.
    public let report: ReportRules
    /// The milestones that follow fieldwork and when each falls due; empty for a framework that does not say.
    public let lifecycle: LifecycleRules


    public init(
        id: String, name: String, programme: String, version: String, source: String,
        sections: [FrameworkSection], criteria: [Criterion], headlines: [HeadlineTheme],
        questions: [Question], ratingScales: [RatingScale], sampling: SamplingRules? = nil,
        report: ReportRules = ReportRules(), lifecycle: LifecycleRules = LifecycleRules()
    ) {
        self.id = id
        self.name = name
        self.programme = programme
        self.version = version
        self.source = source
        self.sections = sections
        self.criteria = criteria
        self.headlines = headlines
        self.questions = questions
        self.ratingScales = ratingScales
        self.sampling = sampling
        self.report = report
        self.lifecycle = lifecycle
    }

    /// The question with this id, if the framework has one.
    public func question(_ id: String) -> Question? { questions.first { $0.id == id } }
    /// The criterion with this id, if the framework has one.
    public func criterion(_ id: String) -> Criterion? { criteria.first { $0.id == id } }
    /// The section with this id, if the framework has one.
    public func section(_ id: String) -> FrameworkSection? { sections.first { $0.id == id } }
    /// The rating scale that labels scores at this level, if the programme rates that level.
    public func ratingScale(for level: ScoreLevel) -> RatingScale? {
        ratingScales.first { $0.levels.contains(level) }
    }
    /// The criteria of one section, in framework order.
    public func criteria(inSection sectionID: String) -> [Criterion] {
        criteria.filter { $0.section == sectionID }
    }
    /// The questions of one criterion, in framework order.
    public func questions(inCriterion criterionID: String) -> [Question] {
        questions.filter { $0.criterion == criterionID }
    }

    /// Every question, each placed after the question its applicability depends on, so answering in this order
    /// always knows whether the next question applies.
    public var questionsInDependencyOrder: [Question] {
        var ordered: [Question] = []
        var placed: Set<String> = []
        var remaining = questions
        while !remaining.isEmpty {
            let ready = remaining.filter { $0.applicability.condition.map { placed.contains($0.question) } ?? true }
            // A validated framework has no cycles; should one slip through, keep its questions rather than loop.
            let next = ready.isEmpty ? remaining : ready
            ordered += next
            placed.formUnion(next.map(\.id))
            remaining.removeAll { placed.contains($0.id) }
        }
        return ordered
    }
}

/// How a section is assessed: from case judgements, or by inspectors' judgement of other evidence.
public enum SectionAssessment: String, Sendable, Hashable, Codable, CaseIterable {
    /// Scored from the answers to its criteria's questions.
    case scored
    /// Judged by inspectors from meetings and documents (FJI governance and partnerships); no case score.
    case judged
}

/// A top-level division of the framework (a CCI section, an SQS or FJI theme).
public struct FrameworkSection: Sendable, Hashable, Codable {
    /// Published number, e.g. "1".
    public let id: String
    /// Heading as printed in the report.
    public let name: String
    /// Whether it is scored from cases or judged by inspectors.
    public let assessment: SectionAssessment
    /// What good work in this section looks like, in our own words.
    public let summary: String?

    public init(id: String, name: String, assessment: SectionAssessment = .scored, summary: String? = nil) {
        self.id = id
        self.name = name
        self.assessment = assessment
        self.summary = summary
    }
}

/// A criterion with its published numbering ("1.1"), belonging to one section.
public struct Criterion: Sendable, Hashable, Codable {
    /// Published number, e.g. "1.1".
    public let id: String
    /// The section it belongs to.
    public let section: String
    /// Short name as printed ("Risk of Harm to others").
    public let name: String
    /// The standard it sets, in our own words.
    public let summary: String?

    public init(id: String, section: String, name: String, summary: String? = nil) {
        self.id = id
        self.section = section
        self.name = name
        self.summary = summary
    }
}

/// A headline theme scored from key questions across sections (CCI: Safeguarding, Risk of Harm, Likelihood of Reoffending).
public struct HeadlineTheme: Sendable, Hashable, Codable {
    /// Stable id, e.g. "safeguarding".
    public let id: String
    /// Name as printed.
    public let name: String
    /// What the theme measures, in our own words.
    public let summary: String?

    public init(id: String, name: String, summary: String? = nil) {
        self.id = id
        self.name = name
        self.summary = summary
    }
}

/// What kind of answer a question takes.
public enum AnswerKind: String, Sendable, Hashable, Codable {
    /// A scored judgement: yes (sufficient), no (insufficient) or not applicable.
    case judgement
    /// A recorded fact that is not scored, such as a risk classification; answered with one of its options.
    case fact
}

/// One question of the case assessment.
public struct Question: Sendable, Hashable, Codable {
    /// Stable id used in judgements files; never reused for a different question.
    public let id: String
    /// The criterion whose score it contributes to.
    public let criterion: String
    /// The question as the inspector reads it, in our own words.
    public let text: String
    /// Headline themes this question also feeds.
    public let headlines: [String]
    /// The cases it applies to.
    public let applicability: Applicability
    /// Scored judgement or recorded fact.
    public let kind: AnswerKind
    /// For facts: the allowed answers.
    public let options: [String]
    /// Sentence describing the result as a strength; `{proportion}` is replaced by the phrased count.
    public let strength: String?
    /// Sentence describing the result as an area for improvement; `{proportion}` as above.
    public let improvement: String?

    public init(
        id: String, criterion: String, text: String, headlines: [String] = [],
        applicability: Applicability = .always, kind: AnswerKind = .judgement, options: [String] = [],
        strength: String? = nil, improvement: String? = nil
    ) {
        self.id = id
        self.criterion = criterion
        self.text = text
        self.headlines = headlines
        self.applicability = applicability
        self.kind = kind
        self.options = options
        self.strength = strength
        self.improvement = improvement
    }

    /// Whether answers to this question count towards scores.
    public var isScored: Bool { kind == .judgement }

    /// The answer values this question accepts, as written in judgements files.
    public var acceptedAnswers: [String] {
        switch kind {
        case .judgement: return Answer.judgementSpellings
        case .fact: return options + ["na"]
        }
    }
}

/// Which cases a question applies to: a setting restriction and, optionally, a condition on another answer.
public struct Applicability: Sendable, Hashable, Codable {
    /// Custody-only, community-only, or any case.
    public let setting: SettingRestriction
    /// Applies only when another question in the same case has one of the given answers.
    public let condition: AnswerCondition?

    public init(setting: SettingRestriction = .any, condition: AnswerCondition? = nil) {
        self.setting = setting
        self.condition = condition
    }

    /// Applies to every case.
    public static let always = Applicability()
    /// Applies to custody cases only.
    public static let custodyOnly = Applicability(setting: .custody)
    /// Applies to community cases only.
    public static let communityOnly = Applicability(setting: .community)

    /// A short description for people: "always", "custody only", "when rmp-required is yes".
    public var summary: String {
        var parts: [String] = []
        switch setting {
        case .any: break
        case .custody: parts.append("custody only")
        case .community: parts.append("community only")
        }
        if let condition {
            parts.append("when \(condition.question) is \(condition.answers.joined(separator: " or "))")
        }
        return parts.isEmpty ? "always" : parts.joined(separator: ", ")
    }
}

/// Limits a question to custody or community cases.
public enum SettingRestriction: String, Sendable, Hashable, Codable {
    case any
    case custody
    case community
}

/// "Only where another answer says so": the question applies when `question` was answered with one of `answers`.
public struct AnswerCondition: Sendable, Hashable, Codable {
    /// The question whose answer decides.
    public let question: String
    /// Answers (as spelled in judgements files: yes, no, na or a fact option) that make this question apply.
    public let answers: [String]

    public init(question: String, answers: [String]) {
        self.question = question
        self.answers = answers
    }
}

/// The level a score is reported at.
public enum ScoreLevel: String, Sendable, Hashable, Codable, CaseIterable {
    case headline
    case section
    case criterion
    case question
}

/// A programme's rule for turning a whole percentage into a label at one or more levels.
public struct RatingScale: Sendable, Hashable, Codable {
    /// Stable id, e.g. "improvement-required".
    public let id: String
    /// Name for people, e.g. "Improvement required".
    public let name: String
    /// The levels whose scores it labels.
    public let levels: [ScoreLevel]
    /// Whether an inspector may replace a computed label (always with a recorded reason).
    public let overridable: Bool
    /// Bands covering 0-100 without gap or overlap, lowest first.
    public let bands: [RatingBand]

    public init(id: String, name: String, levels: [ScoreLevel], overridable: Bool, bands: [RatingBand]) {
        self.id = id
        self.name = name
        self.levels = levels
        self.overridable = overridable
        self.bands = bands.sorted { $0.from < $1.from }
    }

    /// The band for a whole percentage. Bands apply to the rounded figure, so a printed score never disagrees with its label.
    public func band(for wholePercent: Int) -> RatingBand? {
        bands.first { $0.from <= wholePercent && wholePercent <= $0.to }
    }
}

/// One band of a rating scale: whole percentages `from`...`to` (inclusive) carry `label`.
public struct RatingBand: Sendable, Hashable, Codable {
    /// The label as printed, e.g. "SUBSTANTIAL improvement required" or "good".
    public let label: String
    /// Lowest whole percentage in the band.
    public let from: Int
    /// Highest whole percentage in the band.
    public let to: Int

    public init(label: String, from: Int, to: Int) {
        self.label = label
        self.from = from
        self.to = to
    }
}

/// The programme's rules for drafting its report: where a question's result is a strength, and the glossary it prints.
public struct ReportRules: Sendable, Hashable, Codable {
    /// A question whose whole percentage is at least this is drafted as a strength; below it, as an area for
    /// improvement. Harrow's report lists 68% and above under strengths and 61% and below under areas for improvement.
    public let strengthFrom: Int
    /// Terms the report's glossary explains, in the order printed.
    public let glossary: [GlossaryEntry]

    public init(strengthFrom: Int = 65, glossary: [GlossaryEntry] = []) {
        self.strengthFrom = strengthFrom
        self.glossary = glossary
    }

    /// Whether a result of `wholePercent` is drafted as a strength.
    public func isStrength(_ wholePercent: Int) -> Bool { wholePercent >= strengthFrom }
}

/// One glossary line: a term and what it means, in yji's own words.
public struct GlossaryEntry: Sendable, Hashable, Codable {
    /// The term or abbreviation as printed.
    public let term: String
    /// Its meaning.
    public let meaning: String

    public init(term: String, meaning: String) {
        self.term = term
        self.meaning = meaning
    }
}
