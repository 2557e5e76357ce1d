import Foundation
import Storage

/// `ketnoi db …`: the SQLite database itself.
enum DatabaseCommands {
    static let spec: CommandSpec = CommandSpec(
        name: "db",
        summary: "the database: where it is, checks, backups",
        subcommands: [infoSpec, checkSpec, backupSpec])

    static let infoSpec = CommandSpec(
        name: "info",
        summary: "show the database file, its schema version and what it holds",
        printsData: true,
        run: { try runInfo($0) })

    static let checkSpec = CommandSpec(
        name: "check",
        summary: "check integrity and foreign keys (exit 65 when a problem is found)",
        printsData: true,
        run: { try runCheck($0) })

    static let backupSpec = CommandSpec(
        name: "backup",
        summary: "copy the database to FILE, safely while others write",
        discussion: """
            Uses SQLite's online backup: the copy is one consistent snapshot even while an
            inventory run or an import writes. It is written beside FILE and renamed into place,
            so FILE is never left half-written.
            """,
        options: [.flag("force", "replace FILE if it is an existing regular file")],
        arguments: [ArgumentSpec(name: "FILE", help: "where to write the copy")],
        run: { try runBackup($0) })

    struct InfoJSON: Encodable {
        let path: String
        let bytes: Int64
        let sqliteVersion: String
        let schemaVersion: Int
        let tables: [String: Int]
    }

    static func runInfo(_ context: Context) throws {
        let db = try context.openDatabase()
        let path = context.databasePath
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        let version = try db.scalar(Int.self, "PRAGMA user_version") ?? 0
        var tables: [String: Int] = [:]
        for row in try db.query("""
            SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
            ORDER BY name
            """) {
            let name: String = try row.get("name")
            let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            tables[name] = try db.scalar(Int.self, "SELECT count(*) FROM \(quoted)") ?? 0
        }
        if context.json {
            let payload = InfoJSON(
                path: path, bytes: bytes, sqliteVersion: Database.sqliteVersion,
                schemaVersion: version, tables: tables)
            context.terminal.out(try JSONOutput.render(JSONDocument("db-info", payload)))
            return
        }
        var lines = [
            "database:  \(path)",
            "size:      \(bytes) bytes",
            "schema:    \(version) migrations applied",
            "sqlite:    \(Database.sqliteVersion)",
            "tables:",
        ]
        for name in tables.keys.sorted() {
            lines.append("  \(name): \(tables[name]!) rows")
        }
        context.terminal.out(lines.joined(separator: "\n") + "\n")
    }

    struct CheckJSON: Encodable {
        let path: String
        let ok: Bool
        let integrity: [String]
        let foreignKeys: [String]
    }

    static func runCheck(_ context: Context) throws {
        let db = try context.openDatabase(existing: true, migrate: false)
        let integrity = try db.integrityCheck()
        let foreignKeys = try db.foreignKeyCheck().map { violation in
            "table \(violation.table) row \(violation.rowID.map(String.init) ?? "?") refers to a "
                + "missing row of \(violation.parent)"
        }
        let ok = integrity.isEmpty && foreignKeys.isEmpty
        if context.json {
            let payload = CheckJSON(
                path: context.databasePath, ok: ok, integrity: integrity, foreignKeys: foreignKeys)
            context.terminal.out(try JSONOutput.render(JSONDocument("db-check", payload)))
        } else {
            for line in integrity { context.terminal.out("integrity: \(line)\n") }
            for line in foreignKeys { context.terminal.out("foreign key: \(line)\n") }
            if ok { context.terminal.out("\(context.databasePath): ok\n") }
        }
        if !ok {
            throw CommandFailure(.dataError, "\(context.databasePath): "
                + "\(integrity.count + foreignKeys.count) problem(s) found")
        }
    }

    static func runBackup(_ context: Context) throws {
        let destination = context.invocation.arguments[0]
        let db = try context.openDatabase(existing: true, migrate: false)
        let source = URL(fileURLWithPath: context.databasePath).resolvingSymlinksInPath().path
        if URL(fileURLWithPath: destination).resolvingSymlinksInPath().path == source {
            throw CommandFailure(.usage, "the backup cannot overwrite the database itself")
        }
        // The copy replaces only a missing file, or a regular file when asked to: never a
        // device, a link or someone's document by accident.
        if let attributes = try? FileManager.default.attributesOfItem(atPath: destination) {
            let type = attributes[.type] as? FileAttributeType
            guard type == .typeRegular else {
                throw CommandFailure(
                    .cannotCreate,
                    "\(destination) exists and is not a regular file "
                        + "("
                        + (type == .typeSymbolicLink
                            ? "a symbolic link"
                            : type == .typeDirectory ? "a folder" : "a device, pipe or socket")
                        + "); nothing written"
                )
            }
            guard context.invocation.has("force") else {
                throw CommandFailure(
                    .cannotCreate, "\(destination) exists; give --force to replace it")
            }
        }
        do {
            try db.backup(to: destination)
        } catch let error as DatabaseError {
            throw CommandFailure(
                .cannotCreate, "cannot write the backup \(destination): \(error.message)")
        }
        let bytes =
            (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? Int64) ?? 0
        context.terminal.out(
            "backed up \(context.databasePath) to \(destination) (\(bytes) bytes)\n")
    }
}
