// CaptureFile beyond the corpus table: timestamps, byte orders, files written with libpcap's
// dump API, every prefix of a file, and garbage after a valid header.

import Foundation
import Testing
@testable import Usage

@Suite("CaptureFile")
struct CaptureFileTests {
    // Expected values from `tcpdump --nano -tt -nn -r FILE` (tcpdump 4.99, libpcap 1.10.3).

    @Test("a nanosecond pcap keeps all nine digits",
          .enabled(if: Corpus.isPresent, "the shared corpus is absent"))
    func nanosecondTimestamp() throws {
        let (_, packets) = try readCopies(Corpus.path("sll_nsec_handshake_tcpdump.pcap"))
        #expect(packets.first?.timestampNanoseconds == 1_418_145_369_924_505_488)
        #expect(packets.first?.linkType == .linuxSLL)
    }

    @Test("a microsecond pcap is scaled to nanoseconds",
          .enabled(if: Corpus.isPresent, "the shared corpus is absent"))
    func microsecondTimestamp() throws {
        let (_, packets) = try readCopies(Corpus.path("eth_tcp_gopacket.pcap"))
        #expect(packets.first?.timestampNanoseconds == 1_513_204_139_656_584_000)
    }

    @Test("a swapped-byte-order pcap reads with the right timestamps and lengths",
          .enabled(if: Corpus.isPresent, "the shared corpus is absent"))
    func swappedByteOrder() throws {
        let (report, packets) = try readCopies(Corpus.path("be_eth_pptp_tcpdump.pcap"))
        #expect(report.format == "pcap (swapped)")
        #expect(report.packets == 23)
        #expect(packets.first?.timestampNanoseconds == 954_147_395_148_077_000)
        #expect(packets.allSatisfy { $0.bytes.count <= $0.originalLength })
    }

