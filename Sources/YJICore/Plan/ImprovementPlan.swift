import Foundation

/// One action of a service's improvement plan as stored, with its progress updates.
public struct PlanAction: Sendable, Hashable, Codable {
    /// Store id.
    public let id: Int
    /// The inspection whose plan it belongs to.
    public let inspectionID: Int
    /// What will be done, by whom, by when, for which recommendation, and its status.
    public let details: ActionDetails
    /// Starts at 1 and goes up by one with every saved change; a change names the version it edits.
    public let version: Int
    public let createdAt: String
    public let createdBy: String
    public let updatedAt: String
    public let updatedBy: String
    /// Progress updates, oldest first.
    public let updates: [ProgressUpdate]

    /// Whether the action is overdue on `day`, by the plan's rule.
    public func isOverdue(on day: CalendarDate) -> Bool {
        ImprovementPlanRules.isOverdue(status: details.status, due: details.due, on: day)
    }

    /// How many days overdue it is on `day`; 0 when it is not.
    public func daysOverdue(on day: CalendarDate) -> Int {
        ImprovementPlanRules.daysOverdue(status: details.status, due: details.due, on: day)
    }

    /// The action's own row, without its updates: what the audit trail records for a change to it.
    package var withoutUpdates: PlanAction {
        PlanAction(id: id, inspectionID: inspectionID, details: details, version: version, createdAt: createdAt, createdBy: createdBy,
                   updatedAt: updatedAt, updatedBy: updatedBy, updates: [])
    }

    public init(id: Int, inspectionID: Int, details: ActionDetails, version: Int, createdAt: String, createdBy: String, updatedAt: String, updatedBy: String, updates: [ProgressUpdate]) {
        self.id = id
        self.inspectionID = inspectionID
        self.details = details
        self.version = version
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
        self.updates = updates
    }
}

/// One dated progress update on an action.
public struct ProgressUpdate: Sendable, Hashable, Codable {
    /// Store id.
    public let id: Int
    /// The action it reports on.
    public let actionID: Int
    /// When, what happened, and its evidence.
    public let details: ProgressDetails
    public let recordedBy: String
    public let recordedAt: String

    public init(id: Int, actionID: Int, details: ProgressDetails, recordedBy: String, recordedAt: String) {
        self.id = id
        self.actionID = actionID
        self.details = details
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// A recommendation of the published report with the actions that answer it.
public struct PlanRecommendation: Sendable, Hashable {
    /// The recommendation as the report prints it, with the body primarily responsible.
    public let recommendation: ReportRecommendation
    /// Its actions, in the order they were added.
    public let actions: [PlanAction]

    public init(recommendation: ReportRecommendation, actions: [PlanAction]) {
        self.recommendation = recommendation
        self.actions = actions
    }
}

/// A published inspection's improvement plan: its recommendations, their actions and updates, and when it is due.
public struct ImprovementPlan: Sendable, Hashable {
    /// The inspection, always published.
    public let inspection: Inspection
    /// The day the report was published, when recorded (an inspection created as published has no such day).
    public let publishedOn: CalendarDate?
    /// When the plan is due by the programme's lifecycle rules; nil without a publication day or a plan milestone.
    public let dueOn: CalendarDate?
    /// The day the plan's milestone was recorded as met, if it has been.
    public let submittedOn: CalendarDate?
    /// Every recommendation in the report's order, each with its actions.
    public let recommendations: [PlanRecommendation]

    /// Every action, recommendation by recommendation.
    public var actions: [PlanAction] { recommendations.flatMap(\.actions) }

    /// The plan's counts on `day`.
    public func summary(on day: CalendarDate) -> PlanSummary { PlanSummary(actions.map(\.details), on: day) }

    public init(inspection: Inspection, publishedOn: CalendarDate?, dueOn: CalendarDate?, submittedOn: CalendarDate?, recommendations: [PlanRecommendation]) {
        self.inspection = inspection
        self.publishedOn = publishedOn
        self.dueOn = dueOn
        self.submittedOn = submittedOn
        self.recommendations = recommendations
    }
}

/// An action past its due date and still to be done, with the inspection and recommendation it belongs to.
public struct OverdueAction: Sendable, Hashable {
    public let inspection: Inspection
    public let recommendation: ReportRecommendation
    public let action: PlanAction
    /// Days past its due date on the day asked about.
    public let daysOverdue: Int

    public init(inspection: Inspection, recommendation: ReportRecommendation, action: PlanAction, daysOverdue: Int) {
        self.inspection = inspection
        self.recommendation = recommendation
        self.action = action
        self.daysOverdue = daysOverdue
    }
}
