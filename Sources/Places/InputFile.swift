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
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard attributes?[.type] as? FileAttributeType == .typeRegular else {
            throw ImportFailure(.noInput, "\(path): not a regular file (a device, pipe or socket)")
        }
        // Read whole into memory: a file far beyond any table or boundary file is refused.
        if let size = attributes?[.size] as? Int, size > 1 << 30 {
            throw ImportFailure(.badData, "\(path): larger than 1 GiB; not an import file")
        }
        guard FileManager.default.isReadableFile(atPath: path),
            let data = FileManager.default.contents(atPath: path)
        else {
            throw ImportFailure(.noInput, "\(path): cannot read the file: permission denied")
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
            // Foundation says only that the text is wrong; our own reader says where.
            let problem = JSONSyntax.firstError(in: Data(bytes)) ?? error.localizedDescription
            throw ImportFailure(.badData, "\(name): not valid JSON: \(problem)")
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
public enum CellParser {
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
    /// A whole number written plainly (`120000`, `-3`). Separators and fractions are refused,
    /// not guessed at: `120.000` may mean 120 or 120,000 depending on the locale that wrote it.
    static func integer(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 18 else { return nil }
        return Int(trimmed)
    }

    /// The first control character (C0, DEL, C1) in the text, as `U+001B`; nil when none.
    static func controlCharacter(in text: String) -> String? {
        for scalar in text.unicodeScalars
        where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            return String(format: "U+%04X", scalar.value)
        }
        return nil
    }

    /// Quotes a cell for a message, shortened when long.
    public static func quoted(_ text: String) -> String {
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
        // Values no place on Earth has are shown short, not as a 300-digit number.
        if abs(value) >= 1e6 || (value != 0 && abs(value) < 1e-6) {
            return String(format: "%g", value)
        }
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
