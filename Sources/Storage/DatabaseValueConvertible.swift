#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A Swift type that can be bound as a statement argument and decoded from a column.
public protocol DatabaseValueConvertible {
    /// The value to bind.
    var databaseValue: SQLValue { get }

    /// Decodes a column value, or returns nil when it does not fit this type.
    static func fromDatabaseValue(_ value: SQLValue) -> Self?
}

// MARK: - SQLValue and Optional

extension SQLValue: DatabaseValueConvertible {
    /// The value itself.
    public var databaseValue: SQLValue { self }

    /// The value itself; never nil.
    public static func fromDatabaseValue(_ value: SQLValue) -> SQLValue? { value }
}

extension Optional: DatabaseValueConvertible where Wrapped: DatabaseValueConvertible {
    /// NULL for nil, else the wrapped value's.
    public var databaseValue: SQLValue {
        switch self {
        case .none: return .null
        case .some(let wrapped): return wrapped.databaseValue
        }
    }

    /// `.some(nil)` for NULL, nil when a non-NULL value does not fit `Wrapped`.
    public static func fromDatabaseValue(_ value: SQLValue) -> Wrapped?? {
        if case .null = value { return .some(nil) }
        return Wrapped.fromDatabaseValue(value).map { .some($0) }
    }
}

// MARK: - Numbers

extension Int64: DatabaseValueConvertible {
    /// An INTEGER.
    public var databaseValue: SQLValue { .integer(self) }

    /// Decodes an INTEGER.
    public static func fromDatabaseValue(_ value: SQLValue) -> Int64? {
        guard case .integer(let number) = value else { return nil }
        return number
    }
}

extension Int: DatabaseValueConvertible {
    /// An INTEGER.
    public var databaseValue: SQLValue { .integer(Int64(self)) }

    /// Decodes an INTEGER that fits `Int`.
    public static func fromDatabaseValue(_ value: SQLValue) -> Int? {
        guard case .integer(let number) = value else { return nil }
        return Int(exactly: number)
    }
}

extension Int32: DatabaseValueConvertible {
    /// An INTEGER.
    public var databaseValue: SQLValue { .integer(Int64(self)) }

    /// Decodes an INTEGER that fits `Int32`; larger ones are a mismatch, not truncated.
    public static func fromDatabaseValue(_ value: SQLValue) -> Int32? {
        guard case .integer(let number) = value else { return nil }
        return Int32(exactly: number)
    }
}

extension Double: DatabaseValueConvertible {
    /// A REAL.
    public var databaseValue: SQLValue { .real(self) }

    /// Decodes a REAL, or an INTEGER (a column without REAL affinity may hold one).
    public static func fromDatabaseValue(_ value: SQLValue) -> Double? {
        switch value {
        case .real(let number): return number
        case .integer(let number): return Double(number)
        default: return nil
        }
    }
}

extension Bool: DatabaseValueConvertible {
    /// INTEGER 1 or 0.
    public var databaseValue: SQLValue { .integer(self ? 1 : 0) }

    /// Decodes INTEGER 0 or 1; any other value is a mismatch.
    public static func fromDatabaseValue(_ value: SQLValue) -> Bool? {
        switch value {
        case .integer(0): return false
        case .integer(1): return true
        default: return nil
        }
    }
}

// MARK: - Text and bytes

extension String: DatabaseValueConvertible {
    /// A TEXT.
    public var databaseValue: SQLValue { .text(self) }

    /// Decodes a TEXT.
    public static func fromDatabaseValue(_ value: SQLValue) -> String? {
        guard case .text(let text) = value else { return nil }
        return text
    }
}

extension Array: DatabaseValueConvertible where Element == UInt8 {
    /// A BLOB.
    public var databaseValue: SQLValue { .blob(self) }

    /// Decodes a BLOB.
    public static func fromDatabaseValue(_ value: SQLValue) -> [UInt8]? {
        guard case .blob(let bytes) = value else { return nil }
        return bytes
    }
}

extension Data: DatabaseValueConvertible {
    /// A BLOB.
    public var databaseValue: SQLValue { .blob([UInt8](self)) }

    /// Decodes a BLOB.
    public static func fromDatabaseValue(_ value: SQLValue) -> Data? {
        guard case .blob(let bytes) = value else { return nil }
        return Data(bytes)
    }
}

