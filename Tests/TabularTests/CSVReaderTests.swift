import Foundation
import Testing
@testable import Tabular

@Suite("Reading records")
struct CSVReaderTests {
    @Test func readsHeaderAndRecordsWithStartLines() throws {
        let document = try readCSV("name,ward\nAn,Cái Khế\nBình,An Hòa\n")
        #expect(document.source == "t.csv")
        #expect(document.header == ["name", "ward"])
        #expect(document.records == [
            CSVRecord(line: 2, fields: ["An", "Cái Khế"]),
            CSVRecord(line: 3, fields: ["Bình", "An Hòa"]),
        ])
        #expect(document.delimiter == ",")
        #expect(document.hadByteOrderMark == false)
    }

    @Test func quotedFieldKeepsEmbeddedNewlineDelimiterAndDoubledQuotes() throws {
        let text = "id,note\n1,\"say \"\"hi\"\"\nthen, go\"\n2,\"\"\"\"\n3,\"\"\n"
        let document = try readCSV(text)
        #expect(document.records == [
            CSVRecord(line: 2, fields: ["1", "say \"hi\"\nthen, go"]),
            CSVRecord(line: 4, fields: ["2", "\""]),
            CSVRecord(line: 5, fields: ["3", ""]),
        ])
    }

    @Test func quotedFieldKeepsEmbeddedCRLFByteForByte() throws {
        let document = try readCSV("a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n")
        #expect(document.records.count == 2)
        #expect(Array(document.records[0].fields[1].utf8) == Array("x\r\ny".utf8))
        #expect(document.records[1] == CSVRecord(line: 4, fields: ["2", "z"]))
    }

    @Test func lineNumbersCountEveryPhysicalLineInsideRecords() throws {
        let text = "a,b\n\"1\n2\n3\",x\n\n\"4\r\n5\",y\nlast,z"
        let document = try readCSV(text)
        #expect(document.records.map(\.line) == [2, 6, 8])
        #expect(document.records[2].fields == ["last", "z"])
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func lineEndingsGiveTheSameRecordsAndLines(ending: String) throws {
        let text = ["h1,h2", "a,\"b\(ending)c\"", "", "d,e"].joined(separator: ending) + ending
        let document = try readCSV(text)
        #expect(document.header == ["h1", "h2"])
        #expect(document.records == [
            CSVRecord(line: 2, fields: ["a", "b\(ending)c"]),
            CSVRecord(line: 5, fields: ["d", "e"]),
        ])
    }

    @Test func lastRecordWithoutLineEndIsRead() throws {
        let document = try readCSV("a,b\n1,2")
        #expect(document.records == [CSVRecord(line: 2, fields: ["1", "2"])])
    }

    @Test func byteOrderMarkIsStrippedAndReported() throws {
        let document = try readCSV(bytes: [0xEF, 0xBB, 0xBF] + Array("X,Y\r\n1,2\r\n".utf8))
        #expect(document.hadByteOrderMark)
        #expect(document.header == ["X", "Y"])
        #expect(scalars(document.header[0]) == [0x58])
        #expect(document.columnIndex("X") == 0)
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let document = try readCSV("\n\na,b\n\n1,2\r\n\r\n\r3,4\n\n")
        #expect(document.header == ["a", "b"])
        #expect(document.records == [
            CSVRecord(line: 5, fields: ["1", "2"]),
            CSVRecord(line: 8, fields: ["3", "4"]),
        ])
    }

    @Test func quotedEmptyFieldInOneColumnFileIsARecord() throws {
        let document = try readCSV("note\n\"\"\n\nx\n")
        #expect(document.records == [
            CSVRecord(line: 2, fields: [""]),
            CSVRecord(line: 4, fields: ["x"]),
        ])
    }

    @Test func bareQuoteInsideUnquotedFieldIsKept() throws {
        let document = try readCSV("a,b\nab\"c,5\" screen\n")
        #expect(document.records[0].fields == ["ab\"c", "5\" screen"])
    }

    @Test func fieldsAndHeaderAreNeverTrimmed() throws {
        let document = try readCSV(" name ,tag\n  An , recently-added \n")
        #expect(document.header == [" name ", "tag"])
        #expect(document.records[0].fields == ["  An ", " recently-added "])
    }

    @Test func trailingDelimiterMeansATrailingEmptyField() throws {
        let document = try readCSV("a,b,c\n1,2,\n,,\n")
        #expect(document.records.map(\.fields) == [["1", "2", ""], ["", "", ""]])
    }

    @Test func excelSeparatorLineIsHonouredAndLinesStayPhysical() throws {
        let document = try readCSV("sep=;\r\nname;note\r\nAn;1,5\r\n")
        #expect(document.delimiter == ";")
        #expect(document.header == ["name", "note"])
        #expect(document.records == [CSVRecord(line: 3, fields: ["An", "1,5"])])
    }

    @Test func noHeaderUsesGivenColumnsFromLineOne() throws {
        let options = CSVReadOptions(hasHeader: false, columns: ["ward", "count"])
        let document = try readCSV("Cái Khế,3\nAn Hòa,4\n", options)
        #expect(document.header == ["ward", "count"])
        #expect(document.records == [
            CSVRecord(line: 1, fields: ["Cái Khế", "3"]),
            CSVRecord(line: 2, fields: ["An Hòa", "4"]),
        ])
        #expect(document.value(document.records[1], "count") == "4")
    }

    @Test func noHeaderWithEmptyFileGivesNoRecords() throws {
        let options = CSVReadOptions(hasHeader: false, columns: ["a"])
        let document = try readCSV("", options)
        #expect(document.header == ["a"])
        #expect(document.records.isEmpty)
    }

    @Test func columnLookupIsExactThenCaseInsensitiveAndTrimmed() throws {
        let document = try readCSV("Name, Ward ,name2,DUP,dup \n1,2,3,4,5\n")
        let record = document.records[0]
        #expect(document.columnIndex("Name") == 0)
        #expect(document.columnIndex("name") == 0)
        #expect(document.columnIndex(" ward") == 1)
        #expect(document.columnIndex("dup") == nil)  // two columns match; refuse to guess
        #expect(document.columnIndex("DUP") == 3)
        #expect(document.value(record, "WARD") == "2")
        #expect(document.value(record, "missing") == nil)
    }

    @Test func textIsNormalisedToNFC() throws {
        // "Việt" written decomposed (NFD), as macOS tools sometimes save it.
        let document = try readCSV("te\u{302}n\nVie\u{323}\u{302}t\n")
        #expect(scalars(document.header[0]) == scalars("tên"))
        #expect(scalars(document.records[0].fields[0]) == [0x56, 0x69, 0x1EC7, 0x74])
    }

    @Test func normalisationCannotCreateADelimiter() throws {
        // NFC maps U+037E GREEK QUESTION MARK to ';'. Splitting happens first, so it stays
        // inside its field.
        let document = try readCSV("a;b\nx\u{37E}y;z\n")
        #expect(document.records[0].fields == ["x;y", "z"])
    }
}
