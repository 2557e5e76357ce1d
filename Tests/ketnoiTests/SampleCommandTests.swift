// `ketnoi sample` and `ketnoi usage` through the real binary: every file of the shared pcap
// corpus (table-driven from its MANIFEST.tsv), and the command's error paths.

import Foundation
import Testing

/// One MANIFEST.tsv row, as far as the command's outcome depends on it.
struct CorpusCapture: Sendable, CustomStringConvertible {
    let file: String
    let packetCount: Int
    /// libpcap 1.10.3's verdict: `N pkts, eof`, `… error: …` or `open failed: …`.
    let libpcapVerdict: String

    var description: String { file }
    var path: String { Paths.corpus("pcap/" + file) }

    /// The files refused outright, with the sentence after the path.
    static let refusals: [String: String] = [
        "corrupt_headerless_fragment_aircrack.cap": "not a capture file (magic 0x0a0d0d0a "
            + "expected for pcapng or 0xa1b2c3d4 / 0xa1b23c4d for pcap, in either byte order; "
            + "found 0x4f443646)",
        "corrupt_pcap_version_1_4_libpcap.pcap":
            "unsupported pcap version 1.4 (versions 2.0 to 2.4 are read)",
        "corrupt_pcap_version_2_5_libpcap.pcap":
            "unsupported pcap version 2.5 (versions 2.0 to 2.4 are read)",
        "corrupt_pcapng_version_0_1_libpcap.pcapng":
            "unsupported pcapng version 0.1 at byte 0 (versions 1.0 and 1.2 are read)",
        "corrupt_pcapng_shb_option_libpcap.pcapng":
            "pcapng block at byte 0: total length 52 in its header but 808464432 in its trailer",
    ]

    /// The file cut inside a record, and the warning after its path.
    static let truncatedFile = "trunc_file_midpacket_aircrack.cap"
    static let truncationWarning = "cut off inside packet 20057 (its record starts at byte "
        + "1432616; the file ends at byte 1432811); the 20056 whole packets before it were read"

    /// Probe requests and the distinct sources per day-long window (all, globally unique,
    /// locally administered), checked against tshark's `wlan.sa` of subtype 4 and the notes.
    /// probes_lab_day1_fryza spans 2023-02-22 23:18 to 2023-02-23 05:57 UTC: two UTC days;
    /// the second holds all 24 distinct sources of the notes, 18 of them local.
    static let probes: [String: (requests: Int, sources: [[Int]])] = [
        "probes_iphone11_baccichet.pcap": (106, [[47, 21, 26]]),
        "probes_s21ultra_baccichet.pcap": (139, [[28, 11, 17]]),
        "probes_lab_day1_fryza.pcap": (1694, [[3, 3, 0], [24, 6, 18]]),
        "wlan105_probe_la_mac_aircrack.cap": (9, [[5, 2, 3]]),
        "wlan105_ap_session_aircrack.cap": (9, [[1, 1, 0]]),
        "wlan105_join_libpcap.pcap": (1, [[1, 1, 0]]),
        "radiotap_wpa3_session_aircrack.pcap": (1, [[1, 0, 1]]),
        "radiotap_exthdr_tcpdump.pcap": (6, [[1, 1, 0]]),
        "radiotap_mesh_probe_tcpdump.pcap": (1, [[1, 1, 0]]),
        "trunc_file_midpacket_aircrack.cap": (128, [[2, 1, 1]]),
    ]

    /// DNS queries and DHCP discovers / requests over the whole file.
    static let application: [String: (dns: Int, discovers: Int, requests: Int)] = [
        "eth_dns_gopacket.pcap": (10, 0, 0),
        "eth_dhcp_zeek.pcap": (0, 1, 2),
        "eth_dhcpv4_dhcpv6_tcpdump.pcap": (0, 1, 1),
        // mDNS on 5353 is not DNS.
        "eth_mdns_zeek.pcap": (0, 0, 0),
        "vlan_qinq_dns_zeek.pcap": (1, 0, 0),
        "raw101_ipv6_dns_zeek.pcap": (2, 0, 0),
        "ipv4_228_dns_zeek.pcap": (1, 0, 0),
        "pcapng_2if_usec_nsec_zeek.pcapng": (3, 0, 0),
        "pcapng_spb_be_gopacket.pcapng": (0, 1, 1),
    ]

