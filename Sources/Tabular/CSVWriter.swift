/// Writes CSV that `CSVReader` (and spreadsheets) read back to the same fields (RFC 4180 §2).
public struct CSVWriter: Sendable {
    /// The field delimiter; should be one ASCII character other than `"`, CR or LF.
    public var delimiter: Character = ","
    /// Appended after every line; `"\r\n"` for RFC 4180 strictness.
    public var lineEnding: String = "\n"

    /// A writer for `delimiter`-separated lines ending in `lineEnding`.
    public init(delimiter: Character = ",", lineEnding: String = "\n") {
        self.delimiter = delimiter
        self.lineEnding = lineEnding
    }

    /// One record followed by `lineEnding`.
    ///
    /// A field is quoted only when it holds the delimiter, a quote, CR or LF, or starts or
    /// ends with a space or tab; quotes inside are doubled. A line that would read back as
    /// something else (a single empty field is a blank line, `sep=;` an Excel hint) is quoted
    /// too. A NUL character is written as it is, and the reader refuses it.
    public func line(_ fields: [String]) -> String {
        if fields.count == 1, let only = fields.first,
           only.isEmpty || only.lowercased().hasPrefix("sep=") {
            return quoted(only) + lineEnding
        }
        let separator = String(delimiter)
        return fields.map { needsQuotes($0) ? quoted($0) : $0 }.joined(separator: separator)
            + lineEnding
    }

    /// The header line followed by one line per row.
    public func document(header: [String], rows: [[String]]) -> String {
        var text = line(header)
        for row in rows {
            text += line(row)
        }
        return text
    }

    private func quoted(_ field: String) -> String {
        "\"" + field.replacingQuotes() + "\""
    }

    /// Checks scalars, not Characters: `"\r\n"` is one Character and would hide both breaks.
    private func needsQuotes(_ field: String) -> Bool {
        let scalars = field.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return false }
        if first == " " || first == "\t" || last == " " || last == "\t" || first == "\u{FEFF}" {
            return true
        }
        let delimiterScalars = delimiter.unicodeScalars
        return scalars.contains { scalar in
            scalar == "\"" || scalar == "\r" || scalar == "\n"
                || delimiterScalars.contains(scalar)
        }
    }
}

extension String {
    /// The string with every `"` doubled.
    fileprivate func replacingQuotes() -> String {
        var result = ""
        result.reserveCapacity(utf8.count + 2)
        for scalar in unicodeScalars {
            result.unicodeScalars.append(scalar)
            if scalar == "\"" { result.unicodeScalars.append(scalar) }
        }
        return result
    }
}
