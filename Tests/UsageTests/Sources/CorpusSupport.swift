// Shared by the source tests: where the shared pcap corpus is, its MANIFEST.tsv as rows, and
// packets copied out of a source so two readers can be compared.

import Foundation
import Testing
@testable import Usage

/// The shared corpus at `../shared/corpus/pcap`, found from this file's path.
enum Corpus {
    static let directory: String = {
        var url = URL(fileURLWithPath: #filePath)
        // …/main/Tests/UsageTests/Sources/CorpusSupport.swift → …/shared/corpus/pcap
        for _ in 0..<5 { url.deleteLastPathComponent() }
        let candidate = url.appendingPathComponent("shared/corpus/pcap").path
        if FileManager.default.fileExists(atPath: candidate + "/MANIFEST.tsv") { return candidate }
        return "/work/shared/corpus/pcap"
    }()

    static var isPresent: Bool {
        FileManager.default.fileExists(atPath: directory + "/MANIFEST.tsv")
    }

    static func path(_ file: String) -> String { directory + "/" + file }

    /// The manifest rows, or none when the corpus is absent.
    static let manifest: [ManifestRow] = {
        guard let text = try? String(contentsOfFile: directory + "/MANIFEST.tsv", encoding: .utf8)
        else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard let headerLine = lines.first else { return [] }
        let columns = headerLine.split(separator: "\t", omittingEmptySubsequences: false)
            .map(String.init)
        lines.removeFirst()
        return lines.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                .map(String.init)
            var row: [String: String] = [:]
            for (index, column) in columns.enumerated() where index < fields.count {
                row[column] = fields[index]
            }
            return ManifestRow(fields: row)
        }
    }()

    static func row(_ file: String) -> ManifestRow? { manifest.first { $0.file == file } }
}

/// One MANIFEST.tsv line and what `CaptureFile.read` should make of it.
struct ManifestRow: Sendable, CustomStringConvertible {
    enum Expectation: Sendable, Equatable {
        /// All `packet_count` packets, no warning.
        case whole
        /// `packet_count` whole packets, then a cut-off warning.
        case truncated
        case refused(SourceError.Kind)
    }

    let fields: [String: String]

    var file: String { fields["file"] ?? "" }
    var packetCount: Int { Int(fields["packet_count"] ?? "") ?? -1 }
    var libpcapVerdict: String { fields["libpcap_1.10.3_check"] ?? "" }
    var description: String { file }

    /// The link types named in `link_type`, e.g. `EN10MB(1)+NULL(0)` → {1, 0}; `-` → {}.
    var linkTypes: Set<LinkType> {
        let text = fields["link_type"] ?? ""
        var result: Set<LinkType> = []
        var digits = ""
        var inside = false
        for character in text {
            if character == "(" { inside = true; digits = "" }
            else if character == ")" {
                if let value = UInt32(digits) { result.insert(LinkType(rawValue: value)) }
                inside = false
            } else if inside { digits.append(character) }
        }
        return result
    }

    /// Read off libpcap's verdict: what libpcap reads to the end must be read whole; the
    /// pcapng files it refuses for their interfaces are read by our own reader.
    var expectation: Expectation {
        let verdict = libpcapVerdict
        if verdict.hasSuffix("pkts, eof") { return .whole }
        if verdict.contains("an interface has a") { return .whole }
        if verdict.contains("no Interface Description Blocks") { return .whole }
        if verdict.contains("truncated dump file") { return .truncated }
        if verdict.contains("unknown file format") { return .refused(.unknownFormat) }
        if verdict.contains("version") || verdict.contains("archaic") {
            return .refused(.unsupportedVersion)
        }
        return .refused(.inconsistent)
    }
}

/// A packet copied out of a source, for comparing readers.
struct CopiedPacket: Equatable, CustomStringConvertible {
    let timestampNanoseconds: Int64
    let linkType: LinkType
    let originalLength: Int
    let bytes: [UInt8]

    init(_ packet: PacketView) {
        timestampNanoseconds = packet.timestampNanoseconds
        linkType = packet.linkType
        originalLength = packet.originalLength
        bytes = Array(packet.bytes)
    }

    var description: String {
        "\(timestampNanoseconds) \(linkType) \(bytes.count)/\(originalLength)"
    }
}

/// Reads a file with `CaptureFile` and keeps copies of its packets.
func readCopies(_ path: String) throws -> (SourceReport, [CopiedPacket]) {
    var packets: [CopiedPacket] = []
    let report = try CaptureFile.read(path: path) { packets.append(CopiedPacket($0)) }
    return (report, packets)
}

/// Feeds `bytes` to `StreamCapture` in chunks of `chunkSize` and keeps copies of its packets.
func streamCopies(_ bytes: [UInt8], chunkSize: Int,
                  name: String = "AP:test") throws -> (SourceReport, [CopiedPacket]) {
    var packets: [CopiedPacket] = []
    var position = 0
    let report = try StreamCapture.read(name: name, nextChunk: {
        let end = min(bytes.count, position + chunkSize)
        defer { position = end }
        return Array(bytes[position..<end])
    }) { packets.append(CopiedPacket($0)) }
    return (report, packets)
}

/// A scratch file path under the system temporary directory.
func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory
        .appendingPathComponent("usage-sources-\(getpid())-\(name)").path
}

func fileBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}
