// Writing small classic pcap files, for golden tests and fixtures the project makes itself.

/// Writes a classic pcap file through libpcap's dump API (`pcap_open_dead`, `pcap_dump_open`,
/// `pcap_dump`): https://www.tcpdump.org/manpages/pcap_dump_open.3pcap.html
///
/// Not `Sendable`: one writer owns the file; it is closed when the writer goes away.
public final class CaptureWriter {
    private let dumper: PcapDumper
    private let nanosecond: Bool

    /// Creates (or truncates) `path` for packets of `linkType`.
    public init(path: String, linkType: LinkType, snapLength: Int = 262_144,
                nanosecond: Bool = false) throws {
        do {
            dumper = try PcapDumper(path: path, linkType: Int32(linkType.rawValue),
                                    snapLength: Int32(snapLength), nanosecond: nanosecond)
        } catch {
            throw SourceError(.unreadable, "\(path): cannot write a capture (\(error.text))")
        }
        self.nanosecond = nanosecond
    }

    /// Appends one packet; the timestamp is cut to microseconds in a microsecond file.
    public func write(timestampNanoseconds: Int64, originalLength: Int? = nil,
                      bytes: UnsafeRawBufferPointer) {
        let seconds = timestampNanoseconds / 1_000_000_000
        let nanoseconds = timestampNanoseconds % 1_000_000_000
        dumper.write(seconds: Int(seconds),
                     fraction: Int(nanosecond ? nanoseconds : nanoseconds / 1000),
                     wireLength: originalLength ?? bytes.count, bytes: bytes)
    }

    /// Appends one packet from an array.
    public func write(timestampNanoseconds: Int64, originalLength: Int? = nil, bytes: [UInt8]) {
        bytes.withUnsafeBytes {
            write(timestampNanoseconds: timestampNanoseconds, originalLength: originalLength,
                  bytes: $0)
        }
    }

    /// Pushes buffered packets to the file; true on success.
    @discardableResult
    public func flush() -> Bool { dumper.flush() }
}
