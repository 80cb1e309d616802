import Foundation

/// How the web application runs: where it listens and how strict its sessions are.
public struct WebConfiguration: Sendable {
    /// Address to listen on; loopback unless the operator says otherwise.
    public var host: String
    public var port: Int
    /// A session unused for this long ends (idle expiry).
    public var sessionIdleLimit: TimeInterval
    /// Mark cookies Secure (set when yji is served over HTTPS, directly or behind a proxy).
    public var secureCookies: Bool
    /// bcrypt work factor for new password hashes; tests lower it to stay quick.
    public var passwordCost: UInt8
    /// Failed sign-ins allowed per account, and per address, in `throttleWindow` before further attempts are refused.
    public var maxFailuresPerAccount: Int
    public var maxFailuresPerAddress: Int
    public var throttleWindow: TimeInterval
    /// Largest request body accepted: forms and JSON, and file uploads.
    public var maxFormBytes: Int
    public var maxUploadBytes: Int
    /// The address people reach yji at ("https://yji.example.invalid"), put in front of the questionnaire links it
    /// hands out; nil to use the address each request came to (its Host header).
    public var publicURL: String?

    public init(host: String = "127.0.0.1", port: Int = 8080, sessionIdleLimit: TimeInterval = 30 * 60, secureCookies: Bool = false,
                passwordCost: UInt8 = 12, maxFailuresPerAccount: Int = 5, maxFailuresPerAddress: Int = 20,
                throttleWindow: TimeInterval = 15 * 60, maxFormBytes: Int = 512 * 1024, maxUploadBytes: Int = 32 * 1024 * 1024,
                publicURL: String? = nil) {
        self.host = host
        self.port = port
        self.sessionIdleLimit = sessionIdleLimit
        self.secureCookies = secureCookies
        self.passwordCost = passwordCost
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.throttleWindow = throttleWindow
        self.maxFormBytes = maxFormBytes
        self.maxUploadBytes = maxUploadBytes
        self.publicURL = publicURL.map(Self.withoutTrailingSlash)
    }

    /// Why `text` cannot be the public address, or nil when it can: an http or https URL with a host, and nothing after
    /// its path (a query or fragment would end up in the middle of every link).
    public static func publicURLProblem(_ text: String) -> String? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            return "the public address must be an http:// or https:// URL with a host, e.g. https://yji.example.invalid, not '\(text)'"
        }
        guard components.query == nil, components.fragment == nil, components.user == nil else {
            return "the public address must have no user, query or fragment: '\(text)'"
        }
        return nil
    }

    private static func withoutTrailingSlash(_ text: String) -> String {
        var text = text
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
