import Foundation
import SQLKit
import YJICore

/// Users, inspection teams, sign-in sessions and sign-in throttling.
public struct AccountRepository: Sendable {
    let store: Store
}

extension AccountRepository {
    /// Adds a user; the password arrives already hashed (the store never sees a password).
    public func addUser(email: String, name: String, role: UserRole, passwordHash: String, areaName: String? = nil,
                        actor: String) async throws -> User {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard email.contains("@"), !email.hasPrefix("@"), !email.hasSuffix("@") else {
            throw StoreError.invalid("'\(email)' is not an email address")
        }
        let name = name.trimmingCharacters(in: .whitespaces).isEmpty ? String(email.split(separator: "@")[0]) : name
        if role == .serviceViewer, areaName?.isEmpty ?? true {
            throw StoreError.invalid("a service viewer needs the service (area) they belong to")
        }
        return try await store.transaction { db in
            if try await user(db, email: email) != nil { throw StoreError.invalid("a user with email \(email) already exists") }
            var areaID: Int? = nil
            if let areaName, !areaName.isEmpty {
                guard let row = try await db.raw("SELECT id FROM areas WHERE name = \(bind: areaName)").first() else {
                    throw StoreError.notFound("no area named '\(areaName)'")
                }
                areaID = try row.decode(column: "id", as: Int.self)
            }
            let id = try await db.raw("""
                INSERT INTO users (email, name, role, password_hash, created_at, area_id)
                VALUES (\(bind: email), \(bind: name), \(bind: role.rawValue), \(bind: passwordHash), \(bind: isoTimestamp()), \(bind: areaID))
                RETURNING id
                """).first()!.decode(column: "id", as: Int.self)
            let user = User(id: id, email: email, name: name, role: role, areaID: areaID)
            try await store.audit(db, actor: actor, inspectionID: nil, entity: "user", entityID: email, action: "create",
                            before: Optional<User>.none, after: user, reason: "user added")
            return user
        }
    }

    /// The user with this email, with their password hash, if any.
    public func userForSignIn(email: String) async throws -> (user: User, passwordHash: String?)? {
        try await store.transaction(.read) { db in
            guard let row = try await db.raw("""
                SELECT id, email, name, role, area_id, password_hash FROM users WHERE email = \(bind: email.lowercased())
                """).first() else { return nil }
            return (try Self.user(from: row), try row.decodeNil(column: "password_hash") ? nil : try row.decode(column: "password_hash", as: String.self))
        }
    }

    /// Every user, by email.
    public func users() async throws -> [User] {
        try await store.transaction(.read) { db in
            try await db.raw("SELECT id, email, name, role, area_id FROM users ORDER BY email").all().map(Self.user(from:))
        }
    }

    /// Every area an inspection has been created for, by name: the services a service viewer can belong to.
    public func areas() async throws -> [Area] {
        try await store.transaction(.read) { db in
            try await db.raw("SELECT id, name, region, country FROM areas ORDER BY name").all().map(InspectionRepository.area(from:))
        }
    }

    /// The service viewers of one area, by name: the people who see its inspections once published.
    public func serviceViewers(area areaID: Int) async throws -> [User] {
        try await store.transaction(.read) { db in
            try await db.raw("""
                SELECT id, email, name, role, area_id FROM users
                WHERE role = \(bind: UserRole.serviceViewer.rawValue) AND area_id = \(bind: areaID) ORDER BY name, email
                """).all().map(Self.user(from:))
        }
    }

    /// Puts a user on an inspection's team (or changes their role on it). Only team roles are accepted, and never for a
    /// service viewer's account: a place that granted nothing would look as if it did.
    public func addMember(inspection inspectionID: Int, email: String, role: UserRole, actor: String) async throws -> Membership {
        switch role {
        case .leadInspector, .inspector, .localAssessor: break
        case .admin: throw StoreError.invalid("administrators see every inspection and are not team members")
        case .serviceViewer:
            throw StoreError.invalid("service viewer is not a team role: a service viewer sees the published inspections of the "
                + "area set on their account, so an administrator sets that area on the Users page")
        }
        return try await store.transaction { db in
            guard let user = try await user(db, email: email.lowercased()) else { throw StoreError.notFound("no user with email \(email)") }
            return try await setMembership(db, inspection: try await store.inspections.inspection(db, id: inspectionID), user: user, role: role, actor: actor)
        }
    }

    /// The team of an inspection, by name.
    public func memberships(inspection inspectionID: Int) async throws -> [Membership] {
        try await store.transaction(.read) { db in try await memberships(db, inspection: inspectionID) }
    }

