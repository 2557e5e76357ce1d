import Testing

@testable import Storage

@Suite struct DatabaseErrorTests {
    private func placesDatabase() throws -> Database {
        let db = try memoryDatabase()
        try db.executeScript("""
            CREATE TABLE wards(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
            CREATE TABLE hotspots(id INTEGER PRIMARY KEY, ward_id INTEGER NOT NULL
                REFERENCES wards(id));
            INSERT INTO wards(id, code) VALUES (1, '31117');
            """)
        return db
    }

    @Test func uniqueViolationHasExtendedCode2067AndTheSQL() throws {
        let db = try placesDatabase()
        let sql = "INSERT INTO wards(code) VALUES (?)"
        let error = try #require(databaseError { try db.execute(sql, ["31117"]) })
        #expect(error.code == 2067)
        #expect(error.primaryCode == 19)
        #expect(error.codeName == "SQLITE_CONSTRAINT_UNIQUE")
        #expect(error.message == "UNIQUE constraint failed: wards.code")
        #expect(error.sql == sql)
        #expect(error.description == "SQLite error 2067 (SQLITE_CONSTRAINT_UNIQUE): "
            + "UNIQUE constraint failed: wards.code; SQL: INSERT INTO wards(code) VALUES (?)")
        #expect(error.isConstraintViolation)
        #expect(error.isUniqueViolation)
        #expect(!error.isForeignKeyViolation)
    }

    @Test func foreignKeyViolationHasExtendedCode787AndTheSQL() throws {
        let db = try placesDatabase()
        let sql = "INSERT INTO hotspots(ward_id) VALUES (?)"
        let error = try #require(databaseError { try db.execute(sql, [99]) })
        #expect(error.code == 787)
        #expect(error.codeName == "SQLITE_CONSTRAINT_FOREIGNKEY")
        #expect(error.description == "SQLite error 787 (SQLITE_CONSTRAINT_FOREIGNKEY): "
            + "FOREIGN KEY constraint failed; SQL: INSERT INTO hotspots(ward_id) VALUES (?)")
        #expect(error.isConstraintViolation)
        #expect(error.isForeignKeyViolation)
        #expect(!error.isUniqueViolation)
    }

    @Test func boundValuesNeverAppearInTheText() throws {
        let db = try placesDatabase()
        let error = try #require(databaseError {
            try db.execute("INSERT INTO wards(code) VALUES (?)", ["31117"])
        })
        #expect(!error.description.contains("31117"))
    }

    @Test func catchClausesCanMatchOnPredicates() throws {
        let db = try placesDatabase()
        var matched = false
        do {
            try db.execute("INSERT INTO wards(id, code) VALUES (1, 'other')")
        } catch let error as DatabaseError where error.isUniqueViolation {
            matched = error.code == 1555
        }
        #expect(matched)
    }

    @Test func namesAndTextOfCodes() {
        #expect(DatabaseError(code: 5, message: "").codeName == "SQLITE_BUSY")
        #expect(DatabaseError(code: 5, message: "").isBusy)
        #expect(DatabaseError(code: 517, message: "").isBusy)
        #expect(DatabaseError(code: 1299, message: "").codeName == "SQLITE_CONSTRAINT_NOTNULL")
        #expect(DatabaseError(code: 9999, message: "").codeName == "SQLITE error 9999")
        #expect(DatabaseError(code: 787, message: "").codeText == "constraint failed")
        #expect(DatabaseError(code: 21, message: "database is closed").description
            == "SQLite error 21 (SQLITE_MISUSE): database is closed")
    }
}
