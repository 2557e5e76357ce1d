// Parsers for OpenWrt's ubus outputs (`ubus call …`), JSON printed by libubox's
// `blobmsg_format_json`: tab-indented, slashes sometimes escaped (`"ar71xx\/generic"` on old
// builds), bytes over 0x7F passed through unchecked. A prompt or the echoed command before the
// object, and a prompt after it, are skipped.

import Foundation

/// Parsers for `ubus` outputs on OpenWrt.
public enum UbusParser {

    // MARK: - system board

    /// Parses `ubus call system board` (procd, every OpenWrt since 15.05):
    ///
    ///     {
    ///         "kernel": "5.4.111",
    ///         "hostname": "OpenWrt",
    ///         "system": "ARMv8 Processor rev 3",
    ///         "model": "Raspberry Pi 4 Model B Rev 1.4",
    ///         "board_name": "raspberrypi,4-model-b",
    ///         "release": { "distribution": "OpenWrt", "version": "21.02.0-rc1",
    ///                      "revision": "r16046-59980f7aaf", "target": "bcm27xx/bcm2711", … }
    ///     }
    ///
    /// `system` (the SoC) is missing on some targets, e.g. Raspberry Pi (luci#5047, #5322).
    public static func systemBoard(_ bytes: [UInt8]) throws -> Parsed<SystemFacts> {
        let kind = "ubus-system-board"
        let root = try decodeJSONObject(bytes, kind: kind)
        var reader = JSONReader(kind: kind)
        var facts = SystemFacts()

        facts.hostname = reader.string(root["hostname"], "hostname").map(textFromJSON)
        facts.model = reader.string(root["model"], "model").map(textFromJSON)
        facts.boardName = reader.string(root["board_name"], "board_name").map(textFromJSON)
        facts.kernel = reader.string(root["kernel"], "kernel").map(textFromJSON)
        facts.architecture = reader.string(root["system"], "system").map(textFromJSON)
        if let release = reader.object(root["release"], "release") {
            facts.firmware = reader.string(release["distribution"], "release.distribution")
                .map(textFromJSON)
            facts.firmwareVersion = reader.string(release["version"], "release.version")
                .map(textFromJSON)
            facts.firmwareRevision = reader.string(release["revision"], "release.revision")
                .map(textFromJSON)
        }

        guard facts != SystemFacts() else {
            throw ParseError(kind: kind, reason: "no system board fields in the JSON object")
        }
        return reader.log.parsed(facts)
    }

    // MARK: - system info

    /// Parses `ubus call system info` (procd):
    ///
    ///     { "localtime": 1673789368, "uptime": 2925, "load": [ 4864, 5664, 8576 ],
    ///       "memory": { "total": 125026304, "free": 79298560, "shared": 25432064,
    ///                   "buffered": 0, "available": 54865920, "cached": 25432064 },
    ///       "root": {…}, "tmp": {…}, "swap": { "total": 0, "free": 0 } }
    ///
    /// `load` is fixed point ×65536 (the kernel's `avenrun` scaled as in `sysinfo(2)`);
    /// memory is in bytes. `available` and `cached` exist only in newer procd (luci#6078).
    public static func systemInfo(_ bytes: [UInt8]) throws -> Parsed<SystemFacts> {
        let kind = "ubus-system-info"
        let root = try decodeJSONObject(bytes, kind: kind)
        var reader = JSONReader(kind: kind)
        var facts = SystemFacts()

        if let uptime = reader.int(root["uptime"], "uptime") {
            if uptime >= 0 {
                facts.uptimeSeconds = uptime
            } else {
                reader.log.add("uptime", "negative")
            }
        }

        if let load = reader.array(root["load"], "load") {
            if load.count != 3 {
                reader.log.add("load", "\(load.count) values where 3 were expected")
            }
            var averages: [Double?] = []
            for (index, value) in load.prefix(3).enumerated() {
                let average = reader.unsigned(value, "load[\(index)]").map {
                    Double($0) / 65536
                }
                averages.append(average)
            }
            facts.load1 = averages.count > 0 ? averages[0] : nil
            facts.load5 = averages.count > 1 ? averages[1] : nil
            facts.load15 = averages.count > 2 ? averages[2] : nil
        }

        if let memory = reader.object(root["memory"], "memory") {
            facts.memoryTotalBytes = reader.count(memory["total"], "memory.total")
            facts.memoryFreeBytes = reader.count(memory["free"], "memory.free")
            facts.memoryAvailableBytes = reader.count(memory["available"], "memory.available")
        }

        guard facts != SystemFacts() else {
            throw ParseError(kind: kind, reason: "no system info fields in the JSON object")
        }
        return reader.log.parsed(facts)
    }

