// pcapng, read by our own bounds-checked block walker: libpcap 1.10 refuses files whose
// interfaces differ in link type or snap length, which is what a multi-interface capture is.
// Format: draft-ietf-opsawg-pcapng,
// https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-03.html
// (§4 general block structure, §4.1 SHB, §4.2 IDB and if_tsresol/if_tsoffset, §4.3 EPB,
// §4.4 SPB, Appendix A obsolete Packet Block).
//
//    0                   1                   2                   3
//   +---------------------------------------------------------------+
//   |                          Block Type                           |
//   |                      Block Total Length                       |
//   /                          Block Body                           /
//   |                      Block Total Length                       |
//   +---------------------------------------------------------------+

/// Walks pcapng blocks in whatever bytes are available; keeps sections and interfaces.
///
/// Not `Sendable`: one reader owns it.
final class PcapngParser: RecordParser {
    /// One Interface Description Block of the current section.
    private struct Interface {
        var linkType: LinkType
        var snapLength: Int
        /// Index into `counts`, so a packet costs one array increment.
        var slot: Int
        var clock: Clock
    }

    /// Turns an interface's timestamp units into nanoseconds (if_tsresol, if_tsoffset).
    private struct Clock {
        /// Nanoseconds per unit when that is a whole number (resolutions of 1 ns and coarser
        /// in powers of ten), else 0.
        var nanosecondsPerUnit: UInt64 = 1000
        /// if_tsresol: exponent, and whether the base is 2 rather than 10.
        var exponent = 6
        var binary = false
        var offsetSeconds: Int64 = 0

        init() {}

        init(resolution: UInt8, offsetSeconds: Int64) {
            binary = resolution & 0x80 != 0
            exponent = Int(resolution & 0x7F)
            self.offsetSeconds = offsetSeconds
            nanosecondsPerUnit = !binary && exponent <= 9 ? Self.powerOfTen(9 - exponent) : 0
        }

        static func powerOfTen(_ exponent: Int) -> UInt64 {
            var value: UInt64 = 1
            for _ in 0..<exponent { value &*= 10 }
            return value
        }

        @inline(__always)
        func nanoseconds(_ units: UInt64) -> Int64 {
            let base: UInt64
            if nanosecondsPerUnit != 0 {
                base = units &* nanosecondsPerUnit
            } else if binary {
                // units × 10⁹ / 2^exponent, through a 128-bit product.
                let product = units.multipliedFullWidth(by: 1_000_000_000)
                base = exponent >= 128 ? 0
                    : exponent >= 64 ? product.high >> UInt64(exponent - 64)
                    : exponent == 0 ? product.low
                    : product.high << UInt64(64 - exponent) | product.low >> UInt64(exponent)
            } else {
                // Finer than 1 ns: 10^exponent may exceed UInt64 beyond 10^19.
                base = exponent > 28 ? 0 : units / Self.powerOfTen(exponent - 9)
            }
            return Int64(bitPattern: base) &+ offsetSeconds &* 1_000_000_000
        }
    }

    private enum BlockType {
        static let sectionHeader: UInt32 = 0x0A0D_0D0A
        static let interfaceDescription: UInt32 = 1
        static let obsoletePacket: UInt32 = 2
        static let simplePacket: UInt32 = 3
        static let enhancedPacket: UInt32 = 6
    }

    /// libpcap's initial block size limit; larger blocks are damage, not data.
    static let maximumBlockLength = 16 * 1024 * 1024

    let name: String
    private(set) var packets = 0
    private var sectionStarted = false
    private var bigEndian = false
    private var interfaces: [Interface] = []
    /// Packets per link type, in the order first seen.
    private var counts: [(linkType: LinkType, packets: Int)] = []

    init(name: String) {
        self.name = name
    }

    var format: String { "pcapng" }

    var linkTypes: [LinkType: Int] {
        var result: [LinkType: Int] = [:]
        for entry in counts where entry.packets > 0 {
            result[entry.linkType, default: 0] += entry.packets
        }
        return result
    }

