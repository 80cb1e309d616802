import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
import YJIStore
@testable import YJIWeb

@Suite("Sign-in, sessions and CSRF")
struct SignInTests {
    @Test func signInRenewsTheSessionAndSignOutEndsIt() async throws {
        try await WebFixture.with { fixture, client in
            let first = try await WebSession.demo(client, .inspector)
            let second = try await WebSession.demo(client, .inspector)
            #expect(first.cookie != second.cookie)
            #expect(try await first.get(client, "/inspections").status == .ok)
            let out = try await first.post(client, "/sign-out")
            #expect(out.status == .seeOther)
            let after = try await first.get(client, "/inspections")
            #expect(after.status == .seeOther)
            #expect(after.headers[.location]?.hasPrefix("/sign-in") == true)
            #expect(try await second.get(client, "/inspections").status == .ok)
        }
    }

    @Test func wrongPasswordIsRefusedAndThrottled() async throws {
        try await WebFixture.with { fixture, client in
            let form = try await client.execute(uri: "/sign-in", method: .get)
            let token = try #require(Web.cookie(form, named: "yji_signin"))
            func attempt(_ password: String) async throws -> TestResponse {
                try await client.execute(uri: "/sign-in", method: .post,
                                         headers: [.cookie: "yji_signin=\(token)", .contentType: "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: Web.form(["csrf": token, "email": "lead@demo.yji.invalid", "password": password])))
            }
            for _ in 0..<5 {
                let refused = try await attempt("not-the-password")
                #expect(refused.status == .unprocessableContent)
                #expect(Web.body(refused).contains("The email address or password is not right"))
            }
            let throttled = try await attempt("demo-lead-password")
            #expect(throttled.status == .tooManyRequests)
            #expect(Web.cookie(throttled, named: "yji_session") == nil)
        }
    }

    @Test func cookiesAreHttpOnlyAndSameSite() async throws {
        try await WebFixture.with { fixture, client in
            let form = try await client.execute(uri: "/sign-in", method: .get)
            let token = try #require(Web.cookie(form, named: "yji_signin"))
            let response = try await client.execute(
                uri: "/sign-in", method: .post,
                headers: [.cookie: "yji_signin=\(token)", .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: Web.form(["csrf": token, "email": "lead@demo.yji.invalid", "password": "demo-lead-password"])))
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("yji_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
        }
    }

    @Test func signInWithoutTheFormTokenIsRefused() async throws {
        try await WebFixture.with { fixture, client in
            let response = try await client.execute(
                uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: Web.form(["email": "lead@demo.yji.invalid", "password": "demo-lead-password"])))
            #expect(response.status == .forbidden)
            #expect(Web.cookie(response, named: "yji_session") == nil)
        }
    }

    @Test func idleSessionsExpire() async throws {
        var configuration = WebFixture.testConfiguration
        configuration.sessionIdleLimit = 0.5
        try await WebFixture.with(configuration: configuration) { fixture, client in
            let session = try await WebSession.demo(client, .leadInspector)
            try await Task.sleep(for: .seconds(1.2))
            let response = try await session.get(client, "/inspections")
            #expect(response.status == .seeOther)
        }
    }

    @Test func securityHeadersOnEveryKindOfResponse() async throws {
        try await WebFixture.with { fixture, client in
            let session = try await WebSession.demo(client, .admin)
            for uri in ["/sign-in", "/health", "/inspections", "/inspections/999999", "/api/v1/inspections", "/no-such-page"] {
                let response = try await session.get(client, uri)
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(uri)")
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true, "\(uri)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                #expect(response.headers[WebHeaders.referrerPolicy] == "same-origin", "\(uri)")
            }
        }
    }
}
