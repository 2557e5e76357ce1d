import Foundation
import Storage

/// The firmware families ketnoi has drivers for.
public enum FirmwareFamily: String, Sendable, CaseIterable, Codable {
    case openwrt, routeros, unifi
}

/// A device at a hotspot, reached over SSH.
public struct AccessPoint: Sendable, Equatable {
    public var name: String
    public var hotspotCode: String?
    public var address: String
    public var port: Int
    public var user: String
    public var firmware: FirmwareFamily
    /// Where the credentials are, never the secret itself: `key:PATH;agent;password-env:VAR`.
    public var credential: String
    /// The interface to capture usage on (for the usage sampler), when known.
    public var captureInterface: String?
    public var enabled: Bool
    public var source: String

    public init(
        name: String, hotspotCode: String? = nil, address: String, port: Int = 22,
        user: String = "root", firmware: FirmwareFamily, credential: String = "",
        captureInterface: String? = nil, enabled: Bool = true, source: String = "manual"
    ) {
        self.name = name
        self.hotspotCode = hotspotCode
        self.address = address
        self.port = port
        self.user = user
        self.firmware = firmware
        self.credential = credential
        self.captureInterface = captureInterface
        self.enabled = enabled
        self.source = source
    }
}

/// Reads and writes access points and their pinned host keys.
public struct AccessPointStore {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    private static let columns = """
        name, hotspot_code, address, port, user, firmware, credential, capture_interface, enabled,
        source
        """

    public func all() throws -> [AccessPoint] {
        try db.query("SELECT \(Self.columns) FROM access_points ORDER BY name").map(
            Self.accessPoint)
    }

    public func find(name: String) throws -> AccessPoint? {
        try db.queryFirst("SELECT \(Self.columns) FROM access_points WHERE name = ?", [name])
            .map(Self.accessPoint)
    }

    func id(of name: String) throws -> Int64? {
        try db.scalar(Int64.self, "SELECT id FROM access_points WHERE name = ?", [name])
    }

    /// Inserts or updates (by name); returns true when it existed.
    @discardableResult
    public func save(_ ap: AccessPoint, now: Date = Date()) throws -> Bool {
        let existed = try id(of: ap.name) != nil
        try db.execute("""
            INSERT INTO access_points (name, hotspot_code, address, port, user, firmware,
                credential, capture_interface, enabled, source, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET hotspot_code = excluded.hotspot_code,
                address = excluded.address, port = excluded.port, user = excluded.user,
                firmware = excluded.firmware, credential = excluded.credential,
                capture_interface = excluded.capture_interface, enabled = excluded.enabled,
                source = excluded.source, updated_at = excluded.updated_at
            """, [
                ap.name, ap.hotspotCode, ap.address, ap.port, ap.user, ap.firmware.rawValue,
                ap.credential, ap.captureInterface, ap.enabled, ap.source, now, now,
            ])
        return existed
    }

    @discardableResult
    public func remove(name: String) throws -> Bool {
        try db.execute("DELETE FROM access_points WHERE name = ?", [name])
        return db.changes > 0
    }

    /// The pinned host key of an access point, if any.
    public func pinnedKey(name: String) throws -> HostKey? {
        try db.queryFirst("""
            SELECT k.key_type, k.key_base64, k.fingerprint FROM host_keys k
            JOIN access_points a ON a.id = k.ap_id WHERE a.name = ?
            """, [name]).map { row in
            HostKey(
                type: try row.get("key_type"), base64: try row.get("key_base64"),
                fingerprint: try row.get("fingerprint"))
        }
    }

    /// Pins (or replaces) the host key of an access point.
    func pin(_ key: HostKey, apID: Int64, now: Date) throws {
        try db.execute("""
            INSERT INTO host_keys (ap_id, key_type, key_base64, fingerprint, pinned_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (ap_id) DO UPDATE SET key_type = excluded.key_type,
                key_base64 = excluded.key_base64, fingerprint = excluded.fingerprint,
                pinned_at = excluded.pinned_at
            """, [apID, key.type, key.base64, key.fingerprint, now])
    }

    static func accessPoint(_ row: Row) throws -> AccessPoint {
        let firmware: String = try row.get("firmware")
        return AccessPoint(
            name: try row.get("name"), hotspotCode: try row.get("hotspot_code"),
            address: try row.get("address"), port: try row.get("port"), user: try row.get("user"),
            firmware: FirmwareFamily(rawValue: firmware) ?? .openwrt,
            credential: try row.get("credential"),
            captureInterface: try row.get("capture_interface"),
            enabled: try row.get("enabled"), source: try row.get("source"))
    }
}
