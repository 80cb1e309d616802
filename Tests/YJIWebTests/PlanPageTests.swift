import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
import YJIStore
@testable import YJIWeb

/// The improvement plan pages, driven through the real application on the demo database: the service keeps its own
/// plan, nobody else's; the team reads it; the monitoring view lists overdue actions.
@Suite("Improvement plan pages")
struct PlanPageTests {
    /// A published SQS of another service, with recommendations and one action: the plan the demo viewer must not touch.
    static func otherServicesPublishedPlan(_ fixture: WebFixture) async throws -> Int {
        let (framework, yaml) = try FrameworkCatalog.resolveWithSource("sqs")
        let store = fixture.store
        let inspection = try await store.inspections.createInspection(
            NewInspection(areaName: "Otherbury (synthetic)", framework: framework, fieldworkStart: "2026-05-04", fieldworkEnd: "2026-05-06",
                          status: .factualAccuracy),
            frameworkYAML: yaml, actor: "test")
        let data = SyntheticInspection(framework: framework, caseCount: 3, seed: 31)
        try await store.assessment.importCases(inspection: inspection.id, csv: CaseFile.write(data.cases), file: "cases.csv", actor: "test")
        _ = try await store.assessment.importJudgements(inspection: inspection.id, csv: JudgementFile.write(data.judgements), file: "judgements.csv", actor: "test")
        try await store.reports.saveRecommendations(inspection: inspection.id, [
            ReportRecommendation(position: 1, text: "Synthetic recommendation for Otherbury.", responsible: "Otherbury Head of Service"),
        ], actor: "test")
        try await fixture.publish(inspection.id, on: CalendarDate(year: 2026, month: 6, day: 1)!)
        _ = try await store.plans.addPlanAction(inspection: inspection.id, try ActionDetails(
            recommendation: 1, description: "Otherbury's own synthetic action", owner: "Otherbury team", due: CalendarDate(year: 2026, month: 9, day: 1)!,
            status: .notStarted), actor: "test")
        return inspection.id
    }

    /// A service viewer of Otherbury, signed in.
    static func otherViewer(_ fixture: WebFixture, _ client: any TestClientProtocol) async throws -> WebSession {
        _ = try await fixture.store.accounts.addUser(email: "viewer@otherbury.invalid", name: "Otherbury Viewer", role: .serviceViewer,
                                            passwordHash: Passwords.hash("otherbury-password", cost: 4), areaName: "Otherbury (synthetic)", actor: "test")
        return try await WebSession.signIn(client, email: "viewer@otherbury.invalid", password: "otherbury-password")
    }

    static func actionFields(recommendation: Int, description: String, owner: String, due: String, status: String = "not-started",
                             reason: String = "", version: Int? = nil) -> [String: String] {
        var fields = ["recommendation": String(recommendation), "description": description, "owner": owner, "due": due, "status": status,
                      "reason": reason]
        if let version { fields["version"] = String(version) }
        return fields
    }

