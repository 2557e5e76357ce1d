// Text parsers (iw, iwinfo, /proc/net/dev, uci) on hand-written outputs: wrap rule, redacted
// MACs, cut-off blocks, unknown values, non-UTF-8 SSIDs.

import Foundation
import Testing

@testable import Fleet

@Suite("iw station dump")
struct IwStationDumpParserTests {

    static let block = """
        Station 8c:be:be:f5:8f:59 (on phy0-ap0)
        \tinactive time:\t%@ ms
        \trx bytes:\t%@
        \ttx bytes:\t2160
        \tsignal:  \t%@ dBm
        \tconnected time:\t3600 seconds

        """

    static func dump(inactive: String = "10", rx: String = "1", signal: String = "-60") -> [UInt8] {
        bytes(block
            .replacingOccurrences(of: "inactive time:\t%@", with: "inactive time:\t\(inactive)")
            .replacingOccurrences(of: "rx bytes:\t%@", with: "rx bytes:\t\(rx)")
            .replacingOccurrences(of: "signal:  \t%@", with: "signal:  \t\(signal)"))
    }

    @Test("an inactive time just under 2^32 ms is taken as wrapped")
    func wrappedInactive() throws {
        let parsed = try IwStationDumpParser.parse(Self.dump(inactive: "4294967290"))
        let station = try #require(parsed.value.first)
        #expect(station.inactiveMilliseconds == 6)
        #expect(station.inactiveWrapped)
        #expect(activeStations(parsed.value) == 1)
        #expect(parsed.warnings.map(\.description) == [
            "iw-station-dump: line 2: value 4294967290 ms taken as wrapped at 2^32 ms; using 6 ms",
        ])
    }

    @Test("the wrap window's edges: one day under 2^32 wraps, one more millisecond does not")
    func wrapWindowEdges() {
        #expect(InactiveTime.normalise(4_294_967_296 - 86_400_000)! == (86_400_000, true))
        #expect(InactiveTime.normalise(4_294_967_296 - 86_400_001)! == (4_208_567_295, false))
        #expect(InactiveTime.normalise(4_294_967_295)! == (1, true))
        #expect(InactiveTime.normalise(4_294_967_296) == nil)
        #expect(InactiveTime.normalise(15_157_640)! == (15_157_640, false))
    }

    @Test("an inactive time of 2^32 or more is impossible and dropped")
    func impossibleInactive() throws {
        let parsed = try IwStationDumpParser.parse(Self.dump(inactive: "99999999999"))
        #expect(parsed.value.first?.inactiveMilliseconds == nil)
        #expect(parsed.value.first?.inactiveWrapped == false)
        #expect(parsed.warnings.map(\.reason) == ["value 99999999999 ms is over 2^32 ms; dropped"])
    }

    @Test("negative and huge counters are warnings")
    func badCounters() throws {
        let negative = try IwStationDumpParser.parse(Self.dump(rx: "-5"))
        #expect(negative.value.first?.rxBytes == nil)
        #expect(negative.value.first?.txBytes == 2160)
        #expect(negative.warnings.map(\.description)
            == ["iw-station-dump: rx bytes: not a byte count"])
        let huge = try IwStationDumpParser.parse(Self.dump(rx: "184467440737095516150"))
        #expect(huge.value.first?.rxBytes == nil)
        #expect(warnedFields(huge.warnings) == ["rx bytes"])
    }

    @Test("zero or positive dBm is dropped with one warning")
    func positiveSignal() throws {
        let parsed = try IwStationDumpParser.parse(Self.dump(signal: "0 [0, 3]")
            + Self.dump(signal: "12"))
        #expect(parsed.value.map(\.signalDBm) == [nil, nil])
        #expect(parsed.value[0].chainSignalsDBm == [0, 3])
        #expect(parsed.warnings.map(\.reason)
            == ["0 or positive dBm is not a received signal; dropped"])
    }

    @Test("a redacted MAC keeps the station without a MAC")
    func redactedMAC() throws {
        let input = bytes("Station xx:xx:xx:xx:xx:xx (on wlan0)\n\tinactive time:\t10 ms\n")
        let parsed = try IwStationDumpParser.parse(input)
        #expect(parsed.value.count == 1)
        #expect(parsed.value[0].mac == nil)
        #expect(parsed.value[0].interface == "wlan0")
        #expect(parsed.value[0].inactiveMilliseconds == 10)
        #expect(parsed.warnings.map(\.description) == [
            "iw-station-dump: mac: 1 station addresses are not MAC addresses (redacted or "
                + "garbled); those stations are kept without a MAC",
        ])
    }

    @Test("an empty dump is zero stations; a cut-off block keeps what was read")
    func emptyAndCutOff() throws {
        #expect(try IwStationDumpParser.parse([]).value.isEmpty)
        #expect(try IwStationDumpParser.parse(bytes("\n")).warnings.isEmpty)

        let full = Self.dump()
        let cut = Array(full.prefix(through: full.firstIndex(of: UInt8(ascii: "2"))!))
        let parsed = try IwStationDumpParser.parse(cut)
        #expect(parsed.value.count == 1)
        #expect(parsed.value[0].inactiveMilliseconds == 10)
        #expect(parsed.value[0].rxBytes == 1)
        #expect(parsed.value[0].txBytes == 2)
        #expect(parsed.warnings.map(\.reason)
            == ["cut off inside the last station block; kept what was read"])
    }

    @Test("an iw error is a named error")
    func iwError() {
        expectParseError("iw-station-dump", bytes("command failed: No such device (-19)\n"),
                         reason: "the device answered with an error: command failed: No such "
                            + "device (-19)")
    }

    @Test("stations are capped at 4096 with a warning")
    func stationCap() throws {
        var text = ""
        for index in 0..<4100 {
            text += "Station 02:00:00:00:\(String(format: "%02x:%02x", index >> 8, index & 0xFF))"
                + " (on wlan0)\n\tinactive time:\t1 ms\n"
        }
        let parsed = try IwStationDumpParser.parse(bytes(text))
        #expect(parsed.value.count == 4096)
        #expect(parsed.warnings.map(\.reason) == ["more than 4096 stations; the rest is ignored"])
    }
}

