import Foundation

/// Number formatting that does not depend on the machine's locale.
public enum Format {
    static let posix = Locale(identifier: "en_US_POSIX")

    /// `value` with a fixed count of decimals and a comma between thousands: `12,345.6`.
    public static func number(_ value: Double, decimals: Int = 0) -> String {
        let plain = fixed(abs(value), decimals: max(0, decimals))
        let parts = plain.split(separator: ".", maxSplits: 1)
        let whole = Array(parts[0])
        var grouped = ""
        for (index, digit) in whole.enumerated() {
            if index > 0, (whole.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        let fraction = parts.count > 1 ? "." + parts[1] : ""
        let isZero = plain.allSatisfy { $0 == "0" || $0 == "." }
        return (value < 0 && !isZero ? "-" : "") + grouped + fraction
    }

    /// A number for data files: integer text when whole, else up to six decimals, no grouping.
    public static func plainNumber(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = fixed(value, decimals: 6)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// `value` with exactly `decimals` decimals, as `%.Nf` prints it: integer arithmetic
    /// (a report formats tens of thousands of numbers; `String(format:)` costs microseconds
    /// each), `String(format:)` only for numbers too large for it.
    static func fixed(_ value: Double, decimals: Int) -> String {
        let places = min(decimals, 9)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (value * scale).rounded(.toNearestOrEven)
        guard value.isFinite, abs(scaled) < 9e15 else {
            return String(format: "%.\(decimals)f", locale: posix, value)
        }
        let units = Int64(scaled)
        let magnitude = units.magnitude
        let divisor = UInt64(scale)
        let whole = String(magnitude / divisor)
        let sign = value < 0 || (value == 0 && value.sign == .minus) ? "-" : ""
        guard places > 0 else { return sign + whole }
        let digits = String(magnitude % divisor)
        let fraction = String(repeating: "0", count: places - digits.count) + digits
        return sign + whole + "." + fraction
            + String(repeating: "0", count: decimals - places)
    }

    /// A number for SVG coordinates: at most one decimal, no grouping, no `-0`.
    static func coordinate(_ value: Double) -> String {
        // Integer arithmetic: a map has a few hundred thousand of these.
        guard value.isFinite, abs(value) < 1e15 else { return "0" }
        let tenths = Int((value * 10).rounded())
        let whole = String(abs(tenths) / 10)
        let sign = tenths < 0 ? "-" : ""
        let fraction = abs(tenths) % 10
        return fraction == 0 ? sign + whole : sign + whole + "." + String(fraction)
    }
}

/// HTML text and attribute escaping (HTML Living Standard, §13.1.2 and §13.1.2.3).
public enum HTML {
    /// Text safe inside an element or a quoted attribute: `& < > " '` as character
    /// references, and control characters other than tab, line feed and carriage return
    /// (which no document may contain) replaced by U+FFFD.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `<tag attributes>escaped text</tag>`; attribute values are escaped, names are not.
    static func element(_ tag: String, _ attributes: [(String, String)] = [], text: String)
        -> String {
        "<\(tag)\(attributeText(attributes))>\(escape(text))</\(tag)>"
    }

    static func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }
}

/// A table column: its heading and whether its cells are numbers (right-aligned).
public struct TableColumn: Sendable, Equatable {
    public var title: String
    public var isNumeric: Bool

    public init(_ title: String, numeric: Bool = false) {
        self.title = title
        self.isNumeric = numeric
    }
}

/// An HTML table with every heading and cell escaped.
public struct HTMLTable: Sendable, Equatable {
    public var caption: String?
    public var columns: [TableColumn]
    public var rows: [[String]]

    public init(caption: String? = nil, columns: [TableColumn], rows: [[String]]) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
    }

    /// The `<table>` element; a row shorter than the header gets empty cells.
    public func render() -> String {
        var html = "<table>\n"
        if let caption { html += HTML.element("caption", text: caption) + "\n" }
        html += "<thead><tr>"
        for column in columns {
            html += HTML.element(
                "th", [("scope", "col")] + (column.isNumeric ? [("class", "num")] : []),
                text: column.title)
        }
        html += "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>"
            for (index, column) in columns.enumerated() {
                let text = index < row.count ? row[index] : ""
                html += HTML.element("td", column.isNumeric ? [("class", "num")] : [], text: text)
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }
}

/// Markdown (CommonMark with GitHub tables).
public enum Markdown {
    /// Text safe in a table cell or a line: `|` and `\` escaped, line breaks as spaces, and a
    /// `<` that could open raw HTML (before a letter, `/`, `!` or `?`, CommonMark §6.6)
    /// escaped, so `<script>` stays text while `<10` reads as it is.
    public static func escapeCell(_ text: String) -> String {
        var result = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            switch character {
            case "|": result += "\\|"
            case "\\": result += "\\\\"
            case "\n", "\r", "\r\n": result += " "
            case "<":
                let next = index + 1 < characters.count ? characters[index + 1] : " "
                let opensTag = (next.isASCII && next.isLetter) || "/!?".contains(next)
                result += opensTag ? "\\<" : "<"
            default: result.append(character)
            }
        }
        return result
    }

    /// A GitHub-style table; numeric columns are right-aligned.
    public static func table(columns: [TableColumn], rows: [[String]]) -> String {
        var text = "| " + columns.map { escapeCell($0.title) }.joined(separator: " | ") + " |\n"
        text += "|" + columns.map { $0.isNumeric ? "---:" : "---" }.joined(separator: "|") + "|\n"
        for row in rows {
            let cells = columns.indices.map { $0 < row.count ? escapeCell(row[$0]) : "" }
            text += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return text
    }
}