    /// Every inspection a user is on, with their role on it.
    public func memberships(user userID: Int) async throws -> [Int: UserRole] {
        try await store.transaction(.read) { db in
            let rows = try await db.raw("SELECT inspection_id, role FROM memberships WHERE user_id = \(bind: userID)").all()
            // A role this yji does not know grants nothing (rather than being read as some other role).
            return Dictionary(try rows.compactMap { row in
                try UserRole(rawValue: row.decode(column: "role", as: String.self)).map {
                    (try row.decode(column: "inspection_id", as: Int.self), $0)
                }
            }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Starts a session for a user, ending `replacing` (the session the browser had before signing in) so that
    /// a session id planted before sign-in is worthless after it.
    public func startSession(tokenHash: String, csrfToken: String, user userID: Int, replacing previousHash: String?) async throws {
        try await store.transaction { db in
            if let previousHash { try await db.raw("DELETE FROM sessions WHERE token_hash = \(bind: previousHash)").run() }
            let now = isoTimestamp()
            try await db.raw("""
                INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at)
                VALUES (\(bind: tokenHash), \(bind: userID), \(bind: csrfToken), \(bind: now), \(bind: now))
                """).run()
        }
    }

    /// The live session with this token hash, or nil if there is none or it has been idle longer than `idleLimit`
    /// (an expired session is deleted). Seeing a session marks it as used, at most once a minute to spare writes.
    public func session(tokenHash: String, idleLimit: TimeInterval, now: Date = Date()) async throws -> SignInSession? {
        let found: (SignInSession, String)? = try await store.transaction(.read) { db in
            guard let row = try await db.raw("""
                SELECT s.csrf_token, s.last_seen_at, u.id, u.email, u.name, u.role, u.area_id
                FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = \(bind: tokenHash)
                """).first() else { return nil }
            return (SignInSession(user: try Self.user(from: row), csrfToken: try row.decode(column: "csrf_token", as: String.self)),
                    try row.decode(column: "last_seen_at", as: String.self))
        }
        guard let (session, lastSeen) = found else { return nil }
        if lastSeen < isoTimestamp(now.addingTimeInterval(-idleLimit)) {
            try await endSession(tokenHash: tokenHash)
            return nil
        }
        if lastSeen < isoTimestamp(now.addingTimeInterval(-60)) {
            try await store.transaction { db in
                try await db.raw("UPDATE sessions SET last_seen_at = \(bind: isoTimestamp(now)) WHERE token_hash = \(bind: tokenHash)").run()
            }
        }
        return session
    }

    /// Ends a session (sign-out); nothing happens if it has already gone.
    public func endSession(tokenHash: String) async throws {
        try await store.transaction { db in try await db.raw("DELETE FROM sessions WHERE token_hash = \(bind: tokenHash)").run() }
    }

    /// Records one failed sign-in against each subject (an account, an address), pruning failures older than a day.
    public func recordSignInFailure(subjects: [String], now: Date = Date()) async throws {
        try await store.transaction { db in
            try await db.raw("DELETE FROM sign_in_failures WHERE failed_at < \(bind: isoTimestamp(now.addingTimeInterval(-86_400)))").run()
            for subject in subjects {
                try await db.raw("INSERT INTO sign_in_failures (subject, failed_at) VALUES (\(bind: subject), \(bind: isoTimestamp(now)))").run()
            }
        }
    }

    /// How many failed sign-ins a subject has had since a moment.
    public func signInFailures(subject: String, since: Date) async throws -> Int {
        try await store.transaction(.read) { db in
            try await db.raw("""
                SELECT COUNT(*) AS n FROM sign_in_failures WHERE subject = \(bind: subject) AND failed_at >= \(bind: isoTimestamp(since))
                """).first()!.decode(column: "n", as: Int.self)
        }
    }

    /// Forgets a subject's failures (after a successful sign-in).
    public func clearSignInFailures(subject: String) async throws {
        try await store.transaction { db in try await db.raw("DELETE FROM sign_in_failures WHERE subject = \(bind: subject)").run() }
    }
}

extension AccountRepository {
    /// Puts `user` on the inspection's team in `role` (or changes their role there), with its audit row.
    func setMembership(_ db: any SQLDatabase, inspection: Inspection, user: User, role: UserRole, actor: String) async throws -> Membership {
        if user.role == .serviceViewer {
            throw StoreError.invalid("\(user.name) (\(user.email)) is a service viewer and cannot join an inspection's team; they see the "
                + "published inspections of the area on their account\(user.areaID == inspection.area.id ? ", which is \(inspection.area.name)" : "")")
        }
        let previous = try await memberships(db, inspection: inspection.id).first { $0.user.id == user.id }
        if previous != nil {
            try await db.raw("""
                UPDATE memberships SET role = \(bind: role.rawValue)
                WHERE inspection_id = \(bind: inspection.id) AND user_id = \(bind: user.id)
                """).run()
        } else {
            try await db.raw("""
                INSERT INTO memberships (inspection_id, user_id, role) VALUES (\(bind: inspection.id), \(bind: user.id), \(bind: role.rawValue))
                """).run()
        }
        let membership = Membership(inspectionID: inspection.id, user: user, role: role)
        try await store.audit(db, actor: actor, inspectionID: inspection.id, entity: "membership", entityID: user.email,
                        action: previous == nil ? "create" : "update", before: previous, after: membership, reason: "team changed")
        return membership
    }

    func user(_ db: any SQLDatabase, email: String) async throws -> User? {
        try await db.raw("SELECT id, email, name, role, area_id FROM users WHERE email = \(bind: email)").first().map(Self.user(from:))
    }

    static func user(from row: any SQLRow) throws -> User {
        let role = try row.decode(column: "role", as: String.self)
        guard let userRole = UserRole(rawValue: role) else { throw StoreError.invalid("stored role '\(role)' is not recognised") }
        return User(id: try row.decode(column: "id", as: Int.self), email: try row.decode(column: "email", as: String.self),
                    name: try row.decode(column: "name", as: String.self), role: userRole,
                    areaID: try row.decodeNil(column: "area_id") ? nil : try row.decode(column: "area_id", as: Int.self))
    }

    func memberships(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> [Membership] {
        try await db.raw("""
            SELECT u.id, u.email, u.name, u.role, u.area_id, m.role AS membership_role
            FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.inspection_id = \(bind: inspectionID) ORDER BY u.name, u.email
            """).all().map { row in
            let role = try row.decode(column: "membership_role", as: String.self)
            guard let membershipRole = UserRole(rawValue: role) else { throw StoreError.invalid("stored role '\(role)' is not recognised") }
            return Membership(inspectionID: inspectionID, user: try Self.user(from: row), role: membershipRole)
        }
    }
}

