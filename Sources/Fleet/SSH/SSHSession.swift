import Glibc

/// One SSH connection to one access point: connect, check the host key, log in, run commands.
///
/// The session owns its `ssh_session` and is explicitly not `Sendable`: libssh allows one
/// thread per session at a time, so create, use and close it on one worker thread. Every
/// blocking libssh call waits at most min(phase limit, time left before the overall deadline),
/// and the deadline starts when the session is created.
///
/// ```swift
/// let session = SSHSession(host: "10.0.0.5", port: 22, user: "root")
/// defer { session.close() }
/// let key = try session.connect()
/// try session.verify(presented: key, pinned: storedKey)
/// _ = try session.authenticate([.keyFile(path: "/etc/ketnoi/ap_ed25519")])
/// let board = try session.run("ubus call system board")
/// ```
public final class SSHSession {
    /// Host key algorithms offered, in order; OpenWrt's dropbear has ed25519 and RSA.
    static let hostKeyAlgorithms = "ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256"

    /// How long cleanup (closing a channel, disconnecting) may wait after a phase ran out.
    static let cleanupLimit = 250

    /// The address or name connected to.
    public let host: String
    /// The TCP port.
    public let port: Int
    /// The login name.
    public let user: String
    /// The limits this session enforces.
    public let timeouts: SSHTimeouts

    /// When the overall deadline passes.
    let deadline: ContinuousClock.Instant
    /// The libssh session; nil once closed (or when `ssh_new` failed).
    var handle: OpaquePointer?
    /// Where the session is in its life.
    var stage: Stage

    /// The life of a session; each public call is allowed in one stage.
    enum Stage {
        case fresh, connected, authenticated, failed, hostKeyRejected, closed
    }

    /// Creates a session (no network traffic yet); the overall deadline starts now.
    public init(host: String, port: Int, user: String, timeouts: SSHTimeouts = .init()) {
        self.host = host
        self.port = port
        self.user = user
        self.timeouts = timeouts
        self.deadline = ContinuousClock.now.advanced(by: timeouts.overall)
        self.handle = LibSSH.newSession()
        self.stage = .fresh
    }

    deinit {
        close()
    }

    /// "host:port", or "[host]:port" for an IPv6 address; used in failure text.
    var endpoint: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    // MARK: - Connect

    /// Connects, exchanges keys and returns the server's host key (`ssh_connect`).
    ///
    /// libssh reads no `~/.ssh/config` and no known_hosts file: the caller pins keys itself
    /// with `verify(presented:pinned:)` before authenticating.
    public func connect() throws(SSHFailure) -> HostKey {
        guard stage == .fresh else { throw .protocolError(misuse("connect()")) }
        guard let session = handle else {
            throw .protocolError("\(endpoint): libssh could not create a session (ssh_new)")
        }
        stage = .failed  // Until every step below succeeded.

        guard (1...65_535).contains(port) else {
            throw .unreachable("\(endpoint): the port is out of range")
        }
        let budget = try PhaseBudget(
            phase: "connect", limit: timeouts.connect, deadline: deadline
        )
        let configured =
            LibSSH.setHost(session, host)
            && LibSSH.setPort(session, UInt32(port))
            && LibSSH.setUser(session, user)
            && LibSSH.setProcessConfig(session, false)
            && LibSSH.setKnownHostsFiles(session, "/dev/null")
            && LibSSH.setStrictHostKeyCheck(session, false)
            && LibSSH.setHostKeyAlgorithms(session, Self.hostKeyAlgorithms)
            && LibSSH.setTimeout(session, milliseconds: budget.remainingMilliseconds)
        guard configured else {
            throw .protocolError("\(endpoint): cannot set session options: "
                + LibSSH.errorText(session))
        }

        // FIXME: a host name is resolved by getaddrinfo inside ssh_connect, which no timeout
        // bounds, because libssh resolves synchronously; access points are stored as addresses.
        guard LibSSH.connect(session) == LibSSH.ok else {
            throw connectFailure(session, budget: budget)
        }
        guard let key = presentedHostKey(session) else {
            throw .protocolError("\(endpoint): the server's host key cannot be read")
        }
        stage = .connected
        return key
    }

