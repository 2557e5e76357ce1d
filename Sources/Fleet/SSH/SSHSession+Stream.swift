import Glibc

/// How a streamed command ended.
public struct StreamOutcome: Sendable, Equatable {
    /// Up to 64 KiB of what the command wrote on stderr.
    public let stderr: [UInt8]
    /// The exit status, when the command ended by itself and sent one.
    public let exitStatus: Int32?
    /// True when the duration ran out and the channel was closed by us (the usual end of a
    /// capture); false when the command ended by itself first.
    public let stoppedAtDuration: Bool
    /// Bytes of stdout handed to the callback.
    public let bytes: Int
}

extension SSHSession {
    /// Runs a long command (a capture such as `tcpdump -U -w -`) and hands its stdout to
    /// `body` as it arrives, for `duration`; then closes the channel, which ends the command.
    ///
    /// Reading is the same interleaved loop as `run`, so stderr cannot stall stdout. The
    /// session's overall deadline still applies: give `SSHTimeouts.overall` the duration plus
    /// the connect and authentication time.
    public func stream(
        _ command: String, for duration: Duration, _ body: ([UInt8]) throws -> Void
    ) throws -> StreamOutcome {
        guard stage == .authenticated, let session = handle else {
            throw SSHFailure.protocolError(misuse("stream()"))
        }
        guard !command.utf8.contains(0) else {
            throw SSHFailure.protocolError("\(endpoint): the command contains a NUL byte")
        }
        // Setting up the channel is a command phase; the streaming itself lasts `duration`.
        let setup = try PhaseBudget(phase: "command", limit: timeouts.command, deadline: deadline)
        _ = LibSSH.setTimeout(session, milliseconds: setup.remainingMilliseconds)
        guard let channel = LibSSH.newChannel(session) else {
            throw SSHFailure.protocolError(
                "\(endpoint): creating a channel failed: \(LibSSH.errorText(session))")
        }
        defer {
            _ = LibSSH.setTimeout(session, milliseconds: Self.cleanupLimit)
            LibSSH.close(channel)
            LibSSH.freeChannel(channel)
        }
        guard LibSSH.openSession(channel) == LibSSH.ok,
            LibSSH.requestExec(channel, command) == LibSSH.ok
        else {
            throw SSHFailure.protocolError(
                "\(endpoint): starting '\(command)' failed: \(LibSSH.errorText(session))")
        }
        _ = LibSSH.sendEOF(channel)

        let window = try PhaseBudget(phase: "stream", limit: duration, deadline: deadline)
        let chunkSize = 64 * 1024
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 1)
        defer { chunk.deallocate() }
        var stderr: [UInt8] = []
        var total = 0
        while !window.isOver {
            var progressed = false
            var streamsAtEOF = 0
            for isStderr in [false, true] {
                let buffered = LibSSH.poll(channel, stderr: isStderr)
                if buffered == LibSSH.eof {
                    streamsAtEOF += 1
                    continue
                }
                guard buffered >= 0 else {
                    throw SSHFailure.protocolError(
                        "\(endpoint): reading '\(command)' failed: \(LibSSH.errorText(session))")
                }
                guard buffered > 0 else { continue }
                let count = LibSSH.readNonblocking(
                    channel, into: chunk, count: min(Int(buffered), chunkSize), stderr: isStderr)
                guard count >= 0 else {
                    throw SSHFailure.protocolError(
                        "\(endpoint): reading '\(command)' failed: \(LibSSH.errorText(session))")
                }
                guard count > 0 else { continue }
                progressed = true
                let bytes = Array(UnsafeRawBufferPointer(start: chunk, count: Int(count)))
                if isStderr {
                    if stderr.count < 65_536 { stderr += bytes.prefix(65_536 - stderr.count) }
                } else {
                    total += bytes.count
                    try body(bytes)
                }
            }
            if streamsAtEOF == 2 {
                _ = LibSSH.setTimeout(session, milliseconds: 1000)
                let status = LibSSH.exitStatus(channel)
                return StreamOutcome(
                    stderr: stderr, exitStatus: status >= 0 ? status : nil,
                    stoppedAtDuration: false, bytes: total)
            }
            if !progressed {
                do {
                    try waitForSocket(session, budget: window)
                } catch {
                    if window.isOver { break }
                    throw error
                }
            }
        }
        return StreamOutcome(stderr: stderr, exitStatus: nil, stoppedAtDuration: true, bytes: total)
    }
}
