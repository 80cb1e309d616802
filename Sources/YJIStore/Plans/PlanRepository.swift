import Foundation
import SQLKit
import YJICore

/// Services' improvement plans after publication: actions and progress updates.
public struct PlanRepository: Sendable {
    let store: Store
}

extension PlanRepository {
    /// A published inspection's improvement plan; an inspection not yet published has none (`StoreError.invalid`).
    public func plan(inspection inspectionID: Int) async throws -> ImprovementPlan {
        try await store.transaction(.read) { db in
            let inspection = try await store.inspections.inspection(db, id: inspectionID)
            try Self.requirePublished(inspection)
            return try await plans(db, [inspection], scope: .inspection(inspectionID))[0]
        }
    }

    /// The plans of every published inspection of `programme` (every programme when nil), newest inspection first.
    public func plans(programme: String? = nil) async throws -> [ImprovementPlan] {
        try await store.transaction(.read) { db in
            var query: SQLQueryString = "\(unsafeRaw: InspectionRepository.inspectionQuery) WHERE i.status = \(bind: InspectionStatus.published.rawValue)"
            if let programme { query = query + " AND i.programme = \(bind: programme)" }
            let inspections = try await db.raw(query + " ORDER BY i.id DESC").all().map(InspectionRepository.inspection(from:))
            return try await plans(db, inspections, scope: .published(programme: programme))
        }
    }

    /// Every action of a published inspection's plan that is overdue on `day`, longest overdue first, for one programme
    /// or all of them.
    public func overdueActions(programme: String? = nil, on day: CalendarDate) async throws -> [OverdueAction] {
        try await plans(programme: programme).flatMap { plan in
            plan.recommendations.flatMap { item in
                item.actions.filter { $0.isOverdue(on: day) }.map {
                    OverdueAction(inspection: plan.inspection, recommendation: item.recommendation, action: $0, daysOverdue: $0.daysOverdue(on: day))
                }
            }
        }.sorted { ($0.action.details.due, $0.inspection.id, $0.action.id) < ($1.action.details.due, $1.inspection.id, $1.action.id) }
    }

