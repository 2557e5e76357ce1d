import Foundation

/// Distances and areas on the WGS84 ellipsoid.
public enum Geodesy {
    /// WGS84 equatorial radius a, in metres.
    public static let wgs84SemiMajorAxis = 6_378_137.0
    /// WGS84 flattening f = (a − b) / a.
    public static let wgs84Flattening = 1 / 298.257223563

    static let semiMinorAxis = wgs84SemiMajorAxis * (1 - wgs84Flattening)
    static let eccentricitySquared = wgs84Flattening * (2 - wgs84Flattening)
    static let eccentricity = eccentricitySquared.squareRoot()

    /// q(90°), the authalic q at the pole (Snyder, "Map Projections", eq. 3-12).
    static let authalicQAtPole = authalicQ(sinLatitude: 1)

    /// R_q, the radius of the sphere with the ellipsoid's surface area
    /// (Snyder eq. 3-13): 6,371,007.181 m.
    public static let wgs84AuthalicRadius = wgs84SemiMajorAxis * (authalicQAtPole / 2).squareRoot()

    // MARK: - Distance

    /// The geodesic distance in metres between two coordinates on the WGS84 ellipsoid.
    ///
    /// Vincenty's inverse method (Survey Review XXIII, 176, 1975), good to well
    /// under a millimetre. Where it does not converge (points nearly antipodal),
    /// the distance is found as the shortest two-leg path through a midpoint,
    /// each leg solved by Vincenty; the error there stays under a metre.
    public static func distance(_ a: Coordinate, _ b: Coordinate) -> Double {
        if let meters = vincentyDistance(a, b) { return meters }
        return distanceThroughMidpoint(a, b)
    }

