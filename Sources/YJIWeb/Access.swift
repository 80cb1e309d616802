import Foundation
import YJICore
import YJIStore

/// The one rule for the inspected service's own people, stated once: the team and users pages show `rule`, and
/// `InspectionAccess.resolve` applies `sees`.
///
/// The area on the user's account is the only source: a service viewer sees that area's inspections once they are
/// published (their findings, report and improvement plan), whoever is on the team. "Service viewer" is not a team role,
/// so a place on a team can neither grant nor widen it.
public enum ServiceViewerAccess {
    /// The rule in words, for the pages that explain who sees what.
    public static let rule = "A service viewer sees the published inspections of the service (area) set on their account: "
        + "the findings, the report and the improvement plan, and nothing before publication. "
        + "It does not depend on the team: service viewers are never team members."

    /// Whether a user sees an inspection as a service viewer.
    public static func sees(_ user: User, _ inspection: Inspection) -> Bool {
        user.role == .serviceViewer && user.areaID == inspection.area.id && inspection.status == .published
    }
}

/// What a signed-in user may do with one inspection: every route asks this one place.
///
/// Administrators see everything. Team members see the inspections they are on, with their role there. A service
/// viewer sees only their own service's inspections once published, and of those only the findings
/// (`ServiceViewerAccess`).
public struct InspectionAccess: Sendable, Hashable {
    /// The role the user acts in for this inspection.
    public let role: UserRole

    /// Resolves a user's access to an inspection; nil when the inspection must look as if it does not exist.
    public static func resolve(user: User, memberships: [Int: UserRole], inspection: Inspection) -> InspectionAccess? {
        switch user.role {
        case .admin:
            return InspectionAccess(role: .admin)
        case .serviceViewer:
            return ServiceViewerAccess.sees(user, inspection) ? InspectionAccess(role: .serviceViewer) : nil
        case .leadInspector, .inspector, .localAssessor:
            // A membership stored as "service viewer" (older databases could hold one) is not a team role and grants
            // nothing: honouring it would show an unpublished inspection's findings outside the service viewers' rule.
            guard let role = memberships[inspection.id], role.isTeamRole else { return nil }
            return InspectionAccess(role: role)
        }
    }

    /// Set-up, team, caseload, sample and allocation.
    public var mayManage: Bool { role == .admin || role == .leadInspector }
    /// Open the inspection's task list and see every case.
    public var maySeeAllCases: Bool { [.admin, .leadInspector, .inspector].contains(role) }
    /// Record judgements (a local assessor only on the cases allocated to them; see `mayAssess(caseID:...)`).
    public var mayRecordJudgements: Bool { [.admin, .leadInspector, .inspector, .localAssessor].contains(role) }
    /// See the scores dashboard (the service viewer sees its published findings).
    public var maySeeScores: Bool { [.admin, .leadInspector, .inspector, .serviceViewer].contains(role) }
    /// See the task list.
    public var maySeeTaskList: Bool { maySeeAllCases }
    /// Preview and download the report; a service viewer only ever reaches a published inspection (see `resolve`), and
    /// sees the report as published, without the team's review marks or the names the anonymisation check found.
    public var mayReadReport: Bool { [.admin, .leadInspector, .inspector, .serviceViewer].contains(role) }
    /// Edit the report's text, recommendations and protected names, and mark figures read (until it is published).
    public var mayEditReport: Bool { [.admin, .leadInspector, .inspector].contains(role) }
    /// Publish the report once the anonymisation check finds no protected names.
    public var mayPublishReport: Bool { role == .admin || role == .leadInspector }
    /// Read the improvement plan: the inspection team follows it, and the service it belongs to reads its own (a service
    /// viewer only ever reaches their own service's published inspections; see `resolve`). Local assessors do not.
    public var mayReadPlan: Bool { [.admin, .leadInspector, .inspector, .serviceViewer].contains(role) }
    /// Add and change actions and record progress. The plan is the inspected service's answer to the report, so it is
    /// written by that service (and by administrators, who support it); inspectors monitor it but do not write it.
    public var mayEditPlan: Bool { role == .admin || role == .serviceViewer }

    /// The monitoring view of overdue actions across every plan: administrators, and lead inspectors for the
    /// inspections they are on.
    public static func mayMonitorPlans(_ user: User) -> Bool { user.role == .admin || user.role == .leadInspector }

    /// Whether this user may open and assess one case, given the inspection's allocation.
    public func mayAssess(caseID: String, user: User, allocation: AllocationPlan?) -> Bool {
        switch role {
        case .admin, .leadInspector, .inspector: return true
        case .localAssessor:
            return allocation?.allocations.contains { $0.caseID == caseID && $0.assessor == user.name } ?? false
        case .serviceViewer: return false
        }
    }

    /// The user may create inspections (and leads the ones they create).
    public static func mayCreateInspections(_ user: User) -> Bool { user.role == .admin || user.role == .leadInspector }
}
