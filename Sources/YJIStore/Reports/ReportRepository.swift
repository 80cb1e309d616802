import Foundation
import SQLKit
import YJICore

/// The report's texts, recommendations and protected names, and its publication.
public struct ReportRepository: Sendable {
    let store: Store
}

extension ReportRepository {
    /// An inspection's edited or read report blocks, sorted by key.
    public func reportTexts(inspection inspectionID: Int) async throws -> [ReportText] {
        try await store.transaction(.read) { db in try await reportTexts(db, inspection: inspectionID) }
    }

    /// Saves a block's text (nil goes back to the drafted text) and the figures its editor saw, refusing with
    /// `StoreError.conflict`, and writing nothing, if the stored version is not `baseVersion` (nil: no saved row expected).
    ///
    /// Submitting again exactly what is stored is no conflict whatever version it names (a double submit, an
    /// autosave racing a save): it writes nothing and returns the stored block.
    public func saveReportText(inspection inspectionID: Int, key: String, text: String?, seenFigures: [String: String],
                               baseVersion: Int?, actor: String) async throws -> ReportText {
        guard !key.isEmpty else { throw StoreError.invalid("a report text needs the key of its block") }
        return try await store.transaction { db in
            _ = try await store.inspections.openInspection(db, id: inspectionID)
            let stored = try await reportTexts(db, inspection: inspectionID, key: key).first
            if let stored, stored.text == text, stored.seenFigures == seenFigures { return stored }
            guard stored?.version == baseVersion else { throw Self.reportTextConflict(key) }
            let saved = ReportText(key: key, text: text, seenFigures: seenFigures, version: (stored?.version ?? 0) + 1,
                                   updatedAt: isoTimestamp(), updatedBy: actor)
            try await writeReportText(db, saved, over: stored, inspection: inspectionID, actor: actor, reason: "")
            return saved
        }
    }

    /// Records the figures a reader has now seen, block key → token → rendered value, for all blocks or none.
    ///
    /// A block without a row gets one that keeps the drafted text; a block whose seen figures change goes up one
    /// version, so an editor who loaded it before is told to reload rather than overwrite what the reader saw.
    public func markReportTextsRead(inspection inspectionID: Int, figures: [String: [String: String]], actor: String) async throws {
        guard !figures.keys.contains("") else { throw StoreError.invalid("a report text needs the key of its block") }
        try await store.transaction { db in
            _ = try await store.inspections.openInspection(db, id: inspectionID)
            let current = Dictionary(try await reportTexts(db, inspection: inspectionID).map { ($0.key, $0) },
                                     uniquingKeysWith: { first, _ in first })
            let now = isoTimestamp()
            for (key, seen) in figures.sorted(by: { $0.key < $1.key }) {
                let stored = current[key]
                if let stored, stored.seenFigures == seen { continue }
                let read = ReportText(key: key, text: stored?.text, seenFigures: seen, version: (stored?.version ?? 0) + 1,
                                      updatedAt: now, updatedBy: actor)
                try await writeReportText(db, read, over: stored, inspection: inspectionID, actor: actor, reason: "marked read")
            }
        }
    }

    /// An inspection's recommendations in order.
    public func recommendations(inspection inspectionID: Int) async throws -> [ReportRecommendation] {
        try await store.transaction(.read) { db in try await recommendations(db, inspection: inspectionID) }
    }

    /// Replaces an inspection's recommendations with `items`, all or nothing, with one audit row.
    ///
    /// Each needs text and the body responsible (both are stored trimmed) and the positions must run 1...n;
    /// otherwise `StoreError.invalid` names every problem and nothing is written. A published inspection's
    /// recommendations are refused with `StoreError.published`: they are what its improvement plan answers.
    public func saveRecommendations(inspection inspectionID: Int, _ items: [ReportRecommendation], actor: String) async throws {
        let items = try Self.validatedRecommendations(items)
        try await store.transaction { db in
            // The improvement plan's actions refer to recommendations by number, so the published list stays as it is.
            _ = try await store.inspections.openInspection(db, id: inspectionID)
            try await replaceRecommendations(db, items, inspection: inspectionID, actor: actor, reason: "")
        }
    }

