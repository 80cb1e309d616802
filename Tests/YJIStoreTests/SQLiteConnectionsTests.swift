import Foundation
import SQLKit
import Testing
@testable import YJIStore
import YJICore

/// The kept-open SQLite connections: writes committed together stay all-or-nothing one by one, readers see only
/// commits, waits are bounded, and closing waits for the work in flight.
@Suite("SQLite connections")
struct SQLiteConnectionsTests {
    /// A fresh SQLite store with a scratch table `t (x INTEGER PRIMARY KEY)`.
    static func withScratchStore(wait: Duration? = nil, _ body: (Store, String) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("yji_connections_\(UUID().uuidString).sqlite").path
        let store = try await Store.open(.sqlite(path: path), connectionWait: wait)
        do {
            try await store.transaction { db in try await db.raw("CREATE TABLE t (x INTEGER PRIMARY KEY)").run() }
            try await body(store, path)
        } catch {
            await store.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
        await store.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static func values(_ store: Store) async throws -> [Int] {
        try await store.transaction(.read) { db in
            try await db.raw("SELECT x FROM t ORDER BY x").all().map { try $0.decode(column: "x", as: Int.self) }
        }
    }

    struct Refused: Error {}

    @Test func concurrentWritesAreEachAllOrNothing() async throws {
        // A wait no queue of sixty writes reaches, even on a busy machine: this is about grouping, not the bound.
        try await Self.withScratchStore(wait: .seconds(300)) { store, _ in
            // Many writes at once, so they queue and share commits; every third fails after writing, and every fifth
            // breaks a constraint with its second statement. Only the others may leave anything behind.
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for index in 1...60 {
                    group.addTask {
                        do {
                            try await store.transaction { db in
                                try await db.raw("INSERT INTO t (x) VALUES (\(bind: index * 10))").run()
                                try await db.raw("INSERT INTO t (x) VALUES (\(bind: index * 10 + 1))").run()
                                if index % 5 == 0 { try await db.raw("INSERT INTO t (x) VALUES (\(bind: index * 10))").run() }
                                if index % 3 == 0 { throw Refused() }
                            }
                            return (index, true)
                        } catch {
                            return (index, false)
                        }
                    }
                }
                return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            let kept = (1...60).filter { $0 % 3 != 0 && $0 % 5 != 0 }
            #expect(outcomes.filter(\.value).keys.sorted() == kept)
            let stored = try await Self.values(store)
            #expect(stored == kept.flatMap { [$0 * 10, $0 * 10 + 1] })
        }
    }

    @Test func readersSeeOnlyCommittedWritesAndDoNotWaitForTheWriter() async throws {
        try await Self.withScratchStore { store, _ in
            let inside = AsyncStream<Void>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            let writer = Task {
                try await store.transaction { db in
                    try await db.raw("INSERT INTO t (x) VALUES (1)").run()
                    inside.continuation.yield()
                    for await _ in release.stream { break }
                }
            }
            for await _ in inside.stream { break }
            // The write is open and holds the writer: a read goes ahead and does not see it.
            #expect(try await Self.values(store) == [])
            release.continuation.yield()
            try await writer.value
            #expect(try await Self.values(store) == [1])
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aWriteWaitsForTheWriterAtMostTheConnectionWait() async throws {
        try await Self.withScratchStore(wait: .milliseconds(300)) { store, _ in
            let inside = AsyncStream<Void>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await store.transaction { db in
                    try await db.raw("INSERT INTO t (x) VALUES (1)").run()
                    inside.continuation.yield()
                    for await _ in release.stream { break }
                }
            }
            for await _ in inside.stream { break }
            let started = ContinuousClock.now
            do {
                try await store.transaction { db in try await db.raw("INSERT INTO t (x) VALUES (2)").run() }
                Issue.record("the write must be refused while the writer is held past the wait")
            } catch let error as StoreError {
                guard case .unavailable = error else { Issue.record("expected unavailable, got \(error)"); return }
            }
            #expect(ContinuousClock.now - started < .seconds(10))
            release.continuation.yield()
            try await holder.value
            // The refused write left nothing; the writer serves the next one.
            try await store.transaction { db in try await db.raw("INSERT INTO t (x) VALUES (3)").run() }
            #expect(try await Self.values(store) == [1, 3])
        }
    }

    @Test func readersRefuseToWrite() async throws {
        try await Self.withScratchStore { store, _ in
            await #expect(throws: (any Error).self) {
                try await store.transaction(.read) { db in try await db.raw("INSERT INTO t (x) VALUES (1)").run() }
            }
            #expect(try await Self.values(store) == [])
            // The reader is usable again afterwards.
            try await store.transaction { db in try await db.raw("INSERT INTO t (x) VALUES (2)").run() }
            #expect(try await Self.values(store) == [2])
        }
    }

    @Test func closingWaitsForWorkInFlightAndThenRefuses() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("yji_connections_\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try await Store.open(.sqlite(path: path))
        try await store.transaction { db in try await db.raw("CREATE TABLE t (x INTEGER PRIMARY KEY)").run() }
        let inside = AsyncStream<Void>.makeStream()
        let writer = Task {
            try await store.transaction { db in
                inside.continuation.yield()
                try await Task.sleep(for: .milliseconds(300))
                try await db.raw("INSERT INTO t (x) VALUES (1)").run()
            }
        }
        for await _ in inside.stream { break }
        await store.close()
        // The write that had started was committed before the connections closed.
        try await writer.value
        await #expect(throws: StoreError.self) { try await Self.values(store) }
        let reopened = try await Store.open(.sqlite(path: path))
        #expect(try await Self.values(reopened) == [1])
        await reopened.close()
    }
}
