import Foundation
import Testing
@testable import Tabular

@Suite("Reporting problems as file:line: message")
struct CSVReaderErrorTests {
    @Test func errorDescriptionWithAndWithoutLine() {
        #expect(TabularError(file: "a.csv", line: 12, message: "m").description == "a.csv:12: m")
        #expect(TabularError(file: "a.csv", line: nil, message: "m").description == "a.csv: m")
    }

    @Test func invalidUTF8NamesLineOffsetAndByte() {
        let bytes = Array("a,b\n1,".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        #expect(readError(bytes: bytes)?.description
            == "t.csv:2: invalid UTF-8 at byte 6 (0xC3); give --encoding if the file is not UTF-8")
    }

    @Test func invalidUTF8OffsetCountsTheByteOrderMark() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a\r\nb\r\nCaf".utf8) + [0xE9]
        #expect(readError(bytes: bytes)?.description
            == "t.csv:3: invalid UTF-8 at byte 12 (0xE9); give --encoding if the file is not UTF-8")
    }

    @Test(arguments: [
        ([0xC0, 0x80], "0xC0"),        // overlong NUL
        ([0xED, 0xA0, 0x80], "0xED"),  // UTF-16 surrogate
        ([0xF4, 0x90, 0x80, 0x80], "0xF4"),  // above U+10FFFF
        ([0xE2, 0x82], "0xE2"),        // cut short at the end
        ([0x80], "0x80"),              // lone continuation byte
        ([0xFF], "0xFF"),
    ] as [([UInt8], String)])
    func illFormedUTF8IsRefused(sequence: [UInt8], byte: String) {
        let bytes = Array("a\n".utf8) + sequence
        #expect(readError(bytes: bytes)?.description
            == "t.csv:2: invalid UTF-8 at byte 2 (\(byte)); "
            + "give --encoding if the file is not UTF-8")
    }

    @Test func nulByteIsRefused() {
        #expect(readError(bytes: Array("a,b\n1,".utf8) + [0x00, 0x32])?.description
            == "t.csv:2: NUL byte at byte 6")
        let options = CSVReadOptions(encoding: .windows1252)
        #expect(readError(bytes: Array("a\r\n".utf8) + [0x00], options)?.description
            == "t.csv:2: NUL byte at byte 3")
    }

    @Test func iconvFailureNamesTheEncoding() {
        // 0x81 has no character in windows-1252.
        let options = CSVReadOptions(encoding: .windows1252)
        #expect(readError(bytes: Array("a\nb".utf8) + [0x81], options)?.description
            == "t.csv:2: invalid windows-1252 at byte 3 (0x81); "
            + "give --encoding if the file is not windows-1252")
    }

    @Test func truncatedCP949PairIsRefused() {
        let options = CSVReadOptions(encoding: .cp949)
        // 0xBC 0xAD is 서; the file ends after the lead byte of 울.
        #expect(readError(bytes: Array("a\n".utf8) + [0xBC, 0xAD, 0xBF], options)?.description
            == "t.csv:2: invalid cp949 at byte 4 (0xBF); give --encoding if the file is not cp949")
    }

    @Test func byteOrderMarkWithAnotherEncodingIsRefused() {
        let options = CSVReadOptions(encoding: .windows1258)
        #expect(readError(bytes: [0xEF, 0xBB, 0xBF, 0x61], options)?.description
            == "t.csv:1: starts with a UTF-8 byte order mark, but the encoding given is "
            + "windows-1258; the file is UTF-8, leave out --encoding")
    }

    @Test func unterminatedQuoteNamesTheLineWhereItOpened() {
        #expect(readErrorText("a,b\n1,2\n3,\"open\nstill\nopen\n")
            == "t.csv:3: quoted field opened here is never closed")
    }

    @Test func textAfterClosingQuoteIsAnError() {
        #expect(readErrorText("a,b\n\"x\ny\"z,1\n")
            == "t.csv:3: unexpected character 'z' after closing quote")
        #expect(readErrorText("a,b\n\"abc\" ,1\n")
            == "t.csv:2: unexpected character ' ' after closing quote")
        #expect(readErrorText("a,b\n\"abc\"\u{A0},1\n")
            == "t.csv:2: unexpected character U+00A0 after closing quote")
        #expect(readErrorText("a,b\n\"abc\"ệ,1\n")
            == "t.csv:2: unexpected character 'ệ' after closing quote")
    }

    @Test func fieldCountMismatchNamesTheRecordStart() {
        #expect(readErrorText("a,b,c\n1,2,3\n\"4\n\",5\n") == "t.csv:3: expected 3 fields, found 2")
        #expect(readErrorText("a,b\n1,2,3\n") == "t.csv:2: expected 2 fields, found 3")
        let options = CSVReadOptions(hasHeader: false, columns: ["a", "b"])
        #expect(readErrorText("1,2\n\n3\n", options) == "t.csv:3: expected 2 fields, found 1")
    }

    @Test func duplicateColumnNameIsAnError() {
        #expect(readErrorText("id,name,id\n") == "t.csv:1: duplicate column name 'id'")
        #expect(readErrorText("sep=,\nx,x\n") == "t.csv:2: duplicate column name 'x'")
        let options = CSVReadOptions(hasHeader: false, columns: ["a", "a"])
        #expect(readErrorText("1,2\n", options) == "t.csv: duplicate column name 'a'")
    }

    @Test(arguments: ["", "\n\r\n\r", "sep=;\n", "\u{FEFF}"])
    func fileWithoutHeaderIsEmpty(text: String) {
        #expect(readErrorText(text) == "t.csv: empty file, no header")
    }

    @Test func noHeaderWithoutColumnsIsAnError() {
        #expect(readErrorText("1,2\n", CSVReadOptions(hasHeader: false))
            == "t.csv: column names are required when the file has no header")
    }

    @Test func missingFileNamesThePathAndTheSystemReason() {
        let path = "/nonexistent-ketnoi-dir/wards.csv"
        #expect(throws: TabularError(
            file: path, line: nil, message: "cannot read: No such file or directory"
        )) {
            try CSVReader.read(path: path)
        }
        let directory = TabularError(file: "/", line: nil, message: "cannot read: Is a directory")
        #expect(throws: directory) {
            try CSVReader.read(path: "/")
        }
    }

    /// A device never ends and a FIFO may never be written: both are refused at once.
    @Test func devicesAndPipesAreRefusedWithoutReading() throws {
        let device = TabularError(
            file: "/dev/zero", line: nil,
            message: "cannot read: not a regular file (a device, pipe or socket)")
        #expect(throws: device) { try CSVReader.read(path: "/dev/zero") }

        let fifo = FileManager.default.temporaryDirectory
            .appendingPathComponent("tabular-\(UUID().uuidString).fifo").path
        try #require(mkfifo(fifo, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: fifo) }
        #expect(throws: TabularError(
            file: fifo, line: nil,
            message: "cannot read: not a regular file (a device, pipe or socket)")
        ) {
            try CSVReader.read(path: fifo)
        }
    }

    @Test func readsAFileFromAPath() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("tabular-\(UUID().uuidString).csv").path
        try Data("a;b\r\n1;2\r\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let document = try CSVReader.read(path: path)
        #expect(document.source == path)
        #expect(document.records == [CSVRecord(line: 2, fields: ["1", "2"])])
    }

    /// Every byte is hostile: random inputs built from the bytes the reader cares about must
    /// read or fail with an error, never crash.
    @Test func hostileBytesNeverCrash() {
        let alphabet: [UInt8] = [
            0x22, 0x2C, 0x3B, 0x09, 0x0A, 0x0D, 0x61, 0x20, 0x00, 0xC3, 0xA9, 0xE1, 0xBB, 0x87,
            0xEF, 0xBF, 0x80, 0xFF, 0xF0, 0x73, 0x65, 0x70, 0x3D,
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func nextRandom() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var outcomes = (read: 0, refused: 0)
        for round in 0..<3000 {
            let length = nextRandom() % 24
            let bytes = (0..<length).map { _ in alphabet[nextRandom() % alphabet.count] }
            let encoding = TextEncoding.allCases[round % TextEncoding.allCases.count]
            let options = CSVReadOptions(
                encoding: encoding, hasHeader: round % 5 != 0,
                columns: round % 5 == 0 ? ["a", "b"] : nil
            )
            if readError(bytes: bytes, options) == nil {
                outcomes.read += 1
            } else {
                outcomes.refused += 1
            }
        }
        #expect(outcomes.read + outcomes.refused == 3000)
        #expect(outcomes.read > 0)
        #expect(outcomes.refused > 0)
    }
}
