import Foundation
import Testing

@testable import Storage

@Suite struct MigratorTests {
    private static let places = SchemaModule(name: "places", migrations: [
        Migration(1, "create areas", """
            CREATE TABLE areas(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
            CREATE INDEX areas_name ON areas(name);
            """),
        Migration(2, "create hotspots", """
            CREATE TABLE hotspots(id INTEGER PRIMARY KEY,
                area_id INTEGER NOT NULL REFERENCES areas(id));
            """),
    ])
    private static let fleet = SchemaModule(name: "fleet", migrations: [
        Migration(1, "create access points", "CREATE TABLE access_points(mac TEXT PRIMARY KEY);"),
    ])

    private func tables(_ db: Database) throws -> [String] {
        try db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .map { try $0.get("name") }
    }

    @Test func appliesEveryMigrationInOrderAndRecordsThem() throws {
        let db = try memoryDatabase()
        let migrator = Migrator(modules: [Self.places, Self.fleet])
        let all = [
            "places 1 create areas", "places 2 create hotspots", "fleet 1 create access points",
        ]
        #expect(try migrator.pending(db) == all)
        #expect(try migrator.migrate(db) == all)
        #expect(try db.scalar(Int.self, "PRAGMA user_version") == 3)
        #expect(try tables(db) == ["access_points", "areas", "hotspots", "schema_migrations"])
        let recorded = try db.query(
            "SELECT module, version, name, applied_at FROM schema_migrations ORDER BY rowid")
        #expect(recorded.map { $0.values.prefix(3) } == [
            [.text("places"), .integer(1), .text("create areas")],
            [.text("places"), .integer(2), .text("create hotspots")],
            [.text("fleet"), .integer(1), .text("create access points")],
        ])
        for row in recorded {
            let appliedAt = try row.get("applied_at", as: Date.self)
            #expect(abs(appliedAt.timeIntervalSinceNow) < 60)
        }
        #expect(try db.scalar(Int.self, "PRAGMA foreign_keys") == 1)
    }

    @Test func migratingTwiceIsANoOp() throws {
        let db = try memoryDatabase()
        let migrator = Migrator(modules: [Self.places, Self.fleet])
        _ = try migrator.migrate(db)
        #expect(try migrator.migrate(db) == [])
        #expect(try migrator.pending(db) == [])
        #expect(try db.scalar(Int.self, "PRAGMA user_version") == 3)
        #expect(try db.scalar(Int.self, "SELECT count(*) FROM schema_migrations") == 3)
    }

    @Test func laterBuildAppliesOnlyTheNewMigrations() throws {
        let db = try memoryDatabase()
        _ = try Migrator(modules: [Self.places]).migrate(db)
        #expect(try Migrator(modules: [Self.places, Self.fleet]).migrate(db)
            == ["fleet 1 create access points"])
        #expect(try db.scalar(Int.self, "PRAGMA user_version") == 3)
    }

    @Test func failingMigrationLeavesSchemaAndUserVersionUnchanged() throws {
        let db = try memoryDatabase()
        _ = try Migrator(modules: [Self.places]).migrate(db)
        let broken = SchemaModule(name: "fleet", migrations: [
            Migration(1, "create access points", """
                CREATE TABLE access_points(mac TEXT PRIMARY KEY);
                INSERT INTO no_such_table VALUES (1);
                """),
        ])
        let before = try tables(db)

        let error = try #require(databaseError {
            _ = try Migrator(modules: [Self.places, broken]).migrate(db)
        })
        #expect(error.code == 1)
        #expect(error.message
            == "migration fleet 1 create access points failed: no such table: no_such_table")
        #expect(try tables(db) == before)
        #expect(try db.scalar(Int.self, "PRAGMA user_version") == 2)
        #expect(try db.scalar(Int.self, "SELECT count(*) FROM schema_migrations") == 2)
        #expect(try db.scalar(Int.self, "PRAGMA foreign_keys") == 1)
    }

    @Test func migrationLeavingForeignKeyViolationsIsRolledBack() throws {
        let db = try memoryDatabase()
        _ = try Migrator(modules: [Self.places]).migrate(db)
        let orphan = SchemaModule(name: "fleet", migrations: [
            Migration(1, "seed orphan", "INSERT INTO hotspots(id, area_id) VALUES (1, 42);"),
        ])
        let error = try #require(databaseError {
            _ = try Migrator(modules: [Self.places, orphan]).migrate(db)
        })
        #expect(error.code == 787)
        #expect(error.message == "migration fleet 1 seed orphan leaves 1 row(s) violating "
            + "foreign keys, first in 'hotspots' rowid 1 referring to 'areas'")
        #expect(try db.scalar(Int.self, "SELECT count(*) FROM hotspots") == 0)
    }

    @Test func newerDatabaseIsRefusedByUserVersion() throws {
        let db = try memoryDatabase()
        _ = try Migrator(modules: [Self.places, Self.fleet]).migrate(db)
        try db.execute("PRAGMA user_version = 7")

        let error = try #require(databaseError {
            _ = try Migrator(modules: [Self.places, Self.fleet]).migrate(db)
        })
        #expect(error.code == 17)
        #expect(error.isSchemaTooNew)
        #expect(error.message == "database schema is newer than this ketnoi "
            + "(user_version 7, this build knows 3); upgrade ketnoi")
        #expect(throws: DatabaseError.self) {
            _ = try Migrator(modules: [Self.places, Self.fleet]).pending(db)
        }
    }

    @Test func newerDatabaseIsRefusedByAnUnknownMigrationRow() throws {
        let db = try memoryDatabase()
        _ = try Migrator(modules: [Self.places, Self.fleet]).migrate(db)

        // An older build that knows only places 1 and fleet 1, plus one other module.
        let older = Migrator(modules: [
            SchemaModule(name: "places", migrations: [Self.places.migrations[0]]),
            Self.fleet,
            SchemaModule(name: "usage", migrations: [Migration(1, "x", "SELECT 1;")]),
        ])
        let error = try #require(databaseError { _ = try older.migrate(db) })
        #expect(error.code == 17)
        #expect(error.message == "database schema is newer than this ketnoi (it has "
            + "migration(s) places 2, which this build does not know); upgrade ketnoi")
        #expect(try db.scalar(Int.self, "PRAGMA user_version") == 3)
    }

    @Test func bookkeepingThatDisagreesIsReported() throws {
        let db = try memoryDatabase()
        _ = try Migrator(modules: [Self.places]).migrate(db)
        try db.execute("PRAGMA user_version = 1")
        let error = try #require(databaseError {
            _ = try Migrator(modules: [Self.places]).migrate(db)
        })
        #expect(error.code == 1)
        #expect(error.message
            == "schema bookkeeping disagrees: user_version 1, schema_migrations holds 2 row(s)")
    }

    @Test func emptyMigratorLeavesAFreshDatabaseAlone() throws {
        let db = try memoryDatabase()
        #expect(try Migrator(modules: []).migrate(db) == [])
        #expect(try tables(db) == [])
    }

    @Test func registrationProblemsAreFound() {
        let gap = SchemaModule(name: "places", migrations: [
            Migration(1, "a", ""), Migration(3, "c", ""),
        ])
        #expect(Migrator.problems(in: [Self.places, Self.fleet]) == [])
        #expect(Migrator.problems(in: [gap, Self.fleet, Self.fleet]) == [
            "module 'places': migration 'c' has version 3 where 2 is expected",
            "module 'fleet' is registered twice",
        ])
        #expect(Migrator.problems(in: [SchemaModule(name: "", migrations: [])])
            == ["a module has an empty name"])
    }
}
