import Foundation
import Hummingbird
import YJICore
import YJIStore

/// Signing in and out: bcrypt passwords, a new session id at every sign-in, throttling by account and address.
struct SignInController {
    let services: WebServices
    let accounts: AccountRepository

    struct SignInPage {
        let chrome: PageChrome
        let email: String
        let next: String
        let errors: [FieldError]
    }

    func addRoutes(to router: Router<WebContext>) {
        router.get("/sign-in") { request, context in
            if context.session != nil { return Response.redirect(to: "/inspections", type: .normal) }
            let token = request.cookies[SessionCookies.signInToken]?.value ?? SessionCookies.newToken()
            var response = services.pages.render("sign-in", SignInPage(
                chrome: PageChrome(title: "Sign in", context: context, csrf: token), email: "",
                next: Self.safeNext(request.uri.queryParameters["next"].map(String.init)), errors: []))
            response.setCookie(SessionCookies.cookie(SessionCookies.signInToken, value: token, secure: services.configuration.secureCookies))
            return response
        }
        router.post("/sign-in") { request, context in try await signIn(request, context) }
        router.post("/sign-out") { _, context in
            if let hash = context.sessionTokenHash { try await accounts.endSession(tokenHash: hash) }
            var response = Response.redirect(to: "/sign-in", type: .normal)
            response.setCookie(SessionCookies.cookie(SessionCookies.session, value: "", secure: services.configuration.secureCookies, maxAge: 0))
            return response
        }
    }

    /// Only a path inside yji may be the place to return to after sign-in.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "" }
        return next
    }

    private func signIn(_ request: Request, _ context: WebContext) async throws -> Response {
        let configuration = services.configuration
        let email = (context.form["email"] ?? "").lowercased()
        let password = context.form.all("password").first ?? ""
        let next = Self.safeNext(context.form["next"])
        let csrf = context.form["csrf"] ?? ""
        func again(_ errors: [FieldError], status: HTTPResponse.Status) -> Response {
            services.pages.render("sign-in", SignInPage(chrome: PageChrome(title: "Sign in", context: context, csrf: csrf),
                                                        email: email, next: next, errors: errors), status: status)
        }
        var errors: [FieldError] = []
        if email.isEmpty { errors.append(FieldError(field: "email", message: "Enter your email address")) }
        if password.isEmpty { errors.append(FieldError(field: "password", message: "Enter your password")) }
        if !errors.isEmpty { return again(errors, status: .unprocessableContent) }

        let since = Date().addingTimeInterval(-configuration.throttleWindow)
        let accountKey = "account:\(email)", addressKey = "address:\(context.remoteAddress)"
        let accountFailures = try await accounts.signInFailures(subject: accountKey, since: since)
        let addressFailures = try await accounts.signInFailures(subject: addressKey, since: since)
        if accountFailures >= configuration.maxFailuresPerAccount || addressFailures >= configuration.maxFailuresPerAddress {
            WebMetrics.throttled.increment()
            let minutes = Int(configuration.throttleWindow / 60)
            return again([FieldError(field: "email", message: "Too many failed attempts. Wait \(minutes) minutes, then try again.")],
                         status: .tooManyRequests)
        }

        guard let found = try await accounts.userForSignIn(email: email), let hash = found.passwordHash,
              Passwords.verify(password, hash: hash) else {
            try await accounts.recordSignInFailure(subjects: [accountKey, addressKey])
            return again([FieldError(field: "email", message: "The email address or password is not right")], status: .unprocessableContent)
        }
        try await accounts.clearSignInFailures(subject: accountKey)
        let token = SessionCookies.newToken()
        try await accounts.startSession(tokenHash: SessionCookies.hash(token), csrfToken: SessionCookies.newToken(), user: found.user.id,
                                     replacing: context.sessionTokenHash)
        let home = found.user.role == .localAssessor ? "/my-cases" : "/inspections"
        var response = Response.redirect(to: next.isEmpty ? home : next, type: .normal)
        response.setCookie(SessionCookies.cookie(SessionCookies.session, value: token, secure: configuration.secureCookies))
        response.setCookie(SessionCookies.cookie(SessionCookies.signInToken, value: "", secure: configuration.secureCookies, maxAge: 0))
        return response
    }
}
