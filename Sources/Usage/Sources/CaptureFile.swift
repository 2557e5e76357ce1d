// Capture files: classic pcap through libpcap (the fastest reader there is), pcapng and
// anything that is not a regular file through our own incremental reader.

#if canImport(Glibc)
import Glibc
#endif

/// Reads capture files, whatever their name says, at nanosecond precision.
public enum CaptureFile {
    /// Reads a capture file and calls `body` for each packet in file order.
    ///
    /// The format comes from the magic number, not the extension: classic pcap in either byte
    /// order, micro- or nanosecond, through libpcap
    /// (`pcap_open_offline_with_tstamp_precision` at nanosecond precision and a
    /// `pcap_next_ex` loop, https://www.tcpdump.org/manpages/pcap_next_ex.3pcap.html);
    /// pcapng through our own bounds-checked block reader, which also reads the files whose
    /// interfaces differ in link type or snap length that libpcap 1.10 refuses. A pipe or
    /// other non-regular file is read incrementally like a stream.
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

        // Only classic pcap goes to libpcap; its header is checked here so that a bad magic or
        // version gets our message rather than libpcap's.
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
        let header = try head.withUnsafeBytes { try ClassicPcapHeader($0, name: name) }
        return try readWithLibpcap(path: path, name: name, header: header,
                                   descriptor: descriptor, body)
    }

    // MARK: - libpcap

    private static func readWithLibpcap(
        path: String, name: String, header: ClassicPcapHeader, descriptor: Int32,
        _ body: (PacketView) throws -> Void
    ) throws -> SourceReport {
        let handle: PcapHandle
        switch PcapHandle.openOffline(path: path) {
        case .success(let opened): handle = opened
        case .failure(let failure):
            throw SourceError(.unreadable, "\(name): libpcap cannot open it (\(failure.text))")
        }

        let linkType = header.linkType
        var packets = 0
        reading: while true {
            switch handle.next() {
            case .packet(let packet):
                packets += 1
                // libpcap sign-extends the 32-bit seconds; the format says they are unsigned.
                let seconds = Int64(UInt32(truncatingIfNeeded: packet.seconds))
                try body(PacketView(
                    timestampNanoseconds: seconds &* 1_000_000_000 &+ Int64(packet.fraction),
                    linkType: linkType,
                    originalLength: packet.wireLength,
                    bytes: UnsafeRawBufferPointer(start: packet.data,
                                                  count: packet.captureLength)))
            case .end:
                break reading
            case .timeout:
                continue reading
            case .failure:
                let warning = try diagnose(descriptor: descriptor, name: name, packets: packets,
                                           libpcapText: handle.lastError)
                return SourceReport(name: name, format: header.format, packets: packets,
                                    linkTypes: packets > 0 ? [linkType: packets] : [:],
                                    warnings: [warning], truncatedFile: true)
            }
        }
        return SourceReport(name: name, format: header.format, packets: packets,
                            linkTypes: packets > 0 ? [linkType: packets] : [:])
    }

    /// After libpcap stopped early: walks the records again with our own parser to name the
    /// packet and byte where the file ends or goes wrong.
    ///
    /// - Returns: the cut-off warning.
    /// - Throws: `.inconsistent` for a damaged record, `.unreadable` if no fault is found.
    private static func diagnose(descriptor: Int32, name: String, packets: Int,
                                 libpcapText: String) throws -> String {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw SourceError(.unreadable, "\(name): libpcap stopped after \(packets) packets "
                              + "(\(libpcapText))")
        }
        let reader = IncrementalReader(name: name, inputNoun: "file")
        try reader.readAll(descriptor: descriptor) { _ in }
        if let warning = try reader.finish() { return warning }
        throw SourceError(.unreadable, """
            \(name): libpcap stopped after \(packets) packets (\(libpcapText)) although the \
            records look whole
            """)
    }

    // MARK: - Own reader

    private static func readIncrementally(
        descriptor: Int32, name: String, _ body: (PacketView) throws -> Void
    ) throws -> SourceReport {
        let reader = IncrementalReader(name: name, inputNoun: "file")
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
