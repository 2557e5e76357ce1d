// Every classic-pcap file of the shared corpus, decoded packet by packet, against exact totals.
// The totals were checked against the corpus MANIFEST notes and against tshark 4.0
// (`-Y "wlan.fc.type_subtype == 4"` for probe requests and their distinct wlan.sa,
// `dns.flags.response == 0` for queries, `dhcp.option.dhcp` for DHCP message types).
// pcapng files are left to the Sources tests; this reader does not read them.

import Foundation
import Testing
import Usage

@Suite(
    "Corpus files decode to their known totals",
    .enabled(if: TestPcapFile.corpusIsPresent, "the shared corpus ../shared/corpus/pcap is absent")
)
struct CorpusDecodeTests {

    /// Expected totals per file. Notes on the less obvious figures:
    /// - DNS counts queries only; MANIFEST's `dns=` counts queries and responses.
    /// - probe sources: distinct SAs among probe requests; `local` have the LA bit set.
    /// - vlan_qinq_pppoe: 6 frames whose PPPoE length is shorter than the IPv4 inside
    ///   (tshark: "Possible bad payload length 42 != 48"): malformed.
    /// - trunc_prism_17bytes: a 17-byte packet whose Prism msglen says 144: malformed.
    /// - corrupt_radiotap_*: radiotap version 1 (MANIFEST `radiotap_bad_version`): malformed.
    static let expectedTotals: [String: DecodeTotals] = [
        "be_eth_pptp_tcpdump.pcap": DecodeTotals(packets: 23, data: 23),
        "be_eth_smb_zeek.cap": DecodeTotals(packets: 9, data: 9),
        "corrupt_pcap_version_1_4_libpcap.pcap": DecodeTotals(packets: 1, data: 1),
        "corrupt_pcap_version_2_5_libpcap.pcap": DecodeTotals(packets: 1, data: 1),
        "corrupt_radiotap_meshhdr_tcpdump.pcap": DecodeTotals(packets: 1, malformed: 1),
        "corrupt_radiotap_rates_tcpdump.pcap": DecodeTotals(packets: 1, malformed: 1),
        "eth_bulk_13k_zeek.pcap": DecodeTotals(packets: 13622, data: 13622),
        "eth_dhcp_zeek.pcap": DecodeTotals(packets: 9, data: 9, dhcpDiscovers: 1,
                                           dhcpRequests: 2, dhcpOther: 6),
        "eth_dhcpv4_dhcpv6_tcpdump.pcap": DecodeTotals(packets: 14, data: 14, dhcpDiscovers: 1,
                                                       dhcpRequests: 1, dhcpOther: 2),
        "eth_dhcpv6_iana_tcpdump.pcap": DecodeTotals(packets: 4, data: 4),
        "eth_dns_gopacket.pcap": DecodeTotals(packets: 10, data: 10, dnsQueries: 10),
        "eth_mdns_zeek.pcap": DecodeTotals(packets: 24, data: 24),
        "eth_tcp_gopacket.pcap": DecodeTotals(packets: 10, data: 10),
        "ipv4_228_dns_zeek.pcap": DecodeTotals(packets: 2, data: 2, dnsQueries: 1),
        "ipv6_229_mld_zeek.pcap": DecodeTotals(packets: 5, data: 5),
        "null_loopback_ipv6_gopacket.pcap": DecodeTotals(packets: 24, data: 24),
        "prism_80211_aircrack.cap": DecodeTotals(packets: 13, data: 6),
        "probes_iphone11_baccichet.pcap": DecodeTotals(
            packets: 106, probeRequests: 106, probeSources: 47, probeSourcesLocal: 26),
        "probes_lab_day1_fryza.pcap": DecodeTotals(
            packets: 1694, probeRequests: 1694, probeSources: 24, probeSourcesLocal: 18),
        "probes_s21ultra_baccichet.pcap": DecodeTotals(
            packets: 139, probeRequests: 139, probeSources: 28, probeSourcesLocal: 17),
        "radiotap_80211ad_dmg_beacon_aircrack.pcap": DecodeTotals(packets: 1),
        "radiotap_arp_snap_zeek.pcap": DecodeTotals(packets: 2, data: 2),
        "radiotap_exthdr_tcpdump.pcap": DecodeTotals(
            packets: 26, data: 2, probeRequests: 6, probeSources: 1),
        "radiotap_mesh_probe_tcpdump.pcap": DecodeTotals(
            packets: 3, probeRequests: 1, probeSources: 1),
        "radiotap_open_data_dns_zeek.pcap": DecodeTotals(packets: 3, data: 3, dnsQueries: 1),
        "radiotap_protected_qos_tcpdump.pcap": DecodeTotals(packets: 3, data: 3),
        "radiotap_wpa3_session_aircrack.pcap": DecodeTotals(
            packets: 24, data: 4, probeRequests: 1, probeSources: 1, probeSourcesLocal: 1),
        "raw101_ipv4_tcp_zeek.pcap": DecodeTotals(packets: 6, data: 6),
        "raw101_ipv6_dns_zeek.pcap": DecodeTotals(packets: 4, data: 4, dnsQueries: 2),
        "sll2_arp_icmpv6_zeek.pcap": DecodeTotals(packets: 6, data: 6),
        "sll2_tcp_zeek.pcap": DecodeTotals(packets: 6, data: 6),
        "sll_arp_zeek.pcap": DecodeTotals(packets: 12, data: 12),
        "sll_nsec_handshake_tcpdump.pcap": DecodeTotals(packets: 3, data: 3),
        "sll_nsec_invalid_ts_tcpdump.pcap": DecodeTotals(packets: 3, data: 3),
        "sll_tcp_zeek.pcap": DecodeTotals(packets: 20, data: 20),
        "trunc_file_midpacket_aircrack.cap": DecodeTotals(
            packets: 20056, data: 2900, probeRequests: 128, probeSources: 2,
            probeSourcesLocal: 1),
        "trunc_ipv4_hdr_zeek.pcap": DecodeTotals(packets: 1, truncated: 1, data: 1),
        "trunc_ipv6_hdr_zeek.pcap": DecodeTotals(packets: 1, truncated: 1, data: 1),
        "trunc_prism_17bytes_aircrack.pcap": DecodeTotals(packets: 1, malformed: 1),
        "trunc_snaplen1_eth_zeek.pcap": DecodeTotals(packets: 1, truncated: 1, data: 1),
        "trunc_snaplen68_tcp_zeek.pcap": DecodeTotals(packets: 24, data: 24),
        "vlan_8021ad_qinq_tcpdump.pcap": DecodeTotals(packets: 2, data: 2),
        "vlan_8021q_zeek.pcap": DecodeTotals(packets: 14, data: 14),
        "vlan_qinq_dns_zeek.pcap": DecodeTotals(packets: 2, data: 2, dnsQueries: 1),
        "vlan_qinq_pppoe_zeek.pcap": DecodeTotals(packets: 86, malformed: 6, data: 86),
        "vlan_qinq_zeek.pcap": DecodeTotals(packets: 5, data: 5),
        "wlan105_ap_session_aircrack.cap": DecodeTotals(
            packets: 587, data: 265, probeRequests: 9, probeSources: 1),
        "wlan105_join_libpcap.pcap": DecodeTotals(
            packets: 10, data: 2, probeRequests: 1, probeSources: 1),
        "wlan105_open_data_dns_zeek.pcap": DecodeTotals(packets: 3, data: 3, dnsQueries: 1),
        "wlan105_probe_la_mac_aircrack.cap": DecodeTotals(
            packets: 218, data: 101, probeRequests: 9, probeSources: 5, probeSourcesLocal: 3),
        // Four association frames with caplen < len; one is 10 bytes, cut inside the header.
        "wlan105_tim_oobr_tcpdump.pcap": DecodeTotals(packets: 4, truncated: 1),
    ]

