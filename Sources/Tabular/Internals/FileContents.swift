// Reads a whole file with open(2), fstat(2) and read(2); errors carry the errno text from
// strerror(3). https://man7.org/linux/man-pages/man2/read.2.html

import Glibc

/// Reads every byte of the file at `path`, or returns the `strerror(3)` text of the failure.
func readFileContents(atPath path: String) -> Result<[UInt8], FileReadFailure> {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return .failure(FileReadFailure(code: errno)) }
    defer { close(descriptor) }

    var status = stat()
    let sizeHint = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
    // TODO: no size cap and no check for a regular file, because callers pass files named on
    // the command line; a FIFO blocks and /dev/zero grows until memory runs out.
    var bytes: [UInt8] = []
    bytes.reserveCapacity(max(sizeHint, 0) + 1)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count == 0 { return .success(bytes) }
        if count < 0 {
            if errno == EINTR { continue }
            return .failure(FileReadFailure(code: errno))
        }
        bytes.append(contentsOf: chunk.prefix(count))
    }
}

/// Why a file could not be read: the errno code and its `strerror(3)` text.
struct FileReadFailure: Error {
    let code: Int32
    var text: String { String(cString: strerror(code)) }
}
