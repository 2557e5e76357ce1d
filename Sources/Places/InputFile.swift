import Foundation
import Geo
import Tabular

/// A file given to an import, read whole and sniffed by content rather than by extension.
struct InputFile {
    enum Format { case csv, json }

    let path: String
    /// The name used in messages: the path as the user gave it.
    let name: String
    let data: Data

    init(path: String) throws(ImportFailure) {
        self.path = path
        self.name = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImportFailure(.noInput, "\(path): no such file")
        }
        guard !isDirectory.boolValue else {
            throw ImportFailure(.noInput, "\(path): is a folder, not a file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportFailure(.noInput, "\(path): cannot read the file (permission?)")
        }
        self.data = data
    }

    /// JSON when the first byte that is not white space (after a UTF-8 BOM) is `{` or `[`.
    var format: Format {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[") ? .json : .csv
    }

    func csv(_ options: CSVReadOptions) throws(ImportFailure) -> CSVDocument {
        do {
            return try CSVReader.read(data: data, source: name, options: options)
        } catch {
            throw ImportFailure(.badData, error.description)
        }
    }

    /// The file's JSON value, decoded as UTF-8 (a BOM is tolerated).
    func json() throws(ImportFailure) -> Any {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        do {
            return try JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed])
        } catch {
            throw ImportFailure(.badData, "\(name): not valid JSON: \(error.localizedDescription)")
        }
    }

    func geoJSONFeatures() throws(ImportFailure) -> [GeoJSONFeature] {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        do {
            return try GeoJSON.readFeatures(data: Data(bytes), source: name)
        } catch {
            throw ImportFailure(.badData, error.description)
        }
    }
}

/// Reading numbers and words out of hostile text cells.
enum CellParser {
    /// A finite decimal number; a single comma is taken as the decimal mark (`10,0452`), as
    /// spreadsheets in Vietnamese locales write it. Nil for anything else.
    static func number(_ text: String) -> Double? {
        var cleaned = text.trimmingCharacters(in: .whitespaces)
        guard !cleaned.isEmpty, cleaned.count <= 64 else { return nil }
        if !cleaned.contains("."), cleaned.filter({ $0 == "," }).count == 1 {
            cleaned = cleaned.replacingOccurrences(of: ",", with: ".")
        }
        let allowed = Set("0123456789+-.eE")
        guard cleaned.allSatisfy({ allowed.contains($0) }), let value = Double(cleaned),
            value.isFinite
        else { return nil }
        return value
    }

    /// A whole number, written plainly or with a zero fraction (`120`, `120.0`).
    static func integer(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let value = Int(trimmed) { return value }
        guard let value = number(trimmed), value == value.rounded(),
            abs(value) < 9_007_199_254_740_992
        else { return nil }
        return Int(value)
    }

    /// Quotes a cell for a message, shortened when long.
    static func quoted(_ text: String) -> String {
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return "'\(shown)'"
    }
}

/// Formats coordinates and distances in messages.
enum PlaceFormat {
    static func coordinate(_ c: Coordinate) -> String {
        "\(trimmed(c.latitude, places: 6)), \(trimmed(c.longitude, places: 6))"
    }

    static func trimmed(_ value: Double, places: Int) -> String {
        var text = String(format: "%.\(places)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    static func kilometres(_ metres: Double) -> String {
        let km = metres / 1000
        return km >= 100 ? "\(Int(km.rounded())) km" : String(format: "%.1f km", km)
    }
}
