import SQLKit

extension Migrator {
    /// Service viewers are not team members. Their access follows the area on their account alone, so a team place held
    /// as "service viewer", or held by a service viewer's account in any role, granted nothing while looking as if it
    /// did. Each such place is removed with an audit row that keeps it and says why, so none disappears silently.
    static let accessMigration = Migration(version: 11, name: "service viewers are not team members") { engine in
        let user = "'id', u.id, 'email', u.email, 'name', u.name, 'role', u.role, 'areaID', u.area_id"
        let membership: String, now: String
        switch engine {
        case .sqlite:
            membership = "json_object('inspectionID', m.inspection_id, 'role', m.role, 'user', json_object(\(user)))"
            now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
        case .postgres:
            membership = "json_build_object('inspectionID', m.inspection_id, 'role', m.role, 'user', json_build_object(\(user)))::text"
            now = #"to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"#
        }
        let grantsNothing = "m.role = 'service-viewer' OR u.role = 'service-viewer'"
        return [
            """
            INSERT INTO audit_log (recorded_at, actor, inspection_id, entity, entity_id, action, before_state, after_state, reason)
            SELECT \(now), 'yji schema migration 11', m.inspection_id, 'membership', u.email, 'delete', \(membership), NULL,
                   'removed: a service viewer sees the published inspections of the area on their account, and a team place '
                   || 'gave them nothing (service viewer is not a team role)'
            FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE \(grantsNothing)
            ORDER BY m.inspection_id, u.email
            """,
            """
            DELETE FROM memberships
            WHERE role = 'service-viewer' OR user_id IN (SELECT id FROM users WHERE role = 'service-viewer')
            """,
        ]
    }
}
