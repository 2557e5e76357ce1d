import Foundation
import Fleet
import Storage

/// What the fleet inventory and the usage samples say about one hotspot.
public struct HotspotActivity: Sendable, Equatable {
    /// Most clients associated at once, summed over the hotspot's access points in one
    /// inventory run; nil when no snapshot counted clients.
    public var peakConcurrentClients: Int?
    /// Most distinct devices in one usage window, summed over the hotspot's access points
    /// (a device on two of them counts twice); nil without samples.
    public var peakWindowDevices: Int?
    /// Distinct devices per day, averaged over the days sampled; nil without samples.
    public var devicesPerDay: Double?
    /// Days with usage samples.
    public var daysSampled: Int

    public init(
        peakConcurrentClients: Int? = nil, peakWindowDevices: Int? = nil,
        devicesPerDay: Double? = nil, daysSampled: Int = 0
    ) {
        self.peakConcurrentClients = peakConcurrentClients
        self.peakWindowDevices = peakWindowDevices
        self.devicesPerDay = devicesPerDay
        self.daysSampled = daysSampled
    }

    /// The higher of the two peaks over the capacity, as a share (0.8 = 80 %); nil without
    /// a capacity or a peak.
    public func saturation(capacity: Int?) -> Double? {
        guard let capacity, capacity > 0 else { return nil }
        let peaks = [peakConcurrentClients, peakWindowDevices].compactMap { $0 }
        guard let peak = peaks.max() else { return nil }
        return Double(peak) / Double(capacity)
    }
}

/// Reads radios, client peaks and device counts per hotspot from the Fleet and Usage tables.
public struct HotspotActivityReader {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    /// The radios of each hotspot's access points, from each one's latest answered snapshot.
    public func radios() throws -> [String: [RadioFacts]] {
        var result: [String: [RadioFacts]] = [:]
        let rows = try db.query("""
            SELECT a.hotspot_code, s.radios FROM access_points a
            JOIN snapshots s ON s.id = (
                SELECT id FROM snapshots WHERE ap_id = a.id AND result IN ('ok', 'degraded')
                    AND radios IS NOT NULL
                ORDER BY taken_at DESC, id DESC LIMIT 1)
            WHERE a.hotspot_code IS NOT NULL
            ORDER BY a.hotspot_code, a.name
            """)
        for row in rows {
            let code: String = try row.get("hotspot_code")
            let text: String? = try row.get("radios")
            // A radio list that does not decode is treated as not inventoried.
            guard let text,
                let radios = try? JSONDecoder().decode([RadioFacts].self, from: Data(text.utf8))
            else { continue }
            result[code, default: []] += radios
        }
        return result
    }

    /// Peaks and daily devices per hotspot code, over everything stored.
    public func activity() throws -> [String: HotspotActivity] {
        var result: [String: HotspotActivity] = [:]

        for row in try db.query("""
            SELECT hotspot_code, max(clients) AS peak FROM (
                SELECT a.hotspot_code, s.run_id, sum(s.clients) AS clients
                FROM snapshots s JOIN access_points a ON a.id = s.ap_id
                WHERE a.hotspot_code IS NOT NULL AND s.result IN ('ok', 'degraded')
                    AND s.clients IS NOT NULL
                GROUP BY a.hotspot_code, s.run_id)
            GROUP BY hotspot_code
            """) {
            let code: String = try row.get("hotspot_code")
            result[code, default: HotspotActivity()].peakConcurrentClients = try row.get("peak")
        }

        for row in try db.query("""
            SELECT hotspot_code, max(devices) AS peak FROM (
                SELECT a.hotspot_code, w.window_start, sum(w.clients) AS devices
                FROM usage_windows w JOIN access_points a ON a.id = w.ap_id
                WHERE a.hotspot_code IS NOT NULL
                GROUP BY a.hotspot_code, w.window_start)
            GROUP BY hotspot_code
            """) {
            let code: String = try row.get("hotspot_code")
            result[code, default: HotspotActivity()].peakWindowDevices = try row.get("peak")
        }

        // Pseudonyms are keyed by the day, so one device on two access points of a hotspot
        // the same day is one pseudonym: distinct per hotspot and day is exact.
        for row in try db.query("""
            SELECT hotspot_code, count(*) AS days, avg(devices) AS per_day FROM (
                SELECT a.hotspot_code, d.day, count(DISTINCT d.pseudonym) AS devices
                FROM usage_day_devices d JOIN access_points a ON a.id = d.ap_id
                WHERE a.hotspot_code IS NOT NULL
                GROUP BY a.hotspot_code, d.day)
            GROUP BY hotspot_code
            """) {
            let code: String = try row.get("hotspot_code")
            var activity = result[code, default: HotspotActivity()]
            activity.devicesPerDay = try row.get("per_day")
            activity.daysSampled = try row.get("days")
            result[code] = activity
        }
        return result
    }
}
