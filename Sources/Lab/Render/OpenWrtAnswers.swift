// OpenWrt 23.05 outputs: ubus (procd, netifd, hostapd objects), iw, iwinfo and
// /proc/net/dev, laid out like the samples in shared/corpus/apcmd/.

import Foundation

enum OpenWrtAnswers {
    /// Answers one command line; nil when OpenWrt's shell would not find the command.
    static func answer(_ words: [String], device: LabDevice) -> LabAnswer? {
        switch words {
        case ["ubus", "call", "system", "board"]:
            return LabAnswer(stdout: board(device).ubusText)
        case ["ubus", "call", "system", "info"]:
            return LabAnswer(stdout: info(device).ubusText)
        case ["ubus", "call", "network.wireless", "status"]:
            return LabAnswer(stdout: wirelessStatus(device).ubusText)
        case ["ubus", "list", "hostapd.*"]:
            let names = device.ssids.map { "hostapd." + $0.interfaceName }.sorted()
            return LabAnswer(stdout: Array(names.map { $0 + "\n" }.joined().utf8))
        case ["iwinfo"]:
            return LabAnswer(stdout: iwinfo(device))
        case ["cat", "/proc/net/dev"]:
            return LabAnswer(stdout: procNetDev(device))
        default:
            break
        }

        if words.count == 4, words[0] == "ubus", words[1] == "call", words[3] == "get_clients" {
            let object = words[2]
            guard object.hasPrefix("hostapd."),
                let ssid = device.ssids.firstIndex(where: {
                    "hostapd." + $0.interfaceName == object
                })
            else {
                return LabAnswer(stderr: Array("Command failed: Not found\n".utf8), exitStatus: 4)
            }
            return LabAnswer(stdout: clients(device, ssid: ssid).ubusText)
        }
        if words.first == "ubus" {
            return LabAnswer(stderr: Array("Command failed: Not found\n".utf8), exitStatus: 4)
        }
        if let capture = OpenWrtCapture.answer(words, device: device) {
            return capture
        }

        // `iw dev IF station dump` and the older `iw IF station dump`.
        if words.first == "iw", words.suffix(2) == ["station", "dump"],
            words.count == 5 && words[1] == "dev" || words.count == 4
        {
            let interface = words[words.count - 3]
            guard let ssid = device.ssids.firstIndex(where: { $0.interfaceName == interface })
            else {
                return LabAnswer(
                    stderr: Array("command failed: No such device (-19)\n".utf8),
                    exitStatus: 237)
            }
            return LabAnswer(stdout: stationDump(device, ssid: ssid))
        }
        return nil
    }

    // MARK: - ubus

    static func board(_ device: LabDevice) -> LabJSON {
        let model = device.openWrtModel
        return .object([
            ("kernel", .text(model.kernel)),
            ("hostname", .text(device.name)),
            ("system", .text(model.system)),
            ("model", .text(model.model)),
            ("board_name", .text(model.boardName)),
            ("rootfs_type", .text("squashfs")),
            (
                "release",
                .object([
                    ("distribution", .text("OpenWrt")),
                    ("version", .text(model.version)),
                    ("revision", .text(model.revision)),
                    ("target", .text(model.target)),
                    ("description", .text("OpenWrt \(model.version) \(model.revision)")),
                ])
            ),
        ])
    }

    static func info(_ device: LabDevice) -> LabJSON {
        let total = device.openWrtModel.memoryBytes
        let free = device.freeMemory(total: total)
        let cached = total / 9 / 4096 * 4096
        let tmpUsed = 120 + Int(device.uptime % 600)
        let tmpTotal = total / 2048
        return .object([
            // procd prints local time; Vietnam is UTC+7 all year.
            ("localtime", .int(device.now + 25_200)),
            ("uptime", .int(device.uptime)),
            ("load", .array(device.load.map { .number($0) })),
            (
                "memory",
                .object([
                    ("total", .number(total)),
                    ("free", .number(free)),
                    ("shared", .number(tmpUsed * 1024)),
                    ("buffered", .number(0)),
                    ("available", .number(free + cached / 2)),
                    ("cached", .number(cached)),
                ])
            ),
            (
                "root",
                .object([
                    ("total", .number(5_632)), ("free", .number(4_312)),
                    ("used", .number(1_320)), ("avail", .number(4_312)),
                ])
            ),
            (
                "tmp",
                .object([
                    ("total", .number(tmpTotal)), ("free", .number(tmpTotal - tmpUsed)),
                    ("used", .number(tmpUsed)), ("avail", .number(tmpTotal - tmpUsed)),
                ])
            ),
            ("swap", .object([("total", .number(0)), ("free", .number(0))])),
        ])
    }

