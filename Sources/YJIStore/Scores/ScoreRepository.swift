import Foundation
import SQLKit
import YJICore

/// The scorecard of an inspection, with the lead inspector's rating decisions.
public struct ScoreRepository: Sendable {
    let store: Store
}

extension ScoreRepository {
    /// The scorecard of an inspection: the store loads, YJICore's engine computes. The one card every page, the API,
    /// the command line, the published record, the benchmark and the report show: judged sections carry their
    /// findings' judgements and scores the lead inspector decided carry the decided label (`InspectorsRatings`).
    public func scorecard(inspection inspectionID: Int) async throws -> (Framework, Scorecard) {
        try await store.transaction(.read) { db in try await scorecard(db, inspection: inspectionID) }
    }

    /// Records the lead inspector's decision on one score's label, replacing any earlier decision on the same score.
    ///
    /// Checked against the framework and the scorecard as it stands (`InspectorsRatings.decisionProblem`): an
    /// overridable scale, a scored item with a percentage, one of the scale's labels, and a reason. Refused with
    /// `StoreError.publishedInspection` once published. Every change writes an audit row with who and why.
    @discardableResult
    public func decideRating(
        inspection inspectionID: Int, level: ScoreLevel, scoreID: String, label: String, reason: String, actor: String
    ) async throws -> RatingDecision {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await store.transaction { db in
            let inspection = try await store.inspections.openInspection(db, id: inspectionID)
            let framework = try await store.inspections.framework(db, of: inspection)
            let (_, card) = try await scorecard(db, inspection: inspectionID)
            if let problem = InspectorsRatings.decisionProblem(level: level, scoreID: scoreID, label: label, reason: reason,
                                                               framework: framework, card: card) {
                throw problem.input == .score ? StoreError.invalid(problem.message)
                    : StoreError.invalidField(field: problem.input.rawValue, message: problem.message)
            }
            let before = try await ratingDecisions(db, inspection: inspectionID).first { $0.level == level && $0.scoreID == scoreID }
            let decision = RatingDecision(level: level, scoreID: scoreID, label: label, reason: reason, decidedBy: actor,
                                          decidedAt: isoTimestamp())
            if before == nil {
                try await insertRatingDecision(db, decision, inspection: inspectionID)
            } else {
                try await db.raw("""
                    UPDATE rating_decisions SET label = \(bind: label), reason = \(bind: reason), decided_by = \(bind: actor),
                        decided_at = \(bind: decision.decidedAt)
                    WHERE inspection_id = \(bind: inspectionID) AND level = \(bind: level.rawValue) AND score_id = \(bind: scoreID)
                    """).run()
            }
            let computed = card.score(level, scoreID)?.computedBand ?? "none"
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "rating", entityID: "\(level.rawValue)/\(scoreID)",
                            action: before == nil ? "create" : "update", before: before, after: decision,
                            reason: "\(label) in place of the proposed \(computed): \(reason)")
            return decision
        }
    }

    /// Withdraws the lead inspector's decision on one score, so its computed label stands again; the reason is required
    /// and kept in the audit trail with the decision withdrawn. Returns false when there was no decision to withdraw.
    @discardableResult
    public func withdrawRating(inspection inspectionID: Int, level: ScoreLevel, scoreID: String, reason: String,
                               actor: String) async throws -> Bool {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StoreError.invalidField(field: "reason", message: "say why the proposed label should stand again") }
        return try await store.transaction { db in
            _ = try await store.inspections.openInspection(db, id: inspectionID)
            guard let before = try await ratingDecisions(db, inspection: inspectionID)
                .first(where: { $0.level == level && $0.scoreID == scoreID }) else { return false }
            try await db.raw("""
                DELETE FROM rating_decisions
                WHERE inspection_id = \(bind: inspectionID) AND level = \(bind: level.rawValue) AND score_id = \(bind: scoreID)
                """).run()
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "rating", entityID: "\(level.rawValue)/\(scoreID)",
                            action: "delete", before: before, after: Optional<RatingDecision>.none,
                            reason: "returned to the proposed label: \(reason)")
            return true
        }
    }

    /// The lead inspector's decisions on an inspection's scores, by level and score id.
    public func ratingDecisions(inspection inspectionID: Int) async throws -> [RatingDecision] {
        try await store.transaction(.read) { db in try await ratingDecisions(db, inspection: inspectionID) }
    }
}