    /// The names the anonymisation guard looks for besides those the inspection already holds, alphabetically.
    public func protectedNames(inspection inspectionID: Int) async throws -> [String] {
        try await store.transaction(.read) { db in try await protectedNames(db, inspection: inspectionID) }
    }

    /// Replaces the list of protected names, all or nothing, with one audit row: names are trimmed, and empty ones
    /// and repeats that differ only in case are dropped (the first spelling is kept).
    public func saveProtectedNames(inspection inspectionID: Int, _ names: [String], actor: String) async throws {
        try await store.transaction { db in
            _ = try await store.inspections.openInspection(db, id: inspectionID)
            try await replaceProtectedNames(db, names, inspection: inspectionID, actor: actor, reason: "")
        }
    }
}

extension ReportRepository {
    func reportTexts(_ db: any SQLDatabase, inspection inspectionID: Int, key: String? = nil) async throws -> [ReportText] {
        var query: SQLQueryString = """
            SELECT block_key, text, seen_figures, version, updated_at, updated_by FROM report_texts WHERE inspection_id = \(bind: inspectionID)
            """
        if let key { query = query + " AND block_key = \(bind: key)" }
        // Sorted here, not in SQL, so both engines give the same order whatever their collation.
        return try await db.raw(query).all().map { row in
            ReportText(
                key: try row.decode(column: "block_key", as: String.self), text: try row.decode(column: "text", as: String?.self),
                seenFigures: try JSONDecoder().decode([String: String].self,
                                                      from: Data(try row.decode(column: "seen_figures", as: String.self).utf8)),
                version: try row.decode(column: "version", as: Int.self), updatedAt: try row.decode(column: "updated_at", as: String.self),
                updatedBy: try row.decode(column: "updated_by", as: String.self))
        }.sorted { $0.key < $1.key }
    }

