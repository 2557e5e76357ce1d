// Reads a whole file with open(2), fstat(2) and read(2); errors carry the errno text from
// strerror(3). https://man7.org/linux/man-pages/man2/read.2.html

import Glibc

/// Reads every byte of the regular file at `path`, or returns why it cannot: the
/// `strerror(3)` text, or that it is not a regular file or is larger than `maximumFileSize`.
///
/// Only regular files: a FIFO would block and a device such as /dev/zero never ends.
func readFileContents(atPath path: String) -> Result<[UInt8], FileReadFailure> {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { return .failure(FileReadFailure(code: errno)) }
    defer { close(descriptor) }

    var status = stat()
    guard fstat(descriptor, &status) == 0 else { return .failure(FileReadFailure(code: errno)) }
    if status.st_mode & S_IFMT == S_IFDIR { return .failure(FileReadFailure(code: EISDIR)) }
    guard status.st_mode & S_IFMT == S_IFREG else {
        return .failure(FileReadFailure(reason: "not a regular file (a device, pipe or socket)"))
    }
    guard status.st_size <= maximumFileSize else {
        return .failure(FileReadFailure(reason: "larger than \(maximumFileSize >> 30) GiB"))
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Int(status.st_size) + 1)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count == 0 { return .success(bytes) }
        if count < 0 {
            if errno == EINTR { continue }
            return .failure(FileReadFailure(code: errno))
        }
        bytes.append(contentsOf: chunk.prefix(count))
        // A file that grows while it is read stops at the cap too.
        if bytes.count > maximumFileSize {
            return .failure(FileReadFailure(reason: "larger than \(maximumFileSize >> 30) GiB"))
        }
    }
}

/// The largest file read whole: far above any table or boundary file, far below memory.
let maximumFileSize = 1 << 30

/// Why a file could not be read: the `strerror(3)` text of an errno code, or a reason.
struct FileReadFailure: Error {
    let text: String

    init(code: Int32) { text = String(cString: strerror(code)) }
    init(reason: String) { text = reason }
}
