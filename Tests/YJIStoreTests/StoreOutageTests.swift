import Foundation
import Testing
@testable import YJIStore
import YJICore

/// A database that cannot be reached is refused within the connection wait, never waited for indefinitely.
@Suite("Store outages")
struct StoreOutageTests {
    /// A port on 127.0.0.1 that nothing listens on: bound, then released.
    static func closedPort() throws -> Int {
        #if os(Linux)
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let socket = Foundation.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A hang guard, not a timing: the limit is far above the wait so a busy machine cannot make it fail.
    @Test(.timeLimit(.minutes(1)))
    func anUnreachablePostgreSQLServerIsRefusedWithinTheWait() async throws {
        let url = "postgres://yji:not-a-secret@127.0.0.1:\(try Self.closedPort())/yji"
        // Before the wait was bounded this never returned: the pool queues a lease while it retries the server.
        await #expect(throws: StoreError.self) {
            let store = try await Store.open(.postgres(url: url, schema: nil), connectionWait: .milliseconds(500))
            await store.close()
        }
    }

    @Test func theWaitComesFromTheEnvironment() throws {
        #expect(try Store.connectionWait(environment: [:]) == Store.defaultConnectionWait)
        #expect(try Store.connectionWait(environment: ["YJI_DATABASE_WAIT": "2.5"]) == .milliseconds(2500))
        #expect(throws: StoreError.self) { try Store.connectionWait(environment: ["YJI_DATABASE_WAIT": "soon"]) }
        #expect(throws: StoreError.self) { try Store.connectionWait(environment: ["YJI_DATABASE_WAIT": "0"]) }
    }
}
