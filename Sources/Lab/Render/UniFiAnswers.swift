// UniFi `mca-dump`: one line of JSON with the device, its radios and its VAPs, each VAP
// carrying its stations (`sta_table`), as UniFi access points print it over SSH.

import Foundation

enum UniFiAnswers {
    /// Answers one command; the UniFi shell (BusyBox) finds nothing but `mca-dump`.
    static func answer(_ words: [String], device: LabDevice) -> LabAnswer? {
        guard words == ["mca-dump"] else { return nil }
        return LabAnswer(stdout: mcaDump(device).compactText)
    }

    static let models: [(code: String, display: String, version: String)] = [
        ("UAL6", "U6-Lite", "6.6.77.15402"),
        ("U7LT", "UAP-AC-Lite", "6.5.62.14788"),
        ("UALR6v2", "U6-LR", "6.6.77.15402"),
    ]

    static func mcaDump(_ device: LabDevice) -> LabJSON {
        let model = models[device.variant]
        let mac = deviceMAC(device)
        let totalMemory = 257_191_936
        let usedMemory = totalMemory - device.freeMemory(total: totalMemory)
        let load = device.load.map { String(format: "%.2f", Double($0) / 65_536) }

        let radios: [LabJSON] = device.radios.enumerated().map { index, radio in
            .object([
                ("name", .text("wifi\(index)")),
                ("radio", .text(radio.is5GHz ? "na" : "ng")),
                ("channel", .number(radio.channel)),
                ("ht", .text(String(radio.widthMHz))),
                ("tx_power", .number(radio.txPowerDBm)),
                ("min_txpower", .number(6)),
                ("max_txpower", .number(radio.is5GHz ? 26 : 23)),
                ("nss", .number(2)),
                ("builtin_antenna", .bool(true)),
                ("builtin_ant_gain", .number(radio.is5GHz ? 3 : 2)),
                ("has_dfs", .bool(radio.is5GHz)),
                ("is_11ac", .bool(radio.is5GHz)),
            ])
        }

        let vaps: [LabJSON] = device.ssids.enumerated().map { ssidIndex, ssid in
            let radio = device.radios[ssid.radio]
            let stations = device.stations(on: ssidIndex)
            let table: [LabJSON] = stations.enumerated().map { number, station in
                .object([
                    ("mac", .text(station.macText)),
                    ("ip", .text("10.88.\(device.index % 250).\(20 + number % 230)")),
                    ("hostname", .text("")),
                    ("rssi", .number(station.signal + 95)),
                    ("signal", .number(station.signal)),
                    ("noise", .number(-95)),
                    ("idletime", .int(station.inactiveMilliseconds / 1000)),
                    ("uptime", .int(station.connectedSeconds)),
                    ("tx_bytes", .int(station.txBytes)),
                    ("rx_bytes", .int(station.rxBytes)),
                    ("tx_packets", .int(station.txPackets)),
                    ("rx_packets", .int(station.rxPackets)),
                    ("tx_retries", .int(station.txRetries)),
                    ("tx_rate", .number(station.txRate.kbps)),
                    ("rx_rate", .number(station.rxRate.kbps)),
                    ("is_11n", .bool(station.txRate.ht)),
                    ("is_11ac", .bool(station.txRate.vht)),
                    ("is_11ax", .bool(station.txRate.he)),
                    ("authorized", .bool(true)),
                    ("state", .number(15)),
                ])
            }
            return .object([
                ("name", .text(ssid.interfaceName)),
                ("essid", .string(ssid.ssid)),
                ("bssid", .text(LabStation.format(ssid.bssid))),
                ("radio", .text(radio.is5GHz ? "na" : "ng")),
                ("radio_name", .text("wifi\(ssid.radio)")),
                ("channel", .number(radio.channel)),
                ("usage", .text(ssid.psk == nil ? "guest" : "user")),
                ("is_guest", .bool(ssid.psk == nil)),
                ("security", .text(ssid.psk == nil ? "open" : "wpapsk")),
                ("up", .bool(true)),
                ("num_sta", .number(stations.count)),
                ("tx_bytes", .int(stations.map(\.txBytes).reduce(0, +))),
                ("rx_bytes", .int(stations.map(\.rxBytes).reduce(0, +))),
                ("sta_table", .array(table)),
            ])
        }

        return .object([
            ("board_rev", .number(18)),
            ("cfgversion", .text("a1b2c3d4e5f6a7b8")),
            ("country_code", .number(704)),
            ("hostname", .text(device.name)),
            ("inform_url", .text("http://unifi:8080/inform")),
            ("ip", .text("10.88.\(device.index % 250).2")),
            ("isolated", .bool(false)),
            ("last_error", .text("")),
            ("mac", .text(mac)),
            ("model", .text(model.code)),
            ("model_display", .text(model.display)),
            ("serial", .text(mac.replacingOccurrences(of: ":", with: "").uppercased())),
            ("state", .number(2)),
            ("uptime", .int(device.uptime)),
            ("version", .text(model.version)),
            ("radio_table", .array(radios)),
            ("vap_table", .array(vaps)),
            (
                "sys_stats",
                .object([
                    ("loadavg_1", .text(load[0])),
                    ("loadavg_5", .text(load[1])),
                    ("loadavg_15", .text(load[2])),
                    ("mem_buffer", .number(0)),
                    ("mem_total", .number(totalMemory)),
                    ("mem_used", .number(usedMemory)),
                ])
            ),
            (
                "system-stats",
                .object([
                    ("cpu", .text(String(format: "%.1f", Double(device.load[0]) / 655.36))),
                    (
                        "mem",
                        .text(
                            String(format: "%.1f", Double(usedMemory) * 100 / Double(totalMemory)))
                    ),
                    ("uptime", .text(String(device.uptime))),
                ])
            ),
        ])
    }

    private static func deviceMAC(_ device: LabDevice) -> String {
        LabStation.format(
            LabDevice.baseMAC(
                seed: device.seed, index: device.index,
                firmware: .unifi))
    }
}
