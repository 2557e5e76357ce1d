import Testing
@testable import Tabular

@Suite("Writing CSV")
struct CSVWriterTests {
    @Test func quotesOnlyWhenNeeded() {
        let writer = CSVWriter()
        #expect(writer.line(["plain", "Cái Khế", "", "5\" screen"])
            == "plain,Cái Khế,,\"5\"\" screen\"\n")
        #expect(writer.line(["a,b", "x\ny", "x\r\ny", "x\ry"])
            == "\"a,b\",\"x\ny\",\"x\r\ny\",\"x\ry\"\n")
        #expect(writer.line([" lead", "trail ", "\ttab", "in side"])
            == "\" lead\",\"trail \",\"\ttab\",in side\n")
        #expect(writer.line(["a;b"]) == "a;b\n")
        #expect(writer.line([]) == "\n")
    }

    @Test func lineThatWouldReadAsSomethingElseIsQuoted() {
        let writer = CSVWriter()
        #expect(writer.line([""]) == "\"\"\n")
        #expect(writer.line(["sep=;"]) == "\"sep=;\"\n")
    }

    @Test func delimiterAndLineEndingAreConfigurable() {
        let writer = CSVWriter(delimiter: ";", lineEnding: "\r\n")
        #expect(writer.line(["10,5", "a;b", "c"]) == "10,5;\"a;b\";c\r\n")
        #expect(writer.document(header: ["x", "y"], rows: [["1", "2"], ["3", "4"]])
            == "x;y\r\n1;2\r\n3;4\r\n")
        #expect(CSVWriter(delimiter: "\t").line(["a\tb", "c"]) == "\"a\tb\"\tc\n")
    }

    static let trickyRows: [[String]] = [
        ["plain", "Phường Cái Khế", ""],
        ["a,b", "say \"hi\"", "\"\""],
        ["line\nbreak", "crlf\r\ninside", "cr\ronly"],
        [" padded ", "\ttabbed", "semi;colon"],
        ["", "", ""],
        ["ab\"c", "\"", ","],
    ]

    @Test(arguments: [
        CSVWriter(),
        CSVWriter(delimiter: ";", lineEnding: "\r\n"),
        CSVWriter(delimiter: "\t", lineEnding: "\r"),
    ])
    func writtenDocumentReadsBackToTheSameFields(writer: CSVWriter) throws {
        let header = ["name", "ward, old", "note"]
        let text = writer.document(header: header, rows: Self.trickyRows)
        let document = try readCSV(text, CSVReadOptions(delimiter: writer.delimiter))
        #expect(document.header == header)
        #expect(document.records.map(\.fields) == Self.trickyRows)
        #expect(document.records.map { $0.fields.map(scalars) }
            == Self.trickyRows.map { $0.map(scalars) })
    }

    @Test func oneColumnRoundTripKeepsEmptyValues() throws {
        let text = CSVWriter().document(header: ["note"], rows: [[""], ["x"], [""]])
        let document = try readCSV(text)
        #expect(document.records.map(\.fields) == [[""], ["x"], [""]])
    }

    @Test func sniffedDelimiterReadsWriterOutput() throws {
        let text = CSVWriter(delimiter: ";").document(
            header: ["ward", "lat", "lon"], rows: [["An Hòa", "10,04", "105,77"]]
        )
        let document = try readCSV(text)
        #expect(document.delimiter == ";")
        #expect(document.records[0].fields == ["An Hòa", "10,04", "105,77"])
    }
}

extension CSVWriter: CustomTestStringConvertible {
    public var testDescription: String {
        "delimiter \(delimiter.debugDescription), line ending \(lineEnding.debugDescription)"
    }
}
