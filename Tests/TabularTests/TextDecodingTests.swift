import Foundation
import Glibc
import Testing
@testable import Tabular

@Suite("Decoding and normalising text")
struct TextDecodingTests {
    /// "Nguyễn Thị Ánh,Phường Cái Khế\n" in windows-1258 as Vietnamese Windows saves it:
    /// base letters (ê 0xEA, ơ 0xF5, ư 0xFD) followed by combining tone marks
    /// (grave 0xCC, acute 0xEC, tilde 0xDE, dot below 0xF2).
    static let vietnameseCP1258: [UInt8] = [
        0x4E, 0x67, 0x75, 0x79, 0xEA, 0xDE, 0x6E, 0x20,  // Nguy ê ~ n
        0x54, 0x68, 0x69, 0xF2, 0x20,                    // Thi dot-below
        0x41, 0xEC, 0x6E, 0x68, 0x2C,                    // A acute nh ,
        0x50, 0x68, 0xFD, 0xF5, 0xCC, 0x6E, 0x67, 0x20,  // Ph ư ơ grave ng
        0x43, 0x61, 0xEC, 0x69, 0x20,                    // Ca acute i
        0x4B, 0x68, 0xEA, 0xEC, 0x0A,                    // Kh ê acute
    ]

    @Test func windows1258CombiningMarksDecodeToNFC() throws {
        let decoded = try CSVReader.decode(
            data: Data([0x56, 0x69, 0xEA, 0xF2, 0x74]), encoding: .windows1258, source: "v.txt"
        )
        #expect(scalars(decoded.text) == [0x56, 0x69, 0x1EC7, 0x74])
        #expect(scalars(decoded.text) == scalars("Việt"))
        #expect(decoded.hadByteOrderMark == false)
    }

    @Test func windows1258NamesEqualTheirUTF8Spelling() throws {
        let decoded = try CSVReader.decode(
            data: Data(Self.vietnameseCP1258), encoding: .windows1258, source: "v.csv"
        )
        let expected = "Nguyễn Thị Ánh,Phường Cái Khế\n"
            .precomposedStringWithCanonicalMapping
        #expect(scalars(decoded.text) == scalars(expected))
    }

    @Test func windows1258CSVReadsLikeItsUTF8Twin() throws {
        let header: [UInt8] = Array("name;ward\r\n".utf8)
        let row = Self.vietnameseCP1258.dropLast().map { $0 == 0x2C ? 0x3B : $0 }
        let legacy = try readCSV(
            bytes: header + row + [0x0D, 0x0A], CSVReadOptions(encoding: .windows1258)
        )
        let modern = try readCSV("name;ward\r\nNguyễn Thị Ánh;Phường Cái Khế\r\n")
        #expect(legacy.records == modern.records)
        #expect(legacy.records[0].fields.map(scalars) == modern.records[0].fields.map(scalars))
        #expect(legacy.delimiter == ";")
    }

    @Test func windows1258BuiltByIconvFromPrecomposedLetters() throws {
        // Decompose only the tone marks, as windows-1258 does: NFD, then put the vowel
        // modifiers (circumflex, breve, horn) back onto their letters.
        let name = "Phường Cái Khế, Nguyễn Thị Ánh"
        let toneMarks: Set<UInt32> = [0x300, 0x301, 0x303, 0x309, 0x323]
        var partial = ""
        for character in name.decomposedStringWithCanonicalMapping {
            let base = character.unicodeScalars.filter { !toneMarks.contains($0.value) }
            let tones = character.unicodeScalars.filter { toneMarks.contains($0.value) }
            partial += String(String.UnicodeScalarView(base)).precomposedStringWithCanonicalMapping
            partial.unicodeScalars.append(contentsOf: tones)
        }
        let bytes = try #require(iconvEncode(partial, to: "CP1258"))
        let decoded = try CSVReader.decode(data: Data(bytes), encoding: .windows1258, source: "x")
        #expect(scalars(decoded.text) == scalars(name.precomposedStringWithCanonicalMapping))
    }

