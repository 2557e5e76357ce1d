import Foundation

/// The kind of a commune-level unit: an urban ward (phường) or a rural commune (xã).
public enum AreaKind: String, Sendable, Equatable, Codable, CaseIterable {
    case phuong = "phường"
    case xa = "xã"
    case other

    /// Reads `phường`/`phuong`/`ward` and `xã`/`xa`/`commune` in any case; anything else is
    /// `other`.
    public init(text: String) {
        switch text.lowercased().trimmingCharacters(in: .whitespaces) {
        case "phường", "phuong", "ward": self = .phuong
        case "xã", "xa", "commune": self = .xa
        default: self = .other
        }
    }
}

/// Where a ward stands in the underserved ranking.
public enum UnderservedStatus: String, Sendable, Equatable, Codable, CaseIterable {
    /// No hotspot footprint and no hotspot within the walking catchment.
    case unserved
    /// Reachable, but too little capacity per resident, or saturated hotspots.
    case underserved
    case served
    /// Not enough data to say.
    case unknown

    /// The words a planner reads.
    public var label: String {
        switch self {
        case .unserved: "unserved"
        case .underserved: "underserved"
        case .served: "served"
        case .unknown: "no data"
        }
    }
}

/// One ward's raw figures, as the Coverage, Usage and Learning modules give them.
public struct WardFacts: Sendable, Equatable {
    public var code: String
    public var name: String
    public var kind: AreaKind
    /// Residents; nil when not known.
    public var population: Double?
    public var hotspots: Int
    /// Residents within a hotspot's radio footprint.
    public var coveredPopulation: Double?
    /// Accessibility (2SFCA) divided by the city's population-weighted mean: 1 is the mean.
    public var accessibility: Double?
    /// Peak concurrent clients across the ward's hotspots in the sampled period.
    public var peakClients: Double?
    /// Concurrent clients the ward's hotspots are built for.
    public var capacity: Double?
    /// Distinct devices seen per day (pseudonyms), averaged over the sampled days.
    public var dailyDevices: Double?
    /// Learners with an enrollment in the period.
    public var learnersEnrolled: Int?
    public var completed: Int?
    /// Enrollments that have ended: completed, failed or withdrawn.
    public var finished: Int?
    public var status: UnderservedStatus

    public init(
        code: String, name: String, kind: AreaKind, population: Double?, hotspots: Int = 0,
        coveredPopulation: Double? = nil, accessibility: Double? = nil,
        peakClients: Double? = nil, capacity: Double? = nil, dailyDevices: Double? = nil,
        learnersEnrolled: Int? = nil, completed: Int? = nil, finished: Int? = nil,
        status: UnderservedStatus = .unknown
    ) {
        self.code = code
        self.name = name
        self.kind = kind
        self.population = population
        self.hotspots = hotspots
        self.coveredPopulation = coveredPopulation
        self.accessibility = accessibility
        self.peakClients = peakClients
        self.capacity = capacity
        self.dailyDevices = dailyDevices
        self.learnersEnrolled = learnersEnrolled
        self.completed = completed
        self.finished = finished
        self.status = status
    }
}

/// Where each family of ward figures comes from, as the report names it.
public struct WardSources: Sendable, Equatable {
    public var population: String
    public var coverage: String
    public var usage: String
    public var learning: String

    public init(population: String, coverage: String, usage: String, learning: String) {
        self.population = population
        self.coverage = coverage
        self.usage = usage
        self.learning = learning
    }
}

/// One ward's indicators, each with numerator, denominator, unit and source.
public struct WardIndicators: Sendable, Equatable {
    public var code: String
    public var name: String
    public var kind: AreaKind
    public var status: UnderservedStatus
    public var population: Indicator
    public var hotspots: Indicator
    /// Covered residents ÷ residents, %.
    public var coverage: Indicator
    /// Normalised accessibility ÷ 1 (the city mean).
    public var accessibility: Indicator
    /// Peak concurrent clients ÷ capacity.
    public var saturation: Indicator
    public var devicesPerThousand: Indicator
    public var learnersPerThousand: Indicator
    /// Completed ÷ finished enrollments, %.
    public var completionRate: Indicator

    /// Every indicator, in the order the report lists them.
    public var all: [Indicator] {
        [population, hotspots, coverage, accessibility, saturation, devicesPerThousand,
         learnersPerThousand, completionRate]
    }

    /// The indicators of one ward; a figure that is missing gives an indicator without a
    /// value whose note says what is missing.
    public init(_ facts: WardFacts, sources: WardSources) {
        code = facts.code
        name = facts.name
        kind = facts.kind
        status = facts.status

        func part(
            _ name: String, _ numerator: Double?, _ denominator: Double?, _ unit: IndicatorUnit,
            _ source: String, missing: String
        ) -> Indicator {
            guard let numerator, let denominator else {
                return .undefined(name: name, unit: unit, source: source, reason: missing)
            }
            return Indicator(
                name: name, numerator: numerator, denominator: denominator, unit: unit,
                source: source)
        }

        let residents = facts.population
        population = part(
            "population", residents, 1, .count, sources.population, missing: "no population")
        hotspots = Indicator(
            name: "hotspots", numerator: Double(facts.hotspots), denominator: 1, unit: .count,
            source: sources.coverage)
        coverage = part(
            "coverage", facts.coveredPopulation, residents, .percent, sources.coverage,
            missing: residents == nil ? "no population" : "no coverage computed")
        accessibility = part(
            "accessibility", facts.accessibility, 1, .ratio, sources.coverage,
            missing: "no accessibility computed")
        saturation = part(
            "saturation", facts.peakClients, facts.capacity, .ratio, sources.usage,
            missing: facts.capacity == nil ? "no capacity known" : "no usage sampled")
        devicesPerThousand = part(
            "devices-per-1000", facts.dailyDevices, residents, .perThousand, sources.usage,
            missing: residents == nil ? "no population" : "no usage sampled")
        learnersPerThousand = part(
            "learners-per-1000", facts.learnersEnrolled.map(Double.init), residents,
            .perThousand, sources.learning,
            missing: residents == nil ? "no population" : "no enrollment data")
        completionRate = part(
            "completion-rate", facts.completed.map(Double.init), facts.finished.map(Double.init),
            .percent, sources.learning, missing: "no enrollment data")
    }
}
