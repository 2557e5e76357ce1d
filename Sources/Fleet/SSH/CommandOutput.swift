/// The output of one remote command.
public struct CommandOutput: Sendable, Equatable {
    /// The command as sent.
    public let command: String
    /// Standard output bytes, at most the output cap together with `stderr`.
    public let stdout: [UInt8]
    /// Standard error bytes.
    public let stderr: [UInt8]
    /// The exit status; nil when none arrived (killed by a signal, truncated, or unknown).
    public let exitStatus: Int32?
    /// The output hit the cap; the channel was closed and the rest discarded.
    public let truncated: Bool

    /// Creates an output record (drivers' tests build these from saved samples).
    public init(
        command: String, stdout: [UInt8], stderr: [UInt8], exitStatus: Int32?, truncated: Bool
    ) {
        self.command = command
        self.stdout = stdout
        self.stderr = stderr
        self.exitStatus = exitStatus
        self.truncated = truncated
    }
}
