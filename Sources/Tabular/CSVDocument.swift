/// How to read a CSV file: delimiter, encoding and whether the first line names the columns.
public struct CSVReadOptions: Sendable {
    /// The field delimiter; nil sniffs `,` `;` or tab from the header line (or takes
    /// Excel's `sep=` first line). Must be one ASCII character other than `"`, CR or LF.
    public var delimiter: Character?
    /// The file's encoding; never guessed.
    public var encoding: TextEncoding
    /// Whether the first non-blank record is the header.
    public var hasHeader: Bool
    /// Column names when `hasHeader` is false (required then); ignored when it is true.
    public var columns: [String]?

    /// Options for a UTF-8 file with a header and a sniffed delimiter, unless told otherwise.
    public init(
        delimiter: Character? = nil,
        encoding: TextEncoding = .utf8,
        hasHeader: Bool = true,
        columns: [String]? = nil
    ) {
        self.delimiter = delimiter
        self.encoding = encoding
        self.hasHeader = hasHeader
        self.columns = columns
    }
}

/// One data record and the physical line it starts on.
public struct CSVRecord: Sendable, Equatable {
    /// The 1-based physical line where the record starts; line breaks inside quoted fields
    /// count, so this is the line a text editor shows.
    public let line: Int
    /// The field values in NFC, never trimmed; as many as the header has columns.
    public let fields: [String]

    /// A record starting on `line`.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// A whole CSV file: its header and its data records, all text in NFC.
public struct CSVDocument: Sendable {
    /// The file name used in messages.
    public let source: String
    /// Column names in NFC, byte order mark stripped, not trimmed.
    public let header: [String]
    /// Data records only; blank lines are skipped.
    public let records: [CSVRecord]
    /// The delimiter given, hinted by `sep=` or sniffed.
    public let delimiter: Character
    /// Whether the file began with a UTF-8 byte order mark.
    public let hadByteOrderMark: Bool

    /// The index of the column `name`: an exact match first, then the one column whose name
    /// matches case-insensitively after trimming spaces (nil if several do).
    public func columnIndex(_ name: String) -> Int? {
        if let exact = header.firstIndex(of: name) { return exact }
        let key = name.trimmingSpaces().lowercased()
        let matches = header.indices.filter { header[$0].trimmingSpaces().lowercased() == key }
        return matches.count == 1 ? matches.first : nil
    }

    /// The value of `column` in `record`, or nil when the column is absent.
    public func value(_ record: CSVRecord, _ column: String) -> String? {
        guard let index = columnIndex(column), index < record.fields.count else { return nil }
        return record.fields[index]
    }
}
