import Foundation
import SQLKit
import Testing
import YJICore
@testable import YJIStore

/// Report editing persistence (texts, recommendations, protected names, status) on every available engine.
@Suite("Report store")
struct ReportStoreTests {
    private let key = "finding:1.1:roh-screening-done"

    /// What an async call did, as a value, so two racing calls can both be awaited.
    private static func outcome<T>(_ body: () async throws -> T) async -> Result<T, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    private func audits(_ test: TestStore, _ inspection: Inspection, entity: String) async throws -> [AuditEntry] {
        try await test.store.inspections.auditTrail(inspection: inspection.id).filter { $0.entity == entity }
    }

    @Test(arguments: TestEngine.available)
    func textsAreSavedReadAndUpdated(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 2, judgements: false)
            #expect(try await test.store.reports.reportTexts(inspection: inspection.id).isEmpty)

            let first = try await test.store.reports.saveReportText(
                inspection: inspection.id, key: key, text: "Screening was done in [[q:roh-screening-done:percent]] of cases.",
                seenFigures: ["[[q:roh-screening-done:percent]]": "92%"], baseVersion: nil, actor: "Lead")
            #expect(first.version == 1 && first.updatedBy == "Lead")
            _ = try await test.store.reports.saveReportText(inspection: inspection.id, key: "commentary:1", text: "Commentary.", seenFigures: [:],
                                                    baseVersion: nil, actor: "Lead")
            let second = try await test.store.reports.saveReportText(
                inspection: inspection.id, key: key, text: "Edited: [[q:roh-screening-done:percent]].",
                seenFigures: ["[[q:roh-screening-done:percent]]": "92%"], baseVersion: 1, actor: "Inspector")
            #expect(second.version == 2 && second.updatedBy == "Inspector")
            // Back to the drafted text: the row stays, with no text of its own.
            let drafted = try await test.store.reports.saveReportText(inspection: inspection.id, key: key, text: nil,
                                                              seenFigures: second.seenFigures, baseVersion: 2, actor: "Lead")
            #expect(drafted.text == nil && drafted.version == 3)

            let stored = try await test.store.reports.reportTexts(inspection: inspection.id)
            #expect(stored.map(\.key) == ["commentary:1", key])
            #expect(stored.last == drafted)

            let trail = try await audits(test, inspection, entity: "report-text")
            #expect(trail.map(\.action) == ["create", "create", "update", "update"])
            #expect(trail.last?.entityID == key)
            #expect(trail.last?.before?.contains("Edited:") == true)
            #expect(trail.last?.after?.contains("\"version\":3") == true)
            await #expect(throws: StoreError.notFound("no inspection with id 999999")) {
                try await test.store.reports.saveReportText(inspection: 999_999, key: key, text: "x", seenFigures: [:], baseVersion: nil, actor: "Lead")
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func aStaleVersionIsRefusedAndWritesNothing(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 2, judgements: false)
            _ = try await test.store.reports.saveReportText(inspection: inspection.id, key: key, text: "One.", seenFigures: [:], baseVersion: nil, actor: "A")
            _ = try await test.store.reports.saveReportText(inspection: inspection.id, key: key, text: "Two.", seenFigures: [:], baseVersion: 1, actor: "B")
            let before = try await test.store.reports.reportTexts(inspection: inspection.id)
            let auditBefore = try await test.count("audit_log")

