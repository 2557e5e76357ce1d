// The classic pcap savefile format, read by our own code where libpcap cannot be used (a byte
// stream from an AP, a pipe) and to locate the damage when libpcap stops early.
// Format: draft-ietf-opsawg-pcap, https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html
// Byte-for-byte behaviour follows libpcap 1.10 `sf-pcap.c` (snapshot clamp, sanity maximum).
//
//   file header (24 bytes)                 record header (16 bytes, 24 in "modified" files)
//   +-------------+---------+---------+    +-----------+----------+--------+--------+
//   | magic       | major   | minor   |    | seconds   | fraction | caplen | len    |
//   | reserved 1  | reserved 2        |    +-----------+----------+--------+--------+
//   | snaplen     | link type (+FCS)  |    | caplen bytes of packet data ...        |
//   +-------------+-------------------+    +----------------------------------------+

// MARK: - Byte order

/// Reads a 32-bit field at `offset` in the file's byte order; the caller checked the bounds.
@inline(__always)
func readUInt32(_ base: UnsafeRawPointer, _ offset: Int, bigEndian: Bool) -> UInt32 {
    let raw = base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
    return bigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw)
}

/// Reads a 16-bit field at `offset` in the file's byte order; the caller checked the bounds.
@inline(__always)
func readUInt16(_ base: UnsafeRawPointer, _ offset: Int, bigEndian: Bool) -> UInt16 {
    let raw = base.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
    return bigEndian ? UInt16(bigEndian: raw) : UInt16(littleEndian: raw)
}

/// The host's byte order, to name a file "swapped" the way libpcap does.
let hostIsBigEndian = 1.bigEndian == 1

// MARK: - Format detection

/// The two savefile families, told apart by the first four bytes (never by the file name).
enum CaptureFormat {
    case classic
    case pcapng

    /// pcapng Section Header Block type; the same in both byte orders.
    static let pcapngMagic: UInt32 = 0x0A0D_0D0A

    /// Classifies the first four bytes, or throws `.unknownFormat` naming what was found.
    static func detect(_ first: UnsafeRawBufferPointer, name: String) throws(SourceError) -> Self {
        guard first.count >= 4, let base = first.baseAddress else {
            let what = first.isEmpty ? "it is empty" : "only \(first.count) bytes"
            throw SourceError(.unknownFormat, "\(name): not a capture file (\(what))")
        }
        let magic = readUInt32(base, 0, bigEndian: true)
        if magic == pcapngMagic { return .pcapng }
        if ClassicPcapHeader.variant(magic: magic) != nil { return .classic }
        throw SourceError(.unknownFormat, """
            \(name): not a capture file (magic 0x0a0d0d0a expected for pcapng or 0xa1b2c3d4 / \
            0xa1b23c4d for pcap, in either byte order; found \(hex(magic)))
            """)
    }
}

/// `0x` and eight lowercase hex digits.
func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}

// MARK: - File header

/// The 24-byte classic pcap file header, checked the way libpcap 1.10 checks it.
struct ClassicPcapHeader {
    static let length = 24

    var bigEndian: Bool
    var nanosecond: Bool
    /// 24 in Alexey Kuznetzov's "modified" format, else 16.
    var recordHeaderLength: Int
    var linkType: LinkType
    /// libpcap clamps an absent or oversized snap length to the maximum for the link type.
    var snapshot: Int
    /// A record claiming more than this is damage, not data (`max_snaplen_for_dlt`).
    var maximumCaptureLength: Int

    /// `pcap`, `pcap (nanosecond)`, `pcap (swapped)`, `pcap (swapped, nanosecond)`, …
    var format: String {
        var traits: [String] = []
        if bigEndian != hostIsBigEndian { traits.append("swapped") }
        if nanosecond { traits.append("nanosecond") }
        if recordHeaderLength == 24 { traits.append("modified") }
        return traits.isEmpty ? "pcap" : "pcap (\(traits.joined(separator: ", ")))"
    }

    /// (big-endian file, nanosecond, modified) for a magic read as big-endian, else nil.
    static func variant(magic: UInt32) -> (bigEndian: Bool, nanosecond: Bool, modified: Bool)? {
        switch magic {
        case 0xA1B2_C3D4: (true, false, false)
        case 0xD4C3_B2A1: (false, false, false)
        case 0xA1B2_3C4D: (true, true, false)
        case 0x4D3C_B2A1: (false, true, false)
        case 0xA1B2_CD34: (true, false, true)
        case 0x34CD_B2A1: (false, false, true)
        default: nil
        }
    }

