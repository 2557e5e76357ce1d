// Parser for UniFi's `mca-dump` (the JSON a UniFi AP sends its controller in each inform,
// printed on the AP's shell; UniFi AP firmware 3.x–6.x).

import Foundation

/// Everything one output says about a device: system, radios and stations.
public struct DeviceReport: Sendable, Equatable {
    public var system: SystemFacts
    public var radios: [RadioFacts]
    public var stations: [StationFacts]

    public init(system: SystemFacts = SystemFacts(), radios: [RadioFacts] = [],
                stations: [StationFacts] = []) {
        self.system = system
        self.radios = radios
        self.stations = stations
    }
}

/// Parser for UniFi `mca-dump`.
public enum UniFiParser {

    /// Parses `mca-dump`:
    ///
    ///     { "hostname": "UAP-Lobby", "model": "U7PG2", "model_display": "UAP-AC-Pro-Gen2",
    ///       "version": "6.5.28.14491", "uptime": 86523,
    ///       "sys_stats": { "loadavg_1": "0.10", "loadavg_5": "0.08", "loadavg_15": "0.05",
    ///                      "mem_total": 129310720, "mem_used": 80723968, … },
    ///       "radio_table": [ { "name": "wifi0", "radio": "ng", "channel": 6, "ht": "20",
    ///                          "tx_power": 20, … } ],
    ///       "radio_table_stats": [ { "name": "wifi0", "channel": 6, "tx_power": 20, … } ],
    ///       "vap_table": [ { "essid": "Hotspot", "bssid": "…", "name": "ath0",
    ///                        "radio_name": "wifi0", "radio": "ng", "is_guest": true,
    ///                        "sta_table": [ { "mac": "…", "signal": -61, "rx_bytes": 1,
    ///                                         "tx_bytes": 2, "idletime": 3,
    ///                                         "uptime": 420 } ] } ] }
    ///
    /// `radio` is `ng` (2.4 GHz), `na` (5 GHz) or `6e` (6 GHz); `ht` is the width in MHz as
    /// a string; `idletime` is in seconds; `loadavg_*` are strings. `is_guest` is not read.
    public static func mcaDump(_ bytes: [UInt8]) throws -> Parsed<DeviceReport> {
        let kind = "mca-dump"
        let root = try decodeJSONObject(bytes, kind: kind)
        var reader = JSONReader(kind: kind)
        var report = DeviceReport()

        report.system = system(root, reader: &reader)

        // Radios, completed from radio_table_stats (which has the live channel and power).
        let stats = reader.array(root["radio_table_stats"], "radio_table_stats",
                                 required: false) ?? []
        var liveByName: [String: [String: Any]] = [:]
        for entry in stats.prefix(ParseLimits.entries) {
            if let object = entry as? [String: Any], let name = object["name"] as? String {
                liveByName[name] = object
            }
        }
        let radioTable = reader.array(root["radio_table"], "radio_table") ?? []
        var codes: [String] = []
        for (index, entry) in radioTable.prefix(ParseLimits.entries).enumerated() {
            let path = "radio_table[\(index)]"
            guard let object = reader.object(entry, path) else { continue }
            var radio = RadioFacts()
            radio.name = reader.string(object["name"], "\(path).name").map(textFromJSON)
            let live = radio.name.flatMap { liveByName[$0] } ?? [:]
            let code = reader.string(object["radio"], "\(path).radio") ?? ""
            codes.append(code)
            switch code {
            case "ng": radio.band = "2.4"
            case "na": radio.band = "5"
            case "6e": radio.band = "6"
            default: reader.log.add("\(path).radio", "unknown radio \"\(excerpt(code))\"")
            }
            let channel = live["channel"] ?? object["channel"]
            if let text = channel as? String, text == "auto" {
                radio.channel = nil
            } else if channel != nil {
                radio.channel = reader.int(channel, "\(path).channel")
            }
            let power = live["tx_power"] ?? object["tx_power"]
            if power != nil { radio.txPowerDBm = reader.int(power, "\(path).tx_power") }
            if let ht = object["ht"] {
                // mca-dump prints `ht` as a string (`"20"`); that is its format, not an error.
                let width = (ht as? String).flatMap { parseInt($0) }
                    ?? reader.int(ht, "\(path).ht")
                radio.widthMHz = width.flatMap {
                    [20, 40, 80, 160, 320].contains($0) ? $0 : nil
                }
            }
            report.radios.append(radio)
        }

        // Networks and their stations.
        let vaps = reader.array(root["vap_table"], "vap_table", required: false) ?? []
        for (index, entry) in vaps.prefix(ParseLimits.entries).enumerated() {
            let path = "vap_table[\(index)]"
            guard let vap = reader.object(entry, path) else { continue }
            var network = NetworkFacts()
            network.ssid = reader.string(vap["essid"], "\(path).essid").map(ssidFromJSON)
            network.interface = reader.string(vap["name"], "\(path).name").map(textFromJSON)
            network.bssid = reader.string(vap["bssid"], "\(path).bssid", required: false)
                .map(textFromJSON)
            network.mode = reader.string(vap["usage"], "\(path).usage", required: false)
                .map { $0 == "uplink" ? "sta" : "ap" } ?? "ap"

            let radioName = vap["radio_name"] as? String
            let code = vap["radio"] as? String
            if let target = report.radios.firstIndex(where: { $0.name == radioName })
                ?? codes.firstIndex(where: { $0 == code && code != nil }),
                target < report.radios.count
            {
                report.radios[target].networks.append(network)
            } else {
                reader.log.add("\(path).radio_name", "no radio of that name")
            }

            let table = reader.array(vap["sta_table"], "\(path).sta_table", required: false)
            for (number, row) in (table ?? []).enumerated() {
                guard report.stations.count < ParseLimits.stations else {
                    reader.log.addOnce("sta_table", "more than \(ParseLimits.stations) "
                        + "stations; the rest is ignored")
                    break
                }
                let field = "\(path).sta_table[\(number)]"
                guard let object = reader.object(row, field) else { continue }
                report.stations.append(station(object, interface: network.interface,
                                                path: field, reader: &reader))
            }
        }

        guard report.system != SystemFacts() || !report.radios.isEmpty else {
            throw ParseError(kind: kind, reason: "no mca-dump fields in the JSON object")
        }
        return reader.log.parsed(report)
    }

