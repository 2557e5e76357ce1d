// Shared pieces of the access-point output parsers: bounded line splitting, warning collection,
// number and duration reading, and guarded JSON access. Every read here is bounds-checked;
// the input is whatever an access point (or something pretending to be one) printed.

import Foundation

// MARK: - Limits

/// Caps that keep a hostile or broken output from growing a parse without limit.
enum ParseLimits {
    /// Longest line kept; the rest of a longer line is dropped with a warning.
    static let lineBytes = 64 * 1024
    /// Most lines read from one output.
    static let lines = 100_000
    /// Most stations kept from one station list.
    static let stations = 4096
    /// Most radios, networks or interfaces kept from one output.
    static let entries = 1024
    /// Most warnings kept for one output; one more says how many were left out.
    static let warnings = 200
}

// MARK: - Warnings

/// Collects the named warnings of one parse, at most one per field where asked.
struct WarningLog {
    let kind: String
    private(set) var warnings: [ParseWarning] = []
    private var onceKeys: Set<String> = []
    private var leftOut = 0

    init(kind: String) { self.kind = kind }

    mutating func add(_ field: String, _ reason: String) {
        guard warnings.count < ParseLimits.warnings else {
            leftOut += 1
            return
        }
        warnings.append(ParseWarning(kind: kind, field: field, reason: reason))
    }

    /// Adds a warning only the first time `field` is met, so that an output full of
    /// `unknown` values gives one warning per field rather than one per line.
    mutating func addOnce(_ field: String, _ reason: String) {
        guard onceKeys.insert(field).inserted else { return }
        add(field, reason)
    }

    /// The warnings, with a closing one when some were left out.
    var all: [ParseWarning] {
        guard leftOut > 0 else { return warnings }
        return warnings + [ParseWarning(kind: kind, field: "warnings",
                                        reason: "\(leftOut) more warnings left out")]
    }

    func parsed<Value>(_ value: Value) -> Parsed<Value> {
        Parsed(value, warnings: all)
    }
}

// MARK: - Lines

/// One line of a text output: its original bytes (for SSIDs) and its lossy text.
struct OutputLine {
    /// 1-based line number in the output (after the capture, not the corpus file).
    let number: Int
    let bytes: ArraySlice<UInt8>
    let text: String

    /// True when the line starts with a space or a tab.
    var isIndented: Bool {
        guard let first = bytes.first else { return false }
        return first == 0x20 || first == 0x09
    }

    var trimmed: String { text.trimmingCharacters(in: .whitespaces) }
}

/// The lines of a text output, split on LF with CR dropped, capped in length and number.
struct OutputText {
    let lines: [OutputLine]
    /// False when the output did not end with a newline (its last line may be cut off).
    let endsWithNewline: Bool

    init(_ bytes: [UInt8], warnings: inout WarningLog) {
        var lines: [OutputLine] = []
        var start = 0
        var number = 0
        var longLines = 0
        while start < bytes.count {
            guard lines.count < ParseLimits.lines else {
                warnings.add("output", "more than \(ParseLimits.lines) lines; the rest is ignored")
                break
            }
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            number += 1

            var stop = end
            if stop > start && bytes[stop - 1] == 0x0D { stop -= 1 }
            if stop - start > ParseLimits.lineBytes {
                stop = start + ParseLimits.lineBytes
                longLines += 1
            }
            let slice = bytes[start..<stop]
            lines.append(OutputLine(number: number, bytes: slice,
                                    text: String(decoding: slice, as: UTF8.self)))
            start = end + 1
        }
        if longLines > 0 {
            warnings.add("output", "\(longLines) lines longer than \(ParseLimits.lineBytes) "
                + "bytes were cut")
        }
        self.lines = lines
        self.endsWithNewline = bytes.last == 0x0A
    }

    /// True when there is nothing but white space.
    var isBlank: Bool { lines.allSatisfy { $0.trimmed.isEmpty } }
}

// MARK: - Error texts