    static let all: [CorpusCapture] = {
        let manifest = Paths.corpus("pcap/MANIFEST.tsv")
        guard let text = try? String(contentsOfFile: manifest, encoding: .utf8) else { return [] }
        var lines = text.split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        guard let header = lines.first else { return [] }
        lines.removeFirst()
        func column(_ name: String) -> Int { header.firstIndex(of: name) ?? 0 }
        let file = column("file"), count = column("packet_count")
        let verdict = column("libpcap_1.10.3_check")
        return lines.filter { $0.count == header.count }.map {
            CorpusCapture(file: $0[file], packetCount: Int($0[count]) ?? -1,
                          libpcapVerdict: $0[verdict])
        }
    }()
}

@Suite("ketnoi sample over the pcap corpus",
       .enabled(if: corpusPresent, "the shared corpus ../shared/corpus is absent"))
struct SampleCorpusTests {
    @Test("the manifest lists the 64 captures, each present")
    func manifest() {
        #expect(CorpusCapture.all.count == 64)
        for capture in CorpusCapture.all {
            #expect(FileManager.default.fileExists(atPath: capture.path), "\(capture)")
        }
        // Every refusal, probe and count named here is a file in the manifest.
        let files = Set(CorpusCapture.all.map(\.file))
        let named = Set(CorpusCapture.refusals.keys).union(CorpusCapture.probes.keys)
            .union(CorpusCapture.application.keys).union([CorpusCapture.truncatedFile])
        #expect(named.subtracting(files).isEmpty)
    }

    @Test("--pcap F --dry-run --json --window 86400", arguments: CorpusCapture.all)
    func sample(capture: CorpusCapture) throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run([
            "sample", "--pcap", capture.path, "--dry-run", "--json", "--window", "86400",
        ])
        #expect([0, 65].contains(outcome.status), "\(outcome)")
        let document = try JSONObject.parse(outcome.stdout)
        #expect(document.kind == "sample")
        let data = document.data
        let sources = data["sources"] as? [[String: Any]] ?? []
        let windows = data["windows"] as? [[String: Any]] ?? []
        let errors = data["errors"] as? [String] ?? []
        let totals = data["totals"] as? [String: Any] ?? [:]
        #expect(data["dryRun"] as? Bool == true)
        #expect(data["windowSeconds"] as? Int == 86_400)
        #expect(!sandbox.exists(sandbox.database), "a dry run creates no database")

