import Foundation

/// A position on a projected plane, in metres: easting x, northing y.
public struct ProjectedPoint: Sendable, Equatable, Hashable {
    /// Metres east (UTM: from 500 km west of the central meridian).
    public var x: Double
    /// Metres north (UTM north: from the equator).
    public var y: Double

    /// Creates a point from its easting and northing, in metres.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// The straight-line distance to another point of the same plane, in metres.
    ///
    /// Written as `sqrt(dx·dx + dy·dy)` (not `hypot`), so other tools that compute it
    /// the same way get the same bits.
    public func distance(to other: ProjectedPoint) -> Double {
        let dx = x - other.x
        let dy = y - other.y
        return (dx * dx + dy * dy).squareRoot()
    }
}

/// The transverse Mercator projection of the WGS84 ellipsoid, as used by UTM.
///
/// Krüger's series to the fourth power of the third flattening n (Karney, "Transverse
/// Mercator with an accuracy of a few nanometers", J. Geodesy 85, 2011, eqs. 7–11, 35–36):
/// within a few degrees of the central meridian the forward and inverse mappings agree with
/// the exact projection to well under a millimetre.
public struct TransverseMercator: Sendable, Equatable {
    /// The central meridian, in degrees east.
    public let centralMeridian: Double
    /// The scale on the central meridian (0.9996 for UTM).
    public let scaleFactor: Double
    /// Added to every easting, in metres (500,000 for UTM).
    public let falseEasting: Double
    /// Added to every northing, in metres (0 for UTM north).
    public let falseNorthing: Double
    /// A short name for output, e.g. `UTM zone 48N (EPSG:32648)`.
    public let name: String

    /// Creates a projection from its parameters.
    public init(
        centralMeridian: Double, scaleFactor: Double, falseEasting: Double,
        falseNorthing: Double, name: String
    ) {
        self.centralMeridian = centralMeridian
        self.scaleFactor = scaleFactor
        self.falseEasting = falseEasting
        self.falseNorthing = falseNorthing
        self.name = name
    }

    /// The UTM zone (1...60) whose 6° band holds the longitude.
    public static func utmZone(longitude: Double) -> Int {
        let zone = Int(((longitude + 180) / 6).rounded(.down)) + 1
        return min(60, max(1, zone))
    }

    /// UTM north for a zone: central meridian 6·zone − 183°, scale 0.9996, false easting
    /// 500 km, false northing 0 (EPSG:326zz).
    public static func utm(zone: Int) -> TransverseMercator {
        TransverseMercator(
            centralMeridian: Double(6 * zone - 183), scaleFactor: 0.9996,
            falseEasting: 500_000, falseNorthing: 0,
            name: "UTM zone \(zone)N (EPSG:\(32600 + zone))")
    }

    // MARK: - Series coefficients

    /// n = f / (2 − f), the third flattening.
    static let n = Geodesy.wgs84Flattening / (2 - Geodesy.wgs84Flattening)
    /// A, the radius of the rectifying sphere (Karney eq. 14).
    static let rectifyingRadius: Double = {
        let n2 = n * n
        return Geodesy.wgs84SemiMajorAxis / (1 + n) * (1 + n2 / 4 + n2 * n2 / 64)
    }()
    static let alpha: [Double] = {
        let n2 = n * n, n3 = n2 * n, n4 = n3 * n
        return [
            n / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180,
            13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440,
            61 * n3 / 240 - 103 * n4 / 140,
            49561 * n4 / 161280,
        ]
    }()
    static let beta: [Double] = {
        let n2 = n * n, n3 = n2 * n, n4 = n3 * n
        return [
            n / 2 - 2 * n2 / 3 + 37 * n3 / 96 - n4 / 360,
            n2 / 48 + n3 / 15 - 437 * n4 / 1440,
            17 * n3 / 480 - 37 * n4 / 840,
            4397 * n4 / 161280,
        ]
    }()
    /// Conformal to geodetic latitude (Karney eq. 36 in n).
    static let delta: [Double] = {
        let n2 = n * n, n3 = n2 * n, n4 = n3 * n
        return [
            2 * n - 2 * n2 / 3 - 2 * n3 + 116 * n4 / 45,
            7 * n2 / 3 - 8 * n3 / 5 - 227 * n4 / 45,
            56 * n3 / 15 - 136 * n4 / 35,
            4279 * n4 / 630,
        ]
    }()

    // MARK: - Mapping

    /// Projects a WGS84 coordinate to the plane.
    public func project(_ c: Coordinate) -> ProjectedPoint {
        let radians = Double.pi / 180
        let latitude = c.latitude * radians
        let longitude = (c.longitude - centralMeridian) * radians
        let e = Geodesy.eccentricity

        // The conformal latitude, through its tangent t.
        let sinLatitude = sin(latitude)
        let t = sinh(atanh(sinLatitude) - e * atanh(e * sinLatitude))
        let xiPrime = atan2(t, cos(longitude))
        let etaPrime = atanh(sin(longitude) / (1 + t * t).squareRoot())

        // sin/cos(2jξ′) and sinh/cosh(2jη′) for j = 1…4 by the angle-addition rules, from
        // one sin, cos, sinh and cosh: the series then costs no more calls than one term.
        let s2 = sin(2 * xiPrime), c2 = cos(2 * xiPrime)
        let sh2 = sinh(2 * etaPrime), ch2 = cosh(2 * etaPrime)
        var sj = s2, cj = c2, shj = sh2, chj = ch2
        var xi = xiPrime
        var eta = etaPrime
        for a in Self.alpha {
            xi += a * sj * chj
            eta += a * cj * shj
            (sj, cj) = (sj * c2 + cj * s2, cj * c2 - sj * s2)
            (shj, chj) = (shj * ch2 + chj * sh2, chj * ch2 + shj * sh2)
        }
        let k = scaleFactor * Self.rectifyingRadius
        return ProjectedPoint(x: falseEasting + k * eta, y: falseNorthing + k * xi)
    }

    /// The WGS84 coordinate of a point of the plane.
    public func unproject(_ p: ProjectedPoint) -> Coordinate {
        let k = scaleFactor * Self.rectifyingRadius
        let xi = (p.y - falseNorthing) / k
        let eta = (p.x - falseEasting) / k

        var xiPrime = xi
        var etaPrime = eta
        for (index, b) in Self.beta.enumerated() {
            let j = Double(2 * (index + 1))
            xiPrime -= b * sin(j * xi) * cosh(j * eta)
            etaPrime -= b * cos(j * xi) * sinh(j * eta)
        }
        let chi = asin(sin(xiPrime) / cosh(etaPrime))
        var latitude = chi
        for (index, d) in Self.delta.enumerated() {
            latitude += d * sin(Double(2 * (index + 1)) * chi)
        }
        let longitude = atan2(sinh(etaPrime), cos(xiPrime))
        let degrees = 180 / Double.pi
        return Coordinate(
            latitude: latitude * degrees, longitude: centralMeridian + longitude * degrees)
    }
}
