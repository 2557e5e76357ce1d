/// A decoded copy of one result row: column names and values, valid after the
/// statement moves on.
public struct Row: Sendable, Hashable {
    /// Column names as SQLite reports them (`AS` aliases included).
    public let columns: [String]
    /// Values, one per column, in the same order.
    public let values: [SQLValue]

    /// Makes a row; `columns` and `values` must have the same count.
    public init(columns: [String], values: [SQLValue]) {
        precondition(columns.count == values.count, "Row: \(columns.count) columns, "
            + "\(values.count) values")
        self.columns = columns
        self.values = values
    }

    /// The raw value of `column`.
    ///
    /// A column missing from the result is a programmer error and traps; use `get` to
    /// get a thrown `DatabaseError` instead.
    public subscript(_ column: String) -> SQLValue {
        guard let index = index(of: column) else {
            preconditionFailure(Self.missingColumnMessage(column, columns))
        }
        return values[index]
    }

    /// The value of `column` decoded as `T`.
    ///
    /// Throws `SQLITE_RANGE` (25) when the column is missing and `SQLITE_MISMATCH` (20)
    /// when the value does not decode, e.g. `column 'x': expected Int, found text 'abc'`.
    /// Ask for an `Optional` to accept NULL.
    public func get<T: DatabaseValueConvertible>(
        _ column: String, as type: T.Type = T.self
    ) throws -> T {
        guard let index = index(of: column) else {
            throw DatabaseError(
                code: SQLiteCode.range, message: Self.missingColumnMessage(column, columns))
        }
        return try decode(index, as: type)
    }

    /// The value at `index` (0-based) decoded as `T`; errors as for `get(_:as:)` by name.
    public func get<T: DatabaseValueConvertible>(
        _ index: Int, as type: T.Type = T.self
    ) throws -> T {
        guard values.indices.contains(index) else {
            throw DatabaseError(
                code: SQLiteCode.range,
                message: "no column at index \(index) in result (columns: "
                    + "\(columns.joined(separator: ", ")))")
        }
        return try decode(index, as: type)
    }

    // MARK: - Internals

    private func decode<T: DatabaseValueConvertible>(_ index: Int, as type: T.Type) throws -> T {
        let value = values[index]
        guard let decoded = T.fromDatabaseValue(value) else {
            throw DatabaseError(
                code: SQLiteCode.mismatch,
                message: "column '\(columns[index])': expected \(T.self), found \(value)")
        }
        return decoded
    }

    /// The first column named `column`; SQLite compares names case-insensitively, so an
    /// exact match is tried first, then one ignoring ASCII case.
    private func index(of column: String) -> Int? {
        if let exact = columns.firstIndex(of: column) { return exact }
        let folded = column.lowercased()
        return columns.firstIndex { $0.lowercased() == folded }
    }

    private static func missingColumnMessage(_ column: String, _ columns: [String]) -> String {
        "no column '\(column)' in result (columns: \(columns.joined(separator: ", ")))"
    }
}
