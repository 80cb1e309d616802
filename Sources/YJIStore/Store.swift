import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import YJICore

/// Inspections, cases, judgements and their audit trail, in SQLite or PostgreSQL through one SQL code path.
///
/// Every operation runs in a transaction on one connection; every change writes its audit row in that same
/// transaction, so either both are kept or neither is. Scores are never computed here: the store loads the data and
/// YJICore's `ScoringEngine` computes. SQLite connections stay open for the store's life (`SQLiteConnections`).
public final class Store: Sendable {
    /// Where the data lives.
    public let location: StoreLocation
    let backend: Backend
    let logger: Logger
    let faults: StoreFaults
    /// The longest an operation waits for a connection (PostgreSQL's pool, or SQLite's writer or a reader) before it
    /// is refused as `StoreError.unavailable`.
    let connectionWait: Duration
    let frameworks = LockedCache<String, Framework>()
    /// Published scorecards already decoded, by inspection, with the stored text they came from: the dashboard reads
    /// every card of a programme on every request, and decoding them was most of its time. A card is reused only while
    /// the stored text is the same, so a card forgotten and stored again is decoded afresh.
    let decodedScorecards = LockedCache<Int, DecodedScorecard>()

    enum Backend: Sendable {
        case sqlite(path: String, connections: SQLiteConnections)
        case postgres(client: PostgresClient, runner: Task<Void, Never>, schema: String?)
    }

    /// Which engine is underneath, for the few statements that differ (identity columns, locks, backup).
    public enum Engine: String, Sendable {
        case sqlite, postgres
    }

    /// The engine in use.
    public var engine: Engine {
        if case .sqlite = backend { return .sqlite }
        return .postgres
    }

    private init(location: StoreLocation, backend: Backend, logger: Logger, faults: StoreFaults, connectionWait: Duration) {
        self.location = location
        self.backend = backend
        self.logger = logger
        self.faults = faults
        self.connectionWait = connectionWait
    }

    /// How long an operation waits for a PostgreSQL connection when `open` is not told: long enough to ride out a
    /// burst of load on a full pool, short enough that a request during an outage is answered 503 well before a
    /// browser or proxy gives up on it.
    public static let defaultConnectionWait: Duration = .seconds(5)

    /// `/health` waits at most this long, so a monitor learns of an outage without queueing behind the requests.
    static let healthWait: Duration = .seconds(2)

