import Foundation
import Testing

import Fleet

@Suite("SSH timeouts and the overall deadline", .serialized)
struct SSHTimeoutTests {
    @Test func silentServerTimesOutInConnect() throws {
        let tarpit = try Tarpit()
        let session = SSHSession(host: "127.0.0.1", port: tarpit.port, user: "root",
                                 timeouts: SSHTimeouts(connect: .seconds(1)))
        defer { session.close() }
        let start = ContinuousClock.now

        #expect(throws: SSHFailure.timeout(phase: "connect")) { try session.connect() }

        let elapsed = seconds(since: start)
        #expect(elapsed >= 0.9 && elapsed < 2.0, "took \(elapsed) s")
    }

    @Test func silentServerMeetsTheDeadlineWhenItIsSooner() throws {
        let tarpit = try Tarpit()
        let session = SSHSession(
            host: "127.0.0.1", port: tarpit.port, user: "root",
            timeouts: SSHTimeouts(connect: .seconds(5), overall: .milliseconds(800))
        )
        defer { session.close() }
        let start = ContinuousClock.now

        #expect(throws: SSHFailure.timeout(phase: "deadline")) { try session.connect() }

        #expect(seconds(since: start) < 1.8)
    }

    @Test func hungCommandTimesOut() throws {
        let server = try TestSSHServer()
        let session = try loggedInSession(server, timeouts: SSHTimeouts(command: .seconds(1)))
        defer { session.close() }
        let start = ContinuousClock.now

        #expect(throws: SSHFailure.timeout(phase: "command")) { try session.run("sleep 30") }

        let elapsed = seconds(since: start)
        #expect(elapsed >= 0.9 && elapsed < 2.0, "took \(elapsed) s")
        // The session outlives one command's timeout.
        #expect(try session.run("echo ok").stdout == Array("ok\n".utf8))
    }

    @Test func overallDeadlineStopsASequenceOfCommands() throws {
        let server = try TestSSHServer()
        let start = ContinuousClock.now
        let session = try loggedInSession(server, timeouts: SSHTimeouts(overall: .seconds(2)))
        defer { session.close() }

        var completed = 0
        let failure = #expect(throws: SSHFailure.self) {
            for _ in 0..<3 {
                _ = try session.run("sleep 1")
                completed += 1
            }
        }

        #expect(failure == .timeout(phase: "deadline"))
        #expect(failure?.description == "The access point's overall deadline passed.")
        #expect(completed == 1)
        let elapsed = seconds(since: start)
        #expect(elapsed >= 1.9 && elapsed < 2.6, "took \(elapsed) s")
        #expect(throws: SSHFailure.timeout(phase: "deadline")) { try session.run("true") }
    }

    @Test func timeoutPhasesAndStates() {
        #expect(SSHFailure.timeout(phase: "command").state == "timeout")
        #expect(SSHFailure.timeout(phase: "command").description
                == "The access point timed out during command.")
        #expect(SSHFailure.protocolError("x").state == "protocol-error")
        #expect(SSHTimeouts() == SSHTimeouts(
            connect: .seconds(5), authentication: .seconds(10), command: .seconds(30),
            overall: .seconds(60)
        ))
    }
}
