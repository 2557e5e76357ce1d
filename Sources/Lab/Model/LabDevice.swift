// What a simulated access point is and reports at one moment: hardware, radios, SSIDs,
// uptime and the stations associated right now. Everything is a pure function of
// (seed, AP index, time), so two processes asked at the same second agree.

import Foundation

// MARK: - Seeded generator

/// SplitMix64 (Steele, Lea, Flood 2014) used as a hash of a few integers.
enum LabRandom {
    static func hash(_ values: UInt64...) -> UInt64 {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for value in values {
            state = mix(state ^ value)
        }
        return state
    }

    static func mix(_ input: UInt64) -> UInt64 {
        var z = input &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `range` drawn from `hash`.
    static func pick(_ hash: UInt64, _ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(hash % UInt64(range.upperBound - range.lowerBound + 1))
    }
}

/// Salts that keep the hashes of different attributes apart.
enum Salt: UInt64 {
    case model = 1
    case uptime, pool, presence, stickiness, session, kind, oui, interface, signal
    case jitter, idle, inactive, traffic, rate, load, memory, channel, bssid, garbage, counters
    case capture
}

private func h(_ seed: UInt64, _ index: Int, _ salt: Salt, _ more: UInt64...) -> UInt64 {
    var value = LabRandom.hash(seed, UInt64(index), salt.rawValue)
    for extra in more {
        value = LabRandom.hash(value, extra)
    }
    return value
}

// MARK: - Device

/// A radio of a simulated access point.
struct LabRadio {
    let is5GHz: Bool
    let channel: Int
    let widthMHz: Int
    let txPowerDBm: Int
    /// How many signal values `iw` lists per station (4 on IPQ4019, two of them bogus).
    let chains: Int

    var frequencyMHz: Int { is5GHz ? 5000 + 5 * channel : 2407 + 5 * channel }
}

/// One SSID (a virtual interface) of a simulated access point.
struct LabSSID {
    /// Firmware-specific: `phy0-ap0`, `wlan1`, `ath0`.
    let interfaceName: String
    let radio: Int
    /// Bytes, not text: one AP in ten has an SSID that is not UTF-8.
    let ssid: [UInt8]
    /// An obviously fake PSK, nil for an open SSID.
    let psk: String?
    let bssid: [UInt8]
}

/// The hardware a simulated OpenWrt access point claims to be.
struct LabOpenWrtModel {
    let model: String
    let boardName: String
    let system: String
    let target: String
    let version: String
    let revision: String
    let kernel: String
    let memoryBytes: Int
    let radioNames: [String]
    let chains: Int
    let he: Bool
}

let openWrtModels: [LabOpenWrtModel] = [
    LabOpenWrtModel(
        model: "Xiaomi Mi Router 4A Gigabit Edition", boardName: "xiaomi,mi-router-4a-gigabit",
        system: "MediaTek MT7621 ver:1 eco:3", target: "ramips/mt7621", version: "23.05.2",
        revision: "r23630-842932a63d", kernel: "5.15.137", memoryBytes: 124_620_800,
        radioNames: ["MediaTek MT7603E", "MediaTek MT76x2E"], chains: 2, he: false),
    LabOpenWrtModel(
        model: "GL.iNet GL-MT3000", boardName: "glinet,gl-mt3000",
        system: "ARMv8 Processor rev 4", target: "mediatek/filogic", version: "23.05.3",
        revision: "r23809-234f1a2efa", kernel: "5.15.150", memoryBytes: 515_252_224,
        radioNames: ["MediaTek MT7981", "MediaTek MT7981"], chains: 2, he: true),
    LabOpenWrtModel(
        model: "GL.iNet GL-B1300", boardName: "glinet,gl-b1300",
        system: "ARMv7 Processor rev 5 (v7l)", target: "ipq40xx/generic", version: "23.05.5",
        revision: "r24106-10cc5fcd00", kernel: "5.15.167", memoryBytes: 250_822_656,
        radioNames: ["Qualcomm Atheros IPQ4019", "Qualcomm Atheros IPQ4019"], chains: 4,
        he: false),
]

/// A simulated access point at one moment.
struct LabDevice {
    let name: String
    let index: Int
    let firmware: LabFirmware
    let seed: UInt64
    /// Seconds since the epoch, whole.
    let now: Int64
    /// Seconds since the AP "booted".
    let uptime: Int64
    /// Which entry of the firmware's model table (0, 1 or 2).
    let variant: Int
    let radios: [LabRadio]
    let ssids: [LabSSID]
    let stations: [LabStation]

