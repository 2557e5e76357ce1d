import Foundation

/// One area's value for the inequality measures: its population weight, the quantity measured
/// (e.g. accessibility) and, where known, its kind for the Theil split and its poor-household
/// share for the concentration index.
public struct AreaValue: Sendable, Equatable {
    /// The area code, used in error messages and as the tie-breaker when sorting.
    public var code: String
    /// Residents; the weight of the area. Areas with no residents take no part.
    public var population: Double
    /// The quantity measured; must be finite and not negative.
    public var value: Double
    /// The group for the Theil between/within split, e.g. `phường` or `xã`.
    public var group: String?
    /// Share of households that are poor, 0…1; nil when not known.
    public var poorShare: Double?

    public init(
        code: String, population: Double, value: Double, group: String? = nil,
        poorShare: Double? = nil
    ) {
        self.code = code
        self.population = population
        self.value = value
        self.group = group
        self.poorShare = poorShare
    }
}

/// One point of a Lorenz curve: the poorest-served share of the population and the share of
/// the quantity it holds.
public struct LorenzPoint: Sendable, Equatable, Codable {
    /// Cumulative share of residents, 0…1.
    public var populationShare: Double
    /// Cumulative share of the quantity, 0…1.
    public var quantityShare: Double

    public init(populationShare: Double, quantityShare: Double) {
        self.populationShare = populationShare
        self.quantityShare = quantityShare
    }
}

/// Theil T of one group of areas in the between/within split.
public struct TheilGroup: Sendable, Equatable {
    public var group: String
    public var population: Double
    /// Population-weighted mean of the quantity in the group.
    public var mean: Double
    /// The group's share of the whole quantity, the weight of its Theil T in the within part.
    public var quantityShare: Double
    /// Theil T across the group's own areas.
    public var theil: Indicator
}

/// Theil T and its exact split: `total = between + within`.
public struct TheilDecomposition: Sendable, Equatable {
    public var total: Indicator
    /// Inequality between the group means.
    public var between: Indicator
    /// Quantity-share-weighted sum of the groups' own Theil T.
    public var within: Indicator
    /// The groups, sorted by name.
    public var groups: [TheilGroup]
}

/// Population-weighted inequality across areas (coverage-equity notes, §2.1).
///
/// Formulas, with area i of population p_i and value x_i, P = Σp_i, μ = Σp_i·x_i / P:
/// - Lorenz curve: areas sorted by x ascending; X_k = Σ_{m≤k} p_m / P against
///   Y_k = Σ_{m≤k} p_m·x_m / (P·μ), from (0, 0) to (1, 1).
/// - Gini (mean-difference form): G = Σ_i Σ_j p_i·p_j·|x_i − x_j| / (2·P²·μ); equal to the
///   trapezoid form 1 − Σ_k (X_k − X_{k−1})(Y_k + Y_{k−1}).
/// - Concentration index (Wagstaff et al. 1991): C = 2·cov_w(x, r) / μ, areas ranked poorest
///   first (highest poor-household share first), r the population-weighted fractional rank
///   (share of residents in poorer areas plus half the area's own share; tied areas share the
///   mean rank of their tie). C < 0: the quantity is concentrated among the poor.
/// - Theil T: T = Σ_i (p_i/P)(x_i/μ)·ln(x_i/μ), a zero value contributing 0; split by group g
///   into T_between = Σ_g (P_g/P)(μ_g/μ)·ln(μ_g/μ) and T_within = Σ_g s_g·T_g, where
///   s_g = P_g·μ_g / (P·μ) is the group's share of the quantity.
public enum Inequality {
    // MARK: - Input

    /// The areas that take part (population above zero), after checking every number.
    static func checked(_ areas: [AreaValue]) throws(EquityInputError) -> [AreaValue] {
        for area in areas {
            guard area.population.isFinite, area.population >= 0 else {
                throw EquityInputError(
                    key: area.code, field: "population",
                    reason: "must be a finite number of 0 or more, not \(area.population)")
            }
            guard area.value.isFinite, area.value >= 0 else {
                throw EquityInputError(
                    key: area.code, field: "value",
                    reason: "must be a finite number of 0 or more, not \(area.value)")
            }
            if let share = area.poorShare, !(share.isFinite && (0...1).contains(share)) {
                throw EquityInputError(
                    key: area.code, field: "poor share",
                    reason: "must be within 0…1, not \(share)")
            }
        }
        return areas.filter { $0.population > 0 }
    }

