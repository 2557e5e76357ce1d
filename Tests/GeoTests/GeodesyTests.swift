import Foundation
import Testing
@testable import Geo

// Reference distances and areas come from GeographicLib 2.1 (Karney's algorithms),
// `Geodesic.WGS84.Inverse` and `Geodesic.WGS84.Polygon`.

@Suite struct GeodesyDistanceTests {
    @Test func flindersPeakToBuninyongMatchesVincentysPaper() {
        // Vincenty (1975), test line: 54,972.271 m.
        let flindersPeak = Coordinate(
            latitude: -(37 + 57 / 60 + 3.72030 / 3600), longitude: 144 + 25 / 60 + 29.52440 / 3600)
        let buninyong = Coordinate(
            latitude: -(37 + 39 / 60 + 10.15610 / 3600), longitude: 143 + 55 / 60 + 35.38390 / 3600)

        #expect(abs(Geodesy.distance(flindersPeak, buninyong) - 54_972.271) < 0.001)
    }

    @Test func ninhKieuWharfToCaiRangIs4093Meters() {
        let wharf = Coordinate(latitude: 10.0339, longitude: 105.7880)
        let caiRang = Coordinate(latitude: 10.0040, longitude: 105.7660)

        // GeographicLib: 4,093.262778 m.
        #expect(abs(Geodesy.distance(wharf, caiRang) - 4_093.262778) < 0.000_01)
        #expect(abs(Geodesy.distance(caiRang, wharf) - Geodesy.distance(wharf, caiRang)) < 1e-9)
    }

    @Test func samePointIsZero() {
        let point = Coordinate(latitude: 10.0339, longitude: 105.7880)
        #expect(Geodesy.distance(point, point) == 0)
    }

    @Test func crossingTheAntimeridianTakesTheShortWay() {
        let west = Coordinate(latitude: 0, longitude: 179.5)
        let east = Coordinate(latitude: 0, longitude: -179.5)
        // One degree of the equator: 2πa / 360.
        #expect(abs(Geodesy.distance(west, east) - 111_319.490793) < 0.001)
    }

    @Test(arguments: [
        (0.0, 0.0, 0.0, 179.5, 19_980_861.909),
        (0.0, 0.0, 0.0, 180.0, 20_003_931.459),
        (-30.0, 0.0, 29.9, 179.8, 19_989_832.828),
        (0.0, 0.0, 0.5, 179.7, 19_944_127.421),
    ])
    func nearlyAntipodalPointsFallBackWithin1Meter(
        latitude1: Double, longitude1: Double, latitude2: Double, longitude2: Double,
        expected: Double
    ) {
        let a = Coordinate(latitude: latitude1, longitude: longitude1)
        let b = Coordinate(latitude: latitude2, longitude: longitude2)

        #expect(Geodesy.vincentyDistance(a, b) == nil)
        #expect(abs(Geodesy.distance(a, b) - expected) < 1)
    }

    @Test func halfwayRoundTheWorldFromCanThoConvergesWithoutFallback() {
        let wharf = Coordinate(latitude: 10.0339, longitude: 105.7880)
        let farSide = Coordinate(latitude: -10.0, longitude: -74.5)
        #expect(abs(Geodesy.distance(wharf, farSide) - 19_992_966.113) < 0.001)
    }
}

@Suite struct GeodesyAreaTests {
    static func cell(latitude: Double, longitude: Double, size: Double) -> LinearRing {
        LinearRing([
            Coordinate(latitude: latitude, longitude: longitude),
            Coordinate(latitude: latitude, longitude: longitude + size),
            Coordinate(latitude: latitude + size, longitude: longitude + size),
            Coordinate(latitude: latitude + size, longitude: longitude),
            Coordinate(latitude: latitude, longitude: longitude),
        ])
    }

    @Test func authalicRadiusIs6371007Meters() {
        #expect(abs(Geodesy.wgs84AuthalicRadius - 6_371_007.1809) < 0.001)
    }

    @Test func oneDegreeCellAtTheEquator() {
        let area = Geodesy.area(of: Self.cell(latitude: 0, longitude: 0, size: 1))

        // GeographicLib: 12,308,778,361.47 m²; the authalic sphere agrees to 0.001 %.
        #expect(abs(area / 12_308_778_361 - 1) < 0.000_01)
    }

    @Test func areaIsUnsignedWhicheverWayTheRingRuns() {
        let ring = Self.cell(latitude: 10, longitude: 105, size: 0.1)
        let reversed = LinearRing(ring.points.reversed())
        #expect(Geodesy.area(of: ring) == Geodesy.area(of: reversed))
        #expect(Geodesy.area(of: ring) > 0)
    }

