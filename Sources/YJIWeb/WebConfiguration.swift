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

    public init(host: String = "127.0.0.1", port: Int = 8080, sessionIdleLimit: TimeInterval = 30 * 60, secureCookies: Bool = false,
                passwordCost: UInt8 = 12, maxFailuresPerAccount: Int = 5, maxFailuresPerAddress: Int = 20,
                throttleWindow: TimeInterval = 15 * 60, maxFormBytes: Int = 512 * 1024, maxUploadBytes: Int = 32 * 1024 * 1024) {
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
    }
}
