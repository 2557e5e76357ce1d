import Coverage
import Exporters
import Fleet
import Foundation
import Learning
import Places
import Storage
import Usage

/// `ketnoi export …`: the fleet for the operators' own tools (Ansible, Prometheus).
enum ExportCommands {
    static let spec: CommandSpec = CommandSpec(
        name: "export",
        summary: "the fleet for Ansible (dynamic inventory) and Prometheus (textfile collector)",
        subcommands: [ansibleSpec, prometheusSpec])

    static let ansibleSpec = CommandSpec(
        name: "ansible-inventory",
        summary: "print the access points as an Ansible dynamic inventory",
        discussion: """
            Follows Ansible's inventory script protocol; ansible/inventory/ketnoi calls it.
            --list prints every group and _meta.hostvars (so Ansible asks no --host per AP);
            --host AP prints one AP's variables ({} for a name ketnoi does not know).

            Groups: ward_CODE (children of 'wards'), openwrt, routeros and unifi (children of
            'firmware'), hotspot_CODE (children of 'hotspots'), and 'disabled' for access
            points switched off in ketnoi, which are in no other group. Host variables:
            ansible_host, ansible_port, ansible_user, ketnoi_firmware, ketnoi_hotspot,
            ketnoi_hotspot_name, ketnoi_location, ketnoi_latitude, ketnoi_longitude,
            ketnoi_ward, ketnoi_ward_name, ketnoi_enabled; RouterOS also gets
            ansible_connection and ansible_network_os.

              ansible-inventory -i ansible/inventory/ketnoi --graph
            """,
        options: [
            .flag("list", "print every group and host (what Ansible asks for)"),
            .value("host", "AP", "print one access point's variables"),
        ],
        printsData: true,
        run: { try runAnsible($0) })

    static let prometheusSpec = CommandSpec(
        name: "prometheus",
        summary: "write the fleet's metrics for node_exporter's textfile collector",
        discussion: """
            Writes DIR/ketnoi.prom atomically (a temporary file in DIR, then a rename), so
            node_exporter never reads half a file. On Debian, node_exporter's textfile folder
            is /var/lib/prometheus/node-exporter. Run it after each inventory (the ansible/
            systemd units do).

            Families: ketnoi_ap_info, ketnoi_ap_up, ketnoi_ap_state, ketnoi_ap_clients,
            ketnoi_ap_uptime_seconds, ketnoi_ap_consecutive_failures,
            ketnoi_ap_last_snapshot_timestamp_seconds, ketnoi_ap_network_info (SSIDs; bytes
            that are not UTF-8 appear as \\xNN), ketnoi_inventory_last_run_*,
            ketnoi_hotspot_usage_bytes_total{direction}, ketnoi_hotspot_usage_packets_total,
            ketnoi_hotspot_usage_devices, ketnoi_ward_info, ketnoi_ward_population,
            ketnoi_ward_hotspots, and per-ward coverage and enrolment figures when those
            exist. Families with no data are left out.

            Exit 73 when DIR is missing or not writable.
            """,
        options: [
            .value("textfile", "DIR", "write DIR/ketnoi.prom ('-' prints to stdout instead)"),
            .flag("stdout", "print the metrics instead of writing a file"),
        ],
        printsData: true,
        run: { try runPrometheus($0) })

    // MARK: - Ansible

    static func runAnsible(_ context: Context) throws {
        let invocation = context.invocation
        let host = invocation.value("host")
        guard invocation.has("list") != (host != nil) else {
            throw CommandFailure(.usage, "give either --list or --host AP")
        }
        let db = try context.openDatabase(existing: true)
        let hosts = try ansibleHosts(db)
        let document: [String: Any]
        if let host {
            if let found = hosts.first(where: { $0.name == host }) {
                document = AnsibleInventory.variables(found)
            } else {
                // The protocol wants JSON on stdout whatever happens.
                context.terminal.warning("no access point named '\(host)'")
                document = [:]
            }
        } else {
            document = AnsibleInventory.list(hosts)
        }
        context.terminal.out(try AnsibleInventory.render(document))
    }

