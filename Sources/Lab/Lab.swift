// Lab: simulated access points for the demo, the tests and the benchmark.
//
// Each access point is a real OpenSSH `sshd` on 127.0.0.1 with its own port and host key.
// Its `authorized_keys` forces every session into `ketnoi-lab-answer`, a small client that
// asks the lab's answer server (`ketnoi lab serve`, one per lab) what that firmware would
// print (OpenWrt 23.05, RouterOS, UniFi) for the command the controller asked for; without
// that client beside `ketnoi`, into `ketnoi lab answer`, which computes it in-process. All
// state lives in one directory; see `Lab.up(_:)`.

import Foundation

// MARK: - Configuration

/// The firmware family a simulated access point answers as.
public enum LabFirmware: String, Sendable, CaseIterable, Codable {
    case openwrt, routeros, unifi
    /// OpenWrt, RouterOS and UniFi in turn, OpenWrt on two APs in three.
    case mixed

    /// The firmware of the access point at `index` (0-based) in a lab of this family.
    public func firmware(at index: Int) -> LabFirmware {
        guard self == .mixed else { return self }
        let cycle: [LabFirmware] = [.openwrt, .routeros, .unifi, .openwrt, .openwrt, .openwrt]
        return cycle[index % cycle.count]
    }

    /// The wireless interface named in the access-points CSV.
    public var defaultInterface: String {
        switch self {
        case .openwrt, .mixed: return "phy0-ap0"
        case .routeros: return "wlan1"
        case .unifi: return "ath0"
        }
    }
}

/// A misbehaviour switched on for one simulated access point.
public enum LabFault: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Answers normally.
    case none
    /// Accepts TCP and never says a word (a tarpit replaces the AP's `sshd`).
    case hang
    /// Answers every command after `seconds`.
    case slow(seconds: Int)
    /// Answers with 2 MiB or more of plausible output.
    case huge
    /// Answers with random bytes, NULs and invalid UTF-8 included, and exit status 0.
    case garbage
    /// Presents a new host key (the `sshd` restarts with it).
    case hostKeyChanged
    /// Accepts only a key the controller does not hold.
    case wrongKey

    /// Parses the CLI spelling: `none`, `hang`, `slow` (5 s) or `slow:N`, `huge`, `garbage`,
    /// `hostkey`, `wrong-key`.
    public init?(name: String) {
        switch name {
        case "none": self = .none
        case "hang": self = .hang
        case "slow": self = .slow(seconds: 5)
        case "huge": self = .huge
        case "garbage": self = .garbage
        case "hostkey": self = .hostKeyChanged
        case "wrong-key": self = .wrongKey
        default:
            guard name.hasPrefix("slow:"), let seconds = Int(name.dropFirst(5)),
                (0...3600).contains(seconds)
            else { return nil }
            self = .slow(seconds: seconds)
        }
    }

    /// The CLI spelling, the inverse of `init(name:)`.
    public var description: String {
        switch self {
        case .none: return "none"
        case .hang: return "hang"
        case .slow(let seconds): return "slow:\(seconds)"
        case .huge: return "huge"
        case .garbage: return "garbage"
        case .hostKeyChanged: return "hostkey"
        case .wrongKey: return "wrong-key"
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let fault = LabFault(name: name) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "unknown lab fault \"\(name)\"")
        }
        self = fault
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// What `Lab.up(_:)` builds.
public struct LabOptions: Sendable {
    /// How many access points.
    public var count: Int = 5
    /// Their firmware family; `.mixed` alternates.
    public var firmware: LabFirmware = .openwrt
    /// The lab directory; every file of the lab lives in it.
    public var directory: String
    /// Seeds the stations, uptimes and models the access points report.
    public var seed: UInt64 = 1
    /// The `ketnoi` binary, run as the answer server (`EXE lab serve --dir DIR`) and as the
    /// tarpit (`EXE lab tarpit --port P`). The forced command is `ketnoi-lab-answer --dir
    /// DIR --ap NAME` from the same folder, or `EXE lab answer --dir DIR --ap NAME` when
    /// that folder has no `ketnoi-lab-answer`. Must be an absolute path.
    public var executable: String
    /// Hotspot codes assigned round-robin in the access-points CSV (empty: column empty).
    public var hotspots: [String] = []
    /// The login user written to the CSV and allowed by every `sshd` (the current user).
    public var user: String
    /// When set, every answer is given as at this instant (uptimes, stations, captures), so
    /// two runs of the lab answer alike; nil follows the real clock.
    public var clock: Date?
    /// The name of the open 2.4 GHz SSID (default `CanTho-WiFi-Free`).
    public var openSSID: String?