    /// Adds an action to a published inspection's plan, answering one of its recommendations, with an audit row.
    public func addPlanAction(inspection inspectionID: Int, _ details: ActionDetails, actor: String) async throws -> PlanAction {
        try await store.transaction { db in
            let inspection = try await store.inspections.inspection(db, id: inspectionID)
            try Self.requirePublished(inspection)
            try await requireRecommendation(db, details.recommendation, inspection: inspectionID)
            let now = isoTimestamp()
            let id = try await db.raw("""
                INSERT INTO plan_actions (inspection_id, recommendation_position, description, owner_name, due_on, status, reason, version,
                                          created_at, created_by, updated_at, updated_by)
                VALUES (\(bind: inspectionID), \(bind: details.recommendation), \(bind: details.description), \(bind: details.owner),
                        \(bind: details.due.description), \(bind: details.status.rawValue), \(bind: details.reason), 1,
                        \(bind: now), \(bind: actor), \(bind: now), \(bind: actor))
                RETURNING id
                """).first()!.decode(column: "id", as: Int.self)
            let created = try await planAction(db, id, inspection: inspectionID)
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "plan-action", entityID: String(id), action: "create",
                            before: Optional<PlanAction>.none, after: created.withoutUpdates, reason: "")
            return created
        }
    }

    /// Changes an action, refusing with `StoreError.conflict`, and writing nothing, if its stored version is not
    /// `baseVersion`; submitting again exactly what is stored writes nothing and returns the stored action.
    public func updatePlanAction(inspection inspectionID: Int, action actionID: Int, _ details: ActionDetails, baseVersion: Int,
                                 actor: String) async throws -> PlanAction {
        try await store.transaction { db in
            let inspection = try await store.inspections.inspection(db, id: inspectionID)
            try Self.requirePublished(inspection)
            let stored = try await planAction(db, actionID, inspection: inspectionID)
            if stored.details == details { return stored }
            try await requireRecommendation(db, details.recommendation, inspection: inspectionID)
            guard stored.version == baseVersion else { throw Self.actionConflict(actionID, yours: baseVersion, theirs: stored) }
            let changed = try await db.raw("""
                UPDATE plan_actions SET recommendation_position = \(bind: details.recommendation), description = \(bind: details.description),
                    owner_name = \(bind: details.owner), due_on = \(bind: details.due.description), status = \(bind: details.status.rawValue),
                    reason = \(bind: details.reason), version = \(bind: baseVersion + 1), updated_at = \(bind: isoTimestamp()),
                    updated_by = \(bind: actor)
                WHERE id = \(bind: actionID) AND version = \(bind: baseVersion)
                RETURNING id
                """).first()
            // Another writer got in between our read and our write.
            guard changed != nil else { throw Self.actionConflict(actionID, yours: baseVersion, theirs: nil) }
            let after = try await planAction(db, actionID, inspection: inspectionID)
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "plan-action", entityID: String(actionID), action: "update",
                            before: stored.withoutUpdates, after: after.withoutUpdates, reason: stored.details.status == details.status ? ""
                                : "status \(stored.details.status.rawValue) to \(details.status.rawValue)")
            return after
        }
    }

    /// Adds a dated progress update to an action, with an audit row; an update dated after `today` is refused.
    public func addProgressUpdate(inspection inspectionID: Int, action actionID: Int, _ update: ProgressDetails, actor: String,
                                  today: CalendarDate = .today) async throws -> ProgressUpdate {
        // Checked again here: the details may have been checked against another day than the store's.
        if update.date > today {
            throw StoreError.invalid("date: \(update.date) is in the future: progress is recorded once it has happened (today is \(today))")
        }
        return try await store.transaction { db in
            let inspection = try await store.inspections.inspection(db, id: inspectionID)
            try Self.requirePublished(inspection)
            _ = try await planAction(db, actionID, inspection: inspectionID)
            let id = try await insertProgressUpdate(db, update, action: actionID, recordedBy: actor, recordedAt: isoTimestamp())
            guard let created = try await planAction(db, actionID, inspection: inspectionID).updates.first(where: { $0.id == id }) else {
                throw StoreError.notFound("progress update \(id) was not found after it was written")
            }
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "plan-update", entityID: "\(actionID)/\(id)",
                            action: "create", before: Optional<ProgressUpdate>.none, after: created, reason: "")
            return created
        }
    }
}

extension InspectionArchive {
    /// An improvement plan in an archive: its actions with versions and who changed them, without store ids.
    public struct PlanPart: Sendable, Hashable, Codable {
        /// Actions in the plan's order.
        public let actions: [ArchivedAction]
    }

    /// One action in an archive.
    public struct ArchivedAction: Sendable, Hashable, Codable {
        public let details: ActionDetails
        public let version: Int
        public let createdAt: String
        public let createdBy: String
        public let updatedAt: String
        public let updatedBy: String
        public let updates: [ArchivedUpdate]
    }

    /// One progress update in an archive.
    public struct ArchivedUpdate: Sendable, Hashable, Codable {
        public let details: ProgressDetails
        public let recordedBy: String
        public let recordedAt: String
    }
}

extension PlanRepository {
    /// The plan as an archive carries it; nil when the inspection has no actions, so older archives' bytes do not change.
    func planPart(_ db: any SQLDatabase, inspection: Inspection) async throws -> InspectionArchive.PlanPart? {
        let actions = try await planActions(db, scope: .inspection(inspection.id))
        guard !actions.isEmpty else { return nil }
        return InspectionArchive.PlanPart(actions: actions.map { action in
            InspectionArchive.ArchivedAction(
                details: action.details, version: action.version, createdAt: action.createdAt, createdBy: action.createdBy,
                updatedAt: action.updatedAt, updatedBy: action.updatedBy,
                updates: action.updates.map { InspectionArchive.ArchivedUpdate(details: $0.details, recordedBy: $0.recordedBy, recordedAt: $0.recordedAt) })
        })
    }

