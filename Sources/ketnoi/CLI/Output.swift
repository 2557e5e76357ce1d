import Foundation

/// A plain text table for people: aligned columns, numbers to the right.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Indexes of columns aligned to the right.
    var rightAligned: Set<Int> = []

    init(_ header: [String], rightAligned: Set<Int> = []) {
        self.header = header
        self.rightAligned = rightAligned
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let rows = self.rows.map { $0.map(Printable.cell) }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, width) in widths.enumerated() {
                let cell = index < cells.count ? cells[index] : ""
                let padding = String(repeating: " ", count: max(0, width - cell.count))
                let isLast = index == widths.count - 1
                if rightAligned.contains(index) {
                    parts.append(padding + cell)
                } else {
                    parts.append(isLast ? cell : cell + padding)
                }
            }
            return parts.joined(separator: "  ")
        }
        var lines = [line(header)]
        lines += rows.map(line)
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Formats numbers the same way everywhere in text output.
enum Format {
    static func decimal(_ value: Double?, places: Int) -> String {
        guard let value, value.isFinite else { return "" }
        return String(format: "%.\(places)f", value)
    }

    static func integer(_ value: Int?) -> String {
        value.map(String.init) ?? ""
    }
}

/// Encodes a value as the JSON document a command prints with `--json`.
enum JSONOutput {
    /// The version of the JSON shapes; bumped when a field changes meaning or goes away.
    static let schema = 1

    static func render<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// The envelope of every `--json` document: the schema version and the payload.
struct JSONDocument<Payload: Encodable>: Encodable {
    let schema = JSONOutput.schema
    let kind: String
    let data: Payload

    init(_ kind: String, _ data: Payload) {
        self.kind = kind
        self.data = data
    }
}

/// Keeps text from a file or a device from driving the terminal: control characters become
/// visible escapes.
enum Printable {
    /// For a table cell: every control character escaped, newlines included.
    static func cell(_ text: String) -> String {
        escape(text, keepNewlines: false)
    }

    /// For free text output: control characters escaped except newline and tab.
    static func escape(_ text: String, keepNewlines: Bool) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) && !(keepNewlines && (scalar == "\n" || scalar == "\t")) {
                let code: String = switch scalar {
                case "\n": "\\n"
                case "\t": "\\t"
                case "\r": "\\r"
                default: String(format: "\\u{%X}", scalar.value)
                }
                out.append(contentsOf: code.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
