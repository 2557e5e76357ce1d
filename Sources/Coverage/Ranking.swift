import Foundation

/// Where an area stands, worst first.
public enum AreaStatus: String, Sendable, Codable, CaseIterable {
    /// Coverage below the unserved threshold.
    case unserved
    /// Covered enough, but accessibility below its threshold or hotspots saturated.
    case underserved
    case served
    /// No residents known: not ranked.
    case noPopulation = "no-population"

    /// 0 for the worst status.
    var severity: Int {
        switch self {
        case .unserved: 0
        case .underserved: 1
        case .served: 2
        case .noPopulation: 3
        }
    }
}

/// The thresholds of the underserved ranking; each is a flag of `ketnoi coverage`.
public struct RankingThresholds: Sendable, Equatable, Codable {
    /// `unserved`: coverage below this share of the population (default 0.10).
    public var unservedCoverageBelow: Double
    /// `underserved`: accessibility below this multiple of the city's population-weighted
    /// mean (default 0.5) …
    public var accessibilityBelowMean: Double
    /// … or the median saturation of the area's hotspots above this share (default 0.8).
    public var saturationAbove: Double

    public init(
        unservedCoverageBelow: Double = 0.10, accessibilityBelowMean: Double = 0.5,
        saturationAbove: Double = 0.8
    ) {
        self.unservedCoverageBelow = unservedCoverageBelow
        self.accessibilityBelowMean = accessibilityBelowMean
        self.saturationAbove = saturationAbove
    }

    /// The rules in words, as printed under the table.
    public func describe(cityMeanAccessibility mean: Double) -> [String] {
        [
            "unserved: coverage below \(Self.percent(unservedCoverageBelow))",
            "underserved: accessibility below \(Self.number(accessibilityBelowMean)) × the "
                + "city's population-weighted mean (\(Self.number(mean * 1000, places: 3)) "
                + "per 1,000 residents), or median saturation above "
                + Self.percent(saturationAbove),
            "order: unserved, underserved, served; within each, lowest accessibility first, "
                + "ties broken by the residents left uncovered (most first)",
        ]
    }

    static func percent(_ share: Double) -> String {
        number(share * 100) + " %"
    }

    static func number(_ value: Double, places: Int = 2) -> String {
        var text = String(format: "%.\(places)f", value)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

/// Sets each area's status and rank from its measures.
public enum UnderservedRanking {
    /// The status of one area, with the reasons that decided it.
    public static func status(
        of area: AreaMeasures, cityMean: Double, thresholds: RankingThresholds
    ) -> (AreaStatus, [String]) {
        guard area.population > 0, let coverage = area.coverage else {
            return (.noPopulation, ["no residents known"])
        }
        if coverage < thresholds.unservedCoverageBelow {
            return (.unserved, ["coverage \(RankingThresholds.percent(coverage)) < "
                + RankingThresholds.percent(thresholds.unservedCoverageBelow)])
        }
        var reasons: [String] = []
        let limit = thresholds.accessibilityBelowMean * cityMean
        if area.accessibility < limit {
            let value = RankingThresholds.number(area.accessibility * 1000, places: 3)
            let bound = RankingThresholds.number(limit * 1000, places: 3)
            reasons.append("accessibility \(value) < \(bound) per 1,000")
        }
        if let saturation = area.medianSaturation, saturation > thresholds.saturationAbove {
            reasons.append("median saturation \(RankingThresholds.percent(saturation)) > "
                + RankingThresholds.percent(thresholds.saturationAbove))
        }
        return (reasons.isEmpty ? .served : .underserved, reasons)
    }

    /// Fills in status, reasons and rank (1 = most in need; areas without residents get no
    /// rank) and returns the areas in rank order.
    public static func rank(
        _ areas: [AreaMeasures], cityMean: Double, thresholds: RankingThresholds
    ) -> [AreaMeasures] {
        var ranked = areas.map { area -> AreaMeasures in
            var area = area
            (area.status, area.reasons) = status(
                of: area, cityMean: cityMean, thresholds: thresholds)
            return area
        }
        ranked.sort { a, b in
            if a.status.severity != b.status.severity {
                return a.status.severity < b.status.severity
            }
            if a.accessibility != b.accessibility { return a.accessibility < b.accessibility }
            if a.uncoveredPopulation != b.uncoveredPopulation {
                return a.uncoveredPopulation > b.uncoveredPopulation
            }
            return a.code < b.code
        }
        var next = 1
        for index in ranked.indices where ranked[index].status != .noPopulation {
            ranked[index].rank = next
            next += 1
        }
        return ranked
    }
}
