// StreamCapture must give exactly what CaptureFile gives, however the bytes are chunked.

import Testing
@testable import Usage

@Suite("StreamCapture",
       .enabled(if: Corpus.isPresent, "the shared corpus ../shared/corpus/pcap is absent"))
struct StreamCaptureTests {
    /// Every corpus file CaptureFile reads without refusing it.
    static let readableFiles: [String] = Corpus.manifest.filter {
        if case .refused = $0.expectation { return false }
        return true
    }.map(\.file)

    @Test("7-byte and 64 KiB chunks give the same packets as CaptureFile",
          arguments: readableFiles)
    func sameAsFile(file: String) throws {
        let path = Corpus.path(file)
        let (fileReport, filePackets) = try readCopies(path)
        let bytes = try fileBytes(path)
        for chunkSize in [7, 65_536] {
            let (report, packets) = try streamCopies(bytes, chunkSize: chunkSize)
            #expect(packets == filePackets, "\(file), chunks of \(chunkSize)")
            #expect(report.packets == fileReport.packets)
            #expect(report.linkTypes == fileReport.linkTypes)
            #expect(report.truncatedFile == fileReport.truncatedFile)
            #expect(report.format == "stream")
            #expect(report.name == "AP:test")
        }
    }

    @Test("1-byte chunks give the same packets as CaptureFile", arguments: [
        "eth_dhcp_zeek.pcap", "sll_nsec_handshake_tcpdump.pcap", "be_eth_pptp_tcpdump.pcap",
        "pcapng_126if_mixed_lt_zeek.pcapng", "pcapng_spb_be_gopacket.pcapng",
        "radiotap_exthdr_tcpdump.pcap", "trunc_snaplen1_eth_zeek.pcap",
    ])
    func oneByteChunks(file: String) throws {
        let path = Corpus.path(file)
        let (_, filePackets) = try readCopies(path)
        let (report, packets) = try streamCopies(try fileBytes(path), chunkSize: 1)
        #expect(packets == filePackets)
        #expect(!report.truncatedFile)
    }

    @Test("a stream cut inside a record gives its whole packets and a warning")
    func cutStream() throws {
        let bytes = try fileBytes(Corpus.path("eth_tcp_gopacket.pcap"))
        let (_, whole) = try readCopies(Corpus.path("eth_tcp_gopacket.pcap"))
        let (report, packets) = try streamCopies(Array(bytes.dropLast(5)), chunkSize: 100,
                                                 name: "ap-07:br-lan")
        #expect(packets == Array(whole.prefix(9)))
        #expect(report.truncatedFile)
        #expect(report.warnings.count == 1)
        #expect(report.warnings.first?.hasPrefix("ap-07:br-lan: cut off inside packet 10 ") == true)
        let end = "the stream ends at byte \(bytes.count - 5)"
        #expect(report.warnings.first?.contains(end) == true)
    }

    @Test("an empty stream and a stream of garbage are refused")
    func refusals() throws {
        #expect(throws: SourceError(.unknownFormat, "AP:x: not a capture file (it is empty)")) {
            try streamCopies([], chunkSize: 10, name: "AP:x")
        }
        #expect(throws: SourceError.self) {
            try streamCopies(Array("hello, this is not a capture".utf8), chunkSize: 3)
        }
    }
}
