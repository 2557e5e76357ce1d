import Foundation

// GeoJSON, RFC 7946 (https://www.rfc-editor.org/rfc/rfc7946). Positions are
// [longitude, latitude(, altitude)] (§3.1.1); the "crs" member of older files is
// ignored (Appendix B); an altitude or any further number in a position is ignored.

// MARK: - Types

/// A geometry this module works with; a GeoJSON Polygon is read as a one-polygon MultiPolygon.
public enum Geometry: Sendable, Equatable {
    case point(Coordinate)
    case multiPolygon(MultiPolygon)
}

/// One feature read from a GeoJSON text.
public struct GeoJSONFeature: Sendable {
    /// 0-based position in the collection.
    public let index: Int
    /// The feature's `"id"`, a string or a number written as text (see `JSONValue.stringValue`).
    public let id: String?
    /// The feature's `"properties"`, empty when null or missing.
    public let properties: [String: JSONValue]
    /// nil when `"geometry": null`, or when the geometry has problems (a wrong
    /// `id` or `properties` alone leaves it in place).
    public let geometry: Geometry?
    /// Why the geometry (or the feature) could not be used, as plain sentences.
    public let problems: [String]

    /// Creates a feature from its parts.
    public init(
        index: Int, id: String?, properties: [String: JSONValue], geometry: Geometry?,
        problems: [String]
    ) {
        self.index = index
        self.id = id
        self.properties = properties
        self.geometry = geometry
        self.problems = problems
    }
}

/// A GeoJSON text that cannot be read at all: not JSON, or not a GeoJSON object.
public struct GeoJSONError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Where the text came from, usually a file path.
    public let source: String
    /// What is wrong, as one plain sentence.
    public let message: String

    /// Creates an error for a source.
    public init(source: String, message: String) {
        self.source = source
        self.message = message
    }

    public var description: String { "\(source): \(message)" }
}

// MARK: - Reading

/// Reading and writing GeoJSON (RFC 7946).
public enum GeoJSON {
    /// The geometry types of RFC 7946 §1.4.
    static let geometryTypes: Set<String> = [
        "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
        "GeometryCollection",
    ]

    /// Reads the features of a FeatureCollection, a single Feature or a bare geometry.
    ///
    /// Only a text that is not JSON, or whose top level is not one of those
    /// objects, throws. Anything wrong inside a feature is listed in that
    /// feature's `problems` instead, and its geometry is then nil.
    public static func readFeatures(
        data: Data, source: String
    ) throws(GeoJSONError) -> [GeoJSONFeature] {
        let root: JSONNode
        do {
            root = try JSONParser.parse(data)
        } catch {
            let place = JSONParser.lineAndColumn(of: error.offset, in: data)
            throw GeoJSONError(
                source: source,
                message: "not valid JSON: \(error.message) at line \(place.line), "
                    + "column \(place.column)")
        }

        let expected = "expected a FeatureCollection, Feature or geometry"
        guard case .object = root else {
            throw GeoJSONError(source: source, message: "\(expected), found \(root.kindPhrase)")
        }
        guard case .string(let type) = root["type"] else {
            throw GeoJSONError(
                source: source, message: "\(expected), found an object without a \"type\"")
        }

        switch type {
        case "FeatureCollection":
            guard case let features? = root["features"], let elements = features.elements else {
                throw GeoJSONError(
                    source: source, message: "the FeatureCollection has no \"features\" array")
            }
            return elements.enumerated().map { readFeature($1, index: $0) }
        case "Feature":
            return [readFeature(root, index: 0)]
        case _ where geometryTypes.contains(type):
            var reader = GeometryReader()
            let geometry = reader.read(root)
            return [GeoJSONFeature(
                index: 0, id: nil, properties: [:], geometry: geometry, problems: reader.problems)]
        default:
            throw GeoJSONError(source: source, message: "\(expected), found '\(shortened(type))'")
        }
    }

