import Foundation
import SQLKit
import YJICore

extension AssessmentRepository {
    /// The answers set aside in one case, in the framework's order of their questions.
    public func setAsideJudgements(inspection inspectionID: Int, caseID: String) async throws -> [SetAsideJudgement] {
        try await store.transaction(.read) { db in
            guard let caseRow = try await caseRow(db, inspection: inspectionID, caseRef: caseID) else {
                throw StoreError.notFound("no case \(caseID) in inspection \(inspectionID)")
            }
            let framework = try await store.inspections.framework(db, of: try await store.inspections.inspection(db, id: inspectionID))
            let order = Dictionary(framework.questions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            return try await setAside(db, caseKey: caseRow.key, caseID: caseID).values
                .sorted { (order[$0.questionID] ?? .max, $0.questionID) < (order[$1.questionID] ?? .max, $1.questionID) }
        }
    }
}

extension AssessmentRepository {
    func setAside(_ db: any SQLDatabase, caseKey: Int, caseID: String) async throws -> [String: SetAsideJudgement] {
        let rows = try await db.raw("""
            SELECT question_id, answer, answer_option, assessor, note, version, updated_at, updated_by, set_aside_at, set_aside_by, because_of
            FROM set_aside_judgements WHERE case_id = \(bind: caseKey) ORDER BY id
            """).all()
        var found: [String: SetAsideJudgement] = [:]
        for row in rows {
            let judgement = SetAsideJudgement(
                try Self.storedJudgement(from: row, caseID: caseID),
                setAsideAt: try row.decode(column: "set_aside_at", as: String.self),
                setAsideBy: try row.decode(column: "set_aside_by", as: String.self),
                becauseOf: try row.decode(column: "because_of", as: String.self))
            found[judgement.questionID] = judgement
        }
        return found
    }

    /// The latest return to "in progress" of each case of an inspection that has not been marked assessed since.
    func openReturns(_ db: any SQLDatabase, inspection inspectionID: Int, caseRef: String?) async throws -> [String: CaseReturn] {
        var query: SQLQueryString = """
            SELECT c.case_ref, r.returned_at, r.returned_by, r.was_assessed_at, r.was_assessed_by, r.reason
            FROM case_returns r JOIN cases c ON c.id = r.case_id
            WHERE r.inspection_id = \(bind: inspectionID) AND c.assessed_at IS NULL
            """
        if let caseRef { query = query + " AND c.case_ref = \(bind: caseRef)" }
        var returns: [String: CaseReturn] = [:]
        for row in try await db.raw(query + " ORDER BY r.id").all() {
            let caseID = try row.decode(column: "case_ref", as: String.self)
            returns[caseID] = CaseReturn(
                caseID: caseID, returnedAt: try row.decode(column: "returned_at", as: String.self),
                returnedBy: try row.decode(column: "returned_by", as: String.self),
                wasAssessedAt: try row.decode(column: "was_assessed_at", as: String.self),
                wasAssessedBy: try row.decode(column: "was_assessed_by", as: String.self),
                reason: try row.decode(column: "reason", as: String.self))
        }
        return returns
    }

