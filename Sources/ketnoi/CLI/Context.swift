import Coverage
import Foundation
import Fleet
import Learning
import Usage
import Places
import Storage
import Tabular

/// Every module's tables, in dependency order.
enum Schema {
    static let migrator = Migrator(modules: [
        PlacesSchema.module, FleetSchema.module, UsageSchema.module,
        CoverageSchema.module,
        LearningSchema.module,
    ])
}

/// What a running command has at hand: its invocation, the terminal, the environment.
struct Context {
    let invocation: Invocation
    let terminal: Terminal
    let environment: [String: String]

    var json: Bool { invocation.globals.json }

    /// The database file: `--db`, else `$KETNOI_DB`, else `$XDG_DATA_HOME/ketnoi/ketnoi.db`
    /// (`~/.local/share` when unset, empty or relative, as the XDG spec says).
    static func databasePath(flag: String?, environment: [String: String]) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let path = environment["KETNOI_DB"], !path.isEmpty { return path }
        var dataHome = environment["XDG_DATA_HOME"] ?? ""
        if !dataHome.hasPrefix("/") {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
                ?? FileManager.default.homeDirectoryForCurrentUser.path
            dataHome = home + "/.local/share"
        }
        return dataHome + "/ketnoi/ketnoi.db"
    }

    var databasePath: String {
        Self.databasePath(flag: invocation.globals.databasePath, environment: environment)
    }

    /// Opens the database, creating its folder and file when needed, and brings the schema up
    /// to date. With `existing`, a missing file is an error (exit 66) and nothing is created or
    /// migrated: for commands that examine a database rather than use it.
    ///
    /// Commands that only read (lists, shows, status) pass `existing: true, migrate: true`: a
    /// mistyped `--db` then says so instead of showing an empty new database.
    func openDatabase(existing: Bool = false, migrate: Bool = true) throws -> Database {
        let path = databasePath
        if let given = invocation.globals.databasePath, given.isEmpty {
            throw CommandFailure(.usage, "option --db: the path is empty")
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue
        {
            throw CommandFailure(.cannotCreate, "the database path \(path) is a folder")
        }
        if existing {
            guard FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure(.noInput, "no database at \(path) (check --db or KETNOI_DB; "
                    + "an import creates it)")
            }
        } else {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw CommandFailure(.cannotCreate, "cannot create the database folder \(folder): "
                    + Self.blocker(of: folder))
            }
        }
        let db: Database
        do {
            db = try Database(path: path)
        } catch let error as DatabaseError {
            throw CommandFailure(
                ErrorStatus.status(for: error),
                "cannot open the database \(path): "
                    + error.message)
        }
        terminal.debug("db=\(path) sqlite=\(Database.sqliteVersion)")
        guard migrate else { return db }
        for line in try Schema.migrator.migrate(db) {
            terminal.info("db=\(path) migrated=\"\(line)\"")
        }
        return db
    }

    /// Why a folder cannot be made: the first part of its path that exists and is not a folder.
    static func blocker(of folder: String) -> String {
        var url = URL(fileURLWithPath: folder)
        while url.path != "/" {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
                return isFolder.boolValue
                    ? "\(url.path) is not writable" : "\(url.path) is not a folder"
            }
            url.deleteLastPathComponent()
        }
        return "no part of the path can be created"
    }

    /// The CSV options common to every import (`--delimiter`, `--encoding`, `--no-header`,
    /// `--columns`).
    func csvOptions() throws -> CSVReadOptions {
        var options = CSVReadOptions()
        if let text = invocation.value("delimiter") {
            switch text {
            case ",", "comma": options.delimiter = ","
            case ";", "semicolon": options.delimiter = ";"
            case "\t", "\\t", "tab": options.delimiter = "\t"
            default:
                throw CommandFailure(.usage, "option --delimiter: '\(text)' is not one of , ; tab")
            }
        }
        if let name = invocation.value("encoding") {
            guard let encoding = TextEncoding(name: name) else {
                throw CommandFailure(.usage, "option --encoding: '\(name)' is not one of "
                    + TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))
            }
            options.encoding = encoding
        }
        if invocation.has("no-header") {
            guard let columns = invocation.value("columns") else {
                throw CommandFailure(.usage, "option --no-header needs --columns a,b,c")
            }
            options.hasHeader = false
            options.columns = columns.split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
        } else if invocation.value("columns") != nil {
            throw CommandFailure(.usage, "option --columns goes with --no-header")
        }
        return options
    }

    /// The import mode from `--dry-run` and `--skip-invalid`.
    func importMode() throws -> ImportMode {
        switch (invocation.has("dry-run"), invocation.has("skip-invalid")) {
        case (true, true):
            throw CommandFailure(.usage, "options --dry-run and --skip-invalid exclude each other")
        case (true, false): return .dryRun
        case (false, true): return .skipInvalid
        case (false, false): return .allOrNothing
        }
    }
}

/// Options shared by every import command.
enum ImportOptions {
    static let csv: [OptionSpec] = [
        .value("delimiter", "C", "field separator: , ; or tab (default: sniffed from the header)"),
        .value("encoding", "NAME", "utf-8 (default), windows-1258, windows-1252 or cp949"),
        .flag("no-header", "the file has no header row; name the columns with --columns"),
        .value("columns", "A,B,C", "column names, with --no-header"),
    ]
    static let mode: [OptionSpec] = [
        .flag("dry-run", "check every row and report; write nothing"),
        .flag("skip-invalid", "write the valid rows and list the others"),
    ]
}

/// Maps errors from the modules to exit statuses.
enum ErrorStatus {
    static func status(for error: DatabaseError) -> ExitStatus {
        switch error.primaryCode {
        case 5, 6: .temporaryFailure        // BUSY, LOCKED
        case 3, 8, 23: .noPermission        // PERM, READONLY, AUTH
        case 14: .cannotCreate              // CANTOPEN
        case 11, 26: .dataError             // CORRUPT, NOTADB
        case 10, 13: .ioError               // IOERR, FULL
        case 17: .config                    // SCHEMA: a newer database than this build
        default: .software
        }
    }
}
