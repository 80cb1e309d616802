import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
import YJIStore
@testable import YJIWeb

/// Who may use which route: every route the router registers must have an expectation for every role, so a new
/// route without one fails this suite rather than shipping unchecked.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    /// The six ways of arriving at a route.
    enum Caller: String, CaseIterable, Sendable {
        case admin, lead, inspector, assessor, viewer, signedOut

        var role: UserRole? {
            switch self {
            case .admin: .admin
            case .lead: .leadInspector
            case .inspector: .inspector
            case .assessor: .localAssessor
            case .viewer: .serviceViewer
            case .signedOut: nil
            }
        }
    }

    /// What a caller should get.
    enum Outcome: Equatable, CustomStringConvertible {
        /// Served: any status below 400, or a validation refusal (422) for the deliberately empty form sent.
        case allowed
        /// 403.
        case forbidden
        /// 404: the inspection or case must look as if it does not exist.
        case hidden
        /// Pages redirect to sign-in; the API answers 401.
        case signIn

        var description: String {
            switch self {
            case .allowed: "allowed"
            case .forbidden: "403"
            case .hidden: "404"
            case .signIn: "sign in"
            }
        }
    }

    typealias Row = [Caller: Outcome]

    static let everyone: Row = Dictionary(uniqueKeysWithValues: Caller.allCases.map { ($0, .allowed) })
    static let signedIn: Row = everyone.merging([.signedOut: .signIn]) { $1 }
    static let creators: Row = [.admin: .allowed, .lead: .allowed, .inspector: .forbidden, .assessor: .forbidden,
                                .viewer: .forbidden, .signedOut: .signIn]
    static let adminOnly: Row = [.admin: .allowed, .lead: .forbidden, .inspector: .forbidden, .assessor: .forbidden,
                                 .viewer: .forbidden, .signedOut: .signIn]
    /// Inspection set-up: the lead (and administrators) only; the viewer does not see an unpublished inspection at all.
    static let managers: Row = [.admin: .allowed, .lead: .allowed, .inspector: .forbidden, .assessor: .forbidden,
                                .viewer: .hidden, .signedOut: .signIn]
    static let taskList: Row = managers.merging([.inspector: .allowed]) { $1 }
    static let assessors: Row = taskList.merging([.assessor: .allowed]) { $1 }
    static let scores: Row = taskList
    static let anyMember: Row = assessors
    /// The improvement plan is written by the inspected service and administrators; the viewer does not see an
    /// unpublished inspection, and the team may read the plan but not write it.
    static let planEditors: Row = [.admin: .allowed, .lead: .forbidden, .inspector: .forbidden, .assessor: .forbidden,
                                   .viewer: .hidden, .signedOut: .signIn]
    /// A questionnaire link that does not exist is "not found" to everyone, signed in or not.
    static let unknownLink: Row = Dictionary(uniqueKeysWithValues: Caller.allCases.map { ($0, .hidden) })

    /// Expectations for the demo CCI inspection (in fieldwork), where lead, inspector and local assessor are members and
    /// the case used is one allocated to the local assessor.
    static let expectations: [String: Row] = [
        "GET /": everyone,
        "GET /health": everyone,
        "GET /ping": everyone,
        "GET /metrics": everyone,
        "GET /static/{file}": everyone,
        "GET /sign-in": everyone,
        "POST /sign-in": everyone,
        "POST /sign-out": everyone,
        "GET /inspections": signedIn,
        "GET /inspections/new": creators,
        "POST /inspections": creators,
        "GET /my-cases": signedIn,
        "GET /users": adminOnly,
        "POST /users": adminOnly,
        "GET /inspections/{inspection}": taskList,
        "GET /inspections/{inspection}/team": managers,
        "POST /inspections/{inspection}/team": managers,
        "GET /inspections/{inspection}/sample": managers,
        "POST /inspections/{inspection}/sample": managers,
        "POST /inspections/{inspection}/sample/replace": managers,
        "POST /inspections/{inspection}/caseload": managers,
        "GET /inspections/{inspection}/allocation": managers,
        "POST /inspections/{inspection}/allocation": managers,
        "POST /inspections/{inspection}/allocation/reassign": managers,
        "GET /inspections/{inspection}/cases": assessors,
        "GET /inspections/{inspection}/cases/{case}": assessors,
        "POST /inspections/{inspection}/cases/{case}": assessors,
        "GET /inspections/{inspection}/cases/{case}/check": assessors,
        "POST /inspections/{inspection}/cases/{case}/assessed": assessors,
        "GET /inspections/{inspection}/scores": scores,
        // The lead inspector decides labels; the empty form sent here is refused with 422 and decides nothing.
        "POST /inspections/{inspection}/scores/ratings": managers,
        "GET /inspections/{inspection}/evidence": taskList,
        "POST /inspections/{inspection}/evidence/indicators": managers,
        "POST /inspections/{inspection}/evidence/findings": taskList,
        "POST /inspections/{inspection}/evidence/examples": taskList,
        "POST /inspections/{inspection}/evidence/examples/{example}": taskList,
        "POST /inspections/{inspection}/evidence/quotes": taskList,
        "POST /inspections/{inspection}/evidence/questionnaires/{questionnaire}/links": managers,
        "POST /inspections/{inspection}/evidence/questionnaires/{questionnaire}/import": managers,
        "GET /inspections/{inspection}/evidence/interviews/new": taskList,
        "POST /inspections/{inspection}/evidence/interviews": taskList,
        "GET /inspections/{inspection}/report": taskList,
        "GET /inspections/{inspection}/report/download": taskList,
        "GET /inspections/{inspection}/report/edit": taskList,
        "POST /inspections/{inspection}/report/texts": taskList,
        "POST /inspections/{inspection}/report/read": taskList,
        "POST /inspections/{inspection}/report/recommendations": taskList,
        "POST /inspections/{inspection}/report/names": taskList,
        // Publishing also takes a confirmation; the empty form sent here is refused with 422 and publishes nothing.
        "POST /inspections/{inspection}/report/publish": managers,
        // The demo CCI is not published, so a reopening is refused with 422 and changes nothing.
        "POST /inspections/{inspection}/report/reopen": managers,
        // The demo CCI is not published: its plan page says when the plan starts, and a change is refused with 422.
        "GET /inspections/{inspection}/plan": taskList,
        "POST /inspections/{inspection}/plan/actions": planEditors,
        "POST /inspections/{inspection}/plan/actions/{action}": planEditors,
        "POST /inspections/{inspection}/plan/actions/{action}/updates": planEditors,
        // Monitoring every plan's overdue actions is for administrators and lead inspectors (their own inspections).
        "GET /plans": creators,
        "GET /inspections/{inspection}/timetable": anyMember,
        "POST /inspections/{inspection}/timetable/status": managers,
        "POST /inspections/{inspection}/timetable/milestones": managers,
        // Programme pages show published figures, and a calendar of the inspections the caller can see.
        "GET /programmes/{programme}/calendar": signedIn,
        "GET /programmes/{programme}/benchmark": signedIn,
        "GET /q/{token}": unknownLink,
        "POST /q/{token}": unknownLink,
        "POST /q/{token}/applies": unknownLink,
        "GET /api/v1/openapi.json": everyone,
        "GET /api/v1/session": signedIn,
        "GET /api/v1/inspections": signedIn,
        "POST /api/v1/inspections": creators,
        "GET /api/v1/inspections/{inspection}": anyMember,
        "GET /api/v1/inspections/{inspection}/cases": assessors,
        "GET /api/v1/inspections/{inspection}/cases/{case}/judgements": assessors,
        "PUT /api/v1/inspections/{inspection}/cases/{case}/judgements/{question}": assessors,
        "POST /api/v1/inspections/{inspection}/cases/{case}/assessed": assessors,
        "GET /api/v1/inspections/{inspection}/scores": scores,
        "PUT /api/v1/inspections/{inspection}/ratings/{level}/{score}": managers,
        "DELETE /api/v1/inspections/{inspection}/ratings/{level}/{score}": managers,
    ]

    /// The real path for a route pattern, with harmless bodies for state-changing requests.
    struct Target: Sendable {
        let inspection: Int
        let caseID: String
        let questionID: String
        /// An improvement plan action's id; the demo's first action belongs to the published SQS.
        var action = 1

        func uri(_ pattern: String) -> String {
            pattern.replacingOccurrences(of: "{inspection}", with: String(inspection))
                .replacingOccurrences(of: "{case}", with: caseID)
                .replacingOccurrences(of: "{question}", with: questionID)
                .replacingOccurrences(of: "{file}", with: "yji.css")
                .replacingOccurrences(of: "{questionnaire}", with: "children")
                .replacingOccurrences(of: "{token}", with: "no-such-link")
                .replacingOccurrences(of: "{example}", with: "1")
                .replacingOccurrences(of: "{action}", with: String(action))
                .replacingOccurrences(of: "{programme}", with: "cci")
                .replacingOccurrences(of: "{level}", with: "section")
                .replacingOccurrences(of: "{score}", with: "1")
        }
    }

    static func routes(_ fixture: WebFixture) async throws -> [(method: String, path: String)] {
        try await fixture.router().routes.map { ($0.method.rawValue, $0.path.description) }
    }

    /// Sends one request as the caller and reports what came back as an outcome.
    static func outcome(of method: String, _ path: String, target: Target, session: WebSession,
                        client: any TestClientProtocol) async throws -> (Outcome?, HTTPResponse.Status) {
        let uri = target.uri(path)
        let api = path.hasPrefix("/api/")
        let response: TestResponse
        switch (method, api) {
        case ("GET", _): response = try await session.get(client, uri)
        case (_, true):
            let body = path.hasSuffix("{question}") ? #"{"answer":"not-an-answer"}"# : "{}"
            response = try await session.json(client, HTTPRequest.Method(method)!, uri, body)
        default:
            // Forms used without an account (sign-in, questionnaire links) check their own cookie token; signed-out
            // callers have none, so give them one.
            if session.cookie.isEmpty || path == "/sign-in" || path.hasPrefix("/q/") {
                // Fetched without the session: a signed-in browser is sent on from the form, as it has no use for it.
                let form = try await client.execute(uri: "/sign-in", method: .get)
                let token = Web.cookie(form, named: "yji_signin") ?? ""
                var headers = session.headers
                headers[.cookie] = [session.cookie, "yji_signin=\(token)"].filter { !$0.isEmpty }.joined(separator: "; ")
                headers[.contentType] = "application/x-www-form-urlencoded"
                response = try await client.execute(uri: uri, method: .post, headers: headers,
                                                    body: ByteBuffer(string: Web.form(["csrf": token])))
            } else {
                response = try await session.post(client, uri)
            }
        }
        let status = response.status
        let location = response.headers[.location] ?? ""
        switch status.code {
        case 401 where api: return (.signIn, status)
        case 303 where location.hasPrefix("/sign-in") && !path.hasPrefix("/sign-") && path != "/": return (.signIn, status)
        case 403: return (.forbidden, status)
        case 404: return (.hidden, status)
        case 200..<400, 422: return (.allowed, status)
        default: return (nil, status)
        }
    }

    /// Routes with no expectation, or with one that leaves out a caller.
    static func missingExpectations(_ routes: [(method: String, path: String)]) -> [String] {
        routes.map { "\($0.method) \($0.path)" }.filter { key in
            guard let row = expectations[key] else { return true }
            return Set(row.keys) != Set(Caller.allCases)
        }
    }

    @Test func everyRouteHasAnExpectationForEveryRole() async throws {
        try await WebFixture.with { fixture, client in
            let routes = try await Self.routes(fixture)
            #expect(routes.count >= 49)
            #expect(Self.missingExpectations(routes) == [], "routes without an authorization expectation for every caller: add them")
            let registered = Set(routes.map { "\($0.method) \($0.path)" })
            for key in Self.expectations.keys { #expect(registered.contains(key), "expectation for \(key), which is not a route") }
        }
    }

    /// The guard itself: a route added to the application without an expectation is caught.
    @Test func aNewRouteWithoutAnExpectationIsCaught() async throws {
        let fixture = try await WebFixture.make()
        let router = try await fixture.router()
        router.get("/inspections/{inspection}/something-new") { _, _ in "new" }
        let routes = router.routes.map { ($0.method.rawValue, $0.path.description) }
        #expect(Self.missingExpectations(routes) == ["GET /inspections/{inspection}/something-new"])
        await fixture.remove()
    }

    @Test func everyRouteAndRoleBehavesAsExpected() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let plan = try #require(try await fixture.store.sampling.allocation(inspection: cci))
            let assessorName = try #require(DemoData.accounts.first { $0.role == .localAssessor }).name
            let assessorCase = try #require(plan.allocations.first { $0.assessor == assessorName }).caseID
            let question = try #require(try await fixture.store.inspections.framework(of: try await fixture.store.inspections.inspection(cci)).questions.first).id
            let target = Target(inspection: cci, caseID: assessorCase, questionID: question)
            let routes = try await Self.routes(fixture)
            var checks = 0
            for caller in Caller.allCases {
                for route in routes {
                    // A fresh session per check, so signing out (or a refusal) cannot affect the next check.
                    var session = WebSession.anonymous
                    if let role = caller.role { session = try await WebSession.demo(client, role) }
                    let expected = try #require(Self.expectations["\(route.method) \(route.path)"]?[caller])
                    let (actual, status) = try await Self.outcome(of: route.method, route.path, target: target, session: session, client: client)
                    #expect(actual == expected, "\(caller) \(route.method) \(route.path): expected \(expected), got \(status)")
                    checks += 1
                }
            }
            print("authorization matrix: \(checks) route × role checks on \(routes.count) routes")
            #expect(checks == routes.count * Caller.allCases.count)
        }
    }

    /// An inspection with no team: only administrators may know it exists, whatever the route.
    @Test func anotherInspectionIsInvisibleToEveryoneNotOnIt() async throws {
        try await WebFixture.with { fixture, client in
            let (framework, yaml) = try FrameworkCatalog.resolveWithSource("cci")
            let other = try await fixture.store.inspections.createInspection(
                NewInspection(areaName: "Otherton (synthetic)", framework: framework, fieldworkStart: "2026-12-01", fieldworkEnd: "2026-12-04"),
                frameworkYAML: yaml, actor: "test")
            let data = SyntheticInspection(framework: framework, caseCount: 3, seed: 3)
            try await fixture.store.assessment.importCases(inspection: other.id, csv: CaseFile.write(data.cases), file: "cases.csv", actor: "test")
            let target = Target(inspection: other.id, caseID: data.cases[0].id, questionID: framework.questions[0].id)
            var checks = 0
            for route in try await Self.routes(fixture) where route.path.contains("{inspection}") {
                for caller in [Caller.lead, .inspector, .assessor, .viewer] {
                    let session = try await WebSession.demo(client, caller.role!)
                    let (actual, status) = try await Self.outcome(of: route.method, route.path, target: target, session: session, client: client)
                    #expect(actual == .hidden, "\(caller) \(route.method) \(route.path) on another inspection: got \(status)")
                    checks += 1
                }
                let admin = try await WebSession.demo(client, .admin)
                let (actual, _) = try await Self.outcome(of: route.method, route.path, target: target, session: admin, client: client)
                #expect(actual == .allowed, "admin \(route.method) \(route.path) on another inspection")
            }
            #expect(checks > 60)
        }
    }

    /// The plan routes on published inspections: the demo SQS, the service viewer's own, and another service's, which
    /// the viewer and the team (not on it) must not be able to tell exists.
    @Test func planRoutesOnPublishedInspectionsAcrossServices() async throws {
        try await WebFixture.with { fixture, client in
            let sqs = try await fixture.inspectionID("sqs")
            let ownAction = try #require(try await fixture.store.plans.plan(inspection: sqs).actions.first).id
            let other = try await PlanPageTests.otherServicesPublishedPlan(fixture)
            let otherAction = try #require(try await fixture.store.plans.plan(inspection: other).actions.first).id
            let routes = try await Self.routes(fixture).filter { $0.path.contains("{inspection}/plan") }
            #expect(routes.count == 4)
            let own: Row = [.admin: .allowed, .lead: .allowed, .inspector: .allowed, .assessor: .hidden, .viewer: .allowed, .signedOut: .signIn]
            let ownEdit: Row = [.admin: .allowed, .lead: .forbidden, .inspector: .forbidden, .assessor: .hidden, .viewer: .allowed, .signedOut: .signIn]
            let another: Row = [.admin: .allowed, .lead: .hidden, .inspector: .hidden, .assessor: .hidden, .viewer: .hidden, .signedOut: .signIn]
            let before = try await fixture.store.plans.plan(inspection: other)
            var checks = 0
            for (inspection, action, read, edit) in [(sqs, ownAction, own, ownEdit), (other, otherAction, another, another)] {
                var target = Target(inspection: inspection, caseID: "none", questionID: "none")
                target.action = action
                for route in routes {
                    let row = route.method == "GET" ? read : edit
                    for caller in Caller.allCases {
                        var session = WebSession.anonymous
                        if let role = caller.role { session = try await WebSession.demo(client, role) }
                        let (actual, status) = try await Self.outcome(of: route.method, route.path, target: target, session: session, client: client)
                        #expect(actual == row[caller], "\(caller) \(route.method) \(route.path) on inspection \(inspection): got \(status)")
                        checks += 1
                    }
                }
            }
            #expect(checks == 2 * 4 * Caller.allCases.count)
            // The empty forms the matrix sends change nothing.
            #expect(try await fixture.store.plans.plan(inspection: other) == before)
        }
    }

    @Test func localAssessorSeesOnlyTheirOwnCases() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let plan = try #require(try await fixture.store.sampling.allocation(inspection: cci))
            let assessorName = try #require(DemoData.accounts.first { $0.role == .localAssessor }).name
            let theirs = Set(plan.allocations.filter { $0.assessor == assessorName }.map(\.caseID))
            let others = plan.allocations.filter { $0.assessor != assessorName }.map(\.caseID)
            let session = try await WebSession.demo(client, .localAssessor)
            let listed = try #require(try Web.json(try await session.get(client, "/api/v1/inspections/\(cci)/cases")) as? [[String: Any]])
            #expect(Set(listed.compactMap { $0["id"] as? String }) == theirs)
            let page = Web.body(try await session.get(client, "/inspections/\(cci)/cases"))
            for other in others.prefix(5) {
                #expect(!page.contains(">\(other)<"))
                #expect(try await session.get(client, "/inspections/\(cci)/cases/\(other)").status == .notFound)
                #expect(try await session.get(client, "/api/v1/inspections/\(cci)/cases/\(other)/judgements").status == .notFound)
            }
        }
    }

    @Test func serviceViewerSeesOnlyTheirServicesPublishedFindings() async throws {
        try await WebFixture.with { fixture, client in
            let sqs = try await fixture.inspectionID("sqs")
            let fji = try await fixture.inspectionID("fji")
            let session = try await WebSession.demo(client, .serviceViewer)
            #expect(try await session.get(client, "/inspections/\(sqs)/scores").status == .ok)
            #expect(try await session.get(client, "/api/v1/inspections/\(sqs)/scores").status == .ok)
            #expect(try await session.get(client, "/inspections/\(sqs)/cases").status == .forbidden)
            #expect(try await session.get(client, "/api/v1/inspections/\(sqs)/cases").status == .forbidden)
            #expect(try await session.get(client, "/inspections/\(fji)/scores").status == .notFound)
            let listed = try #require(try Web.json(try await session.get(client, "/api/v1/inspections")) as? [[String: Any]])
            #expect(listed.compactMap { $0["id"] as? Int } == [sqs])
        }
    }
}
