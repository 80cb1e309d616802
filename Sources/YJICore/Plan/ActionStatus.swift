import Foundation

/// Where one action of an improvement plan stands.
///
/// An action is either still to be done (not started, in progress) or closed (done, or dropped with a reason). Only an
/// action still to be done can be overdue: a dropped action was a decision, and the reason says why.
public enum ActionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case notStarted = "not-started"
    case inProgress = "in-progress"
    case done
    case dropped

    /// The status as people say it ("In progress").
    public var displayName: String {
        switch self {
        case .notStarted: return "Not started"
        case .inProgress: return "In progress"
        case .done: return "Done"
        case .dropped: return "Dropped"
        }
    }

    /// Whether nothing more is expected of the action.
    public var isClosed: Bool { self == .done || self == .dropped }

    /// A dropped action must say why, so that whoever monitors the plan can judge the decision.
    public var needsReason: Bool { self == .dropped }

    /// Reads the stored form ("in-progress") or the words people type ("in progress", "In Progress").
    public init?(text: String) {
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().replacingOccurrences(of: " ", with: "-")
        guard let status = ActionStatus(rawValue: key) else { return nil }
        self = status
    }
}