    /// Writes `text` over `stored` (nil: no row) only if that is still what the database holds, with its audit row.
    func writeReportText(_ db: any SQLDatabase, _ text: ReportText, over stored: ReportText?, inspection inspectionID: Int, actor: String,
                         reason: String) async throws {
        let figures = try Store.auditJSON(text.seenFigures)
        let query: SQLQueryString
        if let stored {
            query = """
                UPDATE report_texts SET text = \(bind: text.text), seen_figures = \(bind: figures), version = \(bind: text.version),
                    updated_at = \(bind: text.updatedAt), updated_by = \(bind: text.updatedBy)
                WHERE inspection_id = \(bind: inspectionID) AND block_key = \(bind: text.key) AND version = \(bind: stored.version)
                RETURNING version
                """
        } else {
            query = """
                INSERT INTO report_texts (inspection_id, block_key, text, seen_figures, version, updated_at, updated_by)
                VALUES (\(bind: inspectionID), \(bind: text.key), \(bind: text.text), \(bind: figures), \(bind: text.version),
                        \(bind: text.updatedAt), \(bind: text.updatedBy))
                ON CONFLICT (inspection_id, block_key) DO NOTHING RETURNING version
                """
        }
        // Another writer got in between our read and our write: the whole transaction is refused so no half of it stands.
        guard try await db.raw(query).first() != nil else { throw Self.reportTextConflict(text.key) }
        try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "report-text", entityID: text.key,
                        action: stored == nil ? "create" : "update", before: stored, after: text, reason: reason)
    }

    fileprivate static func reportTextConflict(_ key: String) -> StoreError {
        .conflict("the report text \(key) was changed by someone else since you loaded it; reload it and make your change again")
    }

    /// The items trimmed and in position order, or `StoreError.invalid` listing what is wrong with them.
    static func validatedRecommendations(_ items: [ReportRecommendation]) throws -> [ReportRecommendation] {
        let trimmed = items.map {
            ReportRecommendation(position: $0.position, text: $0.text.trimmingCharacters(in: .whitespacesAndNewlines),
                                 responsible: $0.responsible.trimmingCharacters(in: .whitespacesAndNewlines))
        }.sorted { $0.position < $1.position }
        var problems: [String] = []
        for item in trimmed {
            if item.text.isEmpty { problems.append("recommendation \(item.position) has no text") }
            if item.responsible.isEmpty { problems.append("recommendation \(item.position) does not name the body responsible") }
        }
        let positions = trimmed.map(\.position)
        if positions.enumerated().contains(where: { $0.offset + 1 != $0.element }) {
            problems.append("recommendations must be numbered 1 to \(trimmed.count) without gaps or repeats, not "
                            + positions.map(String.init).joined(separator: ", "))
        }
        guard problems.isEmpty else { throw StoreError.invalid(problems.joined(separator: "; ")) }
        return trimmed
    }

    func recommendations(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> [ReportRecommendation] {
        try await db.raw("""
            SELECT position, text, responsible FROM report_recommendations WHERE inspection_id = \(bind: inspectionID) ORDER BY position
            """).all().map { row in
            ReportRecommendation(position: try row.decode(column: "position", as: Int.self), text: try row.decode(column: "text", as: String.self),
                                 responsible: try row.decode(column: "responsible", as: String.self))
        }
    }

    /// Replaces the stored list with already validated `items`; an unchanged list writes nothing.
    func replaceRecommendations(_ db: any SQLDatabase, _ items: [ReportRecommendation], inspection inspectionID: Int, actor: String,
                                reason: String) async throws {
        let before = try await recommendations(db, inspection: inspectionID)
        guard before != items else { return }
        // Upsert then trim the tail, rather than delete then insert: on PostgreSQL a concurrent replacement then
        // waits for this one and overwrites it, where re-inserting the same positions would fail on the primary key.
        for item in items {
            try await db.raw("""
                INSERT INTO report_recommendations (inspection_id, position, text, responsible)
                VALUES (\(bind: inspectionID), \(bind: item.position), \(bind: item.text), \(bind: item.responsible))
                ON CONFLICT (inspection_id, position) DO UPDATE SET text = excluded.text, responsible = excluded.responsible
                """).run()
        }
        try await db.raw("DELETE FROM report_recommendations WHERE inspection_id = \(bind: inspectionID) AND position > \(bind: items.count)").run()
        try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "recommendations", entityID: String(inspectionID),
                        action: Self.listAction(before: before.count, after: items.count), before: before, after: items, reason: reason)
    }

    /// Trimmed, without empties, and without repeats ignoring case, in the order given.
    static func normalisedNames(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }

    func protectedNames(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> [String] {
        try await db.raw("SELECT name FROM report_protected_names WHERE inspection_id = \(bind: inspectionID)").all()
            .map { try $0.decode(column: "name", as: String.self) }
            .sorted(by: Self.alphabetically)
    }

    /// Names in the order a person expects, whatever the engine's collation: ignoring case, then by case.
    fileprivate static func alphabetically(_ a: String, _ b: String) -> Bool {
        (a.lowercased(), a) < (b.lowercased(), b)
    }

    /// Replaces the stored names with the normalised `names`; names already stored keep who added them and when.
    func replaceProtectedNames(_ db: any SQLDatabase, _ names: [String], inspection inspectionID: Int, actor: String,
                               reason: String) async throws {
        let names = Self.normalisedNames(names)
        let before = try await protectedNames(db, inspection: inspectionID)
        guard Set(before) != Set(names) else { return }
        let now = isoTimestamp()
        for name in names {
            try await db.raw("""
                INSERT INTO report_protected_names (inspection_id, name, added_by, added_at)
                VALUES (\(bind: inspectionID), \(bind: name), \(bind: actor), \(bind: now))
                ON CONFLICT (inspection_id, name) DO NOTHING
                """).run()
        }
        // Read again rather than trust `before`: on PostgreSQL a concurrent replacement may have committed since.
        let keep = Set(names)
        for name in try await protectedNames(db, inspection: inspectionID) where !keep.contains(name) {
            try await db.raw("DELETE FROM report_protected_names WHERE inspection_id = \(bind: inspectionID) AND name = \(bind: name)").run()
        }
        let after = names.sorted(by: Self.alphabetically)
        try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "protected-names", entityID: String(inspectionID),
                        action: Self.listAction(before: before.count, after: after.count), before: before, after: after, reason: reason)
    }

    /// The audit action for replacing a list of `before` items with one of `after`.
    fileprivate static func listAction(before: Int, after: Int) -> String {
        before == 0 ? "create" : after == 0 ? "delete" : "update"
    }
}