    @Test func theServiceViewerKeepsTheirOwnPlan() async throws {
        try await WebFixture.with { fixture, client in
            let sqs = try await fixture.inspectionID("sqs")
            let viewer = try await WebSession.demo(client, .serviceViewer)
            // They reach it from the scores page, where their service's inspection opens for them.
            let scores = Web.body(try await viewer.get(client, "/inspections/\(sqs)/scores"))
            #expect(scores.contains("href=\"/inspections/\(sqs)/plan\""))

            let page = try await viewer.get(client, "/inspections/\(sqs)/plan")
            #expect(page.status == .ok)
            let html = Web.body(page)
            for part in ["Recommendation 1", "(Head of Service)", "Synthetic action: refresh every case manager", "Overdue by 14 days",
                         "3 actions: 1 done, 1 in progress, 1 not started; 1 overdue", "https://example.invalid/synthetic/review-prompt",
                         "action=\"/inspections/\(sqs)/plan/actions\"", "Record progress", "the plan was due by 2026-08-05 and was received on 2026-08-03"] {
                #expect(html.contains(part), "the plan page shows \(part)")
            }

            let added = try await viewer.post(client, "/inspections/\(sqs)/plan/actions",
                                              Self.actionFields(recommendation: 1, description: "Synthetic action: audit ten files each quarter",
                                                                owner: "Synthetic quality lead", due: "2027-03-31"))
            #expect(added.status == .seeOther)
            var plan = try await fixture.store.plans.plan(inspection: sqs)
            let action = try #require(plan.actions.first { $0.details.description == "Synthetic action: audit ten files each quarter" })
            #expect(action.details.recommendation == 1 && action.createdBy == DemoData.accounts[4].email)

            let edited = try await viewer.post(client, "/inspections/\(sqs)/plan/actions/\(action.id)",
                                               Self.actionFields(recommendation: 1, description: action.details.description, owner: "Synthetic quality lead",
                                                                 due: "2027-03-31", status: "in-progress", version: action.version))
            #expect(edited.status == .seeOther)
            let progressed = try await viewer.post(client, "/inspections/\(sqs)/plan/actions/\(action.id)/updates",
                                                   ["date": CalendarDate.today.description, "note": "First synthetic quarter audited",
                                                    "evidence": "Synthetic audit summary"])
            #expect(progressed.status == .seeOther)
            plan = try await fixture.store.plans.plan(inspection: sqs)
            let stored = try #require(plan.actions.first { $0.id == action.id })
            #expect(stored.details.status == .inProgress && stored.version == 2)
            #expect(stored.updates.map(\.details.note) == ["First synthetic quarter audited"])
            #expect(Web.body(try await viewer.get(client, "/inspections/\(sqs)/plan")).contains("First synthetic quarter audited"))
            let trail = try await fixture.store.inspections.auditTrail(inspection: sqs).filter { $0.entity.hasPrefix("plan-") && $0.actor == DemoData.accounts[4].email }
            #expect(trail.suffix(3).map(\.action) == ["create", "update", "create"])
        }
    }

