import Foundation
import Privacy
import Storage

/// How an inventory run goes.
public struct InventoryOptions: Sendable {
    /// Access points to visit by name; empty means every enabled one.
    public var names: [String] = []
    /// Sessions at once (each on its own worker thread).
    public var concurrency = 32
    public var timeouts = SSHTimeouts()
    /// A station heard within this long counts as a client.
    public var inactiveThreshold: Duration = .seconds(300)
    /// An AP is called `unreachable` or `timeout` only after this many failures in a row.
    public var failuresBeforeDown = 2

    public init() {}
}

/// The outcome for one access point in a run.
public struct InventoryOutcome: Sendable {
    public let accessPoint: AccessPoint
    public let snapshot: Snapshot
    /// The health state after this run (damped: see `InventoryOptions.failuresBeforeDown`).
    public let state: String
    public let stateReason: String?
    public let changes: [Change]
    /// The host key the AP presented, when it got that far.
    public let presentedKey: HostKey?
}

/// One recorded difference between an AP's snapshots, or an operator action such as a re-pin.
public struct Change: Sendable, Equatable {
    public let field: String
    public let before: String?
    public let after: String?

    public init(field: String, before: String?, after: String?) {
        self.field = field
        self.before = before
        self.after = after
    }
}

/// The result of a run.
public struct InventoryRun: Sendable {
    public let id: Int64
    public let startedAt: Date
    public let finishedAt: Date
    public let outcomes: [InventoryOutcome]

    public var answered: Int { outcomes.filter { $0.snapshot.answered }.count }
}

public struct InventoryError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Sweeps the fleet over SSH: one session per AP on a bounded pool of worker threads, then
/// stores snapshots, health, host-key pins and the change log on the calling thread.
public struct InventoryRunner {
    let db: Database
    let keys: PseudonymKeyStore
    let now: @Sendable () -> Date

    public init(
        _ db: Database, keys: PseudonymKeyStore, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.db = db
        self.keys = keys
        self.now = now
    }

    /// What a worker brings back from one AP: facts in memory (MACs included, until they are
    /// pseudonymised on the calling thread), or the failure.
    struct Visit: Sendable {
        let name: String
        /// The key pinned before the run, if any.
        let pinned: HostKey?
        var presentedKey: HostKey?
        var collection: Collection?
        var failure: SSHFailure?
        var credentialError: String?
        var durationMilliseconds = 0
    }

