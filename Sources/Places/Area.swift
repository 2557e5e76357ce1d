import Foundation
import Geo
import Storage

/// An administrative unit (phường, xã): code, name, boundary, population.
public struct Area: Sendable, Equatable {
    public var code: String
    public var name: String
    /// `phường`, `xã`, or another kind as given; empty when unknown.
    public var kind: String
    /// Area computed from the boundary on the WGS84 ellipsoid, when there is a boundary.
    public var computedAreaKm2: Double?
    /// Area as published with the data, when given.
    public var publishedAreaKm2: Double?
    /// The boundary's centroid, or the published centre point when there is no boundary.
    public var centre: Coordinate?
    public var hasBoundary: Bool
    public var population: Int?
    public var populationSource: String?
    public var populationYear: Int?
    /// The file the area came from.
    public var source: String
    public var updatedAt: Date

    /// The area to show: computed from the boundary, else the published figure.
    public var areaKm2: Double? { computedAreaKm2 ?? publishedAreaKm2 }
}

/// A population figure for a group within an area (`female`, `age:60+`, `poor-household`).
public struct GroupPopulation: Sendable, Equatable {
    public var areaCode: String
    public var group: String
    public var value: Int
    public var source: String
    public var year: Int?
}

/// Reads and writes areas.
public struct AreaStore {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    private static let columns = """
        code, name, kind, computed_area_km2, published_area_km2, centre_lat, centre_lon,
        boundary IS NOT NULL AS has_boundary, population, population_source, population_year,
        source, updated_at
        """

    /// All areas, ordered by code.
    public func all() throws -> [Area] {
        try db.query("SELECT \(Self.columns) FROM areas ORDER BY code").map(Self.area)
    }

    /// The area with this code, if any.
    public func find(code: String) throws -> Area? {
        try db.queryFirst("SELECT \(Self.columns) FROM areas WHERE code = ?", [code]).map(Self.area)
    }

    public func count() throws -> Int {
        try db.scalar(Int.self, "SELECT count(*) FROM areas") ?? 0
    }

    /// The boundary of one area, if it has one.
    public func boundary(code: String) throws -> MultiPolygon? {
        let blob = try db.scalar([UInt8].self, "SELECT boundary FROM areas WHERE code = ?", [code])
        return blob.flatMap(BoundaryCodec.decode)
    }

    /// Group populations of an area, ordered by group.
    public func groupPopulations(code: String) throws -> [GroupPopulation] {
        try db.query("""
            SELECT area_code, population_group, value, source, year FROM area_populations
            WHERE area_code = ? ORDER BY population_group
            """, [code]).map { row in
            GroupPopulation(
                areaCode: try row.get("area_code"), group: try row.get("population_group"),
                value: try row.get("value"), source: try row.get("source"),
                year: try row.get("year"))
        }
    }

    /// Finds the area for points: by boundary where areas have boundaries, else the nearest centre.
    public func locator() throws -> AreaLocator {
        var bounded: [(code: String, name: String, boundary: MultiPolygon)] = []
        var centres: [(code: String, name: String, centre: Coordinate)] = []
        let rows = try db.query("""
            SELECT code, name, centre_lat, centre_lon, boundary FROM areas ORDER BY code
            """)
        for row in rows {
            let code: String = try row.get("code")
            let name: String = try row.get("name")
            if let blob: [UInt8] = try row.get("boundary"),
                let boundary = BoundaryCodec.decode(blob)
            {
                bounded.append((code, name, boundary))
                centres.append((code, name, boundary.centroid))
            } else if let lat: Double = try row.get("centre_lat"),
                let lon: Double = try row.get("centre_lon")
            {
                centres.append((code, name, Coordinate(latitude: lat, longitude: lon)))
            }
        }
        return AreaLocator(bounded: bounded, centres: centres)
    }

    static func area(_ row: Row) throws -> Area {
        var centre: Coordinate?
        if let lat: Double = try row.get("centre_lat"), let lon: Double = try row.get("centre_lon")
        {
            centre = Coordinate(latitude: lat, longitude: lon)
        }
        return Area(
            code: try row.get("code"), name: try row.get("name"), kind: try row.get("kind"),
            computedAreaKm2: try row.get("computed_area_km2"),
            publishedAreaKm2: try row.get("published_area_km2"), centre: centre,
            hasBoundary: try row.get("has_boundary"), population: try row.get("population"),
            populationSource: try row.get("population_source"),
            populationYear: try row.get("population_year"), source: try row.get("source"),
            updatedAt: try row.get("updated_at"))
    }
}

/// Which area a point lies in.
public struct AreaPlacement: Sendable, Equatable {
    public let code: String
    public let name: String
    /// True when found by nearest centre point rather than inside a boundary.
    public let approximate: Bool
    /// Metres from the point to the area's centre.
    public let distanceToCentre: Double
}

/// Places points in areas: inside a boundary, or at the nearest centre point.
public struct AreaLocator: Sendable {
    let bounded: [(code: String, name: String, boundary: MultiPolygon)]
    let centres: [(code: String, name: String, centre: Coordinate)]

    /// Whether there are any areas to place points in.
    public var isEmpty: Bool { centres.isEmpty }
    /// Whether the areas have boundaries (else placement is by nearest centre, approximate).
    public var hasBoundaries: Bool { !bounded.isEmpty }

    /// The area containing the point, by boundary only.
    public func containing(_ point: Coordinate) -> AreaPlacement? {
        for area in bounded where area.boundary.contains(point) {
            let distance = Geodesy.distance(point, area.boundary.centroid)
            return AreaPlacement(
                code: area.code, name: area.name, approximate: false, distanceToCentre: distance)
        }
        return nil
    }

    /// The area whose centre is nearest the point.
    public func nearest(_ point: Coordinate) -> AreaPlacement? {
        var best: AreaPlacement?
        for area in centres {
            let distance = Geodesy.distance(point, area.centre)
            if best == nil || distance < best!.distanceToCentre {
                best = AreaPlacement(
                    code: area.code, name: area.name, approximate: true, distanceToCentre: distance)
            }
        }
        return best
    }

    /// A point this far (metres) outside every boundary's box is too far to place.
    public static let boundaryReach = 5_000.0
    /// Without boundaries, a point this far (metres) from every centre is too far to place.
    public static let centreReach = 25_000.0

    /// The area of a point: inside a boundary; else the nearest centre when the point is near
    /// the areas (approximate); nil when it is far from all of them.
    public func place(_ point: Coordinate) -> AreaPlacement? {
        if let inside = containing(point) { return inside }
        guard let nearest = nearest(point) else { return nil }
        if let outside = distanceToBoundedAreas(point) {
            return outside <= Self.boundaryReach ? nearest : nil
        }
        return nearest.distanceToCentre <= Self.centreReach ? nearest : nil
    }

    /// Metres from the point to the nearest area's bounding box (0 inside one), by boundary.
    public func distanceToBoundedAreas(_ point: Coordinate) -> Double? {
        guard !bounded.isEmpty else { return nil }
        var best = Double.infinity
        for area in bounded {
            let box = area.boundary.boundingBox
            let clamped = Coordinate(
                latitude: min(max(point.latitude, box.minLatitude), box.maxLatitude),
                longitude: min(max(point.longitude, box.minLongitude), box.maxLongitude))
            best = min(best, Geodesy.distance(point, clamped))
            if best == 0 { break }
        }
        return best
    }
}
