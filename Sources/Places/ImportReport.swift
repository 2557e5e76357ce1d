/// How an import treats bad rows.
public enum ImportMode: Sendable, Equatable {
    /// One bad row means nothing is written (the default).
    case allOrNothing
    /// Validate and report; write nothing.
    case dryRun
    /// Write the valid rows; list the others.
    case skipInvalid
}

/// Where a problem is in the input: a line of a CSV file, or an item of a JSON file.
public enum InputPlace: Sendable, Equatable, Hashable {
    case line(Int)
    case item(Int)
    case file
}

extension InputPlace {
    /// `line 12`, `item 3`, or `the input`, for "repeats line 12".
    public var phrase: String {
        switch self {
        case .line(let line): "line \(line)"
        case .item(let item): "item \(item)"
        case .file: "the input"
        }
    }

    /// `:12`, `: item 3` or nothing, to follow a file name.
    public var suffix: String {
        switch self {
        case .line(let line): ":\(line)"
        case .item(let item): ": item \(item)"
        case .file: ""
        }
    }
}

/// One reason a row of an import cannot be used, `file:line: field: reason`.
public struct RowProblem: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let place: InputPlace
    /// The field (column) at fault, or nil when the row as a whole is.
    public let field: String?
    public let reason: String

    public init(file: String, place: InputPlace, field: String?, reason: String) {
        self.file = file
        self.place = place
        self.field = field
        self.reason = reason
    }

    public var line: Int? {
        if case .line(let line) = place { return line }
        return nil
    }

    /// Problems in file order (a stable sort: one row's problems keep their order).
    public static func sortedByPlace(_ problems: [RowProblem]) -> [RowProblem] {
        func rank(_ place: InputPlace) -> Int {
            switch place {
            case .file: 0
            case .line(let n), .item(let n): n
            }
        }
        return problems.enumerated()
            .sorted { (rank($0.element.place), $0.offset) < (rank($1.element.place), $1.offset) }
            .map(\.element)
    }

    public var description: String {
        var text = file + place.suffix
        if let field { text += ": \(field)" }
        return text + ": " + reason
    }
}

/// What an import did, or would do with `--dry-run`.
public struct ImportReport: Sendable {
    public let file: String
    public let mode: ImportMode
    /// Rows read from the input (data rows, not the header).
    public var rowsRead = 0
    public var created = 0
    public var updated = 0
    /// Rows left out because they were invalid (only with `.skipInvalid`).
    public var skipped = 0
    /// Invalid rows and why; with `.allOrNothing` any problem means nothing was written.
    public var problems: [RowProblem] = []
    /// Things worth knowing that do not stop the import.
    public var warnings: [String] = []
    /// Whether anything was written to the database.
    public var wrote = false

    public init(file: String, mode: ImportMode) {
        self.file = file
        self.mode = mode
    }

    /// After validation: puts problems in file order, counts the rows to skip, and says whether
    /// the valid rows may be written (never on a dry run; on all-or-nothing only when no row is
    /// bad).
    public mutating func settle() -> Bool {
        problems = RowProblem.sortedByPlace(problems)
        switch mode {
        case .dryRun:
            skipped = invalidRows
            return false
        case .allOrNothing:
            skipped = 0
            return problems.isEmpty
        case .skipInvalid:
            skipped = invalidRows
            return true
        }
    }

    /// Rows with at least one problem.
    public var invalidRows: Int { Set(problems.map(\.place)).count }
}

/// An input that cannot be imported at all (unreadable, not CSV/JSON, no usable columns).
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case noInput, badData, usage }
    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
