// RouterOS and UniFi parsers on hand-written outputs in the devices' own layouts.

import Foundation
import Testing

@testable import Fleet

@Suite("RouterOS parsers")
struct RouterOSParserTests {

    /// `/interface wireless print terse without-paging` on a RouterOS 6.49 hAP ac: a running
    /// 2.4 GHz AP, a disabled 5 GHz AP, and a virtual AP on wlan1. Written from the console's
    /// layout: item number, flags, unquoted values with spaces (`interface-type`), `\XX`
    /// escapes in quoted values.
    static let wirelessTerse = """
        [admin@hotspot-cantho] > /interface wireless print terse without-paging
         0  R name="wlan1" mtu=1500 l2mtu=1600 mac-address=64:D1:54:11:22:33 arp=enabled \
        interface-type=Atheros AR9300 mode=ap-bridge ssid="Ket Noi Can Tho" frequency=2437 \
        band=2ghz-b/g/n channel-width=20/40mhz-XC secondary-channel="" scan-list=default \
        wireless-protocol=802.11 country=vietnam tx-power=17 tx-power-mode=all-rates-fixed \
        security-profile=default hide-ssid=no
         1 X  name="wlan2" mtu=1500 l2mtu=1600 mac-address=64:D1:54:11:22:34 arp=enabled \
        interface-type=QCA9880 mode=ap-bridge ssid="C\\C3\\A0 Ph\\C3\\AA\\FF" frequency=5180 \
        band=5ghz-a/n/ac channel-width=20/40/80mhz-Ceee country=vietnam
         2  R name="wlan3" mtu=1500 mac-address=66:D1:54:11:22:33 arp=enabled \
        interface-type=virtual master-interface=wlan1 mode=ap-bridge ssid="Khach" \
        security-profile=guest

        """

    @Test("wireless interfaces: bands, widths, channels from frequency, virtual APs")
    func wirelessInterfaces() throws {
        let parsed = try RouterOSParser.wirelessInterfaces(bytes(Self.wirelessTerse))
        #expect(parsed.value.map(\.name) == ["wlan1", "wlan2"])
        let (wlan1, wlan2) = (parsed.value[0], parsed.value[1])
        #expect(wlan1.band == "2.4")
        #expect(wlan1.frequencyMHz == 2437)
        #expect(wlan1.channel == 6)
        #expect(wlan1.widthMHz == 40)
        #expect(wlan1.txPowerDBm == 17)
        #expect(wlan1.country == "vietnam")
        #expect(wlan1.hardware == "Atheros AR9300")
        #expect(wlan1.networks.map(\.ssid) == [SSID("Ket Noi Can Tho"), SSID("Khach")])
        #expect(wlan1.networks.map(\.interface) == ["wlan1", "wlan3"])
        #expect(wlan1.networks.map(\.mode) == ["ap", "ap"])
        #expect(wlan2.band == "5")
        #expect(wlan2.channel == 36)
        #expect(wlan2.widthMHz == 80)
        #expect(wlan2.networks.first?.ssid?.display == "Cà Phê\\xff")
        #expect(parsed.warnings.isEmpty)
    }

    @Test("registration table terse: several items, a word split by the wrap is joined")
    func registrationWrapped() throws {
        let parsed = try RouterOSParser.registrationTable(bytes("""
             0 interface=wlan1 mac-address=AA:BB:CC:00:11:22 uptime=1w2d3h4m5s \
            last-activity=1s250ms signal-str
               ength=-58 signal-strength-ch0=-60dBm bytes=100,200
             1 interface=wlan1 mac-address=xx:xx:xx:xx:xx:xx uptime=10s last-activity=0ms \
            signal-strength=-70dBm@6Mbps bytes=1,-2

            """))
        #expect(parsed.value.count == 2)
        #expect(parsed.value[0].signalDBm == -58)
        #expect(parsed.value[0].chainSignalsDBm == [-60])
        #expect(parsed.value[0].connectedSeconds == 788_645)
        #expect(parsed.value[0].inactiveMilliseconds == 1250)
        #expect(parsed.value[0].rxBytes == 100)
        #expect(parsed.value[0].txBytes == 200)
        #expect(parsed.value[1].mac == nil)
        #expect(parsed.value[1].signalDBm == -70)
        #expect(parsed.value[1].rxBytes == nil)
        #expect(warnedFields(parsed.warnings) == ["item 1.bytes", "mac-address"])
    }