    /// Sorted by value ascending, then code, so equal inputs always give equal output.
    static func sortedByValue(_ areas: [AreaValue]) -> [AreaValue] {
        areas.sorted { ($0.value, $0.code) < ($1.value, $1.code) }
    }

    /// Each area's population and value divided by the population-weighted mean, so 1 is the
    /// mean; nil when the mean is zero or no area has residents.
    public static func normalized(
        _ areas: [AreaValue]
    ) throws(EquityInputError) -> [AreaValue]? {
        let included = try checked(areas)
        let population = included.reduce(0) { $0 + $1.population }
        let total = included.reduce(0) { $0 + $1.population * $1.value }
        guard population > 0, total > 0 else { return nil }
        let mean = total / population
        return areas.map { area in
            var scaled = area
            scaled.value = area.value / mean
            return scaled
        }
    }

    // MARK: - Lorenz and Gini

    /// The Lorenz curve from (0, 0) to (1, 1), one point per area; empty when no area has
    /// residents or the quantity is zero everywhere.
    public static func lorenzCurve(
        _ areas: [AreaValue]
    ) throws(EquityInputError) -> [LorenzPoint] {
        let sorted = sortedByValue(try checked(areas))
        let population = sorted.reduce(0) { $0 + $1.population }
        let total = sorted.reduce(0) { $0 + $1.population * $1.value }
        guard population > 0, total > 0 else { return [] }

        var points = [LorenzPoint(populationShare: 0, quantityShare: 0)]
        var people = 0.0
        var quantity = 0.0
        for area in sorted {
            people += area.population
            quantity += area.population * area.value
            points.append(LorenzPoint(
                populationShare: people / population, quantityShare: quantity / total))
        }
        // The running sums can end a rounding error short of one.
        points[points.count - 1] = LorenzPoint(populationShare: 1, quantityShare: 1)
        return points
    }

    /// The population-weighted Gini coefficient, 0 (equal) … 1; the numerator is
    /// Σ_i Σ_j p_i·p_j·|x_i − x_j| and the denominator 2·P²·μ.
    public static func gini(
        _ areas: [AreaValue], name: String = "gini", source: String
    ) throws(EquityInputError) -> Indicator {
        let sorted = sortedByValue(try checked(areas))
        let population = sorted.reduce(0) { $0 + $1.population }
        let total = sorted.reduce(0) { $0 + $1.population * $1.value }
        guard sorted.count >= 2, total > 0 else {
            return .undefined(
                name: name, unit: .index, source: source,
                reason: sorted.count < 2
                    ? "fewer than two areas with residents" : "the quantity is zero everywhere")
        }

        // Sorted ascending, each pair counts once as p_i·p_j·(x_i − x_j) with x_i ≥ x_j.
        var pairSum = 0.0
        var peopleBefore = 0.0
        var quantityBefore = 0.0
        for area in sorted {
            pairSum += area.population * (area.value * peopleBefore - quantityBefore)
            peopleBefore += area.population
            quantityBefore += area.population * area.value
        }
        return Indicator(
            name: name, numerator: 2 * pairSum, denominator: 2 * population * total,
            unit: .index, source: source)
    }

    // MARK: - Concentration index