    @Test func aViewerOfAnotherServiceCannotSeeOrTouchThisPlan() async throws {
        try await WebFixture.with { fixture, client in
            let sqs = try await fixture.inspectionID("sqs")
            let other = try await Self.otherServicesPublishedPlan(fixture)
            let otherAction = try #require(try await fixture.store.plans.plan(inspection: other).actions.first)
            let ownAction = try #require(try await fixture.store.plans.plan(inspection: sqs).actions.first)
            let outsider = try await Self.otherViewer(fixture, client)
            let demoViewer = try await WebSession.demo(client, .serviceViewer)
            // The outsider can read and keep their own plan...
            #expect(try await outsider.get(client, "/inspections/\(other)/plan").status == .ok)
            let sqsBefore = try await fixture.store.plans.plan(inspection: sqs)
            let otherBefore = try await fixture.store.plans.plan(inspection: other)
            let auditBefore = try await fixture.store.inspections.auditTrail(inspection: sqs).count + (try await fixture.store.inspections.auditTrail(inspection: other).count)

            // ...but the demo service's plan does not exist for them, and the demo viewer cannot reach theirs.
            let crossings: [(WebSession, Int, PlanAction)] = [(outsider, sqs, ownAction), (demoViewer, other, otherAction)]
            for (session, inspection, action) in crossings {
                #expect(try await session.get(client, "/inspections/\(inspection)/plan").status == .notFound)
                let fields = Self.actionFields(recommendation: 1, description: "Not theirs to add", owner: "Intruder", due: "2027-01-01",
                                               status: "done", version: action.version)
                #expect(try await session.post(client, "/inspections/\(inspection)/plan/actions", fields).status == .notFound)
                #expect(try await session.post(client, "/inspections/\(inspection)/plan/actions/\(action.id)", fields).status == .notFound)
                #expect(try await session.post(client, "/inspections/\(inspection)/plan/actions/\(action.id)/updates",
                                               ["date": "2026-10-01", "note": "Not theirs to record"]).status == .notFound)
            }
            // Nor through their own inspection's address with the other service's action id.
            let smuggled = Self.actionFields(recommendation: 1, description: "Smuggled", owner: "Intruder", due: "2027-01-01", version: otherAction.version)
            #expect(try await demoViewer.post(client, "/inspections/\(sqs)/plan/actions/\(otherAction.id)", smuggled).status == .notFound)
            #expect(try await demoViewer.post(client, "/inspections/\(sqs)/plan/actions/\(otherAction.id)/updates",
                                              ["date": "2026-10-01", "note": "Smuggled"]).status == .notFound)

            #expect(try await fixture.store.plans.plan(inspection: sqs) == sqsBefore)
            #expect(try await fixture.store.plans.plan(inspection: other) == otherBefore)
            #expect(try await fixture.store.inspections.auditTrail(inspection: sqs).count + (try await fixture.store.inspections.auditTrail(inspection: other).count) == auditBefore)
        }
    }

    @Test func theTeamReadsThePlanButCannotWriteIt() async throws {
        try await WebFixture.with { fixture, client in
            let sqs = try await fixture.inspectionID("sqs")
            let action = try #require(try await fixture.store.plans.plan(inspection: sqs).actions.first)
            let before = try await fixture.store.plans.plan(inspection: sqs)
            for role in [UserRole.inspector, .leadInspector] {
                let session = try await WebSession.demo(client, role)
                let page = try await session.get(client, "/inspections/\(sqs)/plan")
                #expect(page.status == .ok)
                let html = Web.body(page)
                #expect(html.contains("Synthetic action: remind court officers"))
                #expect(!html.contains("action=\"/inspections/\(sqs)/plan/actions"), "\(role) is offered no form")
                let fields = Self.actionFields(recommendation: 1, description: "Inspector's idea", owner: "Inspectorate", due: "2027-01-01",
                                               version: action.version)
                #expect(try await session.post(client, "/inspections/\(sqs)/plan/actions", fields).status == .forbidden)
                #expect(try await session.post(client, "/inspections/\(sqs)/plan/actions/\(action.id)", fields).status == .forbidden)
                #expect(try await session.post(client, "/inspections/\(sqs)/plan/actions/\(action.id)/updates",
                                               ["date": "2026-10-01", "note": "Inspector's note"]).status == .forbidden)
            }
            // The local assessor is not on the SQS, so for them it does not exist.
            let assessor = try await WebSession.demo(client, .localAssessor)
            #expect(try await assessor.get(client, "/inspections/\(sqs)/plan").status == .notFound)
            #expect(try await fixture.store.plans.plan(inspection: sqs) == before)

            // The task list links the plan with its counts once published, and says when it will start before.
            let lead = try await WebSession.demo(client, .leadInspector)
            let tasks = Web.body(try await lead.get(client, "/inspections/\(sqs)"))
            #expect(tasks.contains("<a href=\"/inspections/\(sqs)/plan\">Improvement plan</a>"))
            #expect(tasks.contains("3 actions, 1 overdue"))
            let cci = try await fixture.inspectionID("cci")
            #expect(Web.body(try await lead.get(client, "/inspections/\(cci)")).contains("The service&#39;s plan is due 28 days after the report is published"))
            let waiting = try await lead.get(client, "/inspections/\(cci)/plan")
            #expect(waiting.status == .ok)
            #expect(Web.body(waiting).contains("The improvement plan starts when the report is published"))
        }
    }

    @Test func aFormWithoutTheSessionsTokenIsRefused() async throws {
        try await WebFixture.with { fixture, client in
            let sqs = try await fixture.inspectionID("sqs")
            let viewer = try await WebSession.demo(client, .serviceViewer)
            let before = try await fixture.store.plans.plan(inspection: sqs)
            let fields = Self.actionFields(recommendation: 1, description: "Forged", owner: "Forger", due: "2027-01-01")
            #expect(try await viewer.post(client, "/inspections/\(sqs)/plan/actions", fields, csrf: false).status == .forbidden)
            var forged = fields
            forged["csrf"] = "not-the-token"
            #expect(try await viewer.post(client, "/inspections/\(sqs)/plan/actions", forged, csrf: false).status == .forbidden)
            #expect(try await fixture.store.plans.plan(inspection: sqs) == before)
        }
    }

    @Test func invalidInputIsListedByFieldAndNothingIsSaved() async throws {
        try await WebFixture.with { fixture, client in
            let sqs = try await fixture.inspectionID("sqs")
            let viewer = try await WebSession.demo(client, .serviceViewer)
            let before = try await fixture.store.plans.plan(inspection: sqs)
            let response = try await viewer.post(client, "/inspections/\(sqs)/plan/actions",
                                                 Self.actionFields(recommendation: 2, description: "Typed words kept", owner: " ", due: "2027-02-30",
                                                                   status: "dropped"))
            #expect(response.status == .unprocessableContent)
            let html = Web.body(response)
            #expect(html.contains("There is a problem"))
            #expect(html.contains("<a href=\"#new-2-owner\">Owner: name the person or team who will carry out the action</a>"))
            #expect(html.contains("<a href=\"#new-2-due\">Due date: there is no such day as &#39;2027-02-30&#39;</a>"))
            #expect(html.contains("<a href=\"#new-2-reason\">Reason: say why the action was dropped</a>"))
            #expect(html.contains("id=\"new-2-owner\""), "the summary's links have fields to land on")
            #expect(html.contains("Typed words kept</textarea>"), "what was typed is not lost")

            let action = try #require(before.actions.first)
            let update = try await viewer.post(client, "/inspections/\(sqs)/plan/actions/\(action.id)/updates",
                                               ["date": CalendarDate.today.adding(days: 1).description, "note": ""])
            #expect(update.status == .unprocessableContent)
            let updateHTML = Web.body(update)
            #expect(updateHTML.contains("href=\"#update-\(action.id)-date\">Date: "))
            #expect(updateHTML.contains("is in the future"))
            #expect(updateHTML.contains("href=\"#update-\(action.id)-note\">Progress: say what progress was made"))
            #expect(try await fixture.store.plans.plan(inspection: sqs) == before)
        }
    }

    @Test func aChangeFromAStaleVersionIsShownAsAConflict() async throws {
        try await WebFixture.with { fixture, client in
            let sqs = try await fixture.inspectionID("sqs")
            let viewer = try await WebSession.demo(client, .serviceViewer)
            let admin = try await WebSession.demo(client, .admin)
            let action = try #require(try await fixture.store.plans.plan(inspection: sqs).actions.first { $0.details.status == .notStarted })
            let theirs = Self.actionFields(recommendation: action.details.recommendation, description: action.details.description,
                                           owner: "Owner chosen first", due: action.details.due.description, status: "in-progress", version: action.version)
            #expect(try await admin.post(client, "/inspections/\(sqs)/plan/actions/\(action.id)", theirs).status == .seeOther)
            let mine = Self.actionFields(recommendation: action.details.recommendation, description: action.details.description,
                                         owner: "Owner chosen second", due: action.details.due.description, status: "done", version: action.version)
            let refused = try await viewer.post(client, "/inspections/\(sqs)/plan/actions/\(action.id)", mine)
            #expect(refused.status == .conflict)
            let html = Web.body(refused)
            #expect(html.contains("Someone else changed this action since you opened it"))
            #expect(html.contains("Saved now by \(DemoData.accounts[0].email)"))
            #expect(html.contains("value=\"Owner chosen second\""), "the refused change stays in the form")
            #expect(html.contains("name=\"version\" value=\"\(action.version + 1)\""), "saving again replaces the stored version deliberately")
            let stored = try #require(try await fixture.store.plans.plan(inspection: sqs).actions.first { $0.id == action.id })
            #expect(stored.details.owner == "Owner chosen first" && stored.version == action.version + 1)
        }
    }

    @Test func theMonitoringViewListsOverdueActionsAcrossPlans() async throws {
        try await WebFixture.with { fixture, client in
            let sqs = try await fixture.inspectionID("sqs")
            let other = try await Self.otherServicesPublishedPlan(fixture)
            let admin = try await WebSession.demo(client, .admin)
            let page = try await admin.get(client, "/plans")
            #expect(page.status == .ok)
            let html = Web.body(page)
            #expect(html.contains("Synthetic action: refresh every case manager"))
            #expect(html.contains("href=\"/inspections/\(sqs)/plan#plan-action-"))
            #expect(html.contains("Otherbury&#39;s own synthetic action"), "the administrator sees every service's overdue actions")
            #expect(!html.contains("Synthetic action: remind court officers"), "a done action is not overdue")
            #expect(!Web.body(try await admin.get(client, "/plans?programme=cci")).contains("Synthetic action: refresh every case manager"))
            #expect(!Web.body(try await admin.get(client, "/plans?as-of=2026-08-01")).contains("Otherbury&#39;s own synthetic action"),
                    "before its due date an action is not overdue")
            #expect(try await admin.get(client, "/plans?programme=nothing").status == .unprocessableContent)

            // A lead inspector sees the plans of the inspections they are on only.
            let lead = try await WebSession.demo(client, .leadInspector)
            let leads = Web.body(try await lead.get(client, "/plans"))
            #expect(leads.contains("Synthetic action: refresh every case manager"))
            #expect(!leads.contains("Otherbury"), "inspection \(other) is not theirs")
            for role in [UserRole.inspector, .localAssessor, .serviceViewer] {
                #expect(try await WebSession.demo(client, role).get(client, "/plans").status == .forbidden)
            }
        }
    }
}
