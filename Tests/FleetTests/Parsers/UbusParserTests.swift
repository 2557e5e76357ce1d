// ubus JSON parsers on hand-written outputs: escapes, wrong types, secrets, names.

import Foundation
import Testing

@testable import Fleet

@Suite("ubus parsers")
struct UbusParserTests {

    @Test("escaped slashes and \\u escapes decode; the system key is read when present")
    func escapes() throws {
        let input = bytes("""
            {"kernel":"4.14.171","hostname":"ap-ninh-kieu","system":"Atheros AR9344 rev 2",
            "model":"TP-Link TL-WR842N\\/ND v2","board_name":"tl-wr842n-v2",
            "release":{"distribution":"OpenWrt","version":"18.06.8","revision":"r8071",
            "target":"ar71xx\\/generic","description":"Caf\\u00e9"}}
            """)
        let parsed = try UbusParser.systemBoard(input)
        #expect(parsed.value.model == "TP-Link TL-WR842N/ND v2")
        #expect(parsed.value.architecture == "Atheros AR9344 rev 2")
        #expect(parsed.value.hostname == "ap-ninh-kieu")
        #expect(parsed.warnings.isEmpty)
    }

    @Test("error texts instead of JSON are named errors")
    func errorTexts() {
        expectParseError("ubus-system-board", bytes("Command failed: Not found\n"),
                         reason: "the device answered with an error: Command failed: Not found")
        expectParseError("ubus-system-info", bytes("-ash: ubus: not found\n"),
                         reason: "the device answered with an error: -ash: ubus: not found")
        expectParseError("ubus-wireless-status", bytes("hello\n"),
                         reason: "no JSON object in the output; it begins: \"hello\"")
        expectParseError("ubus-system-board", bytes("{}"),
                         reason: "no system board fields in the JSON object")
        expectParseError("ubus-system-info", bytes("{\"uptime\": 1,, \"load\": 2}"),
                         reason: "invalid JSON object at byte 0")
    }

