import Foundation
import SQLKit
import YJICore

/// Where each inspection is in its life: status changes and milestone dates.
public struct LifecycleRepository: Sendable {
    let store: Store
}

extension LifecycleRepository {
    /// Moves an inspection to `status`, recording who moved it and when, and returns it as it now is; the same status
    /// writes nothing. A move `StatusMoves` refuses throws `StoreError.invalid` and changes nothing.
    ///
    /// In the same transaction: the milestone the framework marks with `status` gets `day` (default today) as its
    /// actual date unless one was recorded already, and on publication the inspection's scorecard is stored for
    /// benchmarks. The store does not look at the report: before moving to `.published` the caller runs the
    /// anonymisation guard over the report's free text and publishes only if it finds none.
    public func setInspectionStatus(
        inspection inspectionID: Int, to status: InspectionStatus, actor: String, on day: CalendarDate? = nil
    ) async throws -> Inspection {
        try await store.transaction { db in
            let before = try await store.inspections.inspection(db, id: inspectionID)
            guard before.status != status else { return before }
            // Publishing has a gate of its own (`publish`), and leaving publication is a reopening with a reason.
            if status == .published {
                throw StoreError.invalid("an inspection is published from its report page (or `yji publish`), which checks it is ready first")
            }
            if before.status == .published {
                throw StoreError.invalid("a published inspection is reopened with a reason from its report page, not moved")
            }
            if let refusal = StatusMoves.refusal(from: before.status, to: status) { throw StoreError.invalid(refusal) }
            let now = isoTimestamp()
            try await moveStatus(db, from: before, to: status, actor: actor, at: now,
                                 on: day ?? CalendarDate(dayOfTimestamp: now)!, reason: "")
            let after = try await store.inspections.inspection(db, id: inspectionID)
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "inspection", entityID: String(inspectionID),
                            action: "update", before: before, after: after,
                            reason: "status \(before.status.rawValue) to \(status.rawValue)")
            return after
        }
    }

    /// Records the day a milestone happened (replacing an earlier record), or with `day` nil forgets it, with an audit
    /// row. The milestone must be one of the framework's; a day after `today` is refused, since it has not happened.
    public func recordMilestone(
        inspection inspectionID: Int, milestone milestoneID: String, on day: CalendarDate?, actor: String,
        today: CalendarDate = .today
    ) async throws {
        try await store.transaction { db in
            let inspection = try await store.inspections.inspection(db, id: inspectionID)
            let rules = try await store.inspections.framework(db, of: inspection).lifecycle
            guard rules.milestone(milestoneID) != nil else {
                let known = rules.milestones.map(\.id).joined(separator: ", ")
                throw StoreError.invalid("the \(inspection.programme) lifecycle has no milestone '\(milestoneID)' (known: \(known.isEmpty ? "none" : known))")
            }
            if let day, day > today { throw StoreError.invalid("\(milestoneID) cannot have happened on \(day): that is after today (\(today))") }
            let before = try await milestoneDates(db, inspection: inspectionID)[milestoneID]
            try await db.raw("DELETE FROM milestone_dates WHERE inspection_id = \(bind: inspectionID) AND milestone_id = \(bind: milestoneID)").run()
            if let day {
                try await insertMilestoneDate(db, MilestoneDate(milestoneID: milestoneID, happenedOn: day, recordedBy: actor),
                                              inspection: inspectionID, recordedAt: isoTimestamp())
            }
            let after = try await milestoneDates(db, inspection: inspectionID)[milestoneID]
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "milestone", entityID: milestoneID,
                            action: before == nil ? "create" : after == nil ? "delete" : "update", before: before, after: after, reason: "")
        }
    }

    /// One inspection's timetable.
    public func timetable(inspection inspectionID: Int) async throws -> InspectionTimetable {
        try await store.transaction(.read) { db in
            let inspection = try await store.inspections.inspection(db, id: inspectionID)
            return InspectionTimetable(
                inspection: inspection, rules: try await store.inspections.framework(db, of: inspection).lifecycle,
                changes: try await statusChanges(db, inspection: inspectionID),
                happened: try await milestoneDates(db, inspection: inspectionID))
        }
    }

    /// The timetables of every inspection of `programme` (all programmes when nil) that `include` keeps, in order of
    /// fieldwork; for a programme's calendar. Histories are left out: a calendar needs the milestones only.
    public func timetables(programme: String?, include: (Inspection) -> Bool = { _ in true }) async throws -> [InspectionTimetable] {
        try await store.transaction(.read) { db in
            var query: SQLQueryString = "\(unsafeRaw: InspectionRepository.inspectionQuery)"
            if let programme { query = query + " WHERE i.programme = \(bind: programme)" }
            let inspections = try await db.raw(query + " ORDER BY i.fieldwork_start, i.id").all().map(InspectionRepository.inspection(from:)).filter(include)
            var happened: [Int: [String: MilestoneDate]] = [:]
            for row in try await db.raw("SELECT inspection_id, milestone_id, happened_on, recorded_by FROM milestone_dates").all() {
                let date = try Self.milestoneDate(from: row)
                happened[try row.decode(column: "inspection_id", as: Int.self), default: [:]][date.milestoneID] = date
            }
            var timetables: [InspectionTimetable] = []
            for inspection in inspections {
                timetables.append(InspectionTimetable(
                    inspection: inspection, rules: try await store.inspections.framework(db, of: inspection).lifecycle, changes: [],
                    happened: happened[inspection.id] ?? [:]))
            }
            return timetables
        }
    }
}