    @Test("pcapng timestamps in nanoseconds, microseconds and 2^-8 seconds",
          .enabled(if: Corpus.isPresent, "the shared corpus is absent"))
    func pcapngTimestamps() throws {
        let (_, twoClocks) = try readCopies(Corpus.path("pcapng_2if_usec_nsec_zeek.pcapng"))
        #expect(twoClocks.map(\.timestampNanoseconds) == [
            1_767_663_089_500_330_493, 1_767_663_089_514_291_940,
            1_767_663_437_111_897_000, 1_767_663_437_126_460_000,
            1_767_663_437_128_303_000, 1_767_663_437_140_942_000,
        ])
        let (_, binary) = try readCopies(Corpus.path("pcapng_tsresol_pow2_gopacket.pcapng"))
        #expect(binary.first?.timestampNanoseconds == 1_519_128_000_195_312_500)
    }

    @Test("a pcap written with pcap_dump reads back exactly, at either precision",
          arguments: [false, true])
    func dumpRoundTrip(nanosecond: Bool) throws {
        let path = temporaryPath("roundtrip-\(nanosecond).pcap")
        defer { unlink(path) }
        let frames = Self.ethernetFrames
        let stamps: [Int64] = [1_700_000_000_123_456_789, 1_700_000_001_000_000_001,
                               1_700_000_002_999_999_999]
        do {
            let writer = try CaptureWriter(path: path, linkType: .ethernet, snapLength: 65535,
                                           nanosecond: nanosecond)
            for (frame, stamp) in zip(frames, stamps) {
                writer.write(timestampNanoseconds: stamp, originalLength: frame.count + 4,
                             bytes: frame)
            }
        }

        let (report, packets) = try readCopies(path)
        #expect(report == SourceReport(name: path,
                                       format: nanosecond ? "pcap (nanosecond)" : "pcap",
                                       packets: 3, linkTypes: [.ethernet: 3]))
        #expect(packets.map(\.bytes) == frames)
        #expect(packets.map(\.originalLength) == frames.map { $0.count + 4 })
        let expectedStamps = nanosecond ? stamps : stamps.map { $0 / 1000 * 1000 }
        #expect(packets.map(\.timestampNanoseconds) == expectedStamps)
        #expect(packets.allSatisfy { $0.linkType == .ethernet })
    }

    @Test("every prefix of a small pcap reads without a crash and with the right warning")
    func everyPrefixOfPcap() throws {
        let path = temporaryPath("prefix-source.pcap")
        defer { unlink(path) }
        do {
            let writer = try CaptureWriter(path: path, linkType: .ethernet)
            for (index, frame) in Self.ethernetFrames.enumerated() {
                writer.write(timestampNanoseconds: Int64(index) * 1_000_000_000, bytes: frame)
            }
        }
        let whole = try fileBytes(path)
        // Record boundaries: 24-byte header, then 16 + length per frame.
        var boundaries = [24]
        for frame in Self.ethernetFrames {
            boundaries.append(boundaries.last! + 16 + frame.count)
        }
        #expect(boundaries.last == whole.count)

        let prefixPath = temporaryPath("prefix.pcap")
        defer { unlink(prefixPath) }
        for length in 0...whole.count {
            try Data(whole[0..<length]).write(to: URL(fileURLWithPath: prefixPath))
            if length < 4 {
                #expect(throws: SourceError.self) {
                    try CaptureFile.read(path: prefixPath) { _ in }
                }
                continue
            }
            let (report, packets) = try readCopies(prefixPath)
            let wholeRecords = boundaries.filter { $0 <= length }.count - 1
            #expect(max(0, wholeRecords) == report.packets, "prefix \(length)")
            #expect(packets.map(\.bytes) == Array(Self.ethernetFrames.prefix(report.packets)))
            let atBoundary = boundaries.contains(length)
            #expect(report.truncatedFile == !atBoundary, "prefix \(length)")
            if length < 24 {
                #expect(report.warnings == [
                    "\(prefixPath): cut off inside the file header (\(length) of 24 bytes); "
                    + "no packets were read",
                ])
            } else if !atBoundary {
                let start = boundaries[wholeRecords]
                #expect(report.warnings == [
                    "\(prefixPath): cut off inside packet \(wholeRecords + 1) (its record starts "
                    + "at byte \(start); the file ends at byte \(length)); the \(wholeRecords) "
                    + "whole packets before it were read",
                ])
            }
        }
    }

    @Test("every prefix of a small pcapng reads without a crash and with the right warning",
          .enabled(if: Corpus.isPresent, "the shared corpus is absent"))
    func everyPrefixOfPcapng() throws {
        let whole = try fileBytes(Corpus.path("pcapng_nsec_2if_gopacket.pcapng"))
        let (_, all) = try readCopies(Corpus.path("pcapng_nsec_2if_gopacket.pcapng"))
        #expect(all.count == 4)
        let prefixPath = temporaryPath("prefix.pcapng")
        defer { unlink(prefixPath) }
        var previous = 0
        for length in 0...whole.count {
            try Data(whole[0..<length]).write(to: URL(fileURLWithPath: prefixPath))
            if length < 4 {
                #expect(throws: SourceError.self) {
                    try CaptureFile.read(path: prefixPath) { _ in }
                }
                continue
            }
            let (report, packets) = try readCopies(prefixPath)
            #expect(packets == Array(all.prefix(packets.count)), "prefix \(length)")
            #expect(packets.count >= previous, "prefix \(length)")
            previous = packets.count
            if length == whole.count {
                #expect(!report.truncatedFile && report.packets == 4)
            } else if report.truncatedFile {
                let warning = report.warnings.first ?? ""
                #expect(warning.hasPrefix("\(prefixPath): cut off inside "), "\(warning)")
                #expect(warning.contains("the file ends at byte \(length)"), "\(warning)")
            }
        }
    }

    @Test("random bytes after a valid header give a warning or a refusal, never a crash")
    func randomBytesAfterHeader() throws {
        var generator = SystemRandomNumberGenerator()
        let headers: [[UInt8]] = [
            // Classic pcap, little-endian, 2.4, snaplen 65535, Ethernet.
            [0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
             0xFF, 0xFF, 0, 0, 1, 0, 0, 0],
            // pcapng SHB of 28 bytes, little-endian, 1.0.
            [0x0A, 0x0D, 0x0D, 0x0A, 28, 0, 0, 0, 0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0,
             0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 28, 0, 0, 0],
        ]
        let path = temporaryPath("random.cap")
        defer { unlink(path) }
        for header in headers {
            for round in 0..<200 {
                let tail = (0..<Int.random(in: 0...600, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
                try Data(header + tail).write(to: URL(fileURLWithPath: path))
                var delivered = 0
                do {
                    let report = try CaptureFile.read(path: path) { packet in
                        delivered += 1
                        #expect(packet.bytes.count <= 262_144)
                    }
                    #expect(report.packets == delivered)
                    #expect(report.warnings.isEmpty != report.truncatedFile, "round \(round)")
                } catch let error as SourceError {
                    #expect([.inconsistent, .unsupportedVersion].contains(error.kind),
                            "round \(round): \(error)")
                }
            }
        }
    }

    @Test("a missing file and a directory are refused by name")
    func missingAndDirectory() throws {
        let missing = "/nonexistent/usage/capture.pcap"
        #expect(throws: SourceError(.notFound, "\(missing): no such file")) {
            try CaptureFile.read(path: missing) { _ in }
        }
        #expect(throws: SourceError(.unreadable, "/tmp: is a directory, not a capture file")) {
            try CaptureFile.read(path: "/tmp") { _ in }
        }
        let empty = SourceError(.unknownFormat, "/dev/null: not a capture file (it is empty)")
        #expect(throws: empty) {
            try CaptureFile.read(path: "/dev/null") { _ in }
        }
    }

    @Test("an error thrown by the callback stops reading and reaches the caller")
    func callbackErrorPropagates() throws {
        struct Stop: Error {}
        let path = temporaryPath("stop.pcap")
        defer { unlink(path) }
        do {
            let writer = try CaptureWriter(path: path, linkType: .ethernet)
            for frame in Self.ethernetFrames {
                writer.write(timestampNanoseconds: 0, bytes: frame)
            }
        }
        var seen = 0
        #expect(throws: Stop.self) {
            try CaptureFile.read(path: path) { _ in
                seen += 1
                if seen == 2 { throw Stop() }
            }
        }
        #expect(seen == 2)
    }

    /// Three Ethernet frames: ARP request, IPv4/UDP to port 53, and a runt.
    static let ethernetFrames: [[UInt8]] = [
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06,
         0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
         10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 0, 2],
        [0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
         0x45, 0x00, 0x00, 0x1D, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00, 10, 0, 0, 1,
         10, 0, 0, 2, 0xC0, 0x00, 0x00, 0x35, 0x00, 0x09, 0x00, 0x00, 0x00],
        [0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00],
    ]
}
