@testable import Fleet
import Privacy
import Testing

@Suite struct SnapshotTests {
    static let key = PseudonymKey(day: "2026-12-03", bytes: [UInt8](repeating: 7, count: 32))!

    static func station(_ mac: String?, inactive: UInt64?, signal: Int?) -> StationFacts {
        var station = StationFacts()
        station.mac = mac.flatMap { MACAddress($0) }
        station.inactiveMilliseconds = inactive
        station.signalDBm = signal
        return station
    }

    @Test func clientsFollowTheInactiveRuleAndMACsBecomePseudonyms() {
        var collection = Collection()
        collection.system.model = "GL.iNet GL-MT3000"
        collection.stations = [
            Self.station("02:00:00:00:00:01", inactive: 1_000, signal: -45),
            Self.station("02:00:00:00:00:02", inactive: 299_999, signal: -65),
            Self.station("02:00:00:00:00:03", inactive: 300_000, signal: -85),
            Self.station(nil, inactive: nil, signal: nil),
        ]
        var pseudonymizer = Pseudonymizer(key: Self.key)
        let snapshot = Snapshot.assemble(
            collection, durationMilliseconds: 12, inactiveThreshold: .seconds(300),
            pseudonymizer: &pseudonymizer)
        #expect(snapshot.result == "ok")
        #expect(snapshot.stations == 4)
        #expect(snapshot.clients == 3)
        #expect(snapshot.signalHistogram == [">=-50": 1, "-61..-70": 1, "unknown": 1])
        #expect(snapshot.stationPseudonyms.count == 3)
        #expect(snapshot.stationPseudonyms.allSatisfy { $0.locallyAdministered })
    }

    @Test func cutOutputComesFirstAndNothingReadIsAParseError() {
        var collection = Collection()
        collection.system.firmware = "OpenWrt"
        collection.failedCommands = ["ubus call system board: exit 127"]
        collection.truncatedCommands = ["cat /proc/net/dev"]
        var pseudonymizer = Pseudonymizer(key: Self.key)
        let snapshot = Snapshot.assemble(
            collection, durationMilliseconds: 1, inactiveThreshold: .seconds(300),
            pseudonymizer: &pseudonymizer)
        #expect(snapshot.result == "parse-error")
        #expect(snapshot.reason == "output over 1048576 bytes cut: cat /proc/net/dev")
    }

    @Test func countersKnowRebootsAndWraps() {
        let previous = [
            InventoryRunner.CounterReading(name: "phy0-ap0", rxBytes: 4_294_967_000, txBytes: 500,
                                           rxPackets: 10, txPackets: 10),
        ]
        let now = [InterfaceCounters(name: "phy0-ap0", rxBytes: 296, rxPackets: 11, rxErrors: 0,
                                     txBytes: 800, txPackets: 12, txErrors: 0)]
        let wrapped = InventoryRunner.counterDeltas(now, previous: previous, rebooted: false)
        #expect(wrapped.first?.rxDelta == 592)
        #expect(wrapped.first?.txDelta == 300)
        #expect(wrapped.first?.reset == "wrap")

        let rebooted = InventoryRunner.counterDeltas(now, previous: previous, rebooted: true)
        #expect(rebooted.first?.rxDelta == 296)
        #expect(rebooted.first?.reset == "reboot")

        let first = InventoryRunner.counterDeltas(now, previous: [], rebooted: false)
        #expect(first.first?.rxDelta == nil)
    }

    @Test func changesNameFirmwareChannelRebootAndSSIDs() {
        var oldRadio = RadioFacts()
        oldRadio.name = "radio0"
        oldRadio.channel = 1
        var oldNetwork = NetworkFacts()
        oldNetwork.ssid = SSID("CanTho-WiFi-Free")
        oldRadio.networks = [oldNetwork]
        let previous = InventoryRunner.PreviousFacts(
            hostname: "ap1", model: "M", firmwareVersion: "23.05.2", uptimeSeconds: 9_000,
            radios: [oldRadio], counters: [])

        var snapshot = Snapshot(result: "ok", durationMilliseconds: 1)
        snapshot.system.hostname = "ap1"
        snapshot.system.model = "M"
        snapshot.system.firmwareVersion = "23.05.3"
        snapshot.system.uptimeSeconds = 60
        var radio = oldRadio
        radio.channel = 6
        var network = NetworkFacts()
        network.ssid = SSID(bytes: [0x43, 0xFF, 0xFE])
        radio.networks = [network]
        snapshot.radios = [radio]

        let changes = InventoryRunner.differences(from: previous, to: snapshot)
        #expect(changes == [
            Change(field: "firmware", before: "23.05.2", after: "23.05.3"),
            Change(field: "reboot", before: "uptime 9000 s", after: "uptime 60 s"),
            Change(field: "channel radio0", before: "1", after: "6"),
            Change(field: "new ssid", before: nil, after: "C\\xff\\xfe"),
            Change(field: "ssid gone", before: "CanTho-WiFi-Free", after: nil),
        ])
    }
}
