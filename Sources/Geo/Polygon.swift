import Foundation

// MARK: - LinearRing

/// A closed chain of positions bounding an area: the first point equals the last.
///
/// Geometry here treats a ring as cyclic, so an unclosed ring behaves as if it
/// were closed; the GeoJSON reader still reports unclosed rings as problems.
public struct LinearRing: Sendable, Equatable {
    /// The positions, first equal to last.
    public var points: [Coordinate]

    /// Creates a ring from its positions, stored as given.
    public init(points: [Coordinate]) {
        self.points = points
    }

    /// Creates a ring from its positions, stored as given.
    public init(_ points: [Coordinate]) {
        self.points = points
    }

    /// True when there are at least two points and the first equals the last.
    public var isClosed: Bool {
        points.count >= 2 && points.first == points.last
    }

    /// Twice the signed area in the longitude/latitude plane (degrees²);
    /// positive when the ring runs counter-clockwise.
    var doubledPlanarArea: Double {
        guard points.count >= 3 else { return 0 }

        // Relative to the first point, so large longitudes do not swamp small rings.
        let origin = points[0]
        var sum = 0.0
        var previous = points[points.count - 1]
        for point in points {
            let x1 = previous.longitude - origin.longitude
            let y1 = previous.latitude - origin.latitude
            let x2 = point.longitude - origin.longitude
            let y2 = point.latitude - origin.latitude
            sum += x1 * y2 - x2 * y1
            previous = point
        }
        return sum
    }
}

// MARK: - Polygon

/// An area bounded by an exterior ring, less the areas of its holes.
public struct Polygon: Sendable, Equatable {
    /// The outer boundary.
    public var exterior: LinearRing
    /// Inner boundaries; their areas are not part of the polygon.
    public var holes: [LinearRing]

    /// Creates a polygon from its outer ring and holes.
    public init(exterior: LinearRing, holes: [LinearRing] = []) {
        self.exterior = exterior
        self.holes = holes
    }

    /// The box around the exterior ring.
    public var boundingBox: BoundingBox {
        BoundingBox(covering: exterior.points)
    }

    /// True when the coordinate is inside the exterior ring and not inside a
    /// hole; a coordinate on any ring's edge counts as inside.
    ///
    /// Uses the even-odd rule in the longitude/latitude plane, where RFC 7946
    /// §3.1.1 draws edges as straight lines. Shapes that cross the antimeridian
    /// must be split there first, as RFC 7946 §3.1.9 asks of every GeoJSON file.
    public func contains(_ c: Coordinate) -> Bool {
        var inside = false
        for ring in [exterior] + holes {
            let points = ring.points
            guard var previous = points.last else { continue }
            for point in points {
                if Self.isOnEdge(c, previous, point) { return true }
                if (point.latitude > c.latitude) != (previous.latitude > c.latitude) {
                    let crossing = point.longitude
                        + (previous.longitude - point.longitude)
                        * (c.latitude - point.latitude) / (previous.latitude - point.latitude)
                    if c.longitude < crossing { inside.toggle() }
                }
                previous = point
            }
        }
        return inside
    }

    /// Area on the WGS84 ellipsoid in m²: exterior less holes.
    public var areaSquareMeters: Double {
        holes.reduce(Geodesy.area(of: exterior)) { $0 - Geodesy.area(of: $1) }
    }

    /// How far from an edge, in degrees (about 0.1 mm), a point still counts as on it.
    static let edgeTolerance = 1e-9

    /// True when `c` lies on the segment from `a` to `b`, within `edgeTolerance`.
    static func isOnEdge(_ c: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Bool {
        // Cheap box test first: most edges are nowhere near the point.
        let tolerance = edgeTolerance
        guard c.latitude >= min(a.latitude, b.latitude) - tolerance,
              c.latitude <= max(a.latitude, b.latitude) + tolerance,
              c.longitude >= min(a.longitude, b.longitude) - tolerance,
              c.longitude <= max(a.longitude, b.longitude) + tolerance
        else { return false }

        let dx = b.longitude - a.longitude
        let dy = b.latitude - a.latitude
        let px = c.longitude - a.longitude
        let py = c.latitude - a.latitude
        let lengthSquared = dx * dx + dy * dy
        let t = lengthSquared > 0 ? max(0, min(1, (px * dx + py * dy) / lengthSquared)) : 0
        let ex = px - t * dx
        let ey = py - t * dy
        return ex * ex + ey * ey <= tolerance * tolerance
    }
}

// MARK: - MultiPolygon

/// A set of polygons taken together, such as a ward with islands.
public struct MultiPolygon: Sendable, Equatable {
    /// The member polygons.
    public var polygons: [Polygon] {
        didSet { boxes = polygons.map(\.boundingBox) }
    }

