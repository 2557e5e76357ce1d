// What the simulated firmwares print, without any process: every command of the driver
// contract, determinism, time, stations, secrets and hostile bytes.

import Foundation
import Testing

@testable import Lab

@Suite struct LabAnswerTests {
    let moment = Date(timeIntervalSince1970: 1_767_300_000)

    static let openWrtCommands = [
        "ubus call system board", "ubus call system info", "ubus call network.wireless status",
        "ubus list hostapd.*", "ubus call hostapd.phy0-ap0 get_clients",
        "ubus call hostapd.phy1-ap0 get_clients", "iw dev phy0-ap0 station dump",
        "iw dev phy1-ap0 station dump", "iwinfo", "cat /proc/net/dev",
    ]
    static let openWrtJSON: Set<String> = [
        "ubus call system board", "ubus call system info", "ubus call network.wireless status",
        "ubus call hostapd.phy0-ap0 get_clients", "ubus call hostapd.phy1-ap0 get_clients",
    ]
    static let routerOSCommands = [
        "/system resource print without-paging", "/system identity print without-paging",
        "/interface wireless print terse without-paging",
        "/interface wireless registration-table print stats terse without-paging",
    ]

    func answer(_ state: LabState, _ index: Int, _ command: String, at date: Date? = nil)
        -> LabAnswer
    {
        Lab.answer(
            state: state, ap: Lab.apName(index: index), command: command, now: date ?? moment)
    }

    /// The index of the first AP whose pool has stations at `moment`.
    func busyOpenWrtAP(_ state: LabState) -> Int {
        (0..<state.aps.count).first { index in
            index % 10 != 4 && LabDevice(state: state, index: index, now: moment).stations.count > 5
        } ?? 0
    }

    // MARK: - Every command of every firmware

    @Test func openWrtAnswersEveryContractCommand() throws {
        let state = LabTestSupport.memoryState(count: 3, firmware: .openwrt)
        for command in Self.openWrtCommands {
            let result = answer(state, busyOpenWrtAP(state), command)
            #expect(result.exitStatus == 0, "\(command)")
            #expect(result.stderr.isEmpty, "\(command)")
            #expect(!result.stdout.isEmpty, "\(command)")
            if Self.openWrtJSON.contains(command) {
                #expect(LabTestSupport.json(result.stdout) != nil, "\(command) is not JSON")
            }
        }
    }

