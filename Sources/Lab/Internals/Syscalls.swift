// The raw POSIX calls the lab needs: spawning, signalling, sockets, locks.
// Everything above this file speaks Swift types.

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

enum Syscalls {
    // MARK: - Processes

    /// glibc's `posix_spawn_file_actions_addclosefrom_np`, looked up at run time.
    private static let closeFromAction:
        (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
            guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else {
                return nil
            }
            return unsafeBitCast(
                symbol,
                to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32)
                    -> Int32).self)
        }()

    /// Starts `arguments` (an absolute path first) with stdin from /dev/null and stdout and
    /// stderr appended to `outputPath`; `newSession` detaches it from our terminal and
    /// process group. Wraps posix_spawn(3).
    static func spawn(_ arguments: [String], outputPath: String, newSession: Bool) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(
            &actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of ours goes along: a lab process left holding a descriptor the caller
        // waits on (a pipe, Foundation's Process exit socket) would keep the caller waiting.
        // posix_spawn_file_actions_addclosefrom_np (glibc 2.34) is not in Swift's Glibc module.
        if let closeFrom = closeFromAction { _ = closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newSession {
            flags |= 0x80  // POSIX_SPAWN_SETSID (glibc 2.26), not exported to Swift
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD] {
            sigaddset(&defaultSignals, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)

        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw LabError("cannot start \(arguments[0]): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// Waits for a child to exit and returns its exit status (128 + signal when killed).
    /// Wraps waitpid(2).
    static func waitExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Reaps a detached child when it exits, so it never lingers as a zombie of ours.
    static func reapInBackground(_ pid: pid_t) {
        Thread.detachNewThread {
            _ = waitExit(pid)
        }
    }

    /// Runs a tool to completion and returns its exit status and combined output.
    static func run(_ arguments: [String], scratch: String) throws -> (
        status: Int32, output: String
    ) {
        let outputPath = scratch + ".out"
        unlink(outputPath)
        defer { unlink(outputPath) }
        let pid = try spawn(arguments, outputPath: outputPath, newSession: false)
        let status = waitExit(pid)
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return (status, output)
    }

    /// True when `pid` exists, is not a zombie, and its command line contains `marker`.
    static func isRunning(_ pid: Int32, marker: String) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        {
            let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
            if state == "Z" || state == "X" { return false }
        }
        guard let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else {
            return false
        }
        let text = String(decoding: cmdline.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
        return marker.isEmpty || text.contains(marker)
    }

    /// Live processes whose command line contains `needle`, with that command line
    /// (NULs as spaces). Reads /proc.
    static func processes(containing needle: String) -> [(pid: Int32, commandLine: String)] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> (Int32, String)? in
            guard let pid = Int32(entry), pid != getpid(),
                let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
            else { return nil }
            let text = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            guard text.contains(needle), isRunning(pid, marker: needle) else { return nil }
            return (pid, text)
        }
    }

    /// Sends SIGTERM, waits up to `seconds` for the process to go, then sends SIGKILL.
    /// Returns true when it was running. Wraps kill(2).
    @discardableResult
    static func terminate(_ pid: Int32, marker: String, seconds: Double = 3) -> Bool {
        guard isRunning(pid, marker: marker) else { return false }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if !isRunning(pid, marker: marker) { return true }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        let killDeadline = Date().addingTimeInterval(2)
        while Date() < killDeadline, isRunning(pid, marker: marker) {
            usleep(10_000)
        }
        return true
    }

    static var isRoot: Bool { geteuid() == 0 }

    static var currentUser: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return ProcessInfo.processInfo.environment["USER"] ?? "root"
    }

    // MARK: - Files

    /// Writes all of `bytes` to `fd`, retrying short writes. Wraps write(2).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// Holds an exclusive flock(2) on `path` while `body` runs.
    static func withLock<T>(_ path: String, _ body: () throws -> T) throws -> T {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw LabError("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    // MARK: - Sockets

    /// Asks the kernel for a free TCP port on 127.0.0.1 (bind to port 0, read it back).
    static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else {
            throw LabError("cannot open a socket: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            throw LabError("cannot bind 127.0.0.1:0: \(String(cString: strerror(errno)))")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// True when something accepts TCP connections on 127.0.0.1:`port` right now. With
    /// `identification`, sends it before closing, so an sshd logs no "kex_exchange_
    /// identification" error for the check.
    static func accepts(port: Int, identification: String? = nil) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result == 0, let identification {
            writeAll(fd, Array(identification.utf8))
        }
        return result == 0
    }

    /// A listening socket on 127.0.0.1:`port` with SO_REUSEADDR, or nil with errno set.
    static func listen(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, Glibc.listen(fd, 512) == 0 else {
            let saved = errno
            close(fd)
            errno = saved
            return nil
        }
        return fd
    }

    // MARK: - Unix sockets

    /// The identity of a file as stat(2) sees it: a rename or a write changes it.
    struct FileIdentity: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: timespec
        var changed: timespec

        static func == (lhs: FileIdentity, rhs: FileIdentity) -> Bool {
            lhs.device == rhs.device && lhs.inode == rhs.inode && lhs.size == rhs.size
                && lhs.modified.tv_sec == rhs.modified.tv_sec
                && lhs.modified.tv_nsec == rhs.modified.tv_nsec
                && lhs.changed.tv_sec == rhs.changed.tv_sec
                && lhs.changed.tv_nsec == rhs.changed.tv_nsec
        }
    }

    /// `path`'s identity, or nil when it cannot be stat(2)ed.
    static func identity(_ path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modified: info.st_mtim, changed: info.st_ctim)
    }

    /// The Unix socket address of `path`, or nil when the path does not fit `sun_path`.
    private static func unixAddress(_ path: String) -> sockaddr_un? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !bytes.isEmpty, bytes.count < capacity else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
        return address
    }

    /// A listening Unix stream socket at `path` that only its owner may connect to (mode
    /// 0600; the umask is tightened around bind(2)). Replaces a file already at `path`.
    /// Throws with the failing call and strerror(3).
    static func listenUnix(path: String, backlog: Int32 = 512) throws -> Int32 {
        guard var address = unixAddress(path) else {
            throw LabError("the socket path \(path) is longer than a Unix socket path may be")
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            throw LabError("cannot open a Unix socket: \(String(cString: strerror(errno)))")
        }
        unlink(path)
        let previous = umask(0o177)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        let bindError = errno
        umask(previous)
        guard bound == 0 else {
            close(fd)
            throw LabError("cannot bind \(path): \(String(cString: strerror(bindError)))")
        }
        chmod(path, 0o600)
        guard Glibc.listen(fd, backlog) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw LabError("cannot listen on \(path): \(reason)")
        }
        return fd
    }

    /// A stream socket connected to the Unix socket at `path`, or nil with errno set.
    /// Wraps connect(2), retried on EINTR.
    static func connectUnix(path: String) -> Int32? {
        guard var address = unixAddress(path) else {
            errno = ENAMETOOLONG
            return nil
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        while true {
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            if result == 0 { return fd }
            if errno == EINTR { continue }
            let saved = errno
            close(fd)
            errno = saved
            return nil
        }
    }

    /// Accepts one connection on `listener`, retrying on EINTR and ECONNABORTED; nil on
    /// any other error (errno set). Wraps accept(2); the new descriptor is close-on-exec
    /// (accept4(2) is not exported to Swift).
    static func accept(_ listener: Int32) -> Int32? {
        while true {
            let fd = Glibc.accept(listener, nil, nil)
            if fd >= 0 {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                return fd
            }
            if errno == EINTR || errno == ECONNABORTED { continue }
            return nil
        }
    }

    /// Waits up to `milliseconds` for `fd` to become readable. Wraps poll(2).
    static func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, milliseconds) > 0
    }

    /// Sets SO_RCVTIMEO and SO_SNDTIMEO on `fd`, so a silent peer cannot hold it forever.
    static func setTimeouts(_ fd: Int32, seconds: Int) {
        var limit = timeval(tv_sec: seconds, tv_usec: 0)
        let size = socklen_t(MemoryLayout<timeval>.size)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, size)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, size)
    }

    /// Reads exactly `count` bytes, looping on short reads and EINTR. Nil when the peer
    /// closes first, a timeout expires or read(2) fails.
    static func readExactly(_ fd: Int32, count: Int) -> [UInt8]? {
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        let complete = bytes.withUnsafeMutableBytes { buffer -> Bool in
            while offset < count {
                let got = read(fd, buffer.baseAddress! + offset, count - offset)
                if got > 0 {
                    offset += got
                } else if got < 0 && errno == EINTR {
                    continue
                } else {
                    return false
                }
            }
            return true
        }
        return complete ? bytes : nil
    }

    /// Sends all of `bytes`, looping on short writes and EINTR, without SIGPIPE when the
    /// peer is gone (MSG_NOSIGNAL). False when send(2) fails. Wraps send(2).
    @discardableResult
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let sent = send(
                    fd, buffer.baseAddress! + offset, buffer.count - offset,
                    Int32(MSG_NOSIGNAL))
                if sent < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += sent
            }
            return true
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return address
    }
}