        if let refusal = CorpusCapture.refusals[capture.file] {
            // Refused: nothing read, the problem named on stderr and in the JSON, exit 65.
            #expect(outcome.status == 65, "\(outcome)")
            #expect(sources.isEmpty && windows.isEmpty)
            #expect(errors == ["\(capture.path): \(refusal)"])
            #expect(outcome.stderrLines == [
                "ketnoi: error: \(capture.path): \(refusal)",
                "ketnoi: error: 1 input(s) unreadable or cut short",
            ])
            return
        }

        // Read to the end (by libpcap or by our own reader): every packet of the manifest.
        #expect(sources.count == 1)
        #expect(sources.first?["packets"] as? Int == capture.packetCount, "\(capture)")
        #expect(totals["packets"] as? Int == capture.packetCount)
        let windowPackets = windows.compactMap { ($0["counters"] as? [String: Any])?["packets"] }
            .compactMap { $0 as? Int }.reduce(0, +)
        #expect(windowPackets == capture.packetCount)
        if capture.packetCount == 0 { #expect(windows.isEmpty) }

        if capture.file == CorpusCapture.truncatedFile {
            #expect(outcome.status == 65, "\(outcome)")
            #expect(sources.first?["truncatedFile"] as? Bool == true)
            let warning = "\(capture.path): \(CorpusCapture.truncationWarning)"
            #expect(sources.first?["warnings"] as? [String] == [warning])
            #expect(errors == ["\(capture.path): cut short"])
            #expect(outcome.stderrLines == [
                "ketnoi: warning: \(warning)",
                "ketnoi: error: 1 input(s) unreadable or cut short",
            ])
        } else {
            #expect(outcome.status == 0, "\(outcome)")
            #expect(outcome.stderr == "")
            #expect(errors.isEmpty)
            #expect(sources.first?["truncatedFile"] as? Bool == false)
        }

        let probes = CorpusCapture.probes[capture.file] ?? (0, windows.map { _ in [0, 0, 0] })
        #expect(totals["probeRequests"] as? Int == probes.requests, "\(capture)")
        let perWindow: [[Int]] = windows.map { window in
            let counters = window["counters"] as? [String: Any] ?? [:]
            return ["probeSources", "probeSourcesGlobal", "probeSourcesLocal"].map {
                counters[$0] as? Int ?? -1
            }
        }
        #expect(perWindow == probes.sources, "\(capture)")

        if let counts = CorpusCapture.application[capture.file] {
            #expect(totals["dnsQueries"] as? Int == counts.dns)
            #expect(totals["dhcpDiscovers"] as? Int == counts.discovers)
            #expect(totals["dhcpRequests"] as? Int == counts.requests)
        }
    }

    @Test("probe demand of the iPhone 11 file: one day-long window, 106 probes, 47 sources")
    func iPhoneDemand() throws {
        let sandbox = try Sandbox()
        let path = Paths.corpus("pcap/probes_iphone11_baccichet.pcap")
        let document = try sandbox.json(["sample", "--pcap", path, "--dry-run", "--window",
                                         "86400"])
        let windows = try #require(document.data["windows"] as? [[String: Any]])
        try #require(windows.count == 1)
        let counters = try #require(windows[0]["counters"] as? [String: Any])
        #expect(counters["probeRequests"] as? Int == 106)
        #expect(counters["probeSources"] as? Int == 47)
        #expect(windows[0]["probeDemandLow"] as? Int == 21)
        #expect(windows[0]["probeDemandHigh"] as? Int == 47)
        #expect(windows[0]["source"] as? String == "file:probes_iphone11_baccichet.pcap")
    }
}

@Suite("ketnoi sample and usage: errors")
struct SampleCommandErrorTests {
    static let usageLines = [
        "usage: ketnoi sample [--pcap FILE[,FILE…]] [--interface IF] [--remote AP[,AP…]]",
        "         [--duration S] [--filter BPF] [--ap AP] [--window S] [--dry-run]",
        "         [FILE…]",
    ]

