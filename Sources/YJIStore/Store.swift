import Foundation
import Logging
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
/// YJICore's `ScoringEngine` computes.
public final class Store: Sendable {
    /// Where the data lives.
    public let location: StoreLocation
    let backend: Backend
    let logger: Logger
    let faults: StoreFaults
    let frameworks = LockedCache<String, Framework>()

    enum Backend: Sendable {
        case sqlite(path: String, writers: AsyncLock)
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

    private init(location: StoreLocation, backend: Backend, logger: Logger, faults: StoreFaults) {
        self.location = location
        self.backend = backend
        self.logger = logger
        self.faults = faults
    }

    /// Opens the store and brings its schema up to date (migrations run at start-up).
    public static func open(
        _ location: StoreLocation, logger: Logger = Logger(label: "yji.store"), faults: StoreFaults = StoreFaults()
    ) async throws -> Store {
        let backend: Backend
        switch location {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: directory) else {
                throw StoreError.unavailable("cannot open \(path): the folder \(directory) does not exist")
            }
            backend = .sqlite(path: path, writers: AsyncLock())
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
        let store = Store(location: location, backend: backend, logger: logger, faults: faults)
        do {
            try await store.prepare()
            try await Migrator(store: store).migrate()
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    /// Stops the PostgreSQL pool; SQLite connections are closed after each operation already.
    /// Checks the database answers a trivial query (for `/health`).
    public func ping() async throws {
        try await transaction(.read) { db in _ = try await db.raw("SELECT 1 AS one").first() }
    }

    /// On SQLite, copies the write-ahead log into the database file, so the file alone holds everything.
    public func checkpoint() async throws {
        guard engine == .sqlite else { return }
        try await withConnection { db in _ = try await db.raw("PRAGMA wal_checkpoint(TRUNCATE)").all() }
    }

    public func close() async {
        if case .postgres(_, let runner, _) = backend {
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

    /// Runs `body` on one connection. SQLite opens a connection per operation (cheap, and it lets SQLite's own
    /// locking order concurrent writers); PostgreSQL leases one from the pool.
    func withConnection<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let path, _):
            let connection: SQLiteConnection
            do {
                connection = try await SQLiteConnection.open(
                    storage: .file(path: path), threadPool: Self.sqliteThreads, logger: logger,
                    on: MultiThreadedEventLoopGroup.singleton.any())
            } catch {
                throw StoreError.unavailable("cannot open the SQLite database \(path): \(error)")
            }
            let outcome: Result<T, any Error>
            do {
                let db = connection.sql()
                // Per connection: enforce foreign keys, wait for a busy writer instead of failing, and make every
                // commit durable on disk before it is acknowledged.
                try await db.raw("PRAGMA foreign_keys = ON").run()
                try await db.raw("PRAGMA busy_timeout = 15000").run()
                try await db.raw("PRAGMA synchronous = FULL").run()
                outcome = .success(try await body(db))
            } catch {
                outcome = .failure(error)
            }
            // Closed exactly once, whatever happened above.
            do {
                try await connection.close()
            } catch {
                if case .success = outcome { throw StoreError.unavailable("cannot close the SQLite database \(path): \(error)") }
            }
            return try outcome.get()
        case .postgres(let client, _, _):
            do {
                return try await client.withConnection { connection in try await body(connection.sql()) }
            } catch let error as PSQLError where error.code == .connectionError || error.code == .serverClosedConnection {
                throw StoreError.unavailable("the PostgreSQL server cannot be reached: \(error.code)")
            }
        }
    }

    /// Whether a transaction only reads or may write; SQLite takes its write lock at the start of a writing one,
    /// so two writers queue instead of failing half-way.
    enum Access {
        case read, write
    }

    /// SQLite's calls block a thread while they wait for another writer's lock; a pool of their own keeps those
    /// waits from starving the rest of the process.
    static let sqliteThreads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 8)
        pool.start()
        return pool
    }()

    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    ///
    /// SQLite writers of one store queue here, in the process, rather than in SQLite's busy handler, which would hold a
    /// thread each while they wait; writers in other processes still queue in SQLite.
    func transaction<T>(_ access: Access = .write, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        guard case .sqlite(_, let writers) = backend, access == .write else { return try await openTransaction(access, body) }
        await writers.lock()
        do {
            let result = try await openTransaction(access, body)
            await writers.unlock()
            return result
        } catch {
            await writers.unlock()
            throw error
        }
    }

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
                try? await db.raw("ROLLBACK").run()
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

/// Current time as stored: ISO 8601 in UTC with milliseconds, which sorts correctly as text in both engines.
func storeTimestamp(_ date: Date = Date()) -> String {
    Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
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

/// A first-come, first-served lock for async code, held across suspension points (an actor alone is re-entrant).
final class AsyncLock: Sendable {
    private let state = LockState()

    private actor LockState {
        var locked = false
        var waiters: [CheckedContinuation<Void, Never>] = []

        func lock() async {
            if !locked {
                locked = true
                return
            }
            await withCheckedContinuation { waiters.append($0) }
        }

        func unlock() {
            if waiters.isEmpty { locked = false } else { waiters.removeFirst().resume() }
        }
    }

    func lock() async { await state.lock() }
    func unlock() async { await state.unlock() }
}

/// A small thread-safe dictionary for values that never change once known (parsed stored frameworks).
final class LockedCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Key: Value] = [:]

    func value(for key: Key) -> Value? { lock.withLock { values[key] } }
    func set(_ value: Value, for key: Key) { lock.withLock { values[key] = value } }
}
