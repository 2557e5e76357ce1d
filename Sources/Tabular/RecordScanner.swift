// Splits decoded UTF-8 bytes into records, following RFC 4180 §2 with what real producers
// add: LF or a lone CR as well as CRLF ends a record, a quote inside an unquoted field is kept
// as it is, and line breaks inside quoted fields are kept byte for byte.

/// One record as it appears in the file: fields not yet normalised.
struct ScannedRecord {
    /// The 1-based physical line where the record starts.
    let line: Int
    let fields: [String]
    /// True for an empty line: one unquoted, empty field.
    let isBlank: Bool
}

/// Reads records one by one from UTF-8 bytes; every read is bounds-checked.
struct RecordScanner {
    private let bytes: [UInt8]
    private let delimiter: UInt8
    private let source: String
    /// Whether to bring fields with non-ASCII bytes to NFC.
    private let normalizes: Bool
    private var position: Int
    private var line: Int
    /// Reused buffer for quoted fields that hold doubled quotes.
    private var unescaped: [UInt8] = []

    /// A scanner from `position` (on physical `line`); `normalizes` brings each field to NFC
    /// once it is split off, so normalisation can never create a delimiter (NFC maps U+037E
    /// GREEK QUESTION MARK to ';').
    init(
        bytes: [UInt8], delimiter: UInt8, source: String, position: Int, line: Int,
        normalizes: Bool
    ) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.source = source
        self.position = position
        self.line = line
        self.normalizes = normalizes
    }

    /// The next record that is not a blank line, or nil at the end of the input.
    mutating func nextNonBlank() throws(TabularError) -> ScannedRecord? {
        while let record = try next() {
            if !record.isBlank { return record }
        }
        return nil
    }

    /// The next record, blank lines included, or nil at the end of the input.
    mutating func next() throws(TabularError) -> ScannedRecord? {
        guard position < bytes.count else { return nil }
        let startLine = line
        var fields: [String] = []
        var firstFieldQuoted = false

        while true {
            if position < bytes.count, bytes[position] == ASCII.quote {
                if fields.isEmpty { firstFieldQuoted = true }
                fields.append(try quotedField())
            } else {
                fields.append(unquotedField())
            }

            // A field ends at the delimiter, a line break or the end of the input.
            guard position < bytes.count else { break }
            let byte = bytes[position]
            position += 1
            if byte == delimiter { continue }
            if byte == ASCII.carriageReturn, position < bytes.count,
               bytes[position] == ASCII.lineFeed {
                position += 1
            }
            line += 1
            break
        }

        let isBlank = fields.count == 1 && !firstFieldQuoted && fields[0].isEmpty
        return ScannedRecord(line: startLine, fields: fields, isBlank: isBlank)
    }

    /// Bytes up to the delimiter or line break; a quote here is an ordinary character.
    private mutating func unquotedField() -> String {
        let start = position
        var highBits: UInt8 = 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == delimiter || byte == ASCII.lineFeed || byte == ASCII.carriageReturn {
                break
            }
            highBits |= byte
            position += 1
        }
        return text(bytes[start..<position], isASCII: highBits < 0x80)
    }

    /// The field's text, in NFC unless it is ASCII (already NFC) or normalising is off.
    private func text(_ utf8: ArraySlice<UInt8>, isASCII: Bool) -> String {
        let raw = String(decoding: utf8, as: UTF8.self)
        return normalizes && !isASCII ? TextDecoder.normalized(raw) : raw
    }

    /// A field that opens with a quote: `""` stands for one quote, line breaks are content.
    private mutating func quotedField() throws(TabularError) -> String {
        let openLine = line
        position += 1
        var start = position
        var escaped = false
        var highBits: UInt8 = 0
        unescaped.removeAll(keepingCapacity: true)

        while position < bytes.count {
            let byte = bytes[position]
            highBits |= byte
            if byte == ASCII.quote {
                if position + 1 < bytes.count, bytes[position + 1] == ASCII.quote {
                    // Keep the first quote of the pair, skip the second.
                    unescaped.append(contentsOf: bytes[start...position])
                    escaped = true
                    position += 2
                    start = position
                    continue
                }
                let value: String
                if escaped {
                    unescaped.append(contentsOf: bytes[start..<position])
                    value = text(unescaped[...], isASCII: highBits < 0x80)
                } else {
                    value = text(bytes[start..<position], isASCII: highBits < 0x80)
                }
                position += 1
                try expectFieldEnd()
                return value
            }
            if byte == ASCII.lineFeed {
                line += 1
            } else if byte == ASCII.carriageReturn,
                      position + 1 >= bytes.count || bytes[position + 1] != ASCII.lineFeed {
                line += 1
            }
            position += 1
        }
        throw TabularError(
            file: source, line: openLine, message: "quoted field opened here is never closed"
        )
    }

    /// After a closing quote only the delimiter, a line break or the end may follow.
    private func expectFieldEnd() throws(TabularError) {
        guard position < bytes.count else { return }
        let byte = bytes[position]
        if byte == delimiter || byte == ASCII.lineFeed || byte == ASCII.carriageReturn {
            return
        }
        throw TabularError(
            file: source, line: line,
            message: "unexpected character \(quotedCharacter(at: position)) after closing quote"
        )
    }

    /// The character starting at `offset`, quoted for a message: `'x'`, `'\t'` or `U+00A0`.
    private func quotedCharacter(at offset: Int) -> String {
        var end = offset + 1
        while end < bytes.count, end - offset < 4, bytes[end] & 0xC0 == 0x80 {
            end += 1
        }
        let text = String(decoding: bytes[offset..<min(end, bytes.count)], as: UTF8.self)
        return quotedForMessage(text)
    }
}

/// Quotes one character for an error message, spelling out invisible ones.
func quotedForMessage(_ text: String) -> String {
    guard let scalar = text.unicodeScalars.first, text.unicodeScalars.count == 1 else {
        return "'\(text)'"
    }
    switch scalar {
    case "\t": return "'\\t'"
    case "\n": return "'\\n'"
    case "\r": return "'\\r'"
    case " ": return "' '"
    default: break
    }
    let properties = scalar.properties
    if properties.isWhitespace || properties.generalCategory == .control
        || properties.generalCategory == .format {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
    return "'\(text)'"
}

/// The ASCII bytes the scanner and sniffer look for.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let quote: UInt8 = 0x22
    static let comma: UInt8 = 0x2C
    static let semicolon: UInt8 = 0x3B
}
