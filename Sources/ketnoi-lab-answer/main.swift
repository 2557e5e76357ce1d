// ketnoi-lab-answer: the forced command of every lab access point's sshd.
//
//   ketnoi-lab-answer --dir DIR --ap NAME        (the command in $SSH_ORIGINAL_COMMAND)
//
// Asks the lab's answer server (`ketnoi lab serve`, on DIR/answer.sock) what access point
// NAME prints for the command, writes its stdout and stderr and exits with its status. It
// imports Glibc only, so each command costs about a millisecond of start-up instead of the
// Swift runtime, Foundation and ICU that `ketnoi lab answer` loads. Exits 69 when the
// server cannot be reached, 64 on a bad command line.

import Glibc

/// The answer server's wire format. The numbers repeat `AnswerWire` in
/// Sources/Lab/Lab+Serve.swift (this program may not import Lab); the lab's tests run this
/// client against that server.
enum Wire {
    /// "KLA1"
    static let magic: [UInt8] = [0x4B, 0x4C, 0x41, 0x31]
    static let maximumAPBytes = 255
    static let maximumCommandBytes = 1_048_576
    /// Bytes copied from the socket to stdout or stderr at a time.
    static let chunkBytes = 65_536
}

/// sysexits(3) codes.
enum ExitCode {
    static let usage: Int32 = 64
    static let unavailable: Int32 = 69
}

/// Writes one line to stderr.
func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    bytes.withUnsafeBytes { _ = writeAll(2, $0.baseAddress!, $0.count) }
}

/// The text of the current errno, as strerror(3) gives it.
func reason() -> String {
    String(cString: strerror(errno))
}

/// Writes `count` bytes from `start` to `fd`, looping on short writes and EINTR. False when
/// write(2) fails.
@discardableResult
func writeAll(_ fd: Int32, _ start: UnsafeRawPointer, _ count: Int) -> Bool {
    var offset = 0
    while offset < count {
        let written = write(fd, start + offset, count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            return false
        }
        offset += written
    }
    return true
}

/// Reads exactly `count` bytes into `start`, looping on short reads and EINTR. Nil on
/// success, otherwise what went wrong.
func readExactly(_ fd: Int32, _ start: UnsafeMutableRawPointer, _ count: Int) -> String? {
    var offset = 0
    while offset < count {
        let got = read(fd, start + offset, count - offset)
        if got > 0 {
            offset += got
        } else if got == 0 {
            return "the server closed the connection before the whole answer"
        } else if errno != EINTR {
            return reason()
        }
    }
    return nil
}

/// A big-endian 32-bit number read from `fd`, or what went wrong.
func readNumber(_ fd: Int32) -> (value: UInt32, problem: String?) {
    var bytes: [UInt8] = [0, 0, 0, 0]
    let problem = bytes.withUnsafeMutableBytes { readExactly(fd, $0.baseAddress!, 4) }
    let value =
        UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8
        | UInt32(bytes[3])
    return (value, problem)
}

/// `value` as 4 bytes, big-endian.
func bigEndian(_ value: Int) -> [UInt8] {
    let word = UInt32(truncatingIfNeeded: value)
    return [UInt8(word >> 24), UInt8(word >> 16 & 0xff), UInt8(word >> 8 & 0xff),
        UInt8(word & 0xff)]
}

/// Copies one length-prefixed frame from `socket` to `output` in chunks, however long it
/// is. Keeps reading when `output` fails, so the exit status still arrives. Nil on
/// success, otherwise what went wrong.
func relayFrame(_ socket: Int32, to output: Int32, buffer: UnsafeMutableRawPointer) -> String? {
    let (length, problem) = readNumber(socket)
    if let problem { return problem }
    var remaining = Int(length)
    while remaining > 0 {
        let got = read(socket, buffer, min(remaining, Wire.chunkBytes))
        if got < 0 {
            if errno == EINTR { continue }
            return reason()
        }
        if got == 0 { return "the server closed the connection before the whole answer" }
        writeAll(output, buffer, got)
        remaining -= got
    }
    return nil
}

/// A stream socket connected to `path`, or what went wrong.
func connectTo(_ path: String) -> (fd: Int32, problem: String?) {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
        return (-1, "the socket path is too long for a Unix socket")
    }
    withUnsafeMutableBytes(of: &address.sun_path) { buffer in
        buffer.copyBytes(from: bytes)
        buffer[bytes.count] = 0
    }
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { return (-1, reason()) }
    while true {
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if result == 0 { return (fd, nil) }
        if errno == EINTR { continue }
        let problem = reason()
        close(fd)
        return (-1, problem)
    }
}

/// Parses `--dir DIR --ap NAME`, asks the server, relays the answer; returns the status.
func run(_ arguments: [String]) -> Int32 {
    var directory: String?
    var ap: String?
    var index = 1
    while index < arguments.count {
        let word = arguments[index]
        guard index + 1 < arguments.count, word == "--dir" || word == "--ap" else {
            say("ketnoi-lab-answer: usage: ketnoi-lab-answer --dir DIR --ap NAME")
            return ExitCode.usage
        }
        if word == "--dir" { directory = arguments[index + 1] } else { ap = arguments[index + 1] }
        index += 2
    }
    guard let directory, let ap, !directory.isEmpty,
        (1...Wire.maximumAPBytes).contains(ap.utf8.count)
    else {
        say("ketnoi-lab-answer: usage: ketnoi-lab-answer --dir DIR --ap NAME")
        return ExitCode.usage
    }
    let command = getenv("SSH_ORIGINAL_COMMAND").map { String(cString: $0) } ?? ""
    guard command.utf8.count <= Wire.maximumCommandBytes else {
        say("lab: the command is longer than \(Wire.maximumCommandBytes) bytes")
        return 1
    }

    let path = directory + "/answer.sock"
    let (connection, problem) = connectTo(path)
    if let problem {
        say("ketnoi-lab-answer: the lab's answer server is not running (\(path)): \(problem)")
        return ExitCode.unavailable
    }
    defer { close(connection) }
    func brokeOff(_ problem: String) -> Int32 {
        say("ketnoi-lab-answer: the lab's answer server broke off (\(path)): \(problem)")
        return ExitCode.unavailable
    }

    let name = Array(ap.utf8)
    let text = Array(command.utf8)
    let request = Wire.magic + bigEndian(name.count) + name + bigEndian(text.count) + text
    let sent = request.withUnsafeBytes { writeAll(connection, $0.baseAddress!, $0.count) }
    guard sent else { return brokeOff(reason()) }

    let buffer = UnsafeMutableRawPointer.allocate(byteCount: Wire.chunkBytes, alignment: 8)
    defer { buffer.deallocate() }
    if let problem = relayFrame(connection, to: 1, buffer: buffer) { return brokeOff(problem) }
    if let problem = relayFrame(connection, to: 2, buffer: buffer) { return brokeOff(problem) }
    let (length, lengthProblem) = readNumber(connection)
    if let lengthProblem { return brokeOff(lengthProblem) }
    guard length == 4 else { return brokeOff("an exit status frame of \(length) bytes") }
    let (status, statusProblem) = readNumber(connection)
    if let statusProblem { return brokeOff(statusProblem) }
    return Int32(bitPattern: status)
}

exit(run(CommandLine.arguments))
