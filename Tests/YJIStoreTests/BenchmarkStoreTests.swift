import Foundation
import Testing
import YJICore
@testable import YJIStore

/// The store hands the benchmark published inspections only, each with the engine's scorecard.
@Suite("Benchmark store")
struct BenchmarkStoreTests {
    /// Creates an inspection of a synthetic area in `status`, with synthetic cases and judgements.
    func inspection(_ test: TestStore, area: String, framework id: String = "cci", status: InspectionStatus,
                    start: String? = "2026-01-12", end: String? = "2026-01-16", region: String = "Synthetic North",
                    seed: UInt64, quality: Double = 0.6) async throws -> Inspection {
        let (framework, yaml) = try FrameworkCatalog.resolveWithSource(id)
        let inspection = try await test.store.inspections.createInspection(
            NewInspection(areaName: area, region: region, framework: framework, fieldworkStart: start, fieldworkEnd: end,
                          status: status == .published ? .factualAccuracy : status),
            frameworkYAML: yaml, actor: "Test Lead")
        let data = SyntheticInspection(framework: framework, caseCount: 8, seed: seed, quality: quality)
        try await test.store.assessment.importCases(inspection: inspection.id, csv: CaseFile.write(data.cases), file: "cases.csv", actor: "Test Lead")
        _ = try await test.store.assessment.importJudgements(inspection: inspection.id, csv: JudgementFile.write(data.judgements),
                                                  file: "judgements.csv", actor: "Test Assessor")
        return status == .published ? try await test.publish(inspection.id) : inspection
    }

    @Test(arguments: TestEngine.available)
    func draftsNeverLeakIntoTheBenchmark(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let first = try await inspection(test, area: "Syntheticshire 001", status: .published, seed: 1)
            let second = try await inspection(test, area: "Syntheticshire 002", status: .published, seed: 2,
                                              quality: 0.3)
            // Every status short of publication, each with work so poor it would drag the lowest figure down.
            var drafts: [Int] = []
            for (index, status) in InspectionStatus.allCases.filter({ $0 != .published }).enumerated() {
                drafts.append(try await inspection(test, area: "Syntheticshire Draft \(index)", status: status,
                                                   seed: 100 + UInt64(index), quality: 0).id)
            }
            // The same area's unpublished re-inspection must not replace its published one either.
            drafts.append(try await inspection(test, area: "Syntheticshire 001", status: .draftReport,
                                               start: "2026-06-01", end: "2026-06-05", seed: 200, quality: 0).id)
            let sqs = try await inspection(test, area: "Syntheticshire 003", framework: "sqs", status: .published, seed: 3)

            let entries = try await test.store.benchmark.benchmarkEntries(programme: "cci", asOf: nil)
            #expect(entries.map(\.inspectionID) == [first.id, second.id])
            #expect(Set(entries.map(\.inspectionID)).isDisjoint(with: drafts))
            #expect(!entries.contains { $0.inspectionID == sqs.id })

            let entry = try #require(entries.first)
            #expect(entry.areaName == "Syntheticshire 001" && entry.region == "Synthetic North" && entry.country == "England")
            #expect(entry.programme == "cci" && entry.date == CalendarDate.parse("2026-01-16"))
            #expect(entry.scorecard == (try await test.store.scores.scorecard(inspection: first.id)).1.withoutQuestions)

            let table = Benchmarking.table(programme: "cci", entries: entries, asOf: nil)
            #expect(table.inspectionIDs == [first.id, second.id])
            let percents = entries.compactMap { $0.scorecard.score(.headline, "roh")?.percent }
            #expect(table.benchmark(.headline, "roh")?.lowest == percents.min())
            #expect(table.benchmark(.headline, "roh")?.highest == percents.max())
            #expect(try await test.store.benchmark.benchmarkEntries(programme: "sqs", asOf: nil).map(\.inspectionID) == [sqs.id])
        }
    }

    @Test(arguments: TestEngine.available)
    func theAsOfDateUsesFieldworkEndElseStart(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let ended = try await inspection(test, area: "Syntheticshire 001", status: .published,
                                             start: "2025-03-03", end: "2025-03-07", seed: 1)
            let started = try await inspection(test, area: "Syntheticshire 002", status: .published,
                                               start: "2025-03-05", end: nil, seed: 2)
            let later = try await inspection(test, area: "Syntheticshire 003", status: .published,
                                             start: "2025-03-06", end: "2025-03-10", seed: 3)
            let undated = try await inspection(test, area: "Syntheticshire 004", status: .published, start: nil, end: nil, seed: 4)

            let early = try await test.store.benchmark.benchmarkEntries(programme: "cci", asOf: CalendarDate.parse("2025-03-06"))
            #expect(early.map(\.inspectionID) == [started.id], "fieldwork ending on the 7th is after the 6th")
            #expect(early.first?.date == CalendarDate.parse("2025-03-05"))
            let march = try await test.store.benchmark.benchmarkEntries(programme: "cci", asOf: CalendarDate.parse("2025-03-31"))
            #expect(march.map(\.inspectionID) == [ended.id, started.id, later.id])
            // With no fieldwork dates an inspection counts from the day it was created (today).
            let all = try await test.store.benchmark.benchmarkEntries(programme: "cci", asOf: nil)
            #expect(all.last?.inspectionID == undated.id)
            #expect(all.last?.date == CalendarDate.parse(String(undated.createdAt.prefix(10))))
        }
    }
}