    /// Builds the access point `ap` of `state` as it is at `now`; `huge` associates
    /// thousands of stations.
    init(state: LabState, index: Int, now: Date, huge: Bool = false) {
        let ap = state.aps[index]
        let seed = state.seed
        self.name = ap.name
        self.index = index
        self.firmware = ap.firmware
        self.seed = seed
        let epoch = Int64(now.timeIntervalSince1970.rounded(.down))
        self.now = epoch
        let offset = Int64(LabRandom.pick(h(seed, index, .uptime), 18_000...3_456_000))
        let sinceStart = max(0, epoch - Int64(state.started.timeIntervalSince1970.rounded(.down)))
        self.uptime = sinceStart + offset
        let variant = Int(h(seed, index, .model) % 3)
        self.variant = variant

        let chains = ap.firmware == .openwrt ? openWrtModels[variant].chains : 2
        let channels24 = [1, 6, 11]
        let channels5 = [36, 44, 149, 157]
        radios = [
            LabRadio(
                is5GHz: false, channel: channels24[Int(h(seed, index, .channel) % 3)],
                widthMHz: 20, txPowerDBm: 20, chains: chains),
            LabRadio(
                is5GHz: true, channel: channels5[Int(h(seed, index, .channel, 5) % 4)],
                widthMHz: 80, txPowerDBm: 23, chains: chains),
        ]

        let names: [String]
        switch ap.firmware {
        case .openwrt, .mixed: names = ["phy0-ap0", "phy0-ap1", "phy1-ap0"]
        case .routeros: names = ["wlan1", "wlan3", "wlan2"]
        case .unifi: names = ["ath0", "ath2", "ath1"]
        }
        var free5 = Array("CanTho-WiFi-Free".utf8)
        if index % 10 == 4 {
            // libubox and hostapd pass SSID bytes through; a controller must keep them as bytes.
            free5 = Array("CanTho-WiFi-".utf8) + [0xFF, 0xFE] + Array("-5G".utf8)
        }
        let base = LabDevice.baseMAC(seed: seed, index: index, firmware: ap.firmware)
        func bssid(_ radio: Int, _ vap: Int) -> [UInt8] {
            var mac = base
            if vap > 0 { mac[0] |= 0x02 }
            mac[5] = mac[5] &+ UInt8(radio * 8 + vap)
            return mac
        }
        ssids = [
            LabSSID(
                interfaceName: names[0], radio: 0,
                ssid: Array((state.openSSID ?? "CanTho-WiFi-Free").utf8),
                psk: nil, bssid: bssid(0, 0)),
            LabSSID(
                interfaceName: names[1], radio: 0, ssid: Array("CanTho-Staff".utf8),
                psk: "lab-psk-\(ap.name)-secret", bssid: bssid(0, 1)),
            LabSSID(interfaceName: names[2], radio: 1, ssid: free5, psk: nil, bssid: bssid(1, 0)),
        ]

        stations = LabStation.associated(
            seed: seed, index: index, now: epoch, uptime: uptime, radios: radios,
            ssids: ssids, he: ap.firmware == .openwrt && openWrtModels[variant].he, huge: huge)
    }

