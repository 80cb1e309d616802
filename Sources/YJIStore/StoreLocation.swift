import Foundation

/// Where an inspection store lives: an SQLite file (the embedded default) or a PostgreSQL database.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// An SQLite database file; created if missing.
    case sqlite(path: String)
    /// A PostgreSQL database, given as a URL; `schema` (optional) keeps yji's tables apart from others'.
    case postgres(url: String, schema: String?)

    /// The SQLite file used when nothing else is configured.
    public static let defaultSQLitePath = "./yji.sqlite"

    /// Reads a `--database` value or `YJI_DATABASE_URL`: `postgres://...` (or `postgresql://`), `sqlite:PATH`,
    /// `sqlite://PATH`, or a plain file path. A `schema` query parameter on a PostgreSQL URL selects the schema.
    public static func parse(_ text: String?) throws -> StoreLocation {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return .sqlite(path: defaultSQLitePath)
        }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            guard var components = URLComponents(string: text), components.host != nil else {
                throw StoreError.invalidLocation("'\(redacted(text))' is not a valid PostgreSQL URL")
            }
            let schema = components.queryItems?.first { $0.name == "schema" }?.value
            components.queryItems = components.queryItems?.filter { $0.name != "schema" }
            if components.queryItems?.isEmpty == true { components.queryItems = nil }
            return .postgres(url: components.string ?? text, schema: schema)
        }
        for prefix in ["sqlite://", "sqlite:"] where text.hasPrefix(prefix) {
            return .sqlite(path: String(text.dropFirst(prefix.count)))
        }
        if text.contains("://") {
            throw StoreError.invalidLocation("unsupported database URL '\(redacted(text))' (use postgres://... or a file path)")
        }
        return .sqlite(path: text)
    }

    /// The location from a command-line value, falling back to `YJI_DATABASE_URL`, then the default file.
    public static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> StoreLocation {
        try parse(option ?? environment["YJI_DATABASE_URL"])
    }

    /// For messages: the location with any password hidden.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url, let schema): return Self.redacted(url) + (schema.map { " (schema \($0))" } ?? "")
        }
    }

    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
