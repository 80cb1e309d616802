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
    /// Whether the criterion numbers ("1.1") are the reports' own or yji's grouping of what the reports find; nil
    /// where the file does not say.
    public let criterionNumbering: Provenance?


    public init(
        id: String, name: String, programme: String, version: String, source: String,
        sections: [FrameworkSection], criteria: [Criterion], headlines: [HeadlineTheme],
        questions: [Question], ratingScales: [RatingScale], sampling: SamplingRules? = nil,
        report: ReportRules = .unstated, lifecycle: LifecycleRules = LifecycleRules(), criterionNumbering: Provenance? = nil
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
        self.criterionNumbering = criterionNumbering
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
    /// Other headings the published reports give this section (older letters' wording); `name` is the newest report's.
    public let aliases: [String]

    public init(id: String, name: String, assessment: SectionAssessment = .scored, summary: String? = nil,
                aliases: [String] = []) {
        self.id = id
        self.name = name
        self.assessment = assessment
        self.summary = summary
        self.aliases = aliases
    }

    /// Whether `heading` names this section, as its current heading or one of its aliases (ignoring case and spaces
    /// at either end), so a heading copied from an older report still finds its section.
    public func isNamed(_ heading: String) -> Bool {
        func key(_ text: String) -> String {
            String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()).lowercased()
        }
        return ([name] + aliases).contains { key($0) == key(heading) }
    }

    private enum CodingKeys: String, CodingKey { case id, name, assessment, summary, aliases }

    /// JSON written before sections had aliases still decodes, with none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(String.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
                  assessment: try container.decode(SectionAssessment.self, forKey: .assessment),
                  summary: try container.decodeIfPresent(String.self, forKey: .summary),
                  aliases: try container.decodeIfPresent([String].self, forKey: .aliases) ?? [])
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
    /// Where the scale's labels come from (the cut-offs between them carry their own, band by band).
    public let provenance: Provenance

    public init(id: String, name: String, levels: [ScoreLevel], overridable: Bool, bands: [RatingBand],
                provenance: Provenance) {
        self.id = id
        self.name = name
        self.levels = levels
        self.overridable = overridable
        self.bands = bands.sorted { $0.from < $1.from }
        self.provenance = provenance
    }

    /// The bands whose lower cut-off is a rule (every band but the bottom one), lowest first.
    public var cutOffs: [RatingBand] { bands.filter { $0.provenance != nil } }

    /// The cut-offs that bound the band labelled `label`: its own lower one and the one above it, where they exist.
    /// A label rests on both, so a label is only as firm as the weaker of the two.
    public func cutOffs(bounding label: String) -> [RatingBand] {
        guard let band = bands.first(where: { $0.label == label }) else { return [] }
        return cutOffs.filter { $0.from == band.from || $0.from == band.to + 1 }
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
    /// Where the cut-off at `from` comes from; nil for the bottom band, whose 0 is no cut-off.
    public let provenance: Provenance?

    public init(label: String, from: Int, to: Int, provenance: Provenance? = nil) {
        self.label = label
        self.from = from
        self.to = to
        self.provenance = provenance
    }
}

/// The programme's rules for drafting its report: which findings the draft proposes as strengths, who decides the
/// final split, and the glossary it prints.
public struct ReportRules: Sendable, Hashable, Codable {
    /// The draft proposes a question whose whole percentage is at least this as a strength, and one below it as an
    /// area for improvement; people edit the draft. No threshold reproduces Harrow's lists (criterion 3.1 lists 33%
    /// and 34% as strengths, 3.2 lists 63% as an area for improvement), so this is a proposal, not the rule.
    public let strengthFrom: Int
    /// Where `strengthFrom` comes from.
    public let provenance: Provenance
    /// Who decides which findings are strengths, and where the reports show it.
    public let split: Provenance
    /// Terms the report's glossary explains, in the order printed.
    public let glossary: [GlossaryEntry]

    public init(strengthFrom: Int, provenance: Provenance, split: Provenance, glossary: [GlossaryEntry] = []) {
        self.strengthFrom = strengthFrom
        self.provenance = provenance
        self.split = split
        self.glossary = glossary
    }

    /// The rules of a framework whose file has no `report:` section: the draft still needs a proposal, so it uses
    /// the shipped programmes' threshold and says that nothing in the framework states it.
    public static let unstated = ReportRules(
        strengthFrom: 65,
        provenance: Provenance(.inferred, source: "this framework states no drafting rule; the draft uses the threshold "
            + "the shipped CCI framework infers from Harrow's criteria 1.1-2.3"),
        split: Provenance(.judged, source: "this framework states no drafting rule; inspectors decide which findings "
            + "are strengths"))

    /// Whether a result of `wholePercent` is proposed as a strength in the draft.
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
