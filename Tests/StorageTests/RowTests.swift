import Testing

@testable import Storage

@Suite struct RowTests {
    private let row = Row(
        columns: ["id", "name", "note"], values: [.integer(7), .text("abc"), .null])

    @Test func decodesByNameAndIndex() throws {
        #expect(try row.get("id", as: Int.self) == 7)
        #expect(try row.get(1, as: String.self) == "abc")
        #expect(try row.get("note", as: String?.self) == nil)
        #expect(row["name"] == .text("abc"))
    }

    @Test func columnNamesMatchIgnoringCase() throws {
        #expect(try row.get("NAME", as: String.self) == "abc")
    }

    @Test func mismatchNamesColumnTypeAndValue() throws {
        let error = try #require(databaseError { _ = try row.get("name", as: Int.self) })
        #expect(error.code == 20)
        #expect(error.codeName == "SQLITE_MISMATCH")
        #expect(error.message == "column 'name': expected Int, found text 'abc'")
        #expect(error.description
            == "SQLite error 20 (SQLITE_MISMATCH): column 'name': expected Int, found text 'abc'")
        #expect(error.isTypeMismatch)
    }

    @Test func nullIntoANonOptionalIsAMismatch() throws {
        let error = try #require(databaseError { _ = try row.get("note", as: String.self) })
        #expect(error.message == "column 'note': expected String, found NULL")
    }

    @Test func mismatchMessagesShortenLongTextAndHideBlobContents() throws {
        let long = Row(
            columns: ["t", "b"],
            values: [.text(String(repeating: "x", count: 50)), .blob([1, 2, 3])])
        let text = try #require(databaseError { _ = try long.get("t", as: Int.self) })
        #expect(text.message
            == "column 't': expected Int, found text '\(String(repeating: "x", count: 40))…'")
        let blob = try #require(databaseError { _ = try long.get("b", as: Double.self) })
        #expect(blob.message == "column 'b': expected Double, found blob of 3 bytes")
    }

    @Test func missingColumnListsTheColumns() throws {
        let error = try #require(databaseError { _ = try row.get("x", as: Int.self) })
        #expect(error.code == 25)
        #expect(error.message == "no column 'x' in result (columns: id, name, note)")
    }

    @Test func indexOutOfRangeListsTheColumns() throws {
        let error = try #require(databaseError { _ = try row.get(3, as: Int.self) })
        #expect(error.code == 25)
        #expect(error.message == "no column at index 3 in result (columns: id, name, note)")
    }

    @Test func queriedRowsCarryAliasesAsColumnNames() throws {
        let db = try memoryDatabase()
        let queried = try #require(try db.queryFirst("SELECT 1 AS one, 'hai' AS two"))
        #expect(queried.columns == ["one", "two"])
        #expect(queried.values == [.integer(1), .text("hai")])
    }
}
