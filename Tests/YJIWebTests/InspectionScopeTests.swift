import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
import YJIStore
@testable import YJIWeb

/// The inspection group: a route added to `/inspections/{inspection}` (page or API) gets the inspection and the
/// caller's access from the group, and is refused before it runs to anyone who may not see the inspection.
@Suite("Inspection scope")
struct InspectionScopeTests {
    /// Counts the times a route's handler ran, so a test can tell a refusal in the group from one in the handler.
    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func record() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }

    /// The application's router with a new route added to each inspection group, as a later feature would add one.
    static func router(_ fixture: WebFixture, calls: Calls) async throws -> Router<WebContext> {
        let router = try await fixture.router()
        for group in [WebApplication.inspectionGroup(of: router, store: fixture.store),
                      WebApplication.inspectionGroup(of: router.group("api/v1"), store: fixture.store)] {
            group.get("probe") { _, context in
                calls.record()
                let (inspection, access, user) = try context.inspection()
                return "\(inspection.id) \(access.role.rawValue) \(user.email)"
            }
            group.post("probe") { _, context in
                calls.record()
                return "\(try context.inspection().inspection.id) changed"
            }
        }
        return router
    }

    @Test func aNewRouteInTheGroupIsRefusedToACallerWithoutAccess() async throws {
        let fixture = try await WebFixture.make()
        let calls = Calls()
        do {
            try await Application(router: try await Self.router(fixture, calls: calls)).test(.router) { client in
                let fji = try await fixture.inspectionID("fji")
                let sqs = try await fixture.inspectionID("sqs")
                // The local assessor is on the CCI's team only; the service viewer sees their area's published SQS.
                let assessor = try await WebSession.demo(client, .localAssessor)
                let viewer = try await WebSession.demo(client, .serviceViewer)
                let lead = try await WebSession.demo(client, .leadInspector)

                for path in ["/inspections/\(fji)/probe", "/api/v1/inspections/\(fji)/probe"] {
                    #expect(try await assessor.get(client, path).status == .notFound, "\(path)")
                    #expect(try await viewer.get(client, path).status == .notFound, "\(path)")
                    let change = path.hasPrefix("/api/") ? try await assessor.json(client, .post, path, "{}") : try await assessor.post(client, path, [:])
                    #expect(change.status == .notFound, "\(path)")
                }
                #expect(try await assessor.get(client, "/inspections/999999/probe").status == .notFound)
                let signedOut = try await client.execute(uri: "/inspections/\(fji)/probe", method: .get)
                #expect(signedOut.status != .ok)
                #expect(calls.value == 0, "a refused caller never reaches the handler")

                // Someone who may see it reaches the handler, with the inspection and their access already loaded.
                let seen = try await lead.get(client, "/inspections/\(fji)/probe")
                #expect(seen.status == .ok)
                #expect(Web.body(seen) == "\(fji) lead-inspector lead@demo.yji.invalid")
                let api = try await lead.get(client, "/api/v1/inspections/\(sqs)/probe")
                #expect(Web.body(api).hasPrefix("\(sqs) lead-inspector"))
                #expect(calls.value == 2)

                // A change to the published SQS is refused in the group too, before the handler runs.
                let refused = try await lead.post(client, "/inspections/\(sqs)/probe", [:])
                #expect(refused.status == .conflict)
                #expect(calls.value == 2)
                #expect(try await lead.post(client, "/inspections/\(fji)/probe", [:]).status == .ok)
                #expect(calls.value == 3)
            }
            await fixture.remove()
        } catch {
            await fixture.remove()
            throw error
        }
    }

    /// A route outside the group that asks for the inspection is a mistake in yji: it fails loudly, never unchecked.
    @Test func aRouteOutsideTheGroupGetsNoInspection() async throws {
        let fixture = try await WebFixture.make()
        do {
            let router = try await fixture.router()
            router.get("/stray/{inspection}") { _, context in "\(try context.inspection().inspection.id)" }
            try await Application(router: router).test(.router) { client in
                let lead = try await WebSession.demo(client, .leadInspector)
                let fji = try await fixture.inspectionID("fji")
                #expect(try await lead.get(client, "/stray/\(fji)").status == .internalServerError)
            }
            await fixture.remove()
        } catch {
            await fixture.remove()
            throw error
        }
    }
}