    static func ansibleHosts(_ db: Database) throws -> [AnsibleHost] {
        var hotspots: [String: Hotspot] = [:]
        for hotspot in try HotspotStore(db).all() { hotspots[hotspot.code] = hotspot }
        var wards: [String: Area] = [:]
        for area in try AreaStore(db).all() { wards[area.code] = area }
        return try AccessPointStore(db).all().map { ap in
            let hotspot = ap.hotspotCode.flatMap { hotspots[$0] }
            let ward = hotspot?.areaCode
            return AnsibleHost(
                name: ap.name, address: ap.address, port: ap.port, user: ap.user,
                firmware: ap.firmware.rawValue, hotspot: ap.hotspotCode,
                hotspotName: hotspot?.name, location: hotspot?.address,
                latitude: hotspot?.coordinate.latitude, longitude: hotspot?.coordinate.longitude,
                ward: ward, wardName: ward.flatMap { wards[$0]?.name }, enabled: ap.enabled)
        }
    }

    // MARK: - Prometheus

    struct TextfileJSON: Encodable {
        let path: String
        let families: Int
        let samples: Int
        let bytes: Int
    }

    static func runPrometheus(_ context: Context) throws {
        let invocation = context.invocation
        let folder = invocation.value("textfile")
        let toStdout = invocation.has("stdout") || folder == "-"
        if invocation.has("stdout") && folder != nil {
            throw CommandFailure(.usage, "give either --textfile DIR or --stdout")
        }
        guard toStdout || folder != nil else {
            throw CommandFailure(.usage, "give --textfile DIR (or --stdout)")
        }
        if toStdout && context.json {
            throw CommandFailure(
                .usage, "--stdout prints the Prometheus text format; --json does not apply")
        }

        let db = try context.openDatabase(existing: true)
        let metrics = try gatherMetrics(db, now: Date())
        let families = metrics.families()
        let text: String
        do {
            text = try PrometheusText.render(families)
        } catch let error as PrometheusTextError {
            throw CommandFailure(.software, "cannot render the metrics: \(error.message)")
        }
        if toStdout {
            context.terminal.out(text)
            return
        }

        let path = try TextfileWriter.write(text, folder: folder ?? ".", name: "ketnoi.prom")
        let rendered = families.filter { !$0.samples.isEmpty }
        let samples = rendered.reduce(0) { $0 + $1.samples.count }
        context.terminal.info("textfile=\(path) families=\(rendered.count) samples=\(samples)")
        if context.json {
            context.terminal.out(
                try JSONOutput.render(
                    JSONDocument(
                        "prometheus-textfile",
                        TextfileJSON(
                            path: path, families: rendered.count, samples: samples,
                            bytes: text.utf8.count))))
        } else {
            context.terminal.out("wrote \(path): \(rendered.count) metric families, "
                + "\(samples) samples\n")
        }
    }

