// The answer server: one long-lived process per lab that answers the forced commands over
// DIR/answer.sock, so each command costs a tiny client instead of a whole `ketnoi` start.
//
// Wire format (all integers unsigned 32-bit big-endian; `ketnoi-lab-answer` speaks the
// other side and repeats these numbers, since it imports nothing but Glibc):
//
//   request   "KLA1"  u32 length  AP name (1...255 bytes)
//                     u32 length  command (0...1 MiB; an absent SSH_ORIGINAL_COMMAND
//                                 is sent empty, which Lab.answer treats the same)
//   reply     u32 length  stdout bytes
//             u32 length  stderr bytes
//             u32 4       exit status (Int32)
//
// The server sleeps `delaySeconds` (the slow fault) before the first byte of the reply.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The numbers of the answer server's wire format, shared by the tests.
enum AnswerWire {
    static let magic: [UInt8] = Array("KLA1".utf8)
    static let maximumAPBytes = 255
    static let maximumCommandBytes = 1_048_576

    /// `value` as 4 bytes, big-endian.
    static func length(_ value: Int) -> [UInt8] {
        let word = UInt32(truncatingIfNeeded: value)
        return [UInt8(word >> 24), UInt8(word >> 16 & 0xff), UInt8(word >> 8 & 0xff),
            UInt8(word & 0xff)]
    }

    /// The 4 bytes at `bytes[0..<4]` as a big-endian number; nil when there are fewer.
    static func number(_ bytes: [UInt8]) -> UInt32? {
        guard bytes.count >= 4 else { return nil }
        return UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8
            | UInt32(bytes[3])
    }

    /// A request as the client sends it.
    static func request(ap: String, command: String?) -> [UInt8] {
        let name = Array(ap.utf8)
        let text = Array((command ?? "").utf8)
        return magic + length(name.count) + name + length(text.count) + text
    }

    /// A reply: stdout, stderr and the exit status, each a length-prefixed frame.
    static func reply(_ answer: LabAnswer) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(answer.stdout.count + answer.stderr.count + 16)
        bytes += length(answer.stdout.count)
        bytes += answer.stdout
        bytes += length(answer.stderr.count)
        bytes += answer.stderr
        bytes += length(4)
        bytes += length(Int(UInt32(bitPattern: answer.exitStatus)))
        return bytes
    }
}

/// `lab.json` as last read, re-decoded only when the file changed. `@unchecked Sendable`:
/// every access to the cached fields holds `lock`.
final class LabStateCache: @unchecked Sendable {
    private let lock = NSLock()
    private let paths: LabPaths
    private var identity: Syscalls.FileIdentity?
    private var bytes: Data?
    private var state: LabState?
    /// Whether `identity` alone proves the file unchanged: its mtime was over a second old
    /// when read, so any later write carries a later mtime. A write within the same clock
    /// tick as the one read could otherwise keep inode, size and mtime (a "racy" file).
    private var identityIsProof = false

    init(_ paths: LabPaths) {
        self.paths = paths
    }

    /// The lab state as `lab.json` says now, or the error `Lab.answer(directory:…)` gives.
    func current() -> Result<LabState, LabError> {
        lock.lock()
        defer { lock.unlock() }

        let now = identityClock()
        let seen = Syscalls.identity(paths.state)
        if let seen, seen == identity, identityIsProof, let state {
            return .success(state)
        }
        guard let data = FileManager.default.contents(atPath: paths.state) else {
            return .failure(
                LabError("no lab in \(paths.directory): \(paths.state) does not exist"))
        }
        if data != bytes || state == nil {
            do {
                state = try LabStore.decode(data, path: paths.state)
            } catch let error as LabError {
                state = nil
                bytes = nil
                return .failure(error)
            } catch {
                state = nil
                bytes = nil
                return .failure(LabError("cannot read \(paths.state): \(error)"))
            }
            bytes = data
        }
        identity = seen
        identityIsProof = seen.map { now - Double($0.modified.tv_sec) > 1.5 } ?? false
        return .success(state!)
    }

    /// Seconds since 1970 on the clock that stamps mtimes.
    private func identityClock() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

/// Counts the connections being answered. `@unchecked Sendable`: `count` is read and
/// written only while holding `lock`.
final class ConnectionCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// Takes a slot when fewer than `limit` are taken.
    func enter(limit: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard count < limit else { return false }
        count += 1
        return true
    }

    func leave() {
        lock.lock()
        count -= 1
        lock.unlock()
    }
}

extension Lab {
    /// What must appear in /proc/PID/cmdline before we signal an answer server's pid.
    static func answerServerMarker(_ paths: LabPaths) -> String {
        "lab serve --dir \(paths.directory) "
    }