    private static func system(_ root: [String: Any], reader: inout JSONReader) -> SystemFacts {
        var facts = SystemFacts()
        facts.firmware = "UniFi"
        facts.hostname = reader.string(root["hostname"], "hostname").map(textFromJSON)
        let code = reader.string(root["model"], "model").map(textFromJSON)
        facts.boardName = code
        facts.model = reader.string(root["model_display"], "model_display", required: false)
            .map(textFromJSON) ?? code
        facts.firmwareVersion = reader.string(root["version"], "version").map(textFromJSON)
        facts.kernel = reader.string(root["kernel_version"], "kernel_version", required: false)
            .map(textFromJSON)
        facts.architecture = reader.string(root["architecture"], "architecture",
                                           required: false).map(textFromJSON)
        facts.uptimeSeconds = reader.count(root["uptime"], "uptime")
        if let stats = reader.object(root["sys_stats"], "sys_stats", required: false) {
            func load(_ key: String) -> Double? {
                guard let value = stats[key] else { return nil }
                if let text = value as? String, let double = Double(text), double.isFinite,
                    double >= 0
                {
                    return double
                }
                if let number = value as? NSNumber, !JSONReader.isBool(number),
                    number.doubleValue.isFinite, number.doubleValue >= 0
                {
                    return number.doubleValue
                }
                reader.log.add("sys_stats.\(key)", "not a load average")
                return nil
            }
            facts.load1 = load("loadavg_1")
            facts.load5 = load("loadavg_5")
            facts.load15 = load("loadavg_15")
            facts.memoryTotalBytes = reader.count(stats["mem_total"], "sys_stats.mem_total",
                                                  required: false)
            if let used = reader.unsigned(stats["mem_used"], "sys_stats.mem_used",
                                          required: false),
                let total = facts.memoryTotalBytes, let usedInt = Int(exactly: used),
                usedInt <= total
            {
                facts.memoryFreeBytes = total - usedInt
            }
        }
        return facts
    }

    private static func station(_ object: [String: Any], interface: String?, path: String,
                                reader: inout JSONReader) -> StationFacts {
        var station = StationFacts()
        station.interface = interface
        if let mac = reader.string(object["mac"], "\(path).mac") {
            station.mac = MACAddress(mac)
            if station.mac == nil {
                reader.log.add("\(path).mac", "not a MAC address (redacted or garbled)")
            }
        }
        station.signalDBm = reader.int(object["signal"], "\(path).signal", required: false)
        station.rxBytes = reader.unsigned(object["rx_bytes"], "\(path).rx_bytes",
                                          required: false)
        station.txBytes = reader.unsigned(object["tx_bytes"], "\(path).tx_bytes",
                                          required: false)
        if let idle = reader.unsigned(object["idletime"], "\(path).idletime", required: false) {
            let (milliseconds, overflow) = idle.multipliedReportingOverflow(by: 1000)
            if overflow {
                reader.log.add("\(path).idletime", "too large")
            } else {
                station.inactiveMilliseconds = milliseconds
            }
        }
        station.connectedSeconds = reader.count(object["uptime"], "\(path).uptime",
                                                required: false)
        return station
    }
}