    /// One box per polygon, kept in step with `polygons` for the `contains` pre-check.
    private var boxes: [BoundingBox]

    /// Creates a multipolygon from its polygons.
    public init(_ polygons: [Polygon]) {
        self.polygons = polygons
        self.boxes = polygons.map(\.boundingBox)
    }

    /// Equal when the polygons are equal, point for point.
    public static func == (lhs: MultiPolygon, rhs: MultiPolygon) -> Bool {
        lhs.polygons == rhs.polygons
    }

    /// The box around every polygon; `BoundingBox.empty` when there are none.
    public var boundingBox: BoundingBox {
        boxes.reduce(BoundingBox.empty) { $0.union($1) }
    }

    /// True when some polygon contains the coordinate (see `Polygon.contains`):
    /// even-odd per polygon, holes excluded, a point on an edge counts as inside.
    public func contains(_ c: Coordinate) -> Bool {
        for (polygon, box) in zip(polygons, boxes) where box.contains(c) {
            if polygon.contains(c) { return true }
        }
        return false
    }

    /// Area on the WGS84 ellipsoid in m², summed over the polygons.
    public var areaSquareMeters: Double {
        polygons.reduce(0) { $0 + $1.areaSquareMeters }
    }

    /// The area-weighted centroid, computed in a local equirectangular plane
    /// around the bounding box centre.
    ///
    /// The centroid of a concave shape can fall outside it. Degenerate shapes
    /// (no area) give the mean of their exterior points; an empty multipolygon
    /// gives NaN for both fields.
    public var centroid: Coordinate {
        let box = boundingBox
        guard !box.isEmpty else { return Coordinate(latitude: .nan, longitude: .nan) }

        let originLatitude = (box.minLatitude + box.maxLatitude) / 2
        let originLongitude = (box.minLongitude + box.maxLongitude) / 2
        let scale = cos(originLatitude * .pi / 180)
        var area = 0.0
        var momentX = 0.0
        var momentY = 0.0
        for polygon in polygons {
            for (index, ring) in ([polygon.exterior] + polygon.holes).enumerated() {
                let moments = Self.planarMoments(
                    of: ring, originLatitude: originLatitude,
                    originLongitude: originLongitude, scale: scale)
                // Exteriors add and holes subtract, whatever way each ring winds.
                let sign: Double = (index == 0) == (moments.area >= 0) ? 1 : -1
                area += sign * moments.area
                momentX += sign * moments.x
                momentY += sign * moments.y
            }
        }

        guard abs(area) > 1e-18 else { return meanOfExteriorPoints }
        return Coordinate(
            latitude: originLatitude + momentY / area,
            longitude: originLongitude + momentX / area / scale)
    }

    /// Signed area and first moments of a ring in the plane x = Δlon·cos(lat₀), y = Δlat.
    private static func planarMoments(
        of ring: LinearRing, originLatitude: Double, originLongitude: Double, scale: Double
    ) -> (area: Double, x: Double, y: Double) {
        guard var previous = ring.points.last else { return (0, 0, 0) }

        var area = 0.0
        var x = 0.0
        var y = 0.0
        for point in ring.points {
            let x1 = (previous.longitude - originLongitude) * scale
            let y1 = previous.latitude - originLatitude
            let x2 = (point.longitude - originLongitude) * scale
            let y2 = point.latitude - originLatitude
            let cross = x1 * y2 - x2 * y1
            area += cross / 2
            x += (x1 + x2) * cross / 6
            y += (y1 + y2) * cross / 6
            previous = point
        }
        return (area, x, y)
    }

    /// The mean of the exterior points, the closing point counted once.
    private var meanOfExteriorPoints: Coordinate {
        var points: [Coordinate] = []
        for polygon in polygons {
            var ring = polygon.exterior.points
            if polygon.exterior.isClosed { ring.removeLast() }
            points += ring
        }
        guard !points.isEmpty else { return Coordinate(latitude: .nan, longitude: .nan) }

        let count = Double(points.count)
        return Coordinate(
            latitude: points.reduce(0) { $0 + $1.latitude } / count,
            longitude: points.reduce(0) { $0 + $1.longitude } / count)
    }
}