    /// The access point's own MAC: a real vendor prefix per firmware.
    static func baseMAC(seed: UInt64, index: Int, firmware: LabFirmware) -> [UInt8] {
        let oui: [UInt8]
        switch firmware {
        case .openwrt, .mixed: oui = [0x94, 0x83, 0xC4]  // GL.iNet
        case .routeros: oui = [0x64, 0xD1, 0x54]  // MikroTik
        case .unifi: oui = [0x78, 0x8A, 0x20]  // Ubiquiti
        }
        let value = h(seed, index, .bssid)
        return oui + [
            UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value) & 0xC0,
        ]
    }

    var openWrtModel: LabOpenWrtModel { openWrtModels[variant] }

    /// Stations on the SSID at `ssidIndex`, in association order.
    func stations(on ssidIndex: Int) -> [LabStation] {
        stations.filter { $0.ssidIndex == ssidIndex }
    }

    /// Load average ×65536 as procd reports it, moving once a minute.
    var load: [Int] {
        let value = h(seed, index, .load, UInt64(now / 60))
        let one = LabRandom.pick(value, 0...40_000)
        return [
            one, one / 2 + LabRandom.pick(value >> 20, 0...9_000),
            one / 3 + LabRandom.pick(value >> 40, 0...6_000),
        ]
    }

    /// Free memory in bytes out of `total`, moving once a minute.
    func freeMemory(total: Int) -> Int {
        let percent = LabRandom.pick(h(seed, index, .memory, UInt64(now / 60)), 28...64)
        return total / 100 * percent / 4096 * 4096
    }

    /// Bytes an interface has moved since boot, growing with uptime.
    func counter(_ interface: Int, _ direction: UInt64, perSecond: ClosedRange<Int>) -> Int64 {
        let rate = Int64(
            LabRandom.pick(
                h(seed, index, .counters, UInt64(interface), direction),
                perSecond))
        return rate * uptime + Int64(h(seed, index, .counters, 99, UInt64(interface)) % 100_000)
    }
}

// MARK: - Stations

/// One associated station as the driver sees it at one moment.
struct LabStation {
    let mac: [UInt8]
    let ssidIndex: Int
    let associationID: Int
    let signal: Int
    let signalChains: [Int]
    let signalAverage: Int
    let signalAverageChains: [Int]
    let inactiveMilliseconds: Int64
    let connectedSeconds: Int64
    let rxBytes: Int64
    let txBytes: Int64
    let rxPackets: Int64
    let txPackets: Int64
    let txRetries: Int64
    let txFailed: Int64
    let rxRate: LabRate
    let txRate: LabRate
    let is5GHz: Bool

    var macText: String { LabStation.format(mac) }

    static func format(_ mac: [UInt8], uppercase: Bool = false) -> String {
        mac.map { byte in
            let text = String(byte, radix: 16, uppercase: uppercase)
            return byte < 16 ? "0" + text : text
        }.joined(separator: ":")
    }

    /// Slots whose stations come back window after window; the rest come and go.
    private static func presence(_ seed: UInt64, _ index: Int, _ slot: Int, _ window: Int64) -> Bool
    {
        let sticky = h(seed, index, .stickiness, UInt64(slot)) % 100 < 45
        let chance: UInt64 = sticky ? 95 : 60
        return h(seed, index, .presence, UInt64(slot), UInt64(bitPattern: window)) % 100 < chance
    }

