// Parsers for MikroTik RouterOS console and API outputs: `/system resource print`, the
// wireless registration table and `/interface wireless print terse` (v6 and v7 `wireless`
// package). Console text may carry the `[admin@MikroTik] >` prompt and the echoed command.

import Foundation

/// Parsers for RouterOS outputs.
public enum RouterOSParser {

    // MARK: - system resource

    /// Parses `/system resource print without-paging` (RouterOS 6 and 7):
    ///
    ///                        uptime: 3h5m54s
    ///                       version: 7.18.2 (stable)
    ///                   free-memory: 876.2MiB
    ///                  total-memory: 1024.0MiB
    ///                      cpu-load: 1%
    ///             architecture-name: arm64
    ///                    board-name: RB5009UPr+S+
    ///
    /// Keys are right-aligned; v7 pads values with trailing spaces and prints `build-time` as
    /// ISO date, v6 as `Jun/26/2018 12:12:08`. Sizes carry `KiB`/`MiB`/`GiB` (binary units).
    public static func systemResource(_ bytes: [UInt8]) throws -> Parsed<SystemFacts> {
        let kind = "routeros-system-resource"
        var log = WarningLog(kind: kind)
        let text = OutputText(bytes, warnings: &log)
        guard !text.isBlank else { throw ParseError(kind: kind, reason: "empty output") }

        var facts = SystemFacts()
        var sawKey = false
        for line in text.lines {
            guard let (key, value) = consolePair(line.text) else { continue }
            sawKey = true
            let unknown = value.isEmpty || value.lowercased() == "unknown"
            switch key {
            case "uptime":
                if let milliseconds = parseRouterOSDuration(value) {
                    facts.uptimeSeconds = milliseconds / 1000
                } else {
                    log.add("uptime", "not a duration: \"\(excerpt(value))\"")
                }
            case "version":
                // `6.45.9 (long-term)`, `7.18.2 (stable)`, `7.19beta2 (testing)`.
                let version = value.split(separator: " ").first.map(String.init)
                if let version, !unknown {
                    facts.firmwareVersion = version
                } else {
                    log.add("version", "missing")
                }
            case "board-name":
                if !unknown {
                    facts.model = value
                    facts.boardName = value
                }
            case "architecture-name":
                if !unknown { facts.architecture = value }
            case "cpu-load":
                if let load = parseInt(value.hasSuffix("%") ? String(value.dropLast()) : value),
                    (0...100).contains(load)
                {
                    facts.cpuLoadPercent = load
                } else {
                    log.add("cpu-load", "not a percentage: \"\(excerpt(value))\"")
                }
            case "free-memory", "total-memory":
                guard let size = parseByteSize(value) else {
                    log.add(key, "not a size: \"\(excerpt(value))\"")
                    continue
                }
                if key == "free-memory" {
                    facts.memoryFreeBytes = size
                } else {
                    facts.memoryTotalBytes = size
                }
            default:
                break
            }
        }

        guard sawKey, facts != SystemFacts() else {
            if let message = CommandFailure.message(in: text) {
                throw ParseError(kind: kind, reason: "the device answered with an error: "
                    + message)
            }
            throw ParseError(kind: kind, reason: "no \"key: value\" lines of a system resource")
        }
        facts.firmware = "RouterOS"
        for (field, value) in [("uptime", facts.uptimeSeconds as Any?),
                               ("version", facts.firmwareVersion),
                               ("board-name", facts.model)] where value == nil {
            log.addOnce(field, "missing")
        }
        return log.parsed(facts)
    }

    /// A `key: value` console line (`print` of a single item), key lowercase with dashes.
    static func consolePair(_ line: String) -> (String, String)? {
        guard let colon = line.range(of: ": ") ?? (line.hasSuffix(":") ? line.range(
            of: ":", options: .backwards) : nil)
        else { return nil }
        let key = line[..<colon.lowerBound].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, key.count <= 64, key.unicodeScalars.allSatisfy({
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "."
        }) else { return nil }
        let value = line[colon.upperBound...].trimmingCharacters(in: .whitespaces)
        return (key, value)
    }

    // MARK: - Items (terse and API)

    /// One printed item: its properties in order, values as bytes.
    struct Item {
        var properties: [(String, [UInt8])] = []

        subscript(key: String) -> String? {
            properties.first { $0.0 == key }.map { String(decoding: $0.1, as: UTF8.self) }
        }

        func bytes(_ key: String) -> [UInt8]? { properties.first { $0.0 == key }?.1 }
    }

