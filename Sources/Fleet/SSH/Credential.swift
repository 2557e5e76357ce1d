/// One way to log in to an access point; holds where a secret is, never the secret itself.
public enum Credential: Sendable, Equatable, CustomStringConvertible {
    /// An unencrypted private key file (OpenSSH or PEM format).
    case keyFile(path: String)
    /// Whatever keys the ssh-agent at `SSH_AUTH_SOCK` offers.
    case agent
    /// A password read from this environment variable at the moment it is used.
    case passwordEnvironment(variable: String)
    /// A password read from the first line of this file at the moment it is used.
    case passwordFile(path: String)

    /// Parses a credential reference such as `key:/etc/ketnoi/ap_ed25519;agent`.
    ///
    /// Entries are separated by `;` or `|` and kept in order: `key:/path`, `agent`,
    /// `password-env:VAR`, `password-file:/path`. Paths must be absolute. Error messages
    /// name the entry by position and never repeat its text, in case someone pasted a
    /// password where a reference belongs.
    public static func parseList(_ text: String) throws(CredentialError) -> [Credential] {
        let entries = text.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == ";" || $0 == "|" }
        )
        if entries.allSatisfy({ $0.trimmingBlanks.isEmpty }) {
            throw CredentialError("no credentials given")
        }

        var credentials: [Credential] = []
        for (index, entry) in entries.enumerated() {
            credentials.append(try parse(entry.trimmingBlanks, position: index + 1))
        }
        return credentials
    }

    /// The reference as written in a credential list; never contains a secret.
    public var description: String {
        switch self {
        case .keyFile(let path): "key:\(path)"
        case .agent: "agent"
        case .passwordEnvironment(let variable): "password-env:\(variable)"
        case .passwordFile(let path): "password-file:\(path)"
        }
    }

    private static func parse(
        _ entry: Substring, position: Int
    ) throws(CredentialError) -> Credential {
        if entry.isEmpty {
            throw CredentialError("credential \(position) is empty")
        }
        if entry == "agent" {
            return .agent
        }
        if let path = entry.dropping(prefix: "key:") {
            return .keyFile(path: try absolutePath(path, position: position))
        }
        if let path = entry.dropping(prefix: "password-file:") {
            return .passwordFile(path: try absolutePath(path, position: position))
        }
        if let variable = entry.dropping(prefix: "password-env:") {
            guard isEnvironmentName(variable) else {
                throw CredentialError(
                    "credential \(position): password-env needs a variable name made of "
                        + "letters, digits and _ (not starting with a digit)"
                )
            }
            return .passwordEnvironment(variable: String(variable))
        }
        throw CredentialError(
            "credential \(position) is not one of key:/path, agent, password-env:VAR "
                + "or password-file:/path"
        )
    }

    private static func absolutePath(
        _ path: Substring, position: Int
    ) throws(CredentialError) -> String {
        guard path.first == "/" else {
            throw CredentialError("credential \(position): the path must be absolute")
        }
        return String(path)
    }

    private static func isEnvironmentName(_ name: Substring) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
        else { return false }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }
}

/// A credential list that cannot be parsed; the message never repeats the offending text.
public struct CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One plain sentence naming the entry by position.
    public let message: String

    /// Creates an error with a message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

extension Substring {
    fileprivate var trimmingBlanks: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }

    fileprivate func dropping(prefix: String) -> Substring? {
        hasPrefix(prefix) ? dropFirst(prefix.count) : nil
    }
}
