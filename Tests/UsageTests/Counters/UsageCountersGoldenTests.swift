// Golden counters: small captures written here with libpcap's dump API (`CaptureWriter`),
// every frame's length known, counted through `UsageSampler` and through `ketnoi sample`.

import Foundation
import Privacy
import Testing
@testable import Usage

/// 2026-01-01T00:00:00Z, a multiple of 300 s: the first window of the captures.
let goldenStart: Int64 = 1_767_225_600

enum Golden {
    static let secondClient: [UInt8] = [0x3C, 0x22, 0xFB, 0x10, 0x20, 0x31]
    static let thirdClient: [UInt8] = [0x3C, 0x22, 0xFB, 0x10, 0x20, 0x32]
    static let globalProber: [UInt8] = [0x00, 0x11, 0x22, 0x33, 0x44, 0x55]
    static let secondRandomised: [UInt8] = [0xDA, 0xA1, 0x19, 0x00, 0x00, 0x02]
    /// The AP's second BSSID (its 5 GHz radio), locally administered like OpenWrt's VAPs.
    static let secondBSSID: [UInt8] = [0x02, 0x1A, 0x2B, 0x3C, 0x4D, 0x66]
    static let radiotap = Part.radiotap(present: [0], fields: [])  // 8 bytes, no fields

    /// A radiotap data frame: header, 802.11 (ToDS 0x01, FromDS 0x02, both 0x03), LLC/SNAP, IP.
    static func data(flags: UInt8, _ a1: [UInt8], _ a2: [UInt8], _ a3: [UInt8],
                     a4: [UInt8]? = nil, ip: [UInt8]) -> [UInt8] {
        radiotap + Part.wlan(type: 2, subtype: 0, flags: flags, address1: a1, address2: a2,
                             address3: a3, address4: a4) + Part.snap(type: 0x0800) + ip
    }

    /// A probe request with a wildcard SSID element: 8 + 24 + 2 = 34 bytes.
    static func probe(from source: [UInt8]) -> [UInt8] {
        radiotap + Part.wlan(type: 0, subtype: 4, address1: Part.broadcast, address2: source,
                             address3: Part.broadcast) + [0x00, 0x00]
    }

    static let dnsQuery = Part.ipv4(protocolNumber: 17, payload: Part.udp(
        source: 40_000, destination: 53, payload: Part.dnsQuery))            // 50 bytes
    static let dnsResponse = Part.ipv4(protocolNumber: 17, payload: Part.udp(
        source: 53, destination: 40_000, payload: Part.dnsResponse))         // 40 bytes
    static func dhcp(_ type: UInt8) -> [UInt8] {                            // 276 bytes
        Part.ipv4(protocolNumber: 17, payload: Part.udp(
            source: 68, destination: 67, payload: Part.dhcp(options: Part.dhcpOptions(type: type))))
    }
    static let download = Part.ipv4(protocolNumber: 6, payload: Part.tcp(
        source: 443, destination: 50_000, payload: [UInt8](repeating: 0, count: 100)))  // 140

    /// Two 300 s windows of radiotap frames; each line names the frame's length.
    static func writeRadiotap(_ path: String) throws -> [(Int64, [UInt8], Int)] {
        let t = goldenStart * 1_000_000_000
        let s: Int64 = 1_000_000_000
        let ap = Part.accessPoint, c1 = Part.client
        var malformed = data(flags: 0x01, ap, c1, Part.router, ip: download)
        malformed[8] = 0x09  // protocol version 1
        let frames: [(Int64, [UInt8], Int)] = [
            // Window 1
            (t + 1 * s, data(flags: 0x01, ap, c1, Part.router, ip: dnsQuery), 90),
            (t + 2 * s, data(flags: 0x02, c1, ap, Part.router, ip: dnsResponse), 80),
            (t + 3 * s, data(flags: 0x01, ap, secondClient, Part.broadcast, ip: dhcp(1)), 316),
            (t + 4 * s, probe(from: globalProber), 34),
            (t + 5 * s, probe(from: Part.randomised), 34),
            (t + 6 * s, probe(from: Part.randomised), 34),
            (t + 7 * s, Array(malformed.prefix(32)), 32),
            // cut by the snap length after 20 of its 802.11 header bytes; 100 on the wire
            (
                t + 8 * s, Array(data(flags: 0x01, ap, c1, Part.router, ip: download).prefix(28)),
                100
            ),
            // Window 2
            (t + 301 * s, data(flags: 0x01, ap, c1, Part.router, ip: dhcp(3)), 316),
            (t + 302 * s, data(flags: 0x02, c1, ap, Part.router, ip: download), 180),
            (t + 303 * s, data(flags: 0x02, thirdClient, ap, Part.router, ip: download), 180),
            (t + 304 * s, probe(from: secondRandomised), 34),
            (t + 304 * s + 500_000, probe(from: Part.randomised), 34),
            // WDS (4 addresses): neither up nor down
            (
                t + 305 * s, data(flags: 0x03, ap, Part.router, c1, a4: thirdClient, ip: dnsQuery),
                96
            ),
        ]
        let writer = try CaptureWriter(path: path, linkType: .radiotap, nanosecond: true)
        for (time, bytes, length) in frames {
            writer.write(timestampNanoseconds: time, originalLength: length, bytes: bytes)
        }
        #expect(writer.flush())
        return frames
    }

