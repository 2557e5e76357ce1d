import Fleet
import Foundation

/// `ketnoi inventory` and `ketnoi status`: sweep the fleet, and read its health.
enum InventoryCommands {
    static let inventorySpec: CommandSpec = CommandSpec(
        name: "inventory",
        summary: "log into every access point over SSH and take a snapshot of each",
        discussion: """
            One SSH session per AP, at most --concurrency at once, each with its own deadline
            (connect 5 s, authentication 10 s, each command 30 s, --timeout S in all). Host keys
            are pinned on first contact; a changed key is refused (hostkey-mismatch) until
            'ketnoi aps repin'. The run is stored even when some APs fail; an AP is called
            unreachable or timeout only after 2 failed runs in a row.

            Exit 0 when every AP answered, 75 when some did not.
            """,
        options: [
            .value("concurrency", "N", "sessions at once (default 32)"),
            .value("timeout", "S", "overall deadline per AP in seconds (default 60)"),
            .value("inactive", "S", "a station heard within S seconds is a client (default 300)"),
        ],
        arguments: [
            ArgumentSpec(
                name: "AP…", help: "only these access points (default: every enabled one)",
                optional: true, variadic: true)
        ],
        printsData: true,
        run: { try runInventory($0) })

    static let statusSpec: CommandSpec = CommandSpec(
        name: "status",
        summary: "fleet health from the last inventory runs",
        arguments: [
            ArgumentSpec(
                name: "AP…", help: "only these access points", optional: true, variadic: true)
        ],
        printsData: true,
        run: { try runStatus($0) })

    struct OutcomeJSON: Encodable {
        let name: String
        let hotspot: String?
        let result: String
        let state: String
        let reason: String?
        let model: String?
        let firmware: String?
        let firmwareVersion: String?
        let hostname: String?
        let uptimeSeconds: Int?
        let clients: Int?
        let stations: Int?
        let signalHistogram: [String: Int]
        let warnings: [String]
        let changes: [AccessPointCommands.ChangeJSON]
        let durationMs: Int
        let hostKeyFingerprint: String?
    }

    struct RunJSON: Encodable {
        let run: Int64
        let startedAt: String
        let finishedAt: String
        let accessPoints: Int
        let answered: Int
        let outcomes: [OutcomeJSON]
    }

    static func runInventory(_ context: Context) throws {
        let invocation = context.invocation
        var options = InventoryOptions()
        options.names = invocation.arguments
        if let concurrency = try invocation.integer("concurrency", in: 1...256) {
            options.concurrency = concurrency
        }
        if let timeout = try invocation.integer("timeout", in: 1...3600) {
            options.timeouts.overall = .seconds(timeout)
            options.timeouts.command = min(options.timeouts.command, .seconds(timeout))
        }
        if let inactive = try invocation.integer("inactive", in: 1...86_400) {
            options.inactiveThreshold = .seconds(inactive)
        }
        let db = try context.openDatabase()
        let terminal = context.terminal
        // One inventory at a time per database: two at once would visit every AP twice and
        // count one outage as two failures in a row.
        let lock = try RunLock(path: context.databasePath + ".inventory.lock")
        defer { lock.release() }
        if try AccessPointStore(db).all().filter(\.enabled).isEmpty && options.names.isEmpty {
            terminal.warning(
                "no enabled access points to visit; import them with 'ketnoi aps import FILE'")
        }
        let showProgress = isatty(STDERR_FILENO) == 1 && terminal.level >= .warning
        let run: InventoryRun
        do {
            run = try InventoryRunner(
                db, keys: PseudonymKeyStore(databasePath: context.databasePath)
            ).run(options) { done, total in
                if showProgress {
                    FileHandle.standardError.write(
                        Data("\r\u{1B}[Kinventory: \(done)/\(total)".utf8))
                }
            }
        } catch let error as InventoryError {
            throw CommandFailure(.noInput, error.message)
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }

        for outcome in run.outcomes {
            let ap = outcome.accessPoint
            let level: LogLevel = outcome.snapshot.answered ? .info : .warning
            terminal.log(
                level,
                "ap=\(ap.name) result=\(outcome.snapshot.result) "
                    + "ms=\(outcome.snapshot.durationMilliseconds)"
                    + (outcome.snapshot.reason.map { " reason=\"\($0)\"" } ?? ""))
            for warning in outcome.snapshot.warnings.dropFirst() {
                terminal.debug("ap=\(ap.name) warning=\"\(warning)\"")
            }
            for change in outcome.changes {
                terminal.info(
                    "ap=\(ap.name) change=\"\(change.field)\" "
                        + "before=\"\(change.before ?? "")\" after=\"\(change.after ?? "")\""
                )
            }
        }

        if context.json {
            let payload = RunJSON(
                run: run.id, startedAt: LocalTime.iso(run.startedAt),
                finishedAt: LocalTime.iso(run.finishedAt),
                accessPoints: run.outcomes.count, answered: run.answered,
                outcomes: run.outcomes.map { outcome in
                    let s = outcome.snapshot
                    return OutcomeJSON(
                        name: outcome.accessPoint.name, hotspot: outcome.accessPoint.hotspotCode,
                        result: s.result, state: outcome.state, reason: s.reason,
                        model: s.system.model,
                        firmware: s.system.firmware, firmwareVersion: s.system.firmwareVersion,
                        hostname: s.system.hostname, uptimeSeconds: s.system.uptimeSeconds,
                        clients: s.clients, stations: s.stations,
                        signalHistogram: s.signalHistogram,
                        warnings: s.warnings,
                        changes: outcome.changes.map {
                            AccessPointCommands.ChangeJSON(
                                changedAt: LocalTime.iso(run.finishedAt), field: $0.field,
                                before: $0.before, after: $0.after)
                        },
                        durationMs: s.durationMilliseconds,
                        hostKeyFingerprint: outcome.presentedKey?.fingerprint)
                })
            terminal.out(try JSONOutput.render(JSONDocument("inventory", payload)))
        } else {
            var table = TextTable(
                ["ap", "hotspot", "result", "model", "firmware", "clients", "uptime", "reason"],
                rightAligned: [5, 6])
            for outcome in run.outcomes {
                let s = outcome.snapshot
                table.append([
                    outcome.accessPoint.name, outcome.accessPoint.hotspotCode ?? "–", s.result,
                    s.system.model ?? "",
                    [s.system.firmware, s.system.firmwareVersion].compactMap { $0 }.joined(
                        separator: " "),
                    s.clients.map(String.init) ?? "",
                    s.system.uptimeSeconds.map { Duration.seconds($0).compact } ?? "",
                    Self.short(s.reason),
                ])
            }
            terminal.out(table.render())
            let seconds = run.finishedAt.timeIntervalSince(run.startedAt)
            terminal.out(
                "run \(run.id): \(run.answered) of \(run.outcomes.count) access points answered in "
                    + String(format: "%.1f s", seconds) + "\n")
        }
        if run.answered < run.outcomes.count {
            throw CommandFailure(
                .temporaryFailure,
                "\(run.outcomes.count - run.answered) access point(s) gave no usable answer "
                    + "in this run (timed out, refused or unreadable); the run is stored, and "
                    + "'ketnoi status' shows each one's state (unreachable or timeout only after "
                    + "two failed runs in a row)"
            )
        }
    }