    /// Reads one element of a FeatureCollection's `"features"` array.
    static func readFeature(_ node: JSONNode, index: Int) -> GeoJSONFeature {
        guard case .object = node else {
            return GeoJSONFeature(
                index: index, id: nil, properties: [:], geometry: nil,
                problems: ["the feature is \(node.kindPhrase), not an object"])
        }

        var problems: [String] = []
        switch node["type"] {
        case .string("Feature"): break
        case .string(let type): problems.append("expected a Feature, found '\(shortened(type))'")
        default: problems.append("the feature has no \"type\"")
        }

        var id: String?
        switch node["id"] {
        case nil, .null?: id = nil
        case .string(let text)?: id = text
        case .number(let number)?: id = JSONValue.number(number).stringValue
        case let other?: problems.append("the id is \(other.kindPhrase), not a string or number")
        }
        if case .number(let number)? = node["id"], !number.isFinite {
            problems.append("the id is a number too large to represent")
        }

        var properties: [String: JSONValue] = [:]
        switch node["properties"] {
        case nil, .null?: break
        case .object?:
            if case .object(let members) = node["properties"]?.value { properties = members }
        case let other?: problems.append("properties is \(other.kindPhrase), not an object")
        }

        var geometry: Geometry?
        switch node["geometry"] {
        case nil:
            problems.append("the feature has no \"geometry\" member")
        case .null?:
            geometry = nil
        case let object? where object.isObject:
            var reader = GeometryReader()
            geometry = reader.read(object)
            problems += reader.problems
        case let other?:
            problems.append("the geometry is \(other.kindPhrase), not an object")
        }

        return GeoJSONFeature(
            index: index, id: id, properties: properties, geometry: geometry, problems: problems)
    }

    /// Text from the file, cut to a length that keeps messages readable.
    static func shortened(_ text: String) -> String {
        text.count <= 40 ? text : String(text.prefix(40)) + "…"
    }
}

extension JSONNode {
    /// The elements when this is an array, whatever its storage.
    var elements: [JSONNode]? {
        switch self {
        case .array(let elements): elements
        case .numbers(let numbers): numbers.map { .number($0) }
        default: nil
        }
    }

    var isObject: Bool {
        if case .object = self { true } else { false }
    }
}

// MARK: - Geometry

/// Reads one GeoJSON geometry object and collects what is wrong with it.
struct GeometryReader {
    /// Problems found so far, at most `maximumProblems` of them plus a count of the rest.
    private(set) var problems: [String] = []

    private static let maximumProblems = 20
    private var unlisted = 0

    /// Position checks, gathered over the whole geometry before they are reported.
    private var positionCount = 0
    private var allValid = true
    private var allValidSwapped = true
    private var longitudeOutOfRange: (first: String, count: Int)?
    private var latitudeOutOfRange: (first: String, count: Int)?
    private var notFinite: (first: String, count: Int)?

    /// The geometry, or nil with `problems` filled in.
    mutating func read(_ object: JSONNode) -> Geometry? {
        let geometry = readUnchecked(object)
        reportPositions()
        if unlisted > 0 { problems.append("\(unlisted) more problems are not listed") }
        return problems.isEmpty ? geometry : nil
    }

    private mutating func readUnchecked(_ object: JSONNode) -> Geometry? {
        guard case .string(let type) = object["type"] else {
            report("the geometry has no \"type\"")
            return nil
        }
        guard type == "Point" || type == "Polygon" || type == "MultiPolygon" else {
            report("geometry type \(GeoJSON.shortened(type)) is not supported")
            return nil
        }
        guard let coordinates = object["coordinates"] else {
            report("the \(type) has no \"coordinates\" member")
            return nil
        }

        switch type {
        case "Point":
            return readPosition(coordinates, at: "the position of the Point").map { .point($0) }
        case "Polygon":
            return readPolygon(coordinates, index: 0).map { .multiPolygon(MultiPolygon([$0])) }
        default:
            guard let elements = coordinates.elements else {
                report("the coordinates of a MultiPolygon must be an array of polygons")
                return nil
            }
            guard !elements.isEmpty else {
                report("the MultiPolygon has no polygons")
                return nil
            }
            var polygons: [Polygon] = []
            for (index, element) in elements.enumerated() {
                if let polygon = readPolygon(element, index: index) { polygons.append(polygon) }
            }
            return polygons.count == elements.count ? .multiPolygon(MultiPolygon(polygons)) : nil
        }
    }