    @Test("raw API sentences, an empty table, and a trap")
    func apiSentences() throws {
        let parsed = try RouterOSParser.registrationTable(bytes("""
            !re
            =.id=*5
            =interface=wlan2
            =mac-address=3C:22:FB:01:02:03
            =signal-strength=-47@HT20-7
            =last-activity=10ms
            !done

            """))
        #expect(parsed.value.count == 1)
        #expect(parsed.value[0].mac == MACAddress("3C:22:FB:01:02:03"))
        #expect(parsed.value[0].signalDBm == -47)
        #expect(parsed.value[0].inactiveMilliseconds == 10)
        #expect(try RouterOSParser.registrationTable([]).value.isEmpty)
        expectParseError("routeros-registration-table",
                         bytes("!trap\n=message=no such command prefix\n!done\n"),
                         reason: "the device answered with an error: no such command prefix")
        expectParseError("routeros-registration-table",
                         bytes("bad command name registration-table (line 1 column 21)\n"),
                         reason: "the device answered with an error: bad command name "
                            + "registration-table (line 1 column 21)")
    }

    @Test("durations and sizes")
    func durationsAndSizes() {
        #expect(parseRouterOSDuration("1w2d3h4m5s") == 788_645_000)
        #expect(parseRouterOSDuration("5d9m11s") == 432_551_000)
        #expect(parseRouterOSDuration("4s750ms") == 4750)
        #expect(parseRouterOSDuration("1d02:03:04") == 93_784_000)
        #expect(parseRouterOSDuration("99999999999999w") == nil)
        #expect(parseRouterOSDuration("3x") == nil)
        #expect(parseByteSize("988.3MiB") == 1_036_307_661)
        #expect(parseByteSize("64.0KiB") == 65536)
        #expect(parseByteSize("2GiB") == 2_147_483_648)
        #expect(parseByteSize("1.5 XB") == nil)
        #expect(parseByteSize("-1MiB") == nil)
    }

    @Test("system resource: 1w uptime, long-term version, garbage values, errors")
    func resourceEdges() throws {
        let parsed = try RouterOSParser.systemResource(bytes("""
                               uptime: 1w2d3h4m5s
                              version: 6.45.9 (long-term)
                          free-memory: lots
                         total-memory: 64.0MiB
                             cpu-load: 250%
                           board-name: hAP ac^2

            """))
        #expect(parsed.value.uptimeSeconds == 788_645)
        #expect(parsed.value.firmwareVersion == "6.45.9")
        #expect(parsed.value.model == "hAP ac^2")
        #expect(parsed.value.memoryTotalBytes == 67_108_864)
        #expect(parsed.value.memoryFreeBytes == nil)
        #expect(parsed.value.cpuLoadPercent == nil)
        #expect(warnedFields(parsed.warnings) == ["free-memory", "cpu-load"])
        expectParseError("routeros-system-resource", [], reason: "empty output")
        expectParseError("routeros-system-resource",
                         bytes("expected end of command (line 1 column 18)\n"),
                         reason: "the device answered with an error: expected end of command "
                            + "(line 1 column 18)")
    }
}

@Suite("UniFi mca-dump")
struct UniFiParserTests {

