import Foundation

// The group fields a learner may give, and the age bands birth years are published as.
// Every field has an explicit "not specified", as Kolibri's sign-up does (PR #6053).

/// A learner's gender as they give it.
public enum Gender: String, Sendable, CaseIterable, Codable, Hashable {
    case female
    case male
    case other
    case notSpecified = "not-specified"

    /// Reads the words trainers type in Vietnamese or English (`nữ`, `Nam`, `F`, `khác`…);
    /// an empty cell is `notSpecified`, an unknown word nil.
    public init?(cell: String) {
        switch Words.key(cell) {
        case "", "not-specified", "not specified", "khong ro", "khong neu", "-":
            self = .notSpecified
        case "nu", "female", "f", "woman", "phu nu":
            self = .female
        case "nam", "male", "m", "man":
            self = .male
        case "khac", "other", "o":
            self = .other
        default:
            return nil
        }
    }

    /// `nữ`, `nam`, `khác`, `không rõ`.
    public var vietnamese: String {
        switch self {
        case .female: "nữ"
        case .male: "nam"
        case .other: "khác"
        case .notSpecified: "không rõ"
        }
    }
}

/// A yes/no answer the learner may also leave unsaid: disability, low-income household.
public enum Answer: String, Sendable, CaseIterable, Codable, Hashable {
    case yes
    case no
    case notSpecified = "not-specified"

    /// Reads `có`, `không`, `x`, `1`, `yes`, `no`…; an empty cell is `notSpecified`.
    public init?(cell: String) {
        switch Words.key(cell) {
        case "", "not-specified", "not specified", "khong ro", "khong neu", "?":
            self = .notSpecified
        case "co", "yes", "y", "x", "1", "true":
            self = .yes
        case "khong", "no", "n", "0", "false", "-":
            self = .no
        default:
            return nil
        }
    }
}

/// An age band as published; computed from the birth year at a reference date.
public enum AgeBand: String, Sendable, CaseIterable, Codable, Hashable, Comparable {
    case under15 = "0-14"
    case from15to24 = "15-24"
    case from25to34 = "25-34"
    case from35to44 = "35-44"
    case from45to54 = "45-54"
    case from55to64 = "55-64"
    case from65 = "65+"
    case notSpecified = "not-specified"

    /// The band of someone born in `birthYear`, by the age they reach in `referenceYear`
    /// (birth dates are not kept, so the age is the one reached during that year).
    public init(birthYear: Int?, referenceYear: Int) {
        guard let birthYear else {
            self = .notSpecified
            return
        }
        switch referenceYear - birthYear {
        case ..<15: self = .under15
        case 15...24: self = .from15to24
        case 25...34: self = .from25to34
        case 35...44: self = .from35to44
        case 45...54: self = .from45to54
        case 55...64: self = .from55to64
        default: self = .from65
        }
    }

    /// The SQL `CASE` that computes the band of `column` for the year bound at `year`.
    static func sqlCase(birthYear column: String, year: String) -> String {
        """
        CASE WHEN \(column) IS NULL THEN NULL
            WHEN \(year) - \(column) < 15 THEN '0-14'
            WHEN \(year) - \(column) < 25 THEN '15-24'
            WHEN \(year) - \(column) < 35 THEN '25-34'
            WHEN \(year) - \(column) < 45 THEN '35-44'
            WHEN \(year) - \(column) < 55 THEN '45-54'
            WHEN \(year) - \(column) < 65 THEN '55-64'
            ELSE '65+' END
        """
    }

    public static func < (lhs: AgeBand, rhs: AgeBand) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// Where a learner stands in one class.
public enum EnrollmentState: String, Sendable, CaseIterable, Codable, Hashable {
    /// Has a seat.
    case enrolled
    /// Waits for a seat, in arrival order.
    case waitlisted
    /// Left the class, or the class was cancelled.
    case withdrawn
    /// Met the course's completion rule when the class closed.
    case completed
    /// Did not meet it; the enrollment keeps the reason.
    case notCompleted = "not-completed"
}

/// Folding typed words for comparison: NFC, lower case, Vietnamese tone marks and
/// `đ` removed, inner spaces collapsed.
enum Words {
    static func key(_ text: String) -> String {
        let folded = text.precomposedStringWithCanonicalMapping
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            .replacingOccurrences(of: "đ", with: "d")
            .replacingOccurrences(of: "Đ", with: "d")
        return folded.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{A0}" })
            .joined(separator: " ")
    }
}
