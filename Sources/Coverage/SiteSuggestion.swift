import Foundation
import Geo

/// A proposed hotspot site: a grid cell, and what a hotspot there would add.
public struct SiteSuggestion: Sendable, Equatable {
    /// 1 for the first pick.
    public var order: Int
    /// The cell's centre.
    public var position: ProjectedPoint
    public var coordinate: Coordinate
    public var areaCode: String
    public var areaName: String
    /// Residents within the catchment of the site, unweighted.
    public var residentsInReach: Double
    /// The rise of the city's capped population-weighted accessibility (capacity per
    /// resident) this site brings, given the sites picked before it.
    public var gain: Double
    /// The capped mean after this site.
    public var cappedMeanAfter: Double
}

/// Greedy placement of new hotspots where they most raise accessibility.
///
/// With 2SFCA and E2SFCA every site's capacity is shared out over the residents it reaches,
/// so the plain population-weighted mean rises by capacity / population wherever a site goes
/// (supply is conserved) and cannot tell sites apart. The objective is therefore the
/// population-weighted mean of min(A_i, T), T being the city's mean before any new site:
/// capacity counts where residents fall short of the city's level, not where they are
/// already above it. Each pick takes the cell with the largest gain given the earlier picks;
/// where gains tie (a site far from others gains capacity / population wherever it goes),
/// the cell reaching more residents.
public enum SiteSuggester {
    public static func suggest(
        _ result: CoverageResult, count: Int, capacity: Double
    ) -> (suggestions: [SiteSuggestion], target: Double, cappedMeanBefore: Double) {
        let grid = result.grid
        let weights = result.options.weights
        let catchment = weights.catchment
        let population = grid.population
        let totalPopulation = population.reduce(0, +)
        let target = result.meanAccessibility
        var scores = result.cellAccessibility.map { $0 ?? 0 }
        guard totalPopulation > 0, count > 0, capacity > 0 else {
            return ([], target, 0)
        }
        let index = SpatialIndex(grid.positions, bucketSize: max(catchment, 1))

        var capped = 0.0
        for (score, people) in zip(scores, population) { capped += min(score, target) * people }
        capped /= totalPopulation
        let before = capped

        // The gain of a site at cell c, and the ratio R it would have.
        func evaluate(_ c: Int) -> (gain: Double, ratio: Double, reach: Double) {
            var demand = 0.0
            var reach = 0.0
            index.forEach(within: catchment, of: grid.positions[c]) { k, distance in
                demand += weights.weight(distance) * population[k]
                reach += population[k]
            }
            guard demand > 0 else { return (0, 0, 0) }
            let ratio = capacity / demand
            var gain = 0.0
            index.forEach(within: catchment, of: grid.positions[c]) { k, distance in
                let a = scores[k]
                guard a < target else { return }
                let raised = a + ratio * weights.weight(distance)
                gain += (min(raised, target) - a) * population[k]
            }
            return (gain / totalPopulation, ratio, reach)
        }

        let candidates = grid.positions.indices.filter { population[$0] > 0 }
        var gains = [Double](repeating: 0, count: grid.cellCount)
        var reaches = [Double](repeating: 0, count: grid.cellCount)
        for c in candidates { (gains[c], _, reaches[c]) = evaluate(c) }

        // Gains within a billionth of each other are a tie (far from other sites every
        // placement gains capacity / population): the site reaching more residents wins.
        func better(_ c: Int, than best: Int) -> Bool {
            if gains[c] > gains[best] * (1 + 1e-9) { return true }
            if gains[c] < gains[best] * (1 - 1e-9) { return false }
            return reaches[c] > reaches[best]
        }

        var picked: [SiteSuggestion] = []
        var taken = Set<Int>()
        for order in 1...count {
            var best = -1
            for c in candidates where !taken.contains(c) && gains[c] > 0 {
                if best < 0 || better(c, than: best) { best = c }
            }
            guard best >= 0 else { break }
            let (gain, ratio, reach) = evaluate(best)
            taken.insert(best)

            // Place it: the cells in reach gain R·W.
            index.forEach(within: catchment, of: grid.positions[best]) { k, distance in
                scores[k] += ratio * weights.weight(distance)
            }
            capped += gain
            let area = grid.areas[Int(grid.area[best])]
            picked.append(SiteSuggestion(
                order: order, position: grid.positions[best],
                coordinate: grid.projection.unproject(grid.positions[best]),
                areaCode: area.code, areaName: area.name, residentsInReach: reach, gain: gain,
                cappedMeanAfter: capped))

            // Only candidates sharing residents with the new site change their gain.
            index.forEach(within: 2 * catchment, of: grid.positions[best]) { c, _ in
                if population[c] > 0 { (gains[c], _, reaches[c]) = evaluate(c) }
            }
        }
        return (picked, target, before)
    }
}
