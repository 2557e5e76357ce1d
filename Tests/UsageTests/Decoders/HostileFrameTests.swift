// The decoders against hostile input: every prefix of real frames, random buffers, and real
// frames with bytes flipped. Nothing may trap; statuses must stay consistent.

import Testing
import Usage

/// A small deterministic generator (SplitMix64), so a failure can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Hostile input to the frame decoders")
struct HostileFrameTests {

    static let linkTypes: [LinkType] = [
        .null, .ethernet, .raw, .ieee80211, .linuxSLL, .prism, .radiotap, .ipv4, .ipv6,
        .linuxSLL2,
    ]

    /// (file, record index) of real frames that reach deep: DNS, DHCP, probes, QinQ, SNAP.
    static let realFrames: [(String, Int)] = [
        ("eth_dns_gopacket.pcap", 0),
        ("eth_dhcp_zeek.pcap", 0),
        ("vlan_qinq_dns_zeek.pcap", 0),
        ("eth_dhcpv4_dhcpv6_tcpdump.pcap", 5),
        ("null_loopback_ipv6_gopacket.pcap", 0),
        ("raw101_ipv6_dns_zeek.pcap", 0),
        ("ipv4_228_dns_zeek.pcap", 0),
        ("sll2_arp_icmpv6_zeek.pcap", 2),
        ("sll_tcp_zeek.pcap", 0),
        ("wlan105_open_data_dns_zeek.pcap", 0),
        ("radiotap_open_data_dns_zeek.pcap", 0),
        ("radiotap_exthdr_tcpdump.pcap", 0),
        ("probes_iphone11_baccichet.pcap", 0),
        ("prism_80211_aircrack.cap", 0),
    ]

    /// The real frames with their link types (empty without the corpus).
    static func loadRealFrames() -> [(LinkType, [UInt8])] {
        realFrames.compactMap { name, index in
            guard let capture = try? TestPcapFile.corpus(name),
                  index < capture.records.count else { return nil }
            return (capture.linkType, capture.records[index].bytes)
        }
    }

    @Test(
        "every prefix of real frames: truncated until the needed bytes are in, then the same",
        .enabled(if: TestPcapFile.corpusIsPresent, "the shared corpus is absent")
    )
    func everyPrefixOfRealFrames() {
        let frames = Self.loadRealFrames()
        #expect(frames.count == Self.realFrames.count)
        var interesting = 0
        for (linkType, bytes) in frames {
            let whole = decode(linkType, bytes)
            #expect(whole.status == .ok)
            if whole.isDNSQuery || whole.dhcp != nil || whole.isProbeRequest { interesting += 1 }
            for length in 0..<bytes.count {
                let prefix = decode(linkType, Array(bytes.prefix(length)),
                                    originalLength: bytes.count)
                if prefix.status == .ok {
                    #expect(prefix == whole, "\(linkType) prefix \(length) of \(bytes.count)")
                } else {
                    #expect(prefix.status == .truncated,
                            "\(linkType) prefix \(length) of \(bytes.count)")
                }
            }
            #expect(decode(linkType, [], originalLength: bytes.count).status == .truncated)
        }
        #expect(interesting >= 10)
    }

    @Test("100,000 random buffers per link type: no trap, no unknown link type")
    func randomBuffers() {
        var generator = SplitMix64(state: 0x6B65_746E_6F69)
        var buffer = [UInt8](repeating: 0, count: 512)
        for linkType in Self.linkTypes {
            var statuses: [DecodedFrame.Status: Int] = [:]
            var probesWithoutSource = 0
            for _ in 0..<100_000 {
                let length = Int.random(in: 0...300, using: &generator)
                for index in 0..<length {
                    buffer[index] = UInt8.random(in: 0...255, using: &generator)
                }
                let frame = buffer.withUnsafeBytes {
                    FrameDecoder.decode(linkType: linkType,
                                        bytes: UnsafeRawBufferPointer(rebasing: $0[0..<length]))
                }
                statuses[frame.status, default: 0] += 1
                if frame.isProbeRequest && frame.source == nil { probesWithoutSource += 1 }
            }
            #expect(statuses[.unknownLinkType] == nil, "\(linkType)")
            #expect(statuses.values.reduce(0, +) == 100_000)
            #expect(probesWithoutSource == 0)
        }
    }

    @Test(
        "real frames with flipped bytes and random cuts: no trap",
        .enabled(if: TestPcapFile.corpusIsPresent, "the shared corpus is absent")
    )
    func mutatedRealFrames() {
        var generator = SplitMix64(state: 0x7573_6167_65)
        for (linkType, original) in Self.loadRealFrames() {
            var unknown = 0
            for _ in 0..<20_000 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    let index = Int.random(in: 0..<bytes.count, using: &generator)
                    bytes[index] = UInt8.random(in: 0...255, using: &generator)
                }
                let cut = Int.random(in: 0...bytes.count, using: &generator)
                let frame = decode(linkType, Array(bytes.prefix(cut)),
                                   originalLength: Int.random(in: 0...2000, using: &generator))
                if frame.status == .unknownLinkType { unknown += 1 }
            }
            #expect(unknown == 0)
        }
    }

    @Test("every link type at every length 0–64 of zeros and of 0xFF bytes: no trap")
    func uniformBuffers() {
        for linkType in Self.linkTypes {
            for length in 0...64 {
                for fill: UInt8 in [0x00, 0xFF] {
                    let bytes = [UInt8](repeating: fill, count: length)
                    _ = decode(linkType, bytes)
                    _ = decode(linkType, bytes, originalLength: 1 << 20)
                    _ = decode(linkType, bytes, originalLength: -1)
                }
            }
        }
    }
}