    /// Parses the header from at least 24 bytes; throws for a bad magic or version.
    init(_ bytes: UnsafeRawBufferPointer, name: String) throws(SourceError) {
        guard bytes.count >= Self.length, let base = bytes.baseAddress,
              let variant = Self.variant(magic: readUInt32(base, 0, bigEndian: true))
        else {
            _ = try CaptureFormat.detect(bytes, name: name)
            throw SourceError(.unknownFormat, "\(name): not a pcap file")
        }
        bigEndian = variant.bigEndian
        nanosecond = variant.nanosecond
        recordHeaderLength = variant.modified ? 24 : 16

        // libpcap reads 2.0 to 2.4; 1.x is its "archaic" format and anything newer is unknown.
        let major = readUInt16(base, 4, bigEndian: bigEndian)
        let minor = readUInt16(base, 6, bigEndian: bigEndian)
        guard major == 2, minor <= 4 else {
            throw SourceError(.unsupportedVersion, """
                \(name): unsupported pcap version \(major).\(minor) (versions 2.0 to 2.4 are read)
                """)
        }

        // The upper bits of the link-type field carry FCS flags (LT_FCS_DATALINK_EXT).
        linkType = LinkType(rawValue: readUInt32(base, 20, bigEndian: bigEndian) & 0xFFFF)
        maximumCaptureLength = Self.maximumCaptureLength(for: linkType)
        let snapLength = Int(readUInt32(base, 16, bigEndian: bigEndian))
        snapshot = snapLength == 0 || snapLength > maximumCaptureLength
            ? maximumCaptureLength : snapLength
    }

    /// libpcap's `max_snaplen_for_dlt`: larger for D-Bus, EBHSCR and USBPcap, else 256 KiB.
    static func maximumCaptureLength(for linkType: LinkType) -> Int {
        switch linkType.rawValue {
        case 231: 128 * 1024 * 1024     // DBUS
        case 279: 8 * 1024 * 1024       // EBHSCR
        case 249: 1024 * 1024           // USBPCAP
        default: 262_144
        }
    }
}

// MARK: - Records

/// Walks classic pcap records in whatever bytes are available; keeps its place between calls.
///
/// Not `Sendable`: one reader owns it.
final class ClassicPcapParser: RecordParser {
    let name: String
    private(set) var header: ClassicPcapHeader?
    private(set) var packets = 0

    init(name: String) {
        self.name = name
    }

    var format: String { header?.format ?? "pcap" }

    var linkTypes: [LinkType: Int] {
        guard let header, packets > 0 else { return [:] }
        return [header.linkType: packets]
    }

    func parse(_ bytes: UnsafeRawBufferPointer, base offset: Int,
               _ body: (PacketView) throws -> Void) throws -> Int {
        guard let start = bytes.baseAddress else { return 0 }
        let count = bytes.count
        var position = 0

        if header == nil {
            guard count >= ClassicPcapHeader.length else { return 0 }
            header = try ClassicPcapHeader(bytes, name: name)
            position = ClassicPcapHeader.length
        }
        guard let header else { return position }

        // Hoisted so the loop reads locals only.
        let bigEndian = header.bigEndian
        let recordHeaderLength = header.recordHeaderLength
        let maximum = header.maximumCaptureLength
        let snapshot = header.snapshot
        let linkType = header.linkType
        let fractionScale: Int64 = header.nanosecond ? 1 : 1000

        while count - position >= recordHeaderLength {
            let captureLength = Int(readUInt32(start, position + 8, bigEndian: bigEndian))
            if captureLength > maximum {
                throw SourceError(.inconsistent, """
                    \(name): packet \(packets + 1) at byte \(offset + position) claims \
                    \(captureLength) captured bytes, more than the \(maximum) a pcap record \
                    may hold; the \(packets) whole packets before it were read
                    """)
            }
            let recordLength = recordHeaderLength + captureLength
            guard count - position >= recordLength else { break }

            // libpcap reads the fraction as a signed 32-bit field; do the same so both paths
            // agree on damaged files.
            let seconds = Int64(readUInt32(start, position, bigEndian: bigEndian))
            let fraction = Int64(Int32(bitPattern: readUInt32(start, position + 4,
                                                              bigEndian: bigEndian)))
            let wireLength = Int(readUInt32(start, position + 12, bigEndian: bigEndian))
            packets += 1
            try body(PacketView(
                timestampNanoseconds: seconds &* 1_000_000_000 &+ fraction &* fractionScale,
                linkType: linkType,
                originalLength: wireLength,
                bytes: UnsafeRawBufferPointer(start: start + position + recordHeaderLength,
                                              count: min(captureLength, snapshot))))
            position += recordLength
        }
        return position
    }

    func cutOff(leftover: UnsafeRawBufferPointer, at offset: Int, inputEnd: Int,
                inputNoun: String) -> String {
        if header == nil {
            return """
                \(name): cut off inside the file header (\(leftover.count) of \
                \(ClassicPcapHeader.length) bytes); no packets were read
                """
        }
        return """
            \(name): cut off inside packet \(packets + 1) (its record starts at byte \(offset); \
            the \(inputNoun) ends at byte \(inputEnd)); the \(packets) whole packets before it \
            were read
            """
    }
}