extension InspectionArchive {
    /// How the inspection moved through its lifecycle, as the timetable page shows it.
    public struct TimetablePart: Sendable, Hashable, Codable {
        /// Every move, oldest first.
        public let changes: [StatusChange]
        /// The milestones that have happened, by id.
        public let milestones: [MilestoneDate]
    }
}

extension LifecycleRepository {
    /// The PostgreSQL advisory-lock class that guards storing a published scorecard (see migration 7).
    static let scorecardLockClass = 7_311

    /// Moves the inspection, records the move, and on a move forward gives `day` to every milestone that a stage up
    /// to the new one marks and that has no date yet: reaching a stage means the stages it passed have happened, so
    /// their milestones stop counting as overdue.
    func moveStatus(_ db: any SQLDatabase, from before: Inspection, to status: InspectionStatus, actor: String, at now: String,
                    on today: CalendarDate, reason: String) async throws {
        try await db.raw("UPDATE inspections SET status = \(bind: status.rawValue) WHERE id = \(bind: before.id)").run()
        try await insertStatusChange(db, StatusChange(from: before.status, to: status, changedAt: now, changedBy: actor,
                                                      reason: reason.isEmpty ? nil : reason), inspection: before.id)
        let rules = try await store.inspections.framework(db, of: before).lifecycle
        // A move back marks only its own stage's milestone (a draft sent back to provisional findings); a move forward
        // marks every stage up to the new one.
        for reached in InspectionStatus.allCases where reached == status || (status > before.status && reached < status) {
            guard let milestone = rules.milestone(reachedBy: reached) else { continue }
            try await insertMilestoneDate(db, MilestoneDate(milestoneID: milestone.id, happenedOn: today, recordedBy: actor),
                                          inspection: before.id, recordedAt: now, keepingEarlier: true)
        }
    }

    fileprivate func insertStatusChange(_ db: any SQLDatabase, _ change: StatusChange, inspection inspectionID: Int) async throws {
        try await db.raw("""
            INSERT INTO inspection_status_changes (inspection_id, from_status, to_status, changed_at, changed_by, reason)
            VALUES (\(bind: inspectionID), \(bind: change.from.rawValue), \(bind: change.to.rawValue), \(bind: change.changedAt),
                    \(bind: change.changedBy), \(bind: change.reason ?? ""))
            """).run()
    }

    /// `keepingEarlier`: a date already recorded for the milestone stands, and this one is dropped.
    fileprivate func insertMilestoneDate(_ db: any SQLDatabase, _ date: MilestoneDate, inspection inspectionID: Int, recordedAt: String,
                                     keepingEarlier: Bool = false) async throws {
        let onConflict: SQLQueryString = keepingEarlier ? " ON CONFLICT (inspection_id, milestone_id) DO NOTHING" : ""
        try await db.raw("""
            INSERT INTO milestone_dates (inspection_id, milestone_id, happened_on, recorded_by, recorded_at)
            VALUES (\(bind: inspectionID), \(bind: date.milestoneID), \(bind: date.happenedOn.description), \(bind: date.recordedBy),
                    \(bind: recordedAt))
            """ + onConflict).run()
    }