@Suite("iwinfo text")
struct IwinfoParserTests {

    @Test("a non-UTF-8 ESSID keeps its bytes and displays escaped")
    func nonUTF8ESSID() throws {
        var input = bytes("phy0-ap0  ESSID: \"Caf")
        input += [0xFF, 0xFE]
        input += bytes("e \\\"x\\\"\"\n          Mode: Master (VLAN)  Channel: 36 (5.180 GHz)  "
            + "HT Mode: VHT80\n")
        let parsed = try IwinfoParser.info(input)
        let network = try #require(parsed.value.first?.networks.first)
        #expect(network.ssid?.bytes == [0x43, 0x61, 0x66, 0xFF, 0xFE, 0x65, 0x20, 0x5C, 0x22,
                                        0x78, 0x5C, 0x22])
        #expect(network.ssid?.display == "Caf\\xff\\xfee \\\\\"x\\\\\"")
        #expect(network.mode == "ap")
        #expect(parsed.value.first?.channel == 36)
        #expect(parsed.value.first?.frequencyMHz == 5180)
        #expect(parsed.value.first?.widthMHz == 80)
        #expect(parsed.warnings.isEmpty)
    }

    @Test("unknown everywhere gives nils and one warning per field")
    func unknownEverywhere() throws {
        let block = """
            wlan%@    ESSID: unknown
                      Access Point: unknown
                      Mode: unknown  Channel: unknown (unknown)
                      Tx-Power: unknown  Link Quality: unknown/70
                      Signal: unknown  Noise: unknown
                      Bit Rate: unknown
                      Encryption: unknown
                      Type: unknown  HW Mode(s): unknown
                      Hardware: unknown [unknown]
                      Supports VAPs: unknown  PHY name: unknown

            """
        let input = (0..<5).map { block.replacingOccurrences(of: "%@", with: "\($0)") }.joined()
        let parsed = try IwinfoParser.info(bytes(input))
        #expect(parsed.value.count == 5)
        #expect(parsed.value.allSatisfy {
            $0.name == nil && $0.channel == nil && $0.txPowerDBm == nil && $0.driver == nil
                && $0.networks.first?.ssid == nil && $0.networks.first?.mode == nil
        })
        #expect(warnedFields(parsed.warnings)
            == ["ESSID", "Mode", "Channel", "Tx-Power", "Signal", "Noise", "Encryption"])
    }

    @Test("iwinfo errors and empty output are named errors")
    func errors() {
        expectParseError("iwinfo-info", [], reason: "empty output")
        expectParseError("iwinfo-info", bytes("No such wireless device: wlan5\n"),
                         reason: "the device answered with an error: No such wireless device: "
                            + "wlan5")
    }

    @Test("assoclist: redacted MAC kept, No station connected is zero")
    func assoclist() throws {
        let parsed = try IwinfoParser.assoclist(bytes("""
            xx:xx:xx:xx:xx:xx  -61 dBm / -95 dBm (SNR 34)  4294967295 ms ago
                    RX: 6.0 MBit/s                                   10 Pkts.
            12:34:56:78:9A:BC  unknown dBm / unknown dBm (SNR 0)  0 ms ago

            """))
        #expect(parsed.value.count == 2)
        #expect(parsed.value[0].mac == nil)
        #expect(parsed.value[0].signalDBm == -61)
        #expect(parsed.value[0].inactiveMilliseconds == 1)
        #expect(parsed.value[0].inactiveWrapped)
        #expect(parsed.value[1].signalDBm == nil)
        #expect(warnedFields(parsed.warnings) == ["line 1", "signal", "mac"])
        #expect(try IwinfoParser.assoclist(bytes("No station connected\n")).value.isEmpty)
    }
}

