import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
import YJIReports
import YJIStore
@testable import YJIWeb

/// Where this test process keeps its demo template (named by the process, so concurrent runs do not share one).
private let demoTemplatePath = FileManager.default.temporaryDirectory
    .appendingPathComponent("yji-web-template-\(ProcessInfo.processInfo.processIdentifier).sqlite").path

/// The demo database, prepared once per test run (with cheap password hashes) and copied for each test, so every
/// test starts from the same three inspections and five users without paying for the set-up again.
actor DemoTemplate {
    static let shared = DemoTemplate()
    /// Shared by every caller: tests start together, and each making its own template would waste the set-up and
    /// leave files behind.
    private var preparation: Task<String, any Error>?

    func file() async throws -> String {
        if let preparation { return try await preparation.value }
        let preparation = Task { try await Self.prepare() }
        self.preparation = preparation
        return try await preparation.value
    }

    private static func prepare() async throws -> String {
        let path = demoTemplatePath
        // The template outlives every test that copies it, so it goes when the test process exits.
        atexit { for suffix in ["", "-wal", "-shm"] { unlink(demoTemplatePath + suffix) } }
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        let store = try await Store.open(.sqlite(path: path))
        do {
            try await DemoData.prepare(store, passwordCost: 4)
            // Fold the write-ahead log into the main file so one file copy is the whole database.
            try await store.checkpoint()
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        return path
    }
}

/// The web application on a private copy of the demo database, driven through HummingbirdTesting.
struct WebFixture: Sendable {
    let store: Store
    let configuration: WebConfiguration
    let path: String

    /// Lower bcrypt cost and throttling limits than production so the tests run fast and can reach the limits.
    static let testConfiguration = WebConfiguration(passwordCost: 4, maxFailuresPerAccount: 5, maxFailuresPerAddress: 20,
                                                    maxFormBytes: 64 * 1024, maxUploadBytes: 2 * 1024 * 1024)

    static func make(configuration: WebConfiguration = testConfiguration) async throws -> WebFixture {
        let template = try await DemoTemplate.shared.file()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("yji-web-\(UUID().uuidString).sqlite").path
        try FileManager.default.copyItem(atPath: template, toPath: path)
        let store = try await Store.open(.sqlite(path: path))
        return WebFixture(store: store, configuration: configuration, path: path)
    }

    /// The application's router on this fixture's store, as `yji serve` builds it.
    func router() async throws -> Router<WebContext> {
        WebApplication.buildRouter(store: store, configuration: configuration, pages: try await PageRenderer.load())
    }

    func remove() async {
        await store.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Runs `body` against the application with a test client, then removes the database.
    static func with(configuration: WebConfiguration = testConfiguration,
                     _ body: @Sendable (WebFixture, any TestClientProtocol) async throws -> Void) async throws {
        let fixture = try await make(configuration: configuration)
        do {
            try await Application(router: try await fixture.router()).test(.router) { client in try await body(fixture, client) }
            await fixture.remove()
        } catch {
            await fixture.remove()
            throw error
        }
    }

    /// As `with(configuration:_:)` on the engine given: on PostgreSQL, the demo is prepared afresh in a new schema
    /// (a file copy of the template is SQLite's shortcut), which is removed afterwards.
    static func with(engine: SharedSessionTests.Engine,
                     _ body: @Sendable (WebFixture, any TestClientProtocol) async throws -> Void) async throws {
        guard engine == .postgres else { return try await with(body) }
        let location = engine.freshLocation()
        let store = try await SharedSessionTests.Engine.open(location)
        let fixture = WebFixture(store: store, configuration: testConfiguration, path: "")
        do {
            try await DemoData.prepare(store, passwordCost: 4)
            try await Application(router: try await fixture.router()).test(.router) { client in try await body(fixture, client) }
        } catch {
            await SharedSessionTests.remove(location, store)
            throw error
        }
        await SharedSessionTests.remove(location, store)
    }

    /// The demo inspections by programme.
    func inspectionID(_ programme: String) async throws -> Int {
        try #require(try await store.inspections.inspections().first { $0.programme == programme }).id
    }

    /// Publishes an inspection through the gate as a team would: moved to factual accuracy, its complete cases marked
    /// assessed, and the report drafted, checked and stored.
    func publish(_ inspectionID: Int, on day: CalendarDate? = nil) async throws {
        if try await store.inspections.inspection(inspectionID).status < .factualAccuracy {
            _ = try await store.lifecycle.setInspectionStatus(inspection: inspectionID, to: .factualAccuracy, actor: "test", on: day)
        }
        _ = try await store.reports.markCompleteCasesAssessed(inspection: inspectionID, actor: "test")
        try await store.reports.publish(inspection: inspectionID, actor: "test", on: day)
    }
}

/// A signed-in browser: its cookie header and the CSRF token its session's forms carry.
struct WebSession: Sendable {
    var cookie: String
    var csrf: String

    /// No one signed in.
    static let anonymous = WebSession(cookie: "", csrf: "")

    var headers: HTTPFields {
        var headers = HTTPFields()
        if !cookie.isEmpty { headers[.cookie] = cookie }
        return headers
    }

    /// Signs in through the real sign-in form: GET it for the sign-in cookie, POST the credentials, keep the session.
    static func signIn(_ client: any TestClientProtocol, email: String, password: String) async throws -> WebSession {
        let form = try await client.execute(uri: "/sign-in", method: .get)
        let signinCookie = try #require(Web.cookie(form, named: "yji_signin"))
        let response = try await client.execute(
            uri: "/sign-in", method: .post,
            headers: [.cookie: "yji_signin=\(signinCookie)", .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: Web.form(["csrf": signinCookie, "email": email, "password": password])))
        #expect(response.status == .seeOther, "sign-in of \(email) answered \(response.status)")
        let session = try #require(Web.cookie(response, named: "yji_session"))
        var signedIn = WebSession(cookie: "yji_session=\(session)", csrf: "")
        let page = try await client.execute(uri: "/inspections", method: .get, headers: signedIn.headers)
        signedIn.csrf = try #require(Web.csrf(in: String(buffer: page.body)))
        return signedIn
    }

    /// Signs in as one of the demo accounts.
    static func demo(_ client: any TestClientProtocol, _ role: UserRole) async throws -> WebSession {
        let account = try #require(DemoData.accounts.first { $0.role == role })
        return try await signIn(client, email: account.email, password: account.password)
    }

    /// A form post with this session's cookie and CSRF token (unless `csrf` is false).
    func post(_ client: any TestClientProtocol, _ uri: String, _ fields: [String: String] = [:], csrf: Bool = true) async throws -> TestResponse {
        var fields = fields
        if csrf { fields["csrf"] = self.csrf }
        var headers = self.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: Web.form(fields)))
    }

    /// A JSON request with this session's cookie and CSRF header.
    func json(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
              csrf: Bool = true) async throws -> TestResponse {
        var headers = self.headers
        headers[.contentType] = "application/json"
        if csrf { headers[WebHeaders.csrfToken] = self.csrf }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    func get(_ client: any TestClientProtocol, _ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: headers)
    }
}

/// Small helpers for reading responses.
enum Web {
    static func cookie(_ response: TestResponse, named name: String) -> String? {
        for value in response.headers[values: .setCookie] where value.hasPrefix(name + "=") {
            let cookie = value.dropFirst(name.count + 1).prefix { $0 != ";" }
            return cookie.isEmpty ? nil : String(cookie)
        }
        return nil
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func form(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }
            .map { "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }

    static func body(_ response: TestResponse) -> String { String(buffer: response.body) }

    static func json(_ response: TestResponse) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body), options: [.fragmentsAllowed])
    }
}
