import Foundation
import SQLKit
import Testing
import YJICore
@testable import YJIStore

/// The same store suite on every available engine.
@Suite("Store")
struct StoreTests {
    @Test(.disabled(if: TestEngine.postgresURL == nil,
                     "YJI_TEST_POSTGRES_URL is not set: the store suite ran on SQLite only (.ci/run runs it on PostgreSQL too)"))
    func postgresIsInTheSuite() {
        #expect(TestEngine.available.contains(.postgres))
    }

    @Test(arguments: TestEngine.available)
    func migrationsAreRecordedAndRunOnce(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let all = Migrator.migrations.map(\.version)
            #expect(try await test.store.appliedMigrations() == all)
            // Two more instances starting at once find nothing left to do.
            async let first = test.second()
            async let second = test.second()
            let (a, b) = try await (first, second)
            #expect(try await a.appliedMigrations() == all)
            await a.close()
            await b.close()
            #expect(try await test.count("schema_migrations") == all.count)
        }
    }

    @Test(arguments: TestEngine.available)
    func storedScoresAreTheEnginesScores(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, data) = try await test.seededInspection(cases: 20)
            let (framework, card) = try await test.store.scores.scorecard(inspection: inspection.id)
            let direct = try ScoringEngine(framework: framework).scorecard(cases: data.cases, judgements: data.judgements)
            #expect(card == direct)
            #expect(try await test.store.assessment.cases(inspection: inspection.id) == data.cases)
            #expect(try await test.store.assessment.judgements(inspection: inspection.id).map(\.judgement) == data.judgements)
        }
    }

    @Test(arguments: TestEngine.available)
    func aCasesImportWithAProblemWritesNothing(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, data) = try await test.seededInspection(cases: 5, judgements: false)
            let auditBefore = try await test.store.inspections.auditTrail(inspection: inspection.id).count
            var rows = CaseFile.write(SyntheticInspection(framework: try FrameworkCatalog.shipped("cci"), caseCount: 8, seed: 99).cases)
                .replacingOccurrences(of: "SYN-", with: "NEW-").components(separatedBy: "\n")
            rows[3] = rows[3].replacingOccurrences(of: ",no", with: ",perhaps").replacingOccurrences(of: ",yes", with: ",perhaps")
            rows[5] = rows[5].replacingOccurrences(of: "NEW-0005", with: data.cases[0].id)
            await #expect(throws: StoreError.self) {
                try await test.store.assessment.importCases(inspection: inspection.id, csv: rows.joined(separator: "\n"), file: "more.csv", actor: "Test Lead")
            }
            do {
                try await test.store.assessment.importCases(inspection: inspection.id, csv: rows.joined(separator: "\n"), file: "more.csv", actor: "Test Lead")
            } catch let StoreError.problems(list) {
                #expect(list.problems.map(\.description) == ["more.csv:4: looked_after: 'perhaps' is not yes or no"])
            }
            rows[3] = rows[3].replacingOccurrences(of: ",perhaps", with: ",no")
            do {
                try await test.store.assessment.importCases(inspection: inspection.id, csv: rows.joined(separator: "\n"), file: "more.csv", actor: "Test Lead")
                Issue.record("a case already in the inspection must be refused")
            } catch let StoreError.problems(list) {
                #expect(list.problems.map(\.description) == ["more.csv:6: case_id: '\(data.cases[0].id)' is already in inspection \(inspection.id)"])
            }
            #expect(try await test.store.assessment.cases(inspection: inspection.id).count == 5)
            #expect(try await test.store.inspections.auditTrail(inspection: inspection.id).count == auditBefore)
        }
    }

    @Test(arguments: TestEngine.available)
    func aJudgementsImportWithAnInapplicableAnswerWritesNothing(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, data) = try await test.seededInspection(cases: 6, judgements: false)
            let community = try #require(data.cases.first { $0.setting == .community })
            var judgements = data.judgements
            judgements.append(Judgement(caseID: community.id, questionID: "custody-plan-produced", answer: .yes))
            let text = JudgementFile.write(judgements)
            do {
                _ = try await test.store.assessment.importJudgements(inspection: inspection.id, csv: text, file: "j.csv", actor: "Test Assessor")
                Issue.record("the import must be refused")
            } catch let StoreError.problems(list) {
                let line = judgements.count + 1
                #expect(list.problems.map(\.description).contains {
                    $0.hasPrefix("j.csv:\(line): question_id: case \(community.id), question custody-plan-produced: answered, but the question applies to custody cases only")
                })
            }
            #expect(try await test.store.assessment.judgements(inspection: inspection.id).isEmpty)
            #expect(try await test.count("judgements") == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func twoWritersEditingOneJudgementConflict(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, data) = try await test.seededInspection(cases: 3)
            let other = try await test.second()
            let target = try #require(data.judgements.first { $0.questionID == "roh-screening-done" })
            let stored = try #require(try await test.store.assessment.judgements(inspection: inspection.id)
                .first { $0.caseID == target.caseID && $0.questionID == target.questionID })
            #expect(stored.version == 1)

            // Both writers read version 1; the first save wins, the second is refused with both versions.
            let mine = JudgementEdit(caseID: target.caseID, questionID: target.questionID, answer: .yes, assessor: "A", note: "mine", baseVersion: 1)
            let theirs = JudgementEdit(caseID: target.caseID, questionID: target.questionID, answer: .no, assessor: "B", note: "theirs", baseVersion: 1)
            let first = try await other.assessment.saveJudgement(inspection: inspection.id, theirs, actor: "Inspector B")
            let second = try await test.store.assessment.saveJudgement(inspection: inspection.id, mine, actor: "Inspector A")
            guard case .saved(let saved) = first else { Issue.record("the first save must succeed"); return }
            #expect(saved.version == 2 && saved.note == "theirs")
            guard case .conflict(let yours, let current) = second else { Issue.record("the second save must conflict"); return }
            #expect(yours == mine)
            #expect(current == saved)

            // Many writers racing from the same version: exactly one wins.
            let outcomes = try await withThrowingTaskGroup(of: SaveOutcome.self) { group in
                for index in 0..<8 {
                    let writer = index % 2 == 0 ? test.store : other
                    let edit = JudgementEdit(caseID: target.caseID, questionID: target.questionID, answer: index % 3 == 0 ? .no : .yes,
                                             assessor: "Writer \(index)", note: "race \(index)", baseVersion: 2)
                    group.addTask { try await writer.assessment.saveJudgement(inspection: inspection.id, edit, actor: "Writer \(index)") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let wins = outcomes.filter { if case .saved = $0 { return true } else { return false } }
            #expect(wins.count == 1)
            let final = try #require(try await test.store.assessment.judgements(inspection: inspection.id)
                .first { $0.caseID == target.caseID && $0.questionID == target.questionID })
            #expect(final.version == 3)
            // Every saved version is in the audit trail, and only those.
            let trail = try await test.store.inspections.auditTrail(inspection: inspection.id).filter { $0.entityID == "\(target.caseID)/\(target.questionID)" }
            #expect(trail.map(\.action) == ["create", "update", "update"])
            await other.close()
        }
    }

    @Test(arguments: TestEngine.available)
    func aSaveMustStandUnderTheFrameworksRules(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, data) = try await test.seededInspection(cases: 4, judgements: false)
            let community = try #require(data.cases.first { $0.setting == .community })
            let edit = JudgementEdit(caseID: community.id, questionID: "custody-plan-produced", answer: .yes, baseVersion: nil)
            await #expect(throws: StoreError.self) { try await test.store.assessment.saveJudgement(inspection: inspection.id, edit, actor: "A") }
            let required = JudgementEdit(caseID: community.id, questionID: "rmp-required", answer: .option("required"), baseVersion: nil)
            guard case .saved = try await test.store.assessment.saveJudgement(inspection: inspection.id, required, actor: "A") else { Issue.record(); return }
            let produced = JudgementEdit(caseID: community.id, questionID: "rmp-produced", answer: .yes, baseVersion: nil)
            guard case .saved = try await test.store.assessment.saveJudgement(inspection: inspection.id, produced, actor: "A") else { Issue.record(); return }
            // Changing the answer that rmp-produced depends on would leave it standing where it does not apply.
            let notRequired = JudgementEdit(caseID: community.id, questionID: "rmp-required", answer: .option("not required"), baseVersion: 1)
            await #expect(throws: StoreError.self) { try await test.store.assessment.saveJudgement(inspection: inspection.id, notRequired, actor: "A") }
            #expect(try await test.store.assessment.judgements(inspection: inspection.id).count == 2)
        }
    }

    @Test(arguments: TestEngine.available)
    func everyWriteKeepsItsAuditRowOrNeither(_ engine: TestEngine) async throws {
        struct InjectedFault: Error {}
        // Fail every write right after its first audit row for a judgement or case is written.
        let faults = StoreFaults(afterAudit: { entry in
            if entry.entity == "judgement" || (entry.entity == "case" && entry.entityID.hasSuffix("0002")) { throw InjectedFault() }
        })
        try await TestStore.with(engine) { test in
            let (inspection, data) = try await test.seededInspection(cases: 3, judgements: false)
            let failing = try await test.second(faults: faults)
            let auditBefore = try await test.count("audit_log")

            let target = data.judgements[0]
            let edit = JudgementEdit(caseID: target.caseID, questionID: target.questionID, answer: target.answer, baseVersion: nil)
            await #expect(throws: InjectedFault.self) { try await failing.assessment.saveJudgement(inspection: inspection.id, edit, actor: "A") }
            await #expect(throws: InjectedFault.self) {
                try await failing.assessment.importJudgements(inspection: inspection.id, csv: JudgementFile.write(data.judgements), file: "j.csv", actor: "A")
            }
            let more = CaseFile.write(SyntheticInspection(framework: try FrameworkCatalog.shipped("cci"), caseCount: 3, seed: 77).cases)
                .replacingOccurrences(of: "SYN-", with: "MORE-")
            await #expect(throws: InjectedFault.self) {
                try await failing.assessment.importCases(inspection: inspection.id, csv: more, file: "more.csv", actor: "A")
            }
            #expect(try await test.count("judgements") == 0)
            #expect(try await test.count("cases") == 3)
            #expect(try await test.count("audit_log") == auditBefore)

            // The same writes without the fault keep both the change and its audit row.
            guard case .saved = try await test.store.assessment.saveJudgement(inspection: inspection.id, edit, actor: "A") else { Issue.record(); return }
            #expect(try await test.count("judgements") == 1)
            #expect(try await test.count("audit_log") == auditBefore + 1)
            await failing.close()
        }
    }

    @Test(arguments: TestEngine.available)
    func theAuditLogCannotBeChanged(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            _ = try await test.seededInspection(cases: 2, judgements: false)
            let before = try await test.count("audit_log")
            await #expect(throws: (any Error).self) {
                try await test.store.transaction { db in try await db.raw("UPDATE audit_log SET actor = 'someone else'").run() }
            }
            await #expect(throws: (any Error).self) {
                try await test.store.transaction { db in try await db.raw("DELETE FROM audit_log").run() }
            }
            #expect(try await test.count("audit_log") == before)
        }
    }

    @Test(arguments: TestEngine.available)
    func theSchemaRefusesWhatTheCodeWouldNever(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 1, judgements: false)
            let caseKey = try await test.store.transaction(.read) { db in
                try await db.raw("SELECT id FROM cases").first()!.decode(column: "id", as: Int.self)
            }
            let statements: [SQLQueryString] = [
                "INSERT INTO judgements (inspection_id, case_id, question_id, answer, version, updated_at, updated_by) VALUES (\(bind: inspection.id), \(bind: caseKey), 'q', 'maybe', 1, 'now', 'x')",
                "INSERT INTO judgements (inspection_id, case_id, question_id, answer, version, updated_at, updated_by) VALUES (\(bind: inspection.id), \(bind: caseKey), 'q', 'option', 1, 'now', 'x')",
                "INSERT INTO judgements (inspection_id, case_id, question_id, answer, version, updated_at, updated_by) VALUES (\(bind: inspection.id), 999999, 'q', 'yes', 1, 'now', 'x')",
                "INSERT INTO areas (name, region, country) VALUES ('Elsewhere', '', 'Scotland')",
                "UPDATE cases SET age = 25",
            ]
            for statement in statements {
                await #expect(throws: (any Error).self) { try await test.store.transaction { db in try await db.raw(statement).run() } }
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func exportThenImportReproducesDataAndScores(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, data) = try await test.seededInspection(framework: "fji", cases: 15, seed: 21)
            // A few edits, so versions above 1 travel too.
            let first = data.judgements.first { $0.questionID.isEmpty == false && $0.answer == .yes }!
            _ = try await test.store.assessment.saveJudgement(inspection: inspection.id, JudgementEdit(
                caseID: first.caseID, questionID: first.questionID, answer: .no, note: "re-judged, with a comma, and \"quotes\"",
                baseVersion: 1), actor: "Test Lead")
            // Evidence beyond the case files travels with the inspection.
            let children = try QuestionnaireCatalog.shipped("children")
            try await test.store.evidence.importQuestionnaireResponses(
                inspection: inspection.id, questionnaire: children,
                csv: QuestionnaireResponseFile.write(SyntheticQuestionnaire.responses(children, count: 6, seed: 4), questionnaire: children),
                file: "children.csv", actor: "Test Lead")
            try await test.store.evidence.addFinding(inspection: inspection.id, StructuredFinding(
                area: .governance, keyFindings: ["The board met regularly."],
                documents: [EvidenceDocument(title: "Board minutes (synthetic)", date: CalendarDate(year: 2026, month: 1, day: 5)!, providedBy: "The service")]),
                actor: "Test Lead")
            try await test.store.evidence.addPracticeExample(inspection: inspection.id, PracticeExample(
                area: .theme("1"), kind: .quote, text: "A synthetic quote.", namesChanged: true), actor: "Test Lead")
            try await test.store.evidence.saveIndicators(ContextualIndicators(area: inspection.area.name, period: "2013-14", reoffendingRate: 42.1,
                                                                    englandWalesReoffendingRate: 38.0, cohort: "synthetic", source: "synthetic"),
                                                actor: "Test Lead")
            let archive = try await test.store.archives.export(inspection: inspection.id)
            #expect(archive.evidence?.questionnaires["children"]?.count == 6)
            #expect(archive.evidence?.findings.count == 1 && archive.evidence?.practiceExamples.count == 1)
            #expect(archive.evidence?.indicators.count == 1)
            let bytes = try archive.jsonData()
            let copy = try await test.store.archives.importArchive(try InspectionArchive.read(bytes, file: "archive.json"), file: "archive.json", actor: "Test Lead")
            #expect(copy.id != inspection.id)
            let again = try await test.store.archives.export(inspection: copy.id)
            #expect(try again.jsonData() == bytes)
            let (_, original) = try await test.store.scores.scorecard(inspection: inspection.id)
            let (_, copied) = try await test.store.scores.scorecard(inspection: copy.id)
            #expect(original == copied)
        }
    }

    @Test(arguments: TestEngine.available)
    func aBrokenArchiveIsRefusedWhole(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let (inspection, _) = try await test.seededInspection(cases: 4, seed: 8)
            var json = String(decoding: try await test.store.archives.export(inspection: inspection.id).jsonData(), as: UTF8.self)
            json = json.replacingOccurrences(of: "\"setting\" : \"community\"", with: "\"setting\" : \"custody\"")
            #expect(json.contains("\"setting\" : \"custody\""))
            let inspections = try await test.store.inspections.inspections().count
            await #expect(throws: StoreError.self) {
                try await test.store.archives.importArchive(try InspectionArchive.read(Data(json.utf8), file: "a.json"), file: "a.json", actor: "T")
            }
            #expect(throws: StoreError.self) { try InspectionArchive.read(Data("{\"format\": 1}".utf8), file: "b.json") }
            #expect(try await test.store.inspections.inspections().count == inspections)
        }
    }

    @Test func sqliteBackupIsAConsistentCopy() async throws {
        try await TestStore.with(.sqlite) { test in
            let (inspection, _) = try await test.seededInspection(cases: 5)
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("yji-backup-\(UUID().uuidString).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await test.store.backup(to: path)
            let copy = try await Store.open(.sqlite(path: path))
            #expect(try await copy.archives.export(inspection: inspection.id) == (try await test.store.archives.export(inspection: inspection.id)))
            let integrity = try await copy.transaction(.read) { db in
                try await db.raw("PRAGMA integrity_check").first()!.decode(column: "integrity_check", as: String.self)
            }
            #expect(integrity == "ok")
            await copy.close()
            await #expect(throws: StoreError.self) { try await test.store.backup(to: path) }
        }
    }

    @Test func locationsAreReadFromOptionEnvironmentOrDefault() throws {
        #expect(try StoreLocation.resolve(option: nil, environment: [:]) == .sqlite(path: "./yji.sqlite"))
        #expect(try StoreLocation.resolve(option: nil, environment: ["YJI_DATABASE_URL": "/data/yji.sqlite"]) == .sqlite(path: "/data/yji.sqlite"))
        #expect(try StoreLocation.resolve(option: "sqlite:x.db", environment: ["YJI_DATABASE_URL": "y"]) == .sqlite(path: "x.db"))
        #expect(try StoreLocation.parse("postgres://u:secret@127.0.0.1:5432/yji?schema=team") == .postgres(url: "postgres://u:secret@127.0.0.1:5432/yji", schema: "team"))
        #expect(StoreLocation.postgres(url: "postgres://u:secret@h/db", schema: nil).description == "postgres://u:***@h/db")
        #expect(throws: StoreError.self) { try StoreLocation.parse("mysql://h/db") }
    }
}