    /// Vincenty's inverse formula, or nil when the longitude iteration fails to converge.
    static func vincentyDistance(_ p: Coordinate, _ q: Coordinate) -> Double? {
        let f = wgs84Flattening
        let b = semiMinorAxis
        let radians = Double.pi / 180
        let difference = remainder((q.longitude - p.longitude) * radians, 2 * .pi)
        let reduced1 = atan((1 - f) * tan(p.latitude * radians))
        let reduced2 = atan((1 - f) * tan(q.latitude * radians))
        let sinU1 = sin(reduced1), cosU1 = cos(reduced1)
        let sinU2 = sin(reduced2), cosU2 = cos(reduced2)

        var lambda = difference
        var sinSigma = 0.0, cosSigma = 0.0, sigma = 0.0
        var cosSquaredAlpha = 0.0, cos2SigmaM = 0.0
        var converged = false
        for _ in 0..<200 {
            let sinLambda = sin(lambda), cosLambda = cos(lambda)
            let t1 = cosU2 * sinLambda
            let t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda
            sinSigma = (t1 * t1 + t2 * t2).squareRoot()
            if sinSigma == 0 { return 0 }  // the same point
            cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda
            sigma = atan2(sinSigma, cosSigma)
            let sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma
            cosSquaredAlpha = 1 - sinAlpha * sinAlpha
            // On the equator cos²α is 0 and the term vanishes.
            cos2SigmaM = cosSquaredAlpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cosSquaredAlpha : 0
            let c = f / 16 * cosSquaredAlpha * (4 + f * (4 - 3 * cosSquaredAlpha))
            let previous = lambda
            lambda = difference + (1 - c) * f * sinAlpha
                * (sigma + c * sinSigma
                    * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
            if abs(lambda) > .pi { return nil }
            if abs(lambda - previous) < 1e-12 {
                converged = true
                break
            }
        }
        guard converged else { return nil }

        let uSquared = cosSquaredAlpha * (wgs84SemiMajorAxis * wgs84SemiMajorAxis - b * b) / (b * b)
        let bigA = 1 + uSquared / 16384
            * (4096 + uSquared * (-768 + uSquared * (320 - 175 * uSquared)))
        let bigB = uSquared / 1024 * (256 + uSquared * (-128 + uSquared * (74 - 47 * uSquared)))
        let deltaSigma = bigB * sinSigma
            * (cos2SigmaM + bigB / 4
                * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                    - bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma)
                    * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
        return b * bigA * (sigma - deltaSigma)
    }

    /// The fallback for nearly antipodal points: the minimum over midpoints m of
    /// d(a, m) + d(m, b).
    ///
    /// A point on the geodesic makes the sum equal to the distance and any other
    /// point makes it longer, so a search for the smallest sum finds the distance;
    /// the error is second order in how far the midpoint is off the geodesic.
    static func distanceThroughMidpoint(_ a: Coordinate, _ b: Coordinate) -> Double {
        func legs(_ m: Coordinate) -> Double {
            guard let first = vincentyDistance(a, m), let second = vincentyDistance(m, b)
            else { return .infinity }
            return first + second
        }

        // Start from points a quarter turn away from `a`, every 15° of azimuth.
        let latitude = a.latitude * .pi / 180
        let longitude = a.longitude * .pi / 180
        var best = a
        var bestLength = Double.infinity
        for step in 0..<24 {
            let azimuth = Double(step) * 15 * .pi / 180
            let candidateLatitude = asin(cos(latitude) * cos(azimuth))
            let candidateLongitude = longitude + atan2(sin(azimuth), -sin(latitude) * cos(azimuth))
            let candidate = Coordinate(
                latitude: candidateLatitude * 180 / .pi,
                longitude: remainder(candidateLongitude * 180 / .pi, 360))
            let length = legs(candidate)
            if length < bestLength {
                best = candidate
                bestLength = length
            }
        }

        // Pattern search: try a step each way in latitude and longitude, halve it when stuck.
        var size = 10.0
        while size > 1e-9 {
            var moved = false
            let moves = [(size, 0.0), (-size, 0.0), (0.0, size), (0.0, -size)]
            for (dLatitude, dLongitude) in moves {
                let candidate = Coordinate(
                    latitude: max(-90, min(90, best.latitude + dLatitude)),
                    longitude: remainder(best.longitude + dLongitude, 360))
                let length = legs(candidate)
                if length < bestLength {
                    best = candidate
                    bestLength = length
                    moved = true
                }
            }
            if !moved { size /= 2 }
        }
        return bestLength
    }

    // MARK: - Area

    /// The area of a ring in m² on the WGS84 ellipsoid, unsigned.
    ///
    /// Latitudes are mapped to authalic latitudes β, which carry areas of the
    /// ellipsoid to the sphere of radius R_q unchanged (Snyder §3); the ring is then
    /// a spherical polygon whose area is the sum, over its edges, of the exact
    /// excess of the quadrilateral between the edge and the equator:
    /// tan(E/2) = tan(Δλ/2)·(tan(β₁/2) + tan(β₂/2)) / (1 + tan(β₁/2)·tan(β₂/2)).
    /// Edges are great circles on that sphere; for edges shorter than a degree this
    /// differs from a straight line in longitude/latitude by under 0.003 %.
    public static func area(of ring: LinearRing) -> Double {
        let points = ring.points
        guard points.count >= 3 else { return 0 }

        let radians = Double.pi / 180
        var excess = 0.0
        var turning = 0.0
        var previous = points[points.count - 1]
        var previousTangent = halfAngleTangentOfAuthalicLatitude(previous.latitude * radians)
        for point in points {
            let tangent = halfAngleTangentOfAuthalicLatitude(point.latitude * radians)
            // Wrapped to (-π, π], so an edge across the antimeridian takes the short way.
            let deltaLongitude = remainder(
                (point.longitude - previous.longitude) * radians, 2 * .pi)
            excess += 2 * atan2(
                tan(deltaLongitude / 2) * (previousTangent + tangent),
                1 + previousTangent * tangent)
            turning += deltaLongitude
            previous = point
            previousTangent = tangent
        }

        // A ring around a pole bounds the cap, not the band down to the equator.
        excess = abs(excess)
        if abs(turning) > .pi { excess = 2 * .pi - excess }
        return excess * wgs84AuthalicRadius * wgs84AuthalicRadius
    }

    /// tan(β/2) for the authalic latitude β of a geodetic latitude φ (radians).
    static func halfAngleTangentOfAuthalicLatitude(_ latitude: Double) -> Double {
        let sinBeta = max(-1, min(1, authalicQ(sinLatitude: sin(latitude)) / authalicQAtPole))
        let cosBeta = (1 - sinBeta * sinBeta).squareRoot()
        return sinBeta / (1 + cosBeta)
    }

    /// Snyder's q(φ) = (1 − e²)·(sin φ / (1 − e² sin² φ) + atanh(e sin φ) / e).
    static func authalicQ(sinLatitude s: Double) -> Double {
        let e = eccentricity
        return (1 - eccentricitySquared)
            * (s / (1 - eccentricitySquared * s * s) + atanh(e * s) / e)
    }

    // MARK: - Radii of curvature

    /// M(φ), the meridional radius of curvature in metres.
    static func meridionalRadius(atLatitude latitude: Double) -> Double {
        let w = 1 - eccentricitySquared * sin(latitude) * sin(latitude)
        return wgs84SemiMajorAxis * (1 - eccentricitySquared) / (w * w * w).squareRoot()
    }

    /// N(φ), the prime-vertical radius of curvature in metres.
    static func primeVerticalRadius(atLatitude latitude: Double) -> Double {
        wgs84SemiMajorAxis / (1 - eccentricitySquared * sin(latitude) * sin(latitude)).squareRoot()
    }

    // MARK: - Median

    /// The component-wise median: the median latitude and the median longitude,
    /// each the mean of the middle two when the count is even.
    ///
    /// Non-finite numbers are left out; nil when nothing is left.
    public static func median(of coordinates: [Coordinate]) -> Coordinate? {
        func middle(_ values: [Double]) -> Double? {
            let sorted = values.filter(\.isFinite).sorted()
            guard !sorted.isEmpty else { return nil }
            let half = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2
        }

        guard let latitude = middle(coordinates.map(\.latitude)),
              let longitude = middle(coordinates.map(\.longitude))
        else { return nil }
        return Coordinate(latitude: latitude, longitude: longitude)
    }
}
