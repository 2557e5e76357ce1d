import Foundation
import Testing

import Fleet

/// Connects and logs in with the server's authorized key.
func loggedInSession(
    _ server: TestSSHServer, timeouts: SSHTimeouts = .init()
) throws -> SSHSession {
    let session = SSHSession(host: "127.0.0.1", port: server.port, user: server.user,
                             timeouts: timeouts)
    _ = try session.connect()
    _ = try session.authenticate([.keyFile(path: server.clientKeyPath)])
    return session
}

@Suite("SSH session against a real sshd", .serialized)
struct SSHSessionTests {
    @Test func connectPresentsTheHostKeyThatSSHKeygenFingerprints() throws {
        let server = try TestSSHServer()
        let session = SSHSession(host: "127.0.0.1", port: server.port, user: server.user)
        defer { session.close() }

        let key = try session.connect()

        let publicKeyFields = try String(contentsOfFile: server.hostKeyPath + ".pub",
                                         encoding: .utf8).split(separator: " ")
        #expect(key.type == "ssh-ed25519")
        #expect(key.base64 == String(publicKeyFields[1]))
        #expect(key.fingerprint == (try server.hostKeyFingerprint()))
        #expect(key.fingerprint.hasPrefix("SHA256:"))
    }

    @Test func keyFileLoginRunsCommandWithSeparateStreamsAndExitStatus() throws {
        let server = try TestSSHServer()
        let session = SSHSession(host: "127.0.0.1", port: server.port, user: server.user)
        defer { session.close() }
        let key = try session.connect()
        try session.verify(presented: key, pinned: key)

        let used = try session.authenticate([.keyFile(path: server.clientKeyPath)])
        let output = try session.run("echo hi; echo err >&2; exit 3")

        #expect(used == .keyFile(path: server.clientKeyPath))
        #expect(output == CommandOutput(
            command: "echo hi; echo err >&2; exit 3", stdout: Array("hi\n".utf8),
            stderr: Array("err\n".utf8), exitStatus: 3, truncated: false
        ))
    }

    @Test func severalCommandsShareOneSession() throws {
        let server = try TestSSHServer()
        let session = try loggedInSession(server)
        defer { session.close() }

        for number in 1...5 {
            let output = try session.run("echo \(number)")
            #expect(output.stdout == Array("\(number)\n".utf8))
            #expect(output.exitStatus == 0)
        }
        #expect(try session.run("false").exitStatus == 1)
        // stdin is at EOF at once, so a command that reads it finishes.
        #expect(try session.run("cat").exitStatus == 0)
        // Killed by a signal: no exit status arrives.
        #expect(try session.run("kill -9 $$").exitStatus == nil)
        #expect(try session.run("echo last").stdout == Array("last\n".utf8))
    }

    @Test func outputPastTheCapIsTruncatedAndTheSessionStaysUsable() throws {
        let server = try TestSSHServer()
        let session = try loggedInSession(server)
        defer { session.close() }

        let output = try session.run("head -c 3145728 /dev/zero")

        #expect(output.stdout.count == 1 << 20)
        #expect(output.stderr.isEmpty)
        #expect(output.truncated)
        #expect(output.exitStatus == nil)
        #expect(try session.run("echo still here").stdout == Array("still here\n".utf8))
    }

    @Test func outputOfExactlyTheCapIsNotTruncated() throws {
        let server = try TestSSHServer()
        let session = try loggedInSession(server)
        defer { session.close() }

        let output = try session.run("head -c 1000 /dev/zero", outputCap: 1000)

        #expect(output.stdout.count == 1000)
        #expect(!output.truncated)
        #expect(output.exitStatus == 0)
    }

    @Test func stderrFloodDoesNotStallStdout() throws {
        let server = try TestSSHServer()
        let session = try loggedInSession(server)
        defer { session.close() }

        let command = "head -c 2000000 /dev/zero >&2; echo done"
        let output = try session.run(command, outputCap: 4 << 20)
        let capped = try session.run(command)

        #expect(output.stdout == Array("done\n".utf8))
        #expect(output.stderr.count == 2_000_000)
        #expect(output.exitStatus == 0)
        #expect(!output.truncated)
        #expect(capped.stderr.count == 1 << 20)
        #expect(capped.truncated)
    }

    @Test func everyFailedCredentialKeepsItsReason() throws {
        let server = try TestSSHServer()
        unsetenv("SSH_AUTH_SOCK")
        unsetenv("KETNOI_TEST_UNSET_PASSWORD")
        let session = SSHSession(host: "127.0.0.1", port: server.port, user: server.user)
        defer { session.close() }
        _ = try session.connect()

        let failure = #expect(throws: SSHFailure.self) {
            try session.authenticate([
                .keyFile(path: server.wrongKeyPath),
                .agent,
                .passwordEnvironment(variable: "KETNOI_TEST_UNSET_PASSWORD"),
            ])
        }

        #expect(failure == .authenticationFailed([
            "key:\(server.wrongKeyPath): denied",
            "agent: SSH_AUTH_SOCK is not set",
            "password-env:KETNOI_TEST_UNSET_PASSWORD: variable is not set",
        ]))
        #expect(failure?.state == "auth-failed")
    }

    @Test func passwordsAreReadAtUseAndNeverShown() throws {
        let server = try TestSSHServer()
        let passwordPath = server.directory + "/password"
        try "not-the-password\n".write(toFile: passwordPath, atomically: true, encoding: .utf8)
        setenv("KETNOI_TEST_PASSWORD", "hunter2-secret", 1)
        defer { unsetenv("KETNOI_TEST_PASSWORD") }
        let session = SSHSession(host: "127.0.0.1", port: server.port, user: server.user)
        defer { session.close() }
        _ = try session.connect()

        let failure = #expect(throws: SSHFailure.self) {
            try session.authenticate([
                .passwordFile(path: passwordPath),
                .passwordFile(path: server.directory + "/missing"),
                .passwordEnvironment(variable: "KETNOI_TEST_PASSWORD"),
                .keyFile(path: server.directory + "/no_such_key"),
                .keyFile(path: passwordPath),
            ])
        }

        // sshd here allows no passwords, so a password sent is denied.
        #expect(failure == .authenticationFailed([
            "password-file:\(passwordPath): denied",
            "password-file:\(server.directory)/missing: file not found",
            "password-env:KETNOI_TEST_PASSWORD: denied",
            "key:\(server.directory)/no_such_key: file not found",
            "key:\(passwordPath): not a private key, or encrypted "
                + "(passphrases are not supported)",
        ]))
        let text = failure.map(String.init(describing:)) ?? ""
        #expect(!text.contains("hunter2"))
        #expect(!text.contains("not-the-password"))
    }

    @Test func serverHangingUpAfterTooManyTriesIsReportedAsDisconnected() throws {
        let server = try TestSSHServer(extraConfiguration: ["MaxAuthTries 2"])
        let session = SSHSession(host: "127.0.0.1", port: server.port, user: server.user)
        defer { session.close() }
        _ = try session.connect()

        let failure = #expect(throws: SSHFailure.self) {
            try session.authenticate([
                .keyFile(path: server.wrongKeyPath),
                .keyFile(path: server.wrongKeyPath),
                .keyFile(path: server.clientKeyPath),
            ])
        }

        #expect(failure == .authenticationFailed([
            "key:\(server.wrongKeyPath): denied",
            "key:\(server.wrongKeyPath): disconnected during authentication",
            "key:\(server.clientKeyPath): not tried, the server had disconnected",
        ]))
    }

    @Test func changedHostKeyIsRefusedWithBothFingerprints() throws {
        let server = try TestSSHServer()
        let session = SSHSession(host: "127.0.0.1", port: server.port, user: server.user)
        defer { session.close() }
        let presented = try session.connect()
        let otherFields = try String(contentsOfFile: server.wrongKeyPath + ".pub",
                                     encoding: .utf8).split(separator: " ")
        let pinned = HostKey(
            type: String(otherFields[0]), base64: String(otherFields[1]),
            fingerprint: try fingerprint(ofPublicKey: server.wrongKeyPath + ".pub")
        )

        #expect(throws: SSHFailure.hostKeyMismatch(
            pinned: pinned.fingerprint, presented: try server.hostKeyFingerprint()
        )) {
            try session.verify(presented: presented, pinned: pinned)
        }
        #expect(SSHFailure.hostKeyMismatch(pinned: "a", presented: "b").state
                == "hostkey-mismatch")
        // No credential is offered to a server whose key was refused.
        #expect(throws: SSHFailure.protocolError(
            "127.0.0.1:\(server.port): authenticate() cannot be used because the host key "
                + "was refused"
        )) {
            try session.authenticate([.keyFile(path: server.clientKeyPath)])
        }
    }

    @Test func closedPortIsUnreachable() throws {
        let port = try freeLocalPort()
        let session = SSHSession(host: "127.0.0.1", port: port, user: "root")
        defer { session.close() }

        let failure = #expect(throws: SSHFailure.self) { try session.connect() }

        #expect(failure == .unreachable("127.0.0.1:\(port): Connection refused"))
        #expect(failure?.state == "unreachable")
        #expect(failure?.description
                == "The access point is unreachable: 127.0.0.1:\(port): Connection refused.")
    }

    @Test func closeIsIdempotentAndLaterCallsFailPlainly() throws {
        let server = try TestSSHServer()
        let session = try loggedInSession(server)
        session.close()
        session.close()

        #expect(throws: SSHFailure.protocolError(
            "127.0.0.1:\(server.port): run() cannot be used because the session is closed"
        )) {
            try session.run("true")
        }
    }
}