    @Test func polygonAreaIsExteriorLessHole() {
        let polygon = Polygon(
            exterior: Self.cell(latitude: 0, longitude: 0, size: 2),
            holes: [Self.cell(latitude: 0.5, longitude: 0.5, size: 1)])

        // GeographicLib: 49,231,584,297.43 − 12,307,409,724.68 m².
        let expected = 49_231_584_297.43 - 12_307_409_724.68
        #expect(abs(polygon.areaSquareMeters / expected - 1) < 0.000_01)
        #expect(MultiPolygon([polygon]).areaSquareMeters == polygon.areaSquareMeters)
    }

    @Test func degenerateRingsHaveNoArea() {
        #expect(Geodesy.area(of: LinearRing([])) == 0)
        let line = [Coordinate(latitude: 1, longitude: 1), Coordinate(latitude: 2, longitude: 2)]
        #expect(Geodesy.area(of: LinearRing(line)) == 0)
    }
}

@Suite struct GeodesyMedianTests {
    @Test func medianOfAnOddCountIsTheMiddleOfEachComponent() {
        let median = Geodesy.median(of: [
            Coordinate(latitude: 10.0, longitude: 105.9),
            Coordinate(latitude: 10.2, longitude: 105.7),
            Coordinate(latitude: 10.1, longitude: 105.8),
        ])
        #expect(median == Coordinate(latitude: 10.1, longitude: 105.8))
    }

    @Test func medianOfAnEvenCountAveragesTheMiddleTwo() {
        let median = Geodesy.median(of: [
            Coordinate(latitude: 1, longitude: 40),
            Coordinate(latitude: 4, longitude: 10),
            Coordinate(latitude: 2, longitude: 20),
            Coordinate(latitude: 100, longitude: 30),
        ])
        #expect(median == Coordinate(latitude: 3, longitude: 25))
    }

    @Test func medianOfNothingIsNil() {
        #expect(Geodesy.median(of: []) == nil)
        #expect(Geodesy.median(of: [Coordinate(latitude: .nan, longitude: 1)]) == nil)
    }
}

@Suite struct BoundingBoxTests {
    @Test func containsIncludesTheEdges() {
        let box = BoundingBox(
            minLatitude: 10, minLongitude: 105, maxLatitude: 11, maxLongitude: 106)
        #expect(box.contains(Coordinate(latitude: 10, longitude: 105)))
        #expect(box.contains(Coordinate(latitude: 10.5, longitude: 106)))
        #expect(!box.contains(Coordinate(latitude: 11.000_001, longitude: 105.5)))
        #expect(!BoundingBox.empty.contains(Coordinate(latitude: 0, longitude: 0)))
    }

    @Test func expandedBy1000MetersUsesWGS84Radii() {
        let box = BoundingBox(
            minLatitude: 10, minLongitude: 105, maxLatitude: 11, maxLongitude: 106)
        let grown = box.expanded(byMeters: 1000)

        // 1000 m / M(10.5°) in latitude, 1000 m / (N(11°)·cos 11°) in longitude.
        #expect(abs(box.minLatitude - grown.minLatitude - 0.009_040_679) < 1e-9)
        #expect(abs(grown.maxLatitude - box.maxLatitude - 0.009_040_679) < 1e-9)
        #expect(abs(box.minLongitude - grown.minLongitude - 0.009_150_172) < 1e-9)
        #expect(abs(grown.maxLongitude - box.maxLongitude - 0.009_150_172) < 1e-9)
    }

    @Test func expandedStaysWithinTheValidRanges() {
        let box = BoundingBox(
            minLatitude: 89.99, minLongitude: 179.99, maxLatitude: 90, maxLongitude: 180)
        let grown = box.expanded(byMeters: 5000)
        #expect(grown.maxLatitude == 90)
        #expect(grown.maxLongitude == 180)
        #expect(grown.minLongitude == -180)
    }

    @Test func coordinateValidity() {
        #expect(Coordinate(latitude: 90, longitude: -180).isValid)
        #expect(!Coordinate(latitude: 90.1, longitude: 0).isValid)
        #expect(!Coordinate(latitude: 0, longitude: 180.5).isValid)
        #expect(!Coordinate(latitude: .nan, longitude: 0).isValid)
        #expect(!Coordinate(latitude: 0, longitude: .infinity).isValid)
    }
}
