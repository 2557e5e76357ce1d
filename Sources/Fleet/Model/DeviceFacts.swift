// What an access point says about itself, as parsed from its command outputs. Every field is
// optional: firmware differs, and outputs are cut off or garbled. These values live in memory;
// station MAC addresses are pseudonymised before anything is stored (see Snapshot).

/// An SSID as the bytes the AP gave; not always valid UTF-8.
public struct SSID: Sendable, Hashable, Codable {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String) { self.bytes = Array(text.utf8) }

    /// Printable text: valid UTF-8 as is, with control characters, backslash and invalid bytes
    /// written as `\xNN`.
    public var display: String {
        var text = ""
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\\") {
                text += byte == UInt8(ascii: "\\") ? "\\\\" : hex(byte)
                index += 1
                continue
            }
            if byte < 0x80 {
                text.unicodeScalars.append(Unicode.Scalar(byte))
                index += 1
                continue
            }
            // Decode one UTF-8 sequence; anything invalid is shown byte by byte.
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0
            if length > 0, index + length <= bytes.count,
                let scalar = String(validating: bytes[index..<index + length], as: UTF8.self),
                scalar.unicodeScalars.count == 1
            {
                text += scalar
                index += length
            } else {
                text += hex(byte)
                index += 1
            }
        }
        return text
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}

/// A 48-bit MAC address. Held in memory only; never stored, logged or printed for a station.
public struct MACAddress: Sendable, Hashable {
    public let bytes: [UInt8]

    /// Parses `aa:bb:cc:dd:ee:ff` (or with `-`), case-insensitive; nil for anything else,
    /// including redacted forms such as `xx:xx:xx:xx:xx:xx`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(omittingEmptySubsequences: false) { $0 == ":" || $0 == "-" }
        guard parts.count == 6 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard part.count == 2, let byte = UInt8(part, radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.bytes = bytes
    }

    public init?(bytes: [UInt8]) {
        guard bytes.count == 6 else { return nil }
        self.bytes = bytes
    }

    /// Locally administered (randomised by the device): bit 1 of the first octet.
    public var isLocallyAdministered: Bool { bytes[0] & 0x02 != 0 }
}

/// Facts about the device and its system.
public struct SystemFacts: Sendable, Equatable, Codable {
    public var hostname: String?
    public var model: String?
    public var boardName: String?
    /// The firmware family as the device names it, e.g. `OpenWrt`, `RouterOS`, `UniFi`.
    public var firmware: String?
    public var firmwareVersion: String?
    public var firmwareRevision: String?
    public var kernel: String?
    public var architecture: String?
    public var uptimeSeconds: Int?
    public var load1: Double?
    public var load5: Double?
    public var load15: Double?
    public var memoryTotalBytes: Int?
    public var memoryFreeBytes: Int?
    public var memoryAvailableBytes: Int?
    /// CPU load in percent, where the device reports one (RouterOS `cpu-load`).
    public var cpuLoadPercent: Int?

    public init() {}
}

/// A Wi-Fi network served (or joined) by an interface.
public struct NetworkFacts: Sendable, Equatable, Codable {
    /// The interface, e.g. `phy0-ap0`, `wlan1`, `wlan1-1`.
    public var interface: String?
    public var ssid: SSID?
    /// `ap`, `sta`, `mesh`, `monitor` …
    public var mode: String?
    /// Encryption as named by the device (`psk2`, `sae`, `none`); never the key.
    public var encryption: String?
    /// The interface's own MAC (BSSID); the AP's own address, not a client's.
    public var bssid: String?
    /// Signal of the link (a station's uplink, or the last peer heard in AP mode), in dBm.
    public var signalDBm: Int?
    /// Noise floor in dBm, when the driver reports one.
    public var noiseDBm: Int?

    public init() {}
}

/// A radio (a PHY) and its networks.
public struct RadioFacts: Sendable, Equatable, Codable {
    public var name: String?
    /// `2.4`, `5` or `6` (GHz).
    public var band: String?
    public var channel: Int?
    public var frequencyMHz: Int?
    public var widthMHz: Int?
    public var txPowerDBm: Int?
    public var country: String?
    public var hardware: String?
    /// The driver interface, e.g. `nl80211` or `wext` (iwinfo `Type`).
    public var driver: String?
    public var networks: [NetworkFacts] = []

    public init() {}
}

/// One associated station, as read from a station list.
public struct StationFacts: Sendable, Equatable {
    /// Nil when the output redacted or garbled it; the station still counts.
    public var mac: MACAddress?
    public var interface: String?
    /// Milliseconds since the station was last heard, as reported (wrapped values are fixed by
    /// the parser when it can tell, see `inactiveWrapped`).
    public var inactiveMilliseconds: UInt64?
    /// True when the reported inactive time was taken as wrapped at 2^32 ms.
    public var inactiveWrapped = false
    public var signalDBm: Int?
    /// Per-chain signals, when given.
    public var chainSignalsDBm: [Int] = []
    /// Average signal (iw `signal avg`), when given.
    public var signalAverageDBm: Int?
    public var rxBytes: UInt64?
    public var txBytes: UInt64?
    public var connectedSeconds: Int?

    public init() {}
}

/// Counters of one network interface (`/proc/net/dev` and friends).
public struct InterfaceCounters: Sendable, Equatable, Codable {
    public var name: String
    public var rxBytes: UInt64
    public var rxPackets: UInt64
    public var rxErrors: UInt64
    public var txBytes: UInt64
    public var txPackets: UInt64
    public var txErrors: UInt64

    public init(name: String, rxBytes: UInt64, rxPackets: UInt64, rxErrors: UInt64,
                txBytes: UInt64, txPackets: UInt64, txErrors: UInt64) {
        self.name = name
        self.rxBytes = rxBytes
        self.rxPackets = rxPackets
        self.rxErrors = rxErrors
        self.txBytes = txBytes
        self.txPackets = txPackets
        self.txErrors = txErrors
    }
}

/// A field that was missing, wrong or garbled in an output: named, never fatal for the run.
public struct ParseWarning: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The parser, e.g. `ubus-system-board`.
    public var kind: String
    /// The field or line, e.g. `release.version` or `line 7`.
    public var field: String
    public var reason: String

    public init(kind: String, field: String, reason: String) {
        self.kind = kind
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(kind): \(field): \(reason)" }
}

/// An output nothing could be read from (not JSON where JSON was expected, empty, an error
/// message instead of data).
public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var kind: String
    public var reason: String

    public init(kind: String, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { "\(kind): \(reason)" }
}

/// A parsed value with the warnings met on the way.
public struct Parsed<Value: Sendable>: Sendable {
    public var value: Value
    public var warnings: [ParseWarning]

    public init(_ value: Value, warnings: [ParseWarning] = []) {
        self.value = value
        self.warnings = warnings
    }
}
