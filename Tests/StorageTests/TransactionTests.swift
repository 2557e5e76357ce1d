import Testing

@testable import Storage

@Suite struct TransactionTests {
    private struct Abort: Error {}

    private func database() throws -> Database {
        let db = try memoryDatabase()
        try db.execute("CREATE TABLE log(entry TEXT)")
        return db
    }

    private func entries(_ db: Database) throws -> [String] {
        try db.query("SELECT entry FROM log ORDER BY rowid").map { try $0.get("entry") }
    }

    @Test func commitsAndReturnsTheBodyResult() throws {
        let db = try database()
        let id = try db.transaction {
            try db.execute("INSERT INTO log VALUES ('a')")
            return db.lastInsertRowID
        }
        #expect(id == 1)
        #expect(try entries(db) == ["a"])
    }

    @Test func throwingBodyRollsBackAndRethrows() throws {
        let db = try database()
        #expect(throws: Abort.self) {
            try db.transaction {
                try db.execute("INSERT INTO log VALUES ('a')")
                throw Abort()
            }
        }
        #expect(try entries(db) == [])
        // The connection is usable and outside any transaction again.
        try db.transaction { try db.execute("INSERT INTO log VALUES ('b')") }
        #expect(try entries(db) == ["b"])
    }

    @Test func innerRollbackKeepsOuterWork() throws {
        let db = try database()
        try db.transaction {
            try db.execute("INSERT INTO log VALUES ('outer before')")
            #expect(throws: Abort.self) {
                try db.transaction {
                    try db.execute("INSERT INTO log VALUES ('inner')")
                    throw Abort()
                }
            }
            try db.transaction {
                try db.execute("INSERT INTO log VALUES ('inner kept')")
            }
            try db.execute("INSERT INTO log VALUES ('outer after')")
        }
        #expect(try entries(db) == ["outer before", "inner kept", "outer after"])
    }

    @Test func outerRollbackDropsEverythingIncludingReleasedSavepoints() throws {
        let db = try database()
        #expect(throws: Abort.self) {
            try db.transaction {
                try db.execute("INSERT INTO log VALUES ('outer')")
                try db.transaction {
                    try db.execute("INSERT INTO log VALUES ('inner')")
                    try db.transaction { try db.execute("INSERT INTO log VALUES ('innermost')") }
                }
                throw Abort()
            }
        }
        #expect(try entries(db) == [])
    }

    @Test func failingStatementInsideRollsBackWithTheSQLiteError() throws {
        let db = try database()
        try db.execute("CREATE TABLE unique_codes(code TEXT UNIQUE)")
        let error = try #require(databaseError {
            try db.transaction {
                try db.execute("INSERT INTO log VALUES ('a')")
                try db.execute("INSERT INTO unique_codes VALUES ('x')")
                try db.execute("INSERT INTO unique_codes VALUES ('x')")
            }
        })
        #expect(error.code == 2067)
        #expect(try entries(db) == [])
    }

    @Test func transactionInsideAHandBegunOneUsesASavepoint() throws {
        let db = try database()
        try db.execute("BEGIN")
        #expect(throws: Abort.self) {
            try db.transaction {
                try db.execute("INSERT INTO log VALUES ('dropped')")
                throw Abort()
            }
        }
        try db.execute("INSERT INTO log VALUES ('kept')")
        try db.execute("COMMIT")
        #expect(try entries(db) == ["kept"])
    }
}
