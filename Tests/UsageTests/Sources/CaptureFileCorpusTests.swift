// Every file of the shared corpus through CaptureFile.read, judged against MANIFEST.tsv.

import Testing
@testable import Usage

@Suite("CaptureFile on the shared corpus",
       .enabled(if: Corpus.isPresent, "the shared corpus ../shared/corpus/pcap is absent"))
struct CaptureFileCorpusTests {
    @Test("the manifest lists the 64 corpus files")
    func manifestIsComplete() {
        #expect(Corpus.manifest.count == 64)
    }

    @Test("each file reads as MANIFEST.tsv says", arguments: Corpus.manifest)
    func readsAsManifestSays(row: ManifestRow) throws {
        var delivered = 0
        let outcome = Result {
            try CaptureFile.read(path: Corpus.path(row.file)) { _ in delivered += 1 }
        }

        switch (row.expectation, outcome) {
        case (.whole, .success(let report)):
            #expect(report.packets == row.packetCount)
            #expect(delivered == row.packetCount)
            #expect(report.warnings.isEmpty)
            #expect(!report.truncatedFile)
            checkLinkTypes(report, row)

        case (.truncated, .success(let report)):
            #expect(report.packets == row.packetCount)
            #expect(report.truncatedFile)
            #expect(report.warnings.count == 1)
            let expected = "cut off inside packet \(row.packetCount + 1) "
            #expect(report.warnings.first?.contains(expected) == true)
            #expect(report.warnings.first?.hasPrefix(Corpus.path(row.file) + ": ") == true)
            #expect(report.warnings.first?.hasSuffix(
                "the \(row.packetCount) whole packets before it were read") == true)
            checkLinkTypes(report, row)

        case (.refused(let kind), .failure(let error as SourceError)):
            #expect(error.kind == kind)
            #expect(error.message.hasPrefix(Corpus.path(row.file) + ": "))
            #expect(delivered == 0)

        default:
            Issue.record("\(row.file): expected \(row.expectation), got \(outcome)")
        }
    }

    private func checkLinkTypes(_ report: SourceReport, _ row: ManifestRow) {
        #expect(report.linkTypes.values.reduce(0, +) == report.packets)
        let seen = Set(report.linkTypes.keys)
        #expect(seen.isSubset(of: row.linkTypes), "\(seen) not in \(row.linkTypes)")
        if row.linkTypes.count == 1 && report.packets > 0 { #expect(seen == row.linkTypes) }
    }

    @Test("the refusals name the problem")
    func refusalMessages() throws {
        let cases: [(String, String)] = [
            ("corrupt_headerless_fragment_aircrack.cap",
             ": not a capture file (magic 0x0a0d0d0a expected for pcapng or 0xa1b2c3d4 / "
             + "0xa1b23c4d for pcap, in either byte order; found 0x4f443646)"),
            ("corrupt_pcap_version_1_4_libpcap.pcap",
             ": unsupported pcap version 1.4 (versions 2.0 to 2.4 are read)"),
            ("corrupt_pcap_version_2_5_libpcap.pcap",
             ": unsupported pcap version 2.5 (versions 2.0 to 2.4 are read)"),
            ("corrupt_pcapng_version_0_1_libpcap.pcapng",
             ": unsupported pcapng version 0.1 at byte 0 (versions 1.0 and 1.2 are read)"),
            ("corrupt_pcapng_shb_option_libpcap.pcapng",
             ": pcapng block at byte 0: total length 52 in its header but 808464432 in its "
             + "trailer"),
        ]
        for (file, message) in cases {
            let path = Corpus.path(file)
            #expect(throws: SourceError.self) { try CaptureFile.read(path: path) { _ in } }
            do {
                _ = try CaptureFile.read(path: path) { _ in }
            } catch let error as SourceError {
                #expect(error.message == path + message)
            }
        }
    }

    @Test("the truncated file names the packet and byte where it stops")
    func truncatedWarning() throws {
        let path = Corpus.path("trunc_file_midpacket_aircrack.cap")
        let report = try CaptureFile.read(path: path) { _ in }
        #expect(report.warnings == [
            "\(path): cut off inside packet 20057 (its record starts at byte 1432616; the file "
            + "ends at byte 1432811); the 20056 whole packets before it were read",
        ])
        #expect(report.format == "pcap")
        #expect(report.linkTypes == [.ieee80211: 20056])
    }

    @Test("formats are named from the magic number")
    func formatNames() throws {
        let expected = [
            "eth_tcp_gopacket.pcap": "pcap",
            "sll_nsec_handshake_tcpdump.pcap": "pcap (nanosecond)",
            "be_eth_pptp_tcpdump.pcap": "pcap (swapped)",
            "pcapng_spb_be_gopacket.pcapng": "pcapng",
            "wlan105_ap_session_aircrack.cap": "pcap",
        ]
        for (file, format) in expected {
            #expect(try CaptureFile.read(path: Corpus.path(file)) { _ in }.format == format)
        }
    }

    @Test("the pcapng files libpcap refuses are read with all their link types")
    func mixedInterfaces() throws {
        let mixed = Corpus.path("pcapng_2if_eth_null_le_gopacket.pcapng")
        let report = try CaptureFile.read(path: mixed) { _ in }
        #expect(report.packets == 5)
        #expect(Set(report.linkTypes.keys).isSubset(of: [.ethernet, .null]))
        let noInterfaces = Corpus.path("pcapng_empty_section_gopacket.pcapng")
        let empty = try CaptureFile.read(path: noInterfaces) { _ in }
        #expect(empty.packets == 0 && empty.linkTypes.isEmpty && empty.warnings.isEmpty)
    }

    @Test("our pcapng reader agrees with libpcap on every pcapng file libpcap reads")
    func pcapngAgreesWithLibpcap() throws {
        let files = Corpus.manifest.filter {
            $0.file.hasSuffix(".pcapng") && $0.libpcapVerdict.hasSuffix("pkts, eof")
        }
        #expect(files.count == 6)
        for row in files {
            let path = Corpus.path(row.file)
            let (_, ours) = try readCopies(path)
            guard case .success(let handle) = PcapHandle.openOffline(path: path) else {
                Issue.record("\(row.file): libpcap cannot open it")
                continue
            }
            var theirs: [(Int64, [UInt8], Int)] = []
            while case .packet(let packet) = handle.next() {
                let bytes = Array(UnsafeRawBufferPointer(start: packet.data,
                                                         count: packet.captureLength))
                theirs.append((Int64(packet.seconds) * 1_000_000_000 + Int64(packet.fraction),
                               bytes, packet.wireLength))
            }
            #expect(ours.count == theirs.count, "\(row.file)")
            for (mine, libpcap) in zip(ours, theirs) {
                #expect(mine.timestampNanoseconds == libpcap.0, "\(row.file)")
                #expect(mine.bytes == libpcap.1, "\(row.file)")
                #expect(mine.originalLength == libpcap.2, "\(row.file)")
            }
        }
    }
}
