import Foundation

/// One ward's figures for the priority list.
public struct PriorityInput: Sendable, Equatable {
    public var code: String
    public var name: String
    /// Residents; a ward without residents cannot be judged.
    public var population: Double
    /// Share of residents within a hotspot's radio footprint, 0…100.
    public var coveragePercent: Double?
    /// Accessibility divided by the city's population-weighted mean: 1 is the mean.
    public var accessibility: Double?
    /// Learners with an enrollment in the period.
    public var learnersEnrolled: Int

    public init(
        code: String, name: String, population: Double, coveragePercent: Double?,
        accessibility: Double?, learnersEnrolled: Int
    ) {
        self.code = code
        self.name = name
        self.population = population
        self.coveragePercent = coveragePercent
        self.accessibility = accessibility
        self.learnersEnrolled = learnersEnrolled
    }
}

/// The thresholds below which a ward counts as short of access or of course participation.
public struct PriorityCriteria: Sendable, Equatable {
    /// Coverage below this percentage is low.
    public var coverageBelowPercent: Double
    /// Normalised accessibility below this is low (0.5: half the city mean).
    public var accessibilityBelow: Double
    /// Learners per 1,000 below this fraction of the city's rate is low.
    public var participationBelowShareOfCity: Double

    public init(
        coverageBelowPercent: Double = 50, accessibilityBelow: Double = 0.5,
        participationBelowShareOfCity: Double = 0.5
    ) {
        self.coverageBelowPercent = coverageBelowPercent
        self.accessibilityBelow = accessibilityBelow
        self.participationBelowShareOfCity = participationBelowShareOfCity
    }
}

/// Why a ward is on the priority list.
public enum PriorityReason: Sendable, Equatable, CustomStringConvertible {
    case lowCoverage(percent: Double, threshold: Double)
    case lowAccessibility(index: Double, threshold: Double)
    case lowParticipation(perThousand: Double, threshold: Double, city: Double)
    /// Low participation where the learner count may not be published: `count` is its
    /// marker (`<10`, `*`).
    case lowParticipationHidden(count: String, threshold: Double, city: Double)

    public var description: String {
        switch self {
        case .lowCoverage(let percent, let threshold):
            "coverage \(Self.text(percent, 1)) % (below \(Self.text(threshold, 0)) %)"
        case .lowAccessibility(let index, let threshold):
            "accessibility \(Self.text(index, 2)) of the city mean "
                + "(below \(Self.text(threshold, 2)))"
        case .lowParticipation(let perThousand, let threshold, let city):
            { (d: Int) in
                "\(Self.text(perThousand, d)) learners per 1,000 residents "
                    + "(below \(Self.text(threshold, d)); city \(Self.text(city, d)))"
            }(Self.decimals([perThousand, threshold, city]))
        case .lowParticipationHidden(let count, let threshold, let city):
            { (d: Int) in
                "\(count) learners (below \(Self.text(threshold, d)) per 1,000 residents; "
                    + "city \(Self.text(city, d)))"
            }(Self.decimals([threshold, city]))
        }
    }

    /// One decimal, or more (up to four) until different numbers read differently and none
    /// but 0 reads as 0: a rate of 0.18 "below 0.2" would otherwise read "0.2 below 0.2".
    static func decimals(_ values: [Double]) -> Int {
        var decimals = 1
        while decimals < 4 {
            let texts = values.map { text($0, decimals) }
            let apart = Set(texts).count == Set(values).count
            let noFalseZero = zip(values, texts).allSatisfy { $0 == 0 || Double($1) != 0 }
            if apart && noFalseZero { break }
            decimals += 1
        }
        return decimals
    }

    static func text(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", locale: Locale(identifier: "en_US_POSIX"), value)
    }
}

/// A ward on the priority list.
public struct PriorityEntry: Sendable, Equatable {
    /// 1 for the ward most in need.
    public var rank: Int
    public var code: String
    public var name: String
    public var population: Double
    /// Access shortfall plus participation shortfall, each 0…1 (see `PriorityList`).
    public var score: Double
    /// Learners enrolled per 1,000 residents.
    public var learnersPerThousand: Double
    public var reasons: [PriorityReason]

    public init(
        rank: Int, code: String, name: String, population: Double, score: Double,
        learnersPerThousand: Double, reasons: [PriorityReason]
    ) {
        self.rank = rank
        self.code = code
        self.name = name
        self.population = population
        self.score = score
        self.learnersPerThousand = learnersPerThousand
        self.reasons = reasons
    }
}

