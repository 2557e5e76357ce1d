import Foundation
import Synchronization
import Testing

import Fleet

/// Counts jobs running at the same moment and remembers the most seen.
final class ConcurrencyGauge: Sendable {
    private let running = Atomic<Int>(0)
    private let highest = Atomic<Int>(0)

    var peak: Int { highest.load(ordering: .relaxed) }

    func measure<Result>(_ body: () throws -> Result) rethrows -> Result {
        let now = running.wrappingAdd(1, ordering: .relaxed).newValue
        highest.max(now, ordering: .relaxed)
        defer { running.wrappingSubtract(1, ordering: .relaxed) }
        return try body()
    }
}

@Suite("SSH worker pool", .serialized)
struct SSHWorkerPoolTests {
    @Test func resultsComeBackInInputOrderWithBoundedConcurrency() {
        let pool = SSHWorkerPool(concurrency: 4)
        defer { pool.shutdown() }
        let gauge = ConcurrencyGauge()

        let results = pool.map(Array(0..<40)) { number in
            gauge.measure {
                usleep(UInt32(10_000 + (number % 3) * 5_000))
                return number * 2
            }
        }

        #expect(results == (0..<40).map { $0 * 2 })
        #expect(gauge.peak == 4)
        #expect(pool.map([Int]()) { $0 }.isEmpty)
    }

    @Test func twelveSessionsThroughFourWorkers() throws {
        let server = try TestSSHServer()
        let pool = SSHWorkerPool(concurrency: 4)
        defer { pool.shutdown() }
        let gauge = ConcurrencyGauge()
        let port = server.port, user = server.user, key = server.clientKeyPath
        let start = ContinuousClock.now

        let outputs = pool.map(Array(1...12)) { number -> Result<CommandOutput, SSHFailure> in
            gauge.measure {
                let session = SSHSession(host: "127.0.0.1", port: port, user: user)
                defer { session.close() }
                return Result { () throws(SSHFailure) -> CommandOutput in
                    _ = try session.connect()
                    _ = try session.authenticate([.keyFile(path: key)])
                    return try session.run("echo \(number)")
                }
            }
        }

        let elapsed = seconds(since: start)
        print("pool: 12 sessions at concurrency 4 in \(elapsed) s")
        #expect(outputs.map { try? $0.get().stdout } == (1...12).map { Array("\($0)\n".utf8) })
        #expect(gauge.peak <= 4)
        #expect(gauge.peak >= 2)
    }
}
