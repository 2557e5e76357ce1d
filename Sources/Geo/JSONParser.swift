import Foundation

// A JSON reader (RFC 8259) for GeoJSON files. It is iterative, so deep nesting
// cannot exhaust the stack, it limits nesting to `JSONParser.maximumDepth`, checks
// every read against the end of the buffer, and keeps arrays of plain numbers
// flat, which is what a file of coordinates is mostly made of.

/// A parsed JSON value as the reader keeps it.
enum JSONNode {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    /// A non-empty array whose elements are all numbers, such as a position.
    case numbers([Double])
    case array([JSONNode])
    /// Members in file order; a repeated key appears more than once.
    case object([(key: String, value: JSONNode)])

    /// The last member with this key, as JSON parsers commonly resolve duplicates.
    subscript(key: String) -> JSONNode? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// The public form of the value.
    var value: JSONValue {
        switch self {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let number): .number(number)
        case .string(let text): .string(text)
        case .numbers(let numbers): .array(numbers.map { .number($0) })
        case .array(let elements): .array(elements.map(\.value))
        case .object(let members):
            .object(Dictionary(members.map { ($0.key, $0.value.value) }) { _, last in last })
        }
    }

    /// A short phrase naming the kind of value, for messages ("an array").
    var kindPhrase: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .numbers, .array: "an array"
        case .object: "an object"
        }
    }
}

/// A syntax error, with the byte offset where it was found.
struct JSONSyntaxError: Error {
    var message: String
    var offset: Int
}

/// Parses one JSON text from a byte buffer.
struct JSONParser {
    /// Deepest nesting of arrays and objects accepted.
    static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var offset = 0

