import Foundation
import Testing
import YJICore
import YJIReports
import YJIStore

/// The report read from a real store: the benchmark covers published inspections of the programme only, edits and
/// recommendations come through, and the names the inspection holds feed the anonymisation check.
@Suite("Reports: loaded from the store")
struct ReportLoadingTests {
    func inspection(_ store: Store, area: String, status: InspectionStatus, end: String, seed: UInt64,
                    quality: Double) async throws -> Inspection {
        let (framework, yaml) = try FrameworkCatalog.resolveWithSource("cci")
        let inspection = try await store.inspections.createInspection(
            NewInspection(areaName: area, region: "Synthetic North", framework: framework, fieldworkStart: end,
                          fieldworkEnd: end, status: status == .published ? .factualAccuracy : status),
            frameworkYAML: yaml, actor: "Test Lead")
        let data = SyntheticInspection(framework: framework, caseCount: 10, seed: seed, quality: quality)
        try await store.assessment.importCases(inspection: inspection.id, csv: CaseFile.write(data.cases), file: "cases.csv", actor: "Test Lead")
        _ = try await store.assessment.importJudgements(inspection: inspection.id, csv: JudgementFile.write(data.judgements),
                                             file: "judgements.csv", actor: "Test Assessor")
        guard status == .published else { return inspection }
        _ = try await store.reports.markCompleteCasesAssessed(inspection: inspection.id, actor: "Test Lead")
        return try await store.reports.publish(inspection: inspection.id, actor: "Test Lead")
    }

    @Test func theForewordBenchmarkCountsPublishedInspectionsOnly() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yji-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await Store.open(.sqlite(path: folder.appendingPathComponent("yji.sqlite").path))
        defer { Task { await store.close() } }

        let low = try await inspection(store, area: "Syntheticshire 001", status: .published, end: "2026-01-16", seed: 1, quality: 0.3)
        let high = try await inspection(store, area: "Syntheticshire 002", status: .published, end: "2026-02-13", seed: 2, quality: 0.9)
        _ = try await inspection(store, area: "Syntheticshire 003", status: .draftReport, end: "2026-02-20", seed: 3, quality: 0)
        _ = try await inspection(store, area: "Syntheticshire 004", status: .published, end: "2026-12-01", seed: 4, quality: 1)
        let target = try await inspection(store, area: "Syntheticshire 005", status: .fieldwork, end: "2026-03-06", seed: 5, quality: 0.6)

        try await store.reports.saveRecommendations(inspection: target.id, [
            ReportRecommendation(position: 1, text: "plans are reviewed when circumstances change", responsible: "Head of Service"),
        ], actor: "Test Lead")
        try await store.reports.saveProtectedNames(inspection: target.id, ["Pat Sample"], actor: "Test Lead")
        _ = try await store.reports.saveReportText(inspection: target.id, key: "commentary:1", text: "Pat Sample said [[s:1:percent]].",
                                           seenFigures: [:], baseVersion: nil, actor: "Test Lead")

        let input = try await store.reports.input(inspection: target.id)
        #expect(input.benchmarkAreas == 2, "the draft and the inspection published after fieldwork are left out")
        let roh = try #require(input.benchmark(.headline, "roh"))
        let published = [try await store.scores.scorecard(inspection: low.id).1, try await store.scores.scorecard(inspection: high.id).1]
            .compactMap { $0.score(.headline, "roh")?.percent }
        #expect(roh.lowest == published.min() && roh.highest == published.max())
        #expect(input.recommendations.count == 1)

        let document = try Reports.draft(input)
        let markdown = Reports.text(document, format: .md)
        #expect(markdown.contains("Scores from the 2 published inspections of this programme to date"))
        #expect(markdown.contains("plans are reviewed when circumstances change (Head of Service)"))
        let commentary = try #require(input.scorecard.score(.section, "1")?.percent)
        #expect(markdown.contains("Pat Sample said \(commentary)%."))
        let matches = Reports.anonymisationMatches(input, document: document)
        #expect(matches.map(\.location) == ["Commentary on section 1"])
    }
}
