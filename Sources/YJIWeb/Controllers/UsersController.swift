import Foundation
import Hummingbird
import YJICore
import YJIStore

/// The administrator's list of users and the form to add one.
struct UsersController {
    let services: WebServices

    struct UserRow {
        let name: String
        let email: String
        let role: String
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
        let area: String
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
                    _ = try await services.store.addUser(email: form["email"] ?? "", name: form["name"] ?? "", role: role,
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
        return services.pages.render("users", UsersPage(
            chrome: PageChrome(title: "Users", context: context, section: "users"),
            users: try await services.store.users().map { UserRow(name: $0.name, email: $0.email, role: $0.role.label) },
            roles: UserRole.allCases.map { RoleChoice(value: $0.rawValue, label: $0.label, checked: $0.rawValue == chosen) },
            errors: errors, email: context.form["email"] ?? "", name: context.form["name"] ?? "", area: context.form["area"] ?? ""),
            status: status)
    }
}
