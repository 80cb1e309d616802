import YJICore

/// Everything a report is drafted from: the scores, the inspection's evidence and what people have written. Built
/// from the store by `ReportRepository.input(inspection:)`, or directly by tests and benchmarks.
public struct ReportInput: Sendable {
    /// The framework the inspection was judged against.
    public var framework: Framework
    /// Its scores.
    public var scorecard: Scorecard
    /// Who and what was inspected, and when.
    public var facts: InspectionFacts
    /// The cases inspected.
    public var cases: [CaseRecord]
    /// The service's caseload, for the names it holds (aliases, case managers); empty when none was imported.
    public var caseload: [CaseloadEntry]
    /// The inspection team.
    public var team: [TeamMemberName]
    /// Questionnaire and interview results, one per questionnaire with any response.
    public var questionnaires: [QuestionnaireResults]
    /// The area's contextual indicators, most recent period first.
    public var indicators: [ContextualIndicators]
    /// Inspectors' findings from meetings and documents.
    public var findings: [StructuredFinding]
    /// Practice examples and quotes.
    public var examples: [PracticeExample]
    /// The benchmark for each score ("h:roh", "s:1", "c:1.1"), over published inspections of the programme to date.
    public var benchmarks: [String: BenchmarkRange]
    /// How many published inspections the benchmark covers.
    public var benchmarkAreas: Int
    /// People's edits and the figures they last saw, by block key.
    public var texts: [String: ReportText]
    /// Recommendations with the body primarily responsible.
    public var recommendations: [ReportRecommendation]
    /// Names a user added to the anonymisation check.
    public var protectedNames: [String]
    /// Children's and victims' comments quoted in the report, with names changed.
    public var quotedComments: [QuestionnaireQuote]

    public init(framework: Framework, scorecard: Scorecard, facts: InspectionFacts, cases: [CaseRecord],
                caseload: [CaseloadEntry] = [], team: [TeamMemberName] = [], questionnaires: [QuestionnaireResults] = [],
                indicators: [ContextualIndicators] = [], findings: [StructuredFinding] = [], examples: [PracticeExample] = [],
                benchmarks: [String: BenchmarkRange] = [:], benchmarkAreas: Int = 0, texts: [String: ReportText] = [:],
                recommendations: [ReportRecommendation] = [], protectedNames: [String] = [],
                quotedComments: [QuestionnaireQuote] = []) {
        self.framework = framework
        self.scorecard = scorecard
        self.facts = facts
        self.cases = cases
        self.caseload = caseload
        self.team = team
        self.questionnaires = questionnaires
        self.indicators = indicators
        self.findings = findings
        self.examples = examples
        self.benchmarks = benchmarks
        self.benchmarkAreas = benchmarkAreas
        self.texts = texts
        self.recommendations = recommendations
        self.protectedNames = protectedNames
        self.quotedComments = quotedComments
    }

    /// The benchmark of one score, when the programme has published inspections to compare with.
    public func benchmark(_ level: ScoreLevel, _ id: String) -> BenchmarkRange? {
        benchmarks[FigureToken.scoreKey(level, id)]
    }
}

/// The facts about an inspection a report prints.
public struct InspectionFacts: Sendable, Hashable {
    /// Store id.
    public var inspectionID: Int
    /// The area's name ("Demoshire (synthetic)").
    public var area: String
    /// Its region.
    public var region: String
    /// The first day of fieldwork (yyyy-mm-dd), when known.
    public var fieldworkStart: CalendarDate?
    /// The last day of fieldwork, when known.
    public var fieldworkEnd: CalendarDate?
    /// Whether the report is published.
    public var published: Bool

    public init(inspectionID: Int, area: String, region: String = "", fieldworkStart: CalendarDate? = nil,
                fieldworkEnd: CalendarDate? = nil, published: Bool = false) {
        self.inspectionID = inspectionID
        self.area = area
        self.region = region
        self.fieldworkStart = fieldworkStart
        self.fieldworkEnd = fieldworkEnd
        self.published = published
    }
}

/// A member of the inspection team as the report names them.
public struct TeamMemberName: Sendable, Hashable {
    /// Their name.
    public var name: String
    /// Their role on the inspection ("Lead inspector").
    public var role: String

    public init(name: String, role: String) {
        self.name = name
        self.role = role
    }
}
