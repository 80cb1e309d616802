import Foundation
import SQLKit
import YJICore

extension ReportRepository {
    /// Publishes an inspection: in one transaction, checks `PublicationGate` against the inspection as it stands (its
    /// stage and every sampled case) and the report's own checks, then marks it published, records the move and the
    /// milestones it completes, and stores the report and scorecard as this edition's record. Throws
    /// `StoreError.notReady` listing every blocker, or `.conflict` when the inspection changed after the report was
    /// drafted; either way nothing is written. Only `publish(inspection:actor:on:)` calls it, with the checks it made
    /// itself, so nothing can publish past the anonymisation check.
    func publish(
        inspection inspectionID: Int, report: PublishedReport, checks: ReportChecks, actor: String, on day: CalendarDate? = nil
    ) async throws -> Inspection {
        try await store.transaction { db in
            if store.engine == .postgres {
                // Waits for any open transaction changing the inspection's cases or judgements (their triggers hold this
                // lock shared), so the gate and the scorecard see them committed or not at all.
                try await db.raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(LifecycleRepository.scorecardLockClass)), \(bind: inspectionID)::integer)").run()
            }
            let before = try await store.inspections.inspection(db, id: inspectionID)
            let facts = try await publicationFacts(db, inspection: before, checks: checks)
            let blockers = PublicationGate.blockers(facts)
            guard blockers.isEmpty else { throw StoreError.notReady(blockers) }
            guard try await auditMark(db, inspection: inspectionID) == checks.auditMark else {
                throw StoreError.conflict("the inspection changed while its report was being checked; look at the report again and publish")
            }
            let now = isoTimestamp()
            let today = day ?? CalendarDate(dayOfTimestamp: now)!
            let (_, card) = try await store.scores.scorecard(db, inspection: inspectionID)
            let scorecardJSON = String(decoding: try JSONEncoder().encode(card), as: UTF8.self)
            let edition = (try await publications(db, inspection: inspectionID).map(\.edition).max() ?? 0) + 1
            try await store.lifecycle.moveStatus(db, from: before, to: .published, actor: actor, at: now, on: today, reason: "")
            try await db.raw("""
                INSERT INTO publications (inspection_id, edition, published_on, published_at, published_by, report_html, report_body,
                                          report_markdown, scorecard)
                VALUES (\(bind: inspectionID), \(bind: edition), \(bind: today.description), \(bind: now), \(bind: actor), \(bind: report.html),
                        \(bind: report.body), \(bind: report.markdown), \(bind: scorecardJSON))
                """).run()
            try await store.lifecycle.storePublishedScorecard(db, inspection: inspectionID, card: card)
            let after = try await store.inspections.inspection(db, id: inspectionID)
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "inspection", entityID: String(inspectionID),
                            action: "update", before: before, after: after,
                            reason: "published edition \(edition) (status \(before.status.rawValue) to published)")
            return after
        }
    }

    /// Reopens a published inspection so a lead inspector can correct it: the standing edition is marked reopened with
    /// who, when and why, the inspection goes back to the stage before publication, and the programme's benchmark
    /// leaves it out until it is published again. The reason is required; the report's history shows it.
    public func reopen(inspection inspectionID: Int, reason: String, actor: String) async throws -> Inspection {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StoreError.invalid("give the reason the published report must be corrected") }
        return try await store.transaction { db in
            let before = try await store.inspections.inspection(db, id: inspectionID)
            guard before.status == .published else {
                throw StoreError.invalid("inspection \(inspectionID) is not published, so there is nothing to reopen")
            }
            let now = isoTimestamp()
            try await store.lifecycle.moveStatus(db, from: before, to: PublicationGate.stageBeforePublication, actor: actor, at: now,
                                 on: CalendarDate(dayOfTimestamp: now)!, reason: reason)
            try await db.raw("""
                UPDATE publications SET reopened_at = \(bind: now), reopened_by = \(bind: actor), reopen_reason = \(bind: reason)
                WHERE inspection_id = \(bind: inspectionID) AND reopened_at IS NULL
                """).run()
            try await db.raw("DELETE FROM published_scorecards WHERE inspection_id = \(bind: inspectionID)").run()
            let after = try await store.inspections.inspection(db, id: inspectionID)
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "inspection", entityID: String(inspectionID),
                            action: "update", before: before, after: after, reason: "reopened for correction: \(reason)")
            return after
        }
    }

    /// Every edition of the inspection's report, oldest first.
    public func publications(inspection inspectionID: Int) async throws -> [Publication] {
        try await store.transaction(.read) { db in try await publications(db, inspection: inspectionID) }
    }

    /// The report as published, while the inspection is published; nil otherwise (and for an inspection imported as
    /// published from an archive, which carries no stored report: its data is frozen, so it is drafted as it stands).
    public func publishedReport(inspection inspectionID: Int) async throws -> PublishedReport? {
        try await store.transaction(.read) { db in
            guard try await store.inspections.inspection(db, id: inspectionID).status == .published else { return nil }
            guard let row = try await db.raw("""
                SELECT report_html, report_body, report_markdown FROM publications
                WHERE inspection_id = \(bind: inspectionID) AND reopened_at IS NULL ORDER BY edition DESC
                """).first() else { return nil }
            return PublishedReport(html: try row.decode(column: "report_html", as: String.self),
                                   body: try row.decode(column: "report_body", as: String.self),
                                   markdown: try row.decode(column: "report_markdown", as: String.self))
        }
    }

    /// The gate's facts about the inspection as it stands, with the report's checks; for showing what remains before
    /// publication. `publish` gathers them again inside its own transaction.
    public func publicationFacts(inspection inspectionID: Int, checks: ReportChecks) async throws -> PublicationGate.Facts {
        try await store.transaction(.read) { db in
            try await publicationFacts(db, inspection: try await store.inspections.inspection(db, id: inspectionID), checks: checks)
        }
    }

    /// Marks assessed every case of the inspection whose applicable questions all have answers and that is not marked
    /// yet, with an audit row each; for answers imported from a file, where no assessor presses "mark assessed".
    /// Returns how many it marked.
    public func markCompleteCasesAssessed(inspection inspectionID: Int, actor: String) async throws -> Int {
        try await store.transaction { db in
            let now = isoTimestamp()
            var marked = 0
            for status in try await store.assessment.caseStatuses(db, inspection: inspectionID, caseRef: nil)
            where status.assessedAt == nil && status.progress.isComplete {
                try await db.raw("""
                    UPDATE cases SET assessed_at = \(bind: now), assessed_by = \(bind: actor)
                    WHERE inspection_id = \(bind: inspectionID) AND case_ref = \(bind: status.record.id)
                    """).run()
                try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "case", entityID: status.record.id, action: "update",
                                before: Optional<String>.none, after: "assessed", reason: "marked assessed: every applicable answer given")
                marked += 1
            }
            return marked
        }
    }
}

