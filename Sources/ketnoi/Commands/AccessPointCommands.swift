import Fleet
import Foundation
import Places

/// `ketnoi aps …`: the access points at the hotspots.
enum AccessPointCommands {
    static let spec: CommandSpec = CommandSpec(
        name: "aps",
        summary: "access points: inventory list, host keys, change log, output parser",
        subcommands: [
            importSpec, listSpec, showSpec, addSpec, removeSpec, repinSpec, historySpec, parseSpec,
        ])

    static let importSpec = CommandSpec(
        name: "import",
        summary: "import access points from CSV (or a JSON array); updates by name",
        discussion: """
            Columns: name, hotspot (a hotspot code), address, port (default 22), user (default
            root), firmware (openwrt, routeros, unifi), credential, interface (for usage
            capture), enabled (yes/no). hotspots/cantho/access-points.csv is an example.

            credential says where the secret is, never the secret: key:PATH, agent,
            password-env:VARIABLE or password-file:PATH, several separated by ';' and tried in
            order (mind dropbear's limit of 3 attempts). Empty: the agent, then ~/.ssh keys.
            """,
        options: ImportOptions.mode + ImportOptions.csv,
        arguments: [ArgumentSpec(name: "FILE", help: "a .csv or .json file")],
        printsData: true,
        run: { try runImport($0) })

    static let listSpec = CommandSpec(
        name: "list",
        summary: "list access points with their health",
        options: [.value("hotspot", "CODE", "only access points of this hotspot")],
        printsData: true,
        run: { try runList($0) })

    static let showSpec = CommandSpec(
        name: "show",
        summary: "show one access point: address, pinned host key, health, last snapshot",
        arguments: [ArgumentSpec(name: "AP", help: "the access point's name")],
        printsData: true,
        run: { try runShow($0) })

    static let addSpec = CommandSpec(
        name: "add",
        summary: "add an access point (or update the one with this name)",
        options: [
            .value("name", "NAME", "the access point's name (letters, digits, . _ -)"),
            .value("hotspot", "CODE", "the hotspot it serves"),
            .value("address", "HOST", "host name or IP address"),
            .value("port", "PORT", "SSH port (default 22)"),
            .value("user", "USER", "login user (default root)"),
            .value("firmware", "FAMILY", "openwrt, routeros or unifi"),
            .value("credential", "REF", "key:PATH, agent, password-env:VAR, password-file:PATH"),
            .value("interface", "IF", "interface for usage capture"),
        ],
        printsData: true,
        run: { try runAdd($0) })

    static let removeSpec = CommandSpec(
        name: "remove",
        summary: "remove an access point with its snapshots and change log",
        arguments: [ArgumentSpec(name: "AP", help: "the access point's name")],
        run: { try runRemove($0) })

    static let repinSpec = CommandSpec(
        name: "repin",
        summary: "accept an access point's new host key, checked against its fingerprint",
        discussion: """
            After a re-flash an AP presents a new host key and inventory refuses it
            (hostkey-mismatch). Read the new fingerprint on the AP itself, over its console or a
            session you trust (dropbear: dropbearkey -y -f /etc/dropbear/dropbear_ed25519_host_key;
            OpenSSH: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub; a lab AP: ketnoi lab
            status), and give it here; the key is pinned only if the AP presents exactly that
            one. The change log keeps both.
            """,
        options: [.value("fingerprint", "SHA256:…", "the fingerprint the AP must present")],
        arguments: [ArgumentSpec(name: "AP", help: "the access point's name")],
        run: { try runRepin($0) })

    static let historySpec = CommandSpec(
        name: "history",
        summary: "the change log of an access point (firmware, channel, reboots, SSIDs, keys)",
        arguments: [ArgumentSpec(name: "AP", help: "the access point's name")],
        printsData: true,
        run: { try runHistory($0) })

    static let parseSpec = CommandSpec(
        name: "parse",
        summary: "parse a saved command output, to debug a device",
        discussion: "Kinds: " + OutputParser.kinds.joined(separator: ", ") + ".\n"
            + "Exit 0 with what was read (and named warnings), or 65 with the named error.",
        options: [.value("kind", "KIND", "what the output is (see above)")],
        arguments: [ArgumentSpec(name: "FILE", help: "the saved output ('-' for stdin)")],
        printsData: true,
        run: { try runParse($0) })

    // MARK: - Handlers

    static func runImport(_ context: Context) throws {
        let db = try context.openDatabase()
        let report = try AccessPointImporter(db).importFile(
            context.invocation.arguments[0], csv: try context.csvOptions(),
            mode: try context.importMode())
        try ImportOutput.finish(report, what: "access points", context: context)
    }

    struct AccessPointJSON: Encodable {
        let name: String
        let hotspot: String?
        let address: String
        let port: Int
        let user: String
        let firmware: String
        let credential: String
        let interface: String?
        let enabled: Bool
        let state: String?
        let reason: String?
        let hostKeyFingerprint: String?

