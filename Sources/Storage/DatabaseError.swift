/// An error from SQLite or from this module, with its result code and the SQL involved.
///
/// Errors raised by this module itself reuse SQLite's codes: `SQLITE_MISMATCH` (20) for a
/// column that does not decode, `SQLITE_RANGE` (25) for wrong argument counts and missing
/// columns, `SQLITE_MISUSE` (21) for API misuse such as a closed database, and
/// `SQLITE_SCHEMA` (17) for a database written by a newer ketnoi. Bound argument values
/// never appear in the text.
///
/// Match on the predicates in `catch`:
///
///     catch let error as DatabaseError where error.isUniqueViolation { … }
public struct DatabaseError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The extended result code (`sqlite3_extended_errcode`), for example 787.
    public let code: Int32
    /// The message from `sqlite3_errmsg`, or this module's own text.
    public let message: String
    /// The statement or script that failed, if any.
    public let sql: String?

    /// Makes an error; `code` should be a SQLite result code (https://sqlite.org/rescode.html).
    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code: the low 8 bits of `code`, for example 19 for 787.
    public var primaryCode: Int32 { code & 0xff }

    /// The symbolic name of `code`, e.g. `SQLITE_CONSTRAINT_FOREIGNKEY`, or
    /// `SQLITE error N` for a code missing from the table.
    public var codeName: String {
        Self.codeNames[code] ?? "SQLITE error \(code)"
    }

    /// SQLite's generic English text for `code`; wraps `sqlite3_errstr`.
    public var codeText: String { SQLiteCode.text(code) }

    /// One sentence: `SQLite error 787 (SQLITE_CONSTRAINT_FOREIGNKEY): FOREIGN KEY
    /// constraint failed; SQL: INSERT INTO …`.
    public var description: String {
        var text = "SQLite error \(code) (\(codeName)): \(message)"
        if let sql {
            text += "; SQL: \(sql)"
        }
        return text
    }

    // MARK: Predicates for `catch … where`

    /// Any constraint failed (primary code `SQLITE_CONSTRAINT`, 19).
    public var isConstraintViolation: Bool { primaryCode == SQLiteCode.constraint }

    /// A UNIQUE or PRIMARY KEY constraint failed (2067 or 1555).
    public var isUniqueViolation: Bool { code == 2067 || code == 1555 }

    /// A FOREIGN KEY constraint failed (787).
    public var isForeignKeyViolation: Bool { code == 787 }

    /// The database was locked by another connection past the busy timeout
    /// (primary `SQLITE_BUSY`, 5) or a table was locked (primary `SQLITE_LOCKED`, 6).
    public var isBusy: Bool {
        primaryCode == SQLiteCode.busy || primaryCode == SQLiteCode.locked
    }

    /// A write was attempted on a read-only database (primary `SQLITE_READONLY`, 8).
    public var isReadOnly: Bool { primaryCode == SQLiteCode.readOnly }

    /// The file is damaged or not a database (`SQLITE_CORRUPT` 11, `SQLITE_NOTADB` 26).
    public var isCorrupt: Bool {
        primaryCode == SQLiteCode.corrupt || primaryCode == SQLiteCode.notADatabase
    }

    /// A column did not decode as the requested type (`SQLITE_MISMATCH`, 20).
    public var isTypeMismatch: Bool { primaryCode == SQLiteCode.mismatch }

    /// The database was written by a newer ketnoi than this build (`SQLITE_SCHEMA`, 17).
    public var isSchemaTooNew: Bool { primaryCode == SQLiteCode.schema }

    // MARK: Names

    /// Names from sqlite3.h 3.40 (https://sqlite.org/rescode.html).
    private static let codeNames: [Int32: String] = [
        0: "SQLITE_OK", 1: "SQLITE_ERROR", 2: "SQLITE_INTERNAL", 3: "SQLITE_PERM",
        4: "SQLITE_ABORT", 5: "SQLITE_BUSY", 6: "SQLITE_LOCKED", 7: "SQLITE_NOMEM",
        8: "SQLITE_READONLY", 9: "SQLITE_INTERRUPT", 10: "SQLITE_IOERR",
        11: "SQLITE_CORRUPT", 12: "SQLITE_NOTFOUND", 13: "SQLITE_FULL",
        14: "SQLITE_CANTOPEN", 15: "SQLITE_PROTOCOL", 16: "SQLITE_EMPTY",
        17: "SQLITE_SCHEMA", 18: "SQLITE_TOOBIG", 19: "SQLITE_CONSTRAINT",
        20: "SQLITE_MISMATCH", 21: "SQLITE_MISUSE", 22: "SQLITE_NOLFS", 23: "SQLITE_AUTH",
        24: "SQLITE_FORMAT", 25: "SQLITE_RANGE", 26: "SQLITE_NOTADB", 27: "SQLITE_NOTICE",
        28: "SQLITE_WARNING", 100: "SQLITE_ROW", 101: "SQLITE_DONE",

        257: "SQLITE_ERROR_MISSING_COLLSEQ", 513: "SQLITE_ERROR_RETRY",
        769: "SQLITE_ERROR_SNAPSHOT",
        261: "SQLITE_BUSY_RECOVERY", 517: "SQLITE_BUSY_SNAPSHOT", 773: "SQLITE_BUSY_TIMEOUT",
        262: "SQLITE_LOCKED_SHAREDCACHE", 518: "SQLITE_LOCKED_VTAB",
        264: "SQLITE_READONLY_RECOVERY", 520: "SQLITE_READONLY_CANTLOCK",
        776: "SQLITE_READONLY_ROLLBACK", 1032: "SQLITE_READONLY_DBMOVED",
        1288: "SQLITE_READONLY_CANTINIT", 1544: "SQLITE_READONLY_DIRECTORY",
        266: "SQLITE_IOERR_READ", 522: "SQLITE_IOERR_SHORT_READ", 778: "SQLITE_IOERR_WRITE",
        1034: "SQLITE_IOERR_FSYNC", 1290: "SQLITE_IOERR_DIR_FSYNC",
        1546: "SQLITE_IOERR_TRUNCATE", 1802: "SQLITE_IOERR_FSTAT",
        2058: "SQLITE_IOERR_UNLOCK", 2314: "SQLITE_IOERR_RDLOCK",
        2570: "SQLITE_IOERR_DELETE", 3082: "SQLITE_IOERR_NOMEM", 3338: "SQLITE_IOERR_ACCESS",
        3850: "SQLITE_IOERR_LOCK", 4106: "SQLITE_IOERR_CLOSE", 4618: "SQLITE_IOERR_SHMOPEN",
        4874: "SQLITE_IOERR_SHMSIZE", 5386: "SQLITE_IOERR_SHMMAP", 5642: "SQLITE_IOERR_SEEK",
        5898: "SQLITE_IOERR_DELETE_NOENT", 6154: "SQLITE_IOERR_MMAP",
        8202: "SQLITE_IOERR_DATA", 8458: "SQLITE_IOERR_CORRUPTFS",
        267: "SQLITE_CORRUPT_VTAB", 523: "SQLITE_CORRUPT_SEQUENCE",
        779: "SQLITE_CORRUPT_INDEX",
        270: "SQLITE_CANTOPEN_NOTEMPDIR", 526: "SQLITE_CANTOPEN_ISDIR",
        782: "SQLITE_CANTOPEN_FULLPATH", 1038: "SQLITE_CANTOPEN_CONVPATH",
        1550: "SQLITE_CANTOPEN_SYMLINK",
        275: "SQLITE_CONSTRAINT_CHECK", 531: "SQLITE_CONSTRAINT_COMMITHOOK",
        787: "SQLITE_CONSTRAINT_FOREIGNKEY", 1043: "SQLITE_CONSTRAINT_FUNCTION",
        1299: "SQLITE_CONSTRAINT_NOTNULL", 1555: "SQLITE_CONSTRAINT_PRIMARYKEY",
        1811: "SQLITE_CONSTRAINT_TRIGGER", 2067: "SQLITE_CONSTRAINT_UNIQUE",
        2323: "SQLITE_CONSTRAINT_VTAB", 2579: "SQLITE_CONSTRAINT_ROWID",
        2835: "SQLITE_CONSTRAINT_PINNED", 3091: "SQLITE_CONSTRAINT_DATATYPE",
        516: "SQLITE_ABORT_ROLLBACK", 279: "SQLITE_AUTH_USER",
        283: "SQLITE_NOTICE_RECOVER_WAL", 539: "SQLITE_NOTICE_RECOVER_ROLLBACK",
        284: "SQLITE_WARNING_AUTOINDEX",
    ]
}
