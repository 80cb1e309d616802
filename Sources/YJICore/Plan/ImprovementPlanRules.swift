/// The rules of an improvement plan: when an action is overdue, how a plan is summed up, and when the plan itself is due.
public enum ImprovementPlanRules {
    /// The lifecycle milestone that is the service's improvement plan arriving; its due date is framework data.
    public static let milestoneID = "improvement-plan"

    /// Whether an action with this status and due date is overdue on `day`: still to be done, and its due date has
    /// passed. The due date itself is the last day on time, so an action due today is not yet overdue.
    public static func isOverdue(status: ActionStatus, due: CalendarDate, on day: CalendarDate) -> Bool {
        !status.isClosed && due < day
    }

    /// How many days an action has been overdue on `day`; 0 when it is not overdue.
    public static func daysOverdue(status: ActionStatus, due: CalendarDate, on day: CalendarDate) -> Int {
        isOverdue(status: status, due: due, on: day) ? day.days(since: due) : 0
    }

    /// When the service's improvement plan is due, given the day the report was published, by the programme's
    /// lifecycle rules; nil when the programme sets no improvement plan milestone.
    ///
    /// The milestone normally counts from publication; the fieldwork dates matter only to a programme whose plan
    /// counts from fieldwork instead, and stand in as the publication day when an inspection has none recorded.
    public static func planDue(rules: LifecycleRules, publishedOn: CalendarDate, fieldworkStart: CalendarDate? = nil,
                               fieldworkEnd: CalendarDate? = nil) -> CalendarDate? {
        guard rules.milestone(milestoneID) != nil else { return nil }
        let publication = rules.milestone(reachedBy: .published)?.id ?? "publication"
        let start = fieldworkStart ?? publishedOn
        return Milestones.schedule(rules: rules, fieldworkStart: start, fieldworkEnd: fieldworkEnd ?? start,
                                   actual: [publication: publishedOn], today: publishedOn)
            .first { $0.id == milestoneID }?.due
    }
}

/// The counts that sum up a plan on a given day: how many actions, how many at each status, how many overdue.
public struct PlanSummary: Sendable, Hashable, Codable {
    /// Every action.
    public let total: Int
    /// Actions at each status; a status with none is absent.
    public let byStatus: [ActionStatus: Int]
    /// Actions still to be done whose due date has passed.
    public let overdue: Int

    /// Counts `actions` as they stand on `day`.
    public init(_ actions: [ActionDetails], on day: CalendarDate) {
        total = actions.count
        byStatus = Dictionary(grouping: actions, by: \.status).mapValues(\.count)
        overdue = actions.filter { ImprovementPlanRules.isOverdue(status: $0.status, due: $0.due, on: day) }.count
    }

    /// How many actions have this status.
    public func count(_ status: ActionStatus) -> Int { byStatus[status] ?? 0 }

    /// Actions still to be done.
    public var open: Int { count(.notStarted) + count(.inProgress) }

    /// The plan in a few words: "No actions yet", "1 action", "3 actions, 1 overdue".
    public var headline: String {
        guard total > 0 else { return "No actions yet" }
        let actions = total == 1 ? "1 action" : "\(total) actions"
        return overdue == 0 ? actions : "\(actions), \(overdue) overdue"
    }

    /// Every status with at least one action, finished work first: "1 done, 1 in progress, 1 not started".
    public var breakdown: String {
        [ActionStatus.done, .inProgress, .notStarted, .dropped].compactMap { status in
            count(status) == 0 ? nil : "\(count(status)) \(status.displayName.lowercased())"
        }.joined(separator: ", ")
    }
}
