import Geo

/// Packs a boundary into a compact blob for the `areas.boundary` column, and back.
///
/// Layout, little-endian: the bytes `KB1`, polygon count (UInt32); per polygon, ring count
/// (UInt32); per ring, point count (UInt32) then longitude, latitude pairs (Float64). The first
/// ring of a polygon is its exterior. Decoding checks every length against the bytes left.
enum BoundaryCodec {
    private static let magic: [UInt8] = [0x4B, 0x42, 0x31]

    static func encode(_ boundary: MultiPolygon) -> [UInt8] {
        var bytes = magic
        func put(_ value: UInt32) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        func put(_ value: Double) {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        put(UInt32(boundary.polygons.count))
        for polygon in boundary.polygons {
            let rings = [polygon.exterior] + polygon.holes
            put(UInt32(rings.count))
            for ring in rings {
                put(UInt32(ring.points.count))
                for point in ring.points {
                    put(point.longitude)
                    put(point.latitude)
                }
            }
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8]) -> MultiPolygon? {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else { return nil }
        var offset = magic.count

        func uint32() -> UInt32? {
            guard bytes.count - offset >= 4 else { return nil }
            var value: UInt32 = 0
            for shift in 0..<4 { value |= UInt32(bytes[offset + shift]) << (8 * shift) }
            offset += 4
            return value
        }
        func double() -> Double? {
            guard bytes.count - offset >= 8 else { return nil }
            var bits: UInt64 = 0
            for shift in 0..<8 { bits |= UInt64(bytes[offset + shift]) << (8 * shift) }
            offset += 8
            return Double(bitPattern: bits)
        }

        guard let polygonCount = uint32(), Int(polygonCount) <= bytes.count else { return nil }
        var polygons: [Polygon] = []
        for _ in 0..<polygonCount {
            guard let ringCount = uint32(), ringCount > 0, Int(ringCount) <= bytes.count else {
                return nil
            }
            var rings: [LinearRing] = []
            for _ in 0..<ringCount {
                guard let pointCount = uint32(),
                    Int(pointCount) <= (bytes.count - offset) / 16
                else { return nil }
                var points: [Coordinate] = []
                points.reserveCapacity(Int(pointCount))
                for _ in 0..<pointCount {
                    guard let longitude = double(), let latitude = double() else { return nil }
                    points.append(Coordinate(latitude: latitude, longitude: longitude))
                }
                rings.append(LinearRing(points: points))
            }
            polygons.append(Polygon(exterior: rings[0], holes: Array(rings.dropFirst())))
        }
        guard offset == bytes.count else { return nil }
        return MultiPolygon(polygons)
    }
}
