import Testing

@testable import Storage

@Suite struct MaintenanceTests {
    @Test func integrityCheckOfASoundDatabaseIsEmpty() throws {
        let db = try memoryDatabase()
        try db.executeScript("CREATE TABLE t(v TEXT); CREATE INDEX t_v ON t(v); "
            + "INSERT INTO t VALUES ('a'), ('b');")
        #expect(try db.integrityCheck() == [])
    }

    @Test func foreignKeyCheckFindsRowsWrittenWithEnforcementOff() throws {
        let db = try memoryDatabase()
        try db.executeScript("""
            CREATE TABLE areas(id INTEGER PRIMARY KEY);
            CREATE TABLE hotspots(id INTEGER PRIMARY KEY, area_id INTEGER REFERENCES areas(id));
            INSERT INTO areas VALUES (1);
            INSERT INTO hotspots VALUES (10, 1);
            """)
        #expect(try db.foreignKeyCheck() == [])

        try db.execute("PRAGMA foreign_keys = OFF")
        try db.execute("INSERT INTO hotspots VALUES (11, 2)")
        try db.execute("PRAGMA foreign_keys = ON")

        #expect(try db.foreignKeyCheck() == [
            ForeignKeyViolation(table: "hotspots", rowID: 11, parent: "areas", foreignKeyIndex: 0),
        ])
    }

    @Test func foreignKeyCheckReportsNoRowIDForWithoutRowIDTables() throws {
        let db = try memoryDatabase()
        try db.executeScript("""
            PRAGMA foreign_keys = OFF;
            CREATE TABLE areas(id INTEGER PRIMARY KEY);
            CREATE TABLE links(a INTEGER REFERENCES areas(id), b INTEGER, PRIMARY KEY(a, b))
                WITHOUT ROWID;
            INSERT INTO links VALUES (5, 6);
            """)
        #expect(try db.foreignKeyCheck() == [
            ForeignKeyViolation(table: "links", rowID: nil, parent: "areas", foreignKeyIndex: 0),
        ])
    }
}
