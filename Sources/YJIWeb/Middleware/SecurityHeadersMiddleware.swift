import HTTPTypes
import Hummingbird

/// Header names yji sets that HTTPTypes does not name.
enum WebHeaders {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let permissionsPolicy = HTTPField.Name("Permissions-Policy")!
    static let csrfToken = HTTPField.Name("X-CSRF-Token")!
}

/// Adds the headers every yji response carries: a content security policy with no inline script and no framing,
/// no MIME sniffing, no referrer outside yji, and no caching of pages that hold case data.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var policy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[WebHeaders.referrerPolicy] = "same-origin"
        response.headers[WebHeaders.frameOptions] = "DENY"
        response.headers[WebHeaders.permissionsPolicy] = "camera=(), microphone=(), geolocation=()"
        if response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}