    static var classicFiles: [String] { expectedTotals.keys.sorted() }

    @Test("totals per file", arguments: classicFiles)
    func totals(file: String) throws {
        let capture = try TestPcapFile.corpus(file)
        #expect(DecodeTotals(capture.decodeAll()) == Self.expectedTotals[file])
    }

    @Test("every classic pcap in the corpus has expected totals; pcapng files are the rest")
    func everyFileIsCovered() throws {
        let directory = try #require(TestPcapFile.corpusDirectory)
        var classic: [String] = []
        var other: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        where name != "MANIFEST.tsv" && name != "README.md" {
            if (try? TestPcapFile.corpus(name)) != nil {
                classic.append(name)
            } else {
                other.append(name)
            }
        }
        #expect(classic == Self.classicFiles)
        // 12 pcapng files and the headerless fragment are not classic pcap.
        #expect(other.count == 13)
        #expect(other.allSatisfy { $0.hasSuffix(".pcapng") || $0.hasPrefix("corrupt_headerless") })
    }

    /// MANIFEST `dsXY` (To DS X, From DS Y) among data frames, as
    /// (00, 01 = from the AP, 10 = to the AP, 11).
    static let dataByDistributionSystem: [String: [Int]] = [
        "wlan105_ap_session_aircrack.cap": [0, 29, 236, 0],
        "wlan105_probe_la_mac_aircrack.cap": [0, 83, 18, 0],
        "wlan105_open_data_dns_zeek.pcap": [0, 2, 1, 0],
        "wlan105_join_libpcap.pcap": [0, 0, 2, 0],
        "radiotap_wpa3_session_aircrack.pcap": [0, 2, 2, 0],
        "radiotap_exthdr_tcpdump.pcap": [0, 0, 2, 0],
        "radiotap_protected_qos_tcpdump.pcap": [0, 3, 0, 0],
        "radiotap_open_data_dns_zeek.pcap": [0, 2, 1, 0],
        "radiotap_arp_snap_zeek.pcap": [0, 1, 1, 0],
        "prism_80211_aircrack.cap": [0, 3, 3, 0],
        "trunc_file_midpacket_aircrack.cap": [0, 2155, 745, 0],
    ]