    /// An archive's plan checked before anything is written, as it will be stored: it needs a published inspection,
    /// each action must answer one of the archive's recommendations, and each part must keep the plan's rules.
    static func checkedPlanPart(_ plan: InspectionArchive.PlanPart?, status: InspectionStatus,
                                recommendations: [ReportRecommendation]) throws -> InspectionArchive.PlanPart? {
        guard let plan, !plan.actions.isEmpty else { return nil }
        guard status == .published else {
            throw StoreError.invalid("the archive has an improvement plan, but its inspection is \(status.rawValue): only a published inspection has one")
        }
        let positions = Set(recommendations.map(\.position))
        var checked: [InspectionArchive.ArchivedAction] = []
        for (index, action) in plan.actions.enumerated() {
            let given = action.details
            if !positions.contains(given.recommendation) {
                throw StoreError.invalid("improvement plan action \(index + 1) answers recommendation \(given.recommendation), "
                                         + "which the archive's report does not have")
            }
            if action.version < 1 { throw StoreError.invalid("improvement plan action \(index + 1): its version must be 1 or more") }
            // Decoding does not check the plan's rules, so each part is built again as if it had been typed.
            do {
                let details = try ActionDetails(recommendation: given.recommendation, description: given.description, owner: given.owner,
                                                due: given.due, status: given.status, reason: given.reason)
                var updates: [InspectionArchive.ArchivedUpdate] = []
                for update in action.updates {
                    let recorded = CalendarDate(dayOfTimestamp: update.recordedAt) ?? update.details.date
                    let details = try ProgressDetails(date: update.details.date, note: update.details.note, evidence: update.details.evidence,
                                                      today: recorded)
                    updates.append(InspectionArchive.ArchivedUpdate(details: details, recordedBy: update.recordedBy, recordedAt: update.recordedAt))
                }
                checked.append(InspectionArchive.ArchivedAction(
                    details: details, version: action.version, createdAt: action.createdAt, createdBy: action.createdBy,
                    updatedAt: action.updatedAt, updatedBy: action.updatedBy, updates: updates))
            } catch {
                throw StoreError.invalid("improvement plan action \(index + 1): \(error)")
            }
        }
        return InspectionArchive.PlanPart(actions: checked)
    }