    /// Reads the items of a `print terse` (or `print stats terse`) console output, a RouterOS
    /// API reply in raw sentences (`!re` then `=key=value` words) or in the librouteros `ros`
    /// tool's form (`Status: re` then `Param N: key = value`).
    ///
    /// Terse items start with a line whose first word is the item number (flags such as `X`
    /// or `R` may follow); a line starting with white space continues the item, because the
    /// console wraps long items at the terminal width. When the wrapped line ended with a
    /// space the break was between words; otherwise it split a word, which is joined back.
    static func items(_ text: OutputText, log: inout WarningLog) throws -> [Item] {
        var items: [Item] = []
        var terse: [UInt8]?
        var inSentence = false

        func flushTerse() {
            if let line = terse { items.append(terseItem(line)) }
            terse = nil
        }

        for line in text.lines {
            guard items.count < ParseLimits.stations else {
                log.add("output", "more than \(ParseLimits.stations) items; the rest is ignored")
                break
            }
            let trimmed = line.trimmed

            // API sentences.
            if trimmed == "!re" || trimmed == "Status: re" {
                flushTerse()
                items.append(Item())
                inSentence = true
                continue
            }
            if trimmed == "!done" || trimmed == "Status: done" {
                inSentence = false
                continue
            }
            if trimmed == "!trap" || trimmed == "!fatal" || trimmed == "Status: trap" {
                let message = text.lines.first { $0.trimmed.hasPrefix("=message=") }
                    .map { excerpt($0.trimmed.dropFirst("=message=".count)) } ?? trimmed
                throw ParseError(kind: log.kind, reason: "the device answered with an error: "
                    + message)
            }
            if inSentence {
                if trimmed.hasPrefix("="), let pair = apiWord(trimmed) {
                    items[items.count - 1].properties.append(pair)
                } else if trimmed.hasPrefix("Param "), let pair = rosToolParam(trimmed) {
                    items[items.count - 1].properties.append(pair)
                }
                continue
            }

            // Terse console lines.
            let words = trimmed.split(separator: " ", maxSplits: 1)
            if let first = words.first, first.allSatisfy(\.isNumber), first.count <= 6,
                line.bytes.contains(UInt8(ascii: "="))
            {
                flushTerse()
                terse = Array(line.bytes)
            } else if line.isIndented, terse != nil, !trimmed.isEmpty {
                // The previous line keeps its trailing space when the break fell between
                // words, so appending the continuation as is restores the item either way.
                let continuation = line.bytes.drop { $0 == 0x20 || $0 == 0x09 }
                terse?.append(contentsOf: continuation)
                if (terse?.count ?? 0) > ParseLimits.lineBytes {
                    log.add("line \(line.number)", "item longer than \(ParseLimits.lineBytes) "
                        + "bytes; cut")
                    flushTerse()
                }
            } else {
                flushTerse()
            }
        }
        flushTerse()
        return items
    }

    /// `=key=value` (an API attribute word); the value may contain `=`.
    private static func apiWord(_ word: String) -> (String, [UInt8])? {
        let body = word.dropFirst()
        guard let equals = body.firstIndex(of: "=") else { return nil }
        let key = String(body[..<equals])
        guard !key.isEmpty else { return nil }
        return (key, Array(body[body.index(after: equals)...].utf8))
    }

    /// `Param 17: signal-strength = -51@1Mbps`; a parameter without ` = ` (cut off) is nil.
    private static func rosToolParam(_ line: String) -> (String, [UInt8])? {
        guard let colon = line.range(of: ": ") else { return nil }
        let rest = line[colon.upperBound...]
        guard let equals = rest.range(of: " = ") else { return nil }
        let key = rest[..<equals.lowerBound].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { return nil }
        return (key, Array(rest[equals.upperBound...].utf8))
    }

    /// Splits one joined terse item into `key=value` properties. Values may be quoted
    /// (`"117Mbps-20MHz/2S"`, with `\"`, `\\` and `\XX` hex escapes for other bytes); a word
    /// without `=` belongs to the value before it (`strength-at-rates=-65dBm@1Mbps 0ms,…`);
    /// the item number and flags before the first property are skipped.
    static func terseItem(_ bytes: [UInt8]) -> Item {
        var item = Item()
        var index = 0
        func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        }

