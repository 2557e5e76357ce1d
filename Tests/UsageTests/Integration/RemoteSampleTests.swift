// The lab's capture stream end to end: `ketnoi sample --remote` over real SSH to a lab AP,
// and the privacy promise after sampling the corpus and a lab stream into a real database.

import Foundation
import Privacy
import Testing
@testable import Lab
@testable import Usage

/// A one-AP OpenWrt lab whose `phy0-ap0` has stations for the next minutes, and a sandbox
/// with its access points imported.
final class RemoteLab {
    let state: LabState
    let sandbox: KetnoiSandbox
    var outcomes: [KetnoiOutcome] = []

    /// A seed whose first AP keeps at least two stations on its open SSID for five minutes,
    /// so that the capture is never empty whatever minute the test runs in.
    static func seed(now: Date = Date()) -> UInt64 {
        for seed in UInt64(1)...500 {
            let ap = LabAP(name: "lab-ap-001", firmware: .openwrt, port: 0,
                           hostKeyFingerprint: "", pid: 0, fault: .none)
            let state = LabState(directory: "/nonexistent", started: now, seed: seed, aps: [ap],
                                 clientKeyPath: "", accessPointsCSV: "")
            let busy = (0...5).allSatisfy { minute in
                LabDevice(state: state, index: 0, now: now + Double(minute * 60))
                    .stations(on: 0).count >= 2
            }
            if busy { return seed }
        }
        return 7
    }

    init(_ label: String) throws {
        sandbox = try KetnoiSandbox(label)
        var options = LabOptions(directory: sandbox.path("lab"),
                                 executable: KetnoiSandbox.executable.path, user: NSUserName())
        options.count = 1
        options.firmware = .openwrt
        options.seed = Self.seed()
        state = try Lab.up(options)
        let imported = try run(["aps", "import", state.accessPointsCSV])
        precondition(imported.status == 0, "\(imported)")
    }

    deinit {
        _ = try? Lab.down(directory: state.directory)
    }

    /// Runs `ketnoi` in the sandbox and keeps the outcome for the privacy check.
    @discardableResult
    func run(_ arguments: [String]) throws -> KetnoiOutcome {
        let outcome = try sandbox.run(arguments)
        outcomes.append(outcome)
        return outcome
    }

    /// The capture the lab AP answers at `now`, as the controller would read it.
    func capture(at now: Date = Date()) -> [UInt8] {
        Lab.answer(state: state, ap: "lab-ap-001",
                   command: "tcpdump -i phy0-ap0 -U -s 128 -w -", now: now).stdout
    }
}

/// The MACs a capture names (source, destination, BSSID), read with the project's decoders.
func addresses(in read: ((PacketView) throws -> Void) throws -> Void) rethrows -> Set<MAC48> {
    var macs: Set<MAC48> = []
    try read { packet in
        let frame = FrameDecoder.decode(packet)
        for mac in [frame.source, frame.destination, frame.bssid] {
            if let mac { macs.insert(mac) }
        }
    }
    return macs
}

@Suite("Remote sampling from the lab", .serialized)
struct RemoteSampleTests {
    @Test("the lab AP streams a capture: known sizes, both directions, deterministic per minute")
    func labCapture() throws {
        let ap = LabAP(name: "lab-ap-001", firmware: .openwrt, port: 0, hostKeyFingerprint: "",
                       pid: 0, fault: .none)
        let now = Date()
        let state = LabState(
            directory: "/nonexistent", started: now, seed: RemoteLab.seed(now: now),
            aps: [ap], clientKeyPath: "", accessPointsCSV: "")
        let minute = Date(
            timeIntervalSince1970: (now.timeIntervalSince1970 / 60).rounded(.down) * 60)
        let command = "tcpdump -i phy0-ap0 -U -s 128 -w -"
        let first = Lab.answer(state: state, ap: "lab-ap-001", command: command, now: minute)
        let again = Lab.answer(state: state, ap: "lab-ap-001", command: command,
                               now: minute + 59)
        #expect(first.exitStatus == 0)
        #expect(first.stdout == again.stdout, "the same seed and minute give the same bytes")
        #expect(
            String(decoding: first.stderr, as: UTF8.self).hasPrefix(
                "tcpdump: listening on phy0-ap0, link-type EN10MB (Ethernet), "
                    + "snapshot length 128 bytes\n"
            ))

