import Foundation

/// One row of the audit trail: who changed what, when, from what to what, and why.
public struct AuditEntry: Sendable, Hashable, Codable {
    public let id: Int
    public let recordedAt: String
    public let actor: String
    public let inspectionID: Int?
    /// The kind of thing changed: area, inspection, case, judgement.
    public let entity: String
    /// Its id (for a judgement, "CASE/QUESTION").
    public let entityID: String
    public let action: String
    /// JSON of the thing before and after the change (nil for creation and deletion respectively).
    public let before: String?
    public let after: String?
    public let reason: String

    public init(id: Int, recordedAt: String, actor: String, inspectionID: Int?, entity: String, entityID: String, action: String, before: String?, after: String?, reason: String) {
        self.id = id
        self.recordedAt = recordedAt
        self.actor = actor
        self.inspectionID = inspectionID
        self.entity = entity
        self.entityID = entityID
        self.action = action
        self.before = before
        self.after = after
        self.reason = reason
    }
}
