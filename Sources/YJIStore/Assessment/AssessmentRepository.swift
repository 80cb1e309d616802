import Foundation
import SQLKit
import YJICore

/// Cases, the judgements recorded on them, answers set aside, and whether each case is assessed.
public struct AssessmentRepository: Sendable {
    let store: Store
}

extension AssessmentRepository {
    /// Every case of an inspection with its progress, in the order the cases were added.
    public func caseStatuses(inspection inspectionID: Int) async throws -> [CaseAssessmentStatus] {
        try await store.transaction(.read) { db in try await caseStatuses(db, inspection: inspectionID, caseRef: nil) }
    }

    /// One case with its progress and answers.
    public func caseStatus(inspection inspectionID: Int, caseID: String) async throws -> (CaseAssessmentStatus, [StoredJudgement]) {
        try await store.transaction(.read) { db in
            // The answers the progress is computed from are the ones returned: read once, not twice.
            let (statuses, judgements) = try await caseStatusesAndJudgements(db, inspection: inspectionID, caseRef: caseID)
            guard let status = statuses.first else {
                throw StoreError.notFound("no case \(caseID) in inspection \(inspectionID)")
            }
            return (status, judgements)
        }
    }

    /// Saves the answers an assessor submitted for one case, in one transaction.
    ///
    /// Every edit names the version it was made from; if any was changed by someone else since (to something other
    /// than this edit), nothing is written and each such edit comes back with the other person's answer. If the
    /// save would close questions that have answers (stored, or given in this save), nothing is written and they
    /// come back to be confirmed; with `setAside` they are set aside, to come back when their questions apply again.
    /// Set-aside answers this save opens again come back, and an assessed case left incomplete returns to in progress.
    public func saveCaseAnswers(
        inspection inspectionID: Int, caseID: String, edits: [JudgementEdit], actor: String, setAside confirmed: Bool = false
    ) async throws -> CaseSaveOutcome {
        try await store.transaction { db in
            let inspection = try await store.inspections.openInspection(db, id: inspectionID)
            let framework = try await store.inspections.framework(db, of: inspection)
            guard let caseRow = try await caseRow(db, inspection: inspectionID, caseRef: caseID) else {
                throw StoreError.notFound("no case \(caseID) in inspection \(inspectionID)")
            }
            let current = Dictionary(try await judgements(db, inspection: inspectionID, caseRef: caseID).map { ($0.questionID, $0) },
                                     uniquingKeysWith: { first, _ in first })
            // An edit that matches what is stored is no conflict whatever version it names: the same answer was saved
            // in between, often by this person's own autosave.
            let conflicts = edits.filter { edit in
                let stored = current[edit.questionID]
                if let stored, stored.answer == edit.answer, stored.note == edit.note { return false }
                return stored?.version != edit.baseVersion
            }.map { SaveOutcome.conflict(yours: $0, theirs: current[$0.questionID]) }
            guard conflicts.isEmpty else { return .conflicts(conflicts) }

            let engine = ScoringEngine(framework: framework)
            let before = current.mapValues(\.answer)
            var answers = before
            for edit in edits { answers[edit.questionID] = edit.answer }
            let editsByQuestion = Dictionary(edits.map { ($0.questionID, $0) }, uniquingKeysWith: { _, last in last })
            // An answer to a question that did not apply before this save either (a form from before someone else's
            // change) is refused, with the reason in words; it cannot be set aside, as it never stood.
            let refusals = engine.answersNoLongerApplying(in: caseRow.record, answers: answers).compactMap { questionID -> String? in
                guard editsByQuestion[questionID] != nil, let question = framework.question(questionID),
                      engine.applicability(of: question, in: caseRow.record, answers: before) != .applies else { return nil }
                return engine.refusal(of: questionID, in: caseRow.record, answers: answers)
            }
            guard refusals.isEmpty else { throw StoreError.invalid(refusals.joined(separator: "; ")) }
            let changed = Set(edits.filter { current[$0.questionID]?.answer != $0.answer }.map(\.questionID))
            let closing = Self.closedBySave(engine: engine, record: caseRow.record, before: before, after: answers, changed: changed) { id in
                editsByQuestion[id].map { ($0.answer, $0.note) } ?? current[id].map { ($0.answer, $0.note) }
            }
            if !closing.isEmpty && !confirmed { return .needsSetAside(closing) }
            let closed = Set(closing.map(\.questionID))
            for questionID in closed { answers[questionID] = nil }
            let after = answers.map { Judgement(caseID: caseID, questionID: $0.key, answer: $0.value) }
            do throws(ScoringProblems) {
                _ = try engine.scorecard(cases: [caseRow.record], judgements: after)
            } catch {
                throw StoreError.invalid(error.problems.map { engine.wording(of: $0, cases: [caseRow.record], judgements: after) }
                    .joined(separator: "; "))
            }

            var written: [StoredJudgement] = []
            var versions: [String: StoredJudgement] = [:]
            let now = isoTimestamp()
            for edit in edits {
                let stored = current[edit.questionID]
                if let stored, stored.answer == edit.answer, stored.note == edit.note { continue }
                let saved = StoredJudgement(caseID: caseID, questionID: edit.questionID, answer: edit.answer, assessor: edit.assessor,
                                            note: edit.note, version: (stored?.version ?? 0) + 1, updatedAt: now, updatedBy: actor)
                // An edit to a question this save closes is set aside as typed, so nothing typed is lost.
                if closed.contains(edit.questionID) { versions[edit.questionID] = saved; continue }
                let ok = if let stored {
                    try await updateJudgement(db, saved, caseKey: caseRow.key, expectedVersion: stored.version)
                } else {
                    try await insertJudgement(db, saved, caseKey: caseRow.key, inspection: inspectionID, ifAbsent: true)
                }
                // Another writer got in after our read: the whole save is refused so no half of it stands.
                guard ok else { throw StoreError.conflict("case \(caseID) question \(edit.questionID) was changed by someone else while saving") }
                try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "judgement", entityID: "\(caseID)/\(edit.questionID)",
                                action: stored == nil ? "create" : "update", before: stored, after: saved, reason: "")
                written.append(saved)
            }
            for candidate in closing {
                guard let judgement = versions[candidate.questionID] ?? current[candidate.questionID] else { continue }
                try await setAside(db, judgement, wasStored: current[candidate.questionID], becauseOf: candidate.becauseOf,
                                   framework: framework, caseKey: caseRow.key, inspection: inspectionID, actor: actor)
            }
            _ = try await settleCase(db, inspection: inspectionID, caseKey: caseRow.key, record: caseRow.record, engine: engine,
                                     changed: changed.sorted(), setAsideNow: closing, actor: actor)
            return .saved(written: written, cleared: closing.map(\.questionID))
        }
    }

    /// Marks a case assessed; refused, with the questions still to answer, until every applicable question has an answer.
    /// Returns the case's status after the attempt.
    public func markAssessed(inspection inspectionID: Int, caseID: String, actor: String) async throws -> CaseAssessmentStatus {
        try await store.transaction { db in
            _ = try await store.inspections.openInspection(db, id: inspectionID)
            guard let status = try await caseStatuses(db, inspection: inspectionID, caseRef: caseID).first else {
                throw StoreError.notFound("no case \(caseID) in inspection \(inspectionID)")
            }
            guard status.progress.isComplete else { return status }
            guard status.assessedAt == nil else { return status }
            let now = isoTimestamp()
            try await db.raw("""
                UPDATE cases SET assessed_at = \(bind: now), assessed_by = \(bind: actor)
                WHERE inspection_id = \(bind: inspectionID) AND case_ref = \(bind: caseID)
                """).run()
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "case", entityID: caseID, action: "update",
                            before: Optional<String>.none, after: "assessed", reason: "marked assessed")
            return CaseAssessmentStatus(record: status.record, progress: status.progress, assessedAt: now, assessedBy: actor)
        }
    }
}

