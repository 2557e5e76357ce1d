import Glibc

extension SSHSession {
    /// Runs one command on its own exec channel and collects stdout, stderr and exit status.
    ///
    /// Both streams are drained together (`ssh_channel_poll` + `ssh_channel_read_nonblocking`,
    /// waiting on the session socket in between), so a command that floods stderr cannot stall
    /// one that writes stdout. The end is `SSH_EOF` on both streams, never a 0-byte read, which
    /// libssh also returns on a timeout. The command gets EOF on its stdin at once.
    ///
    /// - Parameter outputCap: bytes kept from stdout and stderr together; past it the channel
    ///   is closed, the rest discarded, `truncated` set and `exitStatus` left nil.
    public func run(_ command: String, outputCap: Int = 1 << 20) throws(SSHFailure)
        -> CommandOutput
    {
        guard stage == .authenticated, let session = handle else {
            throw .protocolError(misuse("run()"))
        }
        guard !command.utf8.contains(0) else {
            throw .protocolError("\(endpoint): the command contains a NUL byte")
        }
        let budget = try PhaseBudget(
            phase: "command", limit: timeouts.command, deadline: deadline
        )
        _ = LibSSH.setTimeout(session, milliseconds: budget.remainingMilliseconds)

        guard let channel = LibSSH.newChannel(session) else {
            throw channelFailure(session, budget: budget, doing: "creating a channel")
        }
        defer {
            let limit = budget.isOver ? Self.cleanupLimit : budget.remainingMilliseconds
            _ = LibSSH.setTimeout(session, milliseconds: limit)
            LibSSH.close(channel)
            LibSSH.freeChannel(channel)
        }
        guard LibSSH.openSession(channel) == LibSSH.ok else {
            throw channelFailure(session, budget: budget, doing: "opening a channel")
        }
        guard LibSSH.requestExec(channel, command) == LibSSH.ok else {
            throw channelFailure(session, budget: budget, doing: "starting the command")
        }
        _ = LibSSH.sendEOF(channel)

        var output = OutputCollector(cap: max(0, outputCap))
        try drain(channel, session: session, budget: budget, into: &output)

        // The status comes after EOF; wait for it (or the close) within the phase only.
        var exitStatus: Int32?
        if !output.truncated {
            _ = LibSSH.setTimeout(session, milliseconds: budget.remainingMilliseconds)
            let status = LibSSH.exitStatus(channel)
            exitStatus = status >= 0 ? status : nil  // -1: none arrived, or SSH_ERROR.
        }
        return CommandOutput(
            command: command, stdout: output.stdout, stderr: output.stderr,
            exitStatus: exitStatus, truncated: output.truncated
        )
    }

    /// Reads both streams until both are at EOF, the cap is passed or the phase runs out.
    private func drain(
        _ channel: OpaquePointer, session: OpaquePointer, budget: PhaseBudget,
        into output: inout OutputCollector
    ) throws(SSHFailure) {
        let chunkSize = 32 * 1024
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 1)
        defer { chunk.deallocate() }

        while true {
            guard !budget.isOver else { throw budget.timeout }

            var progressed = false
            var streamsAtEOF = 0
            for isStderr in [false, true] {
                let buffered = LibSSH.poll(channel, stderr: isStderr)
                if buffered == LibSSH.eof {
                    streamsAtEOF += 1
                    continue
                }
                guard buffered >= 0 else {
                    throw channelFailure(session, budget: budget, doing: "reading the output")
                }
                guard buffered > 0 else { continue }
                guard output.room > 0 else {
                    output.truncated = true
                    return
                }

                let wanted = min(Int(buffered), chunkSize, output.room)
                let count = LibSSH.readNonblocking(
                    channel, into: chunk, count: wanted, stderr: isStderr
                )
                guard count >= 0 else {
                    throw channelFailure(session, budget: budget, doing: "reading the output")
                }
                output.append(UnsafeRawBufferPointer(start: chunk, count: Int(count)),
                              stderr: isStderr)
                progressed = progressed || count > 0
            }

            if streamsAtEOF == 2 { return }
            if !progressed {
                try waitForSocket(session, budget: budget)
            }
        }
    }

    /// Sorts a channel failure into timeout, lost connection or refusal.
    private func channelFailure(
        _ session: OpaquePointer, budget: PhaseBudget, doing step: String
    ) -> SSHFailure {
        if budget.isOver { return budget.timeout }
        let message = LibSSH.errorText(session)
        if !LibSSH.isConnected(session) {
            stage = .failed
            return .protocolError("\(endpoint): connection lost while \(step): \(message)")
        }
        return .protocolError("\(endpoint): \(step) failed: \(message)")
    }
}

/// stdout and stderr of one command under one shared byte cap.
struct OutputCollector {
    let cap: Int
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var truncated = false

    init(cap: Int) {
        self.cap = cap
    }

    /// Bytes that may still be kept.
    var room: Int { cap - stdout.count - stderr.count }

    mutating func append(_ bytes: UnsafeRawBufferPointer, stderr isStderr: Bool) {
        if isStderr {
            stderr.append(contentsOf: bytes)
        } else {
            stdout.append(contentsOf: bytes)
        }
    }
}