    /// Everything the database holds that the textfile shows: the fleet, usage, wards, the
    /// latest coverage run and the programme's enrolments per ward.
    static func gatherMetrics(_ db: Database, now: Date) throws -> KetnoiMetrics {
        var metrics = KetnoiMetrics(exportedAt: now.timeIntervalSince1970.rounded(.down))
        var hotspotWard: [String: String] = [:]
        var hotspotsPerWard: [String: Int] = [:]
        for hotspot in try HotspotStore(db).all() {
            guard let ward = hotspot.areaCode else { continue }
            hotspotWard[hotspot.code] = ward
            hotspotsPerWard[ward, default: 0] += 1
        }

        let fleet = FleetStatus(db)
        let families = Dictionary(
            try AccessPointStore(db).all().map { ($0.name, $0.firmware.rawValue) },
            uniquingKeysWith: { first, _ in first })
        let radios = try fleet.lastRadios()
        for status in try fleet.all() where status.enabled {
            let networks = (radios[status.name] ?? []).flatMap { radio in
                radio.networks.map { network in
                    NetworkMetrics(
                        interface: network.interface, band: radio.band,
                        ssid: network.ssid?.display ?? "", encryption: network.encryption)
                }
            }
            metrics.accessPoints.append(
                AccessPointMetrics(
                    name: status.name, hotspot: status.hotspotCode,
                    ward: status.hotspotCode.flatMap { hotspotWard[$0] },
                    firmwareFamily: families[status.name] ?? "", state: status.state,
                    consecutiveFailures: status.consecutiveFailures, model: status.model,
                    firmwareVersion: status.firmwareVersion, clients: status.clients,
                    uptimeSeconds: status.uptimeSeconds,
                    lastSnapshotAt: status.lastSnapshotAt?.timeIntervalSince1970,
                    networks: networks))
        }
        if let run = try fleet.lastFinishedRun() {
            metrics.lastRun = InventoryRunMetrics(
                finishedAt: run.finishedAt.timeIntervalSince1970,
                durationSeconds: run.finishedAt.timeIntervalSince(run.startedAt),
                accessPoints: run.accessPoints, answered: run.answered)
        }

        metrics.usage = try UsageStore(db).hotspotTotals().map { total in
            HotspotUsageMetrics(
                hotspot: total.hotspot, ward: hotspotWard[total.hotspot], bytesUp: total.bytesUp,
                bytesDown: total.bytesDown, bytesUnclassified: total.bytesUnclassified,
                packets: total.packets, devices: total.devicesOnLastDay,
                lastWindowEnd: total.lastWindowEnd.timeIntervalSince1970)
        }
        metrics.wards = try AreaStore(db).all().map { area in
            WardMetrics(
                code: area.code, name: area.name, kind: area.kind, population: area.population,
                hotspots: hotspotsPerWard[area.code] ?? 0)
        }
        if let run = try CoverageStore(db).latestRun() {
            metrics.coverage = run.areas.compactMap { area in
                area.coverage.map { covered in
                    WardCoverageFigure(
                        ward: area.code, coveredRatio: covered, accessibility: area.accessibility,
                        underservedRank: area.rank)
                }
            }
        }
        // Enrolments hold a seat (enrolled, completed, not completed); waitlisted and withdrawn
        // learners are not counted. Small counts are left out by the renderer.
        var seats: [String: (enrolments: Int, completions: Int)] = [:]
        for fact in try LearningStore(db).enrollmentFacts(EnrollmentFactFilter()) {
            guard let ward = fact.areaCode else { continue }
            switch fact.state {
            case .enrolled, .notCompleted: seats[ward, default: (0, 0)].enrolments += fact.count
            case .completed:
                seats[ward, default: (0, 0)].enrolments += fact.count
                seats[ward, default: (0, 0)].completions += fact.count
            case .waitlisted, .withdrawn: break
            }
        }
        metrics.enrolment = seats.keys.sorted().map { ward in
            WardEnrolmentFigure(
                ward: ward, enrolments: seats[ward]!.enrolments,
                completions: seats[ward]!.completions)
        }
        return metrics
    }
}

/// Writes a file so that a reader sees the old or the new one, never a part: a temporary
/// file in the same folder (its name not ending in `.prom`), flushed, then renamed.
enum TextfileWriter {
    static func write(_ text: String, folder: String, name: String) throws -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
            throw CommandFailure(.cannotCreate, "the textfile folder \(folder) does not exist")
        }
        guard isFolder.boolValue else {
            throw CommandFailure(.cannotCreate, "the textfile folder \(folder) is a file")
        }
        let target = (folder as NSString).appendingPathComponent(name)
        let temporary = (folder as NSString).appendingPathComponent(
            ".\(name).\(getpid()).tmp")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CommandFailure(
                .cannotCreate, "cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        var failure: String?
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress, $0.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
                break
            }
            written += count
        }
        if failure == nil && fsync(descriptor) != 0 {
            failure = String(cString: strerror(errno))
        }
        close(descriptor)
        if failure == nil && rename(temporary, target) != 0 {
            failure = String(cString: strerror(errno))
        }
        if let failure {
            unlink(temporary)
            throw CommandFailure(.ioError, "cannot write \(target): \(failure)")
        }
        return target
    }
}
