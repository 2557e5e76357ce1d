import Foundation

/// Log levels, most severe first.
enum LogLevel: Int, Comparable, Sendable {
    case error = 0, warning, info, debug

    init?(name: String) {
        switch name.lowercased() {
        case "error": self = .error
        case "warning", "warn": self = .warning
        case "info": self = .info
        case "debug": self = .debug
        default: return nil
        }
    }

    var label: String {
        switch self {
        case .error: "error"
        case .warning: "warning"
        case .info: "info"
        case .debug: "debug"
        }
    }

    static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
}

/// Where the command writes: data to stdout, logs and diagnostics to stderr.
///
/// One per process run; it is used from the main thread only.
final class Terminal {
    let level: LogLevel
    let color: Bool
    let json: Bool

    init(globals: GlobalOptions, environment: [String: String]) {
        var level = LogLevel.warning
        if let name = environment["KETNOI_LOG"], let fromEnvironment = LogLevel(name: name) {
            level = fromEnvironment
        }
        if globals.verbosity < 0 {
            level = .error
        } else if globals.verbosity == 1 {
            level = max(level, .info)
        } else if globals.verbosity > 1 {
            level = .debug
        }
        self.level = level
        self.json = globals.json
        self.color = Terminal.wantsColor(flag: globals.color, environment: environment)
    }

    /// Colour on stderr: `--color` wins, then `NO_COLOR` (non-empty), `FORCE_COLOR`, then a TTY.
    static func wantsColor(flag: String?, environment: [String: String]) -> Bool {
        switch flag {
        case "always": return true
        case "never": return false
        default: break
        }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if let force = environment["FORCE_COLOR"], !force.isEmpty { return true }
        return isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb"
    }

    /// Writes data to stdout; in text mode, control characters from data are made visible.
    func out(_ text: String) {
        let safe = json ? text : Printable.escape(text, keepNewlines: true)
        FileHandle.standardOutput.write(Data(safe.utf8))
    }

    /// Writes one line to stderr as is (help, usage, lists of problems).
    func err(_ text: String) {
        let safe = Printable.escape(text, keepNewlines: true)
        FileHandle.standardError.write(Data((safe.hasSuffix("\n") ? safe : safe + "\n").utf8))
    }

    /// Logs one event at a level, `ketnoi: warning: …`.
    func log(_ level: LogLevel, _ message: String) {
        guard level <= self.level else { return }
        let label: String
        if color {
            let code = switch level {
            case .error: "31"
            case .warning: "33"
            case .info: "36"
            case .debug: "2"
            }
            label = "\u{1B}[\(code)m\(level.label)\u{1B}[0m"
        } else {
            label = level.label
        }
        // The label may carry colour; only the message is text from outside.
        let line = "ketnoi: \(label): \(Printable.escape(message, keepNewlines: false))\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func error(_ message: String) { log(.error, message) }
    func warning(_ message: String) { log(.warning, message) }
    func info(_ message: String) { log(.info, message) }
    func debug(_ message: String) { log(.debug, message) }
}
