// Parsers for the text forms of OpenWrt's `iwinfo` tool: `iwinfo` / `iwinfo IF info` (one
// block per interface) and `iwinfo IF assoclist` (one block per station).

import Foundation

/// Parsers for `iwinfo` text output on OpenWrt.
public enum IwinfoParser {

    // MARK: - info

    /// Parses `iwinfo` or `iwinfo IF info` (libiwinfo's CLI, OpenWrt 10.03 onwards):
    ///
    ///     wlan1     ESSID: "AIRTIMEFAIRTEST2"
    ///               Access Point: 80:2A:A8:17:1B:1D
    ///               Mode: Master  Channel: 1 (2.412 GHz)
    ///               Tx-Power: 20 dBm  Link Quality: 64/70
    ///               Signal: -46 dBm  Noise: -95 dBm
    ///               Bit Rate: 117.0 MBit/s
    ///               Encryption: none
    ///               Type: nl80211  HW Mode(s): 802.11bgn
    ///               Hardware: unknown [Generic MAC80211]
    ///               Supports VAPs: yes  PHY name: phy1
    ///
    /// Many values print as `unknown` (luci#1069); they become nil with at most one warning per
    /// field. The ESSID is printed raw between quotes, so it is taken from the line's bytes.
    /// Each interface gives one radio (named by its PHY) with one network.
    public static func info(_ bytes: [UInt8]) throws -> Parsed<[RadioFacts]> {
        let kind = "iwinfo-info"
        var log = WarningLog(kind: kind)
        let text = OutputText(bytes, warnings: &log)
        guard !text.isBlank else { throw ParseError(kind: kind, reason: "empty output") }

        var radios: [RadioFacts] = []
        var inBlock = false
        for line in text.lines {
            if !line.isIndented {
                inBlock = false
                guard let essidAt = find(Array("ESSID:".utf8), in: line.bytes) else { continue }
                guard radios.count < ParseLimits.entries else {
                    log.add("output", "more than \(ParseLimits.entries) interfaces; "
                        + "the rest is ignored")
                    break
                }
                var radio = RadioFacts()
                var network = NetworkFacts()
                let name = String(decoding: line.bytes[line.bytes.startIndex..<essidAt],
                                  as: UTF8.self).trimmingCharacters(in: .whitespaces)
                network.interface = name.isEmpty ? nil : name
                network.ssid = essid(line.bytes[(essidAt + 6)...], line: line.number, log: &log)
                radio.networks = [network]
                radios.append(radio)
                inBlock = true
                continue
            }
            guard inBlock, !radios.isEmpty else { continue }
            for (key, value) in fields(of: line.text) {
                apply(key: key, value: value, to: &radios[radios.count - 1], log: &log)
            }
        }

        if radios.isEmpty {
            if let message = CommandFailure.message(in: text) ?? noDevice(in: text) {
                throw ParseError(kind: kind, reason: "the device answered with an error: "
                    + message)
            }
            throw ParseError(kind: kind, reason: "no interface blocks (no \"ESSID:\" line)")
        }
        if !text.endsWithNewline {
            log.add("output", "cut off inside the last interface block; kept what was read")
        }
        return log.parsed(radios)
    }

    /// `No such wireless device: wlan5`, iwinfo's answer for a wrong interface.
    private static func noDevice(in text: OutputText) -> String? {
        text.lines.prefix(5).first { $0.text.contains("No such wireless device") }
            .map { excerpt($0.trimmed) }
    }

