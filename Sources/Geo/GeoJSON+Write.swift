import Foundation

extension GeoJSON {
    /// Decimal places kept in written coordinates: about 10 cm (RFC 7946 §11.2).
    static let coordinateDecimals = 6

    /// Writes features as an RFC 7946 FeatureCollection, one feature per line.
    ///
    /// Properties keep the given order; nested objects are written with sorted
    /// keys, so the same input always gives the same text. Polygons are written
    /// as MultiPolygons with exterior rings counter-clockwise and holes clockwise
    /// (§3.1.6), every ring closed, coordinates rounded to 6 decimals and no
    /// "crs" member. A nil geometry, or one holding a non-finite number, is
    /// written as `"geometry": null` (§3.2); a nil id is left out.
    public static func write(
        _ features: [(id: String?, properties: [(String, JSONValue)], geometry: Geometry?)]
    ) -> String {
        var output = #"{"type":"FeatureCollection","features":["#
        for (index, feature) in features.enumerated() {
            output += index == 0 ? "\n" : ",\n"
            output += #"{"type":"Feature""#
            if let id = feature.id {
                output += #","id":"#
                JSONValue.writeString(id, to: &output)
            }

            output += #","properties":{"#
            for (position, (key, value)) in feature.properties.enumerated() {
                if position > 0 { output += "," }
                JSONValue.writeString(key, to: &output)
                output += ":"
                value.write(to: &output)
            }
            output += #"},"geometry":"#

            if let geometry = feature.geometry, isFinite(geometry) {
                writeGeometry(geometry, to: &output)
            } else {
                output += "null"
            }
            output += "}"
        }
        output += features.isEmpty ? "]}\n" : "\n]}\n"
        return output
    }

    private static func isFinite(_ geometry: Geometry) -> Bool {
        func finite(_ c: Coordinate) -> Bool { c.latitude.isFinite && c.longitude.isFinite }
        switch geometry {
        case .point(let coordinate):
            return finite(coordinate)
        case .multiPolygon(let multiPolygon):
            return multiPolygon.polygons.allSatisfy { polygon in
                ([polygon.exterior] + polygon.holes).allSatisfy { $0.points.allSatisfy(finite) }
            }
        }
    }

    private static func writeGeometry(_ geometry: Geometry, to output: inout String) {
        switch geometry {
        case .point(let coordinate):
            output += #"{"type":"Point","coordinates":"#
            writePosition(coordinate, to: &output)
            output += "}"
        case .multiPolygon(let multiPolygon):
            output += #"{"type":"MultiPolygon","coordinates":["#
            for (polygonIndex, polygon) in multiPolygon.polygons.enumerated() {
                if polygonIndex > 0 { output += "," }
                output += "["
                for (ringIndex, ring) in ([polygon.exterior] + polygon.holes).enumerated() {
                    if ringIndex > 0 { output += "," }
                    writeRing(ring, counterClockwise: ringIndex == 0, to: &output)
                }
                output += "]"
            }
            output += "]}"
        }
    }

    /// Writes a ring closed and wound as asked (right-hand rule, RFC 7946 §3.1.6).
    private static func writeRing(
        _ ring: LinearRing, counterClockwise: Bool, to output: inout String
    ) {
        var points = ring.points
        if let first = points.first, !ring.isClosed { points.append(first) }
        let area = ring.doubledPlanarArea
        if (counterClockwise && area < 0) || (!counterClockwise && area > 0) { points.reverse() }

        output += "["
        for (index, point) in points.enumerated() {
            if index > 0 { output += "," }
            writePosition(point, to: &output)
        }
        output += "]"
    }

    private static func writePosition(_ coordinate: Coordinate, to output: inout String) {
        output += "["
        output += coordinateText(coordinate.longitude)
        output += ","
        output += coordinateText(coordinate.latitude)
        output += "]"
    }

    /// A finite number rounded to 6 decimals, without trailing zeros or an exponent.
    static func coordinateText(_ value: Double) -> String {
        let scale = 1_000_000.0
        let scaled = (value * scale).rounded()
        // Past 2⁵³ millionths there is nothing left to round.
        guard abs(scaled) < 9e15 else { return JSONValue.text(of: value) ?? "null" }

        let micro = Int64(scaled)
        let magnitude = micro.magnitude
        let whole = magnitude / 1_000_000
        var fraction = String(magnitude % 1_000_000)
        fraction = String(repeating: "0", count: coordinateDecimals - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }

        let sign = micro < 0 ? "-" : ""
        return fraction.isEmpty ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}