        init(_ ap: AccessPoint, status: AccessPointStatus?, key: HostKey?) {
            name = ap.name
            hotspot = ap.hotspotCode
            address = ap.address
            port = ap.port
            user = ap.user
            firmware = ap.firmware.rawValue
            credential = ap.credential
            interface = ap.captureInterface
            enabled = ap.enabled
            state = status?.state
            reason = status?.reason
            hostKeyFingerprint = key?.fingerprint
        }
    }

    static func runList(_ context: Context) throws {
        let db = try context.openDatabase(existing: true)
        var aps = try AccessPointStore(db).all()
        if let hotspot = context.invocation.value("hotspot") {
            aps = aps.filter { $0.hotspotCode == hotspot }
        }
        let statuses = Dictionary(
            uniqueKeysWithValues: try FleetStatus(db).all().map { ($0.name, $0) })
        if context.json {
            let payload = try aps.map {
                AccessPointJSON(
                    $0, status: statuses[$0.name],
                    key: try AccessPointStore(db).pinnedKey(name: $0.name))
            }
            context.terminal.out(try JSONOutput.render(JSONDocument("access-points", payload)))
            return
        }
        guard !aps.isEmpty else {
            context.terminal.warning(
                "no access points yet; import them with 'ketnoi aps import FILE'")
            return
        }
        var table = TextTable(
            ["name", "hotspot", "address", "port", "firmware", "state", "enabled"],
            rightAligned: [3])
        for ap in aps {
            table.append([
                ap.name, ap.hotspotCode ?? "–", ap.address, String(ap.port), ap.firmware.rawValue,
                statuses[ap.name]?.state ?? "unknown", ap.enabled ? "yes" : "no",
            ])
        }
        context.terminal.out(table.render())
        context.terminal.out("\(aps.count) access points\n")
    }

    static func runShow(_ context: Context) throws {
        let name = context.invocation.arguments[0]
        let db = try context.openDatabase(existing: true)
        guard let ap = try AccessPointStore(db).find(name: name) else {
            throw CommandFailure(.noInput, "no access point named '\(name)'")
        }
        let status = try FleetStatus(db).all(names: [name]).first
        let key = try AccessPointStore(db).pinnedKey(name: name)
        if context.json {
            context.terminal.out(
                try JSONOutput.render(
                    JSONDocument("access-point", AccessPointJSON(ap, status: status, key: key))))
            return
        }
        var lines = [
            "name:        \(ap.name)",
            "hotspot:     \(ap.hotspotCode ?? "–")",
            "address:     \(ap.user)@\(ap.address):\(ap.port)",
            "firmware:    \(ap.firmware.rawValue)",
            "credential:  "
                + "\(ap.credential.isEmpty ? "default (agent, ~/.ssh keys)" : ap.credential)",
            "interface:   \(ap.captureInterface ?? "–")",
            "enabled:     \(ap.enabled ? "yes" : "no")",
            "host key:    "
                + (key.map { "\($0.type) \($0.fingerprint)" }
                    ?? "not pinned yet (pinned on first contact)"),
        ]
        if let status {
            lines.append(
                "state:       \(status.state)"
                    + (status.since.map { " since \(LocalTime.format($0))" } ?? ""))
            if let reason = status.reason { lines.append("reason:      \(reason)") }
            if let model = status.model { lines.append("model:       \(model)") }
            if let version = status.firmwareVersion {
                lines.append("firmware:    \(status.firmware ?? "") \(version)")
            }
            if let clients = status.clients { lines.append("clients:     \(clients)") }
            if let uptime = status.uptimeSeconds {
                lines.append("uptime:      \(Duration.seconds(uptime).compact)")
            }
        }
        context.terminal.out(lines.joined(separator: "\n") + "\n")
    }

    static func runAdd(_ context: Context) throws {
        let invocation = context.invocation
        for required in ["name", "address", "firmware"] where invocation.value(required) == nil {
            throw CommandFailure(.usage, "option --\(required) is required",
                detail: Help.usageLine(addSpec, path: invocation.path))
        }
        var cells: [String: String] = [:]
        for option in [
            "name", "hotspot", "address", "port", "user", "firmware", "credential", "interface",
        ] {
            if let value = invocation.value(option) { cells[option] = value }
        }
        let db = try context.openDatabase()
        let (report, saved) = try AccessPointImporter(db).add(cells)
        for problem in report.problems { context.terminal.err(problem.description) }
        guard let ap = saved else { throw CommandFailure(.dataError, "access point not added") }
        if context.json {
            context.terminal.out(
                try JSONOutput.render(
                    JSONDocument("access-point", AccessPointJSON(ap, status: nil, key: nil))))
        } else {
            context.terminal.out("\(report.updated > 0 ? "updated" : "added") \(ap.name)\n")
        }
    }

