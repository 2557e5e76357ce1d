import Fleet
import Foundation
import Places
import Privacy
import Storage
import Usage

/// `ketnoi sample` and `ketnoi usage`: count hotspot use from packet captures, keep counters only.
enum UsageCommands {
    static let sampleSpec: CommandSpec = CommandSpec(
        name: "sample",
        summary: "count usage from captures: files, a live interface, or an AP over SSH",
        discussion: """
            Reads packets and keeps only counters per window (default 300 s, aligned to the
            clock): packets, bytes up and down (relative to the AP's own addresses from the
            inventory, else unclassified), distinct client devices, probe requests (with the
            distinct sources as a low-high demand range), DHCP discovers and requests, DNS
            queries, malformed and truncated packets. Device addresses become keyed pseudonyms
            (HMAC-SHA256 under the day's key) once per device per window; no MAC is stored,
            logged or printed.

              ketnoi sample --pcap capture.pcap --ap lab-ap-001
              ketnoi sample --interface wlan0 --duration 60 --filter 'not port 22'
              ketnoi sample --remote lab-ap-001 --duration 60

            Files are recognised by their magic number (pcap in either byte order, micro- or
            nanosecond, and pcapng, including files libpcap refuses for mixed link types). Exit
            65 when an input was unreadable or cut short, after storing what was read; 77 when
            capture is not permitted.
            """,
        options: [
            .value("pcap", "FILE[,FILE…]", "capture files to read"),
            .value("interface", "IF", "capture live on this interface (needs root or CAP_NET_RAW)"),
            .value("remote", "AP[,AP…]", "stream tcpdump from these access points over SSH"),
            .value("duration", "S", "seconds of live or remote capture (default 60)"),
            .value("filter", "BPF", "capture filter for --interface"),
            .value("ap", "AP", "attribute the packets to this access point"),
            .value("window", "S", "window length in seconds (default 300)"),
            .flag("dry-run", "count and print; store nothing"),
        ],
        arguments: [
            ArgumentSpec(
                name: "FILE…", help: "more capture files", optional: true, variadic: true)
        ],
        printsData: true,
        run: { try runSample($0) })

    static let usageSpec: CommandSpec = CommandSpec(
        name: "usage",
        summary: "stored usage windows and daily totals",
        options: [
            .value("hotspot", "CODE", "only this hotspot's access points"),
            .value("since", "YYYY-MM-DD", "only from this day (UTC)"),
        ],
        printsData: true,
        run: { try runUsage($0) })

    // MARK: - sample

    struct WindowJSON: Encodable {
        let source: String
        let ap: String?
        let start: String
        let seconds: Int
        let counters: UsageCounters
        let probeDemandLow: Int
        let probeDemandHigh: Int
    }

    struct SourceJSON: Encodable {
        let name: String
        let format: String
        let packets: Int
        let linkTypes: [String: Int]
        let warnings: [String]
        let truncatedFile: Bool
    }

    struct SampleJSON: Encodable {
        let dryRun: Bool
        let windowSeconds: Int
        let sources: [SourceJSON]
        let errors: [String]
        let windows: [WindowJSON]
        let totals: UsageCounters
    }

    /// One input to read: a file, an interface, or an AP's stream.
    enum Input {
        case file(String)
        case interface(String)
        case remote(AccessPoint)
    }

