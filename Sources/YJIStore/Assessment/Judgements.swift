import Foundation
import SQLKit
import YJICore

extension AssessmentRepository {
    /// Saves one judgement, refusing (with both versions) if someone else saved it since `edit.baseVersion`.
    ///
    /// The save is checked against the framework like any judgement: the question must apply to the case given its
    /// other answers. A change that would close answered questions is refused with their questions named by text, as
    /// callers of this form cannot confirm setting them aside; `saveJudgement(inspection:_:actor:reason:setAside:)` can.
    public func saveJudgement(inspection inspectionID: Int, _ edit: JudgementEdit, actor: String, reason: String = "") async throws -> SaveOutcome {
        switch try await saveJudgement(inspection: inspectionID, edit, actor: actor, reason: reason, setAside: false) {
        case .saved(let saved, _, _): return .saved(saved)
        case .conflict(let yours, let theirs): return .conflict(yours: yours, theirs: theirs)
        case .needsSetAside(let candidates):
            let framework = try await store.inspections.framework(of: try await store.inspections.inspection(inspectionID))
            throw StoreError.invalid(SetAsideCandidate.message(for: candidates, in: framework))
        }
    }

    /// Saves one judgement, refusing (with both versions) if someone else saved it since `edit.baseVersion`.
    ///
    /// The question must apply to the case given its other answers (refused otherwise, naming questions by their
    /// text). If the new answer closes questions that have answers, nothing is written and they are listed, unless
    /// `setAside` confirms it: then they are set aside, to come back when their questions apply again. Set-aside
    /// answers whose questions this save opens again come back, and a case marked assessed that is no longer complete
    /// returns to in progress.
    public func saveJudgement(
        inspection inspectionID: Int, _ edit: JudgementEdit, actor: String, reason: String = "", setAside confirmed: Bool
    ) async throws -> JudgementSaveOutcome {
        try await store.transaction { db in
            let inspection = try await store.inspections.openInspection(db, id: inspectionID)
            let framework = try await store.inspections.framework(db, of: inspection)
            guard let caseRow = try await caseRow(db, inspection: inspectionID, caseRef: edit.caseID) else {
                throw StoreError.notFound("no case \(edit.caseID) in inspection \(inspectionID)")
            }
            let current = try await judgements(db, inspection: inspectionID, caseRef: edit.caseID)
            let stored = current.first { $0.questionID == edit.questionID }
            guard stored?.version == edit.baseVersion else { return .conflict(yours: edit, theirs: stored) }

            let engine = ScoringEngine(framework: framework)
            let before = Dictionary(current.map { ($0.questionID, $0.answer) }, uniquingKeysWith: { first, _ in first })
            var afterAnswers = before
            afterAnswers[edit.questionID] = edit.answer
            if let refusal = engine.refusal(of: edit.questionID, in: caseRow.record, answers: afterAnswers) {
                throw StoreError.invalid(refusal)
            }
            let byQuestion = Dictionary(current.map { ($0.questionID, $0) }, uniquingKeysWith: { first, _ in first })
            let changed: Set<String> = stored?.answer == edit.answer ? [] : [edit.questionID]
            let closing = Self.closedBySave(engine: engine, record: caseRow.record, before: before, after: afterAnswers, changed: [edit.questionID]) {
                byQuestion[$0].map { ($0.answer, $0.note) }
            }
            if !closing.isEmpty && !confirmed { return .needsSetAside(closing) }
            for candidate in closing { afterAnswers[candidate.questionID] = nil }

            // The case's answers after this edit must all stand under the framework's rules.
            let after = afterAnswers.map { questionID, answer in
                questionID == edit.questionID
                    ? Judgement(caseID: edit.caseID, questionID: questionID, answer: answer, assessor: edit.assessor, note: edit.note)
                    : byQuestion[questionID]!.judgement
            }
            do throws(ScoringProblems) {
                _ = try engine.scorecard(cases: [caseRow.record], judgements: after)
            } catch {
                throw StoreError.invalid(error.problems.map { engine.wording(of: $0, cases: [caseRow.record], judgements: after) }
                    .joined(separator: "; "))
            }

            let saved = StoredJudgement(
                caseID: edit.caseID, questionID: edit.questionID, answer: edit.answer, assessor: edit.assessor, note: edit.note,
                version: (stored?.version ?? 0) + 1, updatedAt: isoTimestamp(), updatedBy: actor)
            let written: Bool
            if let stored {
                written = try await updateJudgement(db, saved, caseKey: caseRow.key, expectedVersion: stored.version)
            } else {
                written = try await insertJudgement(db, saved, caseKey: caseRow.key, inspection: inspectionID, ifAbsent: true)
            }
            // Another writer got in between our read and our write: report theirs, write nothing.
            guard written else {
                let theirs = try await judgements(db, inspection: inspectionID, caseRef: edit.caseID).first { $0.questionID == edit.questionID }
                return .conflict(yours: edit, theirs: theirs)
            }
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "judgement",
                            entityID: "\(edit.caseID)/\(edit.questionID)", action: stored == nil ? "create" : "update",
                            before: stored, after: saved, reason: reason)
            for candidate in closing {
                let judgement = byQuestion[candidate.questionID]!
                try await setAside(db, judgement, wasStored: judgement, becauseOf: candidate.becauseOf, framework: framework,
                                   caseKey: caseRow.key, inspection: inspectionID, actor: actor)
            }
            let restored = try await settleCase(db, inspection: inspectionID, caseKey: caseRow.key, record: caseRow.record, engine: engine,
                                                changed: Array(changed), setAsideNow: closing, actor: actor)
            return .saved(saved, setAside: closing, restored: restored)
        }
    }

    /// Imports a judgements file: every row is checked against the framework and the inspection's cases and
    /// answers, and either all changes are written (each with its audit row) or, on any problem, none.
    public func importJudgements(inspection inspectionID: Int, csv text: String, file: String, actor: String) async throws -> ImportSummary {
        try await store.transaction { db in
            let inspection = try await store.inspections.openInspection(db, id: inspectionID)
            let framework = try await store.inspections.framework(db, of: inspection)
            let contents: JudgementFile.Contents
            do throws(ProblemList) {
                contents = try JudgementFile.read(text, file: file, framework: framework)
            } catch {
                throw StoreError.problems(error)
            }
            let cases = try await cases(db, inspection: inspectionID)
            let stored = try await judgements(db, inspection: inspectionID)
            let imported = Set(contents.judgements.map { Self.Key($0.caseID, $0.questionID) })
            let kept = stored.filter { !imported.contains(Self.Key($0.caseID, $0.questionID)) }

            // Check the inspection as it would be after the import; problems point at the file's lines.
            let merged = kept.map(\.judgement) + contents.judgements
            do throws(ScoringProblems) {
                _ = try ScoringEngine(framework: framework).scorecard(cases: cases, judgements: merged)
            } catch {
                throw StoreError.problems(ProblemList(error.problems.map { problem in
                    let index = problem.judgement.map { $0 - kept.count }
                    let line = index.flatMap { $0 >= 0 ? contents.lines[$0] : nil }
                    let message = line == nil && problem.judgement != nil ? problem.description + " (a stored answer)" : problem.description
                    return Problem(file: file, line: line, subject: problem.field.rawValue, message: message)
                }))
            }

            let caseKeys = try await caseKeys(db, inspection: inspectionID)
            let storedByKey = Dictionary(stored.map { (Self.Key($0.caseID, $0.questionID), $0) }, uniquingKeysWith: { first, _ in first })
            var created = 0, updated = 0, unchanged = 0
            var changedByCase: [String: [String]] = [:]
            let now = isoTimestamp()
            var inserts: [StoredJudgement] = []
            var entries: [AuditEntry] = []
            for judgement in contents.judgements {
                let previous = storedByKey[Self.Key(judgement.caseID, judgement.questionID)]
                if let previous, previous.judgement == judgement { unchanged += 1; continue }
                if previous?.answer != judgement.answer { changedByCase[judgement.caseID, default: []].append(judgement.questionID) }
                let saved = StoredJudgement(
                    caseID: judgement.caseID, questionID: judgement.questionID, answer: judgement.answer, assessor: judgement.assessor,
                    note: judgement.note, version: (previous?.version ?? 0) + 1, updatedAt: now, updatedBy: actor)
                let caseKey = caseKeys[judgement.caseID]!
                if let previous {
                    guard try await updateJudgement(db, saved, caseKey: caseKey, expectedVersion: previous.version) else {
                        throw StoreError.invalid("\(judgement.caseID)/\(judgement.questionID) changed during the import; run it again")
                    }
                    updated += 1
                } else {
                    inserts.append(saved)
                    created += 1
                }
                entries.append(AuditEntry(
                    id: 0, recordedAt: now, actor: actor, inspectionID: inspectionID, entity: "judgement",
                    entityID: "\(judgement.caseID)/\(judgement.questionID)", action: previous == nil ? "create" : "update",
                    before: try previous.map { try Store.auditJSON($0) }, after: try Store.auditJSON(saved), reason: "imported from \(file)"))
            }
            try await insertJudgements(db, inserts, caseKeys: caseKeys, inspection: inspectionID)
            try await store.audit(db, entries)
            // Set-aside answers the import opens again come back, and an assessed case it leaves incomplete returns to
            // in progress; only cases that are assessed or have answers set aside can need either.
            if !changedByCase.isEmpty {
                let engine = ScoringEngine(framework: framework)
                let records = Dictionary(cases.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
                let rows = try await db.raw("""
                    SELECT case_ref FROM cases WHERE inspection_id = \(bind: inspectionID) AND (assessed_at IS NOT NULL
                        OR id IN (SELECT case_id FROM set_aside_judgements WHERE inspection_id = \(bind: inspectionID)))
                    """).all()
                for caseID in try rows.map({ try $0.decode(column: "case_ref", as: String.self) }) {
                    guard let questions = changedByCase[caseID], let record = records[caseID], let caseKey = caseKeys[caseID] else { continue }
                    _ = try await settleCase(db, inspection: inspectionID, caseKey: caseKey, record: record, engine: engine,
                                             changed: questions, setAsideNow: [], actor: actor)
                }
            }
            return Self.ImportSummary(created: created, updated: updated, unchanged: unchanged)
        }
    }

    /// The stored judgements of an inspection.
    public func judgements(inspection inspectionID: Int) async throws -> [StoredJudgement] {
        try await store.transaction(.read) { db in try await judgements(db, inspection: inspectionID) }
    }
}

