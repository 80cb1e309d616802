import Foundation
import Testing
import YJICore
@testable import YJIStore

/// The two workflows with invariants, each one function whatever calls it: creating an inspection (its creator, if a
/// lead inspector, becomes its lead in the same transaction) and publishing (only past the gate and the report's checks).
@Suite("Inspection workflows")
struct InspectionWorkflowTests {
    static func new(_ area: String, status: InspectionStatus = .planning) throws -> (NewInspection, String) {
        let (framework, yaml) = try FrameworkCatalog.resolveWithSource("cci")
        return (NewInspection(areaName: area, region: "Synthetic North", framework: framework, status: status), yaml)
    }

    @Test(arguments: TestEngine.available)
    func aLeadInspectorWhoCreatesAnInspectionLeadsIt(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let accounts = test.store.accounts
            let lead = try await accounts.addUser(email: "lead@example.test", name: "Test Lead", role: .leadInspector, passwordHash: "x",
                                                  actor: "admin@example.test")
            let inspector = try await accounts.addUser(email: "inspector@example.test", name: "Test Inspector", role: .inspector,
                                                       passwordHash: "x", actor: "admin@example.test")
            let (led, yaml) = try Self.new("Syntheticshire 101")
            let created = try await test.store.inspections.createInspection(led, frameworkYAML: yaml, createdBy: lead)
            #expect(try await accounts.memberships(inspection: created.id).map { [$0.user.email, $0.role.rawValue] }
                    == [["lead@example.test", "lead-inspector"]])
            #expect(try await test.store.inspections.auditTrail(inspection: created.id).map(\.entity).sorted() == ["inspection", "membership"])

            // An inspector creates one without a place on its team; a lead puts people on it afterwards.
            let (other, _) = try Self.new("Syntheticshire 102")
            let second = try await test.store.inspections.createInspection(other, frameworkYAML: yaml, createdBy: inspector)
            #expect(try await accounts.memberships(inspection: second.id).isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func noInspectionIsCreatedPublished(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (published, yaml) = try Self.new("Syntheticshire 103", status: .published)
            await #expect(throws: StoreError.self) {
                try await test.store.inspections.createInspection(published, frameworkYAML: yaml, actor: "Test Lead")
            }
            #expect(try await test.store.inspections.inspections().isEmpty, "nothing was written")
            #expect(try await test.count("areas") == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func publishingDraftsAndChecksTheReportItself(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(framework: "cci", cases: 6, seed: 17)
            // Still in fieldwork, with cases not marked assessed: the one way to publish names what stands in the way.
            let blockers = try await test.store.reports.blockers(inspection: inspection.id).map(\.condition)
            #expect(blockers.contains(.stage))
            #expect(!blockers.contains(.anonymisation))
            await #expect(throws: StoreError.self) {
                try await test.store.reports.publish(inspection: inspection.id, actor: "Test Lead")
            }
            #expect(try await test.store.inspections.inspection(inspection.id).status != .published)
            // A protected name in the drafted report stands in the way as well, whatever the caller says.
            _ = try await test.store.lifecycle.setInspectionStatus(inspection: inspection.id, to: .factualAccuracy, actor: "Test Lead")
            _ = try await test.store.reports.markCompleteCasesAssessed(inspection: inspection.id, actor: "Test Lead")
            let areaName = try await test.store.inspections.inspection(inspection.id).area.name
            try await test.store.reports.saveProtectedNames(inspection: inspection.id, [areaName], actor: "Test Lead")
            let checked = try await test.store.reports.check(inspection: inspection.id)
            #expect(checked.checks.protectedNamesFound > 0)
            #expect(try await test.store.reports.blockers(inspection: inspection.id).map(\.condition).contains(.anonymisation))
            await #expect(throws: StoreError.self) {
                try await test.store.reports.publish(inspection: inspection.id, actor: "Test Lead")
            }
            #expect(try await test.store.inspections.inspection(inspection.id).status == .factualAccuracy)
        }
    }
}