    /// Options with the defaults above: 5 OpenWrt access points, seed 1, no hotspots.
    public init(directory: String, executable: String, user: String) {
        self.directory = directory
        self.executable = executable
        self.user = user
    }
}

// MARK: - State

/// One simulated access point as recorded in `lab.json`.
public struct LabAP: Sendable, Codable, Equatable {
    /// `lab-ap-001` and so on.
    public let name: String
    /// Never `.mixed`.
    public let firmware: LabFirmware
    /// The TCP port on 127.0.0.1.
    public let port: Int
    /// `SHA256:…` as `ssh-keygen -lf` prints it.
    public var hostKeyFingerprint: String
    /// The `sshd` listener, or the tarpit while the fault is `.hang`.
    public var pid: Int32
    /// The misbehaviour switched on, `.none` normally.
    public var fault: LabFault

    /// An access point record as `up` and `setFault` write it.
    public init(
        name: String, firmware: LabFirmware, port: Int, hostKeyFingerprint: String,
        pid: Int32, fault: LabFault
    ) {
        self.name = name
        self.firmware = firmware
        self.port = port
        self.hostKeyFingerprint = hostKeyFingerprint
        self.pid = pid
        self.fault = fault
    }
}

/// The contents of `DIR/lab.json`.
public struct LabState: Sendable, Codable {
    /// Absolute path of the lab directory.
    public let directory: String
    /// When the lab came up (whole seconds); uptimes count from here.
    public let started: Date
    public let seed: UInt64
    public var aps: [LabAP]
    /// `DIR/client_ed25519`, the one key every access point accepts.
    public let clientKeyPath: String
    /// `DIR/access-points.csv`, ready for `ketnoi aps import`.
    public let accessPointsCSV: String
    /// The binary the forced commands and tarpits run; `setFault` needs it again.
    public let executable: String
    /// The answer server (`ketnoi lab serve`) on `DIR/answer.sock`; nil when none runs.
    public var answerServerPID: Int32?
    /// The pinned clock every answer uses; nil for the real clock.
    public let clock: Date?
    /// The open 2.4 GHz SSID's name; nil for `CanTho-WiFi-Free`.
    public let openSSID: String?

    /// A lab state; tests build one in memory to call `Lab.answer(state:…)`.
    public init(
        directory: String, started: Date, seed: UInt64, aps: [LabAP],
        clientKeyPath: String, accessPointsCSV: String, executable: String = "",
        answerServerPID: Int32? = nil, clock: Date? = nil, openSSID: String? = nil
    ) {
        self.clock = clock
        self.openSSID = openSSID
        self.directory = directory
        self.started = started
        self.seed = seed
        self.aps = aps
        self.clientKeyPath = clientKeyPath
        self.accessPointsCSV = accessPointsCSV
        self.executable = executable
        self.answerServerPID = answerServerPID
    }
}

// MARK: - Answers and errors

/// What the forced command prints for one command.
public struct LabAnswer: Sendable {
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    public var exitStatus: Int32
    /// How long to wait before printing (the `slow` fault).
    public var delaySeconds: Double

    /// An answer; by default empty, exit status 0, no delay.
    public init(
        stdout: [UInt8] = [], stderr: [UInt8] = [], exitStatus: Int32 = 0,
        delaySeconds: Double = 0
    ) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitStatus = exitStatus
        self.delaySeconds = delaySeconds
    }

    /// Waits `delaySeconds`, writes both streams to file descriptors 1 and 2 and returns
    /// the exit status for the caller to exit with.
    public func deliver() -> Int32 {
        if delaySeconds > 0 {
            Thread.sleep(forTimeInterval: delaySeconds)
        }
        Syscalls.writeAll(1, stdout)
        Syscalls.writeAll(2, stderr)
        return exitStatus
    }
}

/// A lab operation that failed, as one plain sentence.
public struct LabError: Error, Sendable, CustomStringConvertible {
    public let message: String

    /// An error reading `message`.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

// MARK: - Entry points

/// Starts, inspects, breaks and stops labs of simulated access points.
public enum Lab {
    /// Where OpenSSH's server lives on Debian.
    public static let sshdPath = "/usr/sbin/sshd"
    /// Where `ssh-keygen` lives on Debian.
    public static let sshKeygenPath = "/usr/bin/ssh-keygen"

    /// The name of the access point at `index` (0-based): `lab-ap-001`, …
    public static func apName(index: Int) -> String {
        let number = String(index + 1)
        return "lab-ap-" + String(repeating: "0", count: max(0, 3 - number.count)) + number
    }
}