    /// `mca-dump` of a UAP-AC-Pro on firmware 6.5, cut down to the fields read plus a few
    /// neighbours, in the layout the AP prints (one line, keys in its order).
    static let dump = """
        {"board_rev":21,"cfgversion":"4f3a1c2b9d","hostname":"UAP-NinhKieu-1","inform_url":\
        "http://unifi:8080/inform","ip":"10.10.0.21","isolated":false,"kernel_version":"4.4.153",\
        "architecture":"mips","mac":"78:8a:20:aa:bb:cc","model":"U7PG2","model_display":\
        "UAP-AC-Pro-Gen2","serial":"788A20AABBCC","state":2,"uptime":864123,"version":\
        "6.5.28.14491","sys_stats":{"loadavg_1":"0.21","loadavg_15":"0.11","loadavg_5":"0.15",\
        "mem_buffer":0,"mem_total":129310720,"mem_used":80723968},\
        "radio_table":[{"name":"wifi0","radio":"ng","channel":6,"ht":"20","max_txpower":22,\
        "min_txpower":6,"builtin_antenna":true},{"name":"wifi1","radio":"na","channel":"auto",\
        "ht":"80","max_txpower":22}],\
        "radio_table_stats":[{"name":"wifi0","channel":6,"tx_power":20,"num_sta":2},\
        {"name":"wifi1","channel":44,"tx_power":22,"num_sta":1}],\
        "vap_table":[{"essid":"CanTho Free WiFi","bssid":"7a:8a:20:aa:bb:cc","name":"ath0",\
        "radio":"ng","radio_name":"wifi0","is_guest":true,"usage":"guest","channel":6,\
        "sta_table":[{"mac":"a4:83:e7:01:02:03","signal":-61,"rssi":35,"rx_bytes":1234567,\
        "tx_bytes":7654321,"idletime":2,"uptime":1800,"hostname":"phone"},\
        {"mac":"xx:xx:xx:xx:xx:xx","signal":-80,"rx_bytes":10,"tx_bytes":20,"idletime":900,\
        "uptime":5000}]},{"essid":"CanTho 5G","bssid":"7a:8a:20:aa:bb:cd","name":"ath2",\
        "radio":"na","radio_name":"wifi1","is_guest":false,"usage":"user","sta_table":\
        [{"mac":"02:aa:bb:cc:dd:ee","signal":-55,"rx_bytes":99,"tx_bytes":98,"idletime":0,\
        "uptime":60}]}]}
        """

    @Test("system, radios, networks and stations of a UAP-AC-Pro")
    func acPro() throws {
        let parsed = try UniFiParser.mcaDump(bytes(Self.dump))
        let system = parsed.value.system
        #expect(system.hostname == "UAP-NinhKieu-1")
        #expect(system.model == "UAP-AC-Pro-Gen2")
        #expect(system.boardName == "U7PG2")
        #expect(system.firmware == "UniFi")
        #expect(system.firmwareVersion == "6.5.28.14491")
        #expect(system.kernel == "4.4.153")
        #expect(system.uptimeSeconds == 864_123)
        #expect(system.load1 == 0.21)
        #expect(system.load15 == 0.11)
        #expect(system.memoryTotalBytes == 129_310_720)
        #expect(system.memoryFreeBytes == 48_586_752)

        let radios = parsed.value.radios
        #expect(radios.map(\.name) == ["wifi0", "wifi1"])
        #expect(radios.map(\.band) == ["2.4", "5"])
        #expect(radios.map(\.channel) == [6, 44])
        #expect(radios.map(\.txPowerDBm) == [20, 22])
        #expect(radios.map(\.widthMHz) == [20, 80])
        #expect(radios[0].networks.map(\.ssid) == [SSID("CanTho Free WiFi")])
        #expect(radios[0].networks.map(\.interface) == ["ath0"])
        #expect(radios[0].networks.map(\.bssid) == ["7a:8a:20:aa:bb:cc"])
        #expect(radios[1].networks.map(\.ssid) == [SSID("CanTho 5G")])

        let stations = parsed.value.stations
        #expect(stations.count == 3)
        #expect(stations.map(\.interface) == ["ath0", "ath0", "ath2"])
        #expect(stations.map(\.signalDBm) == [-61, -80, -55])
        #expect(stations.map(\.inactiveMilliseconds) == [2000, 900_000, 0])
        #expect(stations.map(\.connectedSeconds) == [1800, 5000, 60])
        #expect(stations[0].rxBytes == 1_234_567)
        #expect(stations[0].txBytes == 7_654_321)
        #expect(stations[1].mac == nil)
        #expect(activeStations(stations) == 2)
        #expect(warnedFields(parsed.warnings) == ["vap_table[0].sta_table[1].mac"])
    }

    @Test("wrong types in mca-dump are warnings")
    func wrongTypes() throws {
        let parsed = try UniFiParser.mcaDump(bytes("""
            {"hostname":"x","model":"U7LT","version":6,"uptime":-5,
             "sys_stats":{"loadavg_1":"high"},"radio_table":[{"name":"wifi0","radio":"zz"},7]}
            """))
        #expect(parsed.value.system.firmwareVersion == "6")
        #expect(parsed.value.system.uptimeSeconds == nil)
        #expect(parsed.value.radios.map(\.band) == [nil])
        #expect(warnedFields(parsed.warnings)
            == ["uptime", "sys_stats.loadavg_1", "radio_table[0].radio", "radio_table[1]"])
    }
}