    static func runSample(_ context: Context) throws {
        let invocation = context.invocation
        let files = (invocation.value("pcap")?.split(separator: ",").map(String.init) ?? [])
            + invocation.arguments
        let remotes = invocation.value("remote")?.split(separator: ",").map(String.init) ?? []
        let interface = invocation.value("interface")
        let kinds = [!files.isEmpty, interface != nil, !remotes.isEmpty].filter { $0 }.count
        guard kinds == 1 else {
            throw CommandFailure(.usage, kinds == 0
                ? "give capture files (--pcap), --interface IF or --remote AP"
                : "give only one of --pcap, --interface and --remote")
        }
        let windowSeconds = try invocation.integer("window", in: 1...86_400) ?? 300
        let duration = try invocation.integer("duration", in: 1...86_400) ?? 60
        let dryRun = invocation.has("dry-run")

        // A dry run touches no database; pseudonyms then use a key that lives in memory only.
        let db: Database? = dryRun ? nil : try context.openDatabase()
        let keys = PseudonymKeyStore(databasePath: context.databasePath)
        var memoryKeys: [String: PseudonymKey] = [:]
        let keyForDay: (String) throws -> PseudonymKey = { day in
            if !dryRun {
                return try keys.key(for: Self.date(ofDay: day))
            }
            if let key = memoryKeys[day] { return key }
            let key = PseudonymKey.generate(day: day)
            memoryKeys[day] = key
            return key
        }

        var attributed: AccessPoint?
        if let name = invocation.value("ap") {
            let lookup = try db ?? context.openDatabase(existing: true)
            guard let ap = try AccessPointStore(lookup).find(name: name) else {
                throw CommandFailure(.noInput, "no access point named '\(name)'")
            }
            attributed = ap
        }

        var inputs: [Input] = files.map { .file($0) }
        if let interface { inputs = [.interface(interface)] }
        if !remotes.isEmpty {
            let lookup = try db ?? context.openDatabase(existing: true)
            inputs = try remotes.map { name in
                guard let ap = try AccessPointStore(lookup).find(name: name) else {
                    throw CommandFailure(.noInput, "no access point named '\(name)'")
                }
                guard ap.firmware == .openwrt else {
                    throw CommandFailure(
                        .unavailable,
                        "\(name) runs \(ap.firmware.rawValue); streaming a "
                            + "capture needs tcpdump on the AP, which ketnoi drives on OpenWrt only"
                    )
                }
                guard ap.captureInterface != nil else {
                    throw CommandFailure(.config, "\(name): no capture interface in the inventory "
                        + "(set the interface column)")
                }
                return .remote(ap)
            }
        }

        var sources: [SourceJSON] = []
        var errors: [String] = []
        var windows: [WindowJSON] = []
        var totals = UsageCounters()
        var permissionDenied = false
        // The exit status of the worst failure: bad data 65 unless an AP was the problem.
        var failureStatus: ExitStatus?
        for input in inputs {
            let ap: AccessPoint?
            let label: String
            switch input {
            case .file(let path):
                ap = attributed
                label =
                    ap.map { "ap:\($0.name)" } ?? "file:"
                    + URL(fileURLWithPath: path).lastPathComponent
            case .interface(let name):
                ap = attributed
                label = ap.map { "ap:\($0.name)" } ?? "interface:\(name)"
            case .remote(let remote):
                ap = remote
                label = "ap:\(remote.name)"
            }
            let lookup = try db ?? (ap != nil ? context.openDatabase(existing: true) : nil)
            let macs =
                try ap.flatMap { ap in try lookup.map { try Self.accessPointMACs(ap.name, db: $0) }
                } ?? []
            var sampler = UsageSampler(
                windowSeconds: windowSeconds, accessPointMACs: macs, keyForDay: keyForDay)

            let report: SourceReport
            do {
                switch input {
                case .file(let path):
                    // Read and decode here, count on a second thread: two cores for a file.
                    report = try PipelinedSampling.run(into: &sampler) { count in
                        try CaptureFile.read(path: path, count)
                    }
                case .interface(let name):
                    report = try LiveCapture.capture(
                        interface: name, duration: .seconds(duration),
                        filter: invocation.value("filter")
                    ) { try sampler.add($0) }
                case .remote(let remote):
                    report = try Self.stream(
                        remote, duration: duration, context: context,
                        learnMACs: macs.isEmpty ? { learned in
                            sampler = UsageSampler(windowSeconds: windowSeconds,
                                                   accessPointMACs: learned, keyForDay: keyForDay)
                        } : nil
                    ) { try sampler.add($0) }
                }
            } catch let error as SourceError {
                errors.append(error.message)
                context.terminal.error(error.message)
                if error.kind == .permission { permissionDenied = true }
                continue
            } catch let failure as SSHFailure {
                let message = "\(label): \(failure)"
                errors.append(message)
                context.terminal.error(message)
                failureStatus = FleetExit.status(for: failure.state)
                continue
            } catch let silent as SilentAccessPoint {
                errors.append(silent.message)
                context.terminal.error(silent.message)
                failureStatus = .temporaryFailure
                continue
            }
            for warning in report.warnings { context.terminal.warning(warning) }
            if report.truncatedFile { errors.append("\(report.name): cut short") }

            let closed = sampler.finish()
            if let db {
                let apID = try ap.flatMap { try Self.accessPointID($0.name, db: db) }
                try UsageStore(db).save(closed, source: label, apID: apID)
            }
            var linkTypes: [String: Int] = [:]
            for (type, count) in report.linkTypes { linkTypes[type.description] = count }
            sources.append(
                SourceJSON(
                    name: report.name, format: report.format, packets: report.packets,
                    linkTypes: linkTypes, warnings: report.warnings,
                    truncatedFile: report.truncatedFile))
            for window in closed {
                totals.add(window.counters)
                windows.append(
                    WindowJSON(
                        source: label, ap: ap?.name,
                        start: LocalTime.iso(
                            Date(timeIntervalSince1970: TimeInterval(window.start))),
                        seconds: window.seconds, counters: window.counters,
                        probeDemandLow: window.counters.probeDemand.lowerBound,
                        probeDemandHigh: window.counters.probeDemand.upperBound))
            }
        }

        if context.json {
            let payload = SampleJSON(
                dryRun: dryRun, windowSeconds: windowSeconds, sources: sources, errors: errors,
                windows: windows, totals: totals)
            context.terminal.out(try JSONOutput.render(JSONDocument("sample", payload)))
        } else {
            printSample(
                windows: windows, sources: sources, totals: totals, dryRun: dryRun, context: context
            )
        }
        if permissionDenied && sources.isEmpty {
            throw CommandFailure(
                .noPermission,
                "capture is not permitted: run as root or give the binary CAP_NET_RAW")
        }
        if !errors.isEmpty {
            if let failureStatus {
                throw CommandFailure(
                    failureStatus, "\(errors.count) input(s) unreachable or silent")
            }
            throw CommandFailure(.dataError, "\(errors.count) input(s) unreadable or cut short"
                + (dryRun ? "" : "; what was read is stored"))
        }
    }