    /// The connection wait from `YJI_DATABASE_WAIT` (seconds, e.g. `2.5`), else `defaultConnectionWait`.
    public static func connectionWait(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Duration {
        guard let text = environment["YJI_DATABASE_WAIT"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return defaultConnectionWait
        }
        guard let seconds = Double(text), seconds > 0, seconds <= 3600 else {
            throw StoreError.invalidLocation("YJI_DATABASE_WAIT: '\(text)' is not a number of seconds between 0 and 3600")
        }
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    /// Opens the store and brings its schema up to date (migrations run at start-up).
    ///
    /// `connectionWait` bounds how long any operation waits for a connection (nil: `YJI_DATABASE_WAIT`, else
    /// `defaultConnectionWait`); past it the operation throws `StoreError.unavailable` having written nothing.
    public static func open(
        _ location: StoreLocation, logger: Logger = Logger(label: "yji.store"), faults: StoreFaults = StoreFaults(),
        connectionWait: Duration? = nil
    ) async throws -> Store {
        let wait = try connectionWait ?? Self.connectionWait()
        let backend: Backend
        switch location {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: directory) else {
                throw StoreError.unavailable("cannot open \(path): the folder \(directory) does not exist")
            }
            backend = .sqlite(path: path, connections: SQLiteConnections(path: path, threads: Self.sqliteThreads, logger: logger))
        case .postgres(let url, let schema):
            let configuration: SQLPostgresConfiguration
            do {
                configuration = try SQLPostgresConfiguration(url: url)
            } catch {
                throw StoreError.invalidLocation("'\(StoreLocation.redacted(url))' is not a usable PostgreSQL URL")
            }
            let client = PostgresClient(configuration: try .init(connection: configuration.coreConfiguration), backgroundLogger: logger)
            backend = .postgres(client: client, runner: Task { await client.run() }, schema: schema)
        }
        let store = Store(location: location, backend: backend, logger: logger, faults: faults, connectionWait: wait)
        do {
            try await store.prepare()
            try await Migrator(store: store).migrate()
            await store.refreshPlannerStatistics()
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    /// Checks the database answers a trivial query (for `/health`), waiting at most `healthWait` for a connection so
    /// that a monitor polling `/health` during an outage gets "unavailable" promptly rather than a held request.
    public func ping() async throws {
        let wait = min(connectionWait, Self.healthWait)
        if case .sqlite = backend {
            // A reader, as a request would use: the answer says whether requests are being served, not only whether
            // the file can be opened.
            try await transaction(.read, wait: wait) { db in _ = try await db.raw("SELECT 1 AS one").first() }
            return
        }
        try await withConnection(wait: wait) { db in
            _ = try await db.raw("SELECT 1 AS one").first()
        }
    }

    /// On SQLite, copies the write-ahead log into the database file, so the file alone holds everything.
    public func checkpoint() async throws {
        guard engine == .sqlite else { return }
        try await withConnection { db in _ = try await db.raw("PRAGMA wal_checkpoint(TRUNCATE)").all() }
    }

    /// Closes the SQLite connections (once the operations using them have finished) or stops the PostgreSQL pool.
    public func close() async {
        switch backend {
        case .sqlite(_, let connections):
            await connections.close()
        case .postgres(_, let runner, _):
            runner.cancel()
            _ = await runner.value
        }
    }

    /// Settings that belong to the database rather than to a connection: WAL for SQLite, the schema for PostgreSQL.
    private func prepare() async throws {
        switch backend {
        case .sqlite:
            try await withConnection { db in
                let mode = try await db.raw("PRAGMA journal_mode = WAL").first()?.decode(column: "journal_mode", as: String.self)
                if mode?.lowercased() != "wal" { logger.warning("SQLite journal mode is \(mode ?? "unknown"), not WAL") }
            }
        case .postgres(_, _, let schema):
            guard let schema else { return }
            try await withConnection { db in
                try await db.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
            }
        }
    }

    /// On SQLite, gathers the statistics the query planner needs for tables that have none or whose size has changed
    /// a lot (SQLite's `PRAGMA optimize`, bounded in work). Without them SQLite read every judgement of an inspection to
    /// find one case's, a millisecond per save; with them it goes to the case's own.
    /// A failure (a full disk, a read-only file) only costs speed, so it does not stop the store opening.
    private func refreshPlannerStatistics() async {
        guard case .sqlite = backend else { return }
        do {
            // 0x10000: every table, not only those this new connection has queried; 0x2: ANALYZE where it would help.
            try await withConnection { db in try await db.raw("PRAGMA optimize = 0x10002").run() }
        } catch {
            logger.notice("could not refresh SQLite's planner statistics: \(error)")
        }
    }

    /// Runs `body` on one connection outside `transaction`'s control, for what manages its own transactions or none
    /// (migrations, WAL set-up, checkpoints, backups). SQLite opens a connection of its own for it, with the pooled
    /// connections' settings, so a long backup does not hold up the writer and the body cannot leave a pooled
    /// connection inside a transaction; PostgreSQL leases one from the pool, waiting at most `wait` (default
    /// `connectionWait`) for it.
    func withConnection<T>(wait: Duration? = nil, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let path, _):
            let connection = try await SQLiteConnections.open(path: path, threads: Self.sqliteThreads, logger: logger, readOnly: false)
            let outcome: Result<T, any Error>
            do {
                outcome = .success(try await body(connection.sql()))
            } catch {
                outcome = .failure(error)
            }
            // Closed exactly once, whatever happened above (closing also ends any transaction the body left open).
            await SQLiteConnections.close(connection)
            return try await Self.explainingFullDisk(path: path) { try outcome.get() }
        case .postgres(let client, _, _):
            do {
                return try await Self.withLease(from: client, wait: wait ?? connectionWait) { connection in
                    try await body(GuardedPostgresDatabase(base: connection.sql(), connection: connection))
                }
            } catch let error as StoreError {
                throw error
            } catch where Self.isOutage(error) {
                throw StoreError.unavailable("the PostgreSQL server cannot be reached: \(Self.outageSummary(error))")
            }
        }
    }

    /// Leases a connection for `body`, giving up with `StoreError.unavailable` if none is leased within `wait`.
    ///
    /// PostgresClient keeps a lease request queued while it retries an unreachable server (until its circuit breaker
    /// trips after 60 s), so without a bound every request during an outage is held, `/health` cannot answer, and
    /// graceful shutdown waits for them. Only the wait for a lease is bounded:
    /// once `body` has started it runs to its end, so a transaction is never abandoned half-way by the timer. A lease
    /// granted after the deadline is returned to the pool unused, since the caller has already been told nothing
    /// was written.
    static func withLease<T>(
        from client: PostgresClient, wait: Duration, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let race = LeaseRace()
        // The group ends before this function returns, so `body` never outlives the call.
        return try await withoutActuallyEscaping(body) { body in
            // The caller stays suspended until the group has ended, so `body` and its result are only used by one task.
            let work = Handoff(value: body)
            return try await withThrowingTaskGroup(of: Handoff<T>?.self) { group in
                group.addTask {
                    try await client.withConnection { connection in
                        guard race.leased() else { throw CancellationError() }
                        return Handoff(value: try await work.value(connection))
                    }
                }
                group.addTask {
                    try await Task.sleep(for: wait)
                    if race.timedOut() {
                        throw StoreError.unavailable(
                            "no PostgreSQL connection within \(wait.secondsText) s: the server is unreachable or overloaded; nothing was written")
                    }
                    return nil
                }
                while let outcome = try await group.next() {
                    if let result = outcome {
                        group.cancelAll()
                        return result.value
                    }
                }
                // Unreachable: the lease task either returns a value or throws.
                throw StoreError.unavailable("the PostgreSQL connection lease ended without a result")
            }
        }
    }

    /// Errors meaning the PostgreSQL server went away or cannot be reached, not that a statement was wrong.
    static func isOutage(_ error: any Error) -> Bool {
        if case StoreError.unavailable = error { return true }
        if let error = error as? PSQLError {
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
                return true
            case .server:
                // Class 08 (connection exception) and 57P01-57P03 (the server is shutting down or starting up).
                let state = error.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
            default:
                return false
            }
        }
        // The pool's own errors (its circuit breaker tripped after a long outage) come from a module yji cannot name.
        return String(reflecting: type(of: error)).contains("ConnectionPoolError")
    }

