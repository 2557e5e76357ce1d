// Parser for `iw dev IF station dump` and `iw dev IF station get MAC` (iw 3.x–6.x, nl80211
// NL80211_CMD_GET_STATION), as printed on OpenWrt and any Linux AP.

import Foundation

/// Parser for `iw … station dump` text.
public enum IwStationDumpParser {

    /// Parses `iw dev IF station dump`:
    ///
    ///     Station ae:d0:e6:3c:90:ec (on phy1-ap0)
    ///             inactive time:  140 ms
    ///             rx bytes:       9158
    ///             tx bytes:       8317
    ///             signal:         -53 [-63, -53] dBm
    ///             signal avg:     -52 [-63, -52] dBm
    ///             last ack signal:-52 dBm
    ///             connected time: 6 seconds
    ///
    /// - The per-chain list after the signal has 1 to 4 values (IPQ4019 prints two bogus
    ///   `-95`s, packages#16471); chains are kept as given.
    /// - Inactive times follow `InactiveTime` (wrapped values near 2^32 ms).
    /// - A signal of 0 dBm or more is not a received signal (some drivers print 0 for "not
    ///   measured"): it is dropped with one warning; chain values are kept as given.
    /// - An empty dump is zero stations. A block cut off at the end keeps what was read.
    /// - Indented fields before any header line (a dump piped through `grep inactive`, as in
    ///   mt76#201) make one station per repeated field, without a MAC.
    public static func parse(_ bytes: [UInt8]) throws -> Parsed<[StationFacts]> {
        let kind = "iw-station-dump"
        var log = WarningLog(kind: kind)
        let text = OutputText(bytes, warnings: &log)

        enum Position { case start, outside, station, headless }
        var position = Position.start
        var stations: [StationFacts] = []
        var seenFields: Set<String> = []
        var badMACs = 0
        var capped = false
        var lastLineInStation = false

        func begin(_ station: StationFacts) -> Bool {
            guard stations.count < ParseLimits.stations else {
                if !capped {
                    log.add("output", "more than \(ParseLimits.stations) stations; "
                        + "the rest is ignored")
                }
                capped = true
                return false
            }
            stations.append(station)
            seenFields = []
            return true
        }

        for line in text.lines {
            let trimmed = line.trimmed
            if trimmed.isEmpty { continue }
            lastLineInStation = false

            if trimmed.hasPrefix("Station ") {
                var station = StationFacts()
                let words = trimmed.split(separator: " ")
                station.mac = words.count > 1 ? MACAddress(words[1]) : nil
                if station.mac == nil { badMACs += 1 }
                if let on = trimmed.range(of: "(on "), let close = trimmed[on.upperBound...]
                    .firstIndex(of: ")")
                {
                    let name = String(trimmed[on.upperBound..<close])
                    if UbusParser.isValidInterfaceName(name) {
                        station.interface = name
                    } else {
                        log.addOnce("interface", "not a valid interface name; left out")
                    }
                }
                position = begin(station) ? .station : .outside
                lastLineInStation = position == .station
                continue
            }

            if !line.isIndented {
                // A prompt, a heading, or another command's output: no station until the next
                // header.
                position = .outside
                continue
            }

            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            let key = trimmed[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = trimmed[trimmed.index(after: colon)...]
                .trimmingCharacters(in: .whitespaces)
            guard isStationField(key) else { continue }

            switch position {
            case .outside:
                continue
            case .start:
                log.add("output", "station fields without a \"Station\" line (filtered "
                    + "output?); stations kept without a MAC")
                guard begin(StationFacts()) else { position = .outside; continue }
                position = .headless
            case .headless:
                if seenFields.contains(key) {
                    guard begin(StationFacts()) else { position = .outside; continue }
                }
            case .station:
                break
            }
            seenFields.insert(key)
            lastLineInStation = true
            read(key: key, value: value, line: line.number,
                 into: &stations[stations.count - 1], log: &log)
        }

        if badMACs > 0 {
            log.add("mac", "\(badMACs) station addresses are not MAC addresses "
                + "(redacted or garbled); those stations are kept without a MAC")
        }
        if !text.endsWithNewline && lastLineInStation {
            log.add("output", "cut off inside the last station block; kept what was read")
        }
        if stations.isEmpty, let message = CommandFailure.message(in: text) {
            throw ParseError(kind: kind, reason: "the device answered with an error: \(message)")
        }
        if stations.isEmpty && text.lines.contains(where: { $0.text.contains("command failed") }) {
            let line = text.lines.first { $0.text.contains("command failed") }?.trimmed ?? ""
            throw ParseError(kind: kind, reason: "the device answered with an error: "
                + excerpt(line))
        }
        return log.parsed(stations)
    }

    private static let fieldsRead: Set<String> = [
        "inactive time", "signal", "signal avg", "rx bytes", "tx bytes", "connected time",
    ]

    /// True for a key iw prints inside a station block (read or not).
    private static func isStationField(_ key: String) -> Bool {
        fieldsRead.contains(key) || key.hasPrefix("rx ") || key.hasPrefix("tx ")
            || key.contains("signal") || key.hasPrefix("authori") || key.hasPrefix("authent")
            || key.hasPrefix("associated") || key.hasPrefix("current time")
            || ["preamble", "wmm/wme", "mfp", "tdls peer", "dtim period", "beacon interval",
                "short slot time", "short preamble", "airtime weight", "expected throughput",
                "mesh llid", "mesh plid", "mesh plink", "beacon loss", "beacon rx",
                "beacon signal avg", "avg ack signal", "rx duration", "tx duration",
                "toffset", "t-offset", "connected time"].contains(key)
    }

    private static func read(key: String, value: String, line: Int,
                             into station: inout StationFacts, log: inout WarningLog) {
        switch key {
        case "inactive time":
            let number = value.split(separator: " ").first.map(String.init) ?? ""
            if let milliseconds = parseUnsigned(number) {
                InactiveTime.apply(milliseconds, to: &station, field: "line \(line)",
                                   warnings: &log)
            } else {
                log.addOnce("inactive time", "not a count of milliseconds")
            }
        case "signal", "signal avg":
            guard let (signal, chains) = signalWithChains(value) else {
                log.addOnce(key, "not a dBm value")
                return
            }
            let kept: Int?
            if signal >= 0 {
                log.addOnce(key, "0 or positive dBm is not a received signal; dropped")
                kept = nil
            } else {
                kept = signal
            }
            if key == "signal" {
                station.signalDBm = kept
                station.chainSignalsDBm = chains
            } else {
                station.signalAverageDBm = kept
            }
        case "rx bytes", "tx bytes":
            guard let count = parseUnsigned(value) else {
                log.addOnce(key, "not a byte count")
                return
            }
            if key == "rx bytes" { station.rxBytes = count } else { station.txBytes = count }
        case "connected time":
            let number = value.split(separator: " ").first.map(String.init) ?? ""
            if let seconds = parseUnsigned(number), let int = Int(exactly: seconds) {
                station.connectedSeconds = int
            } else {
                log.addOnce("connected time", "not a count of seconds")
            }
        default:
            break
        }
    }

    /// Reads `-57 [-62, -59] dBm` (chains optional) into the signal and the chain list;
    /// at most 8 chains are kept.
    static func signalWithChains(_ value: String) -> (Int, [Int])? {
        var rest = Substring(value)
        if rest.hasSuffix("dBm") { rest = rest.dropLast(3) }
        let head = rest.prefix { $0 != "[" }.trimmingCharacters(in: .whitespaces)
        guard let signal = parseInt(head) else { return nil }
        var chains: [Int] = []
        if let open = rest.firstIndex(of: "["), let close = rest.firstIndex(of: "]"),
            open < close
        {
            for part in rest[rest.index(after: open)..<close].split(separator: ",").prefix(8) {
                if let chain = parseInt(part) { chains.append(chain) }
            }
        }
        return (signal, chains)
    }
}