    static var radiotapWindows: [UsageCounters] {
        var first = UsageCounters()
        first.packets = 8
        first.bytes = 90 + 80 + 316 + 3 * 34 + 32 + 100
        first.bytesUp = 90 + 316 + 100
        first.bytesDown = 80
        first.clients = 2
        first.probeRequests = 3
        first.probeSources = 2
        first.probeSourcesGlobal = 1
        first.probeSourcesLocal = 1
        first.dhcpDiscovers = 1
        first.dnsQueries = 1
        first.malformed = 1
        first.truncated = 1
        var second = UsageCounters()
        second.packets = 6
        second.bytes = 316 + 180 + 180 + 34 + 34 + 96
        second.bytesUp = 316
        second.bytesDown = 360
        second.bytesUnclassified = 96
        second.clients = 2
        second.probeRequests = 2
        second.probeSources = 2
        second.probeSourcesLocal = 2
        second.dhcpRequests = 1
        second.dnsQueries = 1
        return [first, second]
    }

    /// One window of Ethernet frames to, from and past the AP's two MACs.
    static func writeEthernet(_ path: String) throws {
        let t = goldenStart * 1_000_000_000 + 10_000_000_000
        let ap = Part.accessPoint, c1 = Part.client, c2 = secondClient
        let tcp = Part.ipv4(protocolNumber: 6, payload: Part.tcp(
            source: 443, destination: 50_000, payload: [UInt8](repeating: 0, count: 86)))
        let bare = Part.ipv4(protocolNumber: 6, payload: Part.tcp(source: 50_001, destination: 22))
        let mdns = Part.ipv4(protocolNumber: 17, payload: Part.udp(
            source: 5353, destination: 5353, payload: Part.dnsQuery))
        let mdnsGroup: [UInt8] = [0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB]
        let frames: [[UInt8]] = [
            Part.ethernet(destination: ap, source: c1, type: 0x0800) + dnsQuery,       // 64 up
            Part.ethernet(destination: c1, source: ap, type: 0x0800) + tcp,            // 140 down
            Part.ethernet(destination: c2, source: secondBSSID, type: 0x0800) + tcp,   // 140 down
            Part.ethernet(destination: c2, source: c1, type: 0x0800) + bare,           // 54
            Part.ethernet(destination: Part.broadcast, source: c2, type: 0x0800) + dhcp(1),  // 290
            Part.ethernet(destination: mdnsGroup, source: c1, type: 0x0800) + mdns,    // 64
        ]
        #expect(frames.map(\.count) == [64, 140, 140, 54, 290, 64])
        let writer = try CaptureWriter(path: path, linkType: .ethernet)
        for (index, bytes) in frames.enumerated() {
            writer.write(timestampNanoseconds: t + Int64(index) * 1_000_000_000, bytes: bytes)
        }
        #expect(writer.flush())
    }

    static var ethernetWithAccessPoint: UsageCounters {
        var c = UsageCounters()
        c.packets = 6
        c.bytes = 752
        c.bytesUp = 64
        c.bytesDown = 280
        c.bytesUnclassified = 54 + 290 + 64
        c.clients = 2
        c.dhcpDiscovers = 1
        c.dnsQueries = 1
        return c
    }

    static func macs(_ list: [UInt8]...) -> Set<MAC48> {
        Set(list.map { bytes in MAC48(value: bytes.reduce(0) { $0 << 8 | UInt64($1) }) })
    }

    /// Samples a file with a fresh in-memory key per day.
    static func sample(_ path: String, accessPointMACs: Set<MAC48> = []) throws -> [UsageWindow] {
        var keys: [String: PseudonymKey] = [:]
        var sampler = UsageSampler(windowSeconds: 300, accessPointMACs: accessPointMACs) { day in
            if let key = keys[day] { return key }
            let key = PseudonymKey.generate(day: day)
            keys[day] = key
            return key
        }
        _ = try CaptureFile.read(path: path) { try sampler.add($0) }
        return sampler.finish()
    }
}

