// ketnoi's metric families for the textfile collector, built from plain values so that any
// module can feed them without this one importing it. Names follow prometheus.io "Metric and
// label naming": the `ketnoi_` prefix, base units (seconds, bytes, ratio 0–1), `_total` on
// counters, `_timestamp_seconds` for points in time, `_info` for metadata with value 1.
//
// Three sections, each left out when it has no data: the fleet (from Fleet's inventory),
// usage per hotspot (from Usage), and per-ward coverage and enrolment figures (from Coverage
// and Learning, which feed `WardCoverageFigure` and `WardEnrolmentFigure`).

/// One access point as the exporter sees it: its health and its last answered snapshot.
public struct AccessPointMetrics: Sendable, Equatable {
    public var name: String
    public var hotspot: String?
    public var ward: String?
    /// The firmware family (`openwrt`, `routeros`, `unifi`).
    public var firmwareFamily: String
    /// `ok`, `degraded`, a failure reason, or `unknown` before the first run.
    public var state: String
    public var consecutiveFailures: Int
    public var model: String?
    public var firmwareVersion: String?
    public var clients: Int?
    public var uptimeSeconds: Int?
    /// When the last answered snapshot was taken, seconds since 1970.
    public var lastSnapshotAt: Double?
    public var networks: [NetworkMetrics]

    public init(
        name: String, hotspot: String? = nil, ward: String? = nil, firmwareFamily: String,
        state: String, consecutiveFailures: Int = 0, model: String? = nil,
        firmwareVersion: String? = nil, clients: Int? = nil, uptimeSeconds: Int? = nil,
        lastSnapshotAt: Double? = nil, networks: [NetworkMetrics] = []
    ) {
        self.name = name
        self.hotspot = hotspot
        self.ward = ward
        self.firmwareFamily = firmwareFamily
        self.state = state
        self.consecutiveFailures = consecutiveFailures
        self.model = model
        self.firmwareVersion = firmwareVersion
        self.clients = clients
        self.uptimeSeconds = uptimeSeconds
        self.lastSnapshotAt = lastSnapshotAt
        self.networks = networks
    }

    /// The AP answered its last inventory (`ok` or `degraded`).
    public var isUp: Bool { state == "ok" || state == "degraded" }
}

/// One Wi-Fi network an access point serves.
public struct NetworkMetrics: Sendable, Equatable {
    public var interface: String?
    public var band: String?
    /// The SSID as printable text: bytes that are not UTF-8, and control characters, written
    /// as `\xNN` (the inventory's display form), so the label is valid UTF-8 whatever the AP
    /// sent.
    public var ssid: String
    public var encryption: String?

    public init(interface: String?, band: String?, ssid: String, encryption: String?) {
        self.interface = interface
        self.band = band
        self.ssid = ssid
        self.encryption = encryption
    }
}

/// The last inventory run.
public struct InventoryRunMetrics: Sendable, Equatable {
    public var finishedAt: Double
    public var durationSeconds: Double
    public var accessPoints: Int
    public var answered: Int

    public init(finishedAt: Double, durationSeconds: Double, accessPoints: Int, answered: Int) {
        self.finishedAt = finishedAt
        self.durationSeconds = durationSeconds
        self.accessPoints = accessPoints
        self.answered = answered
    }
}

/// Usage of one hotspot, summed over its access points and every stored window.
public struct HotspotUsageMetrics: Sendable, Equatable {
    public var hotspot: String
    public var ward: String?
    public var bytesUp: Int
    public var bytesDown: Int
    /// Bytes whose direction could not be told (no BSSIDs known for the AP).
    public var bytesUnclassified: Int
    public var packets: Int
    /// Distinct devices (pseudonyms) on the newest sampled UTC day, across the hotspot's
    /// access points.
    public var devices: Int
    /// The end of the newest stored window, seconds since 1970.
    public var lastWindowEnd: Double

