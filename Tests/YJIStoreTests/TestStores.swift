import Foundation
import SQLKit
import Testing
import YJICore
@testable import YJIStore

/// The engines the store suite runs on: SQLite always, PostgreSQL when `YJI_TEST_POSTGRES_URL` is set.
enum TestEngine: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["YJI_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var available: [TestEngine] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }

    /// How long a test's store waits for a connection. The suite runs every test at once on a shared two-core machine,
    /// where PostgreSQL has taken longer than the served default (`Store.defaultConnectionWait`) to hand out a first
    /// connection; the tests check behaviour, and the outage tests pass a short wait of their own.
    static let connectionWait: Duration = .seconds(60)

    /// A fresh, empty store location: a new SQLite file, or a new PostgreSQL schema.
    func freshLocation() -> StoreLocation {
        let name = "yji_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        switch self {
        case .sqlite:
            return .sqlite(path: FileManager.default.temporaryDirectory.appendingPathComponent("\(name).sqlite").path)
        case .postgres:
            return .postgres(url: Self.postgresURL!, schema: String(name))
        }
    }
}

/// A store opened on a fresh location, removed again when the test is done.
struct TestStore {
    let engine: TestEngine
    let location: StoreLocation
    let store: Store

    static func open(_ engine: TestEngine, faults: StoreFaults = StoreFaults()) async throws -> TestStore {
        let location = engine.freshLocation()
        return TestStore(engine: engine, location: location, store: try await Store.open(location, faults: faults, connectionWait: TestEngine.connectionWait))
    }

    /// Another instance on the same database, as a second server process would be.
    func second(faults: StoreFaults = StoreFaults()) async throws -> Store {
        try await Store.open(location, faults: faults, connectionWait: TestEngine.connectionWait)
    }

    func remove() async {
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

    /// Runs `body` with the store and removes it afterwards, whether the body throws or not.
    static func with(_ engine: TestEngine, faults: StoreFaults = StoreFaults(), _ body: (TestStore) async throws -> Void) async throws {
        let test = try await open(engine, faults: faults)
        do {
            try await body(test)
            await test.remove()
        } catch {
            await test.remove()
            throw error
        }
    }

    /// Creates an inspection of `framework` with synthetic cases (and judgements, if asked).
    func seededInspection(framework id: String = "cci", cases: Int = 12, judgements: Bool = true, seed: UInt64 = 5) async throws -> (Inspection, SyntheticInspection) {
        let (framework, yaml) = try FrameworkCatalog.resolveWithSource(id)
        let inspection = try await store.inspections.createInspection(
            NewInspection(areaName: "Synthetic Area \(seed)", region: "Test Region", framework: framework,
                          fieldworkStart: "2026-01-12", fieldworkEnd: "2026-01-16"),
            frameworkYAML: yaml, actor: "Test Lead")
        let data = SyntheticInspection(framework: framework, caseCount: cases, seed: seed)
        try await store.assessment.importCases(inspection: inspection.id, csv: CaseFile.write(data.cases), file: "cases.csv", actor: "Test Lead")
        if judgements {
            _ = try await store.assessment.importJudgements(inspection: inspection.id, csv: JudgementFile.write(data.judgements),
                                                 file: "judgements.csv", actor: "Test Assessor")
        }
        return (inspection, data)
    }

    /// Publishes an inspection through the store's gate as a team would: moved to factual accuracy, every complete case
    /// marked assessed, and a report whose checks are clear stored as the edition's record.
    @discardableResult
    func publish(_ inspectionID: Int, actor: String = "Test Lead", on day: CalendarDate? = nil) async throws -> Inspection {
        if try await store.inspections.inspection(inspectionID).status < .factualAccuracy {
            _ = try await store.lifecycle.setInspectionStatus(inspection: inspectionID, to: .factualAccuracy, actor: actor, on: day)
        }
        _ = try await store.reports.markCompleteCasesAssessed(inspection: inspectionID, actor: actor)
        let checks = ReportChecks(movedSentences: 0, protectedNamesFound: 0, auditMark: try await store.inspections.auditMark(inspection: inspectionID))
        return try await store.reports.publish(inspection: inspectionID, report: Self.syntheticReport(inspectionID), checks: checks, actor: actor, on: day)
    }

    /// A stand-in for the drafted report (the store keeps whatever the report layer gives it).
    static func syntheticReport(_ inspectionID: Int) -> PublishedReport {
        PublishedReport(html: "<html><body><h1>Synthetic report \(inspectionID)</h1></body></html>",
                        body: "<h1>Synthetic report \(inspectionID)</h1>", markdown: "# Synthetic report \(inspectionID)\n")
    }

    func count(_ table: String) async throws -> Int {
        try await store.transaction(.read) { db in
            try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()!.decode(column: "n", as: Int.self)
        }
    }
}
