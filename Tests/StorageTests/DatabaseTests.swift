import Foundation
import Testing

@testable import Storage

@Suite struct DatabaseTests {
    @Test func foreignKeysAreEnforced() throws {
        let db = try memoryDatabase()
        #expect(try db.scalar(Int.self, "PRAGMA foreign_keys") == 1)
    }

    @Test func fileDatabaseUsesWALWithNormalSync() throws {
        try withTemporaryFolder { folder in
            let db = try Database(path: folder.path("ketnoi.db"))
            #expect(try db.scalar(String.self, "PRAGMA journal_mode") == "wal")
            #expect(try db.scalar(Int.self, "PRAGMA synchronous") == 1)
            #expect(try db.scalar(Int.self, "PRAGMA busy_timeout") == 5000)
            #expect(db.path == folder.path("ketnoi.db"))
        }
    }

    @Test func memoryDatabaseStaysInMemoryJournalMode() throws {
        let db = try memoryDatabase()
        #expect(try db.scalar(String.self, "PRAGMA journal_mode") == "memory")
    }

    @Test func readOnlyDatabaseRefusesWrites() throws {
        try withTemporaryFolder { folder in
            let path = folder.path("ketnoi.db")
            do {
                let writer = try Database(path: path)
                try writer.execute("CREATE TABLE wards(name TEXT)")
            }
            let reader = try Database(path: path, readOnly: true)
            #expect(try reader.scalar(Int.self, "SELECT count(*) FROM wards") == 0)
            let error = try #require(databaseError {
                try reader.execute("INSERT INTO wards VALUES ('x')")
            })
            #expect(error.code == 8)
            #expect(error.isReadOnly)
            #expect(error.message == "attempt to write a readonly database")
        }
    }

    @Test func openingInAMissingFolderFailsWithCantOpen() throws {
        let path = "/nonexistent-\(UUID().uuidString)/ketnoi.db"
        let error = try #require(databaseError { _ = try Database(path: path) })
        #expect(error.code == 14)
        #expect(error.codeName == "SQLITE_CANTOPEN")
        #expect(error.message == "cannot open '\(path)': unable to open database file")
    }

    @Test func openingAFileThatIsNotADatabaseFails() throws {
        try withTemporaryFolder { folder in
            let path = folder.path("notes.txt")
            try Data(String(repeating: "not a database\n", count: 100).utf8)
                .write(to: URL(fileURLWithPath: path))
            let error = try #require(databaseError { _ = try Database(path: path) })
            #expect(error.code == 26)
            #expect(error.isCorrupt)
        }
    }

    @Test func closeIsIdempotentAndLaterUseThrowsMisuse() throws {
        let db = try memoryDatabase()
        let statement = try db.prepare("SELECT 1")
        db.close()
        db.close()

        let error = try #require(databaseError { _ = try db.query("SELECT 1") })
        #expect(error.code == 21)
        #expect(error.message == "database ':memory:' is closed")
        #expect(databaseError { _ = try statement.query() }?.code == 21)
    }

    @Test func scalarAndQueryFirstHandleEmptyResults() throws {
        let db = try memoryDatabase()
        try db.execute("CREATE TABLE t(v)")
        #expect(try db.scalar(Int.self, "SELECT v FROM t") == nil)
        #expect(try db.queryFirst("SELECT v FROM t") == nil)
        #expect(try db.scalar(Int.self, "SELECT NULL") == nil)
        #expect(try db.scalar(String.self, "SELECT 'x'") == "x")

        let error = try #require(databaseError { _ = try db.scalar(Int.self, "SELECT 'x' AS v") })
        #expect(error.message == "column 'v': expected Int, found text 'x'")
    }

    @Test func changesCountsRowsOfTheLastStatement() throws {
        let db = try memoryDatabase()
        try db.executeScript("CREATE TABLE t(v); INSERT INTO t VALUES (1), (2), (3);")
        try db.execute("UPDATE t SET v = v + 1 WHERE v >= ?", [2])
        #expect(db.changes == 2)
        try db.execute("INSERT INTO t VALUES (9)")
        #expect(db.lastInsertRowID == 4)
    }

    @Test func sqliteVersionIsTheLinkedLibrary() throws {
        let db = try memoryDatabase()
        #expect(Database.sqliteVersion == (try db.scalar(String.self, "SELECT sqlite_version()")))
        #expect(Database.sqliteVersion.hasPrefix("3."))
    }
}
