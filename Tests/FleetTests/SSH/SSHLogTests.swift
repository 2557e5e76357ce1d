import Synchronization
import Testing

import Fleet

/// Lines collected from the process-global libssh log.
final class CollectedLines: Sendable {
    let lines = Mutex<[SSHLog.Line]>([])
}

@Suite("libssh log routing", .serialized)
struct SSHLogTests {
    @Test func warningsReachTheHandlerAndNoHandlerDiscards() throws {
        let collected = CollectedLines()
        SSHLog.handler = { line in collected.lines.withLock { $0.append(line) } }
        defer { SSHLog.handler = nil }

        let session = SSHSession(host: "127.0.0.1", port: try freeLocalPort(), user: "root")
        _ = try? session.connect()
        session.close()

        let lines = collected.lines.withLock { $0 }
        #expect(SSHLog.handler != nil)
        #expect(lines.contains(SSHLog.Line(
            priority: 1, function: "socket_callback_connected",
            message: "socket_callback_connected: Connection refused"
        )))
        #expect(lines.allSatisfy { $0.priority == 1 })  // Warnings only.
    }
}