extension AssessmentRepository {
    /// What a judgements import did.
    public struct ImportSummary: Sendable, Hashable {
        public let created: Int
        public let updated: Int
        public let unchanged: Int
    }

    struct Key: Hashable {
        let caseID: String
        let questionID: String
        init(_ caseID: String, _ questionID: String) {
            self.caseID = caseID
            self.questionID = questionID
        }
    }

    func judgements(_ db: any SQLDatabase, inspection inspectionID: Int, caseRef: String? = nil) async throws -> [StoredJudgement] {
        var query: SQLQueryString = """
            SELECT c.case_ref, j.question_id, j.answer, j.answer_option, j.assessor, j.note, j.version, j.updated_at, j.updated_by
            FROM judgements j JOIN cases c ON c.id = j.case_id WHERE j.inspection_id = \(bind: inspectionID)
            """
        if let caseRef { query = query + " AND c.case_ref = \(bind: caseRef)" }
        query = query + " ORDER BY j.id"
        return try await db.raw(query).all().map { row in
            try Self.storedJudgement(from: row, caseID: try row.decode(column: "case_ref", as: String.self))
        }
    }

    /// A judgement from a row with the judgements table's columns (question_id, answer, answer_option, assessor, note,
    /// version, updated_at, updated_by), as the judgements and set-aside answers tables both store them.
    static func storedJudgement(from row: any SQLRow, caseID: String) throws -> StoredJudgement {
        let answer: Answer = switch try row.decode(column: "answer", as: String.self) {
        case "yes": .yes
        case "no": .no
        case "na": .notApplicable
        default: .option(try row.decode(column: "answer_option", as: String.self))
        }
        return StoredJudgement(
            caseID: caseID, questionID: try row.decode(column: "question_id", as: String.self), answer: answer,
            assessor: try row.decode(column: "assessor", as: String.self), note: try row.decode(column: "note", as: String.self),
            version: try row.decode(column: "version", as: Int.self), updatedAt: try row.decode(column: "updated_at", as: String.self),
            updatedBy: try row.decode(column: "updated_by", as: String.self))
    }