    /// A reason cut to fit a table cell.
    static func short(_ reason: String?) -> String {
        guard let reason else { return "" }
        return reason.count > 60 ? String(reason.prefix(59)) + "…" : reason
    }

    struct StatusJSON: Encodable {
        let name: String
        let hotspot: String?
        let enabled: Bool
        let state: String
        let reason: String?
        let since: String?
        let consecutiveFailures: Int
        let lastOkAt: String?
        let model: String?
        let firmware: String?
        let firmwareVersion: String?
        let clients: Int?
        let uptimeSeconds: Int?
    }

    static func runStatus(_ context: Context) throws {
        let db = try context.openDatabase(existing: true)
        let statuses = try FleetStatus(db).all(names: context.invocation.arguments)
        if let unknown = context.invocation.arguments.first(where: { name in
            !statuses.contains { $0.name == name }
        }) {
            throw CommandFailure(.noInput, "no access point named '\(unknown)'")
        }
        if context.json {
            let payload = statuses.map { s in
                StatusJSON(
                    name: s.name, hotspot: s.hotspotCode, enabled: s.enabled, state: s.state,
                    reason: s.reason,
                    since: s.since.map(LocalTime.iso), consecutiveFailures: s.consecutiveFailures,
                    lastOkAt: s.lastOKAt.map(LocalTime.iso), model: s.model, firmware: s.firmware,
                    firmwareVersion: s.firmwareVersion, clients: s.clients,
                    uptimeSeconds: s.uptimeSeconds)
            }
            context.terminal.out(try JSONOutput.render(JSONDocument("status", payload)))
            return
        }
        guard !statuses.isEmpty else {
            context.terminal.warning(
                "no access points yet; import them with 'ketnoi aps import FILE'")
            return
        }
        var table = TextTable(
            ["ap", "hotspot", "state", "since (local)", "clients", "firmware", "reason"],
            rightAligned: [4])
        for s in statuses {
            table.append([
                s.name, s.hotspotCode ?? "–", s.enabled ? s.state : "disabled",
                s.since.map(LocalTime.format) ?? "", s.clients.map(String.init) ?? "",
                [s.firmware, s.firmwareVersion].compactMap { $0 }.joined(separator: " "),
                short(s.reason),
            ])
        }
        context.terminal.out(table.render())
        let counts = Dictionary(grouping: statuses, by: \.state).mapValues(\.count)
        context.terminal.out(
            counts.keys.sorted().map { "\(counts[$0]!) \($0)" }.joined(separator: ", ") + "\n")
    }
}

/// An exclusive lock on a file beside the database (flock(2)), held for one command's run.
final class RunLock {
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CommandFailure(.cannotCreate, "cannot create the lock file \(path)")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw CommandFailure(
                .temporaryFailure,
                "another inventory is running on this database; "
                    + "try again when it has finished")
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
