import Foundation
import YJICore
import YJIReports

extension ReportRepository {
    /// Everything the report of one inspection needs, read from the store: scores (the store's one card, with the
    /// judged themes' judgements and the lead inspector's decisions), cases, caseload names, team, evidence, the
    /// benchmark over published inspections of the same programme, and what people have written.
    public func input(inspection inspectionID: Int) async throws -> ReportInput {
        let inspection = try await store.inspections.inspection(inspectionID)
        let (framework, scorecard) = try await store.scores.scorecard(inspection: inspectionID)
        var questionnaires: [QuestionnaireResults] = []
        for id in QuestionnaireCatalog.shippedIDs {
            let questionnaire = try QuestionnaireCatalog.shipped(id)
            let responses = try await store.evidence.questionnaireResponses(inspection: inspectionID, questionnaireID: id)
            if !responses.isEmpty { questionnaires.append(QuestionnaireResults(questionnaire: questionnaire, responses: responses)) }
        }
        let benchmark = try await benchmark(for: inspection)
        return ReportInput(
            framework: framework,
            scorecard: scorecard,
            facts: InspectionFacts(
                inspectionID: inspection.id, area: inspection.area.name, region: inspection.area.region,
                fieldworkStart: inspection.fieldworkStart,
                fieldworkEnd: inspection.fieldworkEnd,
                published: inspection.status == .published
            ),
            cases: try await store.assessment.cases(inspection: inspectionID),
            caseload: try await store.sampling.caseload(inspection: inspectionID),
            team: try await store.accounts.memberships(inspection: inspectionID).map {
                TeamMemberName(name: $0.user.name, role: $0.role.label)
            },
            questionnaires: questionnaires,
            indicators: try await store.evidence.indicators(area: inspection.area.id),
            findings: try await store.evidence.findings(inspection: inspectionID),
            examples: try await store.evidence.practiceExamples(inspection: inspectionID),
            benchmarks: benchmark.ranges,
            benchmarkAreas: benchmark.areas,
            texts: Dictionary(try await reportTexts(inspection: inspectionID).map { ($0.key, $0) }, uniquingKeysWith: { $1 }),
            recommendations: try await recommendations(inspection: inspectionID),
            protectedNames: try await protectedNames(inspection: inspectionID),
            quotedComments: try await store.evidence.questionnaireQuotes(inspection: inspectionID)
        )
    }

    /// The benchmark of every score over the programme's published inspections up to this one's fieldwork, leaving
    /// this inspection out so an area is never compared with itself.
    private func benchmark(for inspection: Inspection) async throws -> (ranges: [String: BenchmarkRange], areas: Int) {
        let asOf = BenchmarkEntry.countingDate(fieldworkStart: inspection.fieldworkStart, fieldworkEnd: inspection.fieldworkEnd)
        let others = try await store.benchmark.benchmarkEntries(programme: inspection.programme, asOf: asOf)
            .filter { $0.inspectionID != inspection.id }
        let table = Benchmarking.table(programme: inspection.programme, entries: others, asOf: asOf)
        var ranges: [String: BenchmarkRange] = [:]
        for score in table.scores {
            guard let lowest = score.lowest, let highest = score.highest, let average = score.average else { continue }
            ranges[FigureToken.scoreKey(score.level, score.id)] = BenchmarkRange(lowest: lowest, highest: highest, average: average)
        }
        return (ranges, table.areas)
    }

    /// Drafts the report and runs its checks. The audit mark is read first, so a change made while drafting makes a
    /// later `publish` refuse rather than publish a report that no longer matches the data.
    public func check(inspection inspectionID: Int) async throws -> ReportPublication.Checked {
        let mark = try await store.inspections.auditMark(inspection: inspectionID)
        return try ReportPublication.check(try await input(inspection: inspectionID), auditMark: mark)
    }

    /// Everything that stands between the inspection and publication now; empty when it may be published.
    public func blockers(inspection inspectionID: Int) async throws -> [PublicationGate.Blocker] {
        let checked = try await check(inspection: inspectionID)
        return PublicationGate.blockers(try await publicationFacts(inspection: inspectionID, checks: checked.checks))
    }

    /// Publishes the inspection if the gate allows, storing the report as drafted now as this edition's record: the one
    /// way any surface publishes (the report page, the API, `yji publish`, the demo and the national generator). The
    /// report is drafted and its anonymisation check run here, so no caller can publish past it.
    /// Throws `StoreError.notReady` with every blocker, or `.conflict` if the inspection changed while it was checked.
    @discardableResult
    public func publish(inspection inspectionID: Int, actor: String, on day: CalendarDate? = nil) async throws -> Inspection {
        let checked = try await check(inspection: inspectionID)
        return try await publish(inspection: inspectionID, report: ReportPublication.rendered(checked.document),
                                 checks: checked.checks, actor: actor, on: day)
    }
}
