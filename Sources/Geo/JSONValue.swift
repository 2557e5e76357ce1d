import Foundation

/// A JSON value (RFC 8259), as found in GeoJSON `properties`.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The value as text: a string as is, a number as integer text when it is
    /// integral ("31120") or else its shortest decimal ("10.04"); nil otherwise,
    /// and nil for a number too large for a Double.
    public var stringValue: String? {
        switch self {
        case .string(let text): text
        case .number(let number): Self.text(of: number)
        default: nil
        }
    }

    /// The value as a number: a number as is, or a string holding a finite
    /// decimal number ("10.04", surrounding spaces allowed); nil otherwise.
    public var doubleValue: Double? {
        switch self {
        case .number(let number):
            return number
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            // Swift's parser also takes hexadecimal and "nan"; a decimal must start with
            // a digit, a sign or a point.
            guard let first = trimmed.utf8.first, first == UInt8(ascii: "-")
                || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
                !trimmed.lowercased().contains("x"),
                let number = Double(trimmed), number.isFinite
            else { return nil }
            return number
        default:
            return nil
        }
    }

    /// Integer text for integral numbers up to 10¹⁸, else Swift's shortest
    /// round-tripping decimal; nil for infinities and NaN.
    static func text(of number: Double) -> String? {
        guard number.isFinite else { return nil }
        if number == number.rounded(), abs(number) < 1e18 {
            return String(Int64(number))
        }
        return number.description
    }
}

// MARK: - Writing

extension JSONValue {
    /// Appends the value as compact JSON text; object keys are sorted so the
    /// output is deterministic, and non-finite numbers become `null`.
    func write(to output: inout String) {
        switch self {
        case .null:
            output += "null"
        case .bool(let flag):
            output += flag ? "true" : "false"
        case .number(let number):
            output += Self.text(of: number) ?? "null"
        case .string(let text):
            Self.writeString(text, to: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                Self.writeString(key, to: &output)
                output += ":"
                members[key]?.write(to: &output)
            }
            output += "}"
        }
    }

    /// Appends a JSON string literal, escaping quotes, backslashes and control
    /// characters (RFC 8259 §7); other characters stay as UTF-8.
    static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
