import Foundation
import Synchronization
import Testing

/// A real OpenSSH `sshd` on 127.0.0.1 for one test: fresh host key, an authorized client key,
/// a second key that is not authorized, all in a temporary directory removed on deinit.
final class TestSSHServer {
    let directory: String
    let port: Int
    let user: String
    /// Private key listed in `authorized_keys`.
    let clientKeyPath: String
    /// Private key the server does not know.
    let wrongKeyPath: String
    let hostKeyPath: String
    private let pid: pid_t

    init(extraConfiguration: [String] = []) throws {
        directory = try makeTemporaryDirectory(prefix: "ketnoi-sshd")
        hostKeyPath = directory + "/host_key"
        clientKeyPath = directory + "/client_key"
        wrongKeyPath = directory + "/wrong_key"
        user = String(cString: getpwuid(geteuid())!.pointee.pw_name)

        for path in [hostKeyPath, clientKeyPath, wrongKeyPath] {
            _ = try runTool("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path])
        }
        try FileManager.default.copyItem(
            atPath: clientKeyPath + ".pub", toPath: directory + "/authorized_keys"
        )
        // sshd refuses to start without its privilege separation directory (as root).
        try FileManager.default.createDirectory(
            atPath: "/run/sshd", withIntermediateDirectories: true
        )

        port = try freeLocalPort()
        let configuration = [
            "Port \(port)",
            "ListenAddress 127.0.0.1",
            "HostKey \(hostKeyPath)",
            "PidFile \(directory)/sshd.pid",
            "AuthorizedKeysFile \(directory)/authorized_keys",
            "UsePAM no",
            "StrictModes no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "MaxStartups 100",
            "LogLevel ERROR",
        ] + extraConfiguration
        let configurationPath = directory + "/sshd_config"
        try (configuration.joined(separator: "\n") + "\n")
            .write(toFile: configurationPath, atomically: true, encoding: .utf8)

        // posix_spawn, not Foundation's Process: a long-lived child confused Process's
        // SIGCHLD handling here, and a later waitUntilExit() of ssh-keygen never returned.
        pid = try spawn(
            "/usr/sbin/sshd", ["-D", "-e", "-f", configurationPath],
            stdout: nil, stderrPath: directory + "/sshd.log"
        )

        guard waitUntilAccepting(port: port, within: .seconds(5)) else {
            stopChild(pid)
            let log = (try? String(contentsOfFile: directory + "/sshd.log", encoding: .utf8))
            throw HarnessError("sshd did not start: \(log ?? "no log")")
        }
    }

    deinit {
        stopChild(pid)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The host key's "SHA256:…" fingerprint as `ssh-keygen -lf` prints it.
    func hostKeyFingerprint() throws -> String {
        try fingerprint(ofPublicKey: hostKeyPath + ".pub")
    }
}

/// A TCP listener on 127.0.0.1 that accepts connections and never writes a byte.
final class Tarpit {
    let port: Int
    private let listener: Int32
    private let accepted = AcceptedSockets()

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw HarnessError("socket() failed") }
        var address = loopbackAddress(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 64) == 0 else {
            close(listener)
            throw HarnessError("cannot listen on 127.0.0.1")
        }
        self.listener = listener
        port = boundPort(of: listener)

        let accepted = self.accepted
        let thread = Thread {
            while true {
                let connection = accept(listener, nil, nil)
                if connection < 0 {
                    if errno == EINTR { continue }
                    return  // The listener was shut down.
                }
                accepted.add(connection)
            }
        }
        thread.name = "tarpit"
        thread.start()
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        accepted.closeAll()
    }
}

/// Sockets the tarpit accepted; guarded by a mutex because the accept thread adds to it.
private final class AcceptedSockets: Sendable {
    private let sockets = Mutex<[Int32]>([])

    func add(_ socket: Int32) {
        sockets.withLock { $0.append(socket) }
    }

    func closeAll() {
        sockets.withLock { list in
            for socket in list { close(socket) }
            list.removeAll()
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

// MARK: - Helpers

/// A port on 127.0.0.1 that nothing listens on right now (bound, read, released).
func freeLocalPort() throws -> Int {
    let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard probe >= 0 else { throw HarnessError("socket() failed") }
    defer { close(probe) }
    var address = loopbackAddress(port: 0)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(probe, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard bound == 0 else { throw HarnessError("bind() failed") }
    return boundPort(of: probe)
}

private func loopbackAddress(port: UInt16) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    return address
}

private func boundPort(of socket: Int32) -> Int {
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            getsockname(socket, $0, &length)
        }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

private func waitUntilAccepting(port: Int, within limit: Duration) -> Bool {
    let end = ContinuousClock.now.advanced(by: limit)
    while ContinuousClock.now < end {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = loopbackAddress(port: UInt16(port))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(probe, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        close(probe)
        if connected == 0 { return true }
        usleep(20_000)
    }
    return false
}

func makeTemporaryDirectory(prefix: String) throws -> String {
    var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
    guard let created = mkdtemp(&template) else { throw HarnessError("mkdtemp failed") }
    return String(cString: created)
}

/// Runs a tool and returns its stdout; throws when it exits non-zero.
func runTool(_ path: String, _ arguments: [String]) throws -> String {
    var pipeEnds: [Int32] = [0, 0]
    guard pipe(&pipeEnds) == 0 else { throw HarnessError("pipe() failed") }
    let child: pid_t
    do {
        child = try spawn(path, arguments, stdout: pipeEnds[1], stderrPath: "/dev/null")
    } catch {
        close(pipeEnds[0])
        close(pipeEnds[1])
        throw error
    }
    close(pipeEnds[1])

    // Read to the end before waiting, so a chatty child cannot stall on a full pipe.
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(pipeEnds[0], &chunk, chunk.count)
        if count < 0 && errno == EINTR { continue }
        if count <= 0 { break }
        output.append(contentsOf: chunk[..<count])
    }
    close(pipeEnds[0])

    var status: Int32 = 0
    while waitpid(child, &status, 0) < 0 && errno == EINTR {}
    guard status == 0 else { throw HarnessError("\(path) failed with wait status \(status)") }
    return String(decoding: output, as: UTF8.self)
}

/// Starts a program with stdin from /dev/null, stdout to `stdout` (or /dev/null) and stderr
/// to a file.
func spawn(
    _ path: String, _ arguments: [String], stdout: Int32?, stderrPath: String
) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    if let stdout {
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
    } else {
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    }
    posix_spawn_file_actions_addopen(
        &actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600
    )

    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for argument in argv { free(argument) } }
    var child: pid_t = 0
    let rc = posix_spawn(&child, path, &actions, nil, argv, environ)
    guard rc == 0 else { throw HarnessError("posix_spawn \(path): \(rc)") }
    return child
}

/// SIGTERM, then reap.
func stopChild(_ child: pid_t) {
    kill(child, SIGTERM)
    var status: Int32 = 0
    while waitpid(child, &status, 0) < 0 && errno == EINTR {}
}

/// "SHA256:…" of a public key file, from `ssh-keygen -lf` ("256 SHA256:… comment (ED25519)").
func fingerprint(ofPublicKey path: String) throws -> String {
    let fields = try runTool("/usr/bin/ssh-keygen", ["-lf", path]).split(separator: " ")
    guard fields.count >= 2 else { throw HarnessError("unexpected ssh-keygen output") }
    return String(fields[1])
}

/// Seconds elapsed since `start`, for timing assertions.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
