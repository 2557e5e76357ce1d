import Foundation
import Storage

/// Stores and reads usage windows.
public struct UsageStore {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    /// Writes windows for a source (`ap:NAME` or `file:NAME`) in one transaction; a window
    /// sampled again replaces the earlier figures.
    public func save(_ windows: [UsageWindow], source: String, apID: Int64?, now: Date = Date())
        throws
    {
        try db.transaction {
            let insert = try db.prepare("""
                INSERT INTO usage_windows (source, ap_id, window_start, window_seconds, packets,
                    bytes, bytes_up, bytes_down, bytes_unclassified, clients, probe_requests,
                    probe_sources, probe_sources_global, probe_sources_local, dhcp_discovers,
                    dhcp_requests, dns_queries, malformed, truncated, unknown_link_type, sampled_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (source, window_start, window_seconds) DO UPDATE SET
                    ap_id = excluded.ap_id, packets = excluded.packets, bytes = excluded.bytes,
                    bytes_up = excluded.bytes_up, bytes_down = excluded.bytes_down,
                    bytes_unclassified = excluded.bytes_unclassified, clients = excluded.clients,
                    probe_requests = excluded.probe_requests, probe_sources = excluded.probe_sources,
                    probe_sources_global = excluded.probe_sources_global,
                    probe_sources_local = excluded.probe_sources_local,
                    dhcp_discovers = excluded.dhcp_discovers, dhcp_requests = excluded.dhcp_requests,
                    dns_queries = excluded.dns_queries, malformed = excluded.malformed,
                    truncated = excluded.truncated, unknown_link_type = excluded.unknown_link_type,
                    sampled_at = excluded.sampled_at
                """)
            let device = try db.prepare("""
                INSERT OR IGNORE INTO usage_day_devices (day, source, ap_id, pseudonym)
                VALUES (?, ?, ?, ?)
                """)
            for window in windows {
                let c = window.counters
                try insert.execute([
                    source, apID, Date(timeIntervalSince1970: TimeInterval(window.start)),
                    window.seconds, c.packets, c.bytes, c.bytesUp, c.bytesDown, c.bytesUnclassified,
                    c.clients, c.probeRequests, c.probeSources, c.probeSourcesGlobal,
                    c.probeSourcesLocal, c.dhcpDiscovers, c.dhcpRequests, c.dnsQueries, c.malformed,
                    c.truncated, c.unknownLinkType, now,
                ])
                for pseudonym in window.clientPseudonyms.sorted() {
                    try device.execute([window.day, source, apID, pseudonym.description])
                }
            }
        }
    }

    /// One stored window, for `ketnoi usage`.
    public struct StoredWindow: Sendable {
        public let source: String
        public let accessPoint: String?
        public let hotspot: String?
        public let start: Date
        public let seconds: Int
        public let counters: UsageCounters
    }

    /// Daily totals per source: unique devices from the day's pseudonyms.
    public struct DailyTotal: Sendable {
        public let day: String
        public let source: String
        public let accessPoint: String?
        public let hotspot: String?
        public let packets: Int
        public let bytes: Int
        public let uniqueDevices: Int
        public let probeRequests: Int
    }

    /// The conditions `--hotspot` and `--since` add to a query over `usage_windows w`.
    static func filter(hotspot: String?, since: Date?) -> (String, [any DatabaseValueConvertible]) {
        var sql = ""
        var arguments: [any DatabaseValueConvertible] = []
        if let hotspot {
            sql += " AND a.hotspot_code = ?"
            arguments.append(hotspot)
        }
        if let since {
            sql += " AND w.window_start >= ?"
            arguments.append(since)
        }
        return (sql, arguments)
    }

    public func windows(hotspot: String? = nil, since: Date? = nil) throws -> [StoredWindow] {
        var sql = """
            SELECT w.*, a.name AS ap_name, a.hotspot_code FROM usage_windows w
            LEFT JOIN access_points a ON a.id = w.ap_id WHERE 1 = 1
            """
        let (filter, arguments) = Self.filter(hotspot: hotspot, since: since)
        sql += filter + " ORDER BY w.window_start, w.source"
        return try db.query(sql, arguments).map { row in
            var c = UsageCounters()
            c.packets = try row.get("packets")
            c.bytes = try row.get("bytes")
            c.bytesUp = try row.get("bytes_up")
            c.bytesDown = try row.get("bytes_down")
            c.bytesUnclassified = try row.get("bytes_unclassified")
            c.clients = try row.get("clients")
            c.probeRequests = try row.get("probe_requests")
            c.probeSources = try row.get("probe_sources")
            c.probeSourcesGlobal = try row.get("probe_sources_global")
            c.probeSourcesLocal = try row.get("probe_sources_local")
            c.dhcpDiscovers = try row.get("dhcp_discovers")
            c.dhcpRequests = try row.get("dhcp_requests")
            c.dnsQueries = try row.get("dns_queries")
            c.malformed = try row.get("malformed")
            c.truncated = try row.get("truncated")
            c.unknownLinkType = try row.get("unknown_link_type")
            return StoredWindow(
                source: try row.get("source"), accessPoint: try row.get("ap_name"),
                hotspot: try row.get("hotspot_code"), start: try row.get("window_start"),
                seconds: try row.get("window_seconds"), counters: c)
        }
    }

    public func dailyTotals(hotspot: String? = nil, since: Date? = nil) throws -> [DailyTotal] {
        var sql = """
            SELECT substr(w.window_start, 1, 10) AS day, w.source, a.name AS ap_name,
                a.hotspot_code, sum(w.packets) AS packets, sum(w.bytes) AS bytes,
                sum(w.probe_requests) AS probes,
                (SELECT count(*) FROM usage_day_devices d
                 WHERE d.day = substr(w.window_start, 1, 10) AND d.source = w.source) AS devices
            FROM usage_windows w LEFT JOIN access_points a ON a.id = w.ap_id WHERE 1 = 1
            """
        let (filter, arguments) = Self.filter(hotspot: hotspot, since: since)
        sql += filter + " GROUP BY day, w.source ORDER BY day, w.source"
        return try db.query(sql, arguments).map { row in
            DailyTotal(
                day: try row.get("day"), source: try row.get("source"),
                accessPoint: try row.get("ap_name"), hotspot: try row.get("hotspot_code"),
                packets: try row.get("packets"), bytes: try row.get("bytes"),
                uniqueDevices: try row.get("devices"), probeRequests: try row.get("probes"))
        }
    }
}