    /// The answer split into the two stored columns, so the schema can check its values.
    static func columns(of answer: Answer) -> (String, String?) {
        switch answer {
        case .yes: return ("yes", nil)
        case .no: return ("no", nil)
        case .notApplicable: return ("na", nil)
        case .option(let option): return ("option", option)
        }
    }

    /// Inserts a judgement; with `ifAbsent`, returns false instead of failing when one already exists.
    func insertJudgement(_ db: any SQLDatabase, _ judgement: StoredJudgement, caseKey: Int, inspection inspectionID: Int, ifAbsent: Bool) async throws -> Bool {
        let (answer, option) = Self.columns(of: judgement.answer)
        let onConflict: SQLQueryString = ifAbsent ? " ON CONFLICT (case_id, question_id) DO NOTHING" : ""
        let row = try await db.raw("""
            INSERT INTO judgements (inspection_id, case_id, question_id, answer, answer_option, assessor, note, version, updated_at, updated_by)
            VALUES (\(bind: inspectionID), \(bind: caseKey), \(bind: judgement.questionID), \(bind: answer), \(bind: option),
                    \(bind: judgement.assessor), \(bind: judgement.note), \(bind: judgement.version), \(bind: judgement.updatedAt),
                    \(bind: judgement.updatedBy))
            """ + onConflict + " RETURNING version").first()
        return row != nil
    }

