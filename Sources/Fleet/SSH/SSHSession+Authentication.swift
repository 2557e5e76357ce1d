import Glibc

extension SSHSession {
    /// Tries each credential in order and returns the one the server accepted.
    ///
    /// Key files go through `ssh_pki_import_privkey_file` + `ssh_userauth_publickey`, the
    /// agent through `ssh_userauth_agent`, passwords through `ssh_userauth_password` (read at
    /// use, wiped after). When all fail, `authenticationFailed` lists one line per credential,
    /// such as "key:/etc/k: denied" or "agent: SSH_AUTH_SOCK is not set".
    public func authenticate(_ credentials: [Credential]) throws(SSHFailure) -> Credential {
        guard stage == .connected, let session = handle else {
            throw .protocolError(misuse("authenticate()"))
        }
        guard !credentials.isEmpty else {
            throw .authenticationFailed(["no credentials configured"])
        }
        let budget = try PhaseBudget(
            phase: "authentication", limit: timeouts.authentication, deadline: deadline
        )

        // Blocking libssh waits out its whole timeout when the server hangs up in the middle
        // of an authentication request; driving it non-blocking notices the hang-up at once.
        LibSSH.setBlocking(session, false)
        defer { LibSSH.setBlocking(session, true) }

        var reasons: [String] = []
        for credential in credentials {
            // dropbear (MaxAuthTries 3) and sshd hang up after too many failures.
            guard !LibSSH.isClosed(session) else {
                reasons.append("\(credential): not tried, the server had disconnected")
                continue
            }
            let outcome: Attempt
            do {
                outcome = try attempt(credential, session: session, budget: budget)
            } catch {
                stage = .failed
                throw error
            }

            switch outcome {
            case .skipped(let reason):
                reasons.append("\(credential): \(reason)")
            case .answered(.success):
                stage = .authenticated
                return credential
            case .answered(let result):
                reasons.append("\(credential): \(describe(result, session: session))")
            }
        }

        if LibSSH.isClosed(session) { stage = .failed }
        throw .authenticationFailed(reasons)
    }

    /// What one credential came to: not usable on this side, or the server's answer.
    private enum Attempt {
        case skipped(String)
        case answered(LibSSH.AuthResult)
    }

    private func attempt(
        _ credential: Credential, session: OpaquePointer, budget: PhaseBudget
    ) throws(SSHFailure) -> Attempt {
        switch credential {
        case .keyFile(let path):
            if access(path, R_OK) != 0 {
                return .skipped(errno == ENOENT ? "file not found" : "cannot read the file")
            }
            switch LibSSH.importPrivateKey(path: path) {
            case .unreadable:
                return .skipped("cannot read the file")
            case .invalid:
                return .skipped("not a private key, or encrypted (passphrases are not supported)")
            case .key(let key):
                defer { LibSSH.freeKey(key) }
                return .answered(try settle(session, budget) {
                    LibSSH.authenticate(session, privateKey: key)
                })
            }

        case .agent:
            guard let socket = getenv("SSH_AUTH_SOCK"), socket.pointee != 0 else {
                return .skipped("SSH_AUTH_SOCK is not set")
            }
            return .answered(try settle(session, budget) {
                LibSSH.authenticateWithAgent(session)
            })

        case .passwordEnvironment(let variable):
            return try attempt(Password.fromEnvironment(variable), session: session, budget: budget)

        case .passwordFile(let path):
            return try attempt(Password.fromFile(path), session: session, budget: budget)
        }
    }

    private func attempt(
        _ lookup: Password.Lookup, session: OpaquePointer, budget: PhaseBudget
    ) throws(SSHFailure) -> Attempt {
        switch lookup {
        case .missing(let reason):
            return .skipped(reason)
        case .found(let password):
            return .answered(try password.withCString { (text) throws(SSHFailure) in
                try settle(session, budget) { LibSSH.authenticate(session, password: text) }
            })
        }
    }

    /// Repeats a non-blocking `ssh_userauth_*` call while it answers `SSH_AUTH_AGAIN`,
    /// sleeping on the socket in between, until an answer, a hang-up or the phase's end.
    private func settle(
        _ session: OpaquePointer, _ budget: PhaseBudget, _ call: () -> LibSSH.AuthResult
    ) throws(SSHFailure) -> LibSSH.AuthResult {
        while true {
            let result = call()
            guard result == .again else { return result }
            if LibSSH.isClosed(session) { return .error }
            guard !budget.isOver else { throw budget.timeout }
            try waitForSocket(session, budget: budget)
        }
    }

    /// A refusal in words; a refusal after which the connection is gone says so.
    private func describe(_ result: LibSSH.AuthResult, session: OpaquePointer) -> String {
        if LibSSH.isClosed(session) {
            return "disconnected during authentication"
        }
        switch result {
        case .denied: return "denied"
        case .partial: return "partly accepted, the server asks for another method as well"
        case .success, .again, .error: return "error: \(LibSSH.errorText(session))"
        }
    }
}
