import Foundation
import SQLKit
import YJICore

extension InspectionRepository {
    /// The audit trail of one inspection (and of the area it was created with), oldest first.
    public func auditTrail(inspection inspectionID: Int) async throws -> [AuditEntry] {
        try await store.transaction(.read) { db in
            try await db.raw("""
                SELECT id, recorded_at, actor, inspection_id, entity, entity_id, action, before_state, after_state, reason
                FROM audit_log WHERE inspection_id = \(bind: inspectionID) ORDER BY id
                """).all().map { row in
                AuditEntry(
                    id: try row.decode(column: "id", as: Int.self),
                    recordedAt: try row.decode(column: "recorded_at", as: String.self),
                    actor: try row.decode(column: "actor", as: String.self),
                    inspectionID: try row.decode(column: "inspection_id", as: Int?.self),
                    entity: try row.decode(column: "entity", as: String.self),
                    entityID: try row.decode(column: "entity_id", as: String.self),
                    action: try row.decode(column: "action", as: String.self),
                    before: try row.decode(column: "before_state", as: String?.self),
                    after: try row.decode(column: "after_state", as: String?.self),
                    reason: try row.decode(column: "reason", as: String.self))
            }
        }
    }
}

extension Store {
    /// Appends one audit row in the caller's transaction. It is the only statement in yji that touches the
    /// audit table besides reading it: there is no update or delete path.
    func audit(
        _ db: any SQLDatabase, actor: String, inspectionID: Int?, entity: String, entityID: String, action: String,
        before: (some Encodable & Sendable)?, after: (some Encodable & Sendable)?, reason: String
    ) async throws {
        try await audit(db, [AuditEntry(
            id: 0, recordedAt: isoTimestamp(), actor: actor, inspectionID: inspectionID, entity: entity,
            entityID: entityID, action: action, before: try before.map { try Self.auditJSON($0) },
            after: try after.map { try Self.auditJSON($0) },
            reason: reason)])
    }

    /// Appends audit rows in the caller's transaction, several to a statement: an import of ten thousand judgements
    /// writes ten thousand rows, and one round trip each would be most of its time.
    func audit(_ db: any SQLDatabase, _ entries: [AuditEntry]) async throws {
        for start in stride(from: 0, to: entries.count, by: Self.rowsPerInsert) {
            let chunk = entries[start..<min(start + Self.rowsPerInsert, entries.count)]
            var query: SQLQueryString = """
                INSERT INTO audit_log (recorded_at, actor, inspection_id, entity, entity_id, action, before_state, after_state, reason)
                VALUES
                """
            for (index, entry) in chunk.enumerated() {
                query = query + (index == 0 ? " " : ", ") + """
                    (\(bind: entry.recordedAt), \(bind: entry.actor), \(bind: entry.inspectionID), \(bind: entry.entity),
                     \(bind: entry.entityID), \(bind: entry.action), \(bind: entry.before), \(bind: entry.after), \(bind: entry.reason))
                    """
            }
            try await db.raw(query).run()
            for entry in chunk { try faults.afterAudit?(entry) }
        }
    }

    /// Rows per multi-row INSERT: 200 rows of ten values stay far below SQLite's and PostgreSQL's limits on bound values.
    static let rowsPerInsert = 200

    /// Snapshots are stored as key-sorted JSON so two snapshots of the same state are the same text.
    static func auditJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

