// Capture files, all through our own incremental reader (large read(2) calls, no copy per
// packet): it reads classic pcap faster than libpcap's pcap_next_ex loop, and pcapng files that
// libpcap 1.10 refuses. Its rules for damaged records follow libpcap's (see ClassicPcap.swift),
// and the tests compare both readers packet by packet on the corpus.

#if canImport(Glibc)
import Glibc
#endif

/// Reads capture files, whatever their name says, at nanosecond precision.
public enum CaptureFile {
    /// Reads a capture file and calls `body` for each packet in file order.
    ///
    /// The format comes from the magic number, not the extension: classic pcap in either byte
    /// order, micro- or nanosecond (pcap-savefile(5)), and pcapng, including the files whose
    /// interfaces differ in link type or snap length that libpcap 1.10 refuses; both through
    /// our own bounds-checked readers. A pipe or other non-regular file is read the same way.
    ///
    /// A file cut off inside a record yields every whole packet before it, a warning naming
    /// the packet and byte, and `truncatedFile`.
    ///
    /// - Parameter body: gets each packet; its `bytes` are valid only during the call.
    /// - Throws: `SourceError`: `.notFound`, `.unreadable`, `.unknownFormat` (bad magic),
    ///   `.unsupportedVersion`, `.inconsistent` (a header or block that contradicts itself;
    ///   packets before it have been handed to `body`), or whatever `body` throws.
    public static func read(path: String,
                            _ body: (PacketView) throws -> Void) throws -> SourceReport {
        let name = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw openError(name: name, errno: errno) }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw SourceError(.unreadable, "\(name): cannot stat it (\(errorText(errno)))")
        }
        let kind = status.st_mode & S_IFMT
        if kind == S_IFDIR {
            throw SourceError(.unreadable, "\(name): is a directory, not a capture file")
        }
        guard kind == S_IFREG else {
            return try readIncrementally(descriptor: descriptor, name: name, body)
        }

        // The header is checked first, so that a bad magic or version is named before reading.
        var head = [UInt8](repeating: 0, count: ClassicPcapHeader.length)
        let headLength = head.withUnsafeMutableBytes { preadFully(descriptor, $0) }
        guard headLength >= 0 else {
            throw SourceError(.unreadable, "\(name): read failed (\(errorText(errno)))")
        }
        let format = try head.withUnsafeBytes {
            try CaptureFormat.detect(UnsafeRawBufferPointer(rebasing: $0[..<headLength]),
                                     name: name)
        }
        guard format == .classic, headLength == ClassicPcapHeader.length else {
            return try readIncrementally(descriptor: descriptor, name: name, body)
        }
        _ = try head.withUnsafeBytes { try ClassicPcapHeader($0, name: name) }
        guard lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw SourceError(.unreadable, "\(name): cannot seek (\(errorText(errno)))")
        }
        return try readIncrementally(descriptor: descriptor, name: name, body)
    }

    // MARK: - Own reader

    private static func readIncrementally(
        descriptor: Int32, name: String, _ body: (PacketView) throws -> Void
    ) throws -> SourceReport {
        let reader = IncrementalReader(name: name, inputNoun: "file", capacity: 256 * 1024)
        try reader.readAll(descriptor: descriptor, body)
        let warning = try reader.finish()
        return SourceReport(name: name, format: reader.format, packets: reader.packets,
                            linkTypes: reader.linkTypes, warnings: warning.map { [$0] } ?? [],
                            truncatedFile: warning != nil)
    }

    // MARK: - System calls

    /// Reads up to `buffer.count` bytes from offset 0; the count read, or -1.
    private static func preadFully(_ descriptor: Int32, _ buffer: UnsafeMutableRawBufferPointer)
        -> Int {
        var total = 0
        while total < buffer.count {
            let got = pread(descriptor, buffer.baseAddress! + total, buffer.count - total,
                            off_t(total))
            if got < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if got == 0 { break }
            total += got
        }
        return total
    }

    private static func openError(name: String, errno code: Int32) -> SourceError {
        switch code {
        case ENOENT, ENOTDIR: SourceError(.notFound, "\(name): no such file")
        case EACCES, EPERM: SourceError(.unreadable, "\(name): permission denied")
        default: SourceError(.unreadable, "\(name): cannot open it (\(errorText(code)))")
        }
    }
}

/// `strerror` text for an errno value.
func errorText(_ code: Int32) -> String {
    String(cString: strerror(code))
}
