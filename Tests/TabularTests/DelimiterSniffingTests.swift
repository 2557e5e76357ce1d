import Testing
@testable import Tabular

@Suite("Choosing the delimiter")
struct DelimiterSniffingTests {
    @Test(arguments: [",", ";", "\t"] as [Character])
    func sniffsEachDelimiterFromTheHeader(delimiter: Character) throws {
        let d = String(delimiter)
        let text = ["id", "name", "note"].joined(separator: d) + "\n"
            + ["1", "An", "x"].joined(separator: d) + "\n"
        let document = try readCSV(text)
        #expect(document.delimiter == delimiter)
        #expect(document.header == ["id", "name", "note"])
        #expect(document.records[0].fields == ["1", "An", "x"])
    }

    @Test func countsOnlyOutsideQuotes() throws {
        let document = try readCSV("\"a;b;c\",\"d;e\",f\n1,2,3\n")
        #expect(document.delimiter == ",")
        #expect(document.header == ["a;b;c", "d;e", "f"])
    }

    @Test func mostFrequentWins() throws {
        // Vietnamese Excel: ';' separates, ',' is the decimal mark in the data (not the header).
        let document = try readCSV("ward;lat;lon,deg\nAn Hòa;10,04;105,77\n")
        #expect(document.delimiter == ";")
        #expect(document.records[0].fields == ["An Hòa", "10,04", "105,77"])
    }

    @Test func noCandidateMeansComma() throws {
        let document = try readCSV("name\nAn\n")
        #expect(document.delimiter == ",")
        #expect(document.header == ["name"])
    }

    @Test func tieIsAnErrorNamingTheCounts() {
        #expect(readErrorText("a,b;c,d;e,f;g\n")
            == "t.csv:1: ambiguous delimiter: 3 ',' and 3 ';' in the header; give --delimiter")
        #expect(readErrorText("a,b;c\td\n")
            == "t.csv:1: ambiguous delimiter: 1 ',', 1 ';' and 1 '\\t' in the header; "
            + "give --delimiter")
    }

    @Test func tieErrorNamesTheHeaderLineAfterBlankLines() {
        #expect(readErrorText("\r\n\r\na;b,c\n")
            == "t.csv:3: ambiguous delimiter: 1 ',' and 1 ';' in the header; give --delimiter")
    }

    @Test func givenDelimiterIsNotSniffed() throws {
        let document = try readCSV("a,b;c,d;e;f\n1,2;3,4;5;6\n", CSVReadOptions(delimiter: ";"))
        #expect(document.delimiter == ";")
        #expect(document.header == ["a,b", "c,d", "e", "f"])
    }

    @Test func givenDelimiterOverridesExcelHint() throws {
        let document = try readCSV("sep=;\na,b\n", CSVReadOptions(delimiter: ","))
        #expect(document.header == ["a", "b"])
    }

    @Test func excelHintIsCaseInsensitiveAndMayBeTab() throws {
        let document = try readCSV("SEP=\t\na\tb\n1\t2\n")
        #expect(document.delimiter == "\t")
        #expect(document.records == [CSVRecord(line: 3, fields: ["1", "2"])])
    }

    @Test func unusableDelimiterIsRefused() {
        let message = "cannot use '\"' as the delimiter; "
            + "give one ASCII character other than a quote or a line break"
        #expect(readErrorText("a\n", CSVReadOptions(delimiter: "\"")) == "t.csv: " + message)
        #expect(readErrorText("a\n", CSVReadOptions(delimiter: "\r\n")) != nil)
        #expect(readErrorText("a\n", CSVReadOptions(delimiter: "é")) != nil)
    }
}
