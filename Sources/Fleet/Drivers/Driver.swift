/// Runs commands on one access point (an SSH session in production and in the lab).
public protocol CommandRunner {
    func run(_ command: String, outputCap: Int) throws(SSHFailure) -> CommandOutput
}

extension SSHSession: CommandRunner {}

/// What a driver collected from one access point.
public struct Collection: Sendable {
    public var system = SystemFacts()
    public var radios: [RadioFacts] = []
    public var stations: [StationFacts] = []
    public var counters: [InterfaceCounters] = []
    /// Named problems with fields of the outputs; they make the AP `degraded`, not failed.
    public var warnings: [ParseWarning] = []
    /// Commands whose output could not be used at all: `command: reason`.
    public var failedCommands: [String] = []
    /// Commands whose output hit the cap.
    public var truncatedCommands: [String] = []

    public init() {}
}

/// Reads one firmware family's outputs into a `Collection`.
public protocol Driver: Sendable {
    /// Runs the firmware's commands, all in the one session given.
    func collect(_ runner: CommandRunner) throws(SSHFailure) -> Collection
}

/// The driver for a firmware family.
public func driver(for firmware: FirmwareFamily) -> Driver {
    switch firmware {
    case .openwrt: OpenWrtDriver()
    case .routeros: RouterOSDriver()
    case .unifi: UniFiDriver()
    }
}

/// The per-command output cap (1 MiB): larger outputs are cut and reported, never a crash.
public let commandOutputCap = 1 << 20

extension Collection {
    /// Runs one command and parses its output with a parser kind; a failure of the command or
    /// the parser is recorded and yields nil, so one bad output never fails the whole AP.
    mutating func gather(
        _ runner: CommandRunner, _ command: String, kind: String
    ) throws(SSHFailure) -> ParsedOutput? {
        let output = try runner.run(command, outputCap: commandOutputCap)
        if output.truncated {
            truncatedCommands.append(command)
        }
        if let status = output.exitStatus, status != 0 {
            let message = String(decoding: output.stderr.prefix(200), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            failedCommands.append("\(command): exit \(status)"
                + (message.isEmpty ? "" : " (\(Self.printable(message)))"))
            return nil
        }
        do {
            return try OutputParser.parse(kind: kind, output.stdout)
        } catch {
            failedCommands.append("\(command): \(error)")
            return nil
        }
    }

    /// Text safe for one log line: control characters replaced.
    static func printable(_ text: String) -> String {
        String(
            text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
    }
}