    private mutating func readPolygon(_ node: JSONNode, index: Int) -> Polygon? {
        guard case .array(let ringNodes) = node else {
            if case .numbers = node {
                report("polygon \(index) is not an array of rings")
            } else {
                report("polygon \(index) is \(node.kindPhrase), not an array of rings")
            }
            return nil
        }
        guard !ringNodes.isEmpty else {
            report("polygon \(index) has no rings")
            return nil
        }

        var rings: [LinearRing] = []
        for (ringIndex, ringNode) in ringNodes.enumerated() {
            let name = "ring \(ringIndex) of polygon \(index)"
            let positionNodes: [JSONNode]
            switch ringNode {
            case .array(let elements):
                positionNodes = elements
            case .numbers:
                report("\(name) is not an array of positions")
                continue
            default:
                report("\(name) is \(ringNode.kindPhrase), not an array of positions")
                continue
            }

            var points: [Coordinate] = []
            points.reserveCapacity(positionNodes.count)
            for (positionIndex, positionNode) in positionNodes.enumerated() {
                let place = "position \(positionIndex) of \(name)"
                if let point = readPosition(positionNode, at: place) { points.append(point) }
            }
            if positionNodes.count < 4 {
                report("\(name) has \(positionNodes.count) positions; a ring needs at least 4")
            } else if points.count == positionNodes.count, points.first != points.last {
                report("\(name) is not closed")
            }
            rings.append(LinearRing(points: points))
        }

        guard rings.count == ringNodes.count else { return nil }
        return Polygon(exterior: rings[0], holes: Array(rings.dropFirst()))
    }

    /// Reads `[longitude, latitude, …]`; range checks are only tallied here.
    private mutating func readPosition(_ node: JSONNode, at place: String) -> Coordinate? {
        let longitude: Double
        let latitude: Double
        switch node {
        case .numbers(let numbers) where numbers.count >= 2:
            longitude = numbers[0]
            latitude = numbers[1]
        case .numbers:
            report("\(place) has fewer than 2 numbers")
            return nil
        case .array(let elements) where elements.count < 2:
            report("\(place) has fewer than 2 numbers")
            return nil
        case .array(let elements):
            guard case .number(let first) = elements[0], case .number(let second) = elements[1]
            else {
                report("\(place) is not an array of numbers")
                return nil
            }
            longitude = first
            latitude = second
        default:
            report("\(place) is \(node.kindPhrase), not an array of numbers")
            return nil
        }

        guard longitude.isFinite, latitude.isFinite else {
            notFinite = (notFinite?.first ?? "\(place) holds a number too large to represent",
                         (notFinite?.count ?? 0) + 1)
            return nil
        }

        positionCount += 1
        let coordinate = Coordinate(latitude: latitude, longitude: longitude)
        if !coordinate.isValid {
            allValid = false
            if !(-180...180).contains(longitude) {
                longitudeOutOfRange = (
                    longitudeOutOfRange?.first
                        ?? "longitude \(Self.text(longitude)) at \(place) is outside -180…180",
                    (longitudeOutOfRange?.count ?? 0) + 1)
            }
            if !(-90...90).contains(latitude) {
                latitudeOutOfRange = (
                    latitudeOutOfRange?.first
                        ?? "latitude \(Self.text(latitude)) at \(place) is outside -90…90",
                    (latitudeOutOfRange?.count ?? 0) + 1)
            }
        }
        if !Coordinate(latitude: longitude, longitude: latitude).isValid { allValidSwapped = false }
        return coordinate
    }

    /// Turns the tallies of `readPosition` into problems.
    private mutating func reportPositions() {
        if let notFinite {
            report(Self.counted(notFinite))
        }
        if positionCount > 0, !allValid, allValidSwapped {
            report("positions look like [latitude, longitude]; "
                + "RFC 7946 wants [longitude, latitude]")
            return
        }
        if let longitudeOutOfRange { report(Self.counted(longitudeOutOfRange)) }
        if let latitudeOutOfRange { report(Self.counted(latitudeOutOfRange)) }
    }

    private static func counted(_ tally: (first: String, count: Int)) -> String {
        tally.count == 1 ? tally.first : "\(tally.first) (and \(tally.count - 1) more)"
    }

    private static func text(_ number: Double) -> String {
        JSONValue.number(number).stringValue ?? "\(number)"
    }

    private mutating func report(_ problem: String) {
        if problems.count < Self.maximumProblems {
            problems.append(problem)
        } else {
            unlisted += 1
        }
    }
}