    static func wirelessStatus(_ device: LabDevice) -> LabJSON {
        let paths = ["platform/soc/18000000.wifi", "platform/soc/18000000.wifi+1"]
        var radios: [(String, LabJSON)] = []
        for (radioIndex, radio) in device.radios.enumerated() {
            var interfaces: [LabJSON] = []
            for ssid in device.ssids where ssid.radio == radioIndex {
                var config: [(String, LabJSON)] = [
                    ("mode", .text("ap")),
                    ("ssid", .string(ssid.ssid)),
                    ("encryption", .text(ssid.psk == nil ? "none" : "psk2")),
                ]
                if let psk = ssid.psk {
                    config.append(("key", .text(psk)))
                }
                config.append(("network", .array([.text(ssid.psk == nil ? "hotspot" : "lan")])))
                interfaces.append(
                    .object([
                        (
                            "section",
                            .text(
                                ssid.psk == nil
                                    ? "default_radio\(radioIndex)" : "staff_radio\(radioIndex)")
                        ),
                        ("ifname", .text(ssid.interfaceName)),
                        ("config", .object(config)),
                        ("vlans", .array([])),
                        ("stations", .array([])),
                    ]))
            }
            let htmode =
                radio.is5GHz
                ? (device.openWrtModel.he ? "HE80" : "VHT80")
                : (device.openWrtModel.he ? "HE20" : "HT20")
            radios.append(
                (
                    "radio\(radioIndex)",
                    .object([
                        ("up", .bool(true)),
                        ("pending", .bool(false)),
                        ("autostart", .bool(true)),
                        ("disabled", .bool(false)),
                        ("retry_setup_failed", .bool(false)),
                        (
                            "config",
                            .object([
                                ("path", .text(paths[radioIndex])),
                                ("band", .text(radio.is5GHz ? "5g" : "2g")),
                                ("channel", .text(String(radio.channel))),
                                ("htmode", .text(htmode)),
                                ("country", .text("VN")),
                                ("cell_density", .number(0)),
                            ])
                        ),
                        ("interfaces", .array(interfaces)),
                    ])
                ))
        }
        return .object(radios)
    }

    static func clients(_ device: LabDevice, ssid: Int) -> LabJSON {
        let radio = device.radios[device.ssids[ssid].radio]
        let members: [(String, LabJSON)] = device.stations(on: ssid).map { station in
            (
                station.macText,
                .object([
                    ("auth", .bool(true)),
                    ("assoc", .bool(true)),
                    ("authorized", .bool(true)),
                    ("preauth", .bool(false)),
                    ("wds", .bool(false)),
                    ("wmm", .bool(station.rxRate.ht || station.txRate.ht)),
                    ("ht", .bool(station.txRate.ht)),
                    ("vht", .bool(station.txRate.vht)),
                    ("he", .bool(station.txRate.he)),
                    ("wps", .bool(false)),
                    ("mfp", .bool(device.ssids[ssid].psk != nil)),
                    ("rrm", .array([.number(0), .number(0), .number(0), .number(0), .number(0)])),
                    ("extended_capabilities", .array([.number(4), .number(0), .number(8)])),
                    ("aid", .number(station.associationID)),
                    (
                        "bytes",
                        .object([("rx", .int(station.rxBytes)), ("tx", .int(station.txBytes))])
                    ),
                    ("airtime", .object([("rx", .number(0)), ("tx", .number(0))])),
                    (
                        "packets",
                        .object([
                            ("rx", .int(station.rxPackets)), ("tx", .int(station.txPackets)),
                        ])
                    ),
                    (
                        "rate",
                        .object([
                            ("rx", .number(station.rxRate.kbps)),
                            ("tx", .number(station.txRate.kbps)),
                        ])
                    ),
                    ("signal", .number(station.signal)),
                    ("capabilities", .object([])),
                ])
            )
        }
        return .object([
            ("freq", .number(radio.frequencyMHz)),
            ("clients", .object(members)),
        ])
    }

