import Testing

@testable import Storage

@Suite struct StatementTests {
    private func wardsDatabase() throws -> Database {
        let db = try memoryDatabase()
        try db.execute("CREATE TABLE wards(id INTEGER PRIMARY KEY, name TEXT NOT NULL, people INT)")
        return db
    }

    @Test func wrongArgumentCountNamesExpectedAndGiven() throws {
        let db = try wardsDatabase()
        let sql = "INSERT INTO wards(name, people) VALUES (?, ?)"
        let error = try #require(databaseError { try db.execute(sql, ["An Hòa"]) })
        #expect(error.code == 25)
        #expect(error.codeName == "SQLITE_RANGE")
        #expect(error.message == "wrong number of arguments: expected 2, given 1")
        #expect(error.sql == sql)
        #expect(error.description == "SQLite error 25 (SQLITE_RANGE): wrong number of arguments: "
            + "expected 2, given 1; SQL: INSERT INTO wards(name, people) VALUES (?, ?)")
    }

    @Test func runningWithoutArgumentsIsAnErrorWhenParametersWereNeverBound() throws {
        let db = try wardsDatabase()
        let statement = try db.prepare("INSERT INTO wards(name) VALUES (?)")
        let error = try #require(databaseError { try statement.execute() })
        #expect(error.message == "wrong number of arguments: expected 1, given 0")
        #expect(try db.scalar(Int.self, "SELECT count(*) FROM wards") == 0)
    }

    @Test func preparedStatementRunsManyTimes() throws {
        let db = try wardsDatabase()
        let insert = try db.prepare("INSERT INTO wards(name, people) VALUES (?, ?)")
        let wards = [("An Hòa", 30_000), ("Cái Khế", 25_000), ("Xuân Khánh", 20_000)]
        for (name, people) in wards {
            try insert.execute([name, people])
        }
        #expect(db.lastInsertRowID == 3)
        #expect(db.changes == 1)

        let select = try db.prepare("SELECT name FROM wards WHERE people >= ? ORDER BY id")
        #expect(try select.query([25_000]).map { try $0.get("name", as: String.self) }
            == ["An Hòa", "Cái Khế"])
        #expect(try select.query([30_000]).count == 1)
    }

    @Test func namedParametersAcceptAnyPrefixAndBareKeys() throws {
        let db = try wardsDatabase()
        let insert = try db.prepare("INSERT INTO wards(name, people) VALUES (:name, @people)")
        try insert.bind(named: ["name": "Tân An", "@people": 12_000])
        try insert.execute()
        try insert.execute()  // bindings persist between runs

        let select = try db.prepare("SELECT count(*) AS n FROM wards WHERE name = $name")
        try select.bind(named: ["$name": "Tân An"])
        #expect(try select.query().first?.get("n", as: Int.self) == 2)
    }

    @Test func namedBindingRejectsMissingAndUnknownKeys() throws {
        let db = try wardsDatabase()
        let insert = try db.prepare("INSERT INTO wards(name, people) VALUES (:name, :people)")

        let missing = try #require(databaseError { try insert.bind(named: ["name": "x"]) })
        #expect(missing.code == 25)
        #expect(missing.message == "no value for parameter ':people'")

        let unknown = try #require(databaseError {
            try insert.bind(named: ["name": "x", "people": 1, "peolpe": 2])
        })
        #expect(unknown.message == "no parameter named 'peolpe'")

        let positional = try db.prepare("SELECT ?")
        let error = try #require(databaseError { try positional.bind(named: [:]) })
        #expect(error.message == "parameter 1 is positional; bind it with bind(_:)")
    }

    @Test func forEachRowStreamsAndStopsWhenTheBodyThrows() throws {
        struct Stop: Error {}
        let db = try wardsDatabase()
        try db.executeScript("INSERT INTO wards(name) VALUES ('a'), ('b'), ('c');")
        let select = try db.prepare("SELECT name FROM wards ORDER BY id")

        var seen: [String] = []
        #expect(throws: Stop.self) {
            try select.forEachRow { row in
                seen.append(try row.get("name"))
                if seen.count == 2 { throw Stop() }
            }
        }
        #expect(seen == ["a", "b"])

        // The statement was reset, so it runs again from the top.
        seen = []
        try select.forEachRow { seen.append(try $0.get(0)) }
        #expect(seen == ["a", "b", "c"])
    }

    @Test func prepareRefusesMoreThanOneStatementButAllowsTrailingComments() throws {
        let db = try wardsDatabase()
        let sql = "DELETE FROM wards; DROP TABLE wards"
        let error = try #require(databaseError { _ = try db.prepare(sql) })
        #expect(error.code == 21)
        #expect(error.message == "more than one statement; use executeScript for scripts")
        #expect(error.sql == sql)
        #expect(try db.scalar(Int.self, "SELECT count(*) FROM wards") == 0)

        try db.execute("DELETE FROM wards;  -- nothing to keep\n")
        let empty = try #require(databaseError { _ = try db.prepare("  -- only a comment") })
        #expect(empty.message == "no SQL statement in the text")
    }

    @Test func syntaxErrorCarriesSQLiteMessageAndSQL() throws {
        let db = try memoryDatabase()
        let error = try #require(databaseError { try db.execute("SELEC 1") })
        #expect(error.code == 1)
        #expect(error.message == "near \"SELEC\": syntax error")
        #expect(error.sql == "SELEC 1")
    }

    @Test func executeScriptRunsEveryStatement() throws {
        let db = try memoryDatabase()
        try db.executeScript("""
            CREATE TABLE a(x);
            INSERT INTO a VALUES (1);
            INSERT INTO a VALUES (2);
            """)
        #expect(try db.scalar(Int.self, "SELECT sum(x) FROM a") == 3)

        let error = try #require(databaseError {
            try db.executeScript("INSERT INTO nowhere VALUES (1)")
        })
        #expect(error.message == "no such table: nowhere")
        #expect(error.sql == "INSERT INTO nowhere VALUES (1)")
    }
}
