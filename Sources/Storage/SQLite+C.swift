// The only file that talks to libsqlite3. Everything here is a thin, non-owning wrapper
// around one C call (named in each `///`); ownership and policy live in Database,
// Statement and the backup code above. Manual: https://sqlite.org/c3ref/intro.html

internal import CSQLite

// MARK: - Result codes

/// The result codes the Swift layer branches on, as defined in sqlite3.h.
enum SQLiteCode {
    static let ok = SQLITE_OK
    static let error = SQLITE_ERROR
    static let busy = SQLITE_BUSY
    static let locked = SQLITE_LOCKED
    static let readOnly = SQLITE_READONLY
    static let corrupt = SQLITE_CORRUPT
    static let cantOpen = SQLITE_CANTOPEN
    static let schema = SQLITE_SCHEMA
    static let constraint = SQLITE_CONSTRAINT
    static let mismatch = SQLITE_MISMATCH
    static let misuse = SQLITE_MISUSE
    static let range = SQLITE_RANGE
    static let notADatabase = SQLITE_NOTADB
    static let row = SQLITE_ROW
    static let done = SQLITE_DONE

    /// English text for a result code; wraps `sqlite3_errstr`
    /// (https://sqlite.org/c3ref/errcode.html).
    static func text(_ code: Int32) -> String {
        guard let text = sqlite3_errstr(code) else { return "unknown error" }
        return String(cString: text)
    }
}

/// The library version string; wraps `sqlite3_libversion`
/// (https://sqlite.org/c3ref/libversion.html).
func sqliteLibraryVersion() -> String {
    String(cString: sqlite3_libversion())
}

// MARK: - Connection

/// A borrowed `sqlite3*`; the owning `Database` decides when to close it.
struct ConnectionHandle {
    let raw: OpaquePointer

    /// Opens a connection; wraps `sqlite3_open_v2` (https://sqlite.org/c3ref/open.html).
    ///
    /// On failure the half-open handle is closed here, as the manual requires, and the
    /// error carries its message.
    static func open(path: String, readOnly: Bool) throws(DatabaseError) -> ConnectionHandle {
        let access = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let flags = access | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        var raw: OpaquePointer?
        let code = sqlite3_open_v2(path, &raw, flags, nil)
        guard code == SQLITE_OK, let raw else {
            var message = SQLiteCode.text(code)
            if let raw {
                message = String(cString: sqlite3_errmsg(raw))
                sqlite3_close_v2(raw)
            }
            throw DatabaseError(code: code, message: "cannot open '\(path)': \(message)")
        }
        return ConnectionHandle(raw: raw)
    }

    /// Closes the connection, deferring until the last statement is finalized; wraps
    /// `sqlite3_close_v2` (https://sqlite.org/c3ref/close.html).
    func close() {
        sqlite3_close_v2(raw)
    }

    /// Turns on extended result codes; wraps `sqlite3_extended_result_codes`.
    func enableExtendedResultCodes() {
        sqlite3_extended_result_codes(raw, 1)
    }

    /// Sets how long a locked database is retried; wraps `sqlite3_busy_timeout`.
    func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(raw, milliseconds)
    }

    /// The most recent extended result code; wraps `sqlite3_extended_errcode`.
    var extendedErrorCode: Int32 { sqlite3_extended_errcode(raw) }

    /// The most recent error message; wraps `sqlite3_errmsg`.
    var errorMessage: String { String(cString: sqlite3_errmsg(raw)) }

    /// The connection's current error as a `DatabaseError` naming `sql`.
    func lastError(sql: String?) -> DatabaseError {
        DatabaseError(code: extendedErrorCode, message: errorMessage, sql: sql)
    }

    /// Rowid of the most recent insert; wraps `sqlite3_last_insert_rowid`.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(raw) }

    /// Rows changed by the most recent statement; wraps `sqlite3_changes64`.
    var changes: Int64 { sqlite3_changes64(raw) }

    /// True outside an explicit transaction; wraps `sqlite3_get_autocommit`.
    var isAutocommit: Bool { sqlite3_get_autocommit(raw) != 0 }

    /// Absolute path of the main database file, or "" for a memory or temporary one;
    /// wraps `sqlite3_db_filename`.
    var mainFilename: String {
        guard let name = sqlite3_db_filename(raw, "main") else { return "" }
        return String(cString: name)
    }

    /// Runs a script of zero or more statements; wraps `sqlite3_exec`
    /// (https://sqlite.org/c3ref/exec.html).
    func exec(_ sql: String) throws(DatabaseError) {
        var cMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(raw, sql, nil, nil, &cMessage)
        guard code != SQLITE_OK else { return }

        var message = SQLiteCode.text(code)
        if let cMessage {
            message = String(cString: cMessage)
            sqlite3_free(cMessage)
        }
        throw DatabaseError(code: extendedErrorCode, message: message, sql: sql)
    }

    /// Compiles exactly one statement; wraps `sqlite3_prepare_v2`
    /// (https://sqlite.org/c3ref/prepare.html).
    ///
    /// Text after the first statement must be only whitespace or comments: it is
    /// compiled too, and if it holds a statement the call fails rather than silently
    /// ignoring it.
    func prepare(_ sql: String) throws(DatabaseError) -> StatementHandle {
        let result: Result<StatementHandle, DatabaseError> = sql.withCString { text in
            var statement: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            guard sqlite3_prepare_v2(raw, text, -1, &statement, &tail) == SQLITE_OK else {
                return .failure(lastError(sql: sql))
            }
            guard let statement else {
                return .failure(DatabaseError(
                    code: SQLITE_MISUSE, message: "no SQL statement in the text", sql: sql))
            }
            if let tail, tail.pointee != 0 {
                var extra: OpaquePointer?
                let code = sqlite3_prepare_v2(raw, tail, -1, &extra, nil)
                if code != SQLITE_OK || extra != nil {
                    sqlite3_finalize(extra)
                    sqlite3_finalize(statement)
                    return .failure(DatabaseError(
                        code: SQLITE_MISUSE,
                        message: "more than one statement; use executeScript for scripts",
                        sql: sql))
                }
            }
            return .success(StatementHandle(raw: statement))
        }
        return try result.get()
    }
}

