import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
import YJIStore
@testable import YJIWeb

/// Refusals that must hold on every route, read from the router so a new route is covered the day it is added.
@Suite("Web hardening on every route")
struct HardeningTests {
    @Test func everyStateChangingRouteRefusesARequestWithoutTheToken() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let target = AuthorizationMatrixTests.Target(inspection: cci, caseID: "SYN-0001", questionID: "roh-screening-done")
            let auditBefore = try await fixture.store.inspections.auditTrail(inspection: cci).count
            var checked = 0
            for route in try await AuthorizationMatrixTests.routes(fixture) where route.method != "GET" {
                // The most privileged caller, so only the missing token can be the reason for a refusal.
                let admin = try await WebSession.demo(client, .admin)
                let uri = target.uri(route.path)
                let response: TestResponse
                if route.path.hasPrefix("/api/") {
                    response = try await admin.json(client, HTTPRequest.Method(route.method)!, uri, #"{"answer":"yes"}"#, csrf: false)
                } else {
                    response = try await admin.post(client, uri, ["area": "Forged (synthetic)", "programme": "cci", "answer.roh-screening-done": "yes"],
                                                    csrf: false)
                }
                #expect(response.status == .forbidden, "\(route.method) \(route.path) without a CSRF token answered \(response.status)")
                checked += 1
            }
            #expect(checked >= 20)
            #expect(try await fixture.store.inspections.auditTrail(inspection: cci).count == auditBefore, "a refused request changed something")
            #expect(try await fixture.store.inspections.inspections().count == 3)
        }
    }

    @Test func everyRouteAnswersWithTheSecurityHeaders() async throws {
        try await WebFixture.with { fixture, client in
            let cci = try await fixture.inspectionID("cci")
            let target = AuthorizationMatrixTests.Target(inspection: cci, caseID: "SYN-0001", questionID: "roh-screening-done")
            for route in try await AuthorizationMatrixTests.routes(fixture) {
                for session in [WebSession.anonymous, try await WebSession.demo(client, .inspector)] {
                    let (_, response) = try await Self.send(route.method, target.uri(route.path), session, client)
                    let headers = response.headers
                    let name = "\(route.method) \(route.path) (\(session.cookie.isEmpty ? "signed out" : "signed in"))"
                    #expect(headers[.contentSecurityPolicy] == SecurityHeadersMiddleware<WebContext>.policy, "\(name)")
                    #expect(headers[.xContentTypeOptions] == "nosniff", "\(name)")
                    #expect(headers[WebHeaders.referrerPolicy] == "same-origin", "\(name)")
                    #expect(headers[WebHeaders.frameOptions] == "DENY", "\(name)")
                    #expect(headers[.cacheControl] != nil, "\(name)")
                    let body = Web.body(response)
                    for leak in ["SQLite", "sqlite3", "PSQLError", "Fatal error", ".swift:"] { #expect(!body.contains(leak), "\(name) shows \(leak)") }
                }
            }
        }
    }

    static func send(_ method: String, _ uri: String, _ session: WebSession, _ client: any TestClientProtocol) async throws -> (String, TestResponse) {
        if method == "GET" { return (uri, try await session.get(client, uri)) }
        if uri.hasPrefix("/api/") { return (uri, try await session.json(client, HTTPRequest.Method(method)!, uri, "{}")) }
        return (uri, try await session.post(client, uri))
    }

    @Test func signInsFromOneAddressAreThrottledAcrossAccounts() async throws {
        var configuration = WebFixture.testConfiguration
        configuration.maxFailuresPerAddress = 4
        try await WebFixture.with(configuration: configuration) { fixture, client in
            let form = try await client.execute(uri: "/sign-in", method: .get)
            let token = try #require(Web.cookie(form, named: "yji_signin"))
            func attempt(_ email: String, _ password: String) async throws -> TestResponse {
                try await client.execute(uri: "/sign-in", method: .post,
                                         headers: [.cookie: "yji_signin=\(token)", .contentType: "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: Web.form(["csrf": token, "email": email, "password": password])))
            }
            // One wrong guess at each of four accounts: no account reaches its own limit, the address does.
            for account in DemoData.accounts.prefix(4) {
                #expect(try await attempt(account.email, "wrong-password").status == .unprocessableContent)
            }
            let fifth = try #require(DemoData.accounts.last)
            #expect(try await attempt(fifth.email, fifth.password).status == .tooManyRequests)
            #expect(Web.body(try await client.execute(uri: "/metrics", method: .get)).contains("yji_sign_in_throttled_total"))
        }
    }
}
