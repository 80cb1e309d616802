import Foundation
import Hummingbird
import MultipartKit

/// For every state-changing request: limits the body's size, parses form fields (URL-encoded or multipart), and
/// refuses the request unless it carries the CSRF token of the signed-in session (or, for signing in, the token
/// of the sign-in cookie) in a `csrf` field or an `X-CSRF-Token` header.
///
/// Sign-out is state-changing too: without the token a third-party page could sign someone out.
struct FormMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let configuration: WebConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard [.post, .put, .patch, .delete].contains(request.method) else { return try await next(request, context) }
        var request = request
        var context = context
        let contentType = request.headers[.contentType] ?? ""
        let isMultipart = contentType.lowercased().hasPrefix("multipart/form-data")
        let limit = isMultipart ? configuration.maxUploadBytes : configuration.maxFormBytes
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch {
            throw WebError(.contentTooLarge, code: "too-large",
                           "The request is larger than yji accepts (\(limit / 1024) KB). Split the file or contact the administrator.")
        }
        // The API takes JSON only; its handlers decode the body themselves.
        let isAPI = request.uri.path.hasPrefix("/api/")
        if !isAPI, contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            context.form = FormFields.urlEncoded(String(buffer: body))
        } else if !isAPI, isMultipart {
            context.form = try Self.multipart(body, contentType: contentType)
        }

        // Signing in is checked against the sign-in form's own cookie; everything else against the session's token.
        // A request with no session changes nothing (every other route needs someone signed in), so it goes on to be
        // refused as "sign in first", which tells the caller more than a CSRF refusal would.
        let expected: String?
        if request.uri.path == "/sign-in" || request.uri.path.hasPrefix("/q/") {
            // Forms filled in without an account (signing in, a questionnaire link) carry the token of their own cookie.
            expected = request.cookies[SessionCookies.signInToken]?.value
        } else if let session = context.session {
            expected = session.csrfToken
        } else {
            return try await next(request, context)
        }
        let given = request.headers[WebHeaders.csrfToken] ?? context.form["csrf"]
        guard let expected, let given, SessionCookies.same(expected, given) else { throw WebError.csrf }
        return try await next(request, context)
    }

    /// Text parts become fields; parts with a file name become files.
    static func multipart(_ body: ByteBuffer, contentType: String) throws -> FormFields {
        let parts = contentType.components(separatedBy: "boundary=")
        guard parts.count == 2, let boundary = parts.last?.split(separator: ";").first
            .map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }), !boundary.isEmpty else {
            throw WebError.invalid("The upload has no multipart boundary.")
        }
        final class Collector {
            var pairs: [(String, String)] = []
            var files: [String: (name: String, data: Data)] = [:]
            var disposition = ""
            var data = Data()
        }
        let collector = Collector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in
            if name.lowercased() == "content-disposition" { collector.disposition = value }
        }
        parser.onBody = { buffer in collector.data.append(contentsOf: buffer.readableBytesView) }
        parser.onPartComplete = {
            let name = Self.parameter("name", in: collector.disposition) ?? ""
            if let file = Self.parameter("filename", in: collector.disposition) {
                collector.files[name] = (file, collector.data)
            } else {
                collector.pairs.append((name, String(decoding: collector.data, as: UTF8.self)))
            }
            collector.disposition = ""
            collector.data = Data()
        }
        do { try parser.execute(body) } catch { throw WebError.invalid("The upload could not be read as a form.") }
        return FormFields(pairs: collector.pairs, files: collector.files)
    }

    static func parameter(_ name: String, in disposition: String) -> String? {
        for part in disposition.split(separator: ";") {
            let item = part.trimmingCharacters(in: .whitespaces)
            guard item.lowercased().hasPrefix(name + "=") else { continue }
            return String(item.dropFirst(name.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}
