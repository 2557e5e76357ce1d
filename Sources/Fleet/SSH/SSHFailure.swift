/// Why an SSH session could not do what was asked; never carries a password, key or PSK.
public enum SSHFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The TCP connection failed: refused, no route, name not found, closed before the banner.
    case unreachable(String)
    /// A phase ran out of time: "connect", "authentication", "command", or "deadline" when
    /// the overall deadline was the tighter limit.
    case timeout(phase: String)
    /// The server presented a different key than the pinned one (both SHA-256 fingerprints).
    case hostKeyMismatch(pinned: String, presented: String)
    /// Every credential failed; one line per credential, in the order tried.
    case authenticationFailed([String])
    /// Anything else the SSH layer reported, as libssh words it.
    case protocolError(String)

    /// The health state word: "unreachable", "timeout", "hostkey-mismatch", "auth-failed",
    /// "protocol-error".
    public var state: String {
        switch self {
        case .unreachable: "unreachable"
        case .timeout: "timeout"
        case .hostKeyMismatch: "hostkey-mismatch"
        case .authenticationFailed: "auth-failed"
        case .protocolError: "protocol-error"
        }
    }

    /// One plain sentence for operators.
    public var description: String {
        switch self {
        case .unreachable(let reason):
            "The access point is unreachable: \(reason)."
        case .timeout(let phase) where phase == "deadline":
            "The access point's overall deadline passed."
        case .timeout(let phase):
            "The access point timed out during \(phase)."
        case .hostKeyMismatch(let pinned, let presented):
            "The host key changed: pinned \(pinned), presented \(presented)."
        case .authenticationFailed(let reasons):
            "Authentication failed: \(reasons.joined(separator: "; "))."
        case .protocolError(let reason):
            "SSH protocol error: \(reason)."
        }
    }
}