extension InspectionRepository {
    /// The id of the inspection's newest audit row (0 when it has none): every change to it writes one, so two equal
    /// marks mean nothing changed in between.
    public func auditMark(inspection inspectionID: Int) async throws -> Int {
        try await store.transaction(.read) { db in try await store.reports.auditMark(db, inspection: inspectionID) }
    }
}

extension ReportRepository {
    func publications(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> [Publication] {
        try await db.raw("""
            SELECT edition, published_on, published_at, published_by, reopened_at, reopened_by, reopen_reason FROM publications
            WHERE inspection_id = \(bind: inspectionID) ORDER BY edition
            """).all().map { row in
            let day = try row.decode(column: "published_on", as: String.self)
            guard let publishedOn = CalendarDate.parse(day) else {
                throw StoreError.invalid("inspection \(inspectionID) has a publication with an unreadable date '\(day)'")
            }
            return Publication(
                edition: try row.decode(column: "edition", as: Int.self), publishedOn: publishedOn,
                publishedAt: try row.decode(column: "published_at", as: String.self),
                publishedBy: try row.decode(column: "published_by", as: String.self),
                reopenedAt: try row.decode(column: "reopened_at", as: String?.self),
                reopenedBy: try row.decode(column: "reopened_by", as: String?.self),
                reopenReason: try row.decode(column: "reopen_reason", as: String?.self))
        }
    }

    /// The full scorecard stored with the standing edition; nil when there is none (not published, reopened, or
    /// imported from an archive, which carries no edition).
    func publicationScorecard(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> Scorecard? {
        guard let row = try await db.raw("""
            SELECT scorecard FROM publications WHERE inspection_id = \(bind: inspectionID) AND reopened_at IS NULL
            ORDER BY edition DESC
            """).first() else { return nil }
        return try JSONDecoder().decode(Scorecard.self, from: Data(try row.decode(column: "scorecard", as: String.self).utf8))
    }

    func auditMark(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> Int {
        try await db.raw("SELECT MAX(id) AS mark FROM audit_log WHERE inspection_id = \(bind: inspectionID)").first()?
            .decode(column: "mark", as: Int?.self) ?? 0
    }

    fileprivate func publicationFacts(_ db: any SQLDatabase, inspection: Inspection, checks: ReportChecks) async throws -> PublicationGate.Facts {
        let cases = try await store.assessment.caseStatuses(db, inspection: inspection.id, caseRef: nil).map {
            PublicationGate.CaseReadiness(caseID: $0.record.id, markedAssessed: $0.assessedAt != nil, unanswered: $0.progress.missing.count)
        }
        return PublicationGate.Facts(inspectionID: inspection.id, status: inspection.status, cases: cases,
                                     movedSentences: checks.movedSentences, protectedNamesFound: checks.protectedNamesFound)
    }
}