    /// Who is associated at `now`: up to 25 slots per AP, each present or not per 60 s
    /// window; a station stays as long as its slot stays present (at most 4 h back).
    static func associated(
        seed: UInt64, index: Int, now: Int64, uptime: Int64,
        radios: [LabRadio], ssids: [LabSSID], he: Bool,
        huge: Bool
    ) -> [LabStation] {
        let window = now / 60
        let pool = huge ? 9_000 : Int(h(seed, index, .pool) % 26)
        var result: [LabStation] = []
        result.reserveCapacity(pool)
        var nextAID = [1, 1, 1]

        for slot in 0..<pool {
            var start = window
            if huge {
                start = window - Int64(slot % 30)
            } else {
                guard presence(seed, index, slot, window) else { continue }
                while start > window - 240, presence(seed, index, slot, start - 1) {
                    start -= 1
                }
            }
            let sessionStart = max(start * 60, now - uptime + 30)
            let connected = max(0, now - sessionStart)
            let session = h(seed, index, .session, UInt64(slot), UInt64(bitPattern: start))

            // MAC: 40 % of slots use a randomised (locally administered) address per session.
            let mac: [UInt8]
            if h(seed, index, .kind, UInt64(slot)) % 10 < 4 {
                var bytes = (0..<6).map { UInt8(truncatingIfNeeded: session >> (8 * UInt64($0))) }
                bytes[0] = (bytes[0] & 0xFC) | 0x02
                mac = bytes
            } else {
                let ouis: [[UInt8]] = [
                    [0xF0, 0x18, 0x98], [0x8C, 0xBE, 0xBE], [0xDC, 0xA6, 0x32], [0x3C, 0x22, 0xFB],
                    [0x50, 0x8F, 0x4C], [0xA4, 0x83, 0xE7], [0x28, 0x6C, 0x07], [0x00, 0x15, 0x61],
                ]
                let value = h(seed, index, .oui, UInt64(slot))
                mac =
                    ouis[Int(value % UInt64(ouis.count))]
                    + [
                        UInt8(truncatingIfNeeded: value >> 24),
                        UInt8(truncatingIfNeeded: value >> 32),
                        UInt8(truncatingIfNeeded: slot),
                    ]
            }

            let ssidRoll = h(seed, index, .interface, UInt64(slot)) % 100
            let ssidIndex = ssidRoll < 45 ? 0 : (ssidRoll < 55 ? 1 : 2)
            let radio = radios[ssids[ssidIndex].radio]
            let aid = nextAID[ssidIndex]
            nextAID[ssidIndex] += 1

            // Signal: a per-slot level, jittered per window, with per-chain values.
            let level = -LabRandom.pick(h(seed, index, .signal, UInt64(slot)), 30...90)
            let jitter = LabRandom.pick(
                h(seed, index, .jitter, UInt64(slot), UInt64(window)), -3...3)
            let signal = min(-30, max(-90, level + jitter))
            let average = min(-30, max(-90, level + jitter / 2 - 1))
            func chains(_ value: Int, _ salt: UInt64) -> [Int] {
                let spread = LabRandom.pick(h(seed, index, .jitter, UInt64(slot), salt), 2...9)
                var list = [value - 1, value - spread]
                if LabRandom.pick(salt &+ UInt64(slot), 0...1) == 1 { list.swapAt(0, 1) }
                if radio.chains == 4 { list += [-95, -95] }
                return list
            }

            // Idle stations stopped talking soon after associating and linger in the dump.
            let idle = h(seed, index, .idle, UInt64(slot), UInt64(bitPattern: start)) % 100 < 22
            let lastActivity = idle ? sessionStart + Int64(5 + session % 20) : now
            let inactive: Int64 =
                idle
                ? max(0, now - lastActivity) * 1000 + Int64(session % 1000)
                : Int64(h(seed, index, .inactive, UInt64(slot), UInt64(now)) % 3000)
            let activeSeconds = max(1, min(connected, lastActivity - sessionStart))

            let traffic = h(seed, index, .traffic, UInt64(slot), UInt64(bitPattern: start))
            let rxPerSecond = Int64(LabRandom.pick(traffic, 200...20_000))
            let txPerSecond = Int64(LabRandom.pick(traffic >> 20, 1_000...200_000))
            let rxBytes = rxPerSecond * activeSeconds + Int64(traffic % 5_000)
            let txBytes = txPerSecond * activeSeconds + Int64((traffic >> 8) % 9_000)
            let rxPacketSize = Int64(LabRandom.pick(traffic >> 40, 90...400))
            let txPacketSize = Int64(LabRandom.pick(traffic >> 48, 400...1_400))
            let txPackets = txBytes / txPacketSize + 1

            let rates = LabRate.table(is5GHz: radio.is5GHz, he: he)
            let rateHash = h(seed, index, .rate, UInt64(slot), UInt64(window))
            result.append(
                LabStation(
                    mac: mac, ssidIndex: ssidIndex, associationID: aid,
                    signal: signal, signalChains: chains(signal, 1),
                    signalAverage: average, signalAverageChains: chains(average, 2),
                    inactiveMilliseconds: inactive, connectedSeconds: connected,
                    rxBytes: rxBytes, txBytes: txBytes,
                    rxPackets: rxBytes / rxPacketSize + 1, txPackets: txPackets,
                    txRetries: txPackets / Int64(LabRandom.pick(traffic >> 12, 20...200)),
                    txFailed: Int64(traffic % 7),
                    rxRate: rates[Int(rateHash % UInt64(rates.count))],
                    txRate: rates[Int((rateHash >> 16) % UInt64(rates.count))],
                    is5GHz: radio.is5GHz))
        }
        return result
    }
}