// MARK: - Dates

extension Date: DatabaseValueConvertible {
    /// TEXT in ISO 8601 UTC with whole seconds, `2026-12-03T16:26:32Z`; the fraction of a
    /// second is dropped (rounded toward the past).
    public var databaseValue: SQLValue {
        .text(ISO8601Text.format(secondsSince1970: timeIntervalSince1970))
    }

    /// Decodes ISO 8601 TEXT (see `ISO8601Text.parse`) or an INTEGER of Unix seconds.
    ///
    /// A REAL is refused: SQLite code often stores Julian day numbers as REAL, and
    /// guessing would silently produce dates in 4713 BC.
    public static func fromDatabaseValue(_ value: SQLValue) -> Date? {
        switch value {
        case .integer(let seconds):
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        case .text(let text):
            return ISO8601Text.parse(text).map { Date(timeIntervalSince1970: $0) }
        default:
            return nil
        }
    }
}

/// ISO 8601 date-time text for UTC timestamps, written and read without Foundation's
/// formatters so the result does not depend on locale or ICU.
///
/// Calendar arithmetic is the proleptic Gregorian "days from civil" algorithm
/// (H. Hinnant, https://howardhinnant.github.io/date_algorithms.html).
enum ISO8601Text {
    /// 0001-01-01T00:00:00Z, the earliest instant written.
    static let earliest: Int64 = -62_135_596_800
    /// 9999-12-31T23:59:59Z, the latest instant written.
    static let latest: Int64 = 253_402_300_799

    /// Formats whole seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ`, clamped to years 1…9999.
    static func format(secondsSince1970 interval: Double) -> String {
        let floored = interval.rounded(.down)
        let seconds: Int64
        if floored.isNaN {
            seconds = 0
        } else if floored <= Double(earliest) {
            seconds = earliest
        } else if floored >= Double(latest) {
            seconds = latest
        } else {
            seconds = Int64(floored)
        }

        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = civil(fromDays: days)
        let hour = secondOfDay / 3600
        let minute = secondOfDay / 60 % 60
        let second = secondOfDay % 60
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
            + "T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS` with an optional fraction and an optional zone
    /// (`Z`, `+HH:MM`, `-HH:MM`; none means UTC, as SQLite's own date functions write).
    /// A space may stand for the `T`. Returns seconds since 1970, or nil.
    static func parse(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        var position = 0

        // Reads exactly `count` ASCII digits; every read is bounds-checked.
        func digits(_ count: Int) -> Int64? {
            guard position + count <= bytes.count else { return nil }
            var number: Int64 = 0
            for byte in bytes[position..<position + count] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                number = number * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            position += count
            return number
        }
        func expect(_ characters: String) -> Bool {
            guard position < bytes.count, characters.utf8.contains(bytes[position]) else {
                return false
            }
            position += 1
            return true
        }

        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"),
              let day = digits(2), expect("Tt "), let hour = digits(2), expect(":"),
              let minute = digits(2), expect(":"), let second = digits(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour <= 23, minute <= 59, second <= 59
        else { return nil }

        var fraction = 0.0
        if expect(".") {
            var scale = 0.1
            let start = position
            while position < bytes.count,
                  bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
                fraction += Double(bytes[position] - UInt8(ascii: "0")) * scale
                scale /= 10
                position += 1
            }
            guard position > start else { return nil }
        }

        var offset: Int64 = 0
        if position < bytes.count {
            if expect("Zz") {
                offset = 0
            } else {
                let sign: Int64 = bytes[position] == UInt8(ascii: "-") ? -1 : 1
                guard expect("+-"), let offsetHours = digits(2), expect(":"),
                      let offsetMinutes = digits(2), offsetHours <= 23, offsetMinutes <= 59
                else { return nil }
                offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
            }
        }
        guard position == bytes.count else { return nil }

        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Double(seconds) + fraction
    }

    // MARK: Calendar arithmetic

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0
            ? (value / divisor - 1, remainder + divisor)
            : (value / divisor, remainder)
    }

    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096)
            / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2:
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    private static func pad(_ number: Int64, _ width: Int) -> String {
        let text = String(number)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