    // MARK: - Text tools

    /// `iw dev IF station dump` as iw 5.19 prints it: tab-indented, one block per station.
    static func stationDump(_ device: LabDevice, ssid: Int) -> [UInt8] {
        let interface = device.ssids[ssid].interfaceName
        var out = ""
        for station in device.stations(on: ssid) {
            func chains(_ list: [Int]) -> String {
                "[" + list.map(String.init).joined(separator: ", ") + "]"
            }
            func rate(_ rate: LabRate) -> String {
                rate.iwDetail.isEmpty
                    ? "\(rate.mbitText) MBit/s"
                    : "\(rate.mbitText) MBit/s \(rate.iwDetail)"
            }
            let associatedAt = device.uptime - station.connectedSeconds
            out += "Station \(station.macText) (on \(interface))\n"
            out += "\tinactive time:\t\(station.inactiveMilliseconds) ms\n"
            out += "\trx bytes:\t\(station.rxBytes)\n"
            out += "\trx packets:\t\(station.rxPackets)\n"
            out += "\ttx bytes:\t\(station.txBytes)\n"
            out += "\ttx packets:\t\(station.txPackets)\n"
            out += "\ttx retries:\t\(station.txRetries)\n"
            out += "\ttx failed:\t\(station.txFailed)\n"
            out += "\trx drop misc:\t\(station.txFailed / 2)\n"
            out += "\tsignal:  \t\(station.signal) \(chains(station.signalChains)) dBm\n"
            let averageChains = chains(station.signalAverageChains)
            out += "\tsignal avg:\t\(station.signalAverage) \(averageChains) dBm\n"
            out += "\ttx bitrate:\t\(rate(station.txRate))\n"
            out += "\ttx duration:\t\(station.txPackets * 37) us\n"
            out += "\trx bitrate:\t\(rate(station.rxRate))\n"
            out += "\trx duration:\t\(station.rxPackets * 23) us\n"
            out += "\tlast ack signal:\(station.signal + 1) dBm\n"
            out += "\tavg ack signal:\t\(station.signalAverage) dBm\n"
            out += "\tairtime weight: 256\n"
            out += "\tauthorized:\tyes\n"
            out += "\tauthenticated:\tyes\n"
            out += "\tassociated:\tyes\n"
            out += "\tpreamble:\tlong\n"
            out += "\tWMM/WME:\tyes\n"
            out += "\tMFP:\t\t\(device.ssids[ssid].psk != nil ? "yes" : "no")\n"
            out += "\tTDLS peer:\tno\n"
            out += "\tDTIM period:\t2\n"
            out += "\tbeacon interval:100\n"
            if !station.is5GHz {
                out += "\tshort slot time:yes\n"
            }
            out += "\tconnected time:\t\(station.connectedSeconds) seconds\n"
            let milliseconds = String(format: "%03d", Int(station.rxBytes % 1000))
            out += "\tassociated at [boottime]:\t\(associatedAt).\(milliseconds)s\n"
            out += "\tassociated at:\t\((device.now - station.connectedSeconds) * 1000) ms\n"
            out += "\tcurrent time:\t\(device.now * 1000) ms\n"
        }
        return Array(out.utf8)
    }