    /// At most this many connections are answered at once; more are closed unanswered.
    static let answerServerConnections = 1_024

    /// How long a connection may stay silent (or stop reading) before it is dropped.
    static let answerServerIdleSeconds = 30

    /// Answers the forced commands of the lab in `directory` over `DIR/answer.sock`
    /// (mode 0600) until killed, one thread per connection. Reloads `lab.json` when it
    /// changes, so `lab fault` applies at once. Exits by itself when the socket file is
    /// removed or replaced (the lab directory deleted, another server started). Logs one
    /// line per event on stderr; exits 1 when it cannot listen.
    public static func runAnswerServer(directory: String) -> Never {
        let paths = LabPaths(directory)
        signal(SIGPIPE, SIG_IGN)

        let listener: Int32
        do {
            listener = try Syscalls.listenUnix(path: paths.answerSocket)
        } catch {
            log("dir=\(paths.directory) result=failed reason=\"\(error)\"")
            exit(1)
        }
        guard let bound = Syscalls.identity(paths.answerSocket) else {
            log("dir=\(paths.directory) result=failed reason=\"the socket vanished at once\"")
            exit(1)
        }
        log("dir=\(paths.directory) socket=\(paths.answerSocket) result=listening")

        let cache = LabStateCache(paths)
        let active = ConnectionCount()
        while true {
            // Wake up every second to notice a socket file that is gone or replaced.
            guard Syscalls.waitReadable(listener, milliseconds: 1_000) else {
                if let now = Syscalls.identity(paths.answerSocket),
                    now.device == bound.device, now.inode == bound.inode
                {
                    continue
                }
                log("dir=\(paths.directory) result=stopped reason=\"the socket file is gone\"")
                exit(0)
            }
            guard let client = Syscalls.accept(listener) else {
                // EMFILE and the like: wait for connections to finish rather than spin.
                log("result=warning reason=\"accept: \(String(cString: strerror(errno)))\"")
                usleep(50_000)
                continue
            }
            guard active.enter(limit: answerServerConnections) else {
                log("result=refused reason=\"\(answerServerConnections) connections at once\"")
                close(client)
                continue
            }
            Thread.detachNewThread {
                defer { active.leave() }
                if let problem = answerConnection(client, cache: cache) {
                    log("result=rejected reason=\"\(problem)\"")
                }
                close(client)
            }
        }
    }

    /// One line of the answer server's log, on stderr.
    private static func log(_ line: String) {
        Syscalls.writeAll(2, Array("answer-server \(line)\n".utf8))
    }

    /// Reads one request from `fd`, answers it and writes the reply. Returns what was
    /// wrong with the request, nil when it was answered (or the client left before
    /// saying anything, as readiness checks do).
    static func answerConnection(_ fd: Int32, cache: LabStateCache) -> String? {
        Syscalls.setTimeouts(fd, seconds: answerServerIdleSeconds)
        guard let magic = Syscalls.readExactly(fd, count: 4) else { return nil }
        guard magic == AnswerWire.magic else {
            let hex = magic.map { String($0, radix: 16) }.joined(separator: " ")
            return "not a lab request (first bytes \(hex))"
        }
        guard let apLength = Syscalls.readExactly(fd, count: 4).flatMap(AnswerWire.number),
            (1...UInt32(AnswerWire.maximumAPBytes)).contains(apLength),
            let ap = Syscalls.readExactly(fd, count: Int(apLength)),
            let commandLength = Syscalls.readExactly(fd, count: 4).flatMap(AnswerWire.number),
            commandLength <= UInt32(AnswerWire.maximumCommandBytes),
            let command = Syscalls.readExactly(fd, count: Int(commandLength))
        else {
            let answer = LabAnswer(stderr: Array("lab: malformed request\n".utf8), exitStatus: 1)
            Syscalls.sendAll(fd, AnswerWire.reply(answer))
            return "malformed request"
        }

        let now = Date()
        let answer: LabAnswer
        switch cache.current() {
        case .success(let state):
            answer = Lab.answer(
                state: state, ap: String(decoding: ap, as: UTF8.self),
                command: String(decoding: command, as: UTF8.self), now: now)
        case .failure(let error):
            answer = LabAnswer(stderr: Array("lab: \(error)\n".utf8), exitStatus: 1)
        }
        if answer.delaySeconds > 0 {
            Thread.sleep(forTimeInterval: answer.delaySeconds)
        }
        // A client that is gone (ssh killed the session) is no error of the server's.
        Syscalls.sendAll(fd, AnswerWire.reply(answer))
        return nil
    }
}
