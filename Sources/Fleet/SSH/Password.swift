import Glibc

/// A password copied from the environment or a file into memory this type owns: NUL-
/// terminated for libssh, never turned into a `String`, wiped with `explicit_bzero` on release.
final class Password {
    private let bytes: UnsafeMutablePointer<CChar>
    private let capacity: Int

    private init(copying source: UnsafeRawBufferPointer) {
        capacity = source.count + 1
        bytes = .allocate(capacity: capacity)
        let raw = UnsafeMutableRawBufferPointer(start: bytes, count: capacity)
        raw.copyMemory(from: source)
        raw[source.count] = 0
    }

    deinit {
        explicit_bzero(bytes, capacity)
        bytes.deallocate()
    }

    /// Calls `body` with the NUL-terminated password.
    func withCString<Result, Failure: Error>(
        _ body: (UnsafePointer<CChar>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(bytes)
    }

    /// What reading a password gave: the password, or why there is none (no secret in it).
    enum Lookup {
        case found(Password)
        case missing(String)
    }

    /// Reads the variable with `getenv`; the environment's own copy is left alone.
    static func fromEnvironment(_ variable: String) -> Lookup {
        guard let value = getenv(variable) else { return .missing("variable is not set") }
        let count = strlen(value)
        guard count > 0 else { return .missing("variable is empty") }
        return .found(Password(copying: UnsafeRawBufferPointer(start: value, count: count)))
    }

    /// The longest password file read; anything longer is not a password.
    static let maximumFileSize = 4096

    /// Reads the first line of the file (without its `\n` or `\r\n`).
    static func fromFile(_ path: String) -> Lookup {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .missing(describe(errno: errno)) }
        defer { Glibc.close(descriptor) }

        let capacity = maximumFileSize + 1
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 1)
        defer {
            explicit_bzero(buffer.baseAddress!, capacity)
            buffer.deallocate()
        }

        var filled = 0
        while filled < capacity {
            let count = read(descriptor, buffer.baseAddress! + filled, capacity - filled)
            if count < 0 {
                if errno == EINTR { continue }
                return .missing(describe(errno: errno))
            }
            if count == 0 { break }
            filled += count
        }
        if filled > maximumFileSize {
            return .missing("file is larger than \(maximumFileSize) bytes")
        }

        var length = buffer[..<filled].firstIndex(of: UInt8(ascii: "\n")) ?? filled
        if length > 0, buffer[length - 1] == UInt8(ascii: "\r") { length -= 1 }
        guard length > 0 else { return .missing("file is empty") }
        if buffer[..<length].contains(0) { return .missing("file contains a NUL byte") }
        return .found(Password(copying: UnsafeRawBufferPointer(rebasing: buffer[..<length])))
    }

    private static func describe(errno code: Int32) -> String {
        switch code {
        case ENOENT: "file not found"
        case EACCES: "permission denied"
        case EISDIR: "is a directory"
        default: String(cString: strerror(code))
        }
    }
}