    /// Moves a judgement from the case's answers to its set-aside answers, with an audit row for each side.
    func setAside(_ db: any SQLDatabase, _ judgement: StoredJudgement, wasStored: StoredJudgement?, becauseOf: String,
                  framework: Framework, caseKey: Int, inspection inspectionID: Int, actor: String) async throws {
        let entityID = "\(judgement.caseID)/\(judgement.questionID)"
        // A question set aside twice keeps only its latest answer: the earlier one was replaced before it closed again.
        if let older = try await setAside(db, caseKey: caseKey, caseID: judgement.caseID)[judgement.questionID] {
            try await db.raw("DELETE FROM set_aside_judgements WHERE case_id = \(bind: caseKey) AND question_id = \(bind: judgement.questionID)").run()
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "set-aside-judgement", entityID: entityID, action: "delete",
                            before: older, after: Optional<SetAsideJudgement>.none, reason: "replaced by a later answer set aside")
        }
        let now = isoTimestamp()
        let kept = SetAsideJudgement(judgement, setAsideAt: now, setAsideBy: actor, becauseOf: becauseOf)
        let (answer, option) = Self.columns(of: judgement.answer)
        try await db.raw("""
            INSERT INTO set_aside_judgements (inspection_id, case_id, question_id, answer, answer_option, assessor, note, version,
                updated_at, updated_by, set_aside_at, set_aside_by, because_of)
            VALUES (\(bind: inspectionID), \(bind: caseKey), \(bind: judgement.questionID), \(bind: answer), \(bind: option),
                \(bind: judgement.assessor), \(bind: judgement.note), \(bind: judgement.version), \(bind: judgement.updatedAt),
                \(bind: judgement.updatedBy), \(bind: now), \(bind: actor), \(bind: becauseOf))
            """).run()
        let reason = "set aside: it no longer applies after the answer to \(framework.quotedText(of: becauseOf)) changed"
        if let wasStored {
            try await db.raw("DELETE FROM judgements WHERE case_id = \(bind: caseKey) AND question_id = \(bind: judgement.questionID)").run()
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "judgement", entityID: entityID, action: "delete",
                            before: wasStored, after: Optional<StoredJudgement>.none, reason: reason)
        }
        try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "set-aside-judgement", entityID: entityID, action: "create",
                        before: Optional<SetAsideJudgement>.none, after: kept, reason: reason)
    }

    /// After a case's answers changed: set-aside answers whose questions apply again and have no answer come back
    /// (each with its audit rows), and a case marked assessed that is no longer complete returns to "in progress",
    /// with the reason kept for its assessor. `changed` are the questions whose answers this save changed.
    /// Returns the judgements that came back.
    func settleCase(
        _ db: any SQLDatabase, inspection inspectionID: Int, caseKey: Int, record: CaseRecord, engine: ScoringEngine,
        changed: [String], setAsideNow: [SetAsideCandidate], actor: String
    ) async throws -> [StoredJudgement] {
        let framework = engine.framework
        var current = Dictionary(try await judgements(db, inspection: inspectionID, caseRef: record.id).map { ($0.questionID, $0) },
                                 uniquingKeysWith: { first, _ in first })
        var waiting = try await setAside(db, caseKey: caseKey, caseID: record.id)
        var restored: [StoredJudgement] = []
        // Restoring one answer can open a question whose own answer was set aside with it, so repeat until none moves.
        var moved = true
        while moved && !waiting.isEmpty {
            moved = false
            for question in framework.questions {
                guard let kept = waiting[question.id] else { continue }
                var answers = current.mapValues(\.answer)
                guard case .applies = engine.applicability(of: question, in: record, answers: answers) else { continue }
                let entityID = "\(record.id)/\(question.id)"
                try await db.raw("DELETE FROM set_aside_judgements WHERE case_id = \(bind: caseKey) AND question_id = \(bind: question.id)").run()
                waiting[question.id] = nil
                if current[question.id] != nil {
                    // Answered afresh while it was set aside: the new answer stands and the old one is let go.
                    try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "set-aside-judgement", entityID: entityID,
                                    action: "delete", before: kept, after: Optional<SetAsideJudgement>.none,
                                    reason: "the question applies again and has a newer answer")
                    continue
                }
                answers[question.id] = kept.answer
                // Never bring back an answer that would close another answered question.
                guard engine.answersNoLongerApplying(in: record, answers: answers).isEmpty else {
                    try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "set-aside-judgement", entityID: entityID,
                                    action: "delete", before: kept, after: Optional<SetAsideJudgement>.none,
                                    reason: "the question applies again but its old answer would close others")
                    continue
                }
                let back = StoredJudgement(caseID: record.id, questionID: question.id, answer: kept.answer, assessor: kept.assessor,
                                           note: kept.note, version: kept.version + 1, updatedAt: isoTimestamp(), updatedBy: actor)
                guard try await insertJudgement(db, back, caseKey: caseKey, inspection: inspectionID, ifAbsent: true) else {
                    throw StoreError.conflict("case \(record.id) question \(question.id) was answered by someone else while saving")
                }
                let because = changed.isEmpty ? "" : " after the answer to \(framework.quotedTexts(of: changed)) changed"
                try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "set-aside-judgement", entityID: entityID,
                                action: "delete", before: kept, after: Optional<SetAsideJudgement>.none, reason: "restored: the question applies again\(because)")
                try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "judgement", entityID: entityID, action: "create",
                                before: Optional<StoredJudgement>.none, after: back, reason: "restored: the question applies again\(because)")
                current[question.id] = back
                restored.append(back)
                moved = true
            }
        }

        let progress = engine.progress(of: record, answers: current.mapValues(\.answer))
        guard !progress.isComplete,
              let mark = try await db.raw("""
                  SELECT assessed_at, assessed_by FROM cases WHERE id = \(bind: caseKey) AND assessed_at IS NOT NULL
                  """).first() else { return restored }
        let wasAssessedAt = try mark.decode(column: "assessed_at", as: String.self)
        let wasAssessedBy = try mark.decode(column: "assessed_by", as: String.self)
        let triggers = setAsideNow.isEmpty ? changed : Array(Set(setAsideNow.map(\.becauseOf))).sorted()
        let after = triggers.isEmpty ? "" : " after the answer to \(framework.quotedTexts(of: triggers)) changed"
        let reason = setAsideNow.isEmpty
            ? "questions without an answer now apply\(after)"
            : "answers were set aside\(after)"
        let now = isoTimestamp()
        try await db.raw("UPDATE cases SET assessed_at = NULL, assessed_by = NULL WHERE id = \(bind: caseKey)").run()
        try await db.raw("""
            INSERT INTO case_returns (inspection_id, case_id, returned_at, returned_by, was_assessed_at, was_assessed_by, reason)
            VALUES (\(bind: inspectionID), \(bind: caseKey), \(bind: now), \(bind: actor), \(bind: wasAssessedAt), \(bind: wasAssessedBy), \(bind: reason))
            """).run()
        try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "case", entityID: record.id, action: "update",
                        before: "assessed", after: "in progress", reason: "returned to in progress: \(reason)")
        return restored
    }

    /// The answers a save would close: answered questions (stored, or given in this save) that applied before it and
    /// would not apply after it, each with the changed question that closes it.
    static func closedBySave(
        engine: ScoringEngine, record: CaseRecord, before: [String: Answer], after: [String: Answer], changed: Set<String>,
        values: (String) -> (Answer, String)?
    ) -> [SetAsideCandidate] {
        engine.answersNoLongerApplying(in: record, answers: after).compactMap { questionID in
            guard let question = engine.framework.question(questionID),
                  case .applies = engine.applicability(of: question, in: record, answers: before),
                  let (answer, note) = values(questionID) else { return nil }
            let because = engine.closingQuestion(of: questionID, changed: changed) ?? changed.sorted().first ?? questionID
            return SetAsideCandidate(questionID: questionID, answer: answer, note: note, becauseOf: because)
        }
    }
}