// MARK: - Statement

/// A borrowed `sqlite3_stmt*`; the owning `Statement` finalizes it.
struct StatementHandle {
    let raw: OpaquePointer

    /// Destroys the statement; wraps `sqlite3_finalize`.
    func finalize() {
        sqlite3_finalize(raw)
    }

    /// Rewinds the statement, keeping its bindings; wraps `sqlite3_reset`.
    func reset() {
        sqlite3_reset(raw)
    }

    /// Sets every parameter back to NULL; wraps `sqlite3_clear_bindings`.
    func clearBindings() {
        sqlite3_clear_bindings(raw)
    }

    /// Advances one row; wraps `sqlite3_step` (https://sqlite.org/c3ref/step.html).
    func step() -> Int32 {
        sqlite3_step(raw)
    }

    /// Number of parameters; wraps `sqlite3_bind_parameter_count`.
    var parameterCount: Int32 { sqlite3_bind_parameter_count(raw) }

    /// Name of parameter `index` (1-based) with its prefix, nil for `?`; wraps
    /// `sqlite3_bind_parameter_name`.
    func parameterName(_ index: Int32) -> String? {
        sqlite3_bind_parameter_name(raw, index).map { String(cString: $0) }
    }

    /// Binds one value to parameter `index` (1-based); wraps the `sqlite3_bind_*` family
    /// (https://sqlite.org/c3ref/bind_blob.html). Text and blobs are copied (TRANSIENT).
    func bind(_ value: SQLValue, at index: Int32) -> Int32 {
        switch value {
        case .null:
            return sqlite3_bind_null(raw, index)
        case .integer(let number):
            return sqlite3_bind_int64(raw, index, number)
        case .real(let number):
            return sqlite3_bind_double(raw, index, number)
        case .text(let text):
            // A count keeps embedded NUL characters; a nil pointer would bind NULL,
            // so an empty string gets a real (empty) buffer.
            let bytes = Array(text.utf8)
            guard !bytes.isEmpty else {
                return sqlite3_bind_text(raw, index, "", 0, ketnoi_sqlite_transient())
            }
            return bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    sqlite3_bind_text(
                        raw, index, chars.baseAddress, Int32(chars.count),
                        ketnoi_sqlite_transient())
                }
            }
        case .blob(let bytes):
            // sqlite3_bind_blob with a nil pointer binds NULL, not an empty blob.
            guard !bytes.isEmpty else { return sqlite3_bind_zeroblob(raw, index, 0) }
            return bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob(
                    raw, index, buffer.baseAddress, Int32(buffer.count),
                    ketnoi_sqlite_transient())
            }
        }
    }

    /// Number of result columns; wraps `sqlite3_column_count`.
    var columnCount: Int32 { sqlite3_column_count(raw) }

    /// Name of result column `index` (0-based); wraps `sqlite3_column_name`.
    func columnName(_ index: Int32) -> String {
        sqlite3_column_name(raw, index).map { String(cString: $0) } ?? ""
    }

    /// Copies result column `index` (0-based) of the current row; wraps
    /// `sqlite3_column_type` and the `sqlite3_column_*` getters
    /// (https://sqlite.org/c3ref/column_blob.html).
    func value(at index: Int32) -> SQLValue {
        switch sqlite3_column_type(raw, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(raw, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(raw, index))
        case SQLITE_TEXT:
            // The pointer first, then the byte count, as the manual orders them.
            guard let text = sqlite3_column_text(raw, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(raw, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count),
                                as: UTF8.self))
        case SQLITE_BLOB:
            // A zero-length blob comes back as a nil pointer.
            guard let blob = sqlite3_column_blob(raw, index) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(raw, index))
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default:
            return .null
        }
    }
}

// MARK: - Online backup

/// A `sqlite3_backup*` copying `main` of one connection into `main` of another
/// (https://sqlite.org/c3ref/backup_finish.html).
struct BackupHandle {
    let raw: OpaquePointer

    /// Starts a backup; wraps `sqlite3_backup_init`. On failure the error is read from
    /// the destination connection, where SQLite leaves it.
    static func start(
        from source: ConnectionHandle, into destination: ConnectionHandle
    ) throws(DatabaseError) -> BackupHandle {
        guard let raw = sqlite3_backup_init(destination.raw, "main", source.raw, "main") else {
            throw destination.lastError(sql: nil)
        }
        return BackupHandle(raw: raw)
    }

    /// Copies up to `pages` pages (-1 for all); wraps `sqlite3_backup_step`.
    func step(pages: Int32) -> Int32 {
        sqlite3_backup_step(raw, pages)
    }

    /// Releases the backup; wraps `sqlite3_backup_finish`.
    @discardableResult
    func finish() -> Int32 {
        sqlite3_backup_finish(raw)
    }
}