    func parse(_ bytes: UnsafeRawBufferPointer, base offset: Int,
               _ body: (PacketView) throws -> Void) throws -> Int {
        guard let start = bytes.baseAddress else { return 0 }
        let count = bytes.count
        var position = 0

        while count - position >= 12 {
            let at = offset + position
            let type = readUInt32(start, position, bigEndian: bigEndian)

            if type == BlockType.sectionHeader {
                guard count - position >= 16 else { break }
                try startSection(start + position, at: at)
            } else if !sectionStarted {
                throw SourceError(.unknownFormat, """
                    \(name): not a capture file (a pcapng file starts with a section header \
                    block; found block type \(hex(type)))
                    """)
            }

            let length = Int(readUInt32(start, position + 4, bigEndian: bigEndian))
            try checkLength(length, type: type, at: at)
            guard count - position >= length else { break }
            let trailer = Int(readUInt32(start, position + length - 4, bigEndian: bigEndian))
            guard trailer == length else {
                throw inconsistent(at, """
                    total length \(length) in its header but \(trailer) in its trailer
                    """)
            }

            let block = UnsafeRawBufferPointer(start: start + position + 8, count: length - 12)
            switch type {
            case BlockType.enhancedPacket, BlockType.obsoletePacket, BlockType.simplePacket:
                try packet(type: type, body: block, at: at, body)
            case BlockType.interfaceDescription:
                try describeInterface(block, at: at)
            default:
                break    // SHB handled above; statistics, name resolution, custom: skipped.
            }
            position += length
        }
        return position
    }

    func cutOff(leftover: UnsafeRawBufferPointer, at offset: Int, inputEnd: Int,
                inputNoun: String) -> String {
        let place = "it starts at byte \(offset); the \(inputNoun) ends at byte \(inputEnd)"
        let read = packets == 0
            ? "no packets were read" : "the \(packets) whole packets before it were read"
        guard leftover.count >= 4, let base = leftover.baseAddress else {
            return "\(name): cut off inside a block header (\(place)); \(read)"
        }
        let type = readUInt32(base, 0, bigEndian: bigEndian)
        switch type {
        case BlockType.enhancedPacket, BlockType.obsoletePacket, BlockType.simplePacket:
            return "\(name): cut off inside packet \(packets + 1) (\(place)); \(read)"
        case BlockType.sectionHeader:
            return "\(name): cut off inside a section header block (\(place)); \(read)"
        default:
            return "\(name): cut off inside a block of type \(hex(type)) (\(place)); \(read)"
        }
    }

    // MARK: - Blocks

    /// SHB (§4.1): byte order, version; a new section forgets the previous interfaces.
    private func startSection(_ block: UnsafeRawPointer, at: Int) throws {
        let byteOrderMagic = readUInt32(block, 8, bigEndian: false)
        switch byteOrderMagic {
        case 0x1A2B_3C4D: bigEndian = false
        case 0x4D3C_2B1A: bigEndian = true
        default:
            throw inconsistent(at, """
                byte-order magic \(hex(byteOrderMagic)) is neither 0x1a2b3c4d nor its byte swap
                """)
        }
        let major = readUInt16(block, 12, bigEndian: bigEndian)
        let minor = readUInt16(block, 14, bigEndian: bigEndian)
        // libpcap 1.10 reads 1.0 and 1.2 (1.2 was written by some early tools).
        guard major == 1, minor == 0 || minor == 2 else {
            throw SourceError(.unsupportedVersion, """
                \(name): unsupported pcapng version \(major).\(minor) at byte \(at) \
                (versions 1.0 and 1.2 are read)
                """)
        }
        sectionStarted = true
        interfaces.removeAll(keepingCapacity: true)
    }

    /// The general block rules (§4): at least 12 bytes, a multiple of 4, and sane.
    private func checkLength(_ length: Int, type: UInt32, at: Int) throws {
        let minimum = type == BlockType.sectionHeader ? 28 : 12
        if length < minimum {
            let what = minimum == 12 ? "a block header" : "a section header block"
            throw inconsistent(at, "length \(length) is shorter than \(what)")
        }
        if length % 4 != 0 {
            throw inconsistent(at, "length \(length) is not a multiple of 4")
        }
        if length > Self.maximumBlockLength {
            throw inconsistent(at, """
                length \(length) is more than the \(Self.maximumBlockLength) bytes a block may hold
                """)
        }
    }

