import Foundation

// MARK: - Coordinate

/// A position on the WGS84 ellipsoid, in decimal degrees.
///
/// The field order is latitude first, as people say it; GeoJSON writes the
/// same position as `[longitude, latitude]` (RFC 7946 §3.1.1).
public struct Coordinate: Hashable, Sendable, Codable {
    /// Degrees north of the equator, -90...90.
    public var latitude: Double
    /// Degrees east of Greenwich, -180...180.
    public var longitude: Double

    /// Creates a coordinate from degrees; no range check is made (see `isValid`).
    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// True when both numbers are finite and within -90...90 and -180...180.
    public var isValid: Bool {
        latitude.isFinite && longitude.isFinite
            && (-90...90).contains(latitude) && (-180...180).contains(longitude)
    }
}

// MARK: - BoundingBox

/// A latitude/longitude box, edges included; it does not cross the antimeridian.
public struct BoundingBox: Sendable, Equatable {
    public var minLatitude: Double
    public var minLongitude: Double
    public var maxLatitude: Double
    public var maxLongitude: Double

    /// Creates a box from its four edges, in degrees.
    public init(
        minLatitude: Double, minLongitude: Double, maxLatitude: Double, maxLongitude: Double
    ) {
        self.minLatitude = minLatitude
        self.minLongitude = minLongitude
        self.maxLatitude = maxLatitude
        self.maxLongitude = maxLongitude
    }

    /// The smallest box holding every coordinate; the empty box (which contains
    /// nothing) when there are none.
    public init<S: Sequence>(covering coordinates: S) where S.Element == Coordinate {
        self = .empty
        for coordinate in coordinates {
            minLatitude = min(minLatitude, coordinate.latitude)
            minLongitude = min(minLongitude, coordinate.longitude)
            maxLatitude = max(maxLatitude, coordinate.latitude)
            maxLongitude = max(maxLongitude, coordinate.longitude)
        }
    }

    /// A box that contains no coordinate; the identity for `union`.
    public static let empty = BoundingBox(
        minLatitude: .infinity, minLongitude: .infinity,
        maxLatitude: -.infinity, maxLongitude: -.infinity)

    /// True when the box holds no coordinate at all.
    public var isEmpty: Bool { !(minLatitude <= maxLatitude && minLongitude <= maxLongitude) }

    /// True when the coordinate lies inside the box or on its edge.
    public func contains(_ c: Coordinate) -> Bool {
        c.latitude >= minLatitude && c.latitude <= maxLatitude
            && c.longitude >= minLongitude && c.longitude <= maxLongitude
    }

    /// The smallest box holding both boxes.
    public func union(_ other: BoundingBox) -> BoundingBox {
        BoundingBox(
            minLatitude: min(minLatitude, other.minLatitude),
            minLongitude: min(minLongitude, other.minLongitude),
            maxLatitude: max(maxLatitude, other.maxLatitude),
            maxLongitude: max(maxLongitude, other.maxLongitude))
    }

    /// The box grown by a distance on every side, clamped to the valid ranges.
    ///
    /// Degrees per metre come from the WGS84 radii of curvature; east–west growth
    /// uses the latitude edge nearest a pole, so the grown box covers at least
    /// `meters` everywhere along its sides.
    public func expanded(byMeters meters: Double) -> BoundingBox {
        guard !isEmpty else { return self }

        let middle = (minLatitude + maxLatitude) / 2 * .pi / 180
        let nearestPole = max(abs(minLatitude), abs(maxLatitude)) * .pi / 180
        let latitudeDegrees = meters / Geodesy.meridionalRadius(atLatitude: middle) * 180 / .pi
        let parallelRadius = Geodesy.primeVerticalRadius(atLatitude: nearestPole) * cos(nearestPole)
        let longitudeDegrees = parallelRadius > 1
            ? meters / parallelRadius * 180 / .pi
            : 360

        return BoundingBox(
            minLatitude: max(-90, minLatitude - latitudeDegrees),
            minLongitude: max(-180, minLongitude - longitudeDegrees),
            maxLatitude: min(90, maxLatitude + latitudeDegrees),
            maxLongitude: min(180, maxLongitude + longitudeDegrees))
    }
}