    // MARK: - network.wireless status

    /// Parses `ubus call network.wireless status` (netifd):
    ///
    ///     { "radio0": { "up": true, "config": { "band": "2g", "channel": "1",
    ///                   "htmode": "HE20", "country": "VN", "txpower": 20, … },
    ///                   "interfaces": [ { "section": "default_radio0", "ifname": "phy0-ap0",
    ///                     "config": { "mode": "ap", "ssid": "OpenWrt",
    ///                                 "encryption": "psk2", "key": "…" } } ] } }
    ///
    /// Older builds name the band by `hwmode` (`11g`, `11a`). Only `ssid`, `mode` and
    /// `encryption` are read from an interface's config: `key`, `sae_password`,
    /// `auth_secret` and the like are never copied.
    public static func wirelessStatus(_ bytes: [UInt8]) throws -> Parsed<[RadioFacts]> {
        let kind = "ubus-wireless-status"
        let root = try decodeJSONObject(bytes, kind: kind)
        var reader = JSONReader(kind: kind)
        var radios: [RadioFacts] = []

        for name in root.keys.sorted() {
            guard radios.count < ParseLimits.entries else {
                reader.log.add("radios", "more than \(ParseLimits.entries); the rest is ignored")
                break
            }
            guard let device = reader.object(root[name], name) else { continue }
            var radio = RadioFacts()
            radio.name = textFromJSON(name)

            if let config = reader.object(device["config"], "\(name).config") {
                readRadioConfig(config, radio: &radio, path: "\(name).config",
                                reader: &reader)
            }

            let interfaces = reader.array(device["interfaces"], "\(name).interfaces") ?? []
            for (index, entry) in interfaces.prefix(ParseLimits.entries).enumerated() {
                let path = "\(name).interfaces[\(index)]"
                guard let interface = reader.object(entry, path) else { continue }
                var network = NetworkFacts()
                // A radio that is down has interfaces without an ifname.
                network.interface = reader.string(interface["ifname"], "\(path).ifname")
                    .map(textFromJSON)
                if let config = reader.object(interface["config"], "\(path).config") {
                    network.ssid = reader.string(config["ssid"], "\(path).config.ssid")
                        .map(ssidFromJSON)
                    network.mode = reader.string(config["mode"], "\(path).config.mode")
                        .map { shortMode($0) ?? textFromJSON($0) }
                    network.encryption = reader.string(config["encryption"],
                                                       "\(path).config.encryption",
                                                       required: false).map(textFromJSON)
                }
                radio.networks.append(network)
            }
            radios.append(radio)
        }

        guard !radios.isEmpty else {
            throw ParseError(kind: kind, reason: "no radios in the JSON object")
        }
        return reader.log.parsed(radios)
    }