    /// An array or object still being read.
    private struct Frame {
        var isObject: Bool
        var numbers: [Double] = []
        var elements: [JSONNode] = []
        var allNumbers = true
        var members: [(key: String, value: JSONNode)] = []
        var key = ""
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses `data` as a single JSON value; a leading UTF-8 byte order mark is skipped.
    static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONNode {
        let result: Result<JSONNode, JSONSyntaxError> = data.withUnsafeBytes { raw in
            var parser = JSONParser(bytes: raw.bindMemory(to: UInt8.self))
            do throws(JSONSyntaxError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: - Structure

    private mutating func parseDocument() throws(JSONSyntaxError) -> JSONNode {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }

        var stack: [Frame] = []
        while true {
            // Read one value, or open a container and go round to read its first value.
            skipWhitespace()
            var value: JSONNode
            switch try peek() {
            case UInt8(ascii: "{"):
                try checkDepth(stack.count)
                offset += 1
                skipWhitespace()
                if try peek() == UInt8(ascii: "}") {
                    offset += 1
                    value = .object([])
                } else {
                    var frame = Frame(isObject: true)
                    frame.key = try parseKey()
                    stack.append(frame)
                    continue
                }
            case UInt8(ascii: "["):
                try checkDepth(stack.count)
                offset += 1
                skipWhitespace()
                if try peek() == UInt8(ascii: "]") {
                    offset += 1
                    value = .array([])
                } else {
                    stack.append(Frame(isObject: false))
                    continue
                }
            default:
                value = try parseScalar()
            }

            // Hand the value to its container; close containers as long as they end here.
            while true {
                guard !stack.isEmpty else {
                    skipWhitespace()
                    if offset < bytes.count {
                        throw JSONSyntaxError(
                            message: "unexpected \(describe(bytes[offset])) after the value",
                            offset: offset)
                    }
                    return value
                }

                let top = stack.count - 1
                if stack[top].isObject {
                    stack[top].members.append((stack[top].key, value))
                } else if stack[top].allNumbers, case .number(let number) = value {
                    stack[top].numbers.append(number)
                } else {
                    if stack[top].allNumbers {
                        stack[top].allNumbers = false
                        stack[top].elements = stack[top].numbers.map { .number($0) }
                        stack[top].numbers = []
                    }
                    stack[top].elements.append(value)
                }

                skipWhitespace()
                let byte = try peek()
                offset += 1
                if byte == UInt8(ascii: ",") {
                    if stack[top].isObject {
                        skipWhitespace()
                        stack[top].key = try parseKey()
                    }
                    break
                }
                let frame = stack.removeLast()
                if frame.isObject && byte == UInt8(ascii: "}") {
                    value = .object(frame.members)
                } else if !frame.isObject && byte == UInt8(ascii: "]") {
                    value = frame.allNumbers ? .numbers(frame.numbers) : .array(frame.elements)
                } else {
                    let expected = frame.isObject ? "',' or '}'" : "',' or ']'"
                    throw JSONSyntaxError(
                        message: "expected \(expected), found \(describe(byte))",
                        offset: offset - 1)
                }
            }
        }
    }

    private func checkDepth(_ depth: Int) throws(JSONSyntaxError) {
        if depth >= Self.maximumDepth {
            throw JSONSyntaxError(
                message: "nesting deeper than \(Self.maximumDepth) levels", offset: offset)
        }
    }

    /// Reads `"key"` and the colon after it.
    private mutating func parseKey() throws(JSONSyntaxError) -> String {
        guard try peek() == UInt8(ascii: "\"") else {
            throw JSONSyntaxError(
                message: "expected a string key, found \(describe(bytes[offset]))", offset: offset)
        }
        let key = try parseString()
        skipWhitespace()
        guard try peek() == UInt8(ascii: ":") else {
            throw JSONSyntaxError(
                message: "expected ':', found \(describe(bytes[offset]))", offset: offset)
        }
        offset += 1
        return key
    }

    // MARK: - Scalars

    private mutating func parseScalar() throws(JSONSyntaxError) -> JSONNode {
        let byte = try peek()
        switch byte {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        default:
            throw JSONSyntaxError(message: "unexpected \(describe(byte))", offset: offset)
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let start = offset
        let expectedBytes = UnsafeBufferPointer(
            start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for expected in expectedBytes {
            guard offset < bytes.count, bytes[offset] == expected else {
                throw JSONSyntaxError(message: "unknown literal", offset: start)
            }
            offset += 1
        }
    }

    /// Powers of ten that a Double holds exactly.
    private static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    /// Reads a number (RFC 8259 §6). Too large a magnitude gives an infinity, left
    /// for the caller to judge.
    private mutating func parseNumber() throws(JSONSyntaxError) -> Double {
        let start = offset
        var negative = false
        var mantissa: UInt64 = 0
        var exact = true  // the mantissa is below 2⁵³ and the fast path applies
        var decimalExponent = 0

        func digit() -> UInt64? {
            guard offset < bytes.count else { return nil }
            let byte = bytes[offset]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            return UInt64(byte - UInt8(ascii: "0"))
        }
        func accumulate(_ value: UInt64) {
            if mantissa < (1 << 53) / 10 { mantissa = mantissa * 10 + value } else { exact = false }
        }

        if bytes[offset] == UInt8(ascii: "-") {
            negative = true
            offset += 1
        }
        guard let first = digit() else {
            throw JSONSyntaxError(message: "a number needs digits", offset: start)
        }
        offset += 1
        accumulate(first)
        if first != 0 {
            while let next = digit() {
                accumulate(next)
                offset += 1
            }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard digit() != nil else {
                throw JSONSyntaxError(message: "a number needs digits after '.'", offset: start)
            }
            while let next = digit() {
                accumulate(next)
                decimalExponent -= 1
                offset += 1
            }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            var exponentNegative = false
            if offset < bytes.count {
                if bytes[offset] == UInt8(ascii: "-") {
                    exponentNegative = true
                    offset += 1
                } else if bytes[offset] == UInt8(ascii: "+") {
                    offset += 1
                }
            }
            guard digit() != nil else {
                throw JSONSyntaxError(
                    message: "a number needs digits in its exponent", offset: start)
            }
            var exponent = 0
            while let next = digit() {
                // Past 10⁵ the value is 0 or infinite anyway; leave it to the slow path.
                if exponent < 100_000 {
                    exponent = exponent * 10 + Int(next)
                } else {
                    exact = false
                }
                offset += 1
            }
            decimalExponent += exponentNegative ? -exponent : exponent
        }

        // Clinger's fast path: an exact mantissa times an exact power of ten rounds once.
        if exact, abs(decimalExponent) <= 22 {
            let power = Self.exactPowersOfTen[abs(decimalExponent)]
            let magnitude = decimalExponent < 0
                ? Double(mantissa) / power
                : Double(mantissa) * power
            return negative ? -magnitude : magnitude
        }
        let text = String(
            decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        return Double(text) ?? (negative ? -.infinity : .infinity)
    }

    /// Reads a string literal (RFC 8259 §7), checking that it is valid UTF-8.
    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = offset
        offset += 1  // the opening quote

        // Fast path: no escapes.
        var end = offset
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"),
              bytes[end] >= 0x20 {
            end += 1
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            let text = try makeString(
                UnsafeBufferPointer(rebasing: bytes[offset..<end]), start: start)
            offset = end + 1
            return text
        }

        var buffer: [UInt8] = Array(bytes[offset..<end])
        offset = end
        while true {
            guard offset < bytes.count else {
                throw JSONSyntaxError(message: "unterminated string", offset: start)
            }
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try buffer.withUnsafeBufferPointer { text throws(JSONSyntaxError) in
                    try makeString(text, start: start)
                }
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case 0..<0x20:
                throw JSONSyntaxError(
                    message: "control character in a string", offset: offset - 1)
            default:
                buffer.append(byte)
            }
        }
    }

    private func makeString(
        _ text: UnsafeBufferPointer<UInt8>, start: Int
    ) throws(JSONSyntaxError) -> String {
        guard let string = String(validating: text, as: UTF8.self) else {
            throw JSONSyntaxError(message: "invalid UTF-8 in a string", offset: start)
        }
        return string
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
        let byte = try peek()
        offset += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            // A high surrogate joins the low one after it; a lone half becomes U+FFFD.
            if (0xD800..<0xDC00).contains(scalar), offset + 1 < bytes.count,
               bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") {
                let save = offset
                offset += 2
                let low = try parseHex4()
                if (0xDC00..<0xE000).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    offset = save
                }
            }
            let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
            buffer.append(contentsOf: String(character).utf8)
        default:
            throw JSONSyntaxError(
                message: "unknown escape \\\(describeCharacter(byte))", offset: offset - 2)
        }
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = try peek()
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONSyntaxError(message: "bad \\u escape", offset: offset)
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    // MARK: - Bytes

    private func peek() throws(JSONSyntaxError) -> UInt8 {
        guard offset < bytes.count else {
            throw JSONSyntaxError(message: "unexpected end of input", offset: offset)
        }
        return bytes[offset]
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    private func describe(_ byte: UInt8) -> String {
        "'\(describeCharacter(byte))'"
    }

    private func describeCharacter(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : String(format: "\\x%02X", byte)
    }

    /// Line and column (both from 1, columns in bytes) of a byte offset in `data`.
    static func lineAndColumn(of offset: Int, in data: Data) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}

/// Where a JSON text first goes wrong, for messages about files read with another parser.
public enum JSONSyntax {
    /// "what is wrong at line L, column C", or nil when the text is valid JSON.
    public static func firstError(in data: Data) -> String? {
        do {
            _ = try JSONParser.parse(data)
            return nil
        } catch {
            let place = JSONParser.lineAndColumn(of: error.offset, in: data)
            return "\(error.message) at line \(place.line), column \(place.column)"
        }
    }
}
