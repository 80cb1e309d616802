import Crypto
import Foundation
import Hummingbird
import YJICore
import YJIStore

/// Finds the signed-in session from the session cookie; an unknown or idle session is treated as signed out.
struct SignInMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let accounts: AccountRepository
    let configuration: WebConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[SessionCookies.session]?.value, !token.isEmpty {
            let hash = SessionCookies.hash(token)
            context.sessionTokenHash = hash
            context.session = try await accounts.session(tokenHash: hash, idleLimit: configuration.sessionIdleLimit)
        }
        return try await next(request, context)
    }
}

/// Names, values and hashing of yji's two cookies.
enum SessionCookies {
    /// The session token: random, HttpOnly, SameSite=Lax; only its hash is stored.
    static let session = "yji_session"
    /// Before sign-in, the sign-in form's CSRF token is checked against this cookie (double submit).
    static let signInToken = "yji_signin"

    /// A new random token: 32 bytes, base64url.
    static func newToken() -> String {
        let key = SymmetricKey(size: .bits256)
        return key.withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func cookie(_ name: String, value: String, secure: Bool, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// Constant-time comparison, so a token cannot be guessed byte by byte from response times.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