    static func printSample(
        windows: [WindowJSON], sources: [SourceJSON], totals: UsageCounters, dryRun: Bool,
        context: Context
    ) {
        var table = TextTable(
            ["source", "window (UTC)", "packets", "bytes", "up", "down", "clients", "probes",
             "demand", "dhcp d/r", "dns", "bad"],
            rightAligned: [2, 3, 4, 5, 6, 7, 9, 10, 11])
        for window in windows {
            let c = window.counters
            table.append([
                window.source, window.start, String(c.packets), String(c.bytes), String(c.bytesUp),
                String(c.bytesDown), String(c.clients), String(c.probeRequests),
                "\(window.probeDemandLow)–\(window.probeDemandHigh)",
                "\(c.dhcpDiscovers)/\(c.dhcpRequests)", String(c.dnsQueries),
                String(c.malformed + c.truncated),
            ])
        }
        if !windows.isEmpty { context.terminal.out(table.render()) }
        let packets = sources.map(\.packets).reduce(0, +)
        var linkTypes: [String: Int] = [:]
        for source in sources { linkTypes.merge(source.linkTypes, uniquingKeysWith: +) }
        context.terminal.out(
            "\(packets) packets read from \(sources.count) source(s) "
                + "in \(windows.count) window(s); "
                + "\(totals.malformed) malformed, \(totals.truncated) truncated, "
                + "\(totals.unknownLinkType) of unknown link types; link types: "
                + linkTypes.keys.sorted().map { "\($0) \(linkTypes[$0]!)" }.joined(separator: ", ")
                + (dryRun ? "; dry run, nothing stored" : "") + "\n")
    }

