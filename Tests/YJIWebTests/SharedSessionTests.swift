import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
import SQLKit
@testable import YJIStore
@testable import YJIWeb

/// Two yji instances on one database: a session started on one is good on the other, and a save on one is seen
/// (and conflicts are caught) on the other. Runs on SQLite, and on PostgreSQL when `YJI_TEST_POSTGRES_URL` is set.
@Suite("Several instances share sessions and judgements")
struct SharedSessionTests {
    enum Engine: String, CaseIterable, Sendable {
        case sqlite, postgres
        static var postgresURL: String? { ProcessInfo.processInfo.environment["YJI_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }
        static var available: [Engine] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

        func freshLocation() -> StoreLocation {
            let name = "yji_web_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
            switch self {
            case .sqlite: return .sqlite(path: FileManager.default.temporaryDirectory.appendingPathComponent("\(name).sqlite").path)
            case .postgres: return .postgres(url: Self.postgresURL!, schema: String(name))
            }
        }

        /// Opens a store on `location` with a wait for connections that a shared machine running the whole suite at
        /// once cannot exceed (the served default is for people waiting at a browser, not for a loaded test run).
        static func open(_ location: StoreLocation) async throws -> Store {
            try await Store.open(location, connectionWait: .seconds(60))
        }
    }

    @Test(arguments: Engine.available)
    func aSessionStartedOnOneInstanceWorksOnTheOther(_ engine: Engine) async throws {
        let location = engine.freshLocation()
        let first = try await Engine.open(location)
        let second = try await Engine.open(location)
        do {
            try await DemoData.prepare(first, passwordCost: 4)
            let pages = try await PageRenderer.load()
            let routerA = WebApplication.buildRouter(store: first, configuration: WebFixture.testConfiguration, pages: pages)
            let routerB = WebApplication.buildRouter(store: second, configuration: WebFixture.testConfiguration, pages: pages)
            let cci = try #require(try await first.inspections.inspections().first { $0.programme == "cci" }).id
            let session: WebSession = try await Application(router: routerA).test(.router) { client in
                try await WebSession.demo(client, .localAssessor)
            }
            try await Application(router: routerB).test(.router) { client in
                let cases = try await session.get(client, "/api/v1/inspections/\(cci)/cases")
                #expect(cases.status == .ok)
                let caseID = try #require((try Web.json(cases) as? [[String: Any]])?.first?["id"] as? String)
                let path = "/api/v1/inspections/\(cci)/cases/\(caseID)/judgements/roh-screening-done"
                let saved = try await session.json(client, .put, path, #"{"answer":"yes","note":"seen on instance B","version":null}"#)
                #expect(saved.status == .created)
                let stale = try await session.json(client, .put, path, #"{"answer":"no","version":null}"#)
                #expect(stale.status == .conflict)
                let theirs = (try Web.json(stale) as? [String: Any])?["theirs"] as? [String: Any]
                #expect(theirs?["note"] as? String == "seen on instance B")
                // Signing out on B ends the session everywhere.
                #expect(try await session.post(client, "/sign-out").status == .seeOther)
            }
            try await Application(router: routerA).test(.router) { client in
                let after = try await session.get(client, "/api/v1/inspections")
                #expect(after.status == .unauthorized)
            }
        } catch {
            await Self.remove(location, first, second)
            throw error
        }
        await Self.remove(location, first, second)
    }

    /// Removes a store made on `location`: its file, or its PostgreSQL schema.
    static func remove(_ location: StoreLocation, _ store: Store) async {
        switch location {
        case .sqlite(let path):
            await store.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        case .postgres(_, let schema?):
            try? await store.withConnection { db in try await db.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
            await store.close()
        case .postgres:
            await store.close()
        }
    }

    static func remove(_ location: StoreLocation, _ first: Store, _ second: Store) async {
        await second.close()
        await remove(location, first)
    }
}