    static func runRemove(_ context: Context) throws {
        let name = context.invocation.arguments[0]
        let db = try context.openDatabase(existing: true)
        guard try AccessPointStore(db).remove(name: name) else {
            throw CommandFailure(.noInput, "no access point named '\(name)'")
        }
        context.terminal.out("removed \(name)\n")
    }

    static func runRepin(_ context: Context) throws {
        let name = context.invocation.arguments[0]
        guard let fingerprint = context.invocation.value("fingerprint") else {
            throw CommandFailure(.usage, "option --fingerprint is required",
                detail: Help.usageLine(repinSpec, path: context.invocation.path))
        }
        guard fingerprint.hasPrefix("SHA256:"), fingerprint.count > 10 else {
            throw CommandFailure(
                .usage, "--fingerprint: '\(fingerprint)' is not a SHA256:… fingerprint")
        }
        let db = try context.openDatabase()
        do {
            let change = try HostKeyRepin(db).repin(name: name, fingerprint: fingerprint)
            context.terminal.out(
                "\(name): host key re-pinned, \(change.before ?? "none") -> \(change.after ?? "")\n"
            )
        } catch let error as InventoryError {
            throw CommandFailure(
                error.message.hasPrefix("no access point") ? .noInput : .dataError, error.message)
        } catch let failure as SSHFailure {
            throw CommandFailure(FleetExit.status(for: failure.state), "\(name): \(failure)")
        }
    }

    struct ChangeJSON: Encodable {
        let changedAt: String
        let field: String
        let before: String?
        let after: String?
    }

    static func runHistory(_ context: Context) throws {
        let name = context.invocation.arguments[0]
        let db = try context.openDatabase(existing: true)
        guard try AccessPointStore(db).find(name: name) != nil else {
            throw CommandFailure(.noInput, "no access point named '\(name)'")
        }
        let history = try FleetStatus(db).history(name: name)
        if context.json {
            let payload = history.map {
                ChangeJSON(
                    changedAt: LocalTime.iso($0.changedAt), field: $0.field, before: $0.before,
                    after: $0.after)
            }
            context.terminal.out(try JSONOutput.render(JSONDocument("ap-history", payload)))
            return
        }
        guard !history.isEmpty else {
            context.terminal.out("\(name): no changes recorded yet\n")
            return
        }
        var table = TextTable(["when (Asia/Ho_Chi_Minh)", "what", "before", "after"])
        for change in history {
            table.append([
                LocalTime.format(change.changedAt), change.field, change.before ?? "–",
                change.after ?? "–",
            ])
        }
        context.terminal.out(table.render())
    }

    static func runParse(_ context: Context) throws {
        guard let kind = context.invocation.value("kind") else {
            throw CommandFailure(
                .usage,
                "option --kind is required (" + OutputParser.kinds.joined(separator: ", ") + ")",
                detail: Help.usageLine(parseSpec, path: context.invocation.path))
        }
        guard OutputParser.kinds.contains(kind) else {
            throw CommandFailure(
                .usage,
                "--kind: '\(kind)' is not one of " + OutputParser.kinds.joined(separator: ", "))
        }
        let path = context.invocation.arguments[0]
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw CommandFailure(.noInput, "\(path): cannot read the file")
            }
            data = contents
        }
        var bytes = Array(data)
        // Saved samples may start with a `# source:` comment line; the device never prints one.
        if bytes.starts(with: Array("# source:".utf8)), let newline = bytes.firstIndex(of: 0x0A) {
            bytes.removeSubrange(0...newline)
        }
        do {
            let parsed = try OutputParser.parse(kind: kind, bytes)
            let report = ParseReport(kind: kind, parsed)
            for warning in report.warnings { context.terminal.warning(warning) }
            if context.json {
                context.terminal.out(try JSONOutput.render(JSONDocument("parse", report)))
            } else {
                context.terminal.out(report.text)
            }
        } catch let error as ParseError {
            throw CommandFailure(.dataError, "\(path): \(error)")
        }
    }
}

/// Exit statuses for fleet failures.
enum FleetExit {
    static func status(for state: String) -> ExitStatus {
        switch state {
        case "unreachable": .unavailable
        case "timeout": .temporaryFailure
        case "auth-failed": .noPermission
        case "hostkey-mismatch", "protocol-error", "parse-error": .protocolError
        default: .software
        }
    }
}

/// Times shown to people: Asia/Ho_Chi_Minh local time (the database keeps UTC).
enum LocalTime {
    static let zone =
        TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    static func iso(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'"
        return formatter.string(from: date)
    }
}

extension Duration {
    /// `3d 4h 5m`, `4h 5m`, `5m 6s`, for uptimes.
    var compact: String {
        let total = max(0, components.seconds)
        let days = total / 86_400
        let hours = total % 86_400 / 3600
        let minutes = total % 3600 / 60
        let seconds = total % 60
        if days > 0 { return "\(days)d \(hours)h \(minutes)m" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        return "\(minutes)m \(seconds)s"
    }
}
