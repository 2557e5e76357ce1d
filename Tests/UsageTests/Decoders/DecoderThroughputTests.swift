// Decode speed on a synthetic 2-million-packet Ethernet buffer. Off by default; run with
//   USAGE_DECODER_BENCH=1 swift test -c release --filter DecoderThroughputTests
// The figure goes to stdout; the test asserts only the decoded counts.

import Foundation
import Testing
import Usage

@Suite(
    "Decoder throughput",
    .enabled(if: ProcessInfo.processInfo.environment["USAGE_DECODER_BENCH"] == "1",
             "set USAGE_DECODER_BENCH=1 (and build with -c release) to measure")
)
struct DecoderThroughputTests {

    static let packetCount = 2_000_000

    /// A mix of frames like a hotspot uplink: TCP, DNS, QinQ DNS, ARP, IPv6 DNS, DHCP.
    static func templates() -> [[UInt8]] {
        let dns = Part.ipv4(protocolNumber: 17,
                            payload: Part.udp(source: 51515, destination: 53,
                                              payload: Part.dnsQuery))
        let tcp = Part.ipv4(protocolNumber: 6,
                            payload: Part.tcp(source: 443, destination: 40001,
                                              payload: [UInt8](repeating: 0x17, count: 6)))
        let dns6 = Part.ipv6(nextHeader: 17,
                             payload: Part.udp(source: 40000, destination: 53,
                                               payload: Part.dnsQuery))
        let arp: [UInt8] = [0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01]
            + Part.client + [10, 0, 0, 23] + [UInt8](repeating: 0, count: 6) + [10, 0, 0, 1]
            + [UInt8](repeating: 0, count: 18)
        let dhcp = Part.ipv4(protocolNumber: 17, payload: Part.udp(
            source: 68, destination: 67, payload: Part.dhcp(options: Part.dhcpOptions(type: 1))))
        return [
            Part.ethernet(type: 0x0800) + tcp,
            Part.ethernet(type: 0x0800) + tcp,
            Part.ethernet(type: 0x0800) + tcp,
            Part.ethernet(type: 0x0800) + dns,
            Part.ethernet(type: 0x88A8) + Part.vlanTag(vlan: 100, next: 0x8100)
                + Part.vlanTag(vlan: 42, next: 0x0800) + dns,
            Part.ethernet(destination: Part.broadcast, type: 0x0806) + arp,
            Part.ethernet(type: 0x86DD) + dns6,
            Part.ethernet(destination: Part.broadcast, type: 0x0800) + dhcp,
        ]
    }

    @Test("2,000,000 Ethernet packets: decode rate")
    func ethernetRate() {
        let templates = Self.templates()
        var buffer: [UInt8] = []
        var offsets: [Int] = [0]
        buffer.reserveCapacity(Self.packetCount * 90)
        offsets.reserveCapacity(Self.packetCount + 1)
        for index in 0..<Self.packetCount {
            var frame = templates[index % templates.count]
            // Vary the source MAC's last three bytes so no two neighbours look alike.
            frame[9] = UInt8(truncatingIfNeeded: index >> 16)
            frame[10] = UInt8(truncatingIfNeeded: index >> 8)
            frame[11] = UInt8(truncatingIfNeeded: index)
            buffer += frame
            offsets.append(buffer.count)
        }

        var queries = 0
        var discovers = 0
        var ok = 0
        var best = Double.infinity
        for _ in 0..<3 {
            queries = 0
            discovers = 0
            ok = 0
            let started = DispatchTime.now().uptimeNanoseconds
            buffer.withUnsafeBytes { all in
                for index in 0..<Self.packetCount {
                    let bytes = UnsafeRawBufferPointer(
                        rebasing: all[offsets[index]..<offsets[index + 1]])
                    let frame = FrameDecoder.decode(PacketView(
                        timestampNanoseconds: 0, linkType: .ethernet,
                        originalLength: bytes.count, bytes: bytes))
                    if frame.status == .ok { ok += 1 }
                    if frame.isDNSQuery { queries += 1 }
                    if frame.dhcp == .discover { discovers += 1 }
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            best = min(best, seconds)
        }
        let averageBytes = Double(buffer.count) / Double(Self.packetCount)
        print("decode: \(Self.packetCount) Ethernet packets (avg \(averageBytes) B) "
              + "best of 3 \(best) s = \(Double(Self.packetCount) / best / 1e6) Mpps")
        #expect(ok == Self.packetCount)
        #expect(queries == Self.packetCount / 8 * 3)
        #expect(discovers == Self.packetCount / 8)
    }
}