    @Test("no input given: usage error 64")
    func noInput() throws {
        let outcome = try Sandbox().run(["sample"])
        #expect(outcome.status == 64)
        #expect(outcome.stderrLines
                == ["ketnoi: give capture files (--pcap), --interface IF or --remote AP"]
                + Self.usageLines)
        #expect(outcome.stdout == "")
    }

    @Test("two kinds of input given: usage error 64")
    func twoKinds() throws {
        let sandbox = try Sandbox()
        for arguments in [["--pcap", "a.pcap", "--interface", "eth0"],
                          ["--interface", "eth0", "--remote", "ap-1"],
                          ["a.pcap", "--remote", "ap-1"]] {
            let outcome = try sandbox.run(["sample"] + arguments)
            #expect(outcome.status == 64, "\(outcome)")
            #expect(outcome.stderrLines
                    == ["ketnoi: give only one of --pcap, --interface and --remote"]
                    + Self.usageLines)
        }
    }

    @Test("--window 0 and --window beyond a day: usage error 64")
    func badWindow() throws {
        let sandbox = try Sandbox()
        for value in ["0", "86401", "five"] {
            let outcome = try sandbox.run(["sample", "--pcap", "x.pcap", "--window", value])
            #expect(outcome.status == 64, "\(outcome)")
            #expect(outcome.stderrLines.first
                    == "ketnoi: option --window: '\(value)' is not a whole number from 1 to 86400")
        }
    }

    @Test("--ap naming no access point: 66")
    func unknownAccessPoint() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let path = try sandbox.write("empty.pcap", Data(pcapHeader))
        let outcome = try sandbox.run(["sample", "--pcap", path, "--ap", "nosuch"])
        #expect(outcome.status == 66)
        #expect(outcome.stderrLines == ["ketnoi: error: no access point named 'nosuch'"])

        // A dry run does not create the database just to look the name up.
        let fresh = try Sandbox()
        let dry = try fresh.run(["sample", "--pcap", path, "--ap", "nosuch", "--dry-run"])
        #expect(dry.status == 66)
        #expect(dry.stderrLines == [Sandbox.noDatabase(fresh.database)])
        #expect(!fresh.exists(fresh.database))
    }

    @Test("--remote to an AP with no capture interface: a configuration error (78) naming the AP")
    func remoteWithoutInterface() throws {
        let sandbox = try Sandbox()
        let csv = try sandbox.write("aps.csv", """
            name,hotspot,address,port,user,firmware,credential,interface
            ap-x,,127.0.0.1,9,root,openwrt,,
            ap-r,,127.0.0.1,9,root,routeros,,wlan1

            """)
        let imported = try sandbox.run(["aps", "import", csv])
        try #require(imported.status == 0, "\(imported)")
        let outcome = try sandbox.run(["sample", "--remote", "ap-x", "--duration", "1"])
        #expect(outcome.status == 78)
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == [
            "ketnoi: error: ap-x: no capture interface in the inventory (set the interface column)",
        ])
        // Only OpenWrt APs stream a capture: another firmware is refused before connecting.
        let routerOS = try sandbox.run(["sample", "--remote", "ap-r", "--duration", "1"])
        #expect(routerOS.status == 69)
        #expect(routerOS.stderrLines == [
            "ketnoi: error: ap-r runs routeros; streaming a capture needs tcpdump on the AP, "
                + "which ketnoi drives on OpenWrt only",
        ])
    }

    @Test("a missing file: named, exit 65; the other files are still read")
    func missingFile() throws {
        let sandbox = try Sandbox()
        let missing = sandbox.path("missing.pcap")
        let outcome = try sandbox.run(["--json", "sample", "--pcap", missing, "--dry-run"])
        #expect(outcome.status == 65)
        #expect(outcome.stderrLines == [
            "ketnoi: error: \(missing): no such file",
            "ketnoi: error: 1 input(s) unreadable or cut short",
        ])
        #expect(try JSONObject.parse(outcome.stdout).data["errors"] as? [String]
                == ["\(missing): no such file"])

        guard corpusPresent else { return }
        let dns = Paths.corpus("pcap/eth_dns_gopacket.pcap")
        let both = try sandbox.run(["--json", "sample", "--pcap", "\(missing),\(dns)",
                                    "--dry-run"])
        #expect(both.status == 65)
        let data = try JSONObject.parse(both.stdout).data
        #expect((data["totals"] as? [String: Any])?["packets"] as? Int == 10)
        #expect((data["sources"] as? [[String: Any]])?.count == 1)
    }

    @Test("usage on a missing database: 66")
    func usageWithoutDatabase() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["usage"])
        #expect(outcome.status == 66)
        #expect(outcome.stderrLines == [Sandbox.noDatabase(sandbox.database)])
        #expect(!sandbox.exists(sandbox.database))
    }

    @Test("usage with nothing stored: a warning, and an empty JSON document")
    func usageEmpty() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let outcome = try sandbox.run(["usage"])
        #expect(outcome.status == 0)
        #expect(
            outcome.stderrLines == ["ketnoi: warning: no usage stored yet; run 'ketnoi sample'"])
        let document = try sandbox.json(["usage"])
        #expect((document.data["windows"] as? [Any])?.isEmpty == true)
        #expect((document.data["days"] as? [Any])?.isEmpty == true)
    }

    /// A classic pcap file header with no records: microseconds, Ethernet, snap length 128.
    var pcapHeader: [UInt8] {
        [0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128, 0, 0, 0, 1, 0, 0, 0]
    }
}