    /// Streams `tcpdump` from an AP over its SSH session and reads the pcap as it arrives.
    ///
    /// - Parameter learnMACs: when the inventory knows none of the AP's own addresses, gets
    ///   the BSSIDs `iwinfo` reports on the same session before the capture starts.
    static func stream(
        _ ap: AccessPoint, duration: Int, context: Context,
        learnMACs: ((Set<MAC48>) -> Void)? = nil, _ body: (PacketView) throws -> Void
    ) throws -> SourceReport {
        guard let interface = ap.captureInterface else {
            throw SourceError(.unavailable, "\(ap.name): no capture interface in the inventory "
                + "(set the interface column)")
        }
        let db = try context.openDatabase(existing: true)
        var timeouts = SSHTimeouts()
        timeouts.overall = .seconds(duration + 20)
        let session = SSHSession(host: ap.address, port: ap.port, user: ap.user, timeouts: timeouts)
        defer { session.close() }
        let key = try session.connect()
        try session.verify(
            presented: key, pinned: try AccessPointStore(db).pinnedKey(name: ap.name))
        let credentials =
            ap.credential.isEmpty ? Credential.defaults() : try Credential.parseList(ap.credential)
        _ = try session.authenticate(credentials)

        // OpenWrt's `network.wireless status` names no BSSID, so an inventory of an OpenWrt
        // AP may hold none; without them every byte would be unclassified.
        if let learnMACs {
            let learned = Self.bssids(session)
            if learned.isEmpty {
                context.terminal.warning("ap=\(ap.name) result=no-bssid reason=iwinfo named none; "
                    + "bytes are counted unclassified")
            }
            learnMACs(learned)
        }

        // The interface name comes from the inventory, where the import validated it.
        let command = "tcpdump -i \(interface) -U -s 128 -w -"
        let reader = StreamReader(name: "\(ap.name):\(interface)")
        let outcome = try session.stream(command, for: .seconds(duration)) { chunk in
            try reader.feed(chunk, body)
        }
        if outcome.stoppedAtDuration, outcome.bytes == 0 {
            throw SilentAccessPoint(
                message: "\(ap.name): sent no capture data within \(duration) s")
        }
        if !outcome.stoppedAtDuration, outcome.bytes == 0 {
            let message = String(decoding: outcome.stderr.prefix(200), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw SourceError(
                .unavailable,
                "\(ap.name): '\(command)' failed"
                    + (outcome.exitStatus.map { " with exit \($0)" } ?? "")
                    + (message.isEmpty ? "" : ": \(message)"))
        }
        // A capture stopped at the duration ends mid-record by nature: that is not a cut file.
        var report = try reader.finish()
        if outcome.stoppedAtDuration && report.truncatedFile {
            report = SourceReport(name: report.name, format: report.format, packets: report.packets,
                                  linkTypes: report.linkTypes, warnings: [], truncatedFile: false)
        }
        return report
    }

    /// The BSSIDs `iwinfo` prints on the AP, or none when it fails or names none.
    static func bssids(_ session: SSHSession) -> Set<MAC48> {
        guard let output = try? session.run("iwinfo", outputCap: 256 * 1024),
              output.exitStatus == 0,
              let parsed = try? IwinfoParser.info(output.stdout)
        else { return [] }
        return Set(parsed.value.flatMap(\.networks).compactMap(\.bssid).compactMap(mac48))
    }

    /// A MAC address in text as a `MAC48`, or nil.
    static func mac48(_ text: String) -> MAC48? {
        guard let mac = MACAddress(text) else { return nil }
        return MAC48(value: mac.bytes.reduce(0) { $0 << 8 | UInt64($1) })
    }

    /// The AP's own addresses (BSSIDs) from its last answered snapshot.
    static func accessPointMACs(_ name: String, db: Database) throws -> Set<MAC48> {
        var macs: Set<MAC48> = []
        for bssid in try FleetStatus(db).bssids(name: name) {
            if let mac = mac48(bssid) { macs.insert(mac) }
        }
        return macs
    }

    static func accessPointID(_ name: String, db: Database) throws -> Int64? {
        try db.scalar(Int64.self, "SELECT id FROM access_points WHERE name = ?", [name])
    }

    static func date(ofDay day: String) -> Date {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        var components = DateComponents()
        components.year = parts.first
        components.month = parts.count > 1 ? parts[1] : 1
        components.day = parts.count > 2 ? parts[2] : 1
        components.hour = 12
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components) ?? Date()
    }