    public init(
        hotspot: String, ward: String?, bytesUp: Int, bytesDown: Int, bytesUnclassified: Int,
        packets: Int, devices: Int, lastWindowEnd: Double
    ) {
        self.hotspot = hotspot
        self.ward = ward
        self.bytesUp = bytesUp
        self.bytesDown = bytesDown
        self.bytesUnclassified = bytesUnclassified
        self.packets = packets
        self.devices = devices
        self.lastWindowEnd = lastWindowEnd
    }
}

/// What Places knows of a ward: its name, population and hotspots.
public struct WardMetrics: Sendable, Equatable {
    public var code: String
    public var name: String
    public var kind: String
    public var population: Int?
    public var hotspots: Int

    public init(code: String, name: String, kind: String, population: Int?, hotspots: Int) {
        self.code = code
        self.name = name
        self.kind = kind
        self.population = population
        self.hotspots = hotspots
    }
}

/// A ward's coverage figures, from Coverage.
public struct WardCoverageFigure: Sendable, Equatable {
    public var ward: String
    /// Share of the population within a hotspot's radio footprint, 0–1.
    public var coveredRatio: Double
    /// 2SFCA accessibility: concurrent-user capacity per resident within the catchment.
    public var accessibility: Double?
    /// 1 for the most underserved ward, when ranked.
    public var underservedRank: Int?

    public init(
        ward: String, coveredRatio: Double, accessibility: Double? = nil,
        underservedRank: Int? = nil
    ) {
        self.ward = ward
        self.coveredRatio = coveredRatio
        self.accessibility = accessibility
        self.underservedRank = underservedRank
    }
}

/// A ward's enrolment figures, from Learning: counts since the registry began.
public struct WardEnrolmentFigure: Sendable, Equatable {
    public var ward: String
    public var enrolments: Int
    public var completions: Int

    public init(ward: String, enrolments: Int, completions: Int) {
        self.ward = ward
        self.enrolments = enrolments
        self.completions = completions
    }
}

/// Everything one textfile holds; empty parts produce no families.
public struct KetnoiMetrics: Sendable, Equatable {
    public var accessPoints: [AccessPointMetrics] = []
    public var lastRun: InventoryRunMetrics?
    public var usage: [HotspotUsageMetrics] = []
    public var wards: [WardMetrics] = []
    public var coverage: [WardCoverageFigure] = []
    public var enrolment: [WardEnrolmentFigure] = []
    /// Enrolment counts below this are left out of the file (the report's rule: 1–9 is never
    /// written), and so is a completion ratio whose completions are below it.
    public var minimumPublishedCount = 10
    /// When the file was written, seconds since 1970.
    public var exportedAt: Double

    public init(exportedAt: Double) {
        self.exportedAt = exportedAt
    }

    /// Every state `ketnoi_ap_state` has a series for, so that alerts see a 0 turn into 1.
    public static let states = [
        "ok", "degraded", "unreachable", "auth-failed", "hostkey-mismatch", "timeout",
        "parse-error", "protocol-error", "unknown",
    ]

    /// The families, fleet first, then usage, then wards.
    public func families() -> [MetricFamily] {
        var families = [
            MetricFamily(
                "ketnoi_textfile_timestamp_seconds", .gauge,
                "When ketnoi wrote this file, seconds since 1970.", [MetricSample(exportedAt)]),
        ]
        families += fleetFamilies()
        families += usageFamilies()
        families += wardFamilies()
        return families
    }

    // MARK: - Fleet

