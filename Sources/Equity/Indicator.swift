/// The unit an indicator's value is expressed in.
public enum IndicatorUnit: String, Sendable, Equatable, Codable, CaseIterable {
    /// A plain count (people, hotspots); numerator is the count, denominator 1.
    case count
    /// Numerator ÷ denominator × 100.
    case percent
    /// Numerator ÷ denominator × 1,000, e.g. learners per 1,000 residents.
    case perThousand = "per-1000"
    /// Numerator ÷ denominator, e.g. a representation ratio or a saturation.
    case ratio
    /// An inequality index (Gini, concentration, Theil): numerator ÷ denominator.
    case index
    /// A difference in percentage points; the numerator is the difference, denominator 1.
    case percentagePoints = "pp"

    /// What numerator ÷ denominator is multiplied by to give the value.
    public var scale: Double {
        switch self {
        case .percent: 100
        case .perThousand: 1_000
        case .count, .ratio, .index, .percentagePoints: 1
        }
    }

    /// The unit as a reader sees it after a number: `%`, `per 1,000`, `pp`, or nothing.
    public var symbol: String {
        switch self {
        case .percent: "%"
        case .perThousand: "per 1,000"
        case .percentagePoints: "pp"
        case .count, .ratio, .index: ""
        }
    }
}

/// A number in the equity report, always with its numerator, denominator, unit and source.
///
/// `value` is numerator ÷ denominator × `unit.scale`, or nil when it is undefined (a zero
/// denominator, too few areas); `note` then says why.
public struct Indicator: Sendable, Equatable, Codable {
    /// A stable key, e.g. `coverage` or `gini-accessibility`.
    public var name: String
    public var value: Double?
    public var numerator: Double
    public var denominator: Double
    public var unit: IndicatorUnit
    /// Where the figures come from, e.g. `coverage 2026-03-01; areas population (GSO 2024)`.
    public var source: String
    /// Why the value is missing, or what it leaves out (e.g. `3 areas without a poor share`).
    public var note: String?

    /// An indicator whose value is numerator ÷ denominator × `unit.scale`; nil when the
    /// denominator is zero or either part is not finite.
    public init(
        name: String, numerator: Double, denominator: Double, unit: IndicatorUnit,
        source: String, note: String? = nil
    ) {
        self.name = name
        self.numerator = numerator
        self.denominator = denominator
        self.unit = unit
        self.source = source
        self.note = note
        if denominator != 0, numerator.isFinite, denominator.isFinite {
            value = numerator / denominator * unit.scale
        } else {
            value = nil
            if self.note == nil { self.note = "the denominator is zero" }
        }
    }

    /// An indicator with no value, and the reason.
    public static func undefined(
        name: String, unit: IndicatorUnit, source: String, reason: String
    ) -> Indicator {
        var indicator = Indicator(
            name: name, numerator: 0, denominator: 0, unit: unit, source: source, note: reason)
        indicator.note = reason
        return indicator
    }
}

/// Input that the equity measures cannot use, naming the area and the reason.
public struct EquityInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The area code (or other key) of the offending row.
    public let key: String
    /// The field that is wrong, e.g. `population`.
    public let field: String
    /// One plain sentence, e.g. `is negative (-3)`.
    public let reason: String

    public init(key: String, field: String, reason: String) {
        self.key = key
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(key): \(field): \(reason)" }
}