    private static func readRadioConfig(_ config: [String: Any], radio: inout RadioFacts,
                                        path: String, reader: inout JSONReader) {
        if let band = reader.string(config["band"], "\(path).band", required: false) {
            switch band.lowercased() {
            case "2g": radio.band = "2.4"
            case "5g": radio.band = "5"
            case "6g": radio.band = "6"
            case "60g": radio.band = "60"
            default: reader.log.add("\(path).band", "unknown band \"\(excerpt(band))\"")
            }
        } else if let hwmode = reader.string(config["hwmode"], "\(path).hwmode",
                                              required: false)
        {
            switch hwmode.lowercased() {
            case "11a", "11na", "11ac": radio.band = "5"
            case "11b", "11g", "11ng": radio.band = "2.4"
            case "11ad": radio.band = "60"
            default:
                reader.log.add("\(path).hwmode", "unknown hwmode \"\(excerpt(hwmode))\"")
            }
        } else {
            reader.log.add("\(path).band", "missing (neither band nor hwmode)")
        }

        // `channel` is a string in uci-backed config (`"36"` or `"auto"`), a number elsewhere.
        if let value = config["channel"] {
            if let text = value as? String, text.lowercased() == "auto" {
                radio.channel = nil
            } else if let text = value as? String, let channel = parseInt(text),
                (0...233).contains(channel)
            {
                radio.channel = channel
            } else {
                radio.channel = reader.int(value, "\(path).channel").flatMap {
                    (0...233).contains($0) ? $0 : nil
                }
            }
        }

        if let htmode = reader.string(config["htmode"], "\(path).htmode", required: false) {
            radio.widthMHz = widthFromHTMode(htmode)
            if radio.widthMHz == nil && htmode.uppercased() != "NOHT" {
                reader.log.add("\(path).htmode", "unknown htmode \"\(excerpt(htmode))\"")
            } else if htmode.uppercased() == "NOHT" {
                radio.widthMHz = 20
            }
        }
        if let value = config["txpower"] {
            radio.txPowerDBm = reader.int(value, "\(path).txpower")
        }
        radio.country = reader.string(config["country"], "\(path).country", required: false)
            .map(textFromJSON)
    }

    // MARK: - ubus list

    /// Parses `ubus list hostapd.*`: one object per line, `hostapd.wlan0`, `hostapd.phy0-ap0`,
    /// `hostapd.wlan1-1`. Returns the names after `hostapd.`, each validated as an interface
    /// name (1…15 bytes of `A-Z a-z 0-9 . _ -`, not starting with `-`), because these names
    /// are put into later commands; anything else is skipped with a warning.
    public static func list(_ bytes: [UInt8]) throws -> Parsed<[String]> {
        let kind = "ubus-list"
        var log = WarningLog(kind: kind)
        let text = OutputText(bytes, warnings: &log)
        if let message = CommandFailure.message(in: text) {
            throw ParseError(kind: kind, reason: "the device answered with an error: \(message)")
        }

        var names: [String] = []
        for line in text.lines {
            let trimmed = line.trimmed
            guard trimmed.hasPrefix("hostapd.") else { continue }
            let name = String(trimmed.dropFirst("hostapd.".count))
            guard isValidInterfaceName(name) else {
                log.add("line \(line.number)", "not a valid interface name: "
                    + "\"\(excerpt(name))\"; skipped")
                continue
            }
            guard !names.contains(name) else { continue }
            guard names.count < ParseLimits.entries else {
                log.add("output", "more than \(ParseLimits.entries) objects; the rest is ignored")
                break
            }
            names.append(name)
        }
        if names.isEmpty {
            log.add("output", "no hostapd.* objects (wireless down, or hostapd without ubus)")
        }
        return log.parsed(names)
    }

    /// True for a Linux interface name that is safe to put into a command: 1…15 bytes of
    /// `A-Z a-z 0-9 . _ -`, not starting with `-`, and not `.` or `..`.
    public static func isValidInterfaceName(_ name: String) -> Bool {
        let utf8 = Array(name.utf8)
        guard (1...15).contains(utf8.count), utf8[0] != UInt8(ascii: "-"),
            name != ".", name != ".."
        else { return false }
        return utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }

