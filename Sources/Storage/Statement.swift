/// One compiled SQL statement; owns one `sqlite3_stmt*` and finalizes it in `deinit`.
///
/// Not thread-safe and not `Sendable`, like the `Database` it belongs to (and keeps alive).
/// Bindings persist between runs: `bind` then `execute()` with no arguments reuses them.
public final class Statement {
    /// The SQL text this statement was compiled from.
    public let sql: String

    private let database: Database
    private let handle: StatementHandle

    /// True once arguments were bound; guards against running a parameterized
    /// statement with no arguments at all.
    private var isBound = false

    init(database: Database, handle: StatementHandle, sql: String) {
        self.database = database
        self.handle = handle
        self.sql = sql
    }

    deinit {
        handle.finalize()
    }

    // MARK: - Binding

    /// Binds positional arguments, replacing all previous bindings; wraps `sqlite3_bind_*`.
    ///
    /// The count must equal the statement's parameter count, else `SQLITE_RANGE` (25).
    public func bind(_ arguments: [any DatabaseValueConvertible]) throws {
        let connection = try database.openConnection()
        let expected = Int(handle.parameterCount)
        guard arguments.count == expected else {
            throw DatabaseError(
                code: SQLiteCode.range,
                message: "wrong number of arguments: expected \(expected), "
                    + "given \(arguments.count)",
                sql: sql)
        }

        handle.reset()
        handle.clearBindings()
        isBound = false
        for (offset, argument) in arguments.enumerated() {
            guard handle.bind(argument.databaseValue, at: Int32(offset + 1)) == SQLiteCode.ok
            else { throw connection.lastError(sql: sql) }
        }
        isBound = true
    }

    /// Binds `:name`, `@name` and `$name` parameters, replacing all previous bindings.
    ///
    /// Keys may be written with or without the prefix (`"name"` or `":name"`). Every
    /// parameter needs a value and every key must name a parameter, else `SQLITE_RANGE`.
    public func bind(named arguments: [String: any DatabaseValueConvertible]) throws {
        let connection = try database.openConnection()
        handle.reset()
        handle.clearBindings()
        isBound = false

        var used = Set<String>()
        for index in stride(from: Int32(1), through: handle.parameterCount, by: 1) {
            guard let name = handle.parameterName(index), name.first != "?" else {
                throw DatabaseError(
                    code: SQLiteCode.range,
                    message: "parameter \(index) is positional; bind it with bind(_:)",
                    sql: sql)
            }
            let bare = String(name.dropFirst())
            guard let key = [name, bare].first(where: { arguments[$0] != nil }),
                  let argument = arguments[key]
            else {
                throw DatabaseError(
                    code: SQLiteCode.range, message: "no value for parameter '\(name)'", sql: sql)
            }
            used.insert(key)
            guard handle.bind(argument.databaseValue, at: index) == SQLiteCode.ok else {
                throw connection.lastError(sql: sql)
            }
        }

        let unknown = arguments.keys.filter { !used.contains($0) }.sorted()
        guard unknown.isEmpty else {
            handle.clearBindings()
            throw DatabaseError(
                code: SQLiteCode.range,
                message: "no parameter named \(unknown.map { "'\($0)'" }.joined(separator: ", "))",
                sql: sql)
        }
        isBound = true
    }

    // MARK: - Running

    /// Runs the statement to completion, discarding rows, then resets it.
    ///
    /// Non-empty `arguments` are bound first; empty ones keep the current bindings.
    public func execute(_ arguments: [any DatabaseValueConvertible] = []) throws {
        try run(arguments) { _ in true }
    }

    /// Runs the statement and returns every row.
    public func query(_ arguments: [any DatabaseValueConvertible] = []) throws -> [Row] {
        var rows: [Row] = []
        try forEachRow(arguments) { rows.append($0) }
        return rows
    }

    /// Runs the statement and hands each row to `body` as it is stepped, without
    /// collecting them; an error thrown by `body` stops the run and is rethrown.
    public func forEachRow(
        _ arguments: [any DatabaseValueConvertible] = [], _ body: (Row) throws -> Void
    ) throws {
        let columns = columnNames()
        try run(arguments) { handle in
            try body(Row(columns: columns, values: Self.values(of: handle, count: columns.count)))
            return true
        }
    }

    /// The first row, or nil; does not step further.
    func firstRow(_ arguments: [any DatabaseValueConvertible]) throws -> Row? {
        let columns = columnNames()
        var first: Row?
        try run(arguments) { handle in
            first = Row(columns: columns, values: Self.values(of: handle, count: columns.count))
            return false
        }
        return first
    }

    /// Binds, steps until done or until `onRow` returns false, and always resets so the
    /// statement holds no lock or read snapshot afterwards; wraps `sqlite3_step`.
    private func run(
        _ arguments: [any DatabaseValueConvertible], onRow: (StatementHandle) throws -> Bool
    ) throws {
        let connection = try database.openConnection()
        if !arguments.isEmpty {
            try bind(arguments)
        } else if !isBound && handle.parameterCount > 0 {
            try bind([])  // throws the wrong-count error
        }

        handle.reset()
        defer { handle.reset() }
        while true {
            switch handle.step() {
            case SQLiteCode.row:
                guard try onRow(handle) else { return }
            case SQLiteCode.done:
                return
            default:
                // Read the message now: the deferred reset must not be what reports it.
                throw connection.lastError(sql: sql)
            }
        }
    }

    private func columnNames() -> [String] {
        (0..<handle.columnCount).map { handle.columnName($0) }
    }

    private static func values(of handle: StatementHandle, count: Int) -> [SQLValue] {
        (0..<Int32(count)).map { handle.value(at: $0) }
    }
}

/// A `Statement` owns a `sqlite3_stmt*` of a connection that is not thread-safe.
@available(*, unavailable)
extension Statement: Sendable {}
