/// Process exit statuses, from BSD `sysexits.h` (DESIGN.md, "Decisions").
enum ExitStatus: Int32, Sendable {
    case ok = 0
    case failure = 1
    case usage = 64
    case dataError = 65
    case noInput = 66
    case unavailable = 69
    case software = 70
    case cannotCreate = 73
    case ioError = 74
    case temporaryFailure = 75
    case protocolError = 76
    case noPermission = 77
    case config = 78
}

/// An error that ends a command with a message for the user and an exit status.
struct CommandFailure: Error, CustomStringConvertible {
    let status: ExitStatus
    let message: String
    /// Printed after the message on stderr (for usage errors: the usage line).
    let detail: String?

    init(_ status: ExitStatus, _ message: String, detail: String? = nil) {
        self.status = status
        self.message = message
        self.detail = detail
    }

    var description: String { message }
}
