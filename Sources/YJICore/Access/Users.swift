import Foundation

/// What a user may do across yji; what they may do in one inspection also depends on their membership of it.
public enum UserRole: String, Sendable, Hashable, Codable, CaseIterable {
    case admin
    case leadInspector = "lead-inspector"
    case inspector
    case localAssessor = "local-assessor"
    case serviceViewer = "service-viewer"

    /// The role as people say it.
    public var label: String {
        switch self {
        case .admin: "Administrator"
        case .leadInspector: "Lead inspector"
        case .inspector: "Inspector"
        case .localAssessor: "Local assessor"
        case .serviceViewer: "Service viewer"
        }
    }

    /// The roles someone can have on an inspection's team: each grants that inspection's work. Administrators see every
    /// inspection without a place on a team, and service viewers see their own area's published inspections whatever
    /// the team (the web layer's `ServiceViewerAccess`), so neither is a team role.
    public static let teamRoles: [UserRole] = [.leadInspector, .inspector, .localAssessor]

    /// Whether this role can be held on an inspection's team.
    public var isTeamRole: Bool { Self.teamRoles.contains(self) }
}

/// Someone who signs in to yji.
public struct User: Sendable, Hashable, Codable {
    public let id: Int
    public let email: String
    /// Display name; also the name an allocation gives the user's cases to.
    public let name: String
    public let role: UserRole
    /// For a service viewer, the area (service) whose published findings they may read.
    public let areaID: Int?

    public init(id: Int, email: String, name: String, role: UserRole, areaID: Int?) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.areaID = areaID
    }
}

/// A user's place on one inspection's team.
public struct Membership: Sendable, Hashable, Codable {
    public let inspectionID: Int
    public let user: User
    public let role: UserRole

    public init(inspectionID: Int, user: User, role: UserRole) {
        self.inspectionID = inspectionID
        self.user = user
        self.role = role
    }
}

/// A signed-in session as the store keeps it: whose it is and the token forms must carry.
public struct SignInSession: Sendable, Hashable {
    public let user: User
    /// Every form and state-changing request must carry this token.
    public let csrfToken: String

    public init(user: User, csrfToken: String) {
        self.user = user
        self.csrfToken = csrfToken
    }
}