    private static func outageSummary(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let state = error.serverInfo?[.sqlState] { return "\(error.code) \(state) \(error.serverInfo?[.message] ?? "")" }
        return "\(error.code)"
    }

    /// Whether a transaction only reads or may write; SQLite takes its write lock at the start of a writing one,
    /// so two writers queue instead of failing half-way.
    enum Access {
        case read, write
    }

    /// SQLite's calls block a thread while they wait for another process's write lock or an fsync; a pool of their own
    /// keeps those waits from starving the rest of the process.
    static let sqliteThreads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 8)
        pool.start()
        return pool
    }()

    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    ///
    /// On SQLite a write runs on the store's one writer connection and a read on one of its readers, waiting at most
    /// `wait` (default `connectionWait`) for it; writers of one store queue in the process, writers in other processes
    /// in SQLite's busy handler. A write returns only once it is durably committed (see `SQLiteConnections.write`).
    func transaction<T>(_ access: Access = .write, wait: Duration? = nil, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await Self.explainingPublished {
            guard case .sqlite(let path, let connections) = backend else { return try await openTransaction(access, body) }
            return try await Self.explainingFullDisk(path: path) {
                switch access {
                case .read: return try await connections.read(wait: wait ?? connectionWait, body)
                case .write: return try await connections.write(wait: wait ?? connectionWait, body)
                }
            }
        }
    }

    /// The database's refusal to change a published inspection (migration 8's triggers, or migration 6's on
    /// recommendations) as `StoreError.published`, so every surface can say why and answer 409.
    private static func explainingPublished<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            let text: String
            if let error = error as? PSQLError {
                text = error.serverInfo?[.message] ?? ""
            } else if let error = error as? SQLiteError {
                text = error.message
            } else {
                throw error
            }
            if text.contains(Migrator.publishedRefusal) || text.contains("published report's recommendations cannot be changed") {
                throw StoreError.publishedInspection
            }
            throw error
        }
    }


    /// SQLite's SQLITE_FULL as `StoreError.storageFull`: SQLite has rolled the write back, and the person saving should
    /// be told plainly that the disk is full rather than see an unexpected fault.
    private static func explainingFullDisk<T>(path: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as SQLiteError where error.reason == .full {
            throw StoreError.storageFull("the disk holding \(path) is full (\(error.message)); nothing was written")
        }
    }

    /// PostgreSQL's transactions (SQLite's are `SQLiteConnections.read` and `write`).
    private func openTransaction<T>(_ access: Access, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await withConnection { db in
            let begin = engine == .sqlite && access == .write ? "BEGIN IMMEDIATE" : "BEGIN"
            try await db.raw("\(unsafeRaw: begin)").run()
            do {
                if case .postgres(_, _, let schema?) = backend {
                    try await db.raw("SET LOCAL search_path TO \(ident: schema)").run()
                }
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                // A connection PostgreSQL has ended is not asked to roll back: the server already discarded the
                // transaction with the connection, and a statement sent on it then is never answered.
                if !(engine == .postgres && Self.isOutage(error)) {
                    try? await db.raw("ROLLBACK").run()
                }
                throw error
            }
        }
    }
}