    /// The concentration index of the quantity against the poor-household share, −1 … 1;
    /// areas without a known share are left out and counted in the note.
    public static func concentrationIndex(
        _ areas: [AreaValue], name: String = "concentration", source: String
    ) throws(EquityInputError) -> Indicator {
        let included = try checked(areas)
        let known = included.filter { $0.poorShare != nil }
        let leftOut = included.count - known.count
        let note = leftOut > 0 ? "\(leftOut) of \(included.count) areas have no poor share" : nil
        // Poorest first; the code only orders areas within a tie, where the rank is shared.
        let ranked = known.sorted {
            ($1.poorShare ?? 0, $0.code) < ($0.poorShare ?? 0, $1.code)
        }
        let population = ranked.reduce(0) { $0 + $1.population }
        let total = ranked.reduce(0) { $0 + $1.population * $1.value }
        guard ranked.count >= 2, total > 0 else {
            let reason = ranked.count < 2
                ? "fewer than two areas with residents and a poor share"
                : "the quantity is zero everywhere"
            return .undefined(
                name: name, unit: .index, source: source,
                reason: note.map { "\(reason); \($0)" } ?? reason)
        }

        var ranks: [Double] = []
        ranks.reserveCapacity(ranked.count)
        var peopleBefore = 0.0
        var start = 0
        while start < ranked.count {
            var end = start + 1
            while end < ranked.count, ranked[end].poorShare == ranked[start].poorShare { end += 1 }
            let tiePopulation = ranked[start..<end].reduce(0) { $0 + $1.population }
            let rank = (peopleBefore + tiePopulation / 2) / population
            ranks += Array(repeating: rank, count: end - start)
            peopleBefore += tiePopulation
            start = end
        }

        let mean = total / population
        let meanRank = zip(ranked, ranks).reduce(0) { $0 + $1.0.population * $1.1 } / population
        let covariance = zip(ranked, ranks).reduce(0) { sum, pair in
            sum + pair.0.population * (pair.0.value - mean) * (pair.1 - meanRank)
        } / population
        return Indicator(
            name: name, numerator: 2 * covariance, denominator: mean, unit: .index,
            source: source, note: note)
    }

    // MARK: - Theil

    /// Theil T across all areas, split into between-group and within-group parts; an area
    /// without a group counts in the group `unspecified`.
    public static func theil(
        _ areas: [AreaValue], name: String = "theil", source: String
    ) throws(EquityInputError) -> TheilDecomposition {
        let included = try checked(areas)
        let population = included.reduce(0) { $0 + $1.population }
        let total = included.reduce(0) { $0 + $1.population * $1.value }
        let whole = theilT(included, name: name, source: source)

        let byGroup = Dictionary(grouping: included) { $0.group ?? "unspecified" }
        var groups: [TheilGroup] = []
        var between = 0.0
        var within = 0.0
        for key in byGroup.keys.sorted() {
            let members = byGroup[key] ?? []
            let groupPopulation = members.reduce(0) { $0 + $1.population }
            let groupTotal = members.reduce(0) { $0 + $1.population * $1.value }
            let groupMean = groupTotal / groupPopulation
            let share = total > 0 ? groupTotal / total : 0
            let groupTheil = theilT(members, name: "\(name)-\(key)", source: source)
            if total > 0, groupTotal > 0 {
                let mean = total / population
                between += groupTotal * log(groupMean / mean)
                within += share * (groupTheil.value ?? 0)
            }
            groups.append(TheilGroup(
                group: key, population: groupPopulation, mean: groupMean,
                quantityShare: share, theil: groupTheil))
        }

        guard whole.value != nil else {
            let reason = whole.note ?? "undefined"
            return TheilDecomposition(
                total: whole,
                between: .undefined(
                    name: "\(name)-between", unit: .index, source: source, reason: reason),
                within: .undefined(
                    name: "\(name)-within", unit: .index, source: source, reason: reason),
                groups: groups)
        }
        return TheilDecomposition(
            total: whole,
            between: Indicator(
                name: "\(name)-between", numerator: between, denominator: total, unit: .index,
                source: source),
            within: Indicator(
                name: "\(name)-within", numerator: within, denominator: 1, unit: .index,
                source: source),
            groups: groups)
    }

    /// Theil T of checked areas: numerator Σ p_i·x_i·ln(x_i/μ), denominator P·μ.
    static func theilT(_ areas: [AreaValue], name: String, source: String) -> Indicator {
        let population = areas.reduce(0) { $0 + $1.population }
        let total = areas.reduce(0) { $0 + $1.population * $1.value }
        guard population > 0, total > 0 else {
            return .undefined(
                name: name, unit: .index, source: source,
                reason: population > 0 ? "the quantity is zero everywhere" : "no residents")
        }
        let mean = total / population
        let sum = areas.reduce(0) { sum, area in
            area.value > 0 ? sum + area.population * area.value * log(area.value / mean) : sum
        }
        return Indicator(
            name: name, numerator: sum, denominator: total, unit: .index, source: source)
    }
}