    /// `iwinfo` with no arguments: every wireless interface, a blank line after each.
    static func iwinfo(_ device: LabDevice) -> [UInt8] {
        var out: [UInt8] = []
        for (ssidIndex, ssid) in device.ssids.enumerated() {
            let radio = device.radios[ssid.radio]
            let model = device.openWrtModel
            let stations = device.stations(on: ssidIndex)
            let padded = ssid.interfaceName.padding(
                toLength: max(9, ssid.interfaceName.count), withPad: " ", startingAt: 0)
            let frequency = String(format: "%.3f GHz", Double(radio.frequencyMHz) / 1000)
            let htmode = radio.is5GHz ? (model.he ? "HE80" : "VHT80") : (model.he ? "HE20" : "HT20")
            let center =
                radio.is5GHz ? String(centerChannel80(radio.channel)) : String(radio.channel)
            let signal =
                stations.isEmpty
                ? "unknown"
                : "\(stations.map(\.signal).reduce(0, +) / stations.count) dBm"
            let quality =
                stations.isEmpty
                ? "unknown" : String(min(70, max(0, 110 + (stations.first?.signal ?? -110))))
            let bitRate = stations.isEmpty ? "unknown" : "\(stations[0].txRate.mbitText) MBit/s"
            out += Array("\(padded) ESSID: \"".utf8) + ssid.ssid + Array("\"\n".utf8)
            var text = ""
            text += "          Access Point: \(LabStation.format(ssid.bssid, uppercase: true))\n"
            text += "          Mode: Master  Channel: \(radio.channel) (\(frequency))"
            text += "  HT Mode: \(htmode)\n"
            text += "          Center Channel 1: \(center) 2: unknown\n"
            text += "          Tx-Power: \(radio.txPowerDBm) dBm  Link Quality: \(quality)/70\n"
            text += "          Signal: \(signal)  Noise: -92 dBm\n"
            text += "          Bit Rate: \(bitRate)\n"
            text += "          Encryption: \(ssid.psk == nil ? "none" : "WPA2 PSK (CCMP)")\n"
            let modes =
                radio.is5GHz
                ? (model.he ? "802.11a/n/ac/ax" : "802.11a/n/ac")
                : (model.he ? "802.11b/g/n/ax" : "802.11b/g/n")
            text += "          Type: nl80211  HW Mode(s): \(modes)\n"
            text += "          Hardware: embedded [\(model.radioNames[ssid.radio])]\n"
            text += "          TX power offset: none\n"
            text += "          Frequency offset: none\n"
            text += "          Supports VAPs: yes  PHY name: phy\(ssid.radio)\n"
            text += "\n"
            out += Array(text.utf8)
        }
        return out
    }

    /// `cat /proc/net/dev` in the kernel's layout (dev_seq_printf_stats).
    static func procNetDev(_ device: LabDevice) -> [UInt8] {
        var out = "Inter-|   Receive                                                |  Transmit\n"
        out += " face |bytes    packets errs drop fifo frame compressed multicast"
        out += "|bytes    packets errs drop fifo colls carrier compressed\n"
        let interfaces = ["lo", "eth0", "br-lan", "wan"] + device.ssids.map(\.interfaceName)
        for (number, name) in interfaces.enumerated() {
            let rx =
                name == "lo"
                ? device.counter(number, 0, perSecond: 50...400)
                : device.counter(number, 0, perSecond: 2_000...60_000)
            let tx = name == "lo" ? rx : device.counter(number, 1, perSecond: 4_000...250_000)
            let rxPackets = rx / 310 + 1
            let txPackets = name == "lo" ? rxPackets : tx / 870 + 1
            let errors = name.hasPrefix("phy") ? Int64(device.index % 3) * (rxPackets / 90_000) : 0
            let multicast = name == "lo" ? 0 : rxPackets / 40
            let columns: [(Int64, Int)] = [
                (rx, 7), (rxPackets, 7), (errors, 4), (0, 4), (0, 4), (0, 5), (0, 10),
                (multicast, 9), (tx, 8), (txPackets, 7), (0, 4), (0, 4), (0, 4), (0, 5),
                (0, 7), (0, 10),
            ]
            out += pad(name, 6) + ":"
            out += columns.map { " " + pad(String($0.0), $0.1) }.joined() + "\n"
        }
        return Array(out.utf8)
    }

    /// The centre of the 80 MHz block holding a 5 GHz channel (36–48 → 42, 149–161 → 155).
    static func centerChannel80(_ channel: Int) -> Int {
        let base = channel < 149 ? 36 : 149
        return base + (channel - base) / 16 * 16 + 6
    }

    /// Right-aligns like printf's `%Ns`.
    static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