/// Messages a shell or ubus prints instead of the data asked for.
enum CommandFailure {
    private static let markers = [
        "Command failed:", "not found", "No such file or directory", "Permission denied",
        "Usage:", "usage:", "failed to connect to ubus", "Invalid command", "syntax error",
        "bad command name", "expected end of command", "No such device",
    ]

    /// The first line that reads like a failure message, quoted safely; nil when none.
    static func message(in text: OutputText) -> String? {
        for line in text.lines.prefix(20) {
            let trimmed = line.trimmed
            if markers.contains(where: { trimmed.contains($0) }) {
                return excerpt(trimmed)
            }
        }
        return nil
    }
}

/// A short printable excerpt of device output for an error or warning: at most 80 characters,
/// control characters escaped, and anything shaped like a MAC address masked, because error
/// texts must never carry a station's address.
func excerpt(_ text: some StringProtocol) -> String {
    var out = ""
    for scalar in text.unicodeScalars.prefix(80) {
        if scalar.value < 0x20 || scalar.value == 0x7F {
            out += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    if text.unicodeScalars.count > 80 { out += "…" }
    return maskMACs(out)
}

/// Replaces every `hh:hh:hh:hh:hh:hh` (or `-`) in `text` with `<mac>`.
func maskMACs(_ text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    guard scalars.count >= 17 else { return text }
    func isHex(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x30...0x39, 0x41...0x46, 0x61...0x66: return true
        default: return false
        }
    }
    var out = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
        if index + 17 <= scalars.count {
            var matches = true
            for offset in 0..<17 {
                let s = scalars[index + offset]
                if offset % 3 == 2 {
                    if s != ":" && s != "-" { matches = false; break }
                } else if !isHex(s) {
                    matches = false
                    break
                }
            }
            if matches {
                out.append(contentsOf: "<mac>".unicodeScalars)
                index += 17
                continue
            }
        }
        out.append(scalars[index])
        index += 1
    }
    return String(out)
}

// MARK: - Numbers

/// Reads a decimal integer that may carry a sign; nil on anything else or on overflow.
func parseInt(_ text: some StringProtocol) -> Int? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty, trimmed.utf8.count <= 40 else { return nil }
    return Int(trimmed)
}

/// Reads an unsigned decimal integer; nil on a sign, anything else or overflow.
func parseUnsigned(_ text: some StringProtocol) -> UInt64? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty, trimmed.utf8.count <= 40,
        trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
    else { return nil }
    return UInt64(trimmed)
}

/// Reads a decimal number such as `988.3` exactly as an integer mantissa and a count of
/// fraction digits, so that unit conversion does not go through binary floating point.
func parseDecimal(_ text: some StringProtocol) -> (mantissa: Int, fractionDigits: Int)? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let parts = trimmed.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard let whole = parts.first, !whole.isEmpty, whole.count <= 18,
        whole.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
    else { return nil }
    var fraction = parts.count == 2 ? String(parts[1]) : ""
    guard fraction.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
        parts.count == 1 || !fraction.isEmpty
    else { return nil }
    fraction = String(fraction.prefix(6))
    guard let mantissa = Int(whole + fraction) else { return nil }
    return (mantissa, fraction.count)
}

/// Reads a size such as `988.3MiB`, `1010.8 KiB`, `2GiB` or `123` (bytes) into bytes,
/// rounded to the nearest byte; nil on an unknown unit or overflow.
func parseByteSize(_ text: some StringProtocol) -> Int? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let number = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
    let unit = trimmed.dropFirst(number.count).trimmingCharacters(in: .whitespaces)
    let multiplier: Int
    switch unit {
    case "", "B": multiplier = 1
    case "KiB", "kiB", "KB", "kB", "K": multiplier = 1 << 10
    case "MiB", "MB", "M": multiplier = 1 << 20
    case "GiB", "GB", "G": multiplier = 1 << 30
    case "TiB", "TB", "T": multiplier = 1 << 40
    default: return nil
    }
    guard let (mantissa, digits) = parseDecimal(number) else { return nil }
    var divisor = 1
    for _ in 0..<digits { divisor *= 10 }
    let (product, overflow) = mantissa.multipliedReportingOverflow(by: multiplier)
    guard !overflow else { return nil }
    return (product + divisor / 2) / divisor
}