    /// An AP that was reached but sent nothing to read.
    struct SilentAccessPoint: Error {
        let message: String
    }

    // MARK: - usage

    struct UsageJSON: Encodable {
        struct Day: Encodable {
            let day: String
            let source: String
            let ap: String?
            let hotspot: String?
            let packets: Int
            let bytes: Int
            let uniqueDevices: Int
            let probeRequests: Int
        }
        let windows: [WindowJSON]
        let days: [Day]
    }

    static func runUsage(_ context: Context) throws {
        let invocation = context.invocation
        var since: Date?
        if let text = invocation.value("since") {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard text.count == 10, parts.count == 3, let year = parts[0], let month = parts[1],
                let day = parts[2], (1...12).contains(month), (1...31).contains(day),
                PseudonymKeyStore.day(of: date(ofDay: text))
                    == String(format: "%04d-%02d-%02d", year, month, day)
            else {
                throw CommandFailure(.usage, "--since: '\(text)' is not a day like 2026-12-01")
            }
            since = date(ofDay: text).addingTimeInterval(-12 * 3600)
        }
        let db = try context.openDatabase(existing: true)
        if let hotspot = invocation.value("hotspot"),
            try HotspotStore(db).find(code: hotspot) == nil
        {
            throw CommandFailure(.noInput, "no hotspot with code '\(hotspot)'")
        }
        let store = UsageStore(db)
        let windows = try store.windows(hotspot: invocation.value("hotspot"), since: since)
        let days = try store.dailyTotals(hotspot: invocation.value("hotspot"), since: since)
        if context.json {
            let payload = UsageJSON(
                windows: windows.map {
                    WindowJSON(
                        source: $0.source, ap: $0.accessPoint, start: LocalTime.iso($0.start),
                        seconds: $0.seconds, counters: $0.counters,
                        probeDemandLow: $0.counters.probeDemand.lowerBound,
                        probeDemandHigh: $0.counters.probeDemand.upperBound)
                },
                days: days.map {
                    .init(day: $0.day, source: $0.source, ap: $0.accessPoint, hotspot: $0.hotspot,
                          packets: $0.packets, bytes: $0.bytes, uniqueDevices: $0.uniqueDevices,
                          probeRequests: $0.probeRequests)
                })
            context.terminal.out(try JSONOutput.render(JSONDocument("usage", payload)))
            return
        }
        guard !windows.isEmpty else {
            context.terminal.warning("no usage stored yet; run 'ketnoi sample'")
            return
        }
        var table = TextTable(
            ["day (UTC)", "source", "hotspot", "packets", "bytes", "unique devices", "probes"],
            rightAligned: [3, 4, 5, 6])
        for day in days {
            table.append([
                day.day, day.source, day.hotspot ?? "–", String(day.packets), String(day.bytes),
                String(day.uniqueDevices), String(day.probeRequests),
            ])
        }
        context.terminal.out(table.render())
        context.terminal.out("\(windows.count) windows stored\n")
    }
}
