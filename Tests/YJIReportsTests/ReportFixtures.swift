import Foundation
import Testing
import YJICore
import YJIReports
import YJIStore

/// Fixed synthetic inspections for report tests: the same programme always gives the same input, so its report can
/// be compared byte for byte with a golden file.
enum ReportFixtures {
    static let asOf = CalendarDate(year: 2026, month: 3, day: 20)!

    /// A generated inspection of `programme` with evidence, recommendations and a benchmark.
    static func input(_ programme: String, cases caseCount: Int? = nil) throws -> ReportInput {
        let framework = try FrameworkCatalog.shipped(programme)
        let count = caseCount ?? framework.sampling?.size.minimum ?? 20
        let caseload = SyntheticCaseload.make(count: count, seed: 7, asOf: asOf)
        let inspection = SyntheticInspection(framework: framework, cases: caseload.map(\.record), seed: 11)
        var overrides: [RatingOverride] = []
        var findings: [StructuredFinding] = []
        for section in framework.sections where section.assessment == .judged && framework.ratingScale(for: .section) != nil {
            overrides.append(RatingOverride(level: .section, id: section.id, label: "good", reason: "fixture"))
            findings.append(StructuredFinding(area: .theme(section.id), judgement: "good",
                                              keyFindings: ["The management board met every quarter with every partner present."],
                                              explanation: ["Minutes and interviews showed a board that challenged performance."]))
        }
        let scorecard = try ScoringEngine(framework: framework)
            .scorecard(cases: inspection.cases, judgements: inspection.judgements, overrides: overrides)
        let children = try QuestionnaireCatalog.shipped("children")
        var benchmarks: [String: BenchmarkRange] = [:]
        for score in scorecard.headlines + scorecard.sections + scorecard.criteria where score.percent != nil {
            benchmarks[FigureToken.scoreKey(score.level, score.id)] = BenchmarkRange(lowest: 35, highest: 90, average: 66)
        }
        let firstScored = framework.sections.first { $0.assessment == .scored }?.id ?? "1"
        return ReportInput(
            framework: framework,
            scorecard: scorecard,
            facts: InspectionFacts(inspectionID: 1, area: "Fixtureshire (synthetic)", region: "Synthetic North",
                                   fieldworkStart: CalendarDate(year: 2026, month: 3, day: 16),
                                   fieldworkEnd: CalendarDate(year: 2026, month: 3, day: 20)),
            cases: inspection.cases,
            caseload: caseload,
            team: [TeamMemberName(name: "Fixture Lead Inspector", role: "Lead inspector"),
                   TeamMemberName(name: "Fixture Inspector", role: "Inspector")],
            questionnaires: [QuestionnaireResults(questionnaire: children,
                                                  responses: SyntheticQuestionnaire.responses(children, count: 24, seed: 3))],
            indicators: [],
            findings: findings,
            examples: [
                PracticeExample(area: programme == "cci" ? .criterion("2.2") : .theme(firstScored), kind: .example,
                                text: "A synthetic child was helped back into college after a planned change of worker.",
                                namesChanged: true),
                PracticeExample(area: .theme(firstScored), kind: .quote, text: "My worker listened to me."),
            ],
            benchmarks: programme == "cci" ? benchmarks : [:],
            benchmarkAreas: programme == "cci" ? 12 : 0,
            recommendations: [
                ReportRecommendation(position: 1, text: "assessments of risk of harm are completed on time and to a good standard",
                                     responsible: "Head of Service"),
                ReportRecommendation(position: 2, text: "management oversight is effective in every case that needs it",
                                     responsible: "Management Board"),
            ]
        )
    }

    /// The folder of golden files beside this source file.
    static var goldenFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    /// Compares output with its golden file; with YJI_UPDATE_GOLDEN=1 in the environment it rewrites the file instead,
    /// so a deliberate change to the report is one command and a reviewed diff.
    static func expectGolden(_ text: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = goldenFolder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["YJI_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: goldenFolder, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(name) differs from its golden file; rerun with YJI_UPDATE_GOLDEN=1 if the change is meant",
                sourceLocation: sourceLocation)
    }
}