    @Test func windows1252Cafe() throws {
        let decoded = try CSVReader.decode(
            data: Data([0x43, 0x61, 0x66, 0xE9]), encoding: .windows1252, source: "c.csv"
        )
        #expect(scalars(decoded.text) == scalars("Café".precomposedStringWithCanonicalMapping))
        // 0x80 is the euro sign in windows-1252 (and a control character in ISO 8859-1).
        let euro = try CSVReader.decode(data: Data([0x80]), encoding: .windows1252, source: "e")
        #expect(euro.text == "€")
    }

    @Test func cp949Seoul() throws {
        let document = try readCSV(
            bytes: Array("city\n".utf8) + [0xBC, 0xAD, 0xBF, 0xEF, 0x0A],
            CSVReadOptions(encoding: .cp949)
        )
        #expect(document.records == [CSVRecord(line: 2, fields: ["서울"])])
    }

    @Test func utf8ByteOrderMarkIsStrippedByDecode() throws {
        let decoded = try CSVReader.decode(
            data: Data([0xEF, 0xBB, 0xBF, 0x7B, 0x7D]), encoding: .utf8, source: "j.json"
        )
        #expect(decoded.text == "{}")
        #expect(decoded.hadByteOrderMark)
    }

    @Test func utf8DecomposedTextComesBackNFC() throws {
        let decoded = try CSVReader.decode(
            data: Data("Kho\u{302}\u{301}m".utf8), encoding: .utf8, source: "n"
        )
        #expect(scalars(decoded.text) == [0x4B, 0x68, 0x1ED1, 0x6D])
    }

    @Test func emptyInputDecodesToEmptyText() throws {
        for encoding in TextEncoding.allCases {
            let decoded = try CSVReader.decode(data: Data(), encoding: encoding, source: "e")
            #expect(decoded.text.isEmpty)
        }
    }

    @Test func encodingNamesAndAliases() {
        #expect(TextEncoding.allCases.map(\.rawValue)
            == ["utf-8", "windows-1258", "windows-1252", "cp949"])
        for encoding in TextEncoding.allCases {
            #expect(TextEncoding(name: encoding.rawValue) == encoding)
            #expect(TextEncoding(name: encoding.rawValue.uppercased()) == encoding)
        }
        #expect(TextEncoding(name: "UTF8") == .utf8)
        #expect(TextEncoding(name: " cp1258 ") == .windows1258)
        #expect(TextEncoding(name: "CP1252") == .windows1252)
        #expect(TextEncoding(name: "windows-949") == .cp949)
        #expect(TextEncoding(name: "EUC-KR") == .cp949)
        #expect(TextEncoding(name: "latin1") == nil)
        #expect(TextEncoding(name: "tcvn3") == nil)
        #expect(TextEncoding(name: "") == nil)
    }
}

/// Encodes `text` from UTF-8 to `charset` with iconv, for building legacy test files.
private func iconvEncode(_ text: String, to charset: String) -> [UInt8]? {
    let handle = iconv_open(charset, "UTF-8")
    guard let handle, handle != iconv_t(bitPattern: -1) else { return nil }
    defer { iconv_close(handle) }
    var input = Array(text.utf8)
    var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
    let converted = input.withUnsafeMutableBytes { inBytes in
        output.withUnsafeMutableBytes { outBytes -> Int? in
            var inPointer = inBytes.baseAddress?.assumingMemoryBound(to: CChar.self)
            var outPointer = outBytes.baseAddress?.assumingMemoryBound(to: CChar.self)
            var inLeft = inBytes.count
            var outLeft = outBytes.count
            guard iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft) != -1 else {
                return nil
            }
            return outBytes.count - outLeft
        }
    }
    return converted.map { Array(output.prefix($0)) }
}
