// Parser for OpenWrt's wireless configuration, as `cat /etc/config/wireless` (uci file
// syntax) or `uci show wireless` (`wireless.radio0.band='2g'`).

import Foundation

/// Parser for OpenWrt's `/etc/config/wireless`.
public enum UciWirelessParser {

    /// Parses `cat /etc/config/wireless`:
    ///
    ///     config wifi-device 'radio1'
    ///             option band '5g'
    ///             option channel 'auto'
    ///             option htmode 'VHT80'
    ///
    ///     config wifi-iface 'wifinet2'
    ///             option device 'radio1'
    ///             option mode 'sta'
    ///             option ssid 'TeleCentro Wifi'
    ///             option encryption 'psk2'
    ///             option key '…'
    ///
    /// or `uci show wireless` (`wireless.radio1=wifi-device`, `wireless.radio1.band='5g'`).
    /// Only band/hwmode, channel, htmode, txpower, country, and an interface's device, ifname,
    /// mode, ssid and encryption are read; `key`, `sae_password`, `auth_secret` and every other
    /// option are never copied. Lines of other commands around the file are ignored.
    public static func parse(_ bytes: [UInt8]) throws -> Parsed<[RadioFacts]> {
        let kind = "uci-wireless-config"
        var log = WarningLog(kind: kind)
        let text = OutputText(bytes, warnings: &log)
        guard !text.isBlank else { throw ParseError(kind: kind, reason: "empty output") }

        var sections: [Section] = []
        var inSection = false
        for line in text.lines {
            let words = tokens(line.bytes)
            guard let first = words.first.map({ String(decoding: $0, as: UTF8.self) }) else {
                continue
            }

            if first == "config", words.count >= 2 {
                guard sections.count < ParseLimits.entries else {
                    log.add("output", "more than \(ParseLimits.entries) sections; "
                        + "the rest is ignored")
                    break
                }
                let type = String(decoding: words[1], as: UTF8.self)
                let name = words.count > 2 ? String(decoding: words[2], as: UTF8.self)
                    : "@\(type)[\(sections.count)]"
                sections.append(Section(type: type, name: name))
                inSection = true
            } else if (first == "option" || first == "list"), words.count >= 3, inSection {
                sections[sections.count - 1].set(String(decoding: words[1], as: UTF8.self),
                                                 words[2])
            } else if first.hasPrefix("wireless."), words.count == 1 {
                readShowLine(line.bytes, into: &sections)
                inSection = false
            } else if !line.isIndented {
                // Another command's prompt or output ends the file.
                inSection = false
            }
        }

        var radios: [RadioFacts] = []
        for section in sections where section.type == "wifi-device" {
            radios.append(radio(from: section, log: &log))
        }
        for section in sections where section.type == "wifi-iface" {
            var network = NetworkFacts()
            network.interface = section.text("ifname")
            network.ssid = section.options["ssid"].map { SSID(bytes: $0) }
            network.mode = section.text("mode").map { shortMode($0) ?? $0 }
            network.encryption = section.text("encryption")
            guard let device = section.text("device") else {
                log.add("\(section.name).device", "missing; interface left out")
                continue
            }
            if let index = radios.firstIndex(where: { $0.name == device }) {
                radios[index].networks.append(network)
            } else {
                log.add("\(section.name).device", "no wifi-device section of that name")
                var radio = RadioFacts()
                radio.name = device
                radio.networks = [network]
                radios.append(radio)
            }
        }

        guard !radios.isEmpty else {
            throw ParseError(kind: kind, reason: "no wifi-device or wifi-iface sections")
        }
        return log.parsed(radios)
    }

    /// One `config` section: its type, name and the options read (raw bytes).
    private struct Section {
        let type: String
        let name: String
        var options: [String: [UInt8]] = [:]

        static let kept: Set<String> = [
            "band", "hwmode", "channel", "htmode", "txpower", "country", "disabled",
            "device", "ifname", "mode", "ssid", "encryption",
        ]