/// A PHY rate as the drivers describe it.
struct LabRate {
    let kbps: Int
    /// `iw`'s words after the rate: `MCS 15 short GI`, `VHT-MCS 9 80MHz VHT-NSS 1`, …
    let iwDetail: String
    /// RouterOS's spelling: `144.4Mbps-20MHz/2S/SGI`.
    let routerOS: String
    let ht: Bool
    let vht: Bool
    let he: Bool

    var mbitText: String {
        String(kbps / 1000) + "." + String(kbps % 1000 / 100)
    }

    static func table(is5GHz: Bool, he: Bool) -> [LabRate] {
        if is5GHz {
            var rates = [
                LabRate(
                    kbps: 6_000, iwDetail: "", routerOS: "6Mbps", ht: false, vht: false,
                    he: false),
                LabRate(
                    kbps: 390_000, iwDetail: "VHT-MCS 9 80MHz VHT-NSS 1",
                    routerOS: "390Mbps-80MHz/1S", ht: true, vht: true, he: false),
                LabRate(
                    kbps: 866_700, iwDetail: "VHT-MCS 9 80MHz short GI VHT-NSS 2",
                    routerOS: "866.7Mbps-80MHz/2S/SGI", ht: true, vht: true, he: false),
                LabRate(
                    kbps: 585_000, iwDetail: "VHT-MCS 7 80MHz VHT-NSS 2",
                    routerOS: "585Mbps-80MHz/2S", ht: true, vht: true, he: false),
            ]
            if he {
                rates.append(
                    LabRate(
                        kbps: 1_200_900,
                        iwDetail: "80MHz HE-MCS 11 HE-NSS 2 HE-GI 0 HE-DCM 0",
                        routerOS: "1200.9Mbps-80MHz/2S", ht: true, vht: true,
                        he: true))
            }
            return rates
        }
        var rates = [
            LabRate(kbps: 1_000, iwDetail: "", routerOS: "1Mbps", ht: false, vht: false, he: false),
            LabRate(
                kbps: 72_200, iwDetail: "MCS 7 short GI", routerOS: "72.2Mbps-20MHz/1S/SGI",
                ht: true, vht: false, he: false),
            LabRate(
                kbps: 144_400, iwDetail: "MCS 15 short GI",
                routerOS: "144.4Mbps-20MHz/2S/SGI", ht: true, vht: false, he: false),
            LabRate(
                kbps: 65_000, iwDetail: "MCS 7", routerOS: "65Mbps-20MHz/1S", ht: true,
                vht: false, he: false),
        ]
        if he {
            rates.append(
                LabRate(
                    kbps: 286_800,
                    iwDetail: "HE-MCS 11 HE-NSS 2 HE-GI 0 HE-DCM 0",
                    routerOS: "286.8Mbps-20MHz/2S", ht: true, vht: false, he: true))
        }
        return rates
    }
}
