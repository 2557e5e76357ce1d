// Reads CSV files as real producers write them (RFC 4180 plus Excel and open-data habits; see
// shared/reference/ecosystem.md section (d)): strip the BOM, decode strictly, find the
// delimiter, split records, check the shape, and normalise every value to NFC.

import Foundation

/// Reads CSV files into `CSVDocument`s; every problem is a `TabularError` naming file and line.
public enum CSVReader {
    /// Reads CSV from `data`; `source` is the file name used in messages.
    public static func read(
        data: Data, source: String, options: CSVReadOptions = .init()
    ) throws(TabularError) -> CSVDocument {
        try read(bytes: [UInt8](data), source: source, options: options)
    }

    /// Reads the CSV file at `path`; the path is the name used in messages.
    public static func read(
        path: String, options: CSVReadOptions = .init()
    ) throws(TabularError) -> CSVDocument {
        switch readFileContents(atPath: path) {
        case .success(let bytes):
            return try read(bytes: bytes, source: path, options: options)
        case .failure(let failure):
            throw TabularError(file: path, line: nil, message: "cannot read: \(failure.text)")
        }
    }

    /// Decodes a whole file to NFC text, stripping a UTF-8 byte order mark.
    ///
    /// Decoding is strict: a NUL byte or a sequence invalid in `encoding` is an error naming
    /// its line and 0-based byte offset (counted from the start of the file, BOM included).
    public static func decode(
        data: Data, encoding: TextEncoding, source: String
    ) throws(TabularError) -> (text: String, hadByteOrderMark: Bool) {
        let decoded = try TextDecoder.decode([UInt8](data), encoding: encoding, source: source)
        let text = decoded.isASCII ? decoded.text : TextDecoder.normalized(decoded.text)
        return (text, decoded.hadByteOrderMark)
    }

    /// Reads CSV from the raw bytes of a file.
    static func read(
        bytes fileBytes: [UInt8], source: String, options: CSVReadOptions
    ) throws(TabularError) -> CSVDocument {
        let decoded = try TextDecoder.decode(fileBytes, encoding: options.encoding, source: source)
        // Split the text as decoded and normalise field by field: NFC maps U+037E GREEK
        // QUESTION MARK to ';', which must never turn into a delimiter.
        let bytes = Array(decoded.text.utf8)

        var start = 0
        var line = 1
        var hinted: UInt8?
        if let hint = SeparatorHint(bytes) {
            hinted = hint.delimiter
            start = hint.end
            line = 2
        }

        let delimiter: UInt8
        if let given = options.delimiter {
            delimiter = try Delimiter.validated(given, source: source)
        } else if let hinted {
            delimiter = hinted
        } else {
            delimiter = try Delimiter.sniff(bytes, from: start, line: line, source: source)
        }

        var scanner = RecordScanner(
            bytes: bytes, delimiter: delimiter, source: source, position: start, line: line,
            normalizes: !decoded.isASCII
        )
        var header = try readHeader(&scanner, options: options, source: source)
        if !options.hasHeader {
            header.names = header.names.map(TextDecoder.normalized)
        }
        if let duplicate = firstDuplicate(in: header.names) {
            throw TabularError(
                file: source, line: header.line, message: "duplicate column name '\(duplicate)'"
            )
        }

        var records: [CSVRecord] = []
        while let record = try scanner.nextNonBlank() {
            guard record.fields.count == header.names.count else {
                throw TabularError(
                    file: source, line: record.line,
                    message: "expected \(header.names.count) fields, found \(record.fields.count)"
                )
            }
            records.append(CSVRecord(line: record.line, fields: record.fields))
        }

        return CSVDocument(
            source: source,
            header: header.names,
            records: records,
            delimiter: Character(UnicodeScalar(delimiter)),
            hadByteOrderMark: decoded.hadByteOrderMark
        )
    }

    /// The column names: the first non-blank record, or the caller's names.
    private static func readHeader(
        _ scanner: inout RecordScanner, options: CSVReadOptions, source: String
    ) throws(TabularError) -> HeaderNames {
        if options.hasHeader {
            guard let first = try scanner.nextNonBlank() else {
                throw TabularError(file: source, line: nil, message: "empty file, no header")
            }
            return HeaderNames(names: first.fields, line: first.line)
        }
        guard let columns = options.columns else {
            throw TabularError(
                file: source, line: nil,
                message: "column names are required when the file has no header"
            )
        }
        return HeaderNames(names: columns, line: nil)
    }

    /// The first name that appears twice (compared as Swift strings, so canonically).
    private static func firstDuplicate(in names: [String]) -> String? {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            return name
        }
        return nil
    }
}

/// Column names and the line they came from (nil when the caller gave them).
private struct HeaderNames {
    var names: [String]
    let line: Int?
}