        mutating func set(_ option: String, _ value: [UInt8]) {
            // Secrets and everything not needed are dropped here, before anything keeps them.
            guard Self.kept.contains(option), !isSecretField(option) else { return }
            options[option] = Array(value.prefix(256))
        }

        func text(_ option: String) -> String? {
            options[option].map { String(decoding: $0, as: UTF8.self) }
        }
    }

    private static func radio(from section: Section, log: inout WarningLog) -> RadioFacts {
        var radio = RadioFacts()
        radio.name = section.name
        if let band = section.text("band") {
            switch band {
            case "2g": radio.band = "2.4"
            case "5g": radio.band = "5"
            case "6g": radio.band = "6"
            case "60g": radio.band = "60"
            default: log.add("\(section.name).band", "unknown band \"\(excerpt(band))\"")
            }
        } else if let hwmode = section.text("hwmode") {
            switch hwmode {
            case "11a", "11na", "11ac": radio.band = "5"
            case "11b", "11g", "11ng": radio.band = "2.4"
            default: log.add("\(section.name).hwmode", "unknown hwmode \"\(excerpt(hwmode))\"")
            }
        }
        if let channel = section.text("channel"), channel != "auto" {
            radio.channel = parseInt(channel)
            if radio.channel == nil { log.add("\(section.name).channel", "not a number") }
        }
        if let htmode = section.text("htmode") {
            radio.widthMHz = htmode.uppercased() == "NOHT" ? 20 : widthFromHTMode(htmode)
        }
        radio.txPowerDBm = section.text("txpower").flatMap { parseInt($0) }
        radio.country = section.text("country")
        return radio
    }

    /// Reads one `uci show` line: `wireless.radio0=wifi-device` or
    /// `wireless.radio0.band='2g'`.
    private static func readShowLine(_ bytes: ArraySlice<UInt8>, into sections: inout [Section]) {
        guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { return }
        let path = String(decoding: bytes[bytes.startIndex..<equals], as: UTF8.self)
            .trimmingCharacters(in: .whitespaces)
        let value = tokens(bytes[(equals + 1)...]).first ?? []
        let parts = path.split(separator: ".", maxSplits: 2).map(String.init)
        if parts.count == 2 {
            guard sections.count < ParseLimits.entries else { return }
            sections.append(Section(type: String(decoding: value, as: UTF8.self), name: parts[1]))
        } else if parts.count == 3,
            let index = sections.lastIndex(where: { $0.name == parts[1] })
        {
            sections[index].set(parts[2], value)
        }
    }

    /// Splits a uci line into words as its shell-like syntax does: `'…'` and `"…"` quoting,
    /// backslash escapes, adjacent quoted parts joined (`'it'\''s'`). Works on bytes so SSIDs
    /// keep their bytes; at most 16 words.
    static func tokens(_ bytes: ArraySlice<UInt8>) -> [[UInt8]] {
        var words: [[UInt8]] = []
        var current: [UInt8] = []
        var inWord = false
        var index = bytes.startIndex
        while index < bytes.endIndex, words.count < 16 {
            let byte = bytes[index]
            switch byte {
            case 0x20, 0x09:
                if inWord { words.append(current); current = []; inWord = false }
                index += 1
            case UInt8(ascii: "'"):
                inWord = true
                index += 1
                while index < bytes.endIndex, bytes[index] != UInt8(ascii: "'") {
                    current.append(bytes[index])
                    index += 1
                }
                index += 1
            case UInt8(ascii: "\""):
                inWord = true
                index += 1
                while index < bytes.endIndex, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.endIndex {
                        index += 1
                    }
                    current.append(bytes[index])
                    index += 1
                }
                index += 1
            case UInt8(ascii: "\\"):
                inWord = true
                if index + 1 < bytes.endIndex { current.append(bytes[index + 1]) }
                index += 2
            case UInt8(ascii: "#") where !inWord:
                index = bytes.endIndex
            default:
                inWord = true
                current.append(byte)
                index += 1
            }
        }
        if inWord && words.count < 16 { words.append(current) }
        return words
    }
}