    @Test func openWrtBoardLooksLike2305() throws {
        let state = LabTestSupport.memoryState(count: 3, firmware: .openwrt)
        let board = try #require(
            LabTestSupport.json(answer(state, 0, "ubus call system board").stdout))
        #expect(board["hostname"] as? String == "lab-ap-001")
        let release = try #require(board["release"] as? [String: Any])
        #expect(release["distribution"] as? String == "OpenWrt")
        #expect((release["version"] as? String)?.hasPrefix("23.05.") == true)
        let text = String(
            decoding: answer(state, 0, "ubus call system board").stdout, as: UTF8.self)
        #expect(text.hasPrefix("{\n\t\"kernel\": \"5.15."))
        #expect(text.hasSuffix("\n\t}\n}\n"))
    }

    @Test func ubusPrintsEmptyContainersLikeLibubox() {
        let empty = LabJSON.object([("a", .array([])), ("b", .object([]))]).ubusText
        #expect(
            String(decoding: empty, as: UTF8.self)
                == "{\n\t\"a\": [\n\t\t\n\t],\n\t\"b\": {\n\t\t\n\t}\n}\n")
    }

    @Test func hostapdObjectsAreListedOnePerLine() {
        let state = LabTestSupport.memoryState(count: 1, firmware: .openwrt)
        let text = String(decoding: answer(state, 0, "ubus list hostapd.*").stdout, as: UTF8.self)
        #expect(text == "hostapd.phy0-ap0\nhostapd.phy0-ap1\nhostapd.phy1-ap0\n")
    }

    @Test func procNetDevKeepsTheKernelLayout() {
        let state = LabTestSupport.memoryState(count: 1, firmware: .openwrt)
        let lines = String(decoding: answer(state, 0, "cat /proc/net/dev").stdout, as: UTF8.self)
            .split(separator: "\n")
        #expect(
            lines[0]
                == "Inter-|   Receive                                                |  Transmit")
        #expect(lines[2].hasPrefix("    lo: "))
        #expect(lines.contains { $0.hasPrefix("phy0-ap0: ") })
        #expect(lines.count == 2 + 7)
        #expect(lines[3].split(separator: " ").count == 17)
    }

    @Test func routerOSAnswersEveryContractCommand() {
        let state = LabTestSupport.memoryState(count: 2, firmware: .routeros)
        for index in 0..<2 {
            for command in Self.routerOSCommands {
                let result = answer(state, index, command)
                #expect(result.exitStatus == 0, "\(command)")
                #expect(
                    !result.stdout.isEmpty || command.contains("registration-table"), "\(command)")
            }
        }
        let resource = String(
            decoding: answer(state, 0, Self.routerOSCommands[0]).stdout, as: UTF8.self)
        #expect(resource.contains("\n                 platform: MikroTik"))
        #expect(resource.hasPrefix("                   uptime: "))
        let identity = String(
            decoding: answer(state, 1, Self.routerOSCommands[1]).stdout, as: UTF8.self)
        #expect(identity == "  name: lab-ap-002\n")
    }

    @Test func routerOSRegistrationTableHasOneRecordPerStation() {
        let state = LabTestSupport.memoryState(count: 12, firmware: .routeros)
        let index = (0..<12).first {
            LabDevice(state: state, index: $0, now: moment).stations.count > 3
        }!
        let device = LabDevice(state: state, index: index, now: moment)
        let text = String(
            decoding: answer(state, index, Self.routerOSCommands[3]).stdout, as: UTF8.self)
        let records = text.split(separator: "\n")
        #expect(records.count == device.stations.count)
        #expect(records[0].hasPrefix(" 0 interface=wlan"))
        #expect(records.allSatisfy { $0.contains(" signal-strength=") && $0.contains("dBm@") })
    }

    @Test func routerOSRejectsOtherCommandsLikeItsConsole() {
        let state = LabTestSupport.memoryState(count: 2, firmware: .routeros)
        let result = answer(state, 0, "ubus call system board")
        #expect(result.exitStatus == 1)
        #expect(
            String(decoding: result.stdout, as: UTF8.self)
                == "bad command name ubus (line 1 column 1)\n")
    }

    @Test func uniFiMcaDumpIsJSONWithStations() throws {
        let state = LabTestSupport.memoryState(count: 6, firmware: .unifi)
        for index in 0..<6 where index != 4 {
            let result = answer(state, index, "mca-dump")
            #expect(result.exitStatus == 0)
            let dump = try #require(LabTestSupport.json(result.stdout))
            #expect(dump["hostname"] as? String == Lab.apName(index: index))
            #expect(dump["model"] is String && dump["version"] is String && dump["uptime"] is Int)
            #expect((dump["radio_table"] as? [Any])?.count == 2)
            let vaps = try #require(dump["vap_table"] as? [[String: Any]])
            #expect(vaps.map { $0["name"] as? String } == ["ath0", "ath2", "ath1"])
            let stations = vaps.compactMap { $0["sta_table"] as? [Any] }.map(\.count).reduce(0, +)
            #expect(stations == LabDevice(state: state, index: index, now: moment).stations.count)
        }
    }

    @Test func unknownCommandsAreNotFound() {
        let state = LabTestSupport.memoryState(count: 3, firmware: .mixed)
        // UniFi has no tcpdump (OpenWrt streams a capture: Tests/UsageTests/Integration).
        let tcpdump = answer(state, 2, "tcpdump -i ath0 -U -s 128 -w -")
        #expect(tcpdump.exitStatus == 127)
        #expect(String(decoding: tcpdump.stderr, as: UTF8.self) == "sh: tcpdump: not found\n")
        #expect(answer(state, 2, "ubus call system board").exitStatus == 127)
        let missing = answer(state, 0, "iw dev wlan0 station dump")
        #expect(missing.exitStatus == 237)
        #expect(answer(state, 0, "ubus call hostapd.wlan0 get_clients").exitStatus == 4)
    }

    // MARK: - Determinism and time

    @Test func answersAreDeterministicForSeedAndTime() {
        let state = LabTestSupport.memoryState(count: 6, firmware: .mixed, seed: 42)
        let again = LabTestSupport.memoryState(count: 6, firmware: .mixed, seed: 42)
        let other = LabTestSupport.memoryState(count: 6, firmware: .mixed, seed: 43)
        var differs = false
        for index in 0..<6 {
            let commands =
                state.aps[index].firmware == .openwrt
                ? Self.openWrtCommands
                : state.aps[index].firmware == .routeros ? Self.routerOSCommands : ["mca-dump"]
            for command in commands {
                #expect(
                    answer(state, index, command).stdout == answer(again, index, command).stdout)
                differs =
                    differs
                    || answer(state, index, command).stdout != answer(other, index, command).stdout
            }
        }
        #expect(differs)
    }

    @Test func uptimeAdvancesWithTime() throws {
        let state = LabTestSupport.memoryState(count: 2, firmware: .openwrt)
        let before = try #require(
            LabTestSupport.json(answer(state, 1, "ubus call system info").stdout))
        let later = try #require(
            LabTestSupport.json(
                answer(state, 1, "ubus call system info", at: moment.addingTimeInterval(125)).stdout
            ))
        #expect((later["uptime"] as! Int) - (before["uptime"] as! Int) == 125)
        #expect((later["localtime"] as! Int) - (before["localtime"] as! Int) == 125)
        #expect((before["uptime"] as! Int) >= 18_000)
    }

    @Test func stationsComeAndGoAcrossWindows() {
        let state = LabTestSupport.memoryState(count: 10, firmware: .openwrt)
        var changed = 0
        for index in 0..<10 {
            var previous: Set<String>? = nil
            for window in 0..<10 {
                let device = LabDevice(
                    state: state, index: index,
                    now: moment.addingTimeInterval(Double(window * 60)))
                #expect((0...25).contains(device.stations.count))
                let macs = Set(device.stations.map(\.macText))
                if let previous, previous != macs { changed += 1 }
                previous = macs
            }
        }
        #expect(changed > 10)
    }

    @Test func stationBytesGrowWithinASession() {
        let state = LabTestSupport.memoryState(count: 5, firmware: .openwrt)
        let index = busyOpenWrtAP(state)
        let first = LabDevice(state: state, index: index, now: moment)
        let later = LabDevice(state: state, index: index, now: moment.addingTimeInterval(30))
        let grew = first.stations.filter { station in
            guard let next = later.stations.first(where: { $0.mac == station.mac }) else {
                return false
            }
            return next.txBytes > station.txBytes
                && next.connectedSeconds == station.connectedSeconds + 30
        }
        #expect(!grew.isEmpty)
    }

    @Test func stationsMixAddressKindsAndIdleTimes() {
        let state = LabTestSupport.memoryState(count: 20, firmware: .openwrt)
        let stations = (0..<20).flatMap { LabDevice(state: state, index: $0, now: moment).stations }
        #expect(stations.contains { $0.mac[0] & 0x02 != 0 })
        #expect(stations.contains { $0.mac[0] & 0x02 == 0 })
        #expect(stations.contains { $0.inactiveMilliseconds > 300_000 })
        #expect(stations.contains { $0.inactiveMilliseconds < 3_000 })
        #expect(stations.allSatisfy { (-90 ... -30).contains($0.signal) })
        #expect(stations.allSatisfy { $0.mac[0] & 0x01 == 0 })
    }

    @Test func getClientsAndStationDumpAgree() throws {
        let state = LabTestSupport.memoryState(count: 10, firmware: .openwrt)
        for index in 0..<10 where index != 4 {
            for interface in ["phy0-ap0", "phy0-ap1", "phy1-ap0"] {
                let clients = try #require(
                    LabTestSupport.json(
                        answer(state, index, "ubus call hostapd.\(interface) get_clients").stdout))
                let table = try #require(clients["clients"] as? [String: [String: Any]])
                let dump = String(
                    decoding: answer(state, index, "iw dev \(interface) station dump").stdout,
                    as: UTF8.self)
                let blocks = dump.components(separatedBy: "Station ").dropFirst()
                var fromDump: [String: Int] = [:]
                for block in blocks {
                    let mac = String(block.prefix(17))
                    #expect(block.hasPrefix("\(mac) (on \(interface))\n\tinactive time:\t"))
                    let line = block.split(separator: "\n").first { $0.hasPrefix("\ttx bytes:\t") }!
                    fromDump[mac] = Int(line.split(separator: "\t").last!)
                }
                #expect(Set(table.keys) == Set(fromDump.keys), "AP \(index) \(interface)")
                for (mac, client) in table {
                    let bytes = client["bytes"] as! [String: Int]
                    #expect(bytes["tx"] == fromDump[mac])
                }
            }
        }
    }

    // MARK: - Secrets and hostile bytes

    @Test func wirelessStatusCarriesAFakePSK() {
        let state = LabTestSupport.memoryState(count: 2, firmware: .openwrt)
        let text = String(
            decoding: answer(state, 0, "ubus call network.wireless status").stdout, as: UTF8.self)
        #expect(text.contains("\"key\": \"lab-psk-lab-ap-001-secret\""))
        #expect(text.contains("\"ssid\": \"CanTho-WiFi-Free\""))
        #expect(text.contains("\"ifname\": \"phy1-ap0\""))
        #expect(!text.contains("wlan0"))
    }

    @Test func fifthAccessPointHasAnSSIDThatIsNotUTF8() {
        let state = LabTestSupport.memoryState(count: 15, firmware: .openwrt)
        for command in ["ubus call network.wireless status", "iwinfo"] {
            let fifth = answer(state, 4, command).stdout
            #expect(String(validating: fifth, as: UTF8.self) == nil, "\(command)")
            #expect(contains(fifth, Array("CanTho-WiFi-".utf8) + [0xFF, 0xFE]), "\(command)")
            #expect(String(validating: answer(state, 3, command).stdout, as: UTF8.self) != nil)
            #expect(String(validating: answer(state, 14, command).stdout, as: UTF8.self) == nil)
        }
    }

    @Test func otherFirmwaresShowTheSameSSIDTheirOwnWay() {
        let routerOS = LabTestSupport.memoryState(count: 5, firmware: .routeros)
        let terse = String(
            decoding: answer(routerOS, 4, "/interface wireless print terse without-paging").stdout,
            as: UTF8.self)
        #expect(terse.contains(#" ssid="CanTho-WiFi-\FF\FE-5G" "#))
        let unifi = LabTestSupport.memoryState(count: 5, firmware: .unifi)
        let dump = answer(unifi, 4, "mca-dump").stdout
        #expect(contains(dump, Array(#""essid":"CanTho-WiFi-"#.utf8) + [0xFF, 0xFE]))
    }

    func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains {
            Array(haystack[$0..<$0 + needle.count]) == needle
        }
    }

    // MARK: - Faults in answers

    @Test func faultNamesRoundTrip() {
        let names = ["none", "hang", "slow:5", "huge", "garbage", "hostkey", "wrong-key", "slow:2"]
        for name in names {
            #expect(LabFault(name: name)?.description == name)
        }
        #expect(LabFault(name: "slow") == .slow(seconds: 5))
        #expect(LabFault(name: "slow:x") == nil)
        #expect(LabFault(name: "reboot") == nil)
    }

    @Test func mixedLabsAreMostlyOpenWrt() {
        let firmwares = (0..<6).map { LabFirmware.mixed.firmware(at: $0) }
        #expect(firmwares == [.openwrt, .routeros, .unifi, .openwrt, .openwrt, .openwrt])
    }

    @Test func faultsBendTheAnswer() {
        var state = LabTestSupport.memoryState(count: 3, firmware: .openwrt)
        state.aps[0].fault = .huge
        state.aps[1].fault = .garbage
        state.aps[2].fault = .slow(seconds: 2)
        let huge = answer(state, 0, "iw dev phy0-ap0 station dump")
        #expect(huge.stdout.count >= Lab.hugeOutputBytes)
        #expect(huge.stdout.starts(with: Array("Station ".utf8)))
        #expect(answer(state, 0, "ubus call system board").stdout.count >= Lab.hugeOutputBytes)
        let garbage = answer(state, 1, "ubus call system board")
        #expect(garbage.exitStatus == 0)
        #expect(garbage.stdout.contains(0))
        #expect(String(validating: garbage.stdout, as: UTF8.self) == nil)
        let slow = answer(state, 2, "ubus call system board")
        #expect(slow.delaySeconds == 2)
        #expect(LabTestSupport.json(slow.stdout) != nil)
    }
}
