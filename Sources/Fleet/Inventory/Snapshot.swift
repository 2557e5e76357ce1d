import Foundation
import Privacy

/// What one access point answered in one inventory run, ready to store: no raw MAC, no key.
public struct Snapshot: Sendable {
    /// `ok`, `degraded`, or the failure: `unreachable`, `auth-failed`, `hostkey-mismatch`,
    /// `timeout`, `parse-error`, `protocol-error`.
    public var result: String
    public var reason: String?
    public var durationMilliseconds: Int
    public var system = SystemFacts()
    public var radios: [RadioFacts] = []
    /// Stations heard within the inactive-time threshold.
    public var clients: Int?
    /// All stations listed, however long inactive.
    public var stations: Int?
    /// Clients by signal bucket, strongest first (see `SignalBuckets`).
    public var signalHistogram: [String: Int] = [:]
    public var counters: [InterfaceCounters] = []
    public var warnings: [String] = []
    /// Pseudonymised stations (the day's key); the MACs themselves are gone.
    public var stationPseudonyms: [StationSighting] = []

    public init(result: String, reason: String? = nil, durationMilliseconds: Int) {
        self.result = result
        self.reason = reason
        self.durationMilliseconds = durationMilliseconds
    }

    public var answered: Bool { result == "ok" || result == "degraded" }
}

/// One station seen in a snapshot, by pseudonym.
public struct StationSighting: Sendable, Equatable {
    public let pseudonym: Pseudonym
    public let locallyAdministered: Bool
    public let signalDBm: Int?
    public let inactiveMilliseconds: UInt64?
}

/// Signal strength buckets for the client distribution, in dBm.
public enum SignalBuckets {
    public static let names = [">=-50", "-51..-60", "-61..-70", "-71..-80", "<=-81", "unknown"]

    public static func bucket(_ dBm: Int?) -> String {
        guard let dBm else { return "unknown" }
        switch dBm {
        case (-50)...: return ">=-50"
        case (-60)...(-51): return "-51..-60"
        case (-70)...(-61): return "-61..-70"
        case (-80)...(-71): return "-71..-80"
        default: return "<=-81"
        }
    }
}

extension Snapshot {
    /// Builds a snapshot from what a driver collected: counts clients under the inactive-time
    /// rule, pseudonymises station MACs under the day's key, and keeps no secret.
    static func assemble(
        _ collection: Collection, durationMilliseconds: Int, inactiveThreshold: Duration,
        pseudonymizer: inout Pseudonymizer
    ) -> Snapshot {
        // Most telling first: a cut output explains the parse failures that follow from it.
        var warnings = collection.truncatedCommands.map {
            "output over \(commandOutputCap) bytes cut: \($0)"
        }
        warnings += collection.failedCommands.map { "command failed: \($0)" }
        warnings += collection.warnings.map(\.description)

        // Nothing usable at all is a parse error; some of it is a degraded answer. The firmware
        // name a driver fills in by default does not count as something read.
        var read = collection.system
        read.firmware = nil
        let nothing = read == SystemFacts() && collection.radios.isEmpty
            && collection.stations.isEmpty && collection.counters.isEmpty
        var snapshot = Snapshot(
            result: nothing ? "parse-error" : (warnings.isEmpty ? "ok" : "degraded"),
            reason: nothing ? (warnings.first ?? "no output could be read") : warnings.first,
            durationMilliseconds: durationMilliseconds)
        snapshot.system = collection.system
        snapshot.radios = collection.radios
        snapshot.counters = collection.counters
        snapshot.warnings = warnings

        let limit = UInt64(inactiveThreshold.components.seconds) * 1000
        var clients = 0
        var histogram: [String: Int] = [:]
        var seen = Set<Pseudonym>()
        for station in collection.stations {
            // A station whose inactive time is unknown was listed as associated: it counts.
            let active = station.inactiveMilliseconds.map { $0 < limit } ?? true
            if active {
                clients += 1
                histogram[SignalBuckets.bucket(station.signalDBm), default: 0] += 1
            }
            if let mac = station.mac {
                let pseudonym = pseudonymizer.pseudonym(ofMAC: mac.bytes)
                if seen.insert(pseudonym).inserted {
                    snapshot.stationPseudonyms.append(
                        StationSighting(
                            pseudonym: pseudonym, locallyAdministered: mac.isLocallyAdministered,
                            signalDBm: station.signalDBm,
                            inactiveMilliseconds: station.inactiveMilliseconds))
                }
            }
        }
        snapshot.clients = clients
        snapshot.stations = collection.stations.count
        snapshot.signalHistogram = histogram
        return snapshot
    }
}