@Suite("/proc/net/dev")
struct ProcNetDevParserTests {

    static let header = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|\
        bytes    packets errs drop fifo colls carrier compressed

        """

    @Test("a number glued to the colon, odd names, short and non-numeric rows")
    func oddRows() throws {
        let parsed = try ProcNetDevParser.parse(bytes(Self.header + """
            eth0:123456789012 1 2 3 4 5 6 7 987654321098 8 9 10 11 12 13 14
            phy0-ap0.80: 5 6 7 0 0 0 0 0 8 9 10 0 0 0 0 0
              br-lan: 1 2 3
              wlan0: 1 2 x 0 0 0 0 0 1 1 1 0 0 0 0 0
              wlan1: 1 2 -3 0 0 0 0 0 1 1 1 0 0 0 0 0
              wlan2: 99999999999999999999 2 3 0 0 0 0 0 1 1 1 0 0 0 0 0
            root@OpenWrt:~# cat /proc/net/dev

            """))
        #expect(parsed.value == [
            InterfaceCounters(name: "eth0", rxBytes: 123_456_789_012, rxPackets: 1, rxErrors: 2,
                              txBytes: 987_654_321_098, txPackets: 8, txErrors: 9),
            InterfaceCounters(name: "phy0-ap0.80", rxBytes: 5, rxPackets: 6, rxErrors: 7,
                              txBytes: 8, txPackets: 9, txErrors: 10),
        ])
        #expect(parsed.warnings.map(\.description) == [
            "proc-net-dev: line 5: 3 columns where 16 were expected; skipped",
            "proc-net-dev: line 6: a column is not a counter; skipped",
            "proc-net-dev: line 7: a column is not a counter; skipped",
            "proc-net-dev: line 8: a column is not a counter; skipped",
            "proc-net-dev: line 9: not an interface row; skipped",
        ])
    }

    @Test("empty, header-only and error outputs are named errors")
    func errors() {
        expectParseError("proc-net-dev", [], reason: "empty output")
        expectParseError("proc-net-dev", bytes(Self.header), reason: "no interface rows")
        expectParseError("proc-net-dev",
                         bytes("cat: can't open '/proc/net/dev': No such file or directory\n"),
                         reason: "the device answered with an error: cat: can't open "
                            + "'/proc/net/dev': No such file or directory")
    }
}

@Suite("uci wireless config")
struct UciWirelessParserTests {

    @Test("keys are never copied; uci show form and escaped quotes are read")
    func secretsAndShowForm() throws {
        let file = try UciWirelessParser.parse(bytes("""
            config wifi-device 'radio0'
            \toption band '2g'
            \toption channel '11'
            config wifi-iface 'default_radio0'
            \toption device 'radio0'
            \toption ssid 'Nha '\\''Tu'\\'' Do'
            \toption encryption 'psk2'
            \toption key 'hunter2-psk'
            \toption sae_password 'hunter2-sae'

            """))
        #expect(file.value.first?.networks.first?.ssid == SSID("Nha 'Tu' Do"))
        #expect(file.value.first?.channel == 11)
        let encoded = String(decoding: try JSONEncoder().encode(file.value), as: UTF8.self)
        #expect(!encoded.contains("hunter2"))

        let show = try UciWirelessParser.parse(bytes("""
            wireless.radio1=wifi-device
            wireless.radio1.band='5g'
            wireless.radio1.htmode='HE160'
            wireless.default_radio1=wifi-iface
            wireless.default_radio1.device='radio1'
            wireless.default_radio1.ssid='CanTho 5G'
            wireless.default_radio1.key='hunter2'

            """))
        #expect(show.value.map(\.name) == ["radio1"])
        #expect(show.value[0].widthMHz == 160)
        #expect(show.value[0].networks.map(\.ssid) == [SSID("CanTho 5G")])
        #expect(!String(decoding: try JSONEncoder().encode(show.value), as: UTF8.self)
            .contains("hunter2"))
    }
}
