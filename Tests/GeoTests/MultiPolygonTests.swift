import Foundation
import Testing
@testable import Geo

@Suite struct MultiPolygonTests {
    /// A square 10…12 N, 105…107 E with a hole 10.5…11 N, 105.5…106 E, and an
    /// island 10…10.5 N, 108…108.5 E.
    static let ward = MultiPolygon([
        Polygon(
            exterior: GeodesyAreaTests.cell(latitude: 10, longitude: 105, size: 2),
            holes: [GeodesyAreaTests.cell(latitude: 10.5, longitude: 105.5, size: 0.5)]),
        Polygon(exterior: GeodesyAreaTests.cell(latitude: 10, longitude: 108, size: 0.5)),
    ])

    @Test(arguments: [
        (11.5, 106.5, true),     // inside the square
        (10.75, 105.75, false),  // inside the hole
        (10.25, 108.25, true),   // inside the island
        (10.25, 107.5, false),   // between the two
        (13.0, 106.0, false),    // outside every box
        (10.0, 106.0, true),     // on the square's southern edge
        (10.5, 105.75, true),    // on the hole's edge
        (12.0, 107.0, true),     // on a corner
        (10.5, 108.5, true),     // on the island's corner
    ])
    func containment(latitude: Double, longitude: Double, inside: Bool) {
        #expect(Self.ward.contains(Coordinate(latitude: latitude, longitude: longitude)) == inside)
    }

    @Test func concaveShapeExcludesItsNotch() {
        // A "U": the notch between the arms is outside.
        let u = MultiPolygon([Polygon(exterior: LinearRing([
            Coordinate(latitude: 0, longitude: 0), Coordinate(latitude: 0, longitude: 3),
            Coordinate(latitude: 3, longitude: 3), Coordinate(latitude: 3, longitude: 2),
            Coordinate(latitude: 1, longitude: 2), Coordinate(latitude: 1, longitude: 1),
            Coordinate(latitude: 3, longitude: 1), Coordinate(latitude: 3, longitude: 0),
            Coordinate(latitude: 0, longitude: 0),
        ]))])
        #expect(!u.contains(Coordinate(latitude: 2, longitude: 1.5)))
        #expect(u.contains(Coordinate(latitude: 2, longitude: 0.5)))
        #expect(u.contains(Coordinate(latitude: 0.5, longitude: 1.5)))
        #expect(u.contains(Coordinate(latitude: 1, longitude: 1.5)))
    }

    @Test func boundingBoxCoversEveryPolygon() {
        #expect(Self.ward.boundingBox == BoundingBox(
            minLatitude: 10, minLongitude: 105, maxLatitude: 12, maxLongitude: 108.5))
        #expect(MultiPolygon([]).boundingBox.isEmpty)
    }

    @Test func boundingBoxFollowsEditsToPolygons() {
        var ward = Self.ward
        ward.polygons.removeLast()
        #expect(ward.boundingBox.maxLongitude == 107)
        #expect(!ward.contains(Coordinate(latitude: 10.25, longitude: 108.25)))
    }

    @Test func centroidOfASquareIsItsCentre() {
        let square = MultiPolygon([
            Polygon(exterior: GeodesyAreaTests.cell(latitude: 10, longitude: 105, size: 0.2)),
        ])
        let centroid = square.centroid
        #expect(abs(centroid.latitude - 10.1) < 1e-12)
        #expect(abs(centroid.longitude - 105.1) < 1e-12)
    }

    @Test func centroidMovesAwayFromAHole() {
        // A 2° square with a 1° hole in its south-west quarter: in the local plane the
        // centroid is (4·c − c_hole) / 3, with c = (1, 1) and c_hole = (0.5, 0.5)
        // measured from the corner.
        let polygon = Polygon(
            exterior: GeodesyAreaTests.cell(latitude: 0, longitude: 0, size: 2),
            holes: [GeodesyAreaTests.cell(latitude: 0, longitude: 0, size: 1)])
        let centroid = MultiPolygon([polygon]).centroid
        #expect(abs(centroid.latitude - 7.0 / 6) < 1e-9)
        #expect(abs(centroid.longitude - 7.0 / 6) < 1e-9)
    }

    @Test func centroidOfNothingIsNaN() {
        #expect(MultiPolygon([]).centroid.latitude.isNaN)
    }

    @Test func areaSumsThePolygons() {
        let expected = Self.ward.polygons.map(\.areaSquareMeters).reduce(0, +)
        #expect(Self.ward.areaSquareMeters == expected)
        #expect(Self.ward.areaSquareMeters > 0)
    }
}