    @Test("booleans, strings and negatives where numbers are expected are warnings")
    func wrongTypes() throws {
        let input = bytes("""
            {"uptime": "2925", "load": [true, -1, 65536.0, 7],
             "memory": {"total": -125026304, "free": "lots", "available": 1e300}}
            """)
        let parsed = try UbusParser.systemInfo(input)
        #expect(parsed.value.uptimeSeconds == 2925)
        #expect(parsed.value.load1 == nil)
        #expect(parsed.value.load5 == nil)
        #expect(parsed.value.load15 == 1.0)
        #expect(parsed.value.memoryTotalBytes == nil)
        #expect(parsed.value.memoryFreeBytes == nil)
        #expect(parsed.value.memoryAvailableBytes == nil)
        #expect(parsed.warnings.map(\.description) == [
            "ubus-system-info: uptime: a number given as a string",
            "ubus-system-info: load: 4 values where 3 were expected",
            "ubus-system-info: load[0]: a boolean where a number was expected",
            "ubus-system-info: load[1]: negative where a count was expected",
            "ubus-system-info: memory.total: negative where a count was expected",
            "ubus-system-info: memory.free: not a number: \"lots\"",
            "ubus-system-info: memory.available: not a whole number in range",
        ])
    }

    @Test("huge numbers are warnings, not crashes")
    func hugeNumbers() throws {
        let parsed = try UbusParser.systemInfo(bytes("""
            {"uptime": 123456789012345678901234567890, "load": [1, 2, 3],
             "memory": {"total": 18446744073709551615, "free": 1, "available": 1}}
            """))
        #expect(parsed.value.uptimeSeconds == nil)
        #expect(parsed.value.memoryTotalBytes == nil)
        #expect(parsed.value.memoryFreeBytes == 1)
        #expect(parsed.warnings.map(\.description) == [
            "ubus-system-info: uptime: not a whole number in range",
            "ubus-system-info: memory.total: number out of range",
        ])
    }

    static let wirelessStatus = """
        {
        \t"radio0": {
        \t\t"up": true, "pending": false, "autostart": true, "disabled": false,
        \t\t"config": { "band": "2g", "channel": "6", "htmode": "HE20", "country": "VN",
        \t\t            "txpower": 20, "cell_density": 0 },
        \t\t"interfaces": [ { "section": "default_radio0", "ifname": "phy0-ap0",
        \t\t  "config": { "mode": "ap", "ssid": "CanTho Free WiFi", "encryption": "psk2",
        \t\t              "key": "s3cr3t-psk-value", "sae_password": "s3cr3t-sae",
        \t\t              "network": [ "lan" ] }, "vlans": [], "stations": [] } ]
        \t},
        \t"radio1": {
        \t\t"up": true,
        \t\t"config": { "hwmode": "11a", "channel": "auto", "htmode": "VHT80",
        \t\t            "path": "platform\\/soc\\/a800000.wifi" },
        \t\t"interfaces": [ { "section": "wifinet1", "ifname": "phy1-ap0",
        \t\t  "config": { "mode": "ap", "ssid": "CanTho 5G", "encryption": "sae",
        \t\t              "auth_secret": "radius-secret" } },
        \t\t  { "section": "wifinet2", "config": { "mode": "mesh", "ssid": "mesh" } } ]
        \t},
        \t"radio2": { "config": { "band": "6g", "channel": 37, "htmode": "HE160" },
        \t            "interfaces": [] }
        }
        """

    @Test("wireless status: bands, widths, networks, and no secret copied")
    func wirelessStatusRadios() throws {
        let parsed = try UbusParser.wirelessStatus(bytes(Self.wirelessStatus))
        #expect(parsed.value.map(\.name) == ["radio0", "radio1", "radio2"])
        #expect(parsed.value.map(\.band) == ["2.4", "5", "6"])
        #expect(parsed.value.map(\.channel) == [6, nil, 37])
        #expect(parsed.value.map(\.widthMHz) == [20, 80, 160])
        #expect(parsed.value[0].txPowerDBm == 20)
        #expect(parsed.value[0].country == "VN")
        #expect(parsed.value[0].networks.map(\.interface) == ["phy0-ap0"])
        #expect(parsed.value[0].networks.map(\.ssid) == [SSID("CanTho Free WiFi")])
        #expect(parsed.value[0].networks.map(\.encryption) == ["psk2"])
        #expect(parsed.value[1].networks.map(\.mode) == ["ap", "mesh"])
        #expect(parsed.value[1].networks.map(\.interface) == ["phy1-ap0", nil])

        let encoded = String(decoding: try JSONEncoder().encode(parsed.value), as: UTF8.self)
        for secret in ["s3cr3t-psk-value", "s3cr3t-sae", "radius-secret"] {
            #expect(!encoded.contains(secret))
            #expect(!parsed.warnings.map(\.description).joined().contains(secret))
        }
        #expect(warnedFields(parsed.warnings) == ["radio1.interfaces[1].ifname"])
    }

    @Test("a non-UTF-8 SSID in ubus JSON keeps its bytes")
    func nonUTF8SSIDInJSON() throws {
        var input = bytes("{\"radio0\":{\"config\":{\"band\":\"2g\"},\"interfaces\":[{\"ifname\":"
            + "\"wlan0\",\"config\":{\"mode\":\"ap\",\"ssid\":\"Caf")
        input += [0xFF, 0xFE]
        input += bytes("e\"}}]}}")
        let parsed = try UbusParser.wirelessStatus(input)
        let ssid = try #require(parsed.value.first?.networks.first?.ssid)
        #expect(ssid.bytes == [0x43, 0x61, 0x66, 0xFF, 0xFE, 0x65])
        #expect(ssid.display == "Caf\\xff\\xfee")
    }

    @Test("ubus list: only valid interface names are kept")
    func listValidatesNames() throws {
        let parsed = try UbusParser.list(bytes("""
            root@OpenWrt:~# ubus list hostapd.*
            hostapd.phy0-ap0
            hostapd.phy1-ap0.80
            hostapd.wlan1-1
            hostapd.$(reboot)
            hostapd.averyverylongname0
            hostapd.-rf
            hostapd.wlan1-1

            """))
        #expect(parsed.value == ["phy0-ap0", "phy1-ap0.80", "wlan1-1"])
        #expect(parsed.warnings.map(\.description) == [
            "ubus-list: line 5: not a valid interface name: \"$(reboot)\"; skipped",
            "ubus-list: line 6: not a valid interface name: \"averyverylongname0\"; skipped",
            "ubus-list: line 7: not a valid interface name: \"-rf\"; skipped",
        ])
    }

    @Test("ubus list: empty is no objects with a warning; an error text is an error")
    func listEmptyAndError() throws {
        let parsed = try UbusParser.list([])
        #expect(parsed.value == [])
        #expect(warnedFields(parsed.warnings) == ["output"])
        expectParseError("ubus-list", bytes("-ash: ubus: not found\n"),
                         reason: "the device answered with an error: -ash: ubus: not found")
    }

    @Test("hostapd clients: MACs, newer fields, wrapped inactive, empty clients")
    func hostapdClients() throws {
        let parsed = try UbusParser.hostapdClients(bytes("""
            {"freq": 5180, "clients": {
              "a4:83:e7:12:34:56": {"auth": true, "bytes": {"rx": 1000, "tx": 2000},
                                    "signal": -61, "connected_time": 420, "inactive": 1200},
              "02:11:22:33:44:55": {"signal": -80, "inactive": 4294967000,
                                    "bytes": {"rx": -1, "tx": true}}
            }}
            """), interface: "phy1-ap0")
        #expect(parsed.value.count == 2)
        let (random, apple) = (parsed.value[0], parsed.value[1])
        #expect(apple.mac == MACAddress("a4:83:e7:12:34:56"))
        #expect(apple.interface == "phy1-ap0")
        #expect(apple.connectedSeconds == 420)
        #expect(apple.inactiveMilliseconds == 1200)
        #expect(random.mac?.isLocallyAdministered == true)
        #expect(random.inactiveMilliseconds == 296)
        #expect(random.inactiveWrapped)
        #expect(random.rxBytes == nil)
        #expect(random.txBytes == nil)
        #expect(warnedFields(parsed.warnings)
            == ["clients[0].bytes.rx", "clients[0].bytes.tx", "clients[0].inactive"])

        let empty = try UbusParser.hostapdClients(bytes("{\"freq\": 2412, \"clients\": {}}"))
        #expect(empty.value.isEmpty)
        #expect(empty.warnings.isEmpty)
    }
}
