import Foundation
import SQLKit
import Testing
import YJICore
@testable import YJIStore

@Suite("Store: service viewers are not team members")
struct AccessMigrationTests {
    @Test(arguments: TestEngine.available)
    func aServiceViewersTeamPlaceIsRefused(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 2, judgements: false)
            _ = try await test.store.accounts.addUser(email: "viewer@example.invalid", name: "Area Viewer", role: .serviceViewer, passwordHash: "x",
                                             areaName: inspection.area.name, actor: "setup")
            _ = try await test.store.accounts.addUser(email: "inspector@example.invalid", name: "An Inspector", role: .inspector, passwordHash: "x",
                                             actor: "setup")
            await #expect(throws: StoreError.invalid("service viewer is not a team role: a service viewer sees the published inspections "
                + "of the area set on their account, so an administrator sets that area on the Users page")) {
                try await test.store.accounts.addMember(inspection: inspection.id, email: "inspector@example.invalid", role: .serviceViewer, actor: "lead")
            }
            await #expect(throws: StoreError.self) {
                try await test.store.accounts.addMember(inspection: inspection.id, email: "viewer@example.invalid", role: .inspector, actor: "lead")
            }
            #expect(try await test.store.accounts.memberships(inspection: inspection.id).isEmpty)
            #expect(try await test.store.accounts.serviceViewers(area: inspection.area.id).map(\.email) == ["viewer@example.invalid"])
            #expect(try await test.store.accounts.areas().map(\.name) == [inspection.area.name])
        }
    }

    /// Migration 11 on places older databases may hold: each is removed with an audit row saying why; others stay.
    @Test(arguments: TestEngine.available)
    func migrationElevenRemovesPlacesThatGrantedNothingAndAuditsEach(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let store = test.store
            let (inspection, _) = try await test.seededInspection(cases: 2, judgements: false)
            let viewer = try await store.accounts.addUser(email: "viewer@example.invalid", name: "Area Viewer", role: .serviceViewer, passwordHash: "x",
                                                 areaName: inspection.area.name, actor: "setup")
            let inspector = try await store.accounts.addUser(email: "inspector@example.invalid", name: "An Inspector", role: .inspector,
                                                    passwordHash: "x", actor: "setup")
            let lead = try await store.accounts.addUser(email: "lead@example.invalid", name: "A Lead", role: .leadInspector, passwordHash: "x", actor: "setup")
            _ = try await store.accounts.addMember(inspection: inspection.id, email: lead.email, role: .leadInspector, actor: "setup")
            // As the old team page stored them: a service viewer's account on the team, and "service viewer" as a team role.
            try await store.transaction { db in
                try await db.raw("INSERT INTO memberships (inspection_id, user_id, role) VALUES (\(bind: inspection.id), \(bind: viewer.id), 'service-viewer')").run()
                try await db.raw("INSERT INTO memberships (inspection_id, user_id, role) VALUES (\(bind: inspection.id), \(bind: inspector.id), 'service-viewer')").run()
            }
            #expect(try await store.accounts.memberships(inspection: inspection.id).count == 3)
            let mark = try await store.inspections.auditTrail(inspection: inspection.id).count

            try await store.transaction { db in
                for statement in Migrator.accessMigration.statements(store.engine) { try await db.raw(SQLQueryString(statement)).run() }
            }

            #expect(try await store.accounts.memberships(inspection: inspection.id).map(\.user.email) == [lead.email])
            let rows = try await store.inspections.auditTrail(inspection: inspection.id).dropFirst(mark)
            #expect(rows.map(\.entityID).sorted() == [inspector.email, viewer.email])
            for row in rows {
                #expect(row.entity == "membership" && row.action == "delete" && row.after == nil)
                #expect(row.actor == "yji schema migration 11")
                #expect(row.reason.contains("service viewer is not a team role"))
                #expect(row.recordedAt.count == 24 && row.recordedAt.hasSuffix("Z"), "recorded as the store records times: \(row.recordedAt)")
                let before = try JSONDecoder().decode(Membership.self, from: Data(try #require(row.before).utf8))
                #expect(before.inspectionID == inspection.id && before.role == .serviceViewer)
                #expect(before.user.email == row.entityID)
            }
            let viewerRow = try #require(rows.first { $0.entityID == viewer.email })
            #expect(try JSONDecoder().decode(Membership.self, from: Data(try #require(viewerRow.before).utf8)).user.areaID == inspection.area.id)
        }
    }
}