/// Reads a RouterOS duration such as `1w2d3h4m5s`, `5d9m11s`, `4s750ms`, `690ms` or the
/// clock form `12:34:56` into milliseconds; nil on anything else or overflow.
func parseRouterOSDuration(_ text: some StringProtocol) -> Int? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty, trimmed.count <= 64 else { return nil }

    // RouterOS 7 prints durations over a day as `1d02:03:04` in some menus.
    if trimmed.contains(":") {
        var days = 0
        var clock = Substring(trimmed)
        if let d = trimmed.firstIndex(of: "d") {
            guard let value = Int(trimmed[..<d]) else { return nil }
            days = value
            clock = trimmed[trimmed.index(after: d)...]
        }
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let h = Int(parts[0]), let m = Int(parts[1]),
            let s = Int(parts[2]), h >= 0, m >= 0, s >= 0, days >= 0, days < 1_000_000
        else { return nil }
        return ((days * 24 + h) * 60 + m) * 60_000 + s * 1000
    }

    var total = 0
    var digits = ""
    var index = trimmed.startIndex
    var sawUnit = false
    while index < trimmed.endIndex {
        let character = trimmed[index]
        if character.isASCII && character.isNumber {
            digits.append(character)
            guard digits.count <= 12 else { return nil }
            index = trimmed.index(after: index)
            continue
        }
        var unit = String(character)
        let next = trimmed.index(after: index)
        if character == "m", next < trimmed.endIndex, trimmed[next] == "s" {
            unit = "ms"
        } else if character == "u", next < trimmed.endIndex, trimmed[next] == "s" {
            unit = "us"
        }
        let scale: Int
        switch unit {
        case "w": scale = 7 * 86_400_000
        case "d": scale = 86_400_000
        case "h": scale = 3_600_000
        case "m": scale = 60_000
        case "s": scale = 1000
        case "ms": scale = 1
        case "us": scale = 0
        default: return nil
        }
        guard let value = Int(digits) else { return nil }
        let (part, overflow1) = value.multipliedReportingOverflow(by: scale)
        let (sum, overflow2) = total.addingReportingOverflow(part)
        guard !overflow1, !overflow2 else { return nil }
        total = sum
        digits = ""
        sawUnit = true
        index = trimmed.index(index, offsetBy: unit.count)
    }
    // A bare number is seconds (RouterOS API sometimes prints plain seconds).
    if !digits.isEmpty {
        guard let value = Int(digits) else { return nil }
        let (part, overflow) = value.multipliedReportingOverflow(by: 1000)
        guard !overflow, !sawUnit else { return nil }
        total += part
    }
    return total
}

/// Channel width in MHz from an OpenWrt `htmode` (`HT20`, `VHT80`, `HE160`, `EHT320`,
/// `VHT80_80`); nil for `NOHT` or anything unknown.
func widthFromHTMode(_ mode: some StringProtocol) -> Int? {
    let upper = mode.uppercased()
    for prefix in ["EHT", "HE", "VHT", "HT"] where upper.hasPrefix(prefix) {
        let rest = upper.dropFirst(prefix.count)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard let width = Int(digits), [20, 40, 80, 160, 320].contains(width) else { return nil }
        // 80+80 MHz is reported as 160.
        return rest.hasPrefix("80_80") || rest.hasPrefix("80+80") ? 160 : width
    }
    return nil
}

/// The band (`2.4`, `5`, `6`, `60`) of a frequency in MHz.
func bandFromFrequency(_ mhz: Int) -> String? {
    switch mhz {
    case 2400...2500: return "2.4"
    case 4900...5899: return "5"
    case 5925...7125: return "6"
    case 57_000...71_000: return "60"
    default: return nil
    }
}

// MARK: - Inactive time

