import Foundation
import Testing
@testable import Geo

/// Reads a GeoJSON text that must not throw.
func features(_ text: String) throws -> [GeoJSONFeature] {
    try GeoJSON.readFeatures(data: Data(text.utf8), source: "test.geojson")
}

/// The problems of a bare geometry given as JSON text.
func problems(ofGeometry geometry: String) throws -> [String] {
    try features(geometry)[0].problems
}

/// The message of the error a GeoJSON text throws, or nil.
func errorMessage(_ data: Data) -> String? {
    do {
        _ = try GeoJSON.readFeatures(data: data, source: "test.geojson")
        return nil
    } catch {
        return error.message
    }
}

@Suite struct GeoJSONReadTests {
    static let square = "[[105,10],[105.1,10],[105.1,10.1],[105,10.1],[105,10]]"

    @Test func readsAFeatureCollection() throws {
        let read = try features("""
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4326"}},
             "features":[
              {"type":"Feature","id":31120,"properties":{"code":"31120","name":"Phường Cái Khế",
               "areaKm2":10.04,"urban":true,"note":null,"tags":["a",1]},
               "geometry":{"type":"MultiPolygon","coordinates":[[\(Self.square)]]}},
              {"type":"Feature","id":"x-2","properties":null,
               "geometry":{"type":"Point","coordinates":[105.788,10.0339,3.5]}},
              {"type":"Feature","properties":{},"geometry":null}
             ]}
            """)

        #expect(read.count == 3)
        #expect(read.map(\.index) == [0, 1, 2])
        #expect(read.map(\.id) == ["31120", "x-2", nil])
        #expect(read.map(\.problems) == [[], [], []])
        #expect(read[0].properties == [
            "code": .string("31120"), "name": .string("Phường Cái Khế"),
            "areaKm2": .number(10.04),
            "urban": .bool(true), "note": .null, "tags": .array([.string("a"), .number(1)]),
        ])
        #expect(read[1].properties.isEmpty)
        #expect(read[1].geometry == .point(Coordinate(latitude: 10.0339, longitude: 105.788)))
        #expect(read[2].geometry == nil)

        guard case .multiPolygon(let ward)? = read[0].geometry else {
            Issue.record("expected a MultiPolygon")
            return
        }
        #expect(ward.polygons.count == 1)
        #expect(ward.polygons[0].exterior.points.count == 5)
        #expect(ward.polygons[0].exterior.points[1] == Coordinate(latitude: 10, longitude: 105.1))
    }

    @Test func readsASingleFeatureAndABarePolygon() throws {
        let feature = try features(
            #"{"type":"Feature","id":7,"properties":{"a":1},"geometry":null}"#)
        #expect(feature.count == 1)
        #expect(feature[0].id == "7")

        let bare = try features(#"{"type":"Polygon","coordinates":[\#(Self.square)]}"#)
        #expect(bare.count == 1)
        #expect(bare[0].id == nil)
        #expect(bare[0].problems.isEmpty)
        guard case .multiPolygon(let ward)? = bare[0].geometry else {
            Issue.record("expected a Polygon read as a MultiPolygon")
            return
        }
        #expect(ward.polygons.count == 1)
        #expect(ward.polygons[0].holes.isEmpty)
    }

    @Test func readsHoles() throws {
        let hole = "[[105.02,10.02],[105.02,10.05],[105.05,10.05],[105.05,10.02],[105.02,10.02]]"
        let read = try features(#"{"type":"Polygon","coordinates":[\#(Self.square),\#(hole)]}"#)
        guard case .multiPolygon(let ward)? = read[0].geometry else {
            Issue.record("expected a MultiPolygon")
            return
        }
        #expect(ward.polygons[0].holes.count == 1)
        #expect(!ward.contains(Coordinate(latitude: 10.03, longitude: 105.03)))
        #expect(ward.contains(Coordinate(latitude: 10.01, longitude: 105.01)))
    }

    @Test func emptyCollectionHasNoFeatures() throws {
        #expect(try features(#"{"type":"FeatureCollection","features":[]}"#).isEmpty)
    }

    // MARK: - Geometry problems

    @Test(arguments: [
        (#"{"type":"LineString","coordinates":[[105,10],[106,11]]}"#,
         ["geometry type LineString is not supported"]),
        (#"{"type":"GeometryCollection","geometries":[]}"#,
         ["geometry type GeometryCollection is not supported"]),
        (#"{"type":"Polygon","coordinates":[[[105,10],[106,10],[105,10]]]}"#,
         ["ring 0 of polygon 0 has 3 positions; a ring needs at least 4"]),
        (#"{"type":"Polygon","coordinates":[[]]}"#,
         ["ring 0 of polygon 0 has 0 positions; a ring needs at least 4"]),
        (#"{"type":"MultiPolygon","coordinates":[[\#(square)],[\#(square)],"#
            + #"[[[105,10],[106,10],[106,11],[105,11]]]]}"#,
         ["ring 0 of polygon 2 is not closed"]),
        (#"{"type":"Polygon","coordinates":[[[105,10],[106],[106,11],[105,10]]]}"#,
         ["position 1 of ring 0 of polygon 0 has fewer than 2 numbers"]),
        (#"{"type":"Point","coordinates":[]}"#,
         ["the position of the Point has fewer than 2 numbers"]),
        (#"{"type":"Point","coordinates":["105","10"]}"#,
         ["the position of the Point is not an array of numbers"]),
        (#"{"type":"Polygon","coordinates":[[[105,10],"x",[106,11],[105,10]]]}"#,
         ["position 1 of ring 0 of polygon 0 is a string, not an array of numbers"]),
        (#"{"type":"Point","coordinates":[1e999,10]}"#,
         ["the position of the Point holds a number too large to represent"]),
        (#"{"type":"Point","coordinates":[200.5,10]}"#,
         ["longitude 200.5 at the position of the Point is outside -180…180"]),
        (#"{"type":"Point","coordinates":[105,-91]}"#,
         ["latitude -91 at the position of the Point is outside -90…90"]),
        (#"{"type":"Polygon","coordinates":[[[105,10],[181,10],[182,91],[105,10]]]}"#,
         ["longitude 181 at position 1 of ring 0 of polygon 0 is outside -180…180 (and 1 more)",
          "latitude 91 at position 2 of ring 0 of polygon 0 is outside -90…90"]),
        (#"{"type":"Polygon","coordinates":[[[10,105],[10,105.1],[10.1,105.1],[10,105]]]}"#,
         ["positions look like [latitude, longitude]; RFC 7946 wants [longitude, latitude]"]),
        (#"{"type":"Point","coordinates":[10.0339,105.788]}"#,
         ["positions look like [latitude, longitude]; RFC 7946 wants [longitude, latitude]"]),
        (#"{"type":"Polygon"}"#, [#"the Polygon has no "coordinates" member"#]),
        (#"{"type":"Polygon","coordinates":[]}"#, ["polygon 0 has no rings"]),
        (#"{"type":"Polygon","coordinates":[1,2]}"#, ["polygon 0 is not an array of rings"]),
        (#"{"type":"Polygon","coordinates":[[1,2,3,4]]}"#,
         ["ring 0 of polygon 0 is not an array of positions"]),
        (#"{"type":"Polygon","coordinates":[{}]}"#,
         ["ring 0 of polygon 0 is an object, not an array of positions"]),
        (#"{"type":"MultiPolygon","coordinates":[]}"#, ["the MultiPolygon has no polygons"]),
        (#"{"type":"MultiPolygon","coordinates":{}}"#,
         ["the coordinates of a MultiPolygon must be an array of polygons"]),
        (#"{"type":"MultiPolygon","coordinates":[null]}"#,
         ["polygon 0 is null, not an array of rings"]),
    ])
    func geometryProblem(geometry: String, expected: [String]) throws {
        let read = try features(geometry)
        #expect(read[0].problems == expected)
        #expect(read[0].geometry == nil)
    }

    @Test func positionsInRangeBothWaysAreNotCalledSwapped() throws {
        // [10, 20] is valid either way round, so it is taken as written.
        let read = try features(#"{"type":"Point","coordinates":[10,20]}"#)
        #expect(read[0].geometry == .point(Coordinate(latitude: 20, longitude: 10)))
    }

    @Test func partlySwappedPositionsAreReportedAsOutOfRange() throws {
        // Swapping would break the first position, so this is not the swapped-order mistake.
        let problems = try problems(ofGeometry: """
            {"type":"Polygon","coordinates":[[[105,10],[10,105.1],[105.1,10.1],[105,10]]]}
            """)
        #expect(problems == [
            "latitude 105.1 at position 1 of ring 0 of polygon 0 is outside -90…90",
        ])
    }

    @Test func problemsStopAfterTwenty() throws {
        let positions = Array(repeating: #""x""#, count: 30).joined(separator: ",")
        let problems = try problems(
            ofGeometry: #"{"type":"Polygon","coordinates":[[\#(positions)]]}"#)
        #expect(problems.count == 21)
        #expect(problems[20] == "10 more problems are not listed")
    }

    // MARK: - Feature problems

    @Test(arguments: [
        (#"[1]"#, ["the feature is a number, not an object"]),
        (#"[{"type":"Feature","properties":{}}]"#, [#"the feature has no "geometry" member"#]),
        (#"[{"type":"Feature","id":true,"properties":{},"geometry":null}]"#,
         ["the id is a boolean, not a string or number"]),
        (#"[{"type":"Feature","properties":[1],"geometry":null}]"#,
         ["properties is an array, not an object"]),
        (#"[{"type":"Feature","properties":{},"geometry":"POINT (1 2)"}]"#,
         ["the geometry is a string, not an object"]),
        (#"[{"type":"Place","properties":{},"geometry":null}]"#,
         ["expected a Feature, found 'Place'"]),
        (#"[{"properties":{},"geometry":null}]"#, [#"the feature has no "type""#]),
        (#"[{"type":"Feature","properties":{},"geometry":{"coordinates":[1,2]}}]"#,
         [#"the geometry has no "type""#]),
    ])
    func featureProblem(featuresArray: String, expected: [String]) throws {
        let read = try features(#"{"type":"FeatureCollection","features":\#(featuresArray)}"#)
        #expect(read.count == 1)
        #expect(read[0].problems == expected)
        #expect(read[0].geometry == nil)
    }

    @Test func aBadFeatureDoesNotSpoilTheOthers() throws {
        let read = try features("""
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1]}},
              {"type":"Feature","properties":{},
               "geometry":{"type":"Point","coordinates":[105,10]}}]}
            """)
        #expect(read[0].geometry == nil)
        #expect(read[1].geometry == .point(Coordinate(latitude: 10, longitude: 105)))
        #expect(read[1].problems.isEmpty)
    }

    // MARK: - Errors

    @Test(arguments: [
        ("", "not valid JSON: unexpected end of input at line 1, column 1"),
        ("{\"type\":\n \"Feature\",}",
         "not valid JSON: expected a string key, found '}' at line 2, column 12"),
        ("{\"type\": Feature}", "not valid JSON: unexpected 'F' at line 1, column 10"),
        ("[1, 2] x", "not valid JSON: unexpected 'x' after the value at line 1, column 8"),
        ("[1, 2", "not valid JSON: unexpected end of input at line 1, column 6"),
        ("[01]", "not valid JSON: expected ',' or ']', found '1' at line 1, column 3"),
        ("[-]", "not valid JSON: a number needs digits at line 1, column 2"),
        ("[1.]", "not valid JSON: a number needs digits after '.' at line 1, column 2"),
        ("[\"a\u{01}\"]", "not valid JSON: control character in a string at line 1, column 4"),
        ("[\"\\q\"]", "not valid JSON: unknown escape \\q at line 1, column 3"),
        ("[nul]", "not valid JSON: unknown literal at line 1, column 2"),
        ("[1, 2]", "expected a FeatureCollection, Feature or geometry, found an array"),
        ("\"Feature\"", "expected a FeatureCollection, Feature or geometry, found a string"),
        ("{\"features\":[]}",
         "expected a FeatureCollection, Feature or geometry, found an object without a \"type\""),
        ("{\"type\":\"Topology\",\"objects\":{}}",
         "expected a FeatureCollection, Feature or geometry, found 'Topology'"),
        ("{\"type\":\"FeatureCollection\"}", "the FeatureCollection has no \"features\" array"),
        ("{\"type\":\"FeatureCollection\",\"features\":{}}",
         "the FeatureCollection has no \"features\" array"),
    ])
    func unreadableText(text: String, expected: String) {
        #expect(errorMessage(Data(text.utf8)) == expected)
    }

    @Test func errorNamesItsSource() {
        #expect(throws: GeoJSONError(source: "wards.geojson", message: "not valid JSON: unexpected "
            + "end of input at line 1, column 1")) {
            try GeoJSON.readFeatures(data: Data(), source: "wards.geojson")
        }
        let error = GeoJSONError(source: "wards.geojson", message: "bad")
        #expect(error.description == "wards.geojson: bad")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(errorMessage(Data(deep.utf8))
            == "not valid JSON: nesting deeper than 512 levels at line 1, column 513")

        let deepObject = String(repeating: #"{"a":"#, count: 600) + "1"
            + String(repeating: "}", count: 600)
        #expect(errorMessage(Data(deepObject.utf8))
            == "not valid JSON: nesting deeper than 512 levels at line 1, column 2561")
    }

    @Test func nestingWithinTheLimitIsRead() throws {
        let nested = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        let text = #"{"type":"Feature","properties":{"deep":\#(nested)},"geometry":null}"#
        #expect(try features(text)[0].problems.isEmpty)
    }

    @Test func invalidUTF8IsAnError() {
        var data = Data(#"{"type":"Feature","properties":{"name":""#.utf8)
        data.append(contentsOf: [0xC3, 0x28])
        data.append(contentsOf: Data(#""},"geometry":null}"#.utf8))
        #expect(errorMessage(data)
            == "not valid JSON: invalid UTF-8 in a string at line 1, column 40")
    }

    @Test func byteOrderMarkIsSkipped() throws {
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(contentsOf: Data(#"{"type":"Point","coordinates":[105,10]}"#.utf8))
        let read = try GeoJSON.readFeatures(data: data, source: "bom.geojson")
        #expect(read[0].geometry == .point(Coordinate(latitude: 10, longitude: 105)))
    }

    @Test func stringEscapesAreDecoded() throws {
        let text = #"{"type":"Feature","properties":{"s":"a\"b\\c\/d\n\u1ea1\ud83d\ude00\ud800x"},"#
            + #""geometry":null}"#
        #expect(try features(text)[0].properties["s"] == .string("a\"b\\c/d\nạ😀\u{FFFD}x"))
    }

    @Test func numbersAreReadExactly() throws {
        let text = #"{"type":"Feature","properties":{"a":[0.1,-0,1e2,1.5E-3,12345678901234567890,"#
            + #"0.30000000000000004,1e999,-1e999,123456789.123456789]},"geometry":null}"#
        let expected: [Double] = [
            0.1, -0.0, 100, 0.0015, Double("12345678901234567890")!, 0.300_000_000_000_000_04,
            .infinity, -.infinity, 123_456_789.123_456_789,
        ]
        #expect(try features(text)[0].properties["a"] == .array(expected.map { .number($0) }))
    }
}

@Suite struct JSONValueTests {
    @Test(arguments: [
        (JSONValue.string("31120"), "31120"),
        (.number(31120), "31120"),
        (.number(-0.0), "0"),
        (.number(10.04), "10.04"),
        (.number(1e20), "1e+20"),
        (.number(0.000_001), "1e-06"),
    ])
    func stringValue(value: JSONValue, expected: String) {
        #expect(value.stringValue == expected)
    }

    @Test func stringValueIsNilForOtherKinds() {
        #expect(JSONValue.null.stringValue == nil)
        #expect(JSONValue.bool(true).stringValue == nil)
        #expect(JSONValue.array([]).stringValue == nil)
        #expect(JSONValue.number(.infinity).stringValue == nil)
    }

    @Test func doubleValue() {
        #expect(JSONValue.number(10.04).doubleValue == 10.04)
        #expect(JSONValue.string("10.04").doubleValue == 10.04)
        #expect(JSONValue.string(" -3 ").doubleValue == -3)
        #expect(JSONValue.string("1e3").doubleValue == 1000)
        #expect(JSONValue.string("abc").doubleValue == nil)
        #expect(JSONValue.string("inf").doubleValue == nil)
        #expect(JSONValue.string("nan").doubleValue == nil)
        #expect(JSONValue.string("0x10").doubleValue == nil)
        #expect(JSONValue.string("1e999").doubleValue == nil)
        #expect(JSONValue.bool(true).doubleValue == nil)
        #expect(JSONValue.null.doubleValue == nil)
    }
}