    // MARK: - hostapd get_clients

    /// Parses `ubus call hostapd.IF get_clients` (hostapd's ubus object, OpenWrt 18.06+):
    ///
    ///     { "freq": 2462,
    ///       "clients": { "aa:bb:cc:dd:ee:ff": { "auth": true, "assoc": true,
    ///                    "authorized": true, "aid": 2,
    ///                    "bytes": { "rx": 148449402, "tx": 8522063 },
    ///                    "signal": -55, "connected_time": 1234, "inactive": 10, … } } }
    ///
    /// `connected_time` (seconds) and `inactive` (milliseconds) exist only in newer hostapd.
    /// A key that is not a MAC (redacted as `xx:xx:xx:xx:xx:xx`) keeps the station with no MAC.
    /// - Parameter interface: the interface the command was run for, if known; otherwise it
    ///   is taken from an echoed `ubus call hostapd.IF get_clients` line when one is there.
    public static func hostapdClients(_ bytes: [UInt8], interface: String? = nil) throws
        -> Parsed<[StationFacts]>
    {
        let kind = "hostapd-get-clients"
        let root = try decodeJSONObject(bytes, kind: kind)
        var reader = JSONReader(kind: kind)
        let interface = interface ?? echoedHostapdInterface(bytes)

        guard let clients = reader.object(root["clients"], "clients") else {
            throw ParseError(kind: kind, reason: "no \"clients\" object in the JSON object")
        }

        var stations: [StationFacts] = []
        var badKeys = 0
        for key in clients.keys.sorted() {
            guard stations.count < ParseLimits.stations else {
                reader.log.add("clients", "more than \(ParseLimits.stations) stations; "
                    + "the rest is ignored")
                break
            }
            var station = StationFacts()
            station.interface = interface
            station.mac = MACAddress(key)
            if station.mac == nil { badKeys += 1 }
            let path = "clients[\(stations.count)]"
            guard let client = reader.object(clients[key], path) else { continue }

            if let signal = reader.int(client["signal"], "\(path).signal", required: false) {
                station.signalDBm = signal
            }
            if let counts = reader.object(client["bytes"], "\(path).bytes", required: false) {
                station.rxBytes = reader.unsigned(counts["rx"], "\(path).bytes.rx")
                station.txBytes = reader.unsigned(counts["tx"], "\(path).bytes.tx")
            }
            station.connectedSeconds = reader.count(client["connected_time"],
                                                    "\(path).connected_time", required: false)
            if let inactive = reader.unsigned(client["inactive"], "\(path).inactive",
                                              required: false)
            {
                InactiveTime.apply(inactive, to: &station, field: "\(path).inactive",
                                   warnings: &reader.log)
            }
            stations.append(station)
        }
        if badKeys > 0 {
            // The key itself is left out: it may be a partial address.
            reader.log.add("clients", "\(badKeys) station keys are not MAC addresses "
                + "(redacted or garbled); those stations are kept without a MAC")
        }
        return reader.log.parsed(stations)
    }

    /// The `IF` of an echoed `ubus call hostapd.IF get_clients` line, validated; nil if none.
    private static func echoedHostapdInterface(_ bytes: [UInt8]) -> String? {
        var log = WarningLog(kind: "")
        let text = OutputText(Array(bytes.prefix(4096)), warnings: &log)
        for line in text.lines.prefix(5) {
            guard let range = line.text.range(of: "hostapd.") else { continue }
            let rest = line.text[range.upperBound...]
            let name = String(rest.prefix { $0 != " " && $0 != "\t" })
            if rest.dropFirst(name.count).contains("get_clients"), isValidInterfaceName(name) {
                return name
            }
        }
        return nil
    }

    // MARK: - iwinfo info (JSON)

