// RouterOS console outputs (v6 on even-numbered variants, v7 otherwise), laid out like
// the samples in shared/corpus/apcmd/: `print` with right-aligned keys, `print terse`
// with one `key=value` record per line (no wrapping: the SSH session has no terminal).

import Foundation

enum RouterOSAnswers {
    /// Answers one console command; RouterOS itself rejects anything else.
    static func answer(_ words: [String], device: LabDevice) -> LabAnswer {
        // `without-paging` only matters on a terminal; accept the command with or without it.
        let command = words.filter { $0 != "without-paging" }
        switch command {
        case ["/system", "resource", "print"]:
            return LabAnswer(stdout: resource(device))
        case ["/system", "identity", "print"]:
            return LabAnswer(stdout: Array("  name: \(device.name)\n".utf8))
        case ["/interface", "wireless", "print", "terse"]:
            return LabAnswer(stdout: wireless(device))
        case ["/interface", "wireless", "registration-table", "print", "stats", "terse"]:
            return LabAnswer(stdout: registrationTable(device))
        default:
            let name = (words.first ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            return LabAnswer(
                stdout: Array("bad command name \(name) (line 1 column 1)\n".utf8),
                exitStatus: 1)
        }
    }

    private static func isVersion7(_ device: LabDevice) -> Bool { device.variant % 2 == 1 }

    /// `/system resource print`: keys right-aligned to 25 columns; v7 pads every value to
    /// the widest one, as the v7.18 sample does.
    static func resource(_ device: LabDevice) -> [UInt8] {
        let v7 = isVersion7(device)
        let totalMiB = v7 ? 256.0 : 64.0
        let free = Double(device.freeMemory(total: Int(totalMiB * 1_048_576))) / 1_048_576
        let load = device.load[0] * 100 / 65_536
        var rows: [(String, String)] = [
            ("uptime", duration(milliseconds: device.uptime * 1000)),
            ("version", v7 ? "7.16.2 (stable)" : "6.49.15 (long-term)"),
            ("build-time", v7 ? "2024-11-26 12:20:24" : "Jan/31/2024 09:50:02"),
        ]
        if v7 { rows.append(("factory-software", "6.44.6")) }
        rows += [
            ("free-memory", String(format: "%.1fMiB", free)),
            ("total-memory", String(format: "%.1fMiB", totalMiB)),
            ("cpu", v7 ? "ARMv7" : "MIPS 24Kc V7.4"),
            ("cpu-count", v7 ? "4" : "1"),
            ("cpu-frequency", v7 ? "716MHz" : "650MHz"),
            ("cpu-load", "\(load)%"),
            ("free-hdd-space", v7 ? "98.6MiB" : "3.9MiB"),
            ("total-hdd-space", v7 ? "128.0MiB" : "16.0MiB"),
            ("write-sect-since-reboot", String(device.uptime / 97 + 200)),
            ("write-sect-total", String(device.uptime / 97 + 48_211)),
        ]
        if v7 { rows.append(("bad-blocks", "0%")) }
        rows += [
            ("architecture-name", v7 ? "arm" : "mipsbe"),
            ("board-name", v7 ? "cAP ac" : "hAP ac lite"),
            ("platform", "MikroTik"),
        ]
        let valueWidth = v7 ? rows.map(\.1.count).max() ?? 0 : 0
        let text = rows.map { key, value in
            OpenWrtAnswers.pad(key, 25) + ": "
                + value.padding(
                    toLength: max(valueWidth, value.count), withPad: " ", startingAt: 0) + "\n"
        }.joined()
        return Array(text.utf8)
    }

    /// `/interface wireless print terse`: masters first by name, the virtual staff SSID last.
    static func wireless(_ device: LabDevice) -> [UInt8] {
        var out: [UInt8] = []
        let ordered = device.ssids.enumerated().sorted {
            $0.element.interfaceName < $1.element.interfaceName
        }
        for (number, entry) in ordered.enumerated() {
            let ssid = entry.element
            let radio = device.radios[ssid.radio]
            let virtual = ssid.psk != nil
            var line = " \(number)  R name=\(ssid.interfaceName) mtu=1500 l2mtu=1600 "
            line += "mac-address=\(LabStation.format(ssid.bssid, uppercase: true)) arp=enabled "
            line += "arp-timeout=auto "
            if virtual {
                let master = device.ssids.first { $0.radio == ssid.radio && $0.psk == nil }
                line +=
                    "interface-type=virtual master-interface=\(master?.interfaceName ?? "wlan1") "
            } else {
                line += "interface-type=\(radio.is5GHz ? "QCA9887" : "QCA9533") "
            }
            line += "mode=ap-bridge ssid="
            out += Array(line.utf8) + quoted(ssid.ssid)
            line = ""
            if !virtual {
                line += " frequency=\(radio.frequencyMHz)"
                line +=
                    radio.is5GHz
                    ? " band=5ghz-a/n/ac channel-width=20/40/80mhz-XXXX"
                    : " band=2ghz-b/g/n channel-width=20mhz"
                line += " secondary-frequency=\"\" scan-list=default wireless-protocol=802.11"
            }
            line += " vlan-mode=no-tag vlan-id=1 wds-mode=disabled wds-default-bridge=none"
            line += " wds-ignore-ssid=no bridge-mode=enabled default-authentication=yes"
            line += " default-forwarding=yes default-client-tx-limit=0 default-ap-tx-limit=0"
            line +=
                " hide-ssid=no security-profile=\(virtual ? "staff" : "default") compression=no\n"
            out += Array(line.utf8)
        }
        return out
    }

    /// `/interface wireless registration-table print stats terse`, one record per line.
    static func registrationTable(_ device: LabDevice) -> [UInt8] {
        var text = ""
        var number = 0
        for (ssidIndex, ssid) in device.ssids.enumerated() {
            for station in device.stations(on: ssidIndex) {
                let chain = station.signalChains
                let noise = -105
                var line = " \(number) interface=\(ssid.interfaceName)"
                line += " mac-address=\(LabStation.format(station.mac, uppercase: true))"
                line += " ap=no wds=no bridge=no"
                line +=
                    " rx-rate=\"\(station.rxRate.routerOS)\" tx-rate=\"\(station.txRate.routerOS)\""
                line += " packets=\(station.txPackets),\(station.rxPackets)"
                line += " bytes=\(station.txBytes),\(station.rxBytes)"
                line += " frames=\(station.txPackets),\(station.rxPackets + station.txFailed)"
                line += " frame-bytes=\(station.txBytes + station.txPackets * 8),\(station.rxBytes)"
                line += " hw-frames=\(station.txPackets + station.txRetries),\(station.rxPackets)"
                line += " hw-frame-bytes=\(station.txBytes * 11 / 10),\(station.rxBytes * 11 / 10)"
                line += " tx-frames-timed-out=0"
                line += " uptime=\(duration(milliseconds: station.connectedSeconds * 1000))"
                line += " last-activity=\(duration(milliseconds: station.inactiveMilliseconds))"
                line +=
                    " signal-strength=\(station.signal)dBm@\(station.is5GHz ? "6Mbps" : "1Mbps")"
                line += " signal-to-noise=\(station.signal - noise)dB"
                line += " signal-strength-ch0=\(chain[0])dBm signal-strength-ch1=\(chain[1])dBm"
                line +=
                    " strength-at-rates=\(station.signal)dBm@\(station.is5GHz ? "6Mbps" : "1Mbps")"
                line += " \(duration(milliseconds: station.inactiveMilliseconds + 120))"
                line += " tx-ccq=\(max(30, 100 + station.signal / 3))%"
                line += " p-throughput=\(station.txRate.kbps * 6 / 10) distance=1"
                line += " last-ip=10.77.\(device.index % 250).\(10 + number % 240)"
                line += " 802.1x-port-enabled=yes"
                if ssid.psk != nil {
                    line += " authentication-type=wpa2-psk encryption=aes-ccm"
                    line += " group-encryption=aes-ccm"
                } else {
                    line += " authentication-type=\"\" encryption=\"\" group-encryption=\"\""
                }
                line += " management-protection=no wmm-enabled=yes\n"
                text += line
                number += 1
            }
        }
        return Array(text.utf8)
    }

    /// RouterOS durations: `3w2d4h5m6s`, `4s750ms`, `690ms`; zero parts are left out.
    static func duration(milliseconds: Int64) -> String {
        var rest = max(0, milliseconds)
        let units: [(Int64, String)] = [
            (604_800_000, "w"), (86_400_000, "d"), (3_600_000, "h"), (60_000, "m"), (1_000, "s"),
            (1, "ms"),
        ]
        var text = ""
        for (size, suffix) in units where rest >= size {
            text += "\(rest / size)\(suffix)"
            rest %= size
        }
        return text.isEmpty ? "0s" : text
    }

    /// A value in RouterOS quoting: printable ASCII as is, other bytes as `\XX`.
    static func quoted(_ bytes: [UInt8]) -> [UInt8] {
        let plain = bytes.allSatisfy { (0x21...0x7E).contains($0) && $0 != 0x22 && $0 != 0x5C }
        if plain && !bytes.isEmpty { return bytes }
        var out: [UInt8] = [0x22]
        for byte in bytes {
            if (0x20...0x7E).contains(byte) && byte != 0x22 && byte != 0x5C {
                out.append(byte)
            } else {
                out += Array(String(format: "\\%02X", byte).utf8)
            }
        }
        out.append(0x22)
        return out
    }
}
