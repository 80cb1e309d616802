import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
import YJICore
@testable import YJIStore
@testable import YJIWeb

/// One rule for the inspected service's access: the area on a service viewer's account, stated on the team and users
/// pages, and no team role that grants nothing.
@Suite("Service viewers' access follows their area")
struct TeamAccessTests {
    @Test func theTeamPageOffersOnlyRolesThatGrantSomethingAndNamesWhoSeesThePublishedInspection() async throws {
        try await WebFixture.with { fixture, client in
            let sqs = try await fixture.inspectionID("sqs"), cci = try await fixture.inspectionID("cci")
            let lead = try await WebSession.demo(client, .leadInspector)
            let page = Web.body(try await lead.get(client, "/inspections/\(sqs)/team"))
            for role in ["lead-inspector", "inspector", "local-assessor"] { #expect(page.contains("id=\"role-\(role)\"")) }
            #expect(!page.contains("role-service-viewer"))
            #expect(!page.contains("role-admin"))
            #expect(page.contains("Administrators see every inspection. A service viewer sees the published inspections of the service (area) set on their account"))
            #expect(page.contains("Service viewers of Examplebury (synthetic) see this inspection now, because it is published:"))
            #expect(page.contains("<li>Demo Service Viewer (viewer@demo.yji.invalid)</li>"))

            let unpublished = Web.body(try await lead.get(client, "/inspections/\(cci)/team"))
            #expect(unpublished.contains("Demoshire (synthetic) has no service viewers yet. An administrator adds them on the Users page"))

            // A role that would grant nothing is refused in words, whether asked for directly or for a viewer's account.
            let asViewer = try await lead.post(client, "/inspections/\(cci)/team", ["email": "inspector@demo.yji.invalid", "role": "service-viewer"])
            #expect(asViewer.status == .unprocessableContent)
            #expect(Web.body(asViewer).contains("Service viewer is not a team role"))
            #expect(Web.body(asViewer).contains("href=\"#role\""))
            let viewerOnTeam = try await lead.post(client, "/inspections/\(sqs)/team", ["email": "viewer@demo.yji.invalid", "role": "inspector"])
            #expect(viewerOnTeam.status == .unprocessableContent)
            #expect(Web.body(viewerOnTeam).contains("Demo Service Viewer (viewer@demo.yji.invalid) is a service viewer and cannot join an inspection&#39;s team"))
            #expect(try await fixture.store.accounts.memberships(inspection: cci).allSatisfy { $0.role.isTeamRole })
        }
    }

    @Test func aServiceViewerOfTheAreaSeesThePublishedInspectionAndOneOfAnotherAreaDoesNot() async throws {
        try await WebFixture.with { fixture, client in
            let sqs = try await fixture.inspectionID("sqs"), fji = try await fixture.inspectionID("fji")
            let store = fixture.store
            _ = try await store.accounts.addUser(email: "viewer@samplefield.invalid", name: "Samplefield Viewer", role: .serviceViewer,
                                        passwordHash: Passwords.hash("a-long-enough-password", cost: 4), areaName: "Samplefield (synthetic)",
                                        actor: "admin@demo.yji.invalid")
            let own = try await WebSession.demo(client, .serviceViewer)
            #expect(try await own.get(client, "/inspections/\(sqs)/scores").status == .ok)
            #expect(try await own.get(client, "/inspections/\(sqs)/report").status == .ok)
            let other = try await WebSession.signIn(client, email: "viewer@samplefield.invalid", password: "a-long-enough-password")
            #expect(try await other.get(client, "/inspections/\(sqs)/scores").status == .notFound)
            #expect(try await other.get(client, "/inspections/\(sqs)/report").status == .notFound)
            // Their own area's inspection is still in moderation: nothing before publication.
            #expect(try await other.get(client, "/inspections/\(fji)/scores").status == .notFound)
        }
    }

    /// A place stored as "service viewer" by the old team page grants nothing, and the team page says so; the inspector
    /// holding it does not reach the inspection's findings before publication through it.
    @Test func aStoredServiceViewerPlaceGrantsNothingAndSaysSo() async throws {
        try await WebFixture.with { fixture, client in
            let fji = try await fixture.inspectionID("fji")
            let store = fixture.store
            let outsider = try await store.accounts.addUser(email: "outsider@demo.yji.invalid", name: "Outside Inspector", role: .inspector,
                                                   passwordHash: Passwords.hash("a-long-enough-password", cost: 4), actor: "setup")
            try await store.transaction { db in
                try await db.raw("INSERT INTO memberships (inspection_id, user_id, role) VALUES (\(bind: fji), \(bind: outsider.id), 'service-viewer')").run()
            }
            let session = try await WebSession.signIn(client, email: "outsider@demo.yji.invalid", password: "a-long-enough-password")
            #expect(try await session.get(client, "/inspections/\(fji)/scores").status == .notFound)
            #expect(!Web.body(try await session.get(client, "/inspections")).contains("Samplefield"))

            let lead = try await WebSession.demo(client, .leadInspector)
            let team = Web.body(try await lead.get(client, "/inspections/\(fji)/team"))
            #expect(team.contains("Outside Inspector"))
            #expect(team.contains("This place grants nothing: service viewers are not team members."))
        }
    }

    @Test func theUsersPageSaysWhatEachAccountSees() async throws {
        try await WebFixture.with { fixture, client in
            let admin = try await WebSession.demo(client, .admin)
            let page = Web.body(try await admin.get(client, "/users"))
            #expect(page.contains("<th scope=\"row\">Demo Service Viewer</th><td>viewer@demo.yji.invalid</td><td>Service viewer</td>"
                + "<td>Published inspections of Examplebury (synthetic) (1 published inspection now)</td>"))
            #expect(page.contains("<td>Administrator</td><td>Every inspection</td>"))
            #expect(page.contains("<td>Local assessor</td><td>The inspections whose team they are on (1 team)</td>"))
            #expect(page.contains("<td>Lead inspector</td><td>The inspections whose team they are on (3 teams)</td>"))
            #expect(page.contains("A service viewer sees the published inspections of the service (area) set on their account"))
            #expect(page.contains("<option value=\"Samplefield (synthetic)\">Samplefield (synthetic)</option>"))

            // A viewer added for an area on the page then sees that area's published inspections, as the page said.
            let added = try await admin.post(client, "/users", ["email": "second@demo.yji.invalid", "name": "Second Viewer", "role": "service-viewer",
                                                                "area": "Examplebury (synthetic)", "password": "a-long-enough-password"])
            #expect(added.status == .seeOther)
            let sqs = try await fixture.inspectionID("sqs")
            let viewer = try await WebSession.signIn(client, email: "second@demo.yji.invalid", password: "a-long-enough-password")
            #expect(try await viewer.get(client, "/inspections/\(sqs)/scores").status == .ok)
            let noArea = try await admin.post(client, "/users", ["email": "third@demo.yji.invalid", "role": "service-viewer", "area": "",
                                                                 "password": "a-long-enough-password"])
            #expect(noArea.status == .unprocessableContent)
            #expect(Web.body(noArea).contains("A service viewer needs the service (area) they belong to"))
        }
    }
}
