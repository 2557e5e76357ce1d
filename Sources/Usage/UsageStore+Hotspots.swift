import Foundation
import Storage

extension UsageStore {
    /// Usage of one hotspot over every stored window of its access points.
    public struct HotspotTotal: Sendable, Equatable {
        public let hotspot: String
        public let packets: Int
        public let bytesUp: Int
        public let bytesDown: Int
        public let bytesUnclassified: Int
        /// The end of the newest window.
        public let lastWindowEnd: Date
        /// The newest UTC day with windows, `YYYY-MM-DD`.
        public let lastDay: String
        /// Distinct devices (pseudonyms) on `lastDay` across the hotspot's access points.
        public let devicesOnLastDay: Int
    }

    /// Totals per hotspot, for monitoring; windows of sources with no hotspot are left out.
    public func hotspotTotals() throws -> [HotspotTotal] {
        let rows = try db.query("""
            SELECT a.hotspot_code AS hotspot, sum(w.packets) AS packets,
                sum(w.bytes_up) AS up, sum(w.bytes_down) AS down,
                sum(w.bytes_unclassified) AS unclassified,
                max(CAST(strftime('%s', w.window_start) AS INTEGER) + w.window_seconds) AS last_end,
                max(substr(w.window_start, 1, 10)) AS last_day
            FROM usage_windows w JOIN access_points a ON a.id = w.ap_id
            WHERE a.hotspot_code IS NOT NULL
            GROUP BY a.hotspot_code ORDER BY a.hotspot_code
            """)
        let devices = try db.prepare("""
            SELECT count(DISTINCT d.pseudonym) FROM usage_day_devices d
            JOIN access_points a ON a.id = d.ap_id WHERE a.hotspot_code = ? AND d.day = ?
            """)
        return try rows.map { row in
            let hotspot: String = try row.get("hotspot")
            let day: String = try row.get("last_day")
            let count = try devices.query([hotspot, day]).first?.get(0, as: Int.self) ?? 0
            return HotspotTotal(
                hotspot: hotspot, packets: try row.get("packets"), bytesUp: try row.get("up"),
                bytesDown: try row.get("down"), bytesUnclassified: try row.get("unclassified"),
                lastWindowEnd: Date(timeIntervalSince1970: TimeInterval(try row.get("last_end",
                    as: Int.self))),
                lastDay: day, devicesOnLastDay: count)
        }
    }
}