    /// Inserts new judgements, several to a statement; the caller has checked none of them is stored yet.
    func insertJudgements(_ db: any SQLDatabase, _ judgements: [StoredJudgement], caseKeys: [String: Int], inspection inspectionID: Int) async throws {
        for start in stride(from: 0, to: judgements.count, by: Store.rowsPerInsert) {
            var query: SQLQueryString = """
                INSERT INTO judgements (inspection_id, case_id, question_id, answer, answer_option, assessor, note, version, updated_at, updated_by)
                VALUES
                """
            for (index, judgement) in judgements[start..<min(start + Store.rowsPerInsert, judgements.count)].enumerated() {
                let (answer, option) = Self.columns(of: judgement.answer)
                guard let caseKey = caseKeys[judgement.caseID] else { throw StoreError.notFound("case \(judgement.caseID)") }
                query = query + (index == 0 ? " " : ", ") + """
                    (\(bind: inspectionID), \(bind: caseKey), \(bind: judgement.questionID), \(bind: answer), \(bind: option),
                     \(bind: judgement.assessor), \(bind: judgement.note), \(bind: judgement.version), \(bind: judgement.updatedAt),
                     \(bind: judgement.updatedBy))
                    """
            }
            try await db.raw(query).run()
        }
    }

    /// Updates a judgement only if it still has `expectedVersion`; false when someone else changed it first.
    func updateJudgement(_ db: any SQLDatabase, _ judgement: StoredJudgement, caseKey: Int, expectedVersion: Int) async throws -> Bool {
        let (answer, option) = Self.columns(of: judgement.answer)
        let row = try await db.raw("""
            UPDATE judgements SET answer = \(bind: answer), answer_option = \(bind: option), assessor = \(bind: judgement.assessor),
                note = \(bind: judgement.note), version = \(bind: judgement.version), updated_at = \(bind: judgement.updatedAt),
                updated_by = \(bind: judgement.updatedBy)
            WHERE case_id = \(bind: caseKey) AND question_id = \(bind: judgement.questionID) AND version = \(bind: expectedVersion)
            RETURNING version
            """).first()
        return row != nil
    }

    func caseRow(_ db: any SQLDatabase, inspection inspectionID: Int, caseRef: String) async throws -> (key: Int, record: CaseRecord)? {
        guard let key = try await caseKeys(db, inspection: inspectionID, caseRef: caseRef)[caseRef],
              let record = try await cases(db, inspection: inspectionID, caseRef: caseRef).first else { return nil }
        return (key, record)
    }

    func caseKeys(_ db: any SQLDatabase, inspection inspectionID: Int, caseRef: String? = nil) async throws -> [String: Int] {
        var query: SQLQueryString = "SELECT id, case_ref FROM cases WHERE inspection_id = \(bind: inspectionID)"
        if let caseRef { query = query + " AND case_ref = \(bind: caseRef)" }
        let rows = try await db.raw(query).all()
        return Dictionary(try rows.map { (try $0.decode(column: "case_ref", as: String.self), try $0.decode(column: "id", as: Int.self)) },
                          uniquingKeysWith: { first, _ in first })
    }
}