/// Wards with a "double deficit": low coverage or low accessibility, and low course
/// participation.
///
/// A ward is listed when (coverage < `coverageBelowPercent` or accessibility <
/// `accessibilityBelow`) and learners per 1,000 < `participationBelowShareOfCity` × the city
/// rate (all learners ÷ all residents of the wards given). Its score is the access shortfall
/// (the larger of 1 − coverage/threshold and 1 − accessibility/threshold, over the measures
/// that are low) plus the participation shortfall (1 − rate/threshold); wards are ranked by
/// score, then by population (more people first), then by code.
public struct PriorityList: Sendable, Equatable {
    public var entries: [PriorityEntry]
    /// Learners per 1,000 residents over all wards given.
    public var cityLearnersPerThousand: Double
    /// The participation threshold used, learners per 1,000.
    public var participationThreshold: Double
    /// Wards that could not be judged, with the reason, in code order.
    public var unjudged: [(code: String, reason: String)]

    public static func == (lhs: PriorityList, rhs: PriorityList) -> Bool {
        lhs.entries == rhs.entries && lhs.cityLearnersPerThousand == rhs.cityLearnersPerThousand
            && lhs.participationThreshold == rhs.participationThreshold
            && lhs.unjudged.map(\.code) == rhs.unjudged.map(\.code)
            && lhs.unjudged.map(\.reason) == rhs.unjudged.map(\.reason)
    }

    /// The double-deficit list of the given wards; `cityRate`, when given, is the city's
    /// learners per 1,000 to judge by instead of the one the wards add up to.
    public init(
        _ wards: [PriorityInput], criteria: PriorityCriteria = PriorityCriteria(),
        cityRate: Double? = nil
    ) throws(EquityInputError) {
        for ward in wards {
            guard ward.population.isFinite, ward.population >= 0 else {
                throw EquityInputError(
                    key: ward.code, field: "population",
                    reason: "must be a finite number of 0 or more, not \(ward.population)")
            }
            guard ward.learnersEnrolled >= 0 else {
                throw EquityInputError(
                    key: ward.code, field: "learners enrolled",
                    reason: "must be 0 or more, not \(ward.learnersEnrolled)")
            }
        }

        let judged = wards.filter { $0.population > 0 }
        let residents = judged.reduce(0) { $0 + $1.population }
        let learners = judged.reduce(0) { $0 + Double($1.learnersEnrolled) }
        let city = cityRate ?? (residents > 0 ? learners / residents * 1_000 : 0)
        let threshold = city * criteria.participationBelowShareOfCity
        cityLearnersPerThousand = city
        participationThreshold = threshold

        var unjudged: [(code: String, reason: String)] = []
        var entries: [PriorityEntry] = []
        for ward in wards.sorted(by: { $0.code < $1.code }) {
            guard ward.population > 0 else {
                unjudged.append((ward.code, "no residents"))
                continue
            }
            guard ward.coveragePercent != nil || ward.accessibility != nil else {
                unjudged.append((ward.code, "no coverage or accessibility"))
                continue
            }

            var reasons: [PriorityReason] = []
            var accessShortfall = 0.0
            if let coverage = ward.coveragePercent, coverage < criteria.coverageBelowPercent {
                reasons.append(.lowCoverage(
                    percent: coverage, threshold: criteria.coverageBelowPercent))
                accessShortfall = max(
                    accessShortfall, 1 - coverage / criteria.coverageBelowPercent)
            }
            if let index = ward.accessibility, index < criteria.accessibilityBelow {
                reasons.append(.lowAccessibility(
                    index: index, threshold: criteria.accessibilityBelow))
                accessShortfall = max(accessShortfall, 1 - index / criteria.accessibilityBelow)
            }
            let rate = Double(ward.learnersEnrolled) / ward.population * 1_000
            guard !reasons.isEmpty, rate < threshold else { continue }
            reasons.append(.lowParticipation(perThousand: rate, threshold: threshold, city: city))

            let score = min(1, max(0, accessShortfall)) + min(1, max(0, 1 - rate / threshold))
            entries.append(PriorityEntry(
                rank: 0, code: ward.code, name: ward.name, population: ward.population,
                score: score, learnersPerThousand: rate, reasons: reasons))
        }

        entries.sort {
            ($1.score, $1.population, $0.code) < ($0.score, $0.population, $1.code)
        }
        for index in entries.indices { entries[index].rank = index + 1 }
        self.entries = entries
        self.unjudged = unjudged
    }
}
