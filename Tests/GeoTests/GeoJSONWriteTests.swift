import Foundation
import Testing
@testable import Geo

@Suite struct GeoJSONWriteTests {
    typealias Feature = (id: String?, properties: [(String, JSONValue)], geometry: Geometry?)

    /// A clockwise exterior (to be rewound) with an unclosed counter-clockwise hole.
    static let ward = MultiPolygon([Polygon(
        exterior: LinearRing([
            Coordinate(latitude: 10, longitude: 105), Coordinate(latitude: 11, longitude: 105),
            Coordinate(latitude: 11, longitude: 106.000_000_4),
            Coordinate(latitude: 10, longitude: 106), Coordinate(latitude: 10, longitude: 105),
        ]),
        holes: [LinearRing([
            Coordinate(latitude: 10.2, longitude: 105.2),
            Coordinate(latitude: 10.2, longitude: 105.4),
            Coordinate(latitude: 10.4, longitude: 105.4),
        ])])])

    static let sample: [Feature] = [
        (id: "31120",
         properties: [
            ("code", .string("31120")), ("name", .string("Phường \"Cái\" Khế")),
            ("areaKm2", .number(10.04)), ("tags", .object(["b": .number(1), "a": .null])),
         ],
         geometry: .multiPolygon(ward)),
        (id: nil, properties: [],
         geometry: .point(Coordinate(latitude: 10.033_900_49, longitude: 105.788_000_51))),
        (id: "x", properties: [("note", .string("line\nbreak\u{01}"))], geometry: nil),
    ]

    // The golden text runs past 100 columns on purpose: it is the exact output, one feature a line.
    @Test func writesTheGoldenText() {
        let expected = #"""
            {"type":"FeatureCollection","features":[
            {"type":"Feature","id":"31120","properties":{"code":"31120","name":"Phường \"Cái\" Khế","areaKm2":10.04,"tags":{"a":null,"b":1}},"geometry":{"type":"MultiPolygon","coordinates":[[[[105,10],[106,10],[106,11],[105,11],[105,10]],[[105.2,10.2],[105.4,10.4],[105.4,10.2],[105.2,10.2]]]]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[105.788001,10.0339]}},
            {"type":"Feature","id":"x","properties":{"note":"line\nbreak\u0001"},"geometry":null}
            ]}

            """#
        #expect(GeoJSON.write(Self.sample) == expected)
    }

    @Test func writesAnEmptyCollection() {
        #expect(GeoJSON.write([]) == "{\"type\":\"FeatureCollection\",\"features\":[]}\n")
    }

    @Test func nonFiniteGeometryIsWrittenAsNull() {
        let text = GeoJSON.write([
            (id: nil, properties: [], geometry: .point(Coordinate(latitude: .nan, longitude: 1))),
        ])
        #expect(text.contains(#""geometry":null"#))
    }

    @Test(arguments: [
        (105.788_000_51, "105.788001"), (-0.000_000_4, "0"), (-1.5, "-1.5"),
        (0.000_001, "0.000001"),
        (179.999_999_6, "180"), (-179.999_999_4, "-179.999999"), (10, "10"),
    ])
    func coordinatesAreRoundedTo6Decimals(value: Double, expected: String) {
        #expect(GeoJSON.coordinateText(value) == expected)
    }

    @Test func roundTripKeepsIdsPropertiesAndGeometry() throws {
        let read = try GeoJSON.readFeatures(
            data: Data(GeoJSON.write(Self.sample).utf8), source: "round-trip.geojson")

        #expect(read.map(\.id) == ["31120", nil, "x"])
        #expect(read.map(\.problems) == [[], [], []])
        #expect(read[0].properties["name"] == .string("Phường \"Cái\" Khế"))
        #expect(read[0].properties["tags"] == .object(["a": .null, "b": .number(1)]))
        #expect(read[1].geometry == .point(Coordinate(latitude: 10.0339, longitude: 105.788001)))
        #expect(read[2].geometry == nil)
        #expect(read[2].properties["note"] == .string("line\nbreak\u{01}"))

        guard case .multiPolygon(let ward)? = read[0].geometry else {
            Issue.record("expected a MultiPolygon")
            return
        }
        #expect(abs(ward.areaSquareMeters / Self.ward.areaSquareMeters - 1) < 1e-6)
        #expect(ward.polygons[0].holes[0].isClosed)
    }

    @Test func exteriorsAreWrittenCounterClockwiseAndHolesClockwise() throws {
        // The same square both ways round, each with a hole the same way as its exterior.
        func square(_ latitude: Double, _ size: Double, clockwise: Bool) -> LinearRing {
            let ring = GeodesyAreaTests.cell(latitude: latitude, longitude: 105, size: size)
            return clockwise ? LinearRing(ring.points.reversed()) : ring
        }
        let polygons = [true, false].map { clockwise in
            Polygon(
                exterior: square(10, 1, clockwise: clockwise),
                holes: [square(10.25, 0.5, clockwise: clockwise)])
        }
        let text = GeoJSON.write([
            (id: nil, properties: [], geometry: .multiPolygon(MultiPolygon(polygons))),
        ])

        let read = try GeoJSON.readFeatures(data: Data(text.utf8), source: "winding.geojson")
        guard case .multiPolygon(let written)? = read[0].geometry else {
            Issue.record("expected a MultiPolygon")
            return
        }
        for polygon in written.polygons {
            #expect(polygon.exterior.doubledPlanarArea > 0)
            #expect(polygon.holes[0].doubledPlanarArea < 0)
        }
    }

    @Test func outputIsDeterministic() {
        #expect(GeoJSON.write(Self.sample) == GeoJSON.write(Self.sample))
    }
}