@Suite("Golden counters")
struct UsageCountersGoldenTests {
    @Test("radiotap data frames: exact counters and direction split in two windows")
    func radiotapWindows() throws {
        let path = temporaryPath("golden-radiotap.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try Golden.writeRadiotap(path)

        let windows = try Golden.sample(path)
        #expect(windows.map(\.start) == [goldenStart, goldenStart + 300])
        #expect(windows.map(\.seconds) == [300, 300])
        #expect(windows.map(\.day) == ["2026-01-01", "2026-01-01"])
        #expect(windows.map(\.counters) == Golden.radiotapWindows)
        #expect(windows.map(\.counters.probeDemand) == [1...2, 0...2])
        // The first client is in both windows under the same day's pseudonym.
        #expect(windows[0].clientPseudonyms.intersection(windows[1].clientPseudonyms).count == 1)
        #expect(windows[0].clientPseudonyms.union(windows[1].clientPseudonyms).count == 3)
    }

    @Test("Ethernet frames: direction from the AP's own MACs")
    func ethernetWithAccessPointMACs() throws {
        let path = temporaryPath("golden-ethernet.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Golden.writeEthernet(path)

        let windows = try Golden.sample(
            path, accessPointMACs: Golden.macs(Part.accessPoint, Golden.secondBSSID))
        #expect(windows.map(\.start) == [goldenStart])
        #expect(windows.map(\.counters) == [Golden.ethernetWithAccessPoint])
        #expect(windows[0].counters.probeDemand == 0...0)
    }

    @Test("Ethernet frames without the AP's MACs: every byte unclassified")
    func ethernetWithoutAccessPointMACs() throws {
        let path = temporaryPath("golden-ethernet-plain.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Golden.writeEthernet(path)

        var expected = Golden.ethernetWithAccessPoint
        expected.bytesUp = 0
        expected.bytesDown = 0
        expected.bytesUnclassified = 752
        // Without the inventory the AP's own addresses look like senders too.
        expected.clients = 4
        #expect(try Golden.sample(path).map(\.counters) == [expected])
    }

    @Test("ketnoi sample stores the same windows; ketnoi usage shows them and the day's devices")
    func throughTheCommandLine() throws {
        let sandbox = try KetnoiSandbox("golden")
        let path = sandbox.path("golden-radiotap.pcap")
        _ = try Golden.writeRadiotap(path)

        let sampled = try sandbox.run(["--json", "sample", "--pcap", path])
        #expect(sampled.status == 0, "\(sampled)")
        let data = try sampled.data()
        let windows = try #require(data["windows"] as? [[String: Any]])
        #expect(try windows.map(counters(of:)) == Golden.radiotapWindows)
        #expect(windows.map { $0["start"] as? String }
                == ["2026-01-01T00:00:00Z", "2026-01-01T00:05:00Z"])
        #expect(windows.map { $0["source"] as? String }
                == ["file:golden-radiotap.pcap", "file:golden-radiotap.pcap"])
        #expect(windows.map { $0["probeDemandLow"] as? Int } == [1, 0])
        #expect(windows.map { $0["probeDemandHigh"] as? Int } == [2, 2])
        #expect(data["dryRun"] as? Bool == false)

        let usage = try sandbox.run(["--json", "usage"])
        #expect(usage.status == 0, "\(usage)")
        let stored = try usage.data()
        let storedWindows = try #require(stored["windows"] as? [[String: Any]])
        #expect(try storedWindows.map(counters(of:)) == Golden.radiotapWindows)
        let days = try #require(stored["days"] as? [[String: Any]])
        #expect(days.count == 1)
        #expect(days.first?["day"] as? String == "2026-01-01")
        #expect(days.first?["uniqueDevices"] as? Int == 3)
        #expect(days.first?["packets"] as? Int == 14)
        #expect(days.first?["bytes"] as? Int == 720 + 840)
        #expect(days.first?["probeRequests"] as? Int == 5)

        // Sampling the same file again replaces the windows rather than adding to them.
        #expect(try sandbox.run(["sample", "--pcap", path]).status == 0)
        let again = try sandbox.run(["--json", "usage"]).data()
        #expect(try (again["windows"] as? [[String: Any]] ?? []).map(counters(of:))
                == Golden.radiotapWindows)
        #expect((again["days"] as? [[String: Any]])?.first?["uniqueDevices"] as? Int == 3)
    }

    @Test("ketnoi sample --dry-run of Ethernet frames with no inventory: all unclassified")
    func ethernetThroughTheCommandLine() throws {
        let sandbox = try KetnoiSandbox("golden-eth")
        let path = sandbox.path("golden-ethernet.pcap")
        try Golden.writeEthernet(path)

        let sampled = try sandbox.run(["--json", "sample", "--pcap", path, "--dry-run"])
        #expect(sampled.status == 0, "\(sampled)")
        let windows = try #require(try sampled.data()["windows"] as? [[String: Any]])
        var expected = Golden.ethernetWithAccessPoint
        expected.bytesUp = 0
        expected.bytesDown = 0
        expected.bytesUnclassified = 752
        expected.clients = 4
        #expect(try windows.map(counters(of:)) == [expected])
        #expect(!FileManager.default.fileExists(atPath: sandbox.database))
    }
}