    @Test("data frames by To DS / From DS match the manifest",
          arguments: dataByDistributionSystem.keys.sorted())
    func distributionSystem(file: String) throws {
        var counts = [0, 0, 0, 0]
        for frame in try TestPcapFile.corpus(file).decodeAll() where frame.isData {
            // distributionSystem is ToDS | FromDS << 1; the manifest writes ToDS first.
            let toDS = Int(frame.distributionSystem & 1)
            let fromDS = Int(frame.distributionSystem >> 1 & 1)
            counts[toDS * 2 + fromDS] += 1
        }
        #expect(counts == Self.dataByDistributionSystem[file])
    }

    @Test("the iPhone 11 file: one phone, 106 probes from 47 addresses, every one decoded ok")
    func iPhoneProbes() throws {
        let frames = try TestPcapFile.corpus("probes_iphone11_baccichet.pcap").decodeAll()
        #expect(frames.allSatisfy { $0.status == .ok && $0.isProbeRequest && !$0.isData })
        #expect(Set(frames.compactMap(\.source)).count == 47)
        #expect(frames.allSatisfy { $0.destination == .broadcast })
    }

    @Test("the DHCP exchange decodes in order: discover, offer, request, …")
    func dhcpSequence() throws {
        let frames = try TestPcapFile.corpus("eth_dhcp_zeek.pcap").decodeAll()
        // tshark: types 1, 2, 3, 6, 3, 5, 4, 7, 8 (DISCOVER, OFFER, REQUEST, NAK, … INFORM).
        #expect(frames.map(\.dhcp) == [.discover, .other, .request, .other, .request, .other,
                                       .other, .other, .other])
    }

    @Test("the cut file reads 20056 whole records and then stops inside one")
    func cutFile() throws {
        let capture = try TestPcapFile.corpus("trunc_file_midpacket_aircrack.cap")
        #expect(capture.records.count == 20056)
        #expect(capture.endsMidRecord)
    }
}