    public func run(
        _ options: InventoryOptions, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> InventoryRun {
        let store = AccessPointStore(db)
        var accessPoints = try store.all()
        if options.names.isEmpty {
            accessPoints = accessPoints.filter(\.enabled)
        } else {
            let known = Set(accessPoints.map(\.name))
            if let unknown = options.names.first(where: { !known.contains($0) }) {
                throw InventoryError(message: "no access point named '\(unknown)'")
            }
            let wanted = Set(options.names)
            accessPoints = accessPoints.filter { wanted.contains($0.name) }
        }
        let pins = try Dictionary(
            uniqueKeysWithValues: accessPoints.map { ($0.name, try store.pinnedKey(name: $0.name)) }
        )

        let started = now()
        // The day's key first: a run that cannot pseudonymise must not start.
        var pseudonymizer = Pseudonymizer(key: try keys.key(for: started))
        try db.execute(
            "INSERT INTO inventory_runs (started_at, access_points, concurrency) VALUES (?, ?, ?)",
            [started, accessPoints.count, options.concurrency])
        let runID = db.lastInsertRowID

        // The network part: no database, no shared state but the counter for progress.
        let pool = SSHWorkerPool(concurrency: max(1, min(options.concurrency, 256)))
        defer { pool.shutdown() }
        let total = accessPoints.count
        let done = Counter()
        let timeouts = options.timeouts
        let visits = pool.map(accessPoints.map { ($0, pins[$0.name] ?? nil) }) { ap, pinned in
            let visit = Self.visit(ap, pinned: pinned, timeouts: timeouts)
            progress?(done.increment(), total)
            return visit
        }

        // Storing: pseudonyms under the day's key, snapshots, pins, health, changes.
        let finished = now()
        if PseudonymKeyStore.day(of: finished) != pseudonymizer.key.day {
            pseudonymizer = Pseudonymizer(key: try keys.key(for: finished))
        }
        var outcomes: [InventoryOutcome] = []
        try db.transaction {
            for (ap, visit) in zip(accessPoints, visits) {
                outcomes.append(try record(
                    visit, for: ap, runID: runID, at: finished, options: options,
                    pseudonymizer: &pseudonymizer))
            }
            try db.execute(
                "UPDATE inventory_runs SET finished_at = ?, answered = ? WHERE id = ?",
                [finished, outcomes.filter { $0.snapshot.answered }.count, runID])
        }
        return InventoryRun(id: runID, startedAt: started, finishedAt: finished, outcomes: outcomes)
    }

    /// One AP's session: connect, check the host key, authenticate, run the driver, close.
    static func visit(_ ap: AccessPoint, pinned: HostKey?, timeouts: SSHTimeouts) -> Visit {
        let clock = ContinuousClock()
        let start = clock.now
        var visit = Visit(name: ap.name, pinned: pinned)
        func finish() -> Visit {
            let elapsed = clock.now - start
            visit.durationMilliseconds = Int(elapsed.components.seconds * 1000
                + elapsed.components.attoseconds / 1_000_000_000_000_000)
            return visit
        }
        let credentials: [Credential]
        do {
            credentials =
                ap.credential.isEmpty
                ? Credential.defaults() : try Credential.parseList(ap.credential)
        } catch {
            visit.credentialError = error.description
            return finish()
        }
        let session = SSHSession(host: ap.address, port: ap.port, user: ap.user, timeouts: timeouts)
        defer { session.close() }
        do {
            let key = try session.connect()
            visit.presentedKey = key
            try session.verify(presented: key, pinned: pinned)
            _ = try session.authenticate(credentials)
            visit.collection = try driver(for: ap.firmware).collect(session)
        } catch {
            visit.failure = error
        }
        return finish()
    }

    private func record(
        _ visit: Visit, for ap: AccessPoint, runID: Int64, at time: Date, options: InventoryOptions,
        pseudonymizer: inout Pseudonymizer
    ) throws -> InventoryOutcome {
        guard let apID = try AccessPointStore(db).id(of: ap.name) else {
            throw InventoryError(message: "access point '\(ap.name)' was removed during the run")
        }
        var snapshot: Snapshot
        if let collection = visit.collection {
            snapshot = Snapshot.assemble(
                collection, durationMilliseconds: visit.durationMilliseconds,
                inactiveThreshold: options.inactiveThreshold, pseudonymizer: &pseudonymizer)
        } else if let failure = visit.failure {
            snapshot = Snapshot(
                result: failure.state, reason: failure.description,
                durationMilliseconds: visit.durationMilliseconds)
        } else {
            snapshot = Snapshot(
                result: "auth-failed",
                reason: "credential: \(visit.credentialError ?? "none usable")",
                durationMilliseconds: visit.durationMilliseconds)
        }

        var changes: [Change] = []
        // Trust on first use: the first key an AP presents is pinned; later ones must match.
        if let key = visit.presentedKey, visit.pinned == nil {
            try AccessPointStore(db).pin(key, apID: apID, now: time)
            changes.append(Change(field: "hostkey pinned", before: nil, after: key.fingerprint))
        }

        let previous = try previousSnapshot(apID: apID)
        if snapshot.answered, let previous {
            changes += Self.differences(from: previous, to: snapshot)
        }
        let counters = Self.counterDeltas(
            snapshot.counters, previous: previous?.counters ?? [],
            rebooted: changes.contains { $0.field == "reboot" })

        try db.execute("""
            INSERT INTO snapshots (run_id, ap_id, taken_at, result, reason, duration_ms, hostname,
                model, board, firmware, firmware_version, kernel, uptime_seconds, load1,
                memory_total_bytes, memory_free_bytes, clients, stations, signal_histogram,
                radios, counters, warnings)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
                runID, apID, time, snapshot.result, snapshot.reason, snapshot.durationMilliseconds,
                snapshot.system.hostname, snapshot.system.model, snapshot.system.boardName,
                snapshot.system.firmware, snapshot.system.firmwareVersion, snapshot.system.kernel,
                snapshot.system.uptimeSeconds, snapshot.system.load1,
                snapshot.system.memoryTotalBytes, snapshot.system.memoryFreeBytes,
                snapshot.clients, snapshot.stations,
                snapshot.answered ? Self.json(snapshot.signalHistogram) : nil,
                snapshot.answered ? Self.json(snapshot.radios) : nil,
                snapshot.answered ? Self.json(counters) : nil,
                snapshot.warnings.isEmpty ? nil : Self.json(snapshot.warnings),
            ])
        let snapshotID = db.lastInsertRowID
        let insertStation = try db.prepare("""
            INSERT INTO snapshot_stations (snapshot_id, pseudonym, locally_administered,
                signal_dbm, inactive_ms) VALUES (?, ?, ?, ?, ?)
            """)
        for station in snapshot.stationPseudonyms {
            try insertStation.execute([
                snapshotID, station.pseudonym.description, station.locallyAdministered,
                station.signalDBm, station.inactiveMilliseconds.map { Int64(clamping: $0) },
            ])
        }

        let (state, reason) = try updateHealth(
            apID: apID, snapshot: snapshot, runID: runID, at: time,
            failuresBeforeDown: options.failuresBeforeDown)
        for change in changes {
            try db.execute("""
                INSERT INTO ap_changes (ap_id, changed_at, run_id, field, before, after)
                VALUES (?, ?, ?, ?, ?, ?)
                """, [apID, time, runID, change.field, change.before, change.after])
        }
        return InventoryOutcome(
            accessPoint: ap, snapshot: snapshot, state: state, stateReason: reason,
            changes: changes, presentedKey: visit.presentedKey)
    }

    // MARK: - Health

    /// Failures that say the AP may be down; one alone does not change its state.
    static let dampedResults: Set<String> = ["unreachable", "timeout"]

    private func updateHealth(
        apID: Int64, snapshot: Snapshot, runID: Int64, at time: Date, failuresBeforeDown: Int
    ) throws -> (String, String?) {
        let previous = try db.queryFirst(
            "SELECT state, since, consecutive_failures FROM ap_health WHERE ap_id = ?", [apID])
        let previousState: String? = try previous?.get("state")
        let failures =
            snapshot.answered
            ? 0 : ((try previous?.get("consecutive_failures", as: Int.self)) ?? 0) + 1

        var state = snapshot.result
        var reason = snapshot.reason
        if !snapshot.answered, Self.dampedResults.contains(snapshot.result),
            failures < failuresBeforeDown, let previousState,
            previousState == "ok" || previousState == "degraded"
        {
            state = previousState
            reason = "\(failures) of \(failuresBeforeDown) failures before \(snapshot.result): "
                + (snapshot.reason ?? "")
        }
        let since: Date =
            state == previousState ? ((try previous?.get("since", as: Date.self)) ?? time) : time
        try db.execute(
            """
            INSERT INTO ap_health (ap_id, state, reason, since, consecutive_failures, last_result,
                last_run_id, last_ok_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (ap_id) DO UPDATE SET state = excluded.state, reason = excluded.reason,
                since = excluded.since, consecutive_failures = excluded.consecutive_failures,
                last_result = excluded.last_result, last_run_id = excluded.last_run_id,
                last_ok_at = coalesce(excluded.last_ok_at, ap_health.last_ok_at)
            """, [apID, state, reason, since, failures, snapshot.result, runID,
                  snapshot.answered ? time : nil])
        return (state, reason)
    }

    // MARK: - Change log

    /// The facts of the AP's last answered snapshot, for comparison.
    struct PreviousFacts {
        let hostname: String?
        let model: String?
        let firmwareVersion: String?
        let uptimeSeconds: Int?
        let radios: [RadioFacts]
        let counters: [CounterReading]
    }

    private func previousSnapshot(apID: Int64) throws -> PreviousFacts? {
        guard let row = try db.queryFirst("""
            SELECT hostname, model, firmware_version, uptime_seconds, radios, counters
            FROM snapshots WHERE ap_id = ? AND result IN ('ok', 'degraded')
            ORDER BY id DESC LIMIT 1
            """, [apID]) else { return nil }
        let radiosText: String? = try row.get("radios")
        let countersText: String? = try row.get("counters")
        return PreviousFacts(
            hostname: try row.get("hostname"), model: try row.get("model"),
            firmwareVersion: try row.get("firmware_version"),
            uptimeSeconds: try row.get("uptime_seconds"),
            radios: radiosText.flatMap {
                try? JSONDecoder().decode([RadioFacts].self, from: Data($0.utf8))
            } ?? [],
            counters: countersText.flatMap {
                try? JSONDecoder().decode([CounterReading].self, from: Data($0.utf8))
            } ?? [])
    }

    static func differences(from previous: PreviousFacts, to snapshot: Snapshot) -> [Change] {
        var changes: [Change] = []
        func compare(_ field: String, _ before: String?, _ after: String?) {
            if let after, before != after {
                changes.append(Change(field: field, before: before, after: after))
            }
        }
        compare("firmware", previous.firmwareVersion, snapshot.system.firmwareVersion)
        compare("model", previous.model, snapshot.system.model)
        compare("hostname", previous.hostname, snapshot.system.hostname)
        if let before = previous.uptimeSeconds, let after = snapshot.system.uptimeSeconds,
            after < before
        {
            changes.append(
                Change(field: "reboot", before: "uptime \(before) s", after: "uptime \(after) s"))
        }
        for radio in snapshot.radios {
            guard let name = radio.name, let old = previous.radios.first(where: { $0.name == name })
            else { continue }
            compare("channel \(name)", old.channel.map(String.init), radio.channel.map(String.init))
        }
        let oldSSIDs = Set(previous.radios.flatMap(\.networks).compactMap(\.ssid))
        let newSSIDs = Set(snapshot.radios.flatMap(\.networks).compactMap(\.ssid))
        for ssid in newSSIDs.subtracting(oldSSIDs).sorted(by: {
            $0.bytes.lexicographicallyPrecedes($1.bytes)
        }) {
            changes.append(Change(field: "new ssid", before: nil, after: ssid.display))
        }
        for ssid in oldSSIDs.subtracting(newSSIDs).sorted(by: {
            $0.bytes.lexicographicallyPrecedes($1.bytes)
        }) {
            changes.append(Change(field: "ssid gone", before: ssid.display, after: nil))
        }
        return changes
    }

    // MARK: - Counters

    /// An interface's counters in a snapshot, with the traffic since the previous one.
    struct CounterReading: Codable, Equatable {
        let name: String
        let rxBytes: UInt64
        let txBytes: UInt64
        let rxPackets: UInt64
        let txPackets: UInt64
        /// Bytes since the previous snapshot; nil for the first.
        var rxDelta: UInt64?
        var txDelta: UInt64?
        /// Why a counter went backwards: `reboot` or `wrap` (32-bit counters wrap at 2^32).
        var reset: String?
    }

    static func counterDeltas(
        _ counters: [InterfaceCounters], previous: [CounterReading], rebooted: Bool
    ) -> [CounterReading] {
        counters.map { counter in
            var reading = CounterReading(
                name: counter.name, rxBytes: counter.rxBytes, txBytes: counter.txBytes,
                rxPackets: counter.rxPackets, txPackets: counter.txPackets)
            guard let old = previous.first(where: { $0.name == counter.name }) else {
                return reading
            }
            func delta(_ now: UInt64, _ before: UInt64) -> (UInt64, String?) {
                if rebooted { return (now, "reboot") }
                if now >= before { return (now - before, nil) }
                if before < 1 << 32 { return (now + (1 << 32) - before, "wrap") }
                return (now, "reset")
            }
            let rx = delta(counter.rxBytes, old.rxBytes)
            let tx = delta(counter.txBytes, old.txBytes)
            reading.rxDelta = rx.0
            reading.txDelta = tx.0
            reading.reset = rx.1 ?? tx.1
            return reading
        }
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}

/// A thread-safe counter for progress.
final class Counter: @unchecked Sendable {
    // `lock` guards `value`.
    private let lock = NSLock()
    private var value = 0

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