    /// Parses `ubus call iwinfo info '{"device":"IF"}'` (rpcd-mod-iwinfo):
    ///
    ///     { "phy": "phy0", "ssid": "meshID", "bssid": "…", "country": "00",
    ///       "mode": "Mesh Point", "channel": 11, "frequency": 2462, "txpower": 20,
    ///       "signal": -67, "noise": 0, "encryption": { "enabled": true, "wpa": [ 3 ],
    ///       "authentication": [ "sae" ], "ciphers": [ "ccmp" ] },
    ///       "htmode": "HT20", "hardware": { "id": […], "name": "MediaTek MT7603E" } }
    ///
    /// A `noise` of 0 means the driver does not report one (mt76) and is read as absent.
    public static func iwinfoInfo(_ bytes: [UInt8]) throws -> Parsed<[RadioFacts]> {
        let kind = "ubus-iwinfo-info"
        let root = try decodeJSONObject(bytes, kind: kind)
        var reader = JSONReader(kind: kind)
        var radio = RadioFacts()
        var network = NetworkFacts()

        radio.name = reader.string(root["phy"], "phy", required: false).map(textFromJSON)
        radio.channel = reader.int(root["channel"], "channel")
        radio.frequencyMHz = reader.int(root["frequency"], "frequency")
        radio.band = radio.frequencyMHz.flatMap(bandFromFrequency)
        radio.txPowerDBm = reader.int(root["txpower"], "txpower", required: false)
        radio.country = reader.string(root["country"], "country", required: false)
            .map(textFromJSON)
        if let htmode = reader.string(root["htmode"], "htmode", required: false) {
            radio.widthMHz = widthFromHTMode(htmode)
        }
        if let hardware = reader.object(root["hardware"], "hardware", required: false) {
            radio.hardware = reader.string(hardware["name"], "hardware.name", required: false)
                .map(textFromJSON)
        }

        network.ssid = reader.string(root["ssid"], "ssid", required: false).map(ssidFromJSON)
        network.bssid = reader.string(root["bssid"], "bssid", required: false)
            .map(textFromJSON)
        if let mode = reader.string(root["mode"], "mode") {
            network.mode = shortMode(mode)
            if network.mode == nil { reader.log.add("mode", "unknown mode \"\(excerpt(mode))\"") }
        }
        network.signalDBm = reader.int(root["signal"], "signal", required: false)
        network.noiseDBm = reader.int(root["noise"], "noise", required: false)
            .flatMap { $0 == 0 ? nil : $0 }
        if let encryption = reader.object(root["encryption"], "encryption", required: false) {
            network.encryption = describeEncryption(encryption, reader: &reader)
        }

        guard radio != RadioFacts() || network != NetworkFacts() else {
            throw ParseError(kind: kind, reason: "no iwinfo fields in the JSON object")
        }
        radio.networks = [network]
        return reader.log.parsed([radio])
    }

    /// `WPA3 SAE (CCMP)`-style text, as `iwinfo IF info` prints it, or `none`.
    private static func describeEncryption(_ object: [String: Any],
                                           reader: inout JSONReader) -> String? {
        if let enabled = object["enabled"], JSONReader.isBool(enabled),
            (enabled as? Bool) == false
        {
            return "none"
        }
        let versions = (object["wpa"] as? [Any] ?? []).prefix(4).compactMap {
            reader.int($0, "encryption.wpa")
        }
        let words = { (key: String) -> [String] in
            (object[key] as? [Any] ?? []).prefix(8).compactMap { $0 as? String }
                .map { textFromJSON($0).uppercased() }
        }
        let authentication = words("authentication")
        let ciphers = words("ciphers")
        var parts: [String] = []
        if !versions.isEmpty {
            parts.append(versions.map { "WPA\($0)" }.joined(separator: "/"))
        }
        if !authentication.isEmpty { parts.append(authentication.joined(separator: "/")) }
        if !ciphers.isEmpty { parts.append("(" + ciphers.joined(separator: ", ") + ")") }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