    /// The quoted ESSID after `ESSID:` as raw bytes; nil for `unknown`.
    private static func essid(_ rest: ArraySlice<UInt8>, line: Int,
                              log: inout WarningLog) -> SSID? {
        let quote = UInt8(ascii: "\"")
        guard let open = rest.firstIndex(of: quote) else {
            let word = String(decoding: rest, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if word.lowercased() != "unknown" && !word.isEmpty {
                log.add("line \(line)", "ESSID not quoted; taken as printed")
                return SSID(bytes: Array(word.utf8))
            }
            log.addOnce("ESSID", "unknown")
            return nil
        }
        // The ESSID may itself contain quotes: the closing one is the last on the line.
        guard let close = rest.lastIndex(of: quote), close > open else {
            log.add("line \(line)", "ESSID has no closing quote (cut off); kept what was read")
            return SSID(bytes: Array(rest[(open + 1)...].prefix(32)))
        }
        let bytes = Array(rest[(open + 1)..<close])
        guard bytes.count <= 32 else {
            log.add("line \(line)", "ESSID longer than 32 bytes; kept the first 32")
            return SSID(bytes: Array(bytes.prefix(32)))
        }
        return SSID(bytes: bytes)
    }

    /// The `Key: value` pairs of one indented line, split at runs of two or more spaces.
    static func fields(of line: String) -> [(String, String)] {
        var pairs: [(String, String)] = []
        var segments: [String] = []
        var current = ""
        var spaces = 0
        for character in line.trimmingCharacters(in: .whitespaces) {
            if character == " " || character == "\t" {
                spaces += character == "\t" ? 2 : 1
                continue
            }
            if spaces >= 2 && !current.isEmpty {
                segments.append(current)
                current = ""
            } else if spaces == 1 {
                current.append(" ")
            }
            spaces = 0
            current.append(character)
        }
        if !current.isEmpty { segments.append(current) }

        for segment in segments {
            guard let colon = segment.range(of: ": ") ?? segment.range(of: ":") else {
                // A value spilling over (e.g. `Center Channel 1: 42 2: unknown`) joins the last.
                if let last = pairs.popLast() { pairs.append((last.0, last.1 + " " + segment)) }
                continue
            }
            let key = String(segment[..<colon.lowerBound])
            let value = String(segment[colon.upperBound...]).trimmingCharacters(in: .whitespaces)
            pairs.append((key, value))
        }
        return pairs
    }

    private static func apply(key: String, value: String, to radio: inout RadioFacts,
                              log: inout WarningLog) {
        let unknown = value.lowercased().hasPrefix("unknown")
        switch key {
        case "Access Point":
            if !unknown { radio.networks[0].bssid = value }
        case "Mode":
            if let mode = shortMode(value) {
                radio.networks[0].mode = mode
            } else {
                log.addOnce("Mode", unknown ? "unknown" : "unknown mode \"\(excerpt(value))\"")
            }
        case "Channel":
            guard !unknown else { return log.addOnce("Channel", "unknown") }
            let number = value.prefix { $0.isNumber }
            radio.channel = Int(number)
            if radio.channel == nil { log.addOnce("Channel", "not a number") }
            if let open = value.firstIndex(of: "("), let ghz = value[open...].split(separator: " ")
                .first?.dropFirst(), let (mantissa, digits) = parseDecimal(ghz)
            {
                var scale = 1000
                for _ in 0..<digits { scale /= 10 }
                if digits <= 3 {
                    radio.frequencyMHz = mantissa * scale
                    radio.band = bandFromFrequency(mantissa * scale)
                }
            }
        case "HT Mode":
            if !unknown { radio.widthMHz = widthFromHTMode(value) }
        case "Tx-Power":
            guard !unknown else { return log.addOnce("Tx-Power", "unknown") }
            radio.txPowerDBm = dBm(value)
            if radio.txPowerDBm == nil { log.addOnce("Tx-Power", "not a dBm value") }
        case "Signal":
            guard !unknown else { return log.addOnce("Signal", "unknown") }
            radio.networks[0].signalDBm = dBm(value)
        case "Noise":
            guard !unknown else { return log.addOnce("Noise", "unknown") }
            radio.networks[0].noiseDBm = dBm(value)
        case "Encryption":
            guard !unknown else { return log.addOnce("Encryption", "unknown") }
            radio.networks[0].encryption = value
        case "Type":
            if !unknown { radio.driver = value }
        case "Hardware":
            // `unknown [Generic MAC80211]` names only the driver family; keep that name.
            if unknown, let open = value.firstIndex(of: "["), value.hasSuffix("]") {
                let name = String(value[value.index(after: open)..<value.index(
                    before: value.endIndex)])
                radio.hardware = name.lowercased() == "unknown" ? nil : name
            } else if !unknown {
                radio.hardware = value
            }
            if value.contains("[") && !value.hasSuffix("]") {
                log.addOnce("Hardware", "no closing bracket (cut off?); kept as printed")
            }
        case "PHY name":
            if !unknown { radio.name = value }
        default:
            break
        }
    }

    /// The leading integer of `-46 dBm` or `20 dBm`.
    private static func dBm(_ value: String) -> Int? {
        guard let first = value.split(separator: " ").first else { return nil }
        return parseInt(first)
    }

    private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = haystack.startIndex
        while index + needle.count <= haystack.endIndex {
            if haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    // MARK: - assoclist

    /// Parses `iwinfo IF assoclist`:
    ///
    ///     AE:D0:E6:3C:90:EC  -35 dBm / -100 dBm (SNR 65)  90 ms ago
    ///             RX: 390.0 MBit/s, VHT-MCS 9, 80MHz, VHT-NSS 1       175 Pkts.
    ///             TX: unknown                                      134 Pkts.
    ///             expected throughput: unknown
    ///
    /// or `No station connected`. Gives MAC, signal and inactive time; byte counts are not
    /// printed by this command. An empty output is zero stations.
    public static func assoclist(_ bytes: [UInt8], interface: String? = nil) throws
        -> Parsed<[StationFacts]>
    {
        let kind = "iwinfo-assoclist"
        var log = WarningLog(kind: kind)
        let text = OutputText(bytes, warnings: &log)
        var stations: [StationFacts] = []
        var badMACs = 0

        for line in text.lines where !line.isIndented {
            let words = line.trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = words.first, looksLikeMAC(first) else { continue }
            guard stations.count < ParseLimits.stations else {
                log.add("output", "more than \(ParseLimits.stations) stations; the rest is ignored")
                break
            }
            var station = StationFacts()
            station.interface = interface
            station.mac = MACAddress(first)
            if station.mac == nil { badMACs += 1 }
            if words.count > 2, words[2] == "dBm" {
                if let signal = parseInt(words[1]) {
                    station.signalDBm = signal
                } else {
                    log.addOnce("signal", words[1].lowercased() == "unknown"
                        ? "unknown" : "not a number")
                }
            }
            if let ago = words.lastIndex(of: "ago"), ago >= 2, words[ago - 1] == "ms" {
                if let value = parseUnsigned(words[ago - 2]) {
                    InactiveTime.apply(value, to: &station, field: "line \(line.number)",
                                       warnings: &log)
                } else {
                    log.addOnce("inactive", "not a number")
                }
            }
            stations.append(station)
        }

        if badMACs > 0 {
            log.add("mac", "\(badMACs) station addresses are not MAC addresses "
                + "(redacted or garbled); those stations are kept without a MAC")
        }
        if stations.isEmpty, let message = CommandFailure.message(in: text) ?? noDevice(in: text) {
            throw ParseError(kind: kind, reason: "the device answered with an error: \(message)")
        }
        return log.parsed(stations)
    }

    /// True for a 17-character `hh:hh:hh:hh:hh:hh` token, redacted digits (`x`) included.
    static func looksLikeMAC(_ token: some StringProtocol) -> Bool {
        let scalars = Array(token.unicodeScalars)
        guard scalars.count == 17 else { return false }
        for (offset, scalar) in scalars.enumerated() {
            if offset % 3 == 2 {
                guard scalar == ":" || scalar == "-" else { return false }
            } else {
                guard scalar.properties.isASCIIHexDigit || scalar == "x" || scalar == "X"
                else { return false }
            }
        }
        return true
    }
}