/// The wrap rule for inactive times given in milliseconds.
///
/// Linux keeps a station's inactive time as an unsigned 32-bit count of milliseconds
/// (`jiffies_to_msecs(jiffies - last_rx)`, nl80211 `NL80211_STA_INFO_INACTIVE_TIME`). When
/// `last_rx` is stamped a moment *after* the driver read `jiffies`, the difference is a small
/// negative number and prints as a value just under 2^32 (49.7 days). The rule:
///
/// - a value in `2^32 − 1 day … 2^32 − 1` is taken as wrapped: the station was heard
///   `2^32 − value` ms "in the future", so the inactive time becomes `2^32 − value` (small,
///   so the station counts as recently heard) and `inactiveWrapped` is set;
/// - a value of 2^32 or more cannot come from the 32-bit field: it is dropped with a warning;
/// - anything else is kept as given, even hours (mt76#201 reports 15,157,640 ms; those idle
///   stations are real and the 300 s rule is what leaves them out of the client count).
enum InactiveTime {
    static let wrapModulus: UInt64 = 1 << 32
    static let wrapWindow: UInt64 = 86_400_000

    /// Applies the rule to `value`, returning the inactive milliseconds and the wrapped flag,
    /// or nil when the value is impossible.
    static func normalise(_ value: UInt64) -> (milliseconds: UInt64, wrapped: Bool)? {
        guard value < wrapModulus else { return nil }
        if value >= wrapModulus - wrapWindow {
            return (wrapModulus - value, true)
        }
        return (value, false)
    }

    /// Sets `station`'s inactive time from a reported value, warning when it is impossible.
    static func apply(_ value: UInt64, to station: inout StationFacts, field: String,
                      warnings: inout WarningLog) {
        if let (milliseconds, wrapped) = normalise(value) {
            station.inactiveMilliseconds = milliseconds
            station.inactiveWrapped = wrapped
            if wrapped {
                warnings.add(field, "value \(value) ms taken as wrapped at 2^32 ms; "
                    + "using \(milliseconds) ms")
            }
        } else {
            warnings.add(field, "value \(value) ms is over 2^32 ms; dropped")
        }
    }
}

// MARK: - JSON

/// Finds the first JSON object in `bytes` (skipping prompts and echoed commands before it and
/// anything after it) and decodes it; throws a `ParseError` when there is none or it is cut
/// off or invalid.
func decodeJSONObject(_ bytes: [UInt8], kind: String) throws -> [String: Any] {
    var log = WarningLog(kind: kind)
    let text = OutputText(bytes, warnings: &log)
    guard !text.isBlank else { throw ParseError(kind: kind, reason: "empty output") }

    guard let start = firstObjectStart(bytes) else {
        if let message = CommandFailure.message(in: text) {
            throw ParseError(kind: kind, reason: "the device answered with an error: \(message)")
        }
        let first = text.lines.first { !$0.trimmed.isEmpty }?.trimmed ?? ""
        throw ParseError(kind: kind, reason: "no JSON object in the output; it begins: "
            + "\"\(excerpt(first))\"")
    }

    guard let end = matchingObjectEnd(bytes, from: start) else {
        throw ParseError(kind: kind, reason: "the JSON object starting at byte \(start) is "
            + "cut off (not closed before the end of the output)")
    }

    // ubus passes bytes over 0x7F through unchecked, so an SSID that is not UTF-8 would make
    // the whole object unreadable; such bytes are carried as private-use scalars instead.
    let data = Data(carryInvalidUTF8(bytes[start...end]))
    let object: Any
    do {
        object = try JSONSerialization.jsonObject(with: data, options: [])
    } catch {
        throw ParseError(kind: kind, reason: "invalid JSON object at byte \(start)")
    }
    guard let dictionary = object as? [String: Any] else {
        throw ParseError(kind: kind, reason: "the JSON value is not an object")
    }
    return dictionary
}

