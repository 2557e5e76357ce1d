import Foundation
import Testing

@testable import Storage

/// Every conformance goes into SQLite through a bound parameter and comes back out.
@Suite struct DatabaseValueConvertibleTests {
    /// Stores `value` in an untyped column, then returns the stored type and the decoded value.
    private func roundTrip<T: DatabaseValueConvertible>(
        _ value: T
    ) throws -> (storedType: String, decoded: T) {
        let db = try memoryDatabase()
        try db.execute("CREATE TABLE box(v)")
        try db.execute("INSERT INTO box(v) VALUES (?)", [value])
        let row = try #require(try db.queryFirst("SELECT typeof(v) AS type, v FROM box"))
        return (try row.get("type"), try row.get("v", as: T.self))
    }

    @Test func integersRoundTripAtTheirLimits() throws {
        #expect(try roundTrip(Int.max) == ("integer", Int.max))
        #expect(try roundTrip(Int.min) == ("integer", Int.min))
        #expect(try roundTrip(Int64(-42)) == ("integer", -42))
        #expect(try roundTrip(Int32.max) == ("integer", Int32.max))
        #expect(try roundTrip(Int32.min) == ("integer", Int32.min))
    }

    @Test func int32RefusesAnIntegerItCannotHold() {
        #expect(Int32.fromDatabaseValue(.integer(2_147_483_648)) == nil)
        #expect(Int32.fromDatabaseValue(.integer(-2_147_483_648)) == Int32.min)
        #expect(Int.fromDatabaseValue(.real(1.0)) == nil)
    }

    @Test func doublesRoundTripAndAcceptIntegers() throws {
        #expect(try roundTrip(3.25) == ("real", 3.25))
        #expect(try roundTrip(-0.5) == ("real", -0.5))
        #expect(Double.fromDatabaseValue(.integer(7)) == 7.0)
        #expect(Double.fromDatabaseValue(.text("7")) == nil)
    }

    @Test func boolsAreStoredAsZeroAndOne() throws {
        #expect(try roundTrip(true) == ("integer", true))
        #expect(try roundTrip(false) == ("integer", false))
        #expect(true.databaseValue == .integer(1))
        #expect(Bool.fromDatabaseValue(.integer(2)) == nil)
    }

    @Test func unicodeTextRoundTripsByteForByte() throws {
        let ward = "Phường Cái Khế"
        #expect(try roundTrip(ward) == ("text", ward))

        let db = try memoryDatabase()
        #expect(try db.scalar(Int.self, "SELECT length(?)", [ward]) == 14)
        #expect(try db.scalar(Int.self, "SELECT length(CAST(? AS BLOB))", [ward]) == 20)
        #expect(try db.scalar(Bool.self, "SELECT ? = 'Phường Cái Khế'", [ward]) == true)
    }

    @Test func textKeepsEmbeddedNULAndEmptyStringIsNotNull() throws {
        #expect(try roundTrip("a\u{0}b") == ("text", "a\u{0}b"))
        #expect(try roundTrip("") == ("text", ""))
    }

    @Test func blobsKeepZeroBytes() throws {
        let bytes: [UInt8] = [0, 1, 0, 255, 0]
        #expect(try roundTrip(bytes) == ("blob", bytes))
        #expect(try roundTrip(Data(bytes)) == ("blob", Data(bytes)))

        let db = try memoryDatabase()
        #expect(try db.scalar(Int.self, "SELECT length(?)", [bytes]) == 5)
        #expect(try db.scalar(String.self, "SELECT hex(?)", [bytes]) == "000100FF00")
    }

    @Test func emptyBlobIsABlobNotNull() throws {
        #expect(try roundTrip([UInt8]()) == ("blob", []))
        #expect(try roundTrip(Data()) == ("blob", Data()))
    }

    @Test func datesAreStoredAsISO8601TextInWholeSeconds() throws {
        let date = Date(timeIntervalSince1970: 1_796_315_192.75)
        #expect(date.databaseValue == .text("2026-12-03T16:26:32Z"))
        #expect(try roundTrip(date) == ("text", Date(timeIntervalSince1970: 1_796_315_192)))

        #expect(Date(timeIntervalSince1970: -1).databaseValue == .text("1969-12-31T23:59:59Z"))
        #expect(Date(timeIntervalSince1970: 1_709_251_199).databaseValue
            == .text("2024-02-29T23:59:59Z"))
        #expect(Date(timeIntervalSince1970: -2_203_891_200).databaseValue
            == .text("1900-03-01T00:00:00Z"))
        #expect(Date.distantFuture.databaseValue == .text("4001-01-01T00:00:00Z"))
        #expect(Date(timeIntervalSince1970: 1e15).databaseValue == .text("9999-12-31T23:59:59Z"))
        #expect(Date(timeIntervalSince1970: -1e15).databaseValue == .text("0001-01-01T00:00:00Z"))
    }

    @Test func datesDecodeFromTextVariantsAndUnixSeconds() {
        let expected = Date(timeIntervalSince1970: 1_796_315_192)
        #expect(Date.fromDatabaseValue(.text("2026-12-03T16:26:32Z")) == expected)
        #expect(Date.fromDatabaseValue(.text("2026-12-03 16:26:32")) == expected)
        #expect(Date.fromDatabaseValue(.text("2026-12-03T23:26:32+07:00")) == expected)
        #expect(Date.fromDatabaseValue(.text("2026-12-03T16:26:32.5Z"))
            == Date(timeIntervalSince1970: 1_796_315_192.5))
        #expect(Date.fromDatabaseValue(.integer(1_796_315_192)) == expected)
    }

    @Test(arguments: [
        "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-03T24:00:00Z",
        "2026-12-03", "2026-12-03T16:26:32Zjunk", "2026-12-03T16:26:32.Z", "", "yesterday",
    ])
    func malformedDateTextDoesNotDecode(text: String) {
        #expect(Date.fromDatabaseValue(.text(text)) == nil)
    }

    @Test func realIsNotGuessedToBeADate() {
        #expect(Date.fromDatabaseValue(.real(2_461_378.18)) == nil)
    }

    @Test func optionalNilIsStoredAsNull() throws {
        let missing: String? = nil
        let result = try roundTrip(missing)
        #expect(result.storedType == "null")
        #expect(result.decoded == nil)
        #expect(try roundTrip(Optional("Ninh Kiều")) == ("text", "Ninh Kiều"))
        #expect(Int?.fromDatabaseValue(.text("x")) == nil)
    }

    @Test func sqlValueRoundTripsItself() throws {
        let values: [SQLValue] = [
            .null, .integer(-7), .real(2.5), .text("Cần Thơ"), .blob([0, 0]), .blob([]),
        ]
        for value in values {
            #expect(try roundTrip(value).decoded == value)
        }
    }
}
