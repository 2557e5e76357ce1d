#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One numbered schema change of a module.
public struct Migration: Sendable {
    /// 1, 2, 3 … within its module, in the order they run.
    public let version: Int
    /// A short description, e.g. `create areas`.
    public let name: String
    /// A script of one or more statements; it must not begin or end a transaction.
    public let sql: String

    /// Makes a migration.
    public init(_ version: Int, _ name: String, _ sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// The migrations of one module (e.g. `places`), in version order.
public struct SchemaModule: Sendable {
    /// The module's name, recorded in `schema_migrations.module`.
    public let name: String
    /// Its migrations, versions 1…n.
    public let migrations: [Migration]

    /// Makes a module.
    public init(name: String, migrations: [Migration]) {
        self.name = name
        self.migrations = migrations
    }
}

/// Brings a database's schema up to date, module by module.
///
/// Bookkeeping: the table `schema_migrations(module, version, name, applied_at)` holds one
/// row per applied migration and `PRAGMA user_version` holds how many there are, so an
/// up-to-date database is recognized from one pragma and one small query. Each migration
/// runs in its own transaction together with its bookkeeping, so a failure leaves the
/// schema as it was before that migration.
///
/// Foreign key enforcement is off while migrations run, as SQLite's procedure for schema
/// changes asks (https://sqlite.org/lang_altertable.html#otheralter): rebuilding a parent
/// table must not cascade into its children. Instead `PRAGMA foreign_key_check` runs
/// before each commit and a violation fails the migration.
public struct Migrator: Sendable {
    /// The registered modules, in dependency order.
    public let modules: [SchemaModule]

    /// Registers `modules` in dependency order.
    ///
    /// Module names must be unique and non-empty, and each module's versions must run
    /// 1…n in order; anything else is a programmer error and traps.
    public init(modules: [SchemaModule]) {
        let problems = Self.problems(in: modules)
        precondition(problems.isEmpty, "Migrator: \(problems.joined(separator: "; "))")
        self.modules = modules
    }

    /// Applies every pending migration in order and returns them as `places 1 create
    /// areas` lines; [] when the schema is already current.
    ///
    /// Throws `SQLITE_SCHEMA` (17) when the database was migrated by a newer ketnoi.
    /// Call it outside any transaction, else foreign keys stay enforced during the run.
    public func migrate(_ db: Database) throws -> [String] {
        let state = try readState(db)
        let pending = registered.filter { !state.applied.contains($0.key) }
        guard !pending.isEmpty else { return [] }

        try db.executeScript("""
            CREATE TABLE IF NOT EXISTS schema_migrations(
                module TEXT NOT NULL,
                version INTEGER NOT NULL,
                name TEXT NOT NULL,
                applied_at TEXT NOT NULL,
                PRIMARY KEY(module, version)
            )
            """)

        // The pragma is a no-op inside a transaction, so it is set here, around them all.
        let enforcedForeignKeys = try db.scalar(Bool.self, "PRAGMA foreign_keys") == true
        if enforcedForeignKeys {
            try db.executeScript("PRAGMA foreign_keys=OFF")
        }
        defer {
            if enforcedForeignKeys {
                try? db.executeScript("PRAGMA foreign_keys=ON")
            }
        }

        var applied: [String] = []
        for step in pending where try apply(step, to: db) {
            applied.append(step.line)
        }
        return applied
    }

    /// The migrations `migrate` would apply, as `places 1 create areas` lines; reads only.
    public func pending(_ db: Database) throws -> [String] {
        let state = try readState(db)
        return registered.filter { !state.applied.contains($0.key) }.map(\.line)
    }

    // MARK: - Applying

    /// Runs one migration with its bookkeeping in one transaction; false when another
    /// connection applied it first.
    private func apply(_ step: RegisteredMigration, to db: Database) throws -> Bool {
        let migration = step.migration
        return try db.transaction {
            let already = try db.scalar(
                Int.self,
                "SELECT count(*) FROM schema_migrations WHERE module = ? AND version = ?",
                [step.module, migration.version])
            guard already == 0 else { return false }

            do {
                try db.executeScript(migration.sql)
            } catch let error as DatabaseError {
                throw DatabaseError(
                    code: error.code,
                    message: "migration \(step.line) failed: \(error.message)",
                    sql: error.sql)
            }

            // TODO(perf): checks every table, not only those the migration touched.
            let violations = try db.foreignKeyCheck()
            if let first = violations.first {
                throw DatabaseError(
                    code: 787,
                    message: "migration \(step.line) leaves \(violations.count) row(s) "
                        + "violating foreign keys, first in '\(first.table)' "
                        + "rowid \(first.rowID.map(String.init) ?? "none") "
                        + "referring to '\(first.parent)'",
                    sql: migration.sql)
            }

            try db.execute(
                "INSERT INTO schema_migrations(module, version, name, applied_at) "
                    + "VALUES (?, ?, ?, ?)",
                [step.module, migration.version, migration.name, Date()])
            let count = try db.scalar(Int.self, "SELECT count(*) FROM schema_migrations") ?? 0
            try db.executeScript("PRAGMA user_version = \(count)")
            return true
        }
    }

    // MARK: - Reading the bookkeeping

    /// What the database says was applied, checked against what this build knows.
    private func readState(_ db: Database) throws -> (userVersion: Int, applied: Set<Key>) {
        let userVersion = try db.scalar(Int.self, "PRAGMA user_version") ?? 0
        let total = registered.count
        if userVersion > total {
            throw DatabaseError(
                code: SQLiteCode.schema,
                message: "database schema is newer than this ketnoi (user_version "
                    + "\(userVersion), this build knows \(total)); upgrade ketnoi")
        }

        let hasTable = try db.scalar(
            Int.self,
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        ) == 1
        var applied = Set<Key>()
        if hasTable {
            for row in try db.query("SELECT module, version FROM schema_migrations") {
                applied.insert(Key(module: try row.get("module"), version: try row.get("version")))
            }
        }

        let known = Set(registered.map(\.key))
        let unknown = applied.subtracting(known).sorted()
        if !unknown.isEmpty {
            let list = unknown.map { "\($0.module) \($0.version)" }.joined(separator: ", ")
            throw DatabaseError(
                code: SQLiteCode.schema,
                message: "database schema is newer than this ketnoi (it has migration(s) "
                    + "\(list), which this build does not know); upgrade ketnoi")
        }
        if userVersion != applied.count {
            throw DatabaseError(
                code: SQLiteCode.error,
                message: "schema bookkeeping disagrees: user_version \(userVersion), "
                    + "schema_migrations holds \(applied.count) row(s)")
        }
        for module in modules {
            let versions = applied.filter { $0.module == module.name }.map(\.version)
            if let highest = versions.max(), versions.count != highest {
                throw DatabaseError(
                    code: SQLiteCode.error,
                    message: "schema bookkeeping has a gap: module '\(module.name)' has "
                        + "version \(highest) applied but only \(versions.count) migration(s)")
            }
        }
        return (userVersion, applied)
    }

    // MARK: - Registration

    /// A migration's identity in `schema_migrations`.
    struct Key: Hashable, Comparable {
        let module: String
        let version: Int

        static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.module, lhs.version) < (rhs.module, rhs.version)
        }
    }

    /// A migration with the module it belongs to.
    struct RegisteredMigration {
        let module: String
        let migration: Migration

        var key: Key { Key(module: module, version: migration.version) }
        var line: String { "\(module) \(migration.version) \(migration.name)" }
    }

    /// Every migration in the order they run: modules in order, versions ascending.
    var registered: [RegisteredMigration] {
        modules.flatMap { module in
            module.migrations.map { RegisteredMigration(module: module.name, migration: $0) }
        }
    }

    /// What is wrong with a list of modules, [] when it is fine.
    static func problems(in modules: [SchemaModule]) -> [String] {
        var problems: [String] = []
        var seen = Set<String>()
        for module in modules {
            if module.name.isEmpty {
                problems.append("a module has an empty name")
            } else if !seen.insert(module.name).inserted {
                problems.append("module '\(module.name)' is registered twice")
            }
            for (offset, migration) in module.migrations.enumerated()
            where migration.version != offset + 1 {
                problems.append(
                    "module '\(module.name)': migration '\(migration.name)' has version "
                        + "\(migration.version) where \(offset + 1) is expected")
                break
            }
        }
        return problems
    }
}