/// The offset of the first `{` that begins a line (after white space), or failing that the
/// first `{` at all.
private func firstObjectStart(_ bytes: [UInt8]) -> Int? {
    var atLineStart = true
    var firstAnywhere: Int?
    for (offset, byte) in bytes.enumerated() {
        if byte == UInt8(ascii: "{") {
            if atLineStart { return offset }
            if firstAnywhere == nil { firstAnywhere = offset }
        }
        if byte == 0x0A {
            atLineStart = true
        } else if byte != 0x20 && byte != 0x09 && byte != 0x0D {
            atLineStart = false
        }
    }
    return firstAnywhere
}

/// The offset of the `}` closing the object that opens at `start`, honouring strings and
/// escapes; nil when the output ends first or nesting goes deeper than 512.
private func matchingObjectEnd(_ bytes: [UInt8], from start: Int) -> Int? {
    var depth = 0
    var inString = false
    var escaped = false
    var offset = start
    while offset < bytes.count {
        let byte = bytes[offset]
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
            }
        } else {
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > 512 { return nil }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return offset }
                if depth < 0 { return nil }
            default: break
            }
        }
        offset += 1
    }
    return nil
}

/// Guarded reads of `JSONSerialization` values: booleans are never taken as numbers, numbers
/// given as strings are accepted with a warning, and every mismatch is a named warning.
struct JSONReader {
    var log: WarningLog

    init(kind: String) { log = WarningLog(kind: kind) }