        while index < bytes.count {
            skipSpace()
            guard index < bytes.count else { break }
            // A bare word: part of the previous value, or a flag before the first property.
            var end = index
            var keyEnd: Int?
            while end < bytes.count, bytes[end] != 0x20, bytes[end] != 0x09 {
                if bytes[end] == UInt8(ascii: "=") && keyEnd == nil { keyEnd = end }
                if keyEnd != nil { break }
                end += 1
            }
            guard let equals = keyEnd, equals > index else {
                while end < bytes.count, bytes[end] != 0x20, bytes[end] != 0x09 { end += 1 }
                if !item.properties.isEmpty {
                    item.properties[item.properties.count - 1].1 += [0x20] + bytes[index..<end]
                }
                index = end
                continue
            }
            let key = String(decoding: bytes[index..<equals], as: UTF8.self)
            index = equals + 1
            var value: [UInt8] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                        if index + 2 < bytes.count, let byte = hexByte(bytes[index + 1],
                                                                      bytes[index + 2])
                        {
                            value.append(byte)
                            index += 3
                        } else {
                            value.append(bytes[index + 1])
                            index += 2
                        }
                        continue
                    }
                    value.append(bytes[index])
                    index += 1
                }
                index += 1
            } else {
                while index < bytes.count, bytes[index] != 0x20, bytes[index] != 0x09 {
                    value.append(bytes[index])
                    index += 1
                }
            }
            if item.properties.count < 256 { item.properties.append((key, value)) }
        }
        return item
    }

    private static func hexByte(_ high: UInt8, _ low: UInt8) -> UInt8? {
        func nibble(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        guard let h = nibble(high), let l = nibble(low) else { return nil }
        return h << 4 | l
    }

    // MARK: - registration table

    /// Parses the wireless registration table, as
    /// `/interface wireless registration-table print stats terse without-paging`:
    ///
    ///      0 interface=jetcz24 mac-address=04:25:C5:39:30:30 ap=yes wds=no bridge=no
    ///        rx-rate="117Mbps-20MHz/2S" … bytes=23248,1341716 … uptime=9m55s
    ///        last-activity=690ms signal-strength=-65dBm@1Mbps signal-strength-ch0=-70dBm …
    ///
    /// or as the API's `/interface/wireless/registration-table/print` (`!re`, `=key=value`;
    /// signal without the `dBm` unit: `-51@1Mbps`). `bytes` is an `rx,tx` pair; `uptime`
    /// becomes the connected time and `last-activity` the inactive time. An empty table is
    /// zero stations.
    public static func registrationTable(_ bytes: [UInt8]) throws -> Parsed<[StationFacts]> {
        let kind = "routeros-registration-table"
        var log = WarningLog(kind: kind)
        let text = OutputText(bytes, warnings: &log)
        let items = try items(text, log: &log)

        var stations: [StationFacts] = []
        var badMACs = 0
        for (index, item) in items.prefix(ParseLimits.stations).enumerated() {
            let path = "item \(index)"
            var station = StationFacts()
            if let mac = item["mac-address"] {
                station.mac = MACAddress(mac)
            }
            if station.mac == nil { badMACs += 1 }
            station.interface = item["interface"]

            if let value = item["signal-strength"] {
                station.signalDBm = signalValue(value)
                if station.signalDBm == nil { log.addOnce("signal-strength", "not a dBm value") }
            }
            for chain in 0..<4 {
                guard let value = item["signal-strength-ch\(chain)"] else { break }
                guard let signal = signalValue(value) else {
                    log.addOnce("signal-strength-ch\(chain)", "not a dBm value")
                    break
                }
                station.chainSignalsDBm.append(signal)
            }
            if let value = item["bytes"] {
                let pair = value.split(separator: ",")
                if pair.count == 2, let rx = parseUnsigned(pair[0]),
                    let tx = parseUnsigned(pair[1])
                {
                    station.rxBytes = rx
                    station.txBytes = tx
                } else {
                    log.add("\(path).bytes", "not an rx,tx pair")
                }
            }
            if let value = item["uptime"] {
                if let milliseconds = parseRouterOSDuration(value) {
                    station.connectedSeconds = milliseconds / 1000
                } else {
                    log.add("\(path).uptime", "not a duration")
                }
            }
            if let value = item["last-activity"] {
                if let milliseconds = parseRouterOSDuration(value) {
                    station.inactiveMilliseconds = UInt64(milliseconds)
                } else {
                    log.add("\(path).last-activity", "not a duration")
                }
            }
            stations.append(station)
        }

        if badMACs > 0 {
            log.add("mac-address", "\(badMACs) stations without a readable MAC address "
                + "(missing, redacted or garbled); kept without a MAC")
        }
        if stations.isEmpty, let message = CommandFailure.message(in: text) {
            throw ParseError(kind: kind, reason: "the device answered with an error: \(message)")
        }
        return log.parsed(stations)
    }

    /// `-65dBm@1Mbps`, `-51@1Mbps`, `-70dBm` or `-58` → the dBm value.
    static func signalValue(_ value: String) -> Int? {
        var number = value.prefix { $0 != "@" }
        if number.hasSuffix("dBm") { number = number.dropLast(3) }
        return parseInt(number)
    }

    // MARK: - wireless interfaces

    /// Parses `/interface wireless print terse without-paging` (RouterOS 6, and 7 with the
    /// legacy `wireless` package):
    ///
    ///      0  R name="wlan1" mtu=1500 mac-address=64:D1:54:11:22:33 arp=enabled
    ///           interface-type=Atheros AR9300 mode=ap-bridge ssid="Hotspot" frequency=2437
    ///           band=2ghz-b/g/n channel-width=20/40mhz-XC country=vietnam …
    ///
    /// A virtual AP (`master-interface=wlan1`) adds its network to its master's radio.
    /// Flags: `X` disabled, `R` running. The channel is derived from the frequency.
    public static func wirelessInterfaces(_ bytes: [UInt8]) throws -> Parsed<[RadioFacts]> {
        let kind = "routeros-wireless-interfaces"
        var log = WarningLog(kind: kind)
        let text = OutputText(bytes, warnings: &log)
        guard !text.isBlank else { throw ParseError(kind: kind, reason: "empty output") }
        let items = try items(text, log: &log)

        var radios: [RadioFacts] = []
        var virtuals: [(master: String, network: NetworkFacts)] = []
        for (index, item) in items.prefix(ParseLimits.entries).enumerated() {
            let path = item["name"] ?? "item \(index)"
            var network = NetworkFacts()
            network.interface = item["name"]
            network.ssid = item.bytes("ssid").map { SSID(bytes: Array($0.prefix(32))) }
            network.bssid = item["mac-address"]
            if let mode = item["mode"] {
                network.mode = shortMode(mode)
                if network.mode == nil { log.add("\(path).mode", "unknown mode") }
            }
            if let master = item["master-interface"], master != "none" {
                virtuals.append((master, network))
                continue
            }

            var radio = RadioFacts()
            radio.name = item["name"]
            radio.hardware = item["interface-type"]
            radio.country = item["country"]
            if let band = item["band"] {
                radio.band = band.hasPrefix("2ghz") ? "2.4" : band.hasPrefix("5ghz") ? "5" : nil
                if radio.band == nil { log.add("\(path).band", "unknown band") }
            }
            if let frequency = item["frequency"], frequency != "auto" {
                radio.frequencyMHz = parseInt(frequency)
                if let mhz = radio.frequencyMHz {
                    radio.band = radio.band ?? bandFromFrequency(mhz)
                    radio.channel = channel(forMHz: mhz)
                } else {
                    log.add("\(path).frequency", "not a number")
                }
            }
            if let width = item["channel-width"] {
                radio.widthMHz = widestMHz(width)
                if radio.widthMHz == nil { log.add("\(path).channel-width", "unknown width") }
            }
            if let power = item["tx-power"], !power.isEmpty {
                radio.txPowerDBm = parseInt(power)
            }
            radio.networks = [network]
            radios.append(radio)
        }
        for (master, network) in virtuals {
            if let index = radios.firstIndex(where: { $0.name == master }) {
                radios[index].networks.append(network)
            } else {
                log.add(network.interface ?? "virtual interface", "master interface not listed")
                var radio = RadioFacts()
                radio.name = master
                radio.networks = [network]
                radios.append(radio)
            }
        }

        guard !radios.isEmpty else {
            if let message = CommandFailure.message(in: text) {
                throw ParseError(kind: kind, reason: "the device answered with an error: "
                    + message)
            }
            throw ParseError(kind: kind, reason: "no wireless interfaces")
        }
        return log.parsed(radios)
    }

    /// The widest width in `20/40/80mhz-Ceee`, `20/40mhz-XC`, `20mhz` or `10mhz`.
    static func widestMHz(_ text: String) -> Int? {
        guard let end = text.range(of: "mhz") else { return nil }
        return text[..<end.lowerBound].split(separator: "/").compactMap { Int($0) }.max()
    }

    /// The IEEE channel number of a centre frequency (802.11-2020 clause 19.3.15 and 21).
    static func channel(forMHz mhz: Int) -> Int? {
        switch mhz {
        case 2484: return 14
        case 2412...2472: return (mhz - 2407) / 5
        case 5000...5895: return (mhz - 5000) / 5
        case 5955...7115: return (mhz - 5950) / 5
        default: return nil
        }
    }
}