/// Faults a test can inject into write paths, to show that a failed write leaves nothing behind.
public struct StoreFaults: Sendable {
    /// Called inside the transaction right after each audit row is written; throwing aborts the write.
    public var afterAudit: (@Sendable (AuditEntry) throws -> Void)?

    public init(afterAudit: (@Sendable (AuditEntry) throws -> Void)? = nil) {
        self.afterAudit = afterAudit
    }
}

/// A PostgreSQL connection's SQL interface that cannot hang on a connection the server has closed.
///
/// PostgresNIO hands each statement to its channel without a promise for the write, so a statement sent on a
/// connection that has just closed (PostgreSQL shutting down ends every connection; the pool may still lease out one
/// that closed a moment ago) is never answered, and the request waiting for it hangs for good. This refuses
/// statements on a closed connection and fails one still pending once its connection has closed, as an outage
/// (`StoreError.unavailable`): nothing it was part of can commit on a closed connection.
struct GuardedPostgresDatabase: SQLDatabase {
    let base: any SQLDatabase
    let connection: PostgresConnection

    /// How often a pending statement checks whether its connection has closed under it.
    static let closedCheckInterval: TimeAmount = .milliseconds(500)

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        let closed = StoreError.unavailable("the PostgreSQL server closed the connection; nothing was written")
        guard !connection.isClosed else { return eventLoop.makeFailedFuture(closed) }
        let promise = eventLoop.makePromise(of: Void.self)
        base.execute(sql: query, onRow).cascade(to: promise)
        // The check runs on the connection's event loop, after the channel has failed whatever it had received, so
        // a statement still pending then was lost in the close. Completing the promise twice is harmless.
        let connection = connection
        let watch = eventLoop.scheduleRepeatedTask(initialDelay: Self.closedCheckInterval, delay: Self.closedCheckInterval) { _ in
            if connection.isClosed { promise.fail(closed) }
        }
        promise.futureResult.whenComplete { _ in watch.cancel() }
        return promise.futureResult
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await execute(sql: query, onRow).get()
    }
}

/// Which of a lease and its deadline came first; decided once, under a lock, so a lease granted just as the deadline
/// passes is either used (and the deadline ignored) or returned unused (and the caller told so), never both.
final class LeaseRace: @unchecked Sendable {
    private let lock = NSLock()
    private var decided: Bool?

    /// True if the lease came first and may be used.
    func leased() -> Bool { lock.withLock { decide(true) } }
    /// True if the deadline came first and the caller must be refused.
    func timedOut() -> Bool { lock.withLock { decide(false) } }

    private func decide(_ lease: Bool) -> Bool {
        if decided == nil { decided = lease }
        return decided == lease
    }
}

/// Carries a non-Sendable value into or out of a child task while its parent is suspended waiting for that task.
struct Handoff<Value>: @unchecked Sendable {
    let value: Value
}

extension Duration {
    /// Seconds as a short decimal, for messages.
    var secondsText: String {
        let (whole, attoseconds) = components
        let value = Double(whole) + Double(attoseconds) / 1e18
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

extension PostgresClient.Configuration {
    /// The pool's configuration from a URL-derived connection configuration (the pool does not read URLs itself).
    init(connection configuration: PostgresConnection.Configuration) throws {
        let tls: PostgresClient.Configuration.TLS
        switch (configuration.tls.isEnforced, configuration.tls.isAllowed, configuration.tls.sslContext) {
        case (true, _, let context?): tls = .require(context.configuration)
        case (false, true, let context?): tls = .prefer(context.configuration)
        default: tls = .disable
        }
        if let host = configuration.host, let port = configuration.port {
            self.init(host: host, port: port, username: configuration.username, password: configuration.password,
                      database: configuration.database, tls: tls)
        } else if let socket = configuration.unixSocketPath {
            self.init(unixSocketPath: socket, username: configuration.username, password: configuration.password,
                      database: configuration.database)
        } else {
            throw StoreError.invalidLocation("a PostgreSQL URL needs a host or a socket path")
        }
    }
}

/// A published scorecard's stored JSON and the card decoded from it.
struct DecodedScorecard: Sendable {
    let json: String
    let card: Scorecard
}

/// A small thread-safe dictionary (parsed stored frameworks, decoded scorecards).
final class LockedCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Key: Value] = [:]

    func value(for key: Key) -> Value? { lock.withLock { values[key] } }
    func set(_ value: Value, for key: Key) { lock.withLock { values[key] = value } }
}
