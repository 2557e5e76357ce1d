import Foundation
import Geo
import Storage

/// How built-up the surroundings of a hotspot are; it sets the default radio reach.
public enum Environment: String, Sendable, CaseIterable, Codable {
    case denseUrban = "dense-urban"
    case urban
    case suburban
    case rural
}

/// A public Wi-Fi site with a location, its area, and capacity in concurrent users.
public struct Hotspot: Sendable, Equatable {
    public var code: String
    public var name: String
    public var coordinate: Coordinate
    public var areaCode: String?
    /// True when the area was found by nearest centre point, not inside a boundary.
    public var areaApproximate: Bool
    public var environment: Environment?
    public var capacity: Int?
    public var address: String?
    /// Where the hotspot came from: a file name, `sample`, or `manual`.
    public var source: String

    public init(
        code: String, name: String, coordinate: Coordinate, areaCode: String? = nil,
        areaApproximate: Bool = false, environment: Environment? = nil, capacity: Int? = nil,
        address: String? = nil, source: String
    ) {
        self.code = code
        self.name = name
        self.coordinate = coordinate
        self.areaCode = areaCode
        self.areaApproximate = areaApproximate
        self.environment = environment
        self.capacity = capacity
        self.address = address
        self.source = source
    }
}

/// Reads and writes hotspots.
public struct HotspotStore {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    private static let columns = """
        code, name, latitude, longitude, area_code, area_approximate, environment, capacity,
        address, source
        """

    /// All hotspots, or those of one area, ordered by code.
    public func all(areaCode: String? = nil) throws -> [Hotspot] {
        if let areaCode {
            return try db.query(
                "SELECT \(Self.columns) FROM hotspots WHERE area_code = ? ORDER BY code", [areaCode]
            ).map(Self.hotspot)
        }
        return try db.query("SELECT \(Self.columns) FROM hotspots ORDER BY code").map(Self.hotspot)
    }

    public func find(code: String) throws -> Hotspot? {
        try db.queryFirst("SELECT \(Self.columns) FROM hotspots WHERE code = ?", [code])
            .map(Self.hotspot)
    }

    public func count() throws -> Int {
        try db.scalar(Int.self, "SELECT count(*) FROM hotspots") ?? 0
    }

    /// Inserts a hotspot, or updates the one with the same code; returns true when it existed.
    @discardableResult
    public func save(_ hotspot: Hotspot, now: Date = Date()) throws -> Bool {
        let existed = try find(code: hotspot.code) != nil
        try db.execute("""
            INSERT INTO hotspots (code, name, latitude, longitude, area_code, area_approximate,
                environment, capacity, address, source, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, latitude = excluded.latitude,
                longitude = excluded.longitude, area_code = excluded.area_code,
                area_approximate = excluded.area_approximate, environment = excluded.environment,
                capacity = excluded.capacity, address = excluded.address, source = excluded.source,
                updated_at = excluded.updated_at
            """, [
                hotspot.code, hotspot.name, hotspot.coordinate.latitude,
                hotspot.coordinate.longitude, hotspot.areaCode, hotspot.areaApproximate,
                hotspot.environment?.rawValue, hotspot.capacity, hotspot.address, hotspot.source,
                now, now,
            ])
        return existed
    }

    /// Removes a hotspot; returns false when there was none with that code.
    @discardableResult
    public func remove(code: String) throws -> Bool {
        try db.execute("DELETE FROM hotspots WHERE code = ?", [code])
        return db.changes > 0
    }

    /// The code of a stored hotspot with this name at exactly these coordinates (as a file
    /// gives them again on a re-import), if any.
    func code(name: String, at point: Coordinate) throws -> String? {
        try db.scalar(String.self, """
            SELECT code FROM hotspots WHERE name = ? AND latitude = ? AND longitude = ?
            ORDER BY code LIMIT 1
            """, [name, point.latitude, point.longitude])
    }

    /// The next free generated code, `H00001` onwards.
    func nextGeneratedCode(after used: Set<String>) throws -> (String) -> String {
        var next = (try db.scalar(Int.self, """
            SELECT max(CAST(substr(code, 2) AS INTEGER)) FROM hotspots
            WHERE code GLOB 'H[0-9][0-9][0-9][0-9][0-9]*'
            """) ?? 0) + 1
        var taken = used
        return { _ in
            while true {
                let code = String(format: "H%05d", next)
                next += 1
                if !taken.contains(code) {
                    taken.insert(code)
                    return code
                }
            }
        }
    }

    /// Places every hotspot in its area again (after areas changed); returns how many moved.
    func replaceAll(locator: AreaLocator, now: Date) throws -> Int {
        guard !locator.isEmpty else { return 0 }
        var moved = 0
        for hotspot in try all() {
            let placement = locator.place(hotspot.coordinate)
            let approximate = placement?.approximate ?? false
            if placement?.code != hotspot.areaCode || approximate != hotspot.areaApproximate {
                try db.execute("""
                    UPDATE hotspots SET area_code = ?, area_approximate = ?, updated_at = ?
                    WHERE code = ?
                    """, [placement?.code, approximate, now, hotspot.code])
                moved += 1
            }
        }
        return moved
    }

    static func hotspot(_ row: Row) throws -> Hotspot {
        let environment: String? = try row.get("environment")
        return Hotspot(
            code: try row.get("code"), name: try row.get("name"),
            coordinate: Coordinate(
                latitude: try row.get("latitude"), longitude: try row.get("longitude")),
            areaCode: try row.get("area_code"), areaApproximate: try row.get("area_approximate"),
            environment: environment.flatMap(Environment.init(rawValue:)),
            capacity: try row.get("capacity"), address: try row.get("address"),
            source: try row.get("source"))
    }
}
