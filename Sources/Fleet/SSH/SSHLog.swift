import Synchronization

/// Where libssh's own log lines go: one process-global handler, warnings and worse only.
///
/// libssh has a single log callback for the whole process (`ssh_set_log_callback`), so this
/// is a global `Mutex`-protected sink. The default handler is nil: lines are discarded.
/// libssh logs no passwords or keys at warning level; packet-level logging, which would, is
/// never switched on here.
public enum SSHLog {
    /// One libssh log line.
    public struct Line: Sendable, Equatable {
        /// libssh priority: 1 warning, 2 protocol, 3 packet, 4 functions.
        public let priority: Int
        /// The libssh function that logged it.
        public let function: String
        /// The text as libssh wrote it.
        public let message: String

        /// Creates a line (for handlers' tests).
        public init(priority: Int, function: String, message: String) {
            self.priority = priority
            self.function = function
            self.message = message
        }
    }

    /// Receives libssh's warnings from any worker thread; nil discards them.
    public static var handler: (@Sendable (Line) -> Void)? {
        get { logSink.withLock { $0.handler } }
        set {
            let needsInstall = logSink.withLock { sink in
                sink.handler = newValue
                defer { sink.installed = true }
                return !sink.installed
            }
            if needsInstall {
                LibSSH.installLogCallback(forwardLibSSHLog)
            }
        }
    }
}

/// The handler and whether the C callback is in place; guarded by `logSink`'s mutex.
private struct LogSink {
    var handler: (@Sendable (SSHLog.Line) -> Void)?
    var installed = false
}

private let logSink = Mutex(LogSink())

/// The C callback given to `ssh_set_log_callback`; runs on whichever thread logged.
private func forwardLibSSHLog(
    priority: Int32,
    function: UnsafePointer<CChar>?,
    buffer: UnsafePointer<CChar>?,
    userdata: UnsafeMutableRawPointer?
) {
    guard let handler = logSink.withLock({ $0.handler }) else { return }
    handler(SSHLog.Line(
        priority: Int(priority),
        function: function.map { String(cString: $0) } ?? "",
        message: buffer.map { String(cString: $0) } ?? ""
    ))
}
