import Foundation

/// A calendar day in Cần Thơ's local calendar (Asia/Ho_Chi_Minh), written `YYYY-MM-DD`.
///
/// Classes and sessions are planned in days, not instants, so they are kept as days.
/// Vietnam has kept UTC+7 without daylight saving since 1975, so "today" is the UTC
/// instant moved by seven hours. Calendar arithmetic is the proleptic Gregorian
/// "days from civil" algorithm (H. Hinnant, https://howardhinnant.github.io/date_algorithms.html).
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Seconds east of UTC of Asia/Ho_Chi_Minh.
    public static let utcOffset = 7 * 3600

    /// A valid day from its parts, or nil (month 13, 30 February, year outside 1…9999).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= Self.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`; nil for anything else or a day that does not exist.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day `dayNumber` days after 1970-01-01 (negative before it).
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `days` later (earlier when negative).
    public func adding(days: Int) -> LocalDate {
        LocalDate(dayNumber: dayNumber + days)
    }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(to other: LocalDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// The local day of an instant.
    public static func of(_ instant: Date) -> LocalDate {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + utcOffset
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return LocalDate(dayNumber: days)
    }

    /// Today in Cần Thơ.
    public static func today(now: Date = Date()) -> LocalDate {
        of(now)
    }

    /// The UTC instant of `hour`:00 local time on this day.
    public func instant(atLocalHour hour: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(dayNumber * 86_400 + hour * 3600 - Self.utcOffset))
    }

    /// `2026-03-14`.
    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// `14/03/2026`, as dates are written in Vietnam.
    public var vietnamese: String {
        String(format: "%02d/%02d/%04d", day, month, year)
    }

    /// `14 March 2026`.
    public var english: String {
        let names = [
            "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December",
        ]
        return "\(day) \(names[month - 1]) \(year)"
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
