/// Where one milestone of one inspection stands on a given day: when it falls due, when it happened, and whether
/// that is on time.
public struct MilestoneStatus: Sendable, Hashable, Codable {
    /// The milestone's id in the framework.
    public let id: String
    /// Its name for people.
    public let name: String
    /// The first day of its window; the same as `due` for a milestone due on one day.
    public let opens: CalendarDate
    /// The last day it is on time.
    public let due: CalendarDate
    /// The day it happened, once recorded.
    public let actual: CalendarDate?
    /// True when the dates rest on the due date of an earlier milestone that has not happened yet, so they move
    /// once that milestone's actual date is recorded.
    public let projected: Bool
    /// On time, due soon, overdue...
    public let state: MilestoneState

    /// A milestone's computed standing; `Milestones.schedule` makes these.
    public init(
        id: String, name: String, opens: CalendarDate, due: CalendarDate, actual: CalendarDate?, projected: Bool,
        state: MilestoneState
    ) {
        self.id = id
        self.name = name
        self.opens = opens
        self.due = due
        self.actual = actual
        self.projected = projected
        self.state = state
    }

    /// Whether the milestone is due within a window of days rather than on one day.
    public var isWindow: Bool { opens != due }
}

/// A milestone's standing on a given day.
public enum MilestoneState: Sendable, Hashable, Codable {
    /// Not done, and its due date is more than the due-soon notice away: `days` until it is due.
    case notYetDue(days: Int)
    /// Not done, due within the due-soon notice or its window has opened: `days` until it is due (0: due today).
    case dueSoon(days: Int)
    /// Not done, and its due date has passed `days` ago.
    case overdue(days: Int)
    /// Done on or before its due date.
    case doneOnTime
    /// Done `days` after its due date.
    case doneLate(days: Int)

    /// Whether the milestone has happened.
    public var isDone: Bool {
        switch self {
        case .doneOnTime, .doneLate: return true
        case .notYetDue, .dueSoon, .overdue: return false
        }
    }

    /// Whether the milestone should have happened by now and has not.
    public var isOverdue: Bool {
        if case .overdue = self { return true }
        return false
    }

    /// A stable key for the state, for style classes and machine-readable output.
    public var key: String {
        switch self {
        case .notYetDue: return "not-yet-due"
        case .dueSoon: return "due-soon"
        case .overdue: return "overdue"
        case .doneOnTime: return "done-on-time"
        case .doneLate: return "done-late"
        }
    }

    /// The state in words: "due in 3 days", "due today", "overdue by 1 day", "done 4 days late".
    public var summary: String {
        func days(_ count: Int) -> String { count == 1 ? "1 day" : "\(count) days" }
        switch self {
        case .notYetDue(let left): return "not yet due (due in \(days(left)))"
        case .dueSoon(let left): return left == 0 ? "due today" : "due in \(days(left))"
        case .overdue(let late): return "overdue by \(days(late))"
        case .doneOnTime: return "done on time"
        case .doneLate(let late): return "done \(days(late)) late"
        }
    }
}

/// Computes an inspection's milestones from its fieldwork dates and the programme's lifecycle rules.
public enum Milestones {
    /// Each milestone of `rules`, in the order the rules list them, with its due date (or window), its actual date
    /// from `actual` (keyed by milestone id) and its state on `today`.
    ///
    /// A milestone counted from another milestone counts from that milestone's actual date once it has one, and
    /// otherwise from its window (so a window carries forward: publication six weeks after a draft due in weeks
    /// four to six is expected in weeks ten to twelve). A milestone whose anchor is unknown or part of a cycle has no
    /// date and is left out; a validated framework has neither.
    public static func schedule(
        rules: LifecycleRules, fieldworkStart: CalendarDate, fieldworkEnd: CalendarDate,
        actual: [String: CalendarDate] = [:], today: CalendarDate
    ) -> [MilestoneStatus] {
        var planner = Planner(rules: rules, fieldworkStart: fieldworkStart, fieldworkEnd: fieldworkEnd, actual: actual)
        return rules.milestones.compactMap { rule in
            guard let window = planner.window(of: rule) else { return nil }
            let done = actual[rule.id]
            return MilestoneStatus(
                id: rule.id, name: rule.displayName, opens: window.opens, due: window.due, actual: done,
                projected: window.projected,
                state: state(opens: window.opens, due: window.due, actual: done, today: today, dueSoonDays: rules.dueSoonDays)
            )
        }
    }

    /// The state of one milestone on `today`.
    static func state(
        opens: CalendarDate, due: CalendarDate, actual: CalendarDate?, today: CalendarDate, dueSoonDays: Int
    ) -> MilestoneState {
        if let actual {
            let late = actual.days(since: due)
            return late > 0 ? .doneLate(days: late) : .doneOnTime
        }
        let left = due.days(since: today)
        if left < 0 { return .overdue(days: -left) }
        // An open window means the milestone may arrive any day, however far its last day is.
        if left <= dueSoonDays || today >= opens { return .dueSoon(days: left) }
        return .notYetDue(days: left)
    }

    /// The dates a milestone falls between, and whether they are still projections.
    struct Window {
        let opens: CalendarDate
        let due: CalendarDate
        let projected: Bool
    }

    /// Resolves anchors milestone by milestone, remembering each window so a long chain is computed once.
    private struct Planner {
        let byID: [String: MilestoneRule]
        let fieldworkStart: CalendarDate
        let fieldworkEnd: CalendarDate
        let actual: [String: CalendarDate]
        var windows: [String: Window] = [:]

        init(rules: LifecycleRules, fieldworkStart: CalendarDate, fieldworkEnd: CalendarDate, actual: [String: CalendarDate]) {
            // The first of a repeated id wins, as in `LifecycleRules.milestone(_:)`.
            self.byID = Dictionary(rules.milestones.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            self.fieldworkStart = fieldworkStart
            self.fieldworkEnd = fieldworkEnd
            self.actual = actual
        }

        mutating func window(of rule: MilestoneRule, visiting: Set<String> = []) -> Window? {
            if let known = windows[rule.id] { return known }
            let anchor: Window
            switch rule.after {
            case .fieldworkStart:
                anchor = Window(opens: fieldworkStart, due: fieldworkStart, projected: false)
            case .fieldworkEnd:
                anchor = Window(opens: fieldworkEnd, due: fieldworkEnd, projected: false)
            case .milestone(let id):
                // A milestone in `visiting` is waiting on this one: a cycle, which has no dates.
                guard let anchorRule = byID[id], !visiting.contains(id) else { return nil }
                if let happened = actual[id] {
                    anchor = Window(opens: happened, due: happened, projected: false)
                } else {
                    guard let expected = window(of: anchorRule, visiting: visiting.union([rule.id])) else { return nil }
                    anchor = Window(opens: expected.opens, due: expected.due, projected: true)
                }
            }
            let result = Window(
                opens: anchor.opens.adding(days: rule.fromDays), due: anchor.due.adding(days: rule.toDays),
                projected: anchor.projected
            )
            windows[rule.id] = result
            return result
        }
    }
}