    func fleetFamilies() -> [MetricFamily] {
        var info = MetricFamily(
            "ketnoi_ap_info", .gauge,
            "Access point metadata (value 1): hotspot, ward, firmware family and version, model.")
        var up = MetricFamily(
            "ketnoi_ap_up", .gauge, "1 when the access point answered its last inventory run.")
        var state = MetricFamily(
            "ketnoi_ap_state", .gauge,
            "1 for the access point's current health state, 0 for the others.")
        var failures = MetricFamily(
            "ketnoi_ap_consecutive_failures", .gauge,
            "Inventory runs in a row the access point did not answer.")
        var clients = MetricFamily(
            "ketnoi_ap_clients", .gauge,
            "Clients heard recently in the last answered snapshot.")
        var uptime = MetricFamily(
            "ketnoi_ap_uptime_seconds", .gauge,
            "Uptime the access point reported in its last answered snapshot.")
        var snapshotAt = MetricFamily(
            "ketnoi_ap_last_snapshot_timestamp_seconds", .gauge,
            "When the last answered snapshot was taken, seconds since 1970.")
        var networks = MetricFamily(
            "ketnoi_ap_network_info", .gauge,
            "Wi-Fi networks served (value 1); SSID bytes that are not UTF-8 appear as \\xNN.")

        for ap in accessPoints {
            let apLabel = [(name: "ap", value: ap.name)]
            info.samples.append(
                MetricSample(
                    apLabel + [
                        ("hotspot", ap.hotspot ?? ""), ("ward", ap.ward ?? ""),
                        ("firmware", ap.firmwareFamily),
                        ("firmware_version", ap.firmwareVersion ?? ""), ("model", ap.model ?? ""),
                    ], 1))
            up.samples.append(MetricSample(apLabel, ap.isUp ? 1 : 0))
            let known = Self.states.contains(ap.state) ? ap.state : "unknown"
            for name in Self.states {
                state.samples.append(
                    MetricSample(apLabel + [("state", name)], name == known ? 1 : 0))
            }
            failures.samples.append(MetricSample(apLabel, Double(ap.consecutiveFailures)))
            if let value = ap.clients {
                clients.samples.append(MetricSample(apLabel, Double(value)))
            }
            if let value = ap.uptimeSeconds {
                uptime.samples.append(MetricSample(apLabel, Double(value)))
            }
            if let value = ap.lastSnapshotAt {
                snapshotAt.samples.append(MetricSample(apLabel, value))
            }
            var seen = Set<String>()
            for network in ap.networks {
                let labels = apLabel + [
                    ("interface", network.interface ?? ""), ("band", network.band ?? ""),
                    ("ssid", network.ssid),
                    ("encryption", network.encryption ?? ""),
                ]
                // A device listing one network twice must not repeat a series.
                let key = labels.map { "\($0.name)=\($0.value)" }.joined(separator: "\u{0}")
                if seen.insert(key).inserted {
                    networks.samples.append(MetricSample(labels, 1))
                }
            }
        }

        var families = [info, up, state, failures, clients, uptime, snapshotAt, networks]
        if let run = lastRun {
            families += [
                MetricFamily(
                    "ketnoi_inventory_last_run_timestamp_seconds", .gauge,
                    "When the last inventory run finished, seconds since 1970.",
                    [MetricSample(run.finishedAt)]),
                MetricFamily(
                    "ketnoi_inventory_last_run_duration_seconds", .gauge,
                    "How long the last inventory run took.", [MetricSample(run.durationSeconds)]),
                MetricFamily(
                    "ketnoi_inventory_last_run_access_points", .gauge,
                    "Access points the last inventory run visited.",
                    [MetricSample(Double(run.accessPoints))]),
                MetricFamily(
                    "ketnoi_inventory_last_run_answered", .gauge,
                    "Access points that answered the last inventory run.",
                    [MetricSample(Double(run.answered))]),
            ]
        }
        return families
    }

    // MARK: - Usage

