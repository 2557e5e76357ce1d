import Fleet

/// What `ketnoi aps parse` prints: the values read from one saved output, with no raw MAC
/// (stations show only whether they had a readable MAC and whether it was randomised).
struct ParseReport: Encodable {
    struct Network: Encodable {
        let interface: String?
        let ssid: String?
        let mode: String?
        let encryption: String?
    }

    struct Radio: Encodable {
        let name: String?
        let band: String?
        let channel: Int?
        let widthMHz: Int?
        let txPowerDBm: Int?
        let country: String?
        let networks: [Network]
    }

    struct Station: Encodable {
        let interface: String?
        let hasMAC: Bool
        let randomisedMAC: Bool?
        let signalDBm: Int?
        let chainSignalsDBm: [Int]
        let inactiveMs: UInt64?
        let inactiveWrapped: Bool
        let connectedSeconds: Int?
        let rxBytes: UInt64?
        let txBytes: UInt64?
    }

    let kind: String
    var system: SystemFacts?
    var radios: [Radio]?
    var stations: [Station]?
    /// Stations heard within 300 s (the inventory's default rule).
    var clients: Int?
    var interfaces: [String]?
    var counters: [InterfaceCounters]?
    var warnings: [String] = []

    init(kind: String, _ output: ParsedOutput) {
        self.kind = kind
        warnings = output.warnings.map(\.description)
        switch output {
        case .system(let parsed): system = parsed.value
        case .radios(let parsed): radios = parsed.value.map(Self.radio)
        case .stations(let parsed): setStations(parsed.value)
        case .interfaces(let parsed): interfaces = parsed.value
        case .counters(let parsed): counters = parsed.value
        case .device(let parsed):
            system = parsed.value.system
            radios = parsed.value.radios.map(Self.radio)
            setStations(parsed.value.stations)
        }
    }

    private mutating func setStations(_ list: [StationFacts]) {
        stations = list.map { station in
            Station(
                interface: station.interface, hasMAC: station.mac != nil,
                randomisedMAC: station.mac?.isLocallyAdministered, signalDBm: station.signalDBm,
                chainSignalsDBm: station.chainSignalsDBm, inactiveMs: station.inactiveMilliseconds,
                inactiveWrapped: station.inactiveWrapped,
                connectedSeconds: station.connectedSeconds,
                rxBytes: station.rxBytes, txBytes: station.txBytes)
        }
        clients = list.filter { ($0.inactiveMilliseconds ?? 0) < 300_000 }.count
    }

    static func radio(_ radio: RadioFacts) -> Radio {
        Radio(
            name: radio.name, band: radio.band, channel: radio.channel, widthMHz: radio.widthMHz,
            txPowerDBm: radio.txPowerDBm, country: radio.country,
            networks: radio.networks.map {
                Network(
                    interface: $0.interface, ssid: $0.ssid?.display, mode: $0.mode,
                    encryption: $0.encryption)
            })
    }

    /// The same, as `key: value` lines for people.
    var text: String {
        var lines: [String] = ["kind: \(kind)"]
        if let system {
            let fields: [(String, String?)] = [
                ("hostname", system.hostname), ("model", system.model), ("board", system.boardName),
                ("firmware", [system.firmware, system.firmwareVersion, system.firmwareRevision]
                    .compactMap { $0 }.joined(separator: " ").nilIfEmpty),
                ("kernel", system.kernel), ("architecture", system.architecture),
                ("uptime", system.uptimeSeconds.map { "\($0) s" }),
                (
                    "load",
                    system.load1.map { l1 in
                        [l1, system.load5, system.load15].compactMap { $0 }.map {
                            Format.decimal($0, places: 2)
                        }
                        .joined(separator: " ")
                }),
                ("memory total", system.memoryTotalBytes.map { "\($0) bytes" }),
                ("memory free", system.memoryFreeBytes.map { "\($0) bytes" }),
                ("memory available", system.memoryAvailableBytes.map { "\($0) bytes" }),
            ]
            for (name, value) in fields {
                if let value { lines.append("\(name): \(value)") }
            }
        }
        for radio in radios ?? [] {
            var parts = ["radio \(radio.name ?? "?")"]
            if let band = radio.band { parts.append("\(band) GHz") }
            if let channel = radio.channel { parts.append("channel \(channel)") }
            if let width = radio.widthMHz { parts.append("\(width) MHz") }
            if let power = radio.txPowerDBm { parts.append("\(power) dBm") }
            if let country = radio.country { parts.append("country \(country)") }
            lines.append(parts.joined(separator: ", "))
            for network in radio.networks {
                lines.append(
                    "  \(network.interface ?? "?"): ssid \(network.ssid.map { "\"\($0)\"" } ?? "?")"
                        + (network.mode.map { ", \($0)" } ?? "")
                        + (network.encryption.map { ", \($0)" } ?? ""))
            }
        }
        if let stations {
            lines.append("stations: \(stations.count), clients (inactive < 300 s): \(clients ?? 0)")
            for (index, station) in stations.enumerated() {
                var parts = ["  \(index + 1):"]
                if let interface = station.interface { parts.append(interface) }
                if let signal = station.signalDBm { parts.append("signal \(signal) dBm") }
                if !station.chainSignalsDBm.isEmpty {
                    parts.append(
                        "chains " + station.chainSignalsDBm.map(String.init).joined(separator: "/"))
                }
                if let inactive = station.inactiveMs {
                    parts.append(
                        "inactive \(inactive) ms" + (station.inactiveWrapped ? " (wrapped)" : ""))
                }
                if !station.hasMAC { parts.append("(no readable MAC)") }
                lines.append(parts.joined(separator: " "))
            }
        }
        if let interfaces { lines.append("interfaces: " + interfaces.joined(separator: ", ")) }
        for counter in counters ?? [] {
            lines.append(
                "\(counter.name): rx \(counter.rxBytes) bytes \(counter.rxPackets) packets, "
                    + "tx \(counter.txBytes) bytes \(counter.txPackets) packets")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
