import Foundation
import Storage

/// The last finished inventory run, for monitoring.
public struct InventoryRunSummary: Sendable, Equatable {
    public let id: Int64
    public let startedAt: Date
    public let finishedAt: Date
    public let accessPoints: Int
    public let answered: Int
}

extension FleetStatus {
    /// The last inventory run that finished, if any.
    public func lastFinishedRun() throws -> InventoryRunSummary? {
        try db.queryFirst("""
            SELECT id, started_at, finished_at, access_points, answered FROM inventory_runs
            WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1
            """).map { row in
            InventoryRunSummary(
                id: try row.get("id"), startedAt: try row.get("started_at"),
                finishedAt: try row.get("finished_at"), accessPoints: try row.get("access_points"),
                answered: try row.get("answered"))
        }
    }

    /// Every access point's radios from its last answered snapshot, by AP name; an AP whose
    /// stored radios cannot be read is left out.
    public func lastRadios() throws -> [String: [RadioFacts]] {
        let rows = try db.query("""
            SELECT a.name, s.radios FROM access_points a
            JOIN snapshots s ON s.id = (
                SELECT id FROM snapshots WHERE ap_id = a.id AND result IN ('ok', 'degraded')
                    AND radios IS NOT NULL
                ORDER BY id DESC LIMIT 1)
            """)
        var radios: [String: [RadioFacts]] = [:]
        let decoder = JSONDecoder()
        for row in rows {
            let text: String = try row.get("radios")
            if let facts = try? decoder.decode([RadioFacts].self, from: Data(text.utf8)) {
                radios[try row.get("name")] = facts
            }
        }
        return radios
    }
}