extension ScoreRepository {
    func ratingDecisions(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> [RatingDecision] {
        try await db.raw("""
            SELECT level, score_id, label, reason, decided_by, decided_at FROM rating_decisions
            WHERE inspection_id = \(bind: inspectionID) ORDER BY id
            """).all().map { row in
            let levelText = try row.decode(column: "level", as: String.self)
            guard let level = ScoreLevel(rawValue: levelText) else {
                throw StoreError.invalid("inspection \(inspectionID) has a rating decision at an unknown level '\(levelText)'")
            }
            return RatingDecision(level: level, scoreID: try row.decode(column: "score_id", as: String.self),
                                  label: try row.decode(column: "label", as: String.self),
                                  reason: try row.decode(column: "reason", as: String.self),
                                  decidedBy: try row.decode(column: "decided_by", as: String.self),
                                  decidedAt: try row.decode(column: "decided_at", as: String.self))
        }
    }

    func insertRatingDecision(_ db: any SQLDatabase, _ decision: RatingDecision, inspection inspectionID: Int) async throws {
        try await db.raw("""
            INSERT INTO rating_decisions (inspection_id, level, score_id, label, reason, decided_by, decided_at)
            VALUES (\(bind: inspectionID), \(bind: decision.level.rawValue), \(bind: decision.scoreID), \(bind: decision.label),
                    \(bind: decision.reason), \(bind: decision.decidedBy), \(bind: decision.decidedAt))
            """).run()
    }

    /// The judged sections' findings with who recorded each (from the audit trail), as the scorecard reads them.
    func recordedFindings(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> [RecordedFinding] {
        let findings = try await store.evidence.findings(db, inspection: inspectionID).filter { $0.judgement != nil }
        guard !findings.isEmpty else { return [] }
        let rows = try await db.raw("""
            SELECT entity_id, actor, recorded_at FROM audit_log
            WHERE inspection_id = \(bind: inspectionID) AND entity = 'finding' AND action = 'create' ORDER BY id
            """).all()
        var recorded: [String: (String, String)] = [:]
        for row in rows {
            recorded[try row.decode(column: "entity_id", as: String.self)] =
                (try row.decode(column: "actor", as: String.self), try row.decode(column: "recorded_at", as: String.self))
        }
        return findings.map { finding in
            let who = finding.id.flatMap { recorded[String($0)] }
            return RecordedFinding(finding, recordedBy: who?.0 ?? "", recordedAt: who?.1)
        }
    }

    /// Scores an inspection inside an open transaction, so a caller can store the card with what it was computed from.
    func scorecard(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> (Framework, Scorecard) {
        let inspection = try await store.inspections.inspection(db, id: inspectionID)
        let framework = try await store.inspections.framework(db, of: inspection)
        // A published inspection's scores are the ones stored when it was published, so every page, the API and the
        // command line show the card its report was drafted from.
        if inspection.status == .published, let card = try await store.reports.publicationScorecard(db, inspection: inspectionID) {
            return (framework, card)
        }
        let cases = try await store.assessment.cases(db, inspection: inspectionID)
        let judgements = try await store.assessment.judgements(db, inspection: inspectionID)
        let overrides = InspectorsRatings.overrides(
            framework: framework, findings: try await recordedFindings(db, inspection: inspectionID),
            decisions: try await ratingDecisions(db, inspection: inspectionID))
        do throws(ScoringProblems) {
            let card = try ScoringEngine(framework: framework)
                .scorecard(cases: cases, judgements: judgements.map(\.judgement), overrides: overrides)
            return (framework, card)
        } catch {
            throw StoreError.invalid(error.description)
        }
    }
}