    /// IDB (§4.2): link type, snap length, and the timestamp options.
    private func describeInterface(_ block: UnsafeRawBufferPointer, at: Int) throws {
        guard block.count >= 8, let base = block.baseAddress else {
            throw inconsistent(at, "interface description of \(block.count) bytes, less than 8")
        }
        let linkType = LinkType(rawValue: UInt32(readUInt16(base, 0, bigEndian: bigEndian)))
        let snapLength = Int(readUInt32(base, 4, bigEndian: bigEndian))

        var resolution: UInt8 = 6
        var offsetSeconds: Int64 = 0
        var position = 8
        while block.count - position >= 4 {
            let code = readUInt16(base, position, bigEndian: bigEndian)
            let length = Int(readUInt16(base, position + 2, bigEndian: bigEndian))
            if code == 0 { break }    // opt_endofopt
            guard block.count - position - 4 >= length else {
                throw inconsistent(at,
                                   "interface option \(code) of \(length) bytes overruns the block")
            }
            let value = position + 4
            if code == 9, length >= 1 {
                resolution = block[value]
            } else if code == 14, length >= 8 {
                let first = UInt64(readUInt32(base, value, bigEndian: bigEndian))
                let second = UInt64(readUInt32(base, value + 4, bigEndian: bigEndian))
                let combined = bigEndian ? first << 32 | second : second << 32 | first
                offsetSeconds = Int64(bitPattern: combined)
            }
            position = value + (length + 3) & ~3
        }

        let slot: Int
        if let existing = counts.firstIndex(where: { $0.linkType == linkType }) {
            slot = existing
        } else {
            counts.append((linkType, 0))
            slot = counts.count - 1
        }
        interfaces.append(Interface(
            linkType: linkType, snapLength: snapLength, slot: slot,
            clock: Clock(resolution: resolution, offsetSeconds: offsetSeconds)))
    }

    /// EPB (§4.3), SPB (§4.4) and the obsolete PB (Appendix A): one packet each.
    @inline(__always)
    private func packet(type: UInt32, body block: UnsafeRawBufferPointer, at: Int,
                        _ body: (PacketView) throws -> Void) throws {
        guard let base = block.baseAddress else {
            throw inconsistent(at, "packet block with an empty body")
        }
        let interfaceID: Int
        let units: UInt64
        let captureLength: Int
        let wireLength: Int
        let dataStart: Int

        switch type {
        case BlockType.simplePacket:
            guard block.count >= 4 else {
                throw inconsistent(at, "simple packet body of \(block.count) bytes, less than 4")
            }
            guard !interfaces.isEmpty else {
                throw inconsistent(at, "simple packet block before any interface description")
            }
            interfaceID = 0
            units = 0
            wireLength = Int(readUInt32(base, 0, bigEndian: bigEndian))
            let snapLength = interfaces[0].snapLength
            let limit = snapLength == 0 ? wireLength : min(wireLength, snapLength)
            captureLength = min(limit, block.count - 4)
            dataStart = 4
        default:
            guard block.count >= 20 else {
                throw inconsistent(at, "packet block body of \(block.count) bytes, less than 20")
            }
            interfaceID = type == BlockType.enhancedPacket
                ? Int(readUInt32(base, 0, bigEndian: bigEndian))
                : Int(readUInt16(base, 0, bigEndian: bigEndian))
            units = UInt64(readUInt32(base, 4, bigEndian: bigEndian)) << 32
                | UInt64(readUInt32(base, 8, bigEndian: bigEndian))
            captureLength = Int(readUInt32(base, 12, bigEndian: bigEndian))
            wireLength = Int(readUInt32(base, 16, bigEndian: bigEndian))
            dataStart = 20
            guard captureLength <= block.count - 20 else {
                throw inconsistent(at, """
                    captured length \(captureLength) overruns the block's \(block.count - 20) \
                    data bytes
                    """)
            }
            guard interfaceID < interfaces.count else {
                throw inconsistent(at, """
                    packet names interface \(interfaceID) but the section describes \
                    \(interfaces.count)
                    """)
            }
        }

        let interface = interfaces[interfaceID]
        counts[interface.slot].packets += 1
        packets += 1
        try body(PacketView(
            timestampNanoseconds: type == BlockType.simplePacket
                ? 0 : interface.clock.nanoseconds(units),
            linkType: interface.linkType,
            originalLength: wireLength,
            bytes: UnsafeRawBufferPointer(start: base + dataStart, count: captureLength)))
    }

    private func inconsistent(_ at: Int, _ problem: String) -> SourceError {
        let before = packets == 0 ? "" : "; the \(packets) whole packets before it were read"
        return SourceError(.inconsistent,
                           "\(name): pcapng block at byte \(at): \(problem)\(before)")
    }
}
