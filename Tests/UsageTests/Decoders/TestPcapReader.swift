// Test support only: a minimal classic-pcap reader, so the decoder tests can read corpus files
// without the Sources module or libpcap. pcapng is not read (those files are skipped).

import Foundation
import Usage

/// The records of one classic pcap file (https://www.ietf.org/archive/id/
/// draft-ietf-opsawg-pcap-04.html §4–5), read whole into memory.
struct TestPcapFile {
    struct Record {
        let originalLength: Int
        let bytes: [UInt8]
    }

    let linkType: LinkType
    let records: [Record]
    /// The file ended inside a record (its partial bytes are not in `records`).
    let endsMidRecord: Bool

    enum ReadError: Error, Equatable {
        case notClassicPcap
        case shortHeader
    }

    /// The corpus folder (`../shared/corpus/pcap` beside the package root), if present.
    static let corpusDirectory: URL? = {
        var directory = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { directory.deleteLastPathComponent() }  // …/Tests/UsageTests/Decoders
        let candidates = [
            directory.deletingLastPathComponent().appendingPathComponent("shared/corpus/pcap"),
            URL(fileURLWithPath: "/work/shared/corpus/pcap"),
        ]
        return candidates.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("MANIFEST.tsv").path)
        }
    }()

    static var corpusIsPresent: Bool { corpusDirectory != nil }

    /// Reads `name` from the corpus folder.
    static func corpus(_ name: String) throws -> TestPcapFile {
        guard let directory = corpusDirectory else { throw CocoaError(.fileNoSuchFile) }
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try TestPcapFile(bytes: [UInt8](data))
    }

    /// Parses a classic pcap file in either byte order, micro- or nanosecond magic.
    init(bytes: [UInt8]) throws {
        guard bytes.count >= 24 else { throw ReadError.shortHeader }
        let magic = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16
            | UInt32(bytes[3]) << 24
        let bigEndian: Bool
        switch magic {
        case 0xA1B2_C3D4, 0xA1B2_3C4D: bigEndian = false
        case 0xD4C3_B2A1, 0x4D3C_B2A1: bigEndian = true
        default: throw ReadError.notClassicPcap
        }

        func word(_ offset: Int) -> UInt32 {
            let value = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            return bigEndian ? value.byteSwapped : value
        }

        // The link type is the low 16 bits of the last header word (the rest is FCS info).
        linkType = LinkType(rawValue: word(20) & 0xFFFF)
        var records: [Record] = []
        var offset = 24
        var endsMidRecord = false
        while offset < bytes.count {
            guard offset + 16 <= bytes.count else {
                endsMidRecord = true
                break
            }
            let captured = Int(word(offset + 8))
            let original = Int(word(offset + 12))
            guard offset + 16 + captured <= bytes.count else {
                endsMidRecord = true
                break
            }
            records.append(Record(originalLength: original,
                                  bytes: Array(bytes[offset + 16 ..< offset + 16 + captured])))
            offset += 16 + captured
        }
        self.records = records
        self.endsMidRecord = endsMidRecord
    }

    /// Decodes every record with `FrameDecoder.decode(_:)`.
    func decodeAll() -> [DecodedFrame] {
        records.map { record in
            record.bytes.withUnsafeBytes { bytes in
                FrameDecoder.decode(PacketView(timestampNanoseconds: 0, linkType: linkType,
                                               originalLength: record.originalLength,
                                               bytes: bytes))
            }
        }
    }
}
