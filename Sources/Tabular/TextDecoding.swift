// Turns file bytes into text: strips a UTF-8 byte order mark, decodes strictly (UTF-8 by
// hand, the Windows code pages through Internals/Iconv.swift) and reports the byte offset of
// the first bad sequence. UTF-8 well-formedness follows Unicode 15.0 §3.9, Table 3-7.

import Foundation

/// Text decoded from a file, before Unicode normalisation.
struct DecodedText {
    /// The characters exactly as the file encodes them; not yet NFC.
    let text: String
    /// Whether the file began with the UTF-8 byte order mark `EF BB BF` (not part of `text`).
    let hadByteOrderMark: Bool
    /// Whether every byte of `text` is ASCII, so normalisation can be skipped.
    let isASCII: Bool
}

enum TextDecoder {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Decodes `bytes` strictly from `encoding`; NUL bytes and bad sequences are errors.
    static func decode(
        _ bytes: [UInt8], encoding: TextEncoding, source: String
    ) throws(TabularError) -> DecodedText {
        let hadByteOrderMark = bytes.starts(with: byteOrderMark)
        let start = hadByteOrderMark ? byteOrderMark.count : 0

        switch encoding {
        case .utf8:
            var isASCII = true
            if let problem = firstProblem(inUTF8: bytes, from: start, isASCII: &isASCII) {
                throw problem.error(in: bytes, encoding: encoding, source: source)
            }
            let text = String(decoding: bytes[start...], as: UTF8.self)
            return DecodedText(text: text, hadByteOrderMark: hadByteOrderMark, isASCII: isASCII)

        case .windows1258, .windows1252, .cp949:
            if hadByteOrderMark {
                throw TabularError(
                    file: source, line: 1,
                    message: "starts with a UTF-8 byte order mark, but the encoding given is "
                        + "\(encoding.rawValue); the file is UTF-8, leave out --encoding"
                )
            }
            // The three code pages keep ASCII as ASCII, so a 0x00 byte is always NUL. Convert
            // only what precedes it, so the earlier of the two problems is the one reported.
            let nul = bytes.firstIndex(of: 0)
            let input = nul.map { Array(bytes[..<$0]) } ?? bytes
            switch iconvToUTF8(input, from: encoding.iconvName) {
            case .converted(let utf8):
                if let nul {
                    throw DecodingProblem(offset: nul, isNUL: true)
                        .error(in: bytes, encoding: encoding, source: source)
                }
                let text = String(decoding: utf8, as: UTF8.self)
                let isASCII = !utf8.contains { $0 >= 0x80 }
                return DecodedText(text: text, hadByteOrderMark: false, isASCII: isASCII)
            case .invalidSequence(let offset):
                throw DecodingProblem(offset: offset, isNUL: false)
                    .error(in: bytes, encoding: encoding, source: source)
            case .unavailable(let code):
                let reason = String(cString: strerror(code))
                throw TabularError(
                    file: source, line: nil,
                    message: "cannot decode \(encoding.rawValue): iconv_open(\"UTF-8\", "
                        + "\"\(encoding.iconvName)\") failed: \(reason)"
                )
            }
        }
    }

    /// The first NUL byte or ill-formed UTF-8 sequence at or after `start`, or nil.
    ///
    /// An ill-formed sequence is reported at its first byte, as Python's decoder does.
    static func firstProblem(
        inUTF8 bytes: [UInt8], from start: Int, isASCII: inout Bool
    ) -> DecodingProblem? {
        var index = start
        let end = bytes.count
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 {
                if lead == 0 { return DecodingProblem(offset: index, isNUL: true) }
                index += 1
                continue
            }
            isASCII = false

            // Table 3-7: the allowed range of the second byte depends on the lead byte.
            let length: Int
            var secondLow: UInt8 = 0x80
            var secondHigh: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondLow = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondHigh = 0x9F
            case 0xF0: length = 4; secondLow = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondHigh = 0x8F
            default: return DecodingProblem(offset: index, isNUL: false)
            }
            guard index + length <= end else { return DecodingProblem(offset: index, isNUL: false) }
            let second = bytes[index + 1]
            guard second >= secondLow, second <= secondHigh else {
                return DecodingProblem(offset: index, isNUL: false)
            }
            var continuation = index + 2
            while continuation < index + length {
                guard bytes[continuation] & 0xC0 == 0x80 else {
                    return DecodingProblem(offset: index, isNUL: false)
                }
                continuation += 1
            }
            index += length
        }
        return nil
    }

    /// Unicode NFC of `text` (Foundation `precomposedStringWithCanonicalMapping`).
    static func normalized(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
    }
}

/// Where decoding stopped: a NUL byte or an invalid sequence at a 0-based file offset.
struct DecodingProblem {
    let offset: Int
    let isNUL: Bool

    /// The error naming the physical line, the offset and the byte.
    func error(in bytes: [UInt8], encoding: TextEncoding, source: String) -> TabularError {
        let line = physicalLine(ofOffset: offset, in: bytes)
        if isNUL {
            return TabularError(file: source, line: line, message: "NUL byte at byte \(offset)")
        }
        let value = offset < bytes.count ? bytes[offset] : 0
        let name = encoding == .utf8 ? "UTF-8" : encoding.rawValue
        return TabularError(
            file: source, line: line,
            message: "invalid \(name) at byte \(offset) (\(hexByte(value))); "
                + "give --encoding if the file is not \(name)"
        )
    }
}

/// `0xC3` for 195.
func hexByte(_ value: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return "0x\(digits[Int(value >> 4)])\(digits[Int(value & 0x0F)])"
}

/// The 1-based line holding byte `offset`: LF, CRLF and a lone CR each end a line.
func physicalLine(ofOffset offset: Int, in bytes: [UInt8]) -> Int {
    var line = 1
    var index = 0
    let end = min(offset, bytes.count)
    while index < end {
        let byte = bytes[index]
        if byte == 0x0A {
            line += 1
        } else if byte == 0x0D, index + 1 >= bytes.count || bytes[index + 1] != 0x0A {
            line += 1
        }
        index += 1
    }
    return line
}
