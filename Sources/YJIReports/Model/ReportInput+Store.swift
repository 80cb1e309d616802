import Foundation
import YJICore
import YJIStore

extension ReportInput {
    /// Everything the report of one inspection needs, read from the store: scores (the store's one card, with the
    /// judged themes' judgements and the lead inspector's decisions), cases, caseload names, team, evidence, the benchmark over published inspections of the same
    /// programme, and what people have written.
    public static func load(from store: Store, inspection inspectionID: Int) async throws -> ReportInput {
        let inspection = try await store.inspection(inspectionID)
        let findings = try await store.findings(inspection: inspectionID)
        // The store's card already carries the judged sections' judgements and the lead inspector's decisions.
        let (framework, scorecard) = try await store.scorecard(inspection: inspectionID)
        var questionnaires: [QuestionnaireResults] = []
        for id in QuestionnaireCatalog.shippedIDs {
            let questionnaire = try QuestionnaireCatalog.shipped(id)
            let responses = try await store.questionnaireResponses(inspection: inspectionID, questionnaireID: id)
            if !responses.isEmpty { questionnaires.append(QuestionnaireResults(questionnaire: questionnaire, responses: responses)) }
        }
        let benchmark = try await benchmark(store: store, for: inspection)
        return ReportInput(
            framework: framework,
            scorecard: scorecard,
            facts: InspectionFacts(
                inspectionID: inspection.id, area: inspection.area.name, region: inspection.area.region,
                fieldworkStart: inspection.fieldworkStart,
                fieldworkEnd: inspection.fieldworkEnd,
                published: inspection.status == .published
            ),
            cases: try await store.cases(inspection: inspectionID),
            caseload: try await store.caseload(inspection: inspectionID),
            team: try await store.memberships(inspection: inspectionID).map {
                TeamMemberName(name: $0.user.name, role: $0.role.label)
            },
            questionnaires: questionnaires,
            indicators: try await store.indicators(area: inspection.area.id),
            findings: findings,
            examples: try await store.practiceExamples(inspection: inspectionID),
            benchmarks: benchmark.ranges,
            benchmarkAreas: benchmark.areas,
            texts: Dictionary(try await store.reportTexts(inspection: inspectionID).map { ($0.key, $0) }, uniquingKeysWith: { $1 }),
            recommendations: try await store.recommendations(inspection: inspectionID),
            protectedNames: try await store.protectedNames(inspection: inspectionID),
            quotedComments: try await store.questionnaireQuotes(inspection: inspectionID)
        )
    }

    /// The benchmark of every score over the programme's published inspections up to this one's fieldwork, leaving
    /// this inspection out so an area is never compared with itself.
    static func benchmark(store: Store, for inspection: Inspection) async throws -> (ranges: [String: BenchmarkRange], areas: Int) {
        let asOf = BenchmarkEntry.countingDate(fieldworkStart: inspection.fieldworkStart, fieldworkEnd: inspection.fieldworkEnd)
        let others = try await store.benchmarkEntries(programme: inspection.programme, asOf: asOf)
            .filter { $0.inspectionID != inspection.id }
        let table = Benchmarking.table(programme: inspection.programme, entries: others, asOf: asOf)
        var ranges: [String: BenchmarkRange] = [:]
        for score in table.scores {
            guard let lowest = score.lowest, let highest = score.highest, let average = score.average else { continue }
            ranges[FigureToken.scoreKey(score.level, score.id)] = BenchmarkRange(lowest: lowest, highest: highest, average: average)
        }
        return (ranges, table.areas)
    }
}
