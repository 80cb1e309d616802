import Foundation
import Hummingbird
import YJICore
import YJIStore

/// The administrator's list of users and the form to add one.
struct UsersController {
    let services: WebServices
    let accounts: AccountRepository
    let inspections: InspectionRepository

    struct UserRow {
        let name: String
        let email: String
        let role: String
        /// Which inspections the account sees, in words.
        let sees: String
    }

    struct AreaChoice {
        let name: String
        let selected: Bool
    }

    struct RoleChoice {
        let value: String
        let label: String
        let checked: Bool
    }

    struct UsersPage {
        let chrome: PageChrome
        let users: [UserRow]
        let roles: [RoleChoice]
        let errors: [FieldError]
        let email: String
        let name: String
        let areas: [AreaChoice]
        /// `ServiceViewerAccess.rule`, stated where service viewers are added.
        let serviceRule: String
    }

    func addRoutes(to router: Router<WebContext>) {
        router.get("/users") { _, context in
            try admin(context)
            return try await page(context, errors: [], status: .ok)
        }
        router.post("/users") { _, context in
            let user = try admin(context)
            let form = context.form
            var errors: [FieldError] = []
            let role = UserRole(rawValue: form["role"] ?? "")
            if role == nil { errors.append(FieldError(field: "role", message: "Choose a role")) }
            let password = form.all("password").first ?? ""
            if let problem = Passwords.problem(with: password) { errors.append(FieldError(field: "password", message: problem)) }
            if let role, errors.isEmpty {
                do {
                    _ = try await accounts.addUser(email: form["email"] ?? "", name: form["name"] ?? "", role: role,
                                                         passwordHash: services.hashPassword(password), areaName: form["area"],
                                                         actor: user.email)
                    return Response.redirect(to: "/users", type: .normal)
                } catch let error as StoreError {
                    errors.append(FieldError(field: "email", message: error.description))
                }
            }
            return try await page(context, errors: errors, status: .unprocessableContent)
        }
    }

    @discardableResult
    private func admin(_ context: WebContext) throws -> User {
        let user = try services.user(context)
        guard user.role == .admin else { throw WebError.forbidden }
        return user
    }

    private func page(_ context: WebContext, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let chosen = context.form["role"] ?? UserRole.inspector.rawValue
        let areas = try await accounts.areas()
        let inspections = try await self.inspections.inspections()
        var rows: [UserRow] = []
        for user in try await accounts.users() {
            rows.append(UserRow(name: user.name, email: user.email, role: user.role.label,
                                sees: try await Self.sees(user, areas: areas, inspections: inspections, accounts: accounts)))
        }
        let area = context.form["area"] ?? ""
        return services.pages.render("users", UsersPage(
            chrome: PageChrome(title: "Users", context: context, section: "users"),
            users: rows,
            roles: UserRole.allCases.map { RoleChoice(value: $0.rawValue, label: $0.label, checked: $0.rawValue == chosen) },
            errors: errors, email: context.form["email"] ?? "", name: context.form["name"] ?? "",
            areas: areas.map { AreaChoice(name: $0.name, selected: $0.name == area) }, serviceRule: ServiceViewerAccess.rule),
            status: status)
    }

    /// What an account sees, by the same rules `InspectionAccess.resolve` applies.
    static func sees(_ user: User, areas: [Area], inspections: [Inspection], accounts: AccountRepository) async throws -> String {
        func count(_ n: Int, _ what: String) -> String { "\(n) \(what)\(n == 1 ? "" : "s")" }
        switch user.role {
        case .admin:
            return "Every inspection"
        case .serviceViewer:
            guard let areaID = user.areaID, let area = areas.first(where: { $0.id == areaID }) else {
                return "Nothing: no service (area) is set on this account"
            }
            let published = inspections.filter { ServiceViewerAccess.sees(user, $0) }.count
            return "Published inspections of \(area.name) (\(count(published, "published inspection")) now)"
        case .leadInspector, .inspector, .localAssessor:
            let places = try await accounts.memberships(user: user.id).values.filter(\.isTeamRole).count
            return "The inspections whose team they are on (\(count(places, "team")))"
        }
    }
}