    func statusChanges(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> [StatusChange] {
        try await db.raw("""
            SELECT from_status, to_status, changed_at, changed_by, reason FROM inspection_status_changes
            WHERE inspection_id = \(bind: inspectionID) ORDER BY id
            """).all().map { row in
            let from = try row.decode(column: "from_status", as: String.self), to = try row.decode(column: "to_status", as: String.self)
            guard let fromStatus = InspectionStatus(rawValue: from), let toStatus = InspectionStatus(rawValue: to) else {
                throw StoreError.invalid("inspection \(inspectionID) has a status change with an unknown status: \(from) to \(to)")
            }
            let reason = try row.decode(column: "reason", as: String.self)
            return StatusChange(from: fromStatus, to: toStatus, changedAt: try row.decode(column: "changed_at", as: String.self),
                                changedBy: try row.decode(column: "changed_by", as: String.self), reason: reason.isEmpty ? nil : reason)
        }
    }

    func milestoneDates(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> [String: MilestoneDate] {
        let rows = try await db.raw("""
            SELECT milestone_id, happened_on, recorded_by FROM milestone_dates WHERE inspection_id = \(bind: inspectionID)
            """).all()
        var dates: [String: MilestoneDate] = [:]
        for row in rows {
            let date = try Self.milestoneDate(from: row)
            dates[date.milestoneID] = date
        }
        return dates
    }

    fileprivate static func milestoneDate(from row: any SQLRow) throws -> MilestoneDate {
        let id = try row.decode(column: "milestone_id", as: String.self)
        let text = try row.decode(column: "happened_on", as: String.self)
        guard let day = CalendarDate.parse(text) else { throw StoreError.invalid("milestone \(id) has an unreadable date '\(text)'") }
        return MilestoneDate(milestoneID: id, happenedOn: day, recordedBy: try row.decode(column: "recorded_by", as: String.self))
    }

    /// The history and milestone dates as an archive carries them; nil when there are none, so the bytes of archives of
    /// inspections that never moved do not change.
    func timetablePart(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> InspectionArchive.TimetablePart? {
        let changes = try await statusChanges(db, inspection: inspectionID)
        let milestones = try await milestoneDates(db, inspection: inspectionID).values.sorted { $0.milestoneID < $1.milestoneID }
        if changes.isEmpty, milestones.isEmpty { return nil }
        return InspectionArchive.TimetablePart(changes: changes, milestones: milestones)
    }

    /// Refuses, before anything is written, an archive whose milestones are not the framework's or are recorded twice.
    static func checkTimetablePart(_ timetable: InspectionArchive.TimetablePart?, rules: LifecycleRules) throws {
        guard let timetable else { return }
        var seen: Set<String> = []
        for (index, date) in timetable.milestones.enumerated() {
            guard rules.milestone(date.milestoneID) != nil else {
                throw StoreError.invalid("milestone \(index + 1) is '\(date.milestoneID)', which the framework's lifecycle does not have")
            }
            guard seen.insert(date.milestoneID).inserted else {
                throw StoreError.invalid("milestone \(index + 1): '\(date.milestoneID)' is recorded twice")
            }
        }
        for (index, change) in timetable.changes.enumerated() where change.changedOn == nil {
            throw StoreError.invalid("status change \(index + 1) has an unreadable time '\(change.changedAt)'")
        }
    }

    /// Writes an archive's history and milestone dates into a new inspection as they were, with one audit row.
    func insertTimetablePart(_ db: any SQLDatabase, _ timetable: InspectionArchive.TimetablePart, inspection inspectionID: Int,
                             actor: String, file: String) async throws {
        for change in timetable.changes {
            try await insertStatusChange(db, change, inspection: inspectionID)
        }
        let now = isoTimestamp()
        for date in timetable.milestones {
            try await insertMilestoneDate(db, date, inspection: inspectionID, recordedAt: now)
        }
        try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "timetable", entityID: String(inspectionID),
                        action: "create", before: Optional<InspectionArchive.TimetablePart>.none, after: timetable,
                        reason: "imported from \(file)")
    }

    /// Scores a published inspection and stores the card without its question rows, inside `db`'s transaction.
    ///
    /// On PostgreSQL the exclusive advisory lock waits for any open transaction that changed the inspection's cases
    /// or judgements (their triggers hold it shared), so the card is computed from committed data and a change after
    /// it forgets it again.
    func storePublishedScorecard(_ db: any SQLDatabase, inspection inspectionID: Int) async throws {
        if store.engine == .postgres {
            try await db.raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(Self.scorecardLockClass)), \(bind: inspectionID)::integer)").run()
        }
        let (_, card) = try await store.scores.scorecard(db, inspection: inspectionID)
        try await storePublishedScorecard(db, inspection: inspectionID, card: card)
    }

    /// Stores `card`, computed in the caller's transaction, as the inspection's card for benchmarks.
    func storePublishedScorecard(_ db: any SQLDatabase, inspection inspectionID: Int, card: Scorecard) async throws {
        let json = String(decoding: try JSONEncoder().encode(card.withoutQuestions), as: UTF8.self)
        try await db.raw("""
            INSERT INTO published_scorecards (inspection_id, scorecard, computed_at)
            VALUES (\(bind: inspectionID), \(bind: json), \(bind: isoTimestamp()))
            ON CONFLICT (inspection_id) DO UPDATE SET scorecard = excluded.scorecard, computed_at = excluded.computed_at
            """).run()
    }
}

