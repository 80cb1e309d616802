import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// The SQLite connections of one store, open for the store's whole life: one writer and a few read-only readers.
///
/// Opening a connection per operation (three PRAGMAs, the schema read again, a close) was most of a save's cost, so
/// connections are kept. SQLite lets one connection write at a time; in WAL mode readers run beside it and each read
/// transaction sees the last commit. Writes queue for the writer in the process (FIFO, waiting at most the store's
/// connection wait) rather than in SQLite's busy handler, which would hold a thread each while they wait.
///
/// Writes that queue behind each other share a commit ("group commit"): each runs inside a savepoint of one open
/// transaction, so a write that fails is undone alone, and every write of the group is acknowledged only after the
/// group's COMMIT has returned, which with `synchronous = FULL` is after the write-ahead log is on disk. A lone write
/// commits at once, as before; under load one fsync covers several saves instead of one each.
final class SQLiteConnections: Sendable {
    let path: String
    private let writer: SQLiteLender
    private let readers: SQLiteLender
    private let group = WriteGroup()
    private let optimizer = Optimizer()

    /// Readers beside the writer: enough that reads do not queue behind each other on two cores; each holds only a
    /// file handle and SQLite's page cache.
    static let readerCount = 4
    /// A group commits once it holds this many writes, or once it has been open `groupAge`, even with more waiting:
    /// the bound on how long an acknowledged save waits for the writes queued behind it.
    static let groupSize = 64
    static let groupAge: TimeAmount = .milliseconds(4)

    init(path: String, threads: NIOThreadPool, logger: Logger) {
        self.path = path
        writer = SQLiteLender(path: path, capacity: 1, role: "writer") {
            try await Self.open(path: path, threads: threads, logger: logger, readOnly: false)
        }
        readers = SQLiteLender(path: path, capacity: Self.readerCount, role: "reader") {
            try await Self.open(path: path, threads: threads, logger: logger, readOnly: true)
        }
    }

