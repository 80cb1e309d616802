import Foundation
import Hummingbird
import YJICore
import YJIStore

/// Turns every error into a page (or, under `/api`, a JSON error with a stable code) that says what went wrong in
/// plain English; unexpected errors are logged with the request id and shown only as that id.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let webError = Self.webError(for: error, context: context)
            if request.uri.path.hasPrefix("/api/") {
                return APIResponse.error(webError)
            }
            if webError.status == .unauthorized {
                let back = request.uri.path == "/" ? "" : "?next=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                return Response.redirect(to: "/sign-in" + back, type: .normal)
            }
            let title = webError.code == WebError.publishedCode ? "This inspection is published" : Self.title(for: webError.status)
            return pages.render("error", ErrorPage(chrome: PageChrome(title: title, context: context),
                                                   message: webError.message), status: webError.status)
        }
    }

    static func title(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 403: "You cannot do this"
        case 404: "Page not found"
        case 409: "Someone else changed this"
        case 413: "The file is too large"
        case 422: "There is a problem"
        case 429: "Too many attempts"
        case 503: "yji cannot reach its database"
        default: status.code >= 500 ? "Sorry, there is a problem with yji" : "There is a problem"
        }
    }

    /// The user-facing form of any error; store refusals keep their message, anything unexpected becomes a 500.
    static func webError(for error: any Error, context: Context) -> WebError {
        switch error {
        case let error as WebError: return error
        case let error as StoreError:
            switch error {
            case .notFound: return .notFound()
            case .invalid, .invalidField, .problems: return .invalid(error.description)
            case .conflict: return WebError(.conflict, code: "conflict", error.description)
            case .published: return .published(error.description)
            case .unavailable: return WebError(.serviceUnavailable, code: "unavailable", "The database is not reachable. Try again in a moment.")
            case .storageFull:
                // Logged: whoever runs yji must free space; the person saving can only wait.
                context.logger.error("database disk full", metadata: ["error": "\(error.description)"])
                return WebError(.serviceUnavailable, code: "unavailable",
                                "The disk that holds yji's database is full, so nothing was saved. Everything saved before is safe; "
                                + "tell the people who run yji, and try again once they have made room.")
            default: break
            }
        case let error as HTTPError:
            return WebError(error.status, code: error.status.code == 404 ? "not-found" : "http-\(error.status.code)",
                            error.status.code == 404 ? "This page does not exist, or you do not have access to it." : error.status.reasonPhrase)
        default: break
        }
        context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
        if Self.isDatabaseOutage(error) {
            return WebError(.serviceUnavailable, code: "unavailable", "The database is not reachable. Try again in a moment.")
        }
        return WebError(.internalServerError, code: "internal",
                        "Something went wrong on our side and nothing was saved. Quote reference \(context.id) if you report it.")
    }

    /// Connection failures from either database driver, which should read as "try again", not as a fault.
    static func isDatabaseOutage(_ error: any Error) -> Bool {
        let text = String(reflecting: error).lowercased()
        // 57P01-57P03: PostgreSQL ending connections because it is shutting down or cannot accept them yet.
        return ["connection refused", "connectionerror", "connection reset", "connection closed", "unavailable", "poolexhausted",
                "serverclosedconnection", "clientclosedconnection", "toomanyconnections", "57p01", "57p02", "57p03",
                "terminating connection", "the database system is shutting down", "the database system is starting up"]
            .contains { text.contains($0) }
    }
}
