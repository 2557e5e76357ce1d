/// One connection to a SQLite database file; owns one `sqlite3*`.
///
/// A `Database` is not thread-safe and not `Sendable`: use it from one thread (or one
/// serial queue) only. Other threads open their own `Database` on the same file; WAL mode
/// lets them read while one of them writes.
///
///     let db = try Database(path: "/var/lib/ketnoi/ketnoi.db")
///     try db.execute("INSERT INTO wards(name) VALUES (?)", ["Cái Khế"])
public final class Database {
    /// The path (or URI, or `:memory:`) this connection was opened with.
    public let path: String

    /// Nil once closed.
    private(set) var connection: ConnectionHandle?

    /// How many `transaction` calls are running, outermost included; names savepoints.
    var transactionDepth = 0

    /// Opens (and creates, unless `readOnly`) the database at `path`; wraps `sqlite3_open_v2`.
    ///
    /// The connection gets extended result codes, a 5 s busy timeout and
    /// `PRAGMA foreign_keys=ON`; a writable file database also gets `journal_mode=WAL` and
    /// `synchronous=NORMAL` (safe in WAL: a crash may lose the last commits, never
    /// consistency). `path` may be a `file:` URI.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        let handle = try ConnectionHandle.open(path: path, readOnly: readOnly)
        connection = handle

        do {
            handle.enableExtendedResultCodes()
            handle.setBusyTimeout(milliseconds: 5000)
            try handle.exec("PRAGMA foreign_keys=ON")
            if !readOnly && !Self.isInMemory(path) {
                // The pragma answers with the mode it got; some file systems refuse WAL.
                let mode = try scalar(String.self, "PRAGMA journal_mode=WAL")
                if mode?.lowercased() == "wal" {
                    try handle.exec("PRAGMA synchronous=NORMAL")
                }
            }
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Closes the connection; wraps `sqlite3_close_v2`. Calling it again does nothing.
    ///
    /// Statements still alive keep the underlying handle until they are released; using
    /// them, or this object, afterwards throws `SQLITE_MISUSE`.
    public func close() {
        connection?.close()
        connection = nil
    }

    /// The libsqlite3 version this process runs, e.g. `3.40.1`; wraps `sqlite3_libversion`.
    public static var sqliteVersion: String { sqliteLibraryVersion() }

    // MARK: - Running SQL

    /// Runs one statement with positional `?` arguments, discarding any rows.
    public func execute(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws {
        try prepare(sql).execute(arguments)
    }

    /// Runs a script of any number of statements without arguments; wraps `sqlite3_exec`.
    public func executeScript(_ sql: String) throws {
        try openConnection().exec(sql)
    }

    /// Compiles one statement for repeated use; wraps `sqlite3_prepare_v2`.
    ///
    /// Text after the first statement must be empty or comments; use `executeScript` for
    /// more than one statement.
    public func prepare(_ sql: String) throws -> Statement {
        // TODO(perf): no statement cache yet; every `execute`/`query` compiles its SQL.
        let handle = try openConnection().prepare(sql)
        return Statement(database: self, handle: handle, sql: sql)
    }

    /// All result rows of one statement.
    public func query(
        _ sql: String, _ arguments: [any DatabaseValueConvertible] = []
    ) throws -> [Row] {
        try prepare(sql).query(arguments)
    }

    /// The first result row of one statement, or nil when there is none; stops stepping
    /// after that row.
    public func queryFirst(
        _ sql: String, _ arguments: [any DatabaseValueConvertible] = []
    ) throws -> Row? {
        try prepare(sql).firstRow(arguments)
    }

    /// The first column of the first row decoded as `T`, or nil when there is no row or
    /// the value is NULL; a value that does not decode throws `SQLITE_MISMATCH`.
    public func scalar<T: DatabaseValueConvertible>(
        _ type: T.Type, _ sql: String, _ arguments: [any DatabaseValueConvertible] = []
    ) throws -> T? {
        guard let row = try queryFirst(sql, arguments), row.values.first != .null else {
            return nil
        }
        return try row.get(0, as: T.self)
    }

    /// Rowid of the most recent successful INSERT; wraps `sqlite3_last_insert_rowid`.
    public var lastInsertRowID: Int64 { connection?.lastInsertRowID ?? 0 }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE; wraps `sqlite3_changes64`.
    public var changes: Int { Int(connection?.changes ?? 0) }

    // MARK: - Internals

    /// The open connection, or `SQLITE_MISUSE` once closed.
    func openConnection() throws(DatabaseError) -> ConnectionHandle {
        guard let connection else {
            throw DatabaseError(
                code: SQLiteCode.misuse, message: "database '\(path)' is closed")
        }
        return connection
    }

    /// True for paths SQLite keeps in memory, where WAL does not apply.
    private static func isInMemory(_ path: String) -> Bool {
        path.isEmpty || path == ":memory:"
            || (path.hasPrefix("file:") && path.contains("mode=memory"))
    }
}

/// A `Database` owns a non-thread-safe `sqlite3*` (opened with `SQLITE_OPEN_NOMUTEX`).
@available(*, unavailable)
extension Database: Sendable {}
