import Foundation
import Storage

/// An access point's health and its last snapshot, for `ketnoi status` and the inventory table.
public struct AccessPointStatus: Sendable {
    public let name: String
    public let hotspotCode: String?
    public let enabled: Bool
    /// `ok`, `degraded`, `unreachable`, `auth-failed`, `hostkey-mismatch`, `timeout`,
    /// `parse-error`, `protocol-error`, or `unknown` before the first run.
    public let state: String
    public let reason: String?
    public let since: Date?
    public let consecutiveFailures: Int
    public let lastOKAt: Date?
    public let lastSnapshotAt: Date?
    public let model: String?
    public let firmware: String?
    public let firmwareVersion: String?
    public let clients: Int?
    public let uptimeSeconds: Int?
}

/// A recorded change of an access point.
public struct ChangeRecord: Sendable {
    public let changedAt: Date
    public let field: String
    public let before: String?
    public let after: String?
}

/// Read-only views of the fleet.
public struct FleetStatus {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    /// Every access point (or those named) with its health and last answered snapshot.
    public func all(names: [String] = []) throws -> [AccessPointStatus] {
        let rows = try db.query("""
            SELECT a.name, a.hotspot_code, a.enabled, h.state, h.reason, h.since,
                h.consecutive_failures, h.last_ok_at, s.taken_at, s.model, s.firmware,
                s.firmware_version, s.clients, s.uptime_seconds
            FROM access_points a
            LEFT JOIN ap_health h ON h.ap_id = a.id
            LEFT JOIN snapshots s ON s.id = (
                SELECT id FROM snapshots WHERE ap_id = a.id AND result IN ('ok', 'degraded')
                ORDER BY id DESC LIMIT 1)
            ORDER BY a.name
            """)
        let wanted = Set(names)
        return try rows.compactMap { row in
            let name: String = try row.get("name")
            if !wanted.isEmpty && !wanted.contains(name) { return nil }
            return AccessPointStatus(
                name: name, hotspotCode: try row.get("hotspot_code"),
                enabled: try row.get("enabled"),
                state: (try row.get("state", as: String?.self)) ?? "unknown",
                reason: try row.get("reason"), since: try row.get("since"),
                consecutiveFailures: (try row.get("consecutive_failures", as: Int?.self)) ?? 0,
                lastOKAt: try row.get("last_ok_at"), lastSnapshotAt: try row.get("taken_at"),
                model: try row.get("model"), firmware: try row.get("firmware"),
                firmwareVersion: try row.get("firmware_version"), clients: try row.get("clients"),
                uptimeSeconds: try row.get("uptime_seconds"))
        }
    }

    /// The access point's own addresses (its networks' BSSIDs) from its last answered snapshot,
    /// for telling traffic to and from the AP apart.
    public func bssids(name: String) throws -> [String] {
        guard let text = try db.scalar(String.self, """
            SELECT s.radios FROM snapshots s JOIN access_points a ON a.id = s.ap_id
            WHERE a.name = ? AND s.result IN ('ok', 'degraded') AND s.radios IS NOT NULL
            ORDER BY s.id DESC LIMIT 1
            """, [name]),
            let radios = try? JSONDecoder().decode([RadioFacts].self, from: Data(text.utf8))
        else { return [] }
        return radios.flatMap(\.networks).compactMap(\.bssid)
    }

    /// The change log of one access point, oldest first.
    public func history(name: String) throws -> [ChangeRecord] {
        try db.query("""
            SELECT c.changed_at, c.field, c.before, c.after FROM ap_changes c
            JOIN access_points a ON a.id = c.ap_id WHERE a.name = ? ORDER BY c.id
            """, [name]).map { row in
            ChangeRecord(
                changedAt: try row.get("changed_at"), field: try row.get("field"),
                before: try row.get("before"), after: try row.get("after"))
        }
    }
}

/// Accepts a new host key for an access point: the only way past `hostkey-mismatch`.
public struct HostKeyRepin {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    /// Connects to the AP, and pins the key it presents if its fingerprint is the one the
    /// operator gave (checked out of band); records the change with both fingerprints.
    public func repin(
        name: String, fingerprint: String, timeouts: SSHTimeouts = .init(), now: Date = Date()
    ) throws -> Change {
        let store = AccessPointStore(db)
        guard let ap = try store.find(name: name), let apID = try store.id(of: name) else {
            throw InventoryError(message: "no access point named '\(name)'")
        }
        let session = SSHSession(host: ap.address, port: ap.port, user: ap.user, timeouts: timeouts)
        defer { session.close() }
        let presented = try session.connect()
        guard presented.fingerprint == fingerprint else {
            throw InventoryError(message: "\(name) presents \(presented.fingerprint), not the "
                + "\(fingerprint) given; nothing changed")
        }
        let old = try store.pinnedKey(name: name)
        if let old, old.isSameKey(as: presented) {
            throw InventoryError(
                message: "\(name): \(fingerprint) is already the pinned key; nothing changed")
        }
        let change = Change(
            field: "hostkey re-pinned", before: old?.fingerprint, after: presented.fingerprint)
        try db.transaction {
            try store.pin(presented, apID: apID, now: now)
            try db.execute("""
                INSERT INTO ap_changes (ap_id, changed_at, field, before, after) VALUES (?, ?, ?, ?, ?)
                """, [apID, now, change.field, change.before, change.after])
        }
        return change
    }
}

extension Credential {
    /// Used when an access point names no credential: the agent, then the usual key files.
    public static func defaults(home: String = NSHomeDirectory()) -> [Credential] {
        var credentials: [Credential] = [.agent]
        for name in ["id_ed25519", "id_ecdsa", "id_rsa"] {
            let path = home + "/.ssh/" + name
            if FileManager.default.fileExists(atPath: path) {
                credentials.append(.keyFile(path: path))
            }
        }
        return credentials
    }
}
