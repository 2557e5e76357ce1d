/// Whether figures go to the public or stay with trainers and planners on their own machine.
public enum PublicationMode: String, Sendable, Equatable, CaseIterable {
    /// Small counts shown as `<10`, complementary suppression, rates only on 20 or more.
    case published
    /// Raw figures (`--internal`), for the people who already hold the records.
    case `internal`
}

/// A count as it may be shown.
public enum PublishedCount: Sendable, Equatable, CustomStringConvertible {
    /// Shown as it is: 0, 10 or more, or anything in internal mode.
    case exact(Int)
    /// A count of 1–9, shown as `<10`.
    case small
    /// A count of 10 or more hidden so that a small count in its row or column cannot be
    /// worked out from the totals; shown as `*`.
    case complementary

    /// The text a reader sees.
    public var description: String {
        switch self {
        case .exact(let count): String(count)
        case .small: "<10"
        case .complementary: "*"
        }
    }

    /// The number, when it is shown.
    public var shownValue: Int? {
        if case .exact(let count) = self { return count }
        return nil
    }
}

/// A rate as it may be shown.
public enum PublishedRate: Sendable, Equatable, CustomStringConvertible {
    /// A percentage, rounded to whole percent when published, to one decimal internally.
    case percent(Double)
    /// The denominator is below the minimum; shown as `–`.
    case tooFew
    /// The denominator is zero; shown as `–`.
    case undefined

    public var description: String {
        switch self {
        case .percent(let value):
            value == value.rounded() ? "\(Int(value)) %" : "\(value) %"
        case .tooFew, .undefined: "–"
        }
    }

    public var shownValue: Double? {
        if case .percent(let value) = self { return value }
        return nil
    }
}

/// A count that cannot be published: negative, or a table whose rows differ in length.
public struct PublicationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(message: String) { self.message = message }

    public var description: String { message }
}

/// The rules for anything published from learner or group data (coverage-equity notes, §8):
/// counts 1–9 show as `<10` and 0 stays 0; in a table with totals, complementary suppression
/// so a hidden count cannot be worked out from its row or column total; rates only when the
/// denominator is 20 or more. In internal mode every figure is shown as it is.
public struct PublicationPolicy: Sendable, Equatable {
    public var mode: PublicationMode
    /// Counts from 1 up to this are hidden.
    public var largestHiddenCount: Int
    /// Rates need at least this denominator.
    public var minimumRateDenominator: Int

    public init(
        mode: PublicationMode, largestHiddenCount: Int = 9, minimumRateDenominator: Int = 20
    ) {
        self.mode = mode
        self.largestHiddenCount = largestHiddenCount
        self.minimumRateDenominator = minimumRateDenominator
    }

    /// The rules for the public.
    public static let published = PublicationPolicy(mode: .published)
    /// Raw figures.
    public static let `internal` = PublicationPolicy(mode: .internal)

    /// Whether a count is hidden on its own (primary suppression).
    public func isSmall(_ count: Int) -> Bool {
        mode == .published && count >= 1 && count <= largestHiddenCount
    }

    /// One count on its own: `<10` for 1–9 when published.
    public func count(_ count: Int) -> PublishedCount {
        isSmall(count) ? .small : .exact(count)
    }

    /// numerator ÷ denominator as a percentage: published only when the denominator reaches
    /// the minimum, and then rounded to a whole percent.
    public func rate(numerator: Int, denominator: Int) -> PublishedRate {
        guard denominator > 0 else { return .undefined }
        let percent = Double(numerator) / Double(denominator) * 100
        switch mode {
        case .internal:
            return .percent((percent * 10).rounded() / 10)
        case .published:
            guard denominator >= minimumRateDenominator else { return .tooFew }
            return .percent(percent.rounded())
        }
    }
}