    /// Opens a connection with yji's per-connection settings; closed again if any of them fails.
    static func open(path: String, threads: NIOThreadPool, logger: Logger, readOnly: Bool) async throws -> SQLiteConnection {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: threads, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any()
            ).get()
        } catch {
            throw StoreError.unavailable("cannot open the SQLite database \(path): \(error)")
        }
        do {
            // Enforce foreign keys, wait for another process's writer instead of failing, and make every commit
            // durable on disk before it is acknowledged.
            try await run("PRAGMA foreign_keys = ON", on: connection)
            try await run("PRAGMA busy_timeout = 15000", on: connection)
            try await run("PRAGMA synchronous = FULL", on: connection)
            // A reader that tried to write would take SQLite's write lock beside the writer and could fail half-way
            // with SQLITE_BUSY; refusing makes such a mistake show at once.
            if readOnly { try await run("PRAGMA query_only = ON", on: connection) }
            return connection
        } catch {
            await close(connection)
            throw StoreError.unavailable("cannot prepare the SQLite connection to \(path): \(error)")
        }
    }

    /// Runs one statement without rows, to the end even if the calling task is cancelled: the transaction control
    /// statements must not be skipped, or a connection would go back to the pool inside a transaction.
    static func run(_ sql: String, on connection: SQLiteConnection) async throws {
        try await connection.query(sql, [], logger: connection.logger) { _ in }.get()
    }

    /// Closes a connection, to the end even if the calling task is cancelled.
    static func close(_ connection: SQLiteConnection) async {
        let closed: EventLoopFuture<Void> = connection.close()
        try? await closed.get()
    }

    /// Rolls back whatever transaction the connection has open; false if the connection can no longer be trusted.
    static func rollBack(_ connection: SQLiteConnection) async -> Bool {
        do {
            try await run("ROLLBACK", on: connection)
            return true
        } catch let error as SQLiteError where error.message.contains("no transaction is active") {
            // SQLite already rolled the transaction back itself (it does on some errors, e.g. a full disk).
            return true
        } catch {
            return false
        }
    }

    /// Runs `body` in a read transaction on a reader, waiting at most `wait` for one.
    func read<T>(wait: Duration, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = try await readers.lease(wait: wait)
        do {
            try await Self.run("BEGIN", on: connection)
        } catch {
            readers.giveBack(connection)
            throw error
        }
        let result: T
        do {
            result = try await body(connection.sql())
            try await Self.run("COMMIT", on: connection)
        } catch {
            if await Self.rollBack(connection) { readers.giveBack(connection) } else { await readers.discard(connection) }
            throw error
        }
        readers.giveBack(connection)
        return result
    }

    /// Runs `body` as one write: kept whole if it returns (and then durably committed before this returns), undone
    /// whole if it throws. Waits at most `wait` for the writer; once `body` has started it is never abandoned.
    func write<T>(wait: Duration, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = try await writer.lease(wait: wait)
        // The writer is this task's until it is handed on or given back, so the group is touched by one task at a time.
        if !group.isOpen {
            do {
                try await Self.run("BEGIN IMMEDIATE", on: connection)
            } catch {
                if await Self.rollBack(connection) { writer.giveBack(connection) } else { await writer.discard(connection) }
                throw error
            }
            group.open(at: .now())
        }

        // Each write of the group opens a savepoint of the same name; ROLLBACK TO undoes the newest, this write's. The
        // savepoints are not released one by one (a round trip each): COMMIT ends them all.
        var savepoint = false
        let outcome: Result<T, any Error>
        do {
            try await Self.run("SAVEPOINT yji_write", on: connection)
            savepoint = true
            outcome = .success(try await body(connection.sql()))
        } catch {
            outcome = .failure(error)
        }
        do {
            guard savepoint else { throw outcome.failure ?? StoreError.unavailable("no savepoint") }
            if case .failure = outcome { try await Self.run("ROLLBACK TO yji_write", on: connection) }
        } catch {
            // The group's transaction is gone (SQLite rolls a whole transaction back on some errors) or in doubt: roll
            // it back, so that none of the group's writes stands, and tell every write waiting on it so.
            let cause = outcome.failure ?? error
            let members = group.close()
            let usable = await Self.rollBack(connection)
            let refusal = Self.groupRefusal(cause)
            for member in members { member.fail(refusal) }
            if usable { writer.giveBack(connection) } else { await writer.discard(connection) }
            throw cause
        }

        // Commit now, or leave the commit to the next write in the queue so that one fsync covers both. A write that
        // failed waits for nothing, but if nobody is queued it still commits the writes before it.
        if case .success = outcome, !group.isFull(at: .now()) {
            let member = connection.eventLoop.makePromise(of: Void.self)
            group.add(member)
            if writer.handOverIfAwaited(connection) {
                try await member.futureResult.get()
                return try outcome.get()
            }
            group.removeLast()
            member.succeed(())
        }
        let members = group.close()
        do {
            try await Self.run("COMMIT", on: connection)
        } catch {
            let usable = await Self.rollBack(connection)
            for member in members { member.fail(error) }
            if usable { writer.giveBack(connection) } else { await writer.discard(connection) }
            // This write's own failure, if it had one, is the better explanation: it was never part of the commit.
            throw outcome.failure ?? error
        }
        for member in members { member.succeed(()) }
        if optimizer.isDue(at: .now()) {
            // Outside any transaction, on the writer the caller still holds: ANALYZE writes the planner's statistics.
            try? await Self.run("PRAGMA optimize", on: connection)
        }
        writer.giveBack(connection)
        return try outcome.get()
    }

    /// What a write that had already succeeded is told when a later write's failure took the group's transaction
    /// with it: a full disk as such, anything else as a refusal the client may retry.
    private static func groupRefusal(_ cause: any Error) -> any Error {
        if let error = cause as? SQLiteError, error.reason == .full { return error }
        return StoreError.unavailable("a write committed together with this one failed (\(cause)); nothing was written")
    }

    /// Closes every connection, waiting for those in use to come back; later operations are refused.
    func close() async {
        await writer.close()
        await readers.close()
    }
}

/// When the writer last refreshed the query planner's statistics. SQLite plans from statistics gathered by ANALYZE;
/// without them it chose to read all of an inspection's judgements to find one case's (a millisecond per save).
/// `Store.open` gathers them; a long-running server refreshes them hourly, as SQLite advises for long-lived
/// connections, so they follow the data as it grows.
private final class Optimizer: @unchecked Sendable {
    static let interval: TimeAmount = .hours(1)
    private let lock = NSLock()
    private var last = NIODeadline.now()

    /// True at most once an interval; the caller then runs `PRAGMA optimize`.
    func isDue(at now: NIODeadline) -> Bool {
        lock.withLock {
            guard now - last >= Self.interval else { return false }
            last = now
            return true
        }
    }
}

/// The writes sharing the writer's open transaction, each waiting for its commit. Touched only by the task holding
/// the writer; the lock makes the hand-over between tasks visible to the next.
private final class WriteGroup: @unchecked Sendable {
    private let lock = NSLock()
    private var started: NIODeadline?
    private var members: [EventLoopPromise<Void>] = []

