import Foundation

/// One move of an inspection from one status to another, and who made it when.
public struct StatusChange: Sendable, Hashable, Codable {
    /// The status it left.
    public let from: InspectionStatus
    /// The status it entered.
    public let to: InspectionStatus
    /// When (store timestamp, UTC).
    public let changedAt: String
    /// Who moved it (the audit actor: an email or a command-line name).
    public let changedBy: String
    /// Why, where the move needs a reason (reopening a published inspection); nil otherwise.
    public let reason: String?

    /// A move as recorded.
    public init(from: InspectionStatus, to: InspectionStatus, changedAt: String, changedBy: String, reason: String? = nil) {
        self.from = from
        self.to = to
        self.changedAt = changedAt
        self.changedBy = changedBy
        self.reason = reason
    }

    /// The day of the move, as milestones count it.
    public var changedOn: CalendarDate? { CalendarDate(dayOfTimestamp: changedAt) }
}

/// A milestone that has happened: the day it happened, and who recorded it.
public struct MilestoneDate: Sendable, Hashable, Codable {
    /// The milestone's id in the framework's lifecycle.
    public let milestoneID: String
    /// The day it happened.
    public let happenedOn: CalendarDate
    /// Who recorded it; for a milestone a status marks, whoever moved the inspection.
    public let recordedBy: String

    public init(milestoneID: String, happenedOn: CalendarDate, recordedBy: String) {
        self.milestoneID = milestoneID
        self.happenedOn = happenedOn
        self.recordedBy = recordedBy
    }
}

/// An inspection's place in its lifecycle: its history of moves, the milestones that have happened, and the
/// framework's rules that give every milestone its due date.
public struct InspectionTimetable: Sendable, Hashable {
    /// The inspection.
    public let inspection: Inspection
    /// The framework's milestones and notice period.
    public let rules: LifecycleRules
    /// Every move, oldest first.
    public let changes: [StatusChange]
    /// The milestones that have happened, by id.
    public let happened: [String: MilestoneDate]

    /// Every milestone with its due date and state on `today`; empty until the fieldwork dates are set, because every
    /// milestone counts, directly or through another, from fieldwork.
    public func schedule(today: CalendarDate) -> [MilestoneStatus] {
        guard let start = inspection.fieldworkStart,
              let end = inspection.fieldworkEnd else { return [] }
        return Milestones.schedule(rules: rules, fieldworkStart: start, fieldworkEnd: end,
                                   actual: happened.mapValues(\.happenedOn), today: today)
    }

    public init(inspection: Inspection, rules: LifecycleRules, changes: [StatusChange], happened: [String: MilestoneDate]) {
        self.inspection = inspection
        self.rules = rules
        self.changes = changes
        self.happened = happened
    }
}