extension AssessmentRepository {
    func caseStatuses(_ db: any SQLDatabase, inspection inspectionID: Int, caseRef: String?) async throws -> [CaseAssessmentStatus] {
        try await caseStatusesAndJudgements(db, inspection: inspectionID, caseRef: caseRef).0
    }

    /// The cases' statuses with the stored judgements they were computed from.
    fileprivate func caseStatusesAndJudgements(
        _ db: any SQLDatabase, inspection inspectionID: Int, caseRef: String?
    ) async throws -> ([CaseAssessmentStatus], [StoredJudgement]) {
        let inspection = try await store.inspections.inspection(db, id: inspectionID)
        let engine = ScoringEngine(framework: try await store.inspections.framework(db, of: inspection))
        let records = try await cases(db, inspection: inspectionID, caseRef: caseRef)
        let stored = try await judgements(db, inspection: inspectionID, caseRef: caseRef)
        var answers: [String: [String: Answer]] = [:]
        for judgement in stored {
            answers[judgement.caseID, default: [:]][judgement.questionID] = judgement.answer
        }
        var marks: [String: (String, String)] = [:]
        var query: SQLQueryString = """
            SELECT case_ref, assessed_at, assessed_by FROM cases WHERE inspection_id = \(bind: inspectionID) AND assessed_at IS NOT NULL
            """
        if let caseRef { query = query + " AND case_ref = \(bind: caseRef)" }
        for row in try await db.raw(query).all() {
            marks[try row.decode(column: "case_ref", as: String.self)] =
                (try row.decode(column: "assessed_at", as: String.self), try row.decode(column: "assessed_by", as: String.self))
        }
        let returns = try await openReturns(db, inspection: inspectionID, caseRef: caseRef)
        let statuses = records.map { record in
            CaseAssessmentStatus(record: record, progress: engine.progress(of: record, answers: answers[record.id] ?? [:]),
                                 assessedAt: marks[record.id]?.0, assessedBy: marks[record.id]?.1,
                                 returned: marks[record.id] == nil ? returns[record.id] : nil)
        }
        return (statuses, stored)
    }
}