            for base in [nil, 1, 3] as [Int?] {
                do {
                    _ = try await test.store.reports.saveReportText(inspection: inspection.id, key: key, text: "Mine.", seenFigures: [:],
                                                            baseVersion: base, actor: "A")
                    Issue.record("a save from version \(String(describing: base)) must be refused")
                } catch StoreError.conflict(let message) {
                    #expect(message.contains(key))
                }
            }
            // Expecting a row that is not there is a conflict too.
            await #expect(throws: StoreError.self) {
                try await test.store.reports.saveReportText(inspection: inspection.id, key: "summary:3", text: "x", seenFigures: [:], baseVersion: 1, actor: "A")
            }
            #expect(try await test.store.reports.reportTexts(inspection: inspection.id) == before)
            #expect(try await test.count("audit_log") == auditBefore)

            // Sending again what is stored is no conflict, and writes nothing.
            let again = try await test.store.reports.saveReportText(inspection: inspection.id, key: key, text: "Two.", seenFigures: [:], baseVersion: 1, actor: "A")
            #expect(again == before[0])
            #expect(try await test.count("audit_log") == auditBefore)
        }
    }

    @Test(arguments: TestEngine.available)
    func twoEditorsFromTheSameVersionOneWins(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 2, judgements: false)
            let other = try await test.second()
            async let first = Self.outcome { try await test.store.reports.saveReportText(inspection: inspection.id, key: key, text: "A's words.", seenFigures: [:],
                                                                           baseVersion: nil, actor: "A") }
            async let second = Self.outcome { try await other.reports.saveReportText(inspection: inspection.id, key: key, text: "B's words.", seenFigures: [:],
                                                                       baseVersion: nil, actor: "B") }
            let outcomes = await [first, second]
            let saved = outcomes.compactMap { try? $0.get() }
            #expect(saved.count == 1)
            for case .failure(let error) in outcomes { #expect(error as? StoreError != nil) }
            #expect(try await test.store.reports.reportTexts(inspection: inspection.id) == saved)
            #expect(try await audits(test, inspection, entity: "report-text").count == 1)
            await other.close()
        }
    }

    @Test(arguments: TestEngine.available)
    func markingReadRecordsTheFiguresSeen(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 2, judgements: false)
            let edited = try await test.store.reports.saveReportText(inspection: inspection.id, key: key, text: "In [[c:1.1:proportion]] of cases.",
                                                             seenFigures: ["[[c:1.1:proportion]]": "7 of 11"], baseVersion: nil, actor: "Editor")
            try await test.store.reports.markReportTextsRead(inspection: inspection.id, figures: [
                key: ["[[c:1.1:proportion]]": "8 of 11"],
                "summary:3": ["b": "two-thirds", "c": "92%"],
            ], actor: "Reviewer")
            let texts = Dictionary(uniqueKeysWithValues: try await test.store.reports.reportTexts(inspection: inspection.id).map { ($0.key, $0) })
            #expect(texts[key] == ReportText(key: key, text: edited.text, seenFigures: ["[[c:1.1:proportion]]": "8 of 11"], version: 2,
                                             updatedAt: texts[key]!.updatedAt, updatedBy: "Reviewer"))
            #expect(texts["summary:3"]?.text == nil)
            #expect(texts["summary:3"]?.seenFigures == ["b": "two-thirds", "c": "92%"])
            #expect(texts["summary:3"]?.version == 1)
            #expect(try await audits(test, inspection, entity: "report-text").filter { $0.reason == "marked read" }.count == 2)

            // The editor who loaded version 1 must reload rather than overwrite what the reviewer saw.
            await #expect(throws: StoreError.self) {
                try await test.store.reports.saveReportText(inspection: inspection.id, key: key, text: "Mine.", seenFigures: ["[[c:1.1:proportion]]": "7 of 11"],
                                                    baseVersion: 1, actor: "Editor")
            }

            // Reading the same figures again changes nothing; a bad key refuses the whole mark.
            let auditBefore = try await test.count("audit_log")
            try await test.store.reports.markReportTextsRead(inspection: inspection.id, figures: [key: ["[[c:1.1:proportion]]": "8 of 11"]], actor: "Reviewer")
            await #expect(throws: StoreError.self) {
                try await test.store.reports.markReportTextsRead(inspection: inspection.id, figures: [key: ["[[c:1.1:proportion]]": "9 of 11"], "": ["x": "1"]], actor: "Reviewer")
            }
            #expect(try await test.count("audit_log") == auditBefore)
            #expect(try await test.store.reports.reportTexts(inspection: inspection.id).map(\.version) == [2, 1])
        }
    }

    @Test(arguments: TestEngine.available)
    func recommendationsAreValidatedAndReplacedWhole(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 2, judgements: false)
            let three = [
                ReportRecommendation(position: 2, text: "  Plans address the risk of harm.  ", responsible: "YOT Manager"),
                ReportRecommendation(position: 1, text: "Assessments are completed on time.", responsible: " YOT Manager "),
                ReportRecommendation(position: 3, text: "Health needs are met.", responsible: "Local Health Board"),
            ]
            try await test.store.reports.saveRecommendations(inspection: inspection.id, three, actor: "Lead")
            let stored = try await test.store.reports.recommendations(inspection: inspection.id)
            #expect(stored == [
                ReportRecommendation(position: 1, text: "Assessments are completed on time.", responsible: "YOT Manager"),
                ReportRecommendation(position: 2, text: "Plans address the risk of harm.", responsible: "YOT Manager"),
                ReportRecommendation(position: 3, text: "Health needs are met.", responsible: "Local Health Board"),
            ])
            let auditBefore = try await test.count("audit_log")

            let broken: [[ReportRecommendation]] = [
                [ReportRecommendation(position: 1, text: " ", responsible: "YOT Manager")],
                [ReportRecommendation(position: 1, text: "Do this.", responsible: "")],
                [ReportRecommendation(position: 1, text: "Do this.", responsible: "A"), ReportRecommendation(position: 3, text: "And this.", responsible: "B")],
                [ReportRecommendation(position: 1, text: "Do this.", responsible: "A"), ReportRecommendation(position: 1, text: "And this.", responsible: "B")],
                [ReportRecommendation(position: 0, text: "Do this.", responsible: "A")],
            ]
            for items in broken {
                await #expect(throws: StoreError.self) { try await test.store.reports.saveRecommendations(inspection: inspection.id, items, actor: "Lead") }
            }
            do {
                try await test.store.reports.saveRecommendations(inspection: inspection.id, [
                    ReportRecommendation(position: 1, text: "", responsible: ""), ReportRecommendation(position: 3, text: "x", responsible: "y"),
                ], actor: "Lead")
            } catch let StoreError.invalid(message) {
                #expect(message == "recommendation 1 has no text; recommendation 1 does not name the body responsible; "
                        + "recommendations must be numbered 1 to 2 without gaps or repeats, not 1, 3")
            }
            #expect(try await test.store.reports.recommendations(inspection: inspection.id) == stored)
            #expect(try await test.count("audit_log") == auditBefore)

            // A shorter list replaces the longer one entirely; an empty list clears it.
            let one = [ReportRecommendation(position: 1, text: "One thing.", responsible: "Management Board")]
            try await test.store.reports.saveRecommendations(inspection: inspection.id, one, actor: "Lead")
            #expect(try await test.store.reports.recommendations(inspection: inspection.id) == one)
            try await test.store.reports.saveRecommendations(inspection: inspection.id, one, actor: "Lead")
            try await test.store.reports.saveRecommendations(inspection: inspection.id, [], actor: "Lead")
            #expect(try await test.store.reports.recommendations(inspection: inspection.id).isEmpty)
            #expect(try await audits(test, inspection, entity: "recommendations").map(\.action) == ["create", "update", "delete"])
        }
    }

    @Test(arguments: TestEngine.available)
    func concurrentRecommendationSavesLeaveOneWholeList(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 2, judgements: false)
            let other = try await test.second()
            let long = (1...4).map { ReportRecommendation(position: $0, text: "Long \($0).", responsible: "A") }
            let short = (1...2).map { ReportRecommendation(position: $0, text: "Short \($0).", responsible: "B") }
            for _ in 0..<3 {
                async let first: Void = test.store.reports.saveRecommendations(inspection: inspection.id, long, actor: "A")
                async let second: Void = other.reports.saveRecommendations(inspection: inspection.id, short, actor: "B")
                _ = try await (first, second)
                let stored = try await test.store.reports.recommendations(inspection: inspection.id)
                #expect(stored == long || stored == short)
                try await test.store.reports.saveRecommendations(inspection: inspection.id, [], actor: "A")
            }
            await other.close()
        }
    }

    @Test(arguments: TestEngine.available)
    func protectedNamesAreNormalised(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 2, judgements: false)
            try await test.store.reports.saveProtectedNames(inspection: inspection.id, ["  Jo Smith ", "", "jo smith", "Alex", " \n", "ALEX ", "sam"],
                                                    actor: "Lead")
            #expect(try await test.store.reports.protectedNames(inspection: inspection.id) == ["Alex", "Jo Smith", "sam"])

            // Saving the same names again writes nothing; a name kept keeps who added it.
            let auditBefore = try await test.count("audit_log")
            try await test.store.reports.saveProtectedNames(inspection: inspection.id, ["sam", "Jo Smith", "alex"], actor: "Inspector")
            #expect(try await test.count("audit_log") == auditBefore + 1)
            try await test.store.reports.saveProtectedNames(inspection: inspection.id, ["Jo Smith", "sam", "alex", "Kim"], actor: "Inspector")
            #expect(try await test.store.reports.protectedNames(inspection: inspection.id) == ["alex", "Jo Smith", "Kim", "sam"])
            let addedBy = try await test.store.transaction(.read) { db in
                try await db.raw("SELECT name, added_by FROM report_protected_names").all().reduce(into: [String: String]()) {
                    $0[try $1.decode(column: "name", as: String.self)] = try $1.decode(column: "added_by", as: String.self)
                }
            }
            #expect(addedBy == ["Jo Smith": "Lead", "sam": "Lead", "alex": "Inspector", "Kim": "Inspector"])
            try await test.store.reports.saveProtectedNames(inspection: inspection.id, ["Kim", "KIM"], actor: "Inspector")
            #expect(try await test.store.reports.protectedNames(inspection: inspection.id) == ["Kim"])
            try await test.store.reports.saveProtectedNames(inspection: inspection.id, ["Kim"], actor: "Inspector")

            let trail = try await audits(test, inspection, entity: "protected-names")
            #expect(trail.map(\.action) == ["create", "update", "update", "update"])
            #expect(trail.last?.before == #"["alex","Jo Smith","Kim","sam"]"#)
            #expect(trail.last?.after == #"["Kim"]"#)
        }
    }

    @Test(arguments: TestEngine.available)
    func statusChangesAreAudited(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 2, judgements: false)
            let draft = try await test.store.lifecycle.setInspectionStatus(inspection: inspection.id, to: .draftReport, actor: "Lead")
            #expect(draft.status == .draftReport)
            let accuracy = try await test.store.lifecycle.setInspectionStatus(inspection: inspection.id, to: .factualAccuracy, actor: "Lead")
            #expect(try await test.store.inspections.inspection(inspection.id) == accuracy)
            // The same status again writes nothing; publishing is not a status move.
            _ = try await test.store.lifecycle.setInspectionStatus(inspection: inspection.id, to: .factualAccuracy, actor: "Lead")
            await #expect(throws: StoreError.self) { try await test.store.lifecycle.setInspectionStatus(inspection: inspection.id, to: .published, actor: "Lead") }

            let trail = try await audits(test, inspection, entity: "inspection").filter { $0.action == "update" }
            #expect(trail.map(\.reason) == ["status planning to draft-report", "status draft-report to factual-accuracy"])
            #expect(trail.last?.before?.contains("\"status\":\"draft-report\"") == true)
            #expect(trail.last?.after?.contains("\"status\":\"factual-accuracy\"") == true)
            await #expect(throws: StoreError.self) { try await test.store.lifecycle.setInspectionStatus(inspection: 999_999, to: .draftReport, actor: "Lead") }
        }
    }

    @Test(arguments: TestEngine.available)
    func theSchemaRefusesBrokenReportRows(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 1, judgements: false)
            let id = inspection.id
            let statements: [SQLQueryString] = [
                "INSERT INTO report_texts (inspection_id, block_key, seen_figures, version, updated_at, updated_by) VALUES (\(bind: id), 'k', '{}', 0, 'now', 'x')",
                "INSERT INTO report_texts (inspection_id, block_key, seen_figures, version, updated_at, updated_by) VALUES (\(bind: id), 'k', 'figures', 1, 'now', 'x')",
                "INSERT INTO report_texts (inspection_id, block_key, seen_figures, version, updated_at, updated_by) VALUES (999999, 'k', '{}', 1, 'now', 'x')",
                "INSERT INTO report_recommendations (inspection_id, position, text, responsible) VALUES (\(bind: id), 0, 'Do it.', 'YOT Manager')",
                "INSERT INTO report_recommendations (inspection_id, position, text, responsible) VALUES (\(bind: id), 1, '  ', 'YOT Manager')",
                "INSERT INTO report_recommendations (inspection_id, position, text, responsible) VALUES (\(bind: id), 1, 'Do it.', NULL)",
                "INSERT INTO report_protected_names (inspection_id, name, added_by, added_at) VALUES (\(bind: id), '', 'x', 'now')",
            ]
            for statement in statements {
                await #expect(throws: (any Error).self) { try await test.store.transaction { db in try await db.raw(statement).run() } }
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func theArchiveCarriesTheReport(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 4, seed: 12)
            _ = try await test.store.reports.saveReportText(inspection: inspection.id, key: key, text: "Edited [[c:1.1:proportion]].", seenFigures: ["[[c:1.1:proportion]]": "92%"],
                                                    baseVersion: nil, actor: "Lead")
            _ = try await test.store.reports.saveReportText(inspection: inspection.id, key: key, text: "Edited again [[c:1.1:proportion]].", seenFigures: ["[[c:1.1:proportion]]": "92%"],
                                                    baseVersion: 1, actor: "Lead")
            try await test.store.reports.markReportTextsRead(inspection: inspection.id, figures: ["summary:1": ["b": "7 of 11"]], actor: "Reviewer")
            let recommendations = [ReportRecommendation(position: 1, text: "Plans are reviewed.", responsible: "YOT Manager"),
                                   ReportRecommendation(position: 2, text: "Health needs are met.", responsible: "Local Health Board")]
            try await test.store.reports.saveRecommendations(inspection: inspection.id, recommendations, actor: "Lead")
            try await test.store.reports.saveProtectedNames(inspection: inspection.id, ["Jo Smith", "Alex"], actor: "Lead")

            let archive = try await test.store.archives.export(inspection: inspection.id)
            #expect(archive.report?.texts == (try await test.store.reports.reportTexts(inspection: inspection.id)))
            #expect(archive.report?.recommendations == recommendations)
            #expect(archive.report?.protectedNames == ["Alex", "Jo Smith"])
            let bytes = try archive.jsonData()
            let copy = try await test.store.archives.importArchive(try InspectionArchive.read(bytes, file: "archive.json"), file: "archive.json", actor: "Importer")
            #expect(try await test.store.reports.reportTexts(inspection: copy.id) == archive.report?.texts)
            #expect(try await test.store.reports.reportTexts(inspection: copy.id).first { $0.key == key }?.version == 2)
            #expect(try await test.store.reports.recommendations(inspection: copy.id) == recommendations)
            #expect(try await test.store.reports.protectedNames(inspection: copy.id) == ["Alex", "Jo Smith"])
            #expect(try await test.store.archives.export(inspection: copy.id).jsonData() == bytes)
            let reasons = try await test.store.inspections.auditTrail(inspection: copy.id)
                .filter { ["report-text", "recommendations", "protected-names"].contains($0.entity) }.map(\.reason)
            #expect(reasons.count == 4 && reasons.allSatisfy { $0 == "imported from archive.json" })

            // An archive written before yji kept report edits still imports, with an empty report.
            var json = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
            json["report"] = nil
            let old = try InspectionArchive.read(try JSONSerialization.data(withJSONObject: json), file: "old.json")
            #expect(old.report == nil)
            let oldCopy = try await test.store.archives.importArchive(old, file: "old.json", actor: "Importer")
            #expect(try await test.store.reports.reportTexts(inspection: oldCopy.id).isEmpty)
            #expect(try await test.store.reports.recommendations(inspection: oldCopy.id).isEmpty)

            // A report part the store would refuse is refused whole, before anything is written.
            let inspections = try await test.store.inspections.inspections().count
            var broken = String(decoding: bytes, as: UTF8.self)
            broken = broken.replacingOccurrences(of: "\"responsible\" : \"Local Health Board\"", with: "\"responsible\" : \" \"")
            do {
                _ = try await test.store.archives.importArchive(try InspectionArchive.read(Data(broken.utf8), file: "b.json"), file: "b.json", actor: "Importer")
                Issue.record("a recommendation without the body responsible must be refused")
            } catch let StoreError.invalid(message) {
                #expect(message == "b.json: recommendation 2 does not name the body responsible")
            }
            #expect(try await test.store.inspections.inspections().count == inspections)
        }
    }
}