    func usageFamilies() -> [MetricFamily] {
        var bytes = MetricFamily(
            "ketnoi_hotspot_usage_bytes_total", .counter,
            "Bytes counted in stored usage windows, by direction relative to the access point.")
        var packets = MetricFamily(
            "ketnoi_hotspot_usage_packets_total", .counter,
            "Packets counted in stored usage windows.")
        var devices = MetricFamily(
            "ketnoi_hotspot_usage_devices", .gauge,
            "Distinct client devices (keyed pseudonyms) on the newest sampled UTC day.")
        var windowEnd = MetricFamily(
            "ketnoi_hotspot_usage_last_window_end_timestamp_seconds", .gauge,
            "End of the newest stored usage window, seconds since 1970.")
        for hotspot in usage {
            let labels = [(name: "hotspot", value: hotspot.hotspot), ("ward", hotspot.ward ?? "")]
            for (direction, value) in [
                ("up", hotspot.bytesUp), ("down", hotspot.bytesDown),
                ("unclassified", hotspot.bytesUnclassified),
            ] {
                bytes.samples.append(
                    MetricSample(labels + [("direction", direction)], Double(value)))
            }
            packets.samples.append(MetricSample(labels, Double(hotspot.packets)))
            devices.samples.append(MetricSample(labels, Double(hotspot.devices)))
            windowEnd.samples.append(MetricSample(labels, hotspot.lastWindowEnd))
        }
        return [bytes, packets, devices, windowEnd]
    }

    // MARK: - Wards: Places, then Coverage and Learning

    func wardFamilies() -> [MetricFamily] {
        var info = MetricFamily(
            "ketnoi_ward_info", .gauge, "Ward metadata (value 1): name and kind.")
        var population = MetricFamily(
            "ketnoi_ward_population", .gauge, "Residents of the ward, as imported.")
        var hotspots = MetricFamily(
            "ketnoi_ward_hotspots", .gauge, "Public Wi-Fi hotspots placed in the ward.")
        for ward in wards {
            let label = [(name: "ward", value: ward.code)]
            info.samples.append(
                MetricSample(label + [("name", ward.name), ("kind", ward.kind)], 1))
            if let value = ward.population {
                population.samples.append(MetricSample(label, Double(value)))
            }
            hotspots.samples.append(MetricSample(label, Double(ward.hotspots)))
        }

        var covered = MetricFamily(
            "ketnoi_ward_population_covered_ratio", .gauge,
            "Share of the ward's population within a hotspot's radio footprint (0-1).")
        var accessibility = MetricFamily(
            "ketnoi_ward_accessibility", .gauge,
            "2SFCA accessibility: concurrent-user capacity per resident within the catchment.")
        var rank = MetricFamily(
            "ketnoi_ward_underserved_rank", .gauge, "Rank among underserved wards, 1 the most.")
        for figure in coverage {
            let label = [(name: "ward", value: figure.ward)]
            covered.samples.append(MetricSample(label, figure.coveredRatio))
            if let value = figure.accessibility {
                accessibility.samples.append(MetricSample(label, value))
            }
            if let value = figure.underservedRank {
                rank.samples.append(MetricSample(label, Double(value)))
            }
        }

        var enrolments = MetricFamily(
            "ketnoi_ward_enrolments_total", .counter,
            "Course enrolments of learners from the ward (small counts left out).")
        var completions = MetricFamily(
            "ketnoi_ward_completions_total", .counter,
            "Course completions of learners from the ward (small counts left out).")
        var completionRatio = MetricFamily(
            "ketnoi_ward_completion_ratio", .gauge,
            "Completions per enrolment in the ward (0-1; left out for small counts).")
        for figure in enrolment where figure.enrolments >= minimumPublishedCount {
            let label = [(name: "ward", value: figure.ward)]
            enrolments.samples.append(MetricSample(label, Double(figure.enrolments)))
            // A ratio next to a suppressed count would give the count away.
            guard figure.completions >= minimumPublishedCount else { continue }
            completions.samples.append(MetricSample(label, Double(figure.completions)))
            completionRatio.samples.append(
                MetricSample(label, Double(figure.completions) / Double(figure.enrolments)))
        }
        return [
            info, population, hotspots, covered, accessibility, rank, enrolments, completions,
            completionRatio,
        ]
    }
}