    /// Sorts an `ssh_connect` failure into timeout, unreachable or protocol error.
    private func connectFailure(_ session: OpaquePointer, budget: PhaseBudget) -> SSHFailure {
        let message = LibSSH.errorText(session)
        if budget.isOver || message.hasPrefix("Timeout connecting") {
            return budget.timeout
        }
        // No identification string means the TCP connection never carried SSH.
        if LibSSH.serverBanner(session) == nil {
            return .unreachable("\(endpoint): \(message)")
        }
        return .protocolError("\(endpoint): \(message)")
    }

    /// The server's key as type, base64 blob and SHA-256 fingerprint.
    private func presentedHostKey(_ session: OpaquePointer) -> HostKey? {
        guard let key = LibSSH.serverPublicKey(session) else { return nil }
        defer { LibSSH.freeKey(key) }
        guard let type = LibSSH.keyTypeName(key),
              let base64 = LibSSH.publicKeyBase64(key),
              let fingerprint = LibSSH.sha256Fingerprint(key)
        else { return nil }
        return HostKey(type: type, base64: base64, fingerprint: fingerprint)
    }

    // MARK: - Host key

    /// Refuses a presented key that differs from the pinned one (type and key blob).
    ///
    /// With no pin (first contact) every key passes and the caller stores it. After a
    /// mismatch the session refuses to authenticate, so no credential reaches the impostor.
    public func verify(presented: HostKey, pinned: HostKey?) throws(SSHFailure) {
        guard let pinned else { return }
        guard pinned.isSameKey(as: presented) else {
            if stage == .connected { stage = .hostKeyRejected }
            throw .hostKeyMismatch(pinned: pinned.fingerprint, presented: presented.fingerprint)
        }
    }

    // MARK: - Close

    /// Disconnects and frees the libssh session (`ssh_disconnect`, `ssh_free`); idempotent.
    public func close() {
        guard let session = handle else { return }
        handle = nil
        stage = .closed
        if LibSSH.isConnected(session) {
            // Sending the disconnect message must not wait on a dead peer.
            _ = LibSSH.setTimeout(session, milliseconds: Self.cleanupLimit)
            LibSSH.disconnect(session)
        }
        LibSSH.free(session)
    }

    /// Sleeps until the session socket has something to read (or to flush), at most 1 s.
    func waitForSocket(
        _ session: OpaquePointer, budget: PhaseBudget
    ) throws(SSHFailure) {
        let descriptor = LibSSH.socket(session)
        guard descriptor >= 0 else {
            stage = .failed
            throw .protocolError("\(endpoint): the connection is closed")
        }
        var events = Int16(POLLIN)
        if LibSSH.pollFlags(session) & LibSSH.writePending != 0 {
            events |= Int16(POLLOUT)
        }
        var request = pollfd(fd: descriptor, events: events, revents: 0)
        let wait = Int32(min(budget.remainingMilliseconds, 1000))
        if Glibc.poll(&request, 1, wait) < 0 && errno != EINTR {
            throw .protocolError("\(endpoint): poll failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Text for a call made in the wrong stage.
    func misuse(_ call: String) -> String {
        let reason =
            switch stage {
            case .fresh: "the session is not connected"
            case .connected: "the session is not authenticated"
            case .authenticated: "the session is already authenticated"
            case .failed: "an earlier step of the session failed"
            case .hostKeyRejected: "the host key was refused"
            case .closed: "the session is closed"
            }
        return "\(endpoint): \(call) cannot be used because \(reason)"
    }
}

@available(*, unavailable, message: "libssh sessions are used by one thread at a time")
extension SSHSession: Sendable {}