        // Ethernet, snap length 128, little-endian microsecond pcap.
        #expect(Array(first.stdout.prefix(24)) == [
            0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128, 0, 0, 0, 1, 0, 0, 0,
        ])

        let device = LabDevice(state: state, index: 0, now: minute)
        let bssid = MAC48(value: device.ssids[0].bssid.reduce(0) { $0 << 8 | UInt64($1) })
        var sampler = UsageSampler(windowSeconds: 300, accessPointMACs: [bssid]) {
            PseudonymKey.generate(day: $0)
        }
        var captured: [Int] = []
        var stamps: [Int64] = []
        let reader = StreamReader(name: "lab-ap-001:phy0-ap0")
        try reader.feed(first.stdout) { packet in
            captured.append(packet.bytes.count)
            stamps.append(packet.timestampNanoseconds)
            try sampler.add(packet)
        }
        let report = try reader.finish()
        #expect(!report.truncatedFile)
        #expect((20...600).contains(report.packets), "a few hundred packets at most")
        #expect(captured.allSatisfy { $0 <= 128 })
        #expect(stamps == stamps.sorted())
        let start = Int64(minute.timeIntervalSince1970) * 1_000_000_000
        #expect(stamps.allSatisfy { $0 >= start && $0 < start + 3_000_000_000 })

        let totals = sampler.finish().reduce(into: UsageCounters()) { sum, window in
            sum.packets += window.counters.packets
            sum.bytesUp += window.counters.bytesUp
            sum.bytesDown += window.counters.bytesDown
            sum.clients = max(sum.clients, window.counters.clients)
            sum.dnsQueries += window.counters.dnsQueries
            sum.truncated += window.counters.truncated
            sum.malformed += window.counters.malformed
        }
        #expect(totals.packets == report.packets)
        #expect(totals.bytesUp > 0 && totals.bytesDown > 0)
        #expect(totals.clients == device.stations(on: 0).count)
        #expect(totals.dnsQueries >= totals.clients)
        // DHCP's message type lies beyond 128 bytes: the discover and request are cut.
        #expect(totals.truncated == 2)
        #expect(totals.malformed == 0)
    }

    @Test("only the CSV's interface exists; RouterOS has no tcpdump")
    func otherInterfaces() throws {
        let aps = [
            LabAP(name: "lab-ap-001", firmware: .openwrt, port: 0, hostKeyFingerprint: "",
                  pid: 0, fault: .none),
            LabAP(name: "lab-ap-002", firmware: .routeros, port: 0, hostKeyFingerprint: "",
                  pid: 0, fault: .none),
        ]
        let state = LabState(directory: "/nonexistent", started: Date(), seed: 3, aps: aps,
                             clientKeyPath: "", accessPointsCSV: "")
        for interface in ["phy1-ap0", "phy0-ap1", "eth0", "br-lan"] {
            let answer = Lab.answer(state: state, ap: "lab-ap-001",
                                    command: "tcpdump -i \(interface) -U -s 128 -w -")
            #expect(answer.exitStatus == 1)
            #expect(answer.stdout.isEmpty)
            #expect(String(decoding: answer.stderr, as: UTF8.self)
                    == "tcpdump: \(interface): No such device exists\n(No such device exists)\n")
        }
        let routerOS = Lab.answer(state: state, ap: "lab-ap-002",
                                  command: "tcpdump -i wlan1 -U -s 128 -w -")
        #expect(String(decoding: routerOS.stdout, as: UTF8.self)
                == "bad command name tcpdump (line 1 column 1)\n")
    }

    @Test("ketnoi sample --remote lab-ap-001: packets, both directions, clients, DNS, stored")
    func remoteSample() throws {
        let lab = try RemoteLab("remote")
        let inventory = try lab.run(["inventory"])
        #expect(inventory.status == 0, "\(inventory)")

        let sampled = try lab.run(["--json", "sample", "--remote", "lab-ap-001",
                                   "--duration", "5"])
        #expect(sampled.status == 0, "\(sampled)")
        let data = try sampled.data()
        let sources = try #require(data["sources"] as? [[String: Any]])
        #expect(sources.count == 1)
        #expect(sources.first?["name"] as? String == "lab-ap-001:phy0-ap0")
        #expect(sources.first?["format"] as? String == "stream")
        #expect(sources.first?["linkTypes"] as? [String: Int]
                == ["EN10MB(1)": sources.first?["packets"] as? Int ?? -1])
        let windows = try #require(data["windows"] as? [[String: Any]])
        try #require(!windows.isEmpty)
        #expect(windows.allSatisfy { $0["ap"] as? String == "lab-ap-001" })
        #expect(windows.allSatisfy { $0["source"] as? String == "ap:lab-ap-001" })
        let counters = try windows.map(counters(of:))
        let packets = counters.map(\.packets).reduce(0, +)
        #expect(packets > 0)
        #expect(packets == sources.first?["packets"] as? Int)
        #expect(counters.map(\.bytesUp).reduce(0, +) > 0)
        #expect(counters.map(\.bytesDown).reduce(0, +) > 0)
        #expect(counters.map(\.clients).max() ?? 0 > 0)
        #expect(counters.map(\.dnsQueries).reduce(0, +) > 0)
        #expect(counters.map(\.malformed).reduce(0, +) == 0)
        #expect(counters.map(\.unknownLinkType).reduce(0, +) == 0)

        let usage = try lab.run(["--json", "usage"])
        #expect(usage.status == 0, "\(usage)")
        let stored = try #require(try usage.data()["windows"] as? [[String: Any]])
        #expect(stored.count == windows.count)
        #expect(stored.allSatisfy { $0["ap"] as? String == "lab-ap-001" })
        #expect(try stored.map(counters(of:)) == counters)
        let days = try #require(try usage.data()["days"] as? [[String: Any]])
        #expect(days.allSatisfy { $0["ap"] as? String == "lab-ap-001" })
        #expect(days.map { $0["uniqueDevices"] as? Int ?? 0 }.reduce(0, +) > 0)
    }

    @Test("no MAC from the corpus or a lab stream reaches the database, stdout or stderr (-vv)",
          .enabled(if: Corpus.isPresent, "the shared corpus ../shared/corpus/pcap is absent"))
    func noMACStored() throws {
        let lab = try RemoteLab("privacy")
        var macs: Set<MAC48> = []
        macs.formUnion(try addresses { body in
            let reader = StreamReader(name: "lab")
            try reader.feed(lab.capture(), body)
        })

        #expect(try lab.run(["-vv", "inventory"]).status == 0)
        let remote = try lab.run(["-vv", "sample", "--remote", "lab-ap-001", "--duration", "5"])
        #expect(remote.status == 0, "\(remote)")
        macs.formUnion(try addresses { body in
            let reader = StreamReader(name: "lab")
            try reader.feed(lab.capture(), body)
        })

        for row in Corpus.manifest {
            let path = Corpus.path(row.file)
            let outcome = try lab.run(["-vv", "sample", "--pcap", path, "--window", "3600"])
            #expect([0, 65].contains(outcome.status), "\(outcome)")
            let json = try lab.run(["--json", "-vv", "sample", "--pcap", path, "--dry-run"])
            #expect([0, 65].contains(json.status), "\(json)")
            if case .refused = row.expectation { continue }
            macs.formUnion(try addresses { body in _ = try CaptureFile.read(path: path, body) })
        }
        #expect(try lab.run(["-vv", "usage"]).status == 0)
        #expect(try lab.run(["--json", "-vv", "usage"]).status == 0)
        #expect(macs.count > 200, "the corpus and the lab name many addresses")

        var texts = lab.outcomes.flatMap { [$0.stdout, $0.stderr] }.joined(separator: "\n")
        var database = try Data(contentsOf: URL(fileURLWithPath: lab.sandbox.database))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: lab.sandbox.database + "-wal")) {
            database.append(wal)
        }
        texts += String(decoding: database, as: UTF8.self)
        let lowered = texts.lowercased()
        var leaks: [String] = []
        for mac in macs {
            let octets = mac.bytes.map { $0 < 16 ? "0" + String($0, radix: 16)
                                                 : String($0, radix: 16) }
            for form in [octets.joined(separator: ":"), octets.joined(separator: "-")]
            where lowered.contains(form) {
                leaks.append(form)
            }
            // The raw six bytes, for unicast addresses unlikely to occur by chance.
            let zeros = mac.bytes.filter { $0 == 0 }.count
            if !mac.isGroup, zeros < 3, database.range(of: Data(mac.bytes)) != nil {
                leaks.append("bytes " + octets.joined(separator: ":"))
            }
        }
        #expect(leaks.isEmpty, "\(leaks.count) addresses found, e.g. \(leaks.prefix(3))")
    }
}