    var isOpen: Bool { lock.withLock { started != nil } }

    func open(at now: NIODeadline) { lock.withLock { started = now } }

    func isFull(at now: NIODeadline) -> Bool {
        lock.withLock {
            members.count + 1 >= SQLiteConnections.groupSize || now - (started ?? now) >= SQLiteConnections.groupAge
        }
    }

    func add(_ member: EventLoopPromise<Void>) { lock.withLock { members.append(member) } }

    func removeLast() { lock.withLock { _ = members.popLast() } }

    /// Ends the group (its transaction is being committed or rolled back) and returns the writes waiting on it.
    func close() -> [EventLoopPromise<Void>] {
        lock.withLock {
            defer { members = []; started = nil }
            return members
        }
    }
}

/// Lends up to `capacity` SQLite connections, first come first served, opening them when first needed. A caller
/// waits at most the time it names and is then refused with `StoreError.unavailable`, having done nothing.
///
/// A connection is lent only while the file at the path is still the one it opened: if the database was moved,
/// deleted or replaced, the connection is closed and a new one opened on whatever the path names now (failing with
/// `StoreError.unavailable` if nothing can be opened there), as when every operation opened its own connection. A
/// connection kept on a file no longer at the path would acknowledge saves that nobody can read back.
final class SQLiteLender: @unchecked Sendable {
    /// What a waiting caller is given: an idle connection, the previous holder's connection with its transaction still
    /// open (`SQLiteConnections.write` groups), or the right to open one (a connection was closed meanwhile).
    private enum Grant: Sendable {
        case connection(SQLiteConnection)
        case handedOver(SQLiteConnection)
        case slot
    }

    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Grant, any Error>
        var timer: Scheduled<Void>?
    }

    private let lock = NSLock()
    private let path: String
    private let capacity: Int
    private let role: String
    private let opener: @Sendable () async throws -> SQLiteConnection
    // Guarded by `lock`.
    private var idle: [SQLiteConnection] = []
    /// The file each open connection opened, to notice when the path names another.
    private var files: [ObjectIdentifier: FileIdentity] = [:]
    /// Connections open, being opened or lent out: never more than `capacity`.
    private var slotsTaken = 0
    private var waiters: [Waiter] = []
    private var nextWaiter = 0
    private var closing = false
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []

    init(path: String, capacity: Int, role: String, opener: @escaping @Sendable () async throws -> SQLiteConnection) {
        self.path = path
        self.capacity = capacity
        self.role = role
        self.opener = opener
    }

    /// A connection for the caller's sole use until it is given back, handed over or discarded.
    func lease(wait: Duration) async throws -> SQLiteConnection {
        let grant: Grant
        if let ready = try lock.withLock({ try takeLocked() }) {
            grant = ready
        } else {
            grant = try await queue(wait: wait)
        }
        switch grant {
        case .handedOver(let connection):
            return connection
        case .connection(let connection):
            let opened = lock.withLock { files[ObjectIdentifier(connection)] }
            if let opened, opened == FileIdentity.of(path) { return connection }
            forget(connection)
            await SQLiteConnections.close(connection)
            return try await openInSlot()
        case .slot:
            return try await openInSlot()
        }
    }

    /// Opens a connection in a slot the caller holds; the slot is passed on or freed if that fails.
    private func openInSlot() async throws -> SQLiteConnection {
        let connection: SQLiteConnection
        do {
            connection = try await opener()
        } catch {
            releaseSlot()
            throw error
        }
        let file = FileIdentity.of(path)
        lock.withLock { files[ObjectIdentifier(connection)] = file }
        return connection
    }

    private func forget(_ connection: SQLiteConnection) {
        _ = lock.withLock { files.removeValue(forKey: ObjectIdentifier(connection)) }
    }

    /// An idle connection or a free slot, if there is one; nil if the caller must queue.
    private func takeLocked() throws -> Grant? {
        if closing { throw StoreError.unavailable("the store is closing; nothing was written") }
        // Only ever non-empty while nobody waits: a returned connection goes straight to the first waiter.
        if let connection = idle.popLast() { return .connection(connection) }
        if slotsTaken < capacity {
            slotsTaken += 1
            return .slot
        }
        return nil
    }

    private func queue(wait: Duration) async throws -> Grant {
        let id = lock.withLock {
            nextWaiter += 1
            return nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Grant, any Error>) in
                lock.withLock {
                    do {
                        // Something may have come back between the first look and now.
                        if let ready = try takeLocked() {
                            continuation.resume(returning: ready)
                            return
                        }
                    } catch {
                        continuation.resume(throwing: error)
                        return
                    }
                    waiters.append(Waiter(id: id, continuation: continuation, timer: nil))
                    let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: wait.timeAmount) { [self] in
                        expire(id, after: wait)
                    }
                    // Still queued: the timer cannot have fired before the lock is released.
                    waiters[waiters.count - 1].timer = timer
                }
            }
        } onCancel: {
            refuse(id, with: CancellationError())
        }
    }

    private func expire(_ id: Int, after wait: Duration) {
        refuse(id, with: StoreError.unavailable(
            "no SQLite \(role) connection within \(wait.secondsText) s: the database is overloaded; nothing was written"))
    }

    /// Takes a waiter out of the queue with an error, unless it has been served already.
    private func refuse(_ id: Int, with error: any Error) {
        let waiter: Waiter? = lock.withLock {
            guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return waiters.remove(at: index)
        }
        waiter?.timer?.cancel()
        waiter?.continuation.resume(throwing: error)
    }

    /// Returns a connection in a clean state (no transaction open) for the next caller.
    func giveBack(_ connection: SQLiteConnection) {
        enum Next { case serve(Waiter), keep, close }
        let next: Next = lock.withLock {
            if closing {
                slotsTaken -= 1
                files.removeValue(forKey: ObjectIdentifier(connection))
                return .close
            }
            if !waiters.isEmpty { return .serve(waiters.removeFirst()) }
            idle.append(connection)
            return .keep
        }
        switch next {
        case .serve(let waiter):
            waiter.timer?.cancel()
            waiter.continuation.resume(returning: .connection(connection))
        case .keep:
            break
        case .close:
            // The store is closing: close it away from the caller, then let `close()` finish if it was the last.
            Task {
                await SQLiteConnections.close(connection)
                self.finishCloseIfDone()
            }
        }
    }

    /// Hands the connection, as it is, to the first waiter if there is one; false (and the caller keeps it) if not.
    func handOverIfAwaited(_ connection: SQLiteConnection) -> Bool {
        let waiter: Waiter? = lock.withLock {
            guard !closing, !waiters.isEmpty else { return nil }
            return waiters.removeFirst()
        }
        guard let waiter else { return false }
        waiter.timer?.cancel()
        waiter.continuation.resume(returning: .handedOver(connection))
        return true
    }

    /// Closes a connection that may be in an unknown state and frees its slot.
    func discard(_ connection: SQLiteConnection) async {
        forget(connection)
        await SQLiteConnections.close(connection)
        releaseSlot()
    }

    /// A slot freed without a connection to pass on: the first waiter may open one.
    private func releaseSlot() {
        let waiter: Waiter? = lock.withLock {
            if !closing, !waiters.isEmpty { return waiters.removeFirst() }
            slotsTaken -= 1
            return nil
        }
        if let waiter {
            waiter.timer?.cancel()
            waiter.continuation.resume(returning: .slot)
        } else {
            finishCloseIfDone()
        }
    }

    private func finishCloseIfDone() {
        let done: [CheckedContinuation<Void, Never>] = lock.withLock {
            guard closing, slotsTaken == 0 else { return [] }
            defer { closeWaiters = [] }
            return closeWaiters
        }
        for continuation in done { continuation.resume() }
    }

    /// Refuses new callers and waiters, closes idle connections, and returns once every lent one is back and closed.
    func close() async {
        let (idle, waiters): ([SQLiteConnection], [Waiter]) = lock.withLock {
            closing = true
            defer {
                for connection in self.idle { files.removeValue(forKey: ObjectIdentifier(connection)) }
                slotsTaken -= self.idle.count
                self.idle = []
                self.waiters = []
            }
            return (self.idle, self.waiters)
        }
        for waiter in waiters {
            waiter.timer?.cancel()
            waiter.continuation.resume(throwing: StoreError.unavailable("the store is closing; nothing was written"))
        }
        for connection in idle { await SQLiteConnections.close(connection) }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = lock.withLock {
                if slotsTaken == 0 { return true }
                closeWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}

/// Which file a path names (device and inode), so a file moved away or replaced is told from the one opened.
struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64

    /// The file at `path` now; nil if there is none.
    static func of(_ path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}

extension Result {
    /// The error, if this is a failure.
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

extension Duration {
    /// The same span as NIO's `TimeAmount`, for scheduling on an event loop.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