    /// True when `value` is a JSON `true`/`false` (which Foundation bridges to NSNumber).
    static func isBool(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    /// An integer; `required` adds a warning when the key is missing.
    mutating func int(_ value: Any?, _ field: String, required: Bool = true) -> Int? {
        guard let value, !(value is NSNull) else {
            if required { log.add(field, "missing") }
            return nil
        }
        if Self.isBool(value) {
            log.add(field, "a boolean where a number was expected")
            return nil
        }
        if let number = value as? NSNumber {
            let type = String(cString: number.objCType)
            if type == "d" || type == "f" {
                let double = number.doubleValue
                guard double.isFinite, double.rounded() == double,
                    double >= -9.0e18, double <= 9.0e18
                else {
                    log.add(field, "not a whole number in range")
                    return nil
                }
                return Int(double)
            }
            if let int = value as? Int { return int }
            log.add(field, "number out of range")
            return nil
        }
        if let string = value as? String {
            if let int = parseInt(string) {
                log.add(field, "a number given as a string")
                return int
            }
            log.add(field, string.lowercased() == "unknown"
                ? "unknown" : "not a number: \"\(excerpt(string))\"")
            return nil
        }
        log.add(field, "not a number")
        return nil
    }

    /// A non-negative integer (counters, bytes, times).
    mutating func unsigned(_ value: Any?, _ field: String, required: Bool = true) -> UInt64? {
        if let number = value as? NSNumber, !Self.isBool(number),
            String(cString: number.objCType) == "Q", let big = value as? UInt64
        {
            return big
        }
        guard let int = int(value, field, required: required) else { return nil }
        guard int >= 0 else {
            log.add(field, "negative where a count was expected")
            return nil
        }
        return UInt64(int)
    }

    /// A non-negative integer that must fit an `Int` (bytes of memory, seconds).
    mutating func count(_ value: Any?, _ field: String, required: Bool = true) -> Int? {
        guard let unsigned = unsigned(value, field, required: required) else { return nil }
        guard let int = Int(exactly: unsigned) else {
            log.add(field, "number out of range")
            return nil
        }
        return int
    }

    /// A string; numbers are accepted as their decimal text.
    mutating func string(_ value: Any?, _ field: String, required: Bool = true) -> String? {
        guard let value, !(value is NSNull) else {
            if required { log.add(field, "missing") }
            return nil
        }
        if let string = value as? String { return string }
        if let number = value as? NSNumber, !Self.isBool(number) {
            return number.stringValue
        }
        log.add(field, "not a string")
        return nil
    }

    /// A JSON object.
    mutating func object(_ value: Any?, _ field: String, required: Bool = true) -> [String: Any]? {
        guard let value, !(value is NSNull) else {
            if required { log.add(field, "missing") }
            return nil
        }
        guard let object = value as? [String: Any] else {
            log.add(field, "not an object")
            return nil
        }
        return object
    }

    /// A JSON array.
    mutating func array(_ value: Any?, _ field: String, required: Bool = true) -> [Any]? {
        guard let value, !(value is NSNull) else {
            if required { log.add(field, "missing") }
            return nil
        }
        guard let array = value as? [Any] else {
            log.add(field, "not an array")
            return nil
        }
        return array
    }
}

// MARK: - Secrets

/// True for configuration keys that hold secrets (`key`, `key1`…`key4`, `psk`, `sae_password`,
/// `password`, `auth_secret`, `acct_secret`, `wpa_passphrase`, `priv_key_pwd`, `identity`
/// passwords…); their values are never copied.
func isSecretField(_ name: String) -> Bool {
    let lower = name.lowercased()
    if lower == "key" || (lower.hasPrefix("key") && lower.dropFirst(3).allSatisfy(\.isNumber)) {
        return true
    }
    let words = ["psk", "pass", "secret", "passphrase", "_key", "key_", "pwd", "token"]
    return words.contains { lower.contains($0) }
}

// MARK: - Invalid UTF-8 in JSON

/// First scalar of the private-use block that stands for raw bytes: byte `b` becomes
/// U+10FF00 + b. Real SSIDs do not use plane 16, so the mapping is reversed safely.
private let rawByteBase: UInt32 = 0x10FF00

/// Re-encodes every byte that is not part of a valid UTF-8 sequence as the private-use
/// scalar U+10FF00 + byte, leaving valid text untouched.
func carryInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
    if String(validating: bytes, as: UTF8.self) != nil { return Array(bytes) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 16)
    var index = bytes.startIndex
    while index < bytes.endIndex {
        let byte = bytes[index]
        if byte < 0x80 {
            out.append(byte)
            index += 1
            continue
        }
        let length = byte >= 0xF0 && byte <= 0xF4 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0
        if length > 0, length <= bytes.endIndex - index,
            String(validating: bytes[index..<index + length], as: UTF8.self) != nil
        {
            out.append(contentsOf: bytes[index..<index + length])
            index += length
            continue
        }
        if let scalar = Unicode.Scalar(rawByteBase + UInt32(byte)) {
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
        index += 1
    }
    return out
}

/// The SSID bytes of a JSON string, turning carried raw bytes back into themselves.
func ssidFromJSON(_ text: String) -> SSID {
    var bytes: [UInt8] = []
    for scalar in text.unicodeScalars {
        if scalar.value >= rawByteBase && scalar.value <= rawByteBase + 0xFF {
            bytes.append(UInt8(scalar.value - rawByteBase))
        } else {
            bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
    }
    return SSID(bytes: bytes)
}

/// A JSON string for display fields other than SSIDs: carried raw bytes become U+FFFD.
func textFromJSON(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.map {
        $0.value >= rawByteBase && $0.value <= rawByteBase + 0xFF ? "\u{FFFD}" : $0
    }))
}

// MARK: - Modes

/// The short mode name (`ap`, `sta`, `mesh`, `adhoc`, `monitor`, `wds`) for the long names
/// iwinfo prints (`Master`, `Master (VLAN)`, `Client`, `Mesh Point`, `Ad-Hoc`…) and the uci
/// names; nil when unknown.
func shortMode(_ name: some StringProtocol) -> String? {
    let lower = name.trimmingCharacters(in: .whitespaces).lowercased()
    if lower.hasPrefix("master") || lower == "ap" || lower == "ap-bridge" || lower == "bridge"
        || lower == "access point"
    {
        return "ap"
    }
    switch lower {
    case "client", "sta", "station", "managed", "station-bridge", "station-pseudobridge",
        "station-wds":
        return "sta"
    case "mesh point", "mesh", "mesh-point": return "mesh"
    case "ad-hoc", "adhoc", "ibss": return "adhoc"
    case "monitor": return "monitor"
    case "wds", "wds-slave": return "wds"
    default: return nil
    }
}
