import Foundation
import Hummingbird

/// A refusal the user can act on: an HTTP status, a stable code for API clients, and a message in plain English.
/// Nothing internal (SQL, stack traces, file paths) ever goes into one.
public struct WebError: Error, Sendable {
    public let status: HTTPResponse.Status
    /// Stable machine-readable code, e.g. `not-found`, `csrf`, `conflict`.
    public let code: String
    public let message: String

    public init(_ status: HTTPResponse.Status, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static func notFound(_ what: String = "This page does not exist, or you do not have access to it.") -> WebError {
        WebError(.notFound, code: "not-found", what)
    }
    static let forbidden = WebError(.forbidden, code: "forbidden", "Your role does not allow this.")
    static let signInRequired = WebError(.unauthorized, code: "sign-in-required", "Sign in to continue.")
    static let csrf = WebError(.forbidden, code: "csrf",
                               "This form has expired or did not come from yji. Go back, reload the page and try again.")
    static func invalid(_ message: String) -> WebError { WebError(.unprocessableContent, code: "invalid", message) }
    /// The code of a refusal to change a published inspection, which has a page title of its own.
    static let publishedCode = "published"
    /// A change to a published inspection: 409, since the inspection's state, not the request, is what stands in the way.
    static func published(_ message: String) -> WebError { WebError(.conflict, code: publishedCode, message) }
}
