/// One row of `PRAGMA foreign_key_check`: a child row whose parent is missing.
public struct ForeignKeyViolation: Sendable, Equatable {
    /// The child table.
    public let table: String
    /// The child row's rowid, nil for a `WITHOUT ROWID` table.
    public let rowID: Int64?
    /// The parent table the key points to.
    public let parent: String
    /// Which foreign key of `table` failed (the `id` of `PRAGMA foreign_key_list`).
    public let foreignKeyIndex: Int

    /// Makes a violation record.
    public init(table: String, rowID: Int64?, parent: String, foreignKeyIndex: Int) {
        self.table = table
        self.rowID = rowID
        self.parent = parent
        self.foreignKeyIndex = foreignKeyIndex
    }
}

extension Database {
    /// Runs `PRAGMA integrity_check` (https://sqlite.org/pragma.html#pragma_integrity_check);
    /// returns [] for a sound database, else SQLite's problem lines.
    public func integrityCheck() throws -> [String] {
        let lines = try query("PRAGMA integrity_check").map { try $0.get(0, as: String.self) }
        return lines == ["ok"] ? [] : lines
    }

    /// Runs `PRAGMA foreign_key_check` over every table
    /// (https://sqlite.org/pragma.html#pragma_foreign_key_check); [] when all keys hold.
    ///
    /// Finds rows written while `foreign_keys` was off, or by another program.
    public func foreignKeyCheck() throws -> [ForeignKeyViolation] {
        try query("PRAGMA foreign_key_check").map { row in
            ForeignKeyViolation(
                table: try row.get("table"),
                rowID: try row.get("rowid"),
                parent: try row.get("parent"),
                foreignKeyIndex: try row.get("fkid"))
        }
    }
}