    /// Writes an archive's plan into a new inspection, keeping versions and who changed what, with audit rows.
    func insertPlanPart(_ db: any SQLDatabase, _ plan: InspectionArchive.PlanPart, inspection inspectionID: Int, actor: String,
                        file: String) async throws {
        for action in plan.actions {
            let details = action.details
            let id = try await db.raw("""
                INSERT INTO plan_actions (inspection_id, recommendation_position, description, owner_name, due_on, status, reason, version,
                                          created_at, created_by, updated_at, updated_by)
                VALUES (\(bind: inspectionID), \(bind: details.recommendation), \(bind: details.description), \(bind: details.owner),
                        \(bind: details.due.description), \(bind: details.status.rawValue), \(bind: details.reason), \(bind: action.version),
                        \(bind: action.createdAt), \(bind: action.createdBy), \(bind: action.updatedAt), \(bind: action.updatedBy))
                RETURNING id
                """).first()!.decode(column: "id", as: Int.self)
            for update in action.updates {
                _ = try await insertProgressUpdate(db, update.details, action: id, recordedBy: update.recordedBy, recordedAt: update.recordedAt)
            }
            let stored = try await planAction(db, id, inspection: inspectionID)
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "plan-action", entityID: String(id), action: "create",
                            before: Optional<PlanAction>.none, after: stored, reason: "imported from \(file)")
        }
    }

    /// Which plans a query reads: one inspection's, or every published inspection's (of one programme).
    enum PlanScope {
        case inspection(Int)
        case published(programme: String?)

        /// A condition that `column`, an inspection id, is in scope; it starts with a space, to follow a `WHERE` directly.
        func condition(_ column: String) -> SQLQueryString {
            switch self {
            case .inspection(let id):
                return " \(unsafeRaw: column) = \(bind: id)"
            case .published(nil):
                return " \(unsafeRaw: column) IN (SELECT id FROM inspections WHERE status = 'published')"
            case .published(let programme?):
                return " \(unsafeRaw: column) IN (SELECT id FROM inspections WHERE status = 'published' AND programme = \(bind: programme))"
            }
        }
    }

    /// The plans of `inspections`, read with one query per table whatever their number.
    fileprivate func plans(_ db: any SQLDatabase, _ inspections: [Inspection], scope: PlanScope) async throws -> [ImprovementPlan] {
        guard !inspections.isEmpty else { return [] }
        var recommendations: [Int: [ReportRecommendation]] = [:]
        for row in try await db.raw("""
            SELECT inspection_id, position, text, responsible FROM report_recommendations WHERE
            """ + scope.condition("inspection_id") + " ORDER BY inspection_id, position").all() {
            recommendations[try row.decode(column: "inspection_id", as: Int.self), default: []].append(
                ReportRecommendation(position: try row.decode(column: "position", as: Int.self), text: try row.decode(column: "text", as: String.self),
                                     responsible: try row.decode(column: "responsible", as: String.self)))
        }
        let actions = Dictionary(grouping: try await planActions(db, scope: scope), by: \.inspectionID)
        var happened: [Int: [String: CalendarDate]] = [:]
        for row in try await db.raw("SELECT inspection_id, milestone_id, happened_on FROM milestone_dates WHERE" + scope.condition("inspection_id")).all() {
            guard let day = CalendarDate.parse(try row.decode(column: "happened_on", as: String.self)) else { continue }
            happened[try row.decode(column: "inspection_id", as: Int.self), default: [:]][try row.decode(column: "milestone_id", as: String.self)] = day
        }
        var plans: [ImprovementPlan] = []
        for inspection in inspections {
            let rules = try await store.inspections.framework(db, of: inspection).lifecycle
            let dates = happened[inspection.id] ?? [:]
            let publishedOn = dates[rules.milestone(reachedBy: .published)?.id ?? "publication"]
            let dueOn = publishedOn.flatMap {
                ImprovementPlanRules.planDue(rules: rules, publishedOn: $0, fieldworkStart: inspection.fieldworkStart,
                                             fieldworkEnd: inspection.fieldworkEnd)
            }
            let byRecommendation = Dictionary(grouping: actions[inspection.id] ?? [], by: \.details.recommendation)
            plans.append(ImprovementPlan(
                inspection: inspection, publishedOn: publishedOn, dueOn: dueOn, submittedOn: dates[ImprovementPlanRules.milestoneID],
                recommendations: (recommendations[inspection.id] ?? []).map {
                    PlanRecommendation(recommendation: $0, actions: byRecommendation[$0.position] ?? [])
                }))
        }
        return plans
    }

    /// The actions in scope with their updates, in the order they were added.
    func planActions(_ db: any SQLDatabase, scope: PlanScope) async throws -> [PlanAction] {
        var updates: [Int: [ProgressUpdate]] = [:]
        for row in try await db.raw("""
            SELECT u.id, u.action_id, u.happened_on, u.note, u.evidence, u.recorded_by, u.recorded_at
            FROM plan_updates u JOIN plan_actions a ON a.id = u.action_id WHERE
            """ + scope.condition("a.inspection_id") + " ORDER BY u.happened_on, u.id").all() {
            let update = try Self.progressUpdate(from: row)
            updates[update.actionID, default: []].append(update)
        }
        return try await db.raw("""
            SELECT id, inspection_id, recommendation_position, description, owner_name, due_on, status, reason, version,
                   created_at, created_by, updated_at, updated_by
            FROM plan_actions WHERE
            """ + scope.condition("inspection_id") + " ORDER BY id").all().map { row in
            let id = try row.decode(column: "id", as: Int.self)
            return PlanAction(
                id: id, inspectionID: try row.decode(column: "inspection_id", as: Int.self), details: try Self.actionDetails(from: row),
                version: try row.decode(column: "version", as: Int.self),
                createdAt: try row.decode(column: "created_at", as: String.self), createdBy: try row.decode(column: "created_by", as: String.self),
                updatedAt: try row.decode(column: "updated_at", as: String.self), updatedBy: try row.decode(column: "updated_by", as: String.self),
                updates: updates[id] ?? [])
        }
    }

    /// One action of one inspection's plan; an action of another inspection is "not found", as if it did not exist.
    fileprivate func planAction(_ db: any SQLDatabase, _ actionID: Int, inspection inspectionID: Int) async throws -> PlanAction {
        guard let action = try await planActions(db, scope: .inspection(inspectionID)).first(where: { $0.id == actionID }) else {
            throw StoreError.notFound("no action \(actionID) in the improvement plan of inspection \(inspectionID)")
        }
        return action
    }

    fileprivate func insertProgressUpdate(_ db: any SQLDatabase, _ update: ProgressDetails, action actionID: Int, recordedBy: String,
                                      recordedAt: String) async throws -> Int {
        try await db.raw("""
            INSERT INTO plan_updates (action_id, happened_on, note, evidence, recorded_by, recorded_at)
            VALUES (\(bind: actionID), \(bind: update.date.description), \(bind: update.note), \(bind: update.evidence),
                    \(bind: recordedBy), \(bind: recordedAt))
            RETURNING id
            """).first()!.decode(column: "id", as: Int.self)
    }

    fileprivate func requireRecommendation(_ db: any SQLDatabase, _ position: Int, inspection inspectionID: Int) async throws {
        let positions = try await store.reports.recommendations(db, inspection: inspectionID).map(\.position)
        guard positions.contains(position) else {
            let known = positions.isEmpty ? "its report has none" : "its report's are numbered " + positions.map(String.init).joined(separator: ", ")
            throw StoreError.invalid("recommendation: inspection \(inspectionID) has no recommendation \(position) (\(known))")
        }
    }

    static func requirePublished(_ inspection: Inspection) throws {
        guard inspection.status == .published else {
            throw StoreError.invalid("inspection \(inspection.id) is not published (it is at \(inspection.status.displayName.lowercased())): "
                                     + "the improvement plan starts when the report is published")
        }
    }

    fileprivate static func actionConflict(_ actionID: Int, yours: Int, theirs: PlanAction?) -> StoreError {
        let who = theirs.map { " (by \($0.updatedBy), now version \($0.version))" } ?? ""
        return .conflict("action \(actionID) was changed by someone else since you loaded version \(yours)\(who); "
                         + "reload it and make your change again")
    }

    fileprivate static func actionDetails(from row: any SQLRow) throws -> ActionDetails {
        let due = try row.decode(column: "due_on", as: String.self), status = try row.decode(column: "status", as: String.self)
        guard let day = CalendarDate.parse(due), let state = ActionStatus(rawValue: status) else {
            throw StoreError.invalid("a stored plan action has an unreadable due date '\(due)' or status '\(status)'")
        }
        do {
            return try ActionDetails(recommendation: try row.decode(column: "recommendation_position", as: Int.self),
                                     description: try row.decode(column: "description", as: String.self),
                                     owner: try row.decode(column: "owner_name", as: String.self), due: day, status: state,
                                     reason: try row.decode(column: "reason", as: String?.self))
        } catch let problems as PlanProblems {
            throw StoreError.invalid("a stored plan action breaks the plan's rules: \(problems)")
        }
    }

    fileprivate static func progressUpdate(from row: any SQLRow) throws -> ProgressUpdate {
        let text = try row.decode(column: "happened_on", as: String.self)
        guard let day = CalendarDate.parse(text) else { throw StoreError.invalid("a stored progress update has an unreadable date '\(text)'") }
        let recordedAt = try row.decode(column: "recorded_at", as: String.self)
        let details: ProgressDetails
        do {
            // Stored updates were checked against the day they were recorded; that day is the limit again here.
            let recorded = CalendarDate(dayOfTimestamp: recordedAt) ?? day
            details = try ProgressDetails(date: day, note: try row.decode(column: "note", as: String.self),
                                          evidence: try row.decode(column: "evidence", as: String?.self), today: max(recorded, day))
        } catch {
            throw StoreError.invalid("a stored progress update breaks the plan's rules: \(error)")
        }
        return ProgressUpdate(id: try row.decode(column: "id", as: Int.self), actionID: try row.decode(column: "action_id", as: Int.self),
                              details: details, recordedBy: try row.decode(column: "recorded_by", as: String.self), recordedAt: recordedAt)
    }
}

