import Foundation
import Hummingbird
import YJICore
import YJIStore

/// Per-request state: who is signed in (if anyone), their session's CSRF token, and the parsed form.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in session, set by `SignInMiddleware`.
    public var session: SignInSession?
    /// Hash of the session cookie's token, whether or not it named a live session.
    public var sessionTokenHash: String?
    /// The parsed body of a form post (URL-encoded or multipart text fields), set by `FormMiddleware`.
    public var form: FormFields = FormFields()
    /// The client's address, for sign-in throttling.
    public var remoteAddress: String
    /// The inspection a route of `/inspections/{inspection}` addresses, with the caller's access, set by
    /// `InspectionScopeMiddleware`; read it with `inspection()`.
    var loadedInspection: InspectionScope?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Hummingbird's own cap for its decoders; yji limits form and upload bodies earlier, in `FormMiddleware`.
    public var maxUploadSize: Int { 64 * 1024 * 1024 }
}

/// The text fields of a submitted form, in order, with repeats kept (checkbox groups).
public struct FormFields: Sendable {
    public private(set) var pairs: [(String, String)] = []
    /// Uploaded files by field name: file name and contents.
    public private(set) var files: [String: (name: String, data: Data)] = [:]

    public init(pairs: [(String, String)] = [], files: [String: (name: String, data: Data)] = [:]) {
        self.pairs = pairs
        self.files = files
    }

    /// The first value of a field, trimmed; nil when absent.
    public subscript(_ name: String) -> String? {
        pairs.first { $0.0 == name }.map { $0.1.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Every value of a field.
    public func all(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }

    /// Parses `application/x-www-form-urlencoded` text.
    public static func urlEncoded(_ text: String) -> FormFields {
        let pairs = text.split(separator: "&", omittingEmptySubsequences: true).map { item -> (String, String) in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
        return FormFields(pairs: pairs)
    }
}
