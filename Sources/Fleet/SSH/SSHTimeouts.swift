/// Per-phase time limits of one SSH session, and the overall deadline that caps them all.
public struct SSHTimeouts: Sendable, Equatable {
    /// TCP connect, banner and key exchange.
    public var connect: Duration = .seconds(5)
    /// All credentials together.
    public var authentication: Duration = .seconds(10)
    /// One command, from opening its channel to its exit status.
    public var command: Duration = .seconds(30)
    /// Everything, counted from `SSHSession.init`.
    public var overall: Duration = .seconds(60)

    /// Creates limits; every phase waits at most min(its limit, time left before `overall`).
    public init(
        connect: Duration = .seconds(5),
        authentication: Duration = .seconds(10),
        command: Duration = .seconds(30),
        overall: Duration = .seconds(60)
    ) {
        self.connect = connect
        self.authentication = authentication
        self.command = command
        self.overall = overall
    }
}

/// The time one phase may still use: its own limit or the overall deadline, whichever is
/// sooner, and the name to report when it runs out.
struct PhaseBudget {
    /// "connect", "authentication", "command", or "deadline" when the deadline is sooner.
    let phase: String
    /// When the phase must be over.
    let end: ContinuousClock.Instant

    /// Starts a phase now; throws `timeout("deadline")` when no time is left at all.
    init(
        phase: String, limit: Duration, deadline: ContinuousClock.Instant
    ) throws(SSHFailure) {
        let now = ContinuousClock.now
        guard now < deadline else { throw .timeout(phase: "deadline") }
        if now.advanced(by: limit) < deadline {
            self.phase = phase
            self.end = now.advanced(by: limit)
        } else {
            self.phase = "deadline"
            self.end = deadline
        }
    }

    /// Time left in this phase; zero or negative once it is over.
    var remaining: Duration { end - ContinuousClock.now }

    /// Whether the phase is over.
    var isOver: Bool { ContinuousClock.now >= end }

    /// Time left in whole milliseconds, at least 1 (libssh reads 0 as "no timeout").
    var remainingMilliseconds: Int {
        let (seconds, attoseconds) = remaining.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int(max(1, min(milliseconds, Int64(Int32.max))))
    }

    /// The failure to throw when the phase ran out.
    var timeout: SSHFailure { .timeout(phase: phase) }
}
