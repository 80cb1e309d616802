import Foundation
import Testing
import YJICore
@testable import YJIStore

@Suite("Store: caseload, sample, allocation")
struct SamplingStoreTests {
    static let asOf = CalendarDate(year: 2026, month: 3, day: 2)!

    @Test(arguments: TestEngine.available)
    func drawReplaceAndAllocate(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (framework, yaml) = try FrameworkCatalog.resolveWithSource("cci")
            let inspection = try await test.store.createInspection(
                NewInspection(areaName: "Synthetic Shire", framework: framework, fieldworkStart: "2026-03-02", fieldworkEnd: "2026-03-06"),
                frameworkYAML: yaml, actor: "Test Lead")
            let caseload = SyntheticCaseload.make(count: 400, seed: 9, asOf: Self.asOf)
            #expect(try await test.store.importCaseload(inspection: inspection.id, csv: CaseloadFile.write(caseload),
                                                        file: "caseload.csv", actor: "Test Lead") == 400)
            #expect(try await test.store.caseload(inspection: inspection.id) == caseload)

            let sample = try await test.store.drawSample(inspection: inspection.id, asOf: Self.asOf, size: 40, seed: 5, actor: "Test Lead")
            #expect(sample.selected.count == 40)
            #expect(try await test.store.cases(inspection: inspection.id).map(\.id).sorted() == sample.selected.map(\.caseID).sorted())
            // The same caseload, date and seed give the same sample, here computed without the store.
            let direct = try SampleDraw.draw(caseload: caseload, rules: framework.sampling!, asOf: Self.asOf, size: 40, seed: 5)
            #expect(direct == sample)
            // Redrawing before any judgement replaces the cases, recording each removal.
            let redrawn = try await test.store.drawSample(inspection: inspection.id, asOf: Self.asOf, size: 40, seed: 5, actor: "Test Lead")
            #expect(redrawn == sample)
            let deletions = try await test.store.auditTrail(inspection: inspection.id).filter { $0.entity == "case" && $0.action == "delete" }
            #expect(Set(deletions.map(\.entityID)) == Set(sample.selected.map(\.caseID)))
            #expect(deletions.allSatisfy { $0.reason == "sample redrawn with seed 5" })

            let out = sample.selected[0]
            let replaced = try await test.store.replaceSampledCase(inspection: inspection.id, caseID: out.caseID, because: "transferred", actor: "Test Lead")
            let added = try #require(Set(replaced.selected.map(\.caseID)).subtracting(sample.selected.map(\.caseID)).first)
            #expect(replaced.selected.first { $0.caseID == added }?.stratum == out.stratum)
            #expect(!(try await test.store.cases(inspection: inspection.id)).contains { $0.id == out.caseID })

            let team = [TeamMember(name: "Inspector A", role: .inspector),
                        TeamMember(name: "Assessor B", role: .localAssessor, homeService: "Elsewhere Youth Justice Service")]
            let plan = try await test.store.allocate(inspection: inspection.id, team: team, slotsPerDay: 6, actor: "Test Lead")
            #expect(plan.allocations.count == 40)
            let moved = try #require(plan.allocations.first { $0.assessor == "Inspector A" })
            _ = try await test.store.reassign(inspection: inspection.id, caseID: moved.caseID, to: "Assessor B", because: "case manager asked", actor: "Test Lead")
            #expect(try await test.store.allocation(inspection: inspection.id)?.allocations.first { $0.caseID == moved.caseID }?.assessor == "Assessor B")

            let trail = try await test.store.auditTrail(inspection: inspection.id)
            #expect(trail.contains { $0.entity == "sample" && $0.action == "update" && $0.reason.contains("transferred") })
            #expect(trail.contains { $0.entity == "allocation" && $0.entityID == moved.caseID && $0.reason == "case manager asked" })

            // Once judged, a case cannot be replaced and the sample cannot be redrawn.
            let judged = try #require(replaced.selected.last)
            _ = try await test.store.saveJudgement(inspection: inspection.id, JudgementEdit(
                caseID: judged.caseID, questionID: "roh-screening-done", answer: .yes, baseVersion: nil), actor: "Inspector A")
            await #expect(throws: StoreError.self) {
                try await test.store.replaceSampledCase(inspection: inspection.id, caseID: judged.caseID, because: "late", actor: "Test Lead")
            }
            await #expect(throws: StoreError.self) {
                try await test.store.drawSample(inspection: inspection.id, asOf: Self.asOf, size: 40, seed: 6, actor: "Test Lead")
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func aBadCaseloadImportsNothing(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 1, judgements: false)
            var text = CaseloadFile.write(SyntheticCaseload.make(count: 20, seed: 2, asOf: Self.asOf))
            text = text.replacingOccurrences(of: "SYN-0007", with: "SYN-0003")
            await #expect(throws: StoreError.self) {
                try await test.store.importCaseload(inspection: inspection.id, csv: text, file: "caseload.csv", actor: "Test Lead")
            }
            #expect(try await test.store.caseload(inspection: inspection.id).isEmpty)
            #expect(try await test.count("caseloads") == 0)
        }
    }
}
