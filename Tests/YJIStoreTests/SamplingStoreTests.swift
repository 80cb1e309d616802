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
            let inspection = try await test.store.inspections.createInspection(
                NewInspection(areaName: "Synthetic Shire", framework: framework, fieldworkStart: "2026-03-02", fieldworkEnd: "2026-03-06"),
                frameworkYAML: yaml, actor: "Test Lead")
            let caseload = SyntheticCaseload.make(count: 400, seed: 9, asOf: Self.asOf)
            #expect(try await test.store.sampling.importCaseload(inspection: inspection.id, csv: CaseloadFile.write(caseload),
                                                        file: "caseload.csv", actor: "Test Lead") == 400)
            #expect(try await test.store.sampling.caseload(inspection: inspection.id) == caseload)

            let sample = try await test.store.sampling.drawSample(inspection: inspection.id, asOf: Self.asOf, size: 40, seed: 5, actor: "Test Lead")
            #expect(sample.selected.count == 40)
            #expect(try await test.store.assessment.cases(inspection: inspection.id).map(\.id).sorted() == sample.selected.map(\.caseID).sorted())
            // The same caseload, date and seed give the same sample, here computed without the store.
            let direct = try SampleDraw.draw(caseload: caseload, rules: framework.sampling!, asOf: Self.asOf, size: 40, seed: 5)
            #expect(direct == sample)
            // Redrawing with the same caseload, date and seed draws the same sample, so nothing is written at all.
            let trailLength = try await test.store.inspections.auditTrail(inspection: inspection.id).count
            let redrawn = try await test.store.sampling.drawSample(inspection: inspection.id, asOf: Self.asOf, size: 40, seed: 5, actor: "Test Lead")
            #expect(redrawn == sample)
            #expect(try await test.store.inspections.auditTrail(inspection: inspection.id).count == trailLength)

            let out = sample.selected[0]
            let replaced = try await test.store.sampling.replaceSampledCase(inspection: inspection.id, caseID: out.caseID, because: "transferred", actor: "Test Lead")
            let added = try #require(Set(replaced.selected.map(\.caseID)).subtracting(sample.selected.map(\.caseID)).first)
            #expect(replaced.selected.first { $0.caseID == added }?.stratum == out.stratum)
            #expect(!(try await test.store.assessment.cases(inspection: inspection.id)).contains { $0.id == out.caseID })

            let team = [TeamMember(name: "Inspector A", role: .inspector),
                        TeamMember(name: "Assessor B", role: .localAssessor, homeService: "Elsewhere Youth Justice Service")]
            let plan = try await test.store.sampling.allocate(inspection: inspection.id, team: team, slotsPerDay: 6, actor: "Test Lead")
            #expect(plan.allocations.count == 40)
            let moved = try #require(plan.allocations.first { $0.assessor == "Inspector A" })
            _ = try await test.store.sampling.reassign(inspection: inspection.id, caseID: moved.caseID, to: "Assessor B", because: "case manager asked", actor: "Test Lead")
            #expect(try await test.store.sampling.allocation(inspection: inspection.id)?.allocations.first { $0.caseID == moved.caseID }?.assessor == "Assessor B")

            let trail = try await test.store.inspections.auditTrail(inspection: inspection.id)
            #expect(trail.contains { $0.entity == "sample" && $0.action == "update" && $0.reason.contains("transferred") })
            #expect(trail.contains { $0.entity == "allocation" && $0.entityID == moved.caseID && $0.reason == "case manager asked" })

            // Once judged, a case cannot be replaced and the sample cannot be redrawn.
            let judged = try #require(replaced.selected.last)
            _ = try await test.store.assessment.saveJudgement(inspection: inspection.id, JudgementEdit(
                caseID: judged.caseID, questionID: "roh-screening-done", answer: .yes, baseVersion: nil), actor: "Inspector A")
            await #expect(throws: StoreError.self) {
                try await test.store.sampling.replaceSampledCase(inspection: inspection.id, caseID: judged.caseID, because: "late", actor: "Test Lead")
            }
            await #expect(throws: StoreError.self) {
                try await test.store.sampling.drawSample(inspection: inspection.id, asOf: Self.asOf, size: 40, seed: 6, actor: "Test Lead")
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
                try await test.store.sampling.importCaseload(inspection: inspection.id, csv: text, file: "caseload.csv", actor: "Test Lead")
            }
            #expect(try await test.store.sampling.caseload(inspection: inspection.id).isEmpty)
            #expect(try await test.count("caseloads") == 0)
        }
    }

    /// A redraw, a replacement and allocating again each have a preview that changes nothing, a confirmation that is
    /// refused once the preview is stale, and an audit row per case that leaves, joins or moves.
    @Test(arguments: TestEngine.available)
    func bulkChangesArePreviewedConfirmedAndAuditedCaseByCase(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let store = test.store
            let (framework, yaml) = try FrameworkCatalog.resolveWithSource("cci")
            let inspection = try await store.inspections.createInspection(
                NewInspection(areaName: "Synthetic Vale", framework: framework, fieldworkStart: "2026-03-02", fieldworkEnd: "2026-03-06"),
                frameworkYAML: yaml, actor: "Test Lead")
            let id = inspection.id
            try await store.sampling.importCaseload(inspection: id, csv: CaseloadFile.write(SyntheticCaseload.make(count: 400, seed: 9, asOf: Self.asOf)),
                                           file: "caseload.csv", actor: "Test Lead")
            let first = try await store.sampling.drawSample(inspection: id, asOf: Self.asOf, size: 40, seed: 5, actor: "Test Lead")

            // Redraw: the preview lists leaving and joining cases and changes nothing.
            let (proposed, redraw) = try await store.sampling.samplePreview(inspection: id, asOf: Self.asOf, size: 40, seed: 6)
            #expect(redraw.leaving.map(\.caseID) == first.caseIDs.filter { !proposed.caseIDs.contains($0) })
            #expect(redraw.joining.map(\.caseID) == proposed.caseIDs.filter { !first.caseIDs.contains($0) })
            #expect(!redraw.leaving.isEmpty && redraw.judgedLeaving.isEmpty)
            #expect(try await store.sampling.sample(inspection: id) == first)
            await #expect(throws: StalePreview.self) {
                try await store.sampling.drawSample(inspection: id, asOf: Self.asOf, size: 40, seed: 6, confirming: "0123456789abcdef", actor: "Test Lead")
            }
            #expect(try await store.sampling.sample(inspection: id) == first)
            var mark = try await store.inspections.auditTrail(inspection: id).count
            let redrawn = try await store.sampling.drawSample(inspection: id, asOf: Self.asOf, size: 40, seed: 6, confirming: redraw.fingerprint,
                                                     actor: "Test Lead")
            #expect(redrawn == proposed)
            var rows = try await store.inspections.auditTrail(inspection: id).dropFirst(mark)
            #expect(Set(rows.filter { $0.entity == "case" && $0.action == "delete" }.map(\.entityID)) == Set(redraw.leaving.map(\.caseID)))
            #expect(Set(rows.filter { $0.entity == "case" && $0.action == "create" }.map(\.entityID)) == Set(redraw.joining.map(\.caseID)))
            #expect(Set(try await store.assessment.cases(inspection: id).map(\.id)) == Set(proposed.caseIDs))

            // Replacement: one case leaving, one joining; a preview made stale by another replacement is refused.
            let out = redrawn.selected[0], other = redrawn.selected[1]
            let (_, replacement) = try await store.sampling.replacementPreview(inspection: id, caseID: out.caseID, because: "transferred")
            #expect(replacement.leaving.map(\.caseID) == [out.caseID] && replacement.joining.count == 1)
            #expect(try await store.sampling.sample(inspection: id) == redrawn)
            _ = try await store.sampling.replaceSampledCase(inspection: id, caseID: other.caseID, because: "case manager away", actor: "Test Lead")
            await #expect(throws: StalePreview.self) {
                try await store.sampling.replaceSampledCase(inspection: id, caseID: out.caseID, because: "transferred",
                                                   confirming: replacement.fingerprint, actor: "Test Lead")
            }
            #expect(try await store.assessment.cases(inspection: id).contains { $0.id == out.caseID })
            let (_, fresh) = try await store.sampling.replacementPreview(inspection: id, caseID: out.caseID, because: "transferred")
            _ = try await store.sampling.replaceSampledCase(inspection: id, caseID: out.caseID, because: "transferred", confirming: fresh.fingerprint,
                                                   actor: "Test Lead")
            #expect(!(try await store.assessment.cases(inspection: id)).contains { $0.id == out.caseID })

            // Allocating: the first plan gives every case its own row; allocating again asks first.
            let two = [TeamMember(name: "Inspector A", role: .inspector), TeamMember(name: "Inspector B", role: .inspector)]
            mark = try await store.inspections.auditTrail(inspection: id).count
            let plan = try await store.sampling.allocate(inspection: id, team: two, slotsPerDay: 4, actor: "Test Lead")
            rows = try await store.inspections.auditTrail(inspection: id).dropFirst(mark)
            #expect(rows.filter { $0.entity == "allocation" && $0.action == "create" && $0.entityID != String(id) }.count == 40)

            let three = two + [TeamMember(name: "Inspector C", role: .inspector)]
            let (_, again) = try await store.sampling.allocationPreview(inspection: id, team: three, slotsPerDay: 4)
            let moving = try #require(again.moves.first)
            #expect(try await store.sampling.allocation(inspection: id) == plan)
            // Work starts on a case that would move: the preview no longer says so, so it cannot be confirmed.
            _ = try await store.assessment.saveJudgement(inspection: id, JudgementEdit(
                caseID: moving.caseID, questionID: "roh-screening-done", answer: .yes, baseVersion: nil), actor: moving.assessorBefore!)
            await #expect(throws: StalePreview.self) {
                try await store.sampling.allocate(inspection: id, team: three, slotsPerDay: 4, confirming: again.fingerprint, actor: "Test Lead")
            }
            #expect(try await store.sampling.allocation(inspection: id) == plan)
            let (proposedPlan, current) = try await store.sampling.allocationPreview(inspection: id, team: three, slotsPerDay: 4)
            #expect(current.startedWorkMoving.map(\.caseID) == [moving.caseID])
            #expect(current.startedWorkMoving.first?.work == .inProgress)
            mark = try await store.inspections.auditTrail(inspection: id).count
            #expect(try await store.sampling.allocate(inspection: id, team: three, slotsPerDay: 4, confirming: current.fingerprint, actor: "Test Lead")
                == proposedPlan)
            rows = try await store.inspections.auditTrail(inspection: id).dropFirst(mark)
            let perCase = rows.filter { $0.entity == "allocation" && $0.entityID != String(id) }
            #expect(perCase.count == current.changes.count)
            #expect(Set(perCase.map(\.entityID)) == Set(current.changes.map(\.caseID)))
            for move in current.moves {
                let row = try #require(perCase.first { $0.entityID == move.caseID })
                let before = try JSONDecoder().decode(CaseAllocation.self, from: Data(try #require(row.before).utf8))
                let after = try JSONDecoder().decode(CaseAllocation.self, from: Data(try #require(row.after).utf8))
                #expect(before.assessor == move.assessorBefore && after.assessor == move.assessorAfter)
                #expect(before.interview == move.interviewBefore && after.interview == move.interviewAfter)
                #expect(row.reason.hasPrefix("allocated again: moves from \(move.assessorBefore!) to \(move.assessorAfter!)"))
            }
            #expect(perCase.first { $0.entityID == moving.caseID }?.reason.contains("its assessment is in progress") == true)
        }
    }
}
