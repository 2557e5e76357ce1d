import Foundation
import Geo
import Testing

@testable import Coverage

/// Accessibility with its sites split over cores gives what a direct double loop over every
/// demand–site pair gives.
@Suite struct ParallelAgreementTests {
    /// 600 sites (split in runs, one per core) and 3,000 demand points on a 10 km square.
    @Test func accessibilityMatchesEveryPairDirectly() {
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let demand = (0..<3_000).map { _ in
            DemandPoint(
                position: ProjectedPoint(x: next() * 10_000, y: next() * 10_000),
                population: (next() * 500).rounded())
        }
        let supply = (0..<600).map { _ in
            SupplySite(
                position: ProjectedPoint(x: next() * 10_000, y: next() * 10_000),
                capacity: 1 + (next() * 100).rounded())
        }
        let weights = StepWeights.enhanced(catchment: 800)
        let access = FloatingCatchment.compute(demand: demand, supply: supply, weights: weights)

        var ratios = [Double?](repeating: nil, count: supply.count)
        for (j, site) in supply.enumerated() {
            var sum = 0.0
            var inReach = false
            for point in demand {
                let d = point.position.distance(to: site.position)
                guard d <= 800 else { continue }
                inReach = true
                sum += weights.weight(d) * point.population
            }
            if inReach && sum > 0 { ratios[j] = site.capacity / sum }
            #expect(close(access.weightedDemand[j], sum), "site \(j)")
        }
        #expect(zip(access.ratios, ratios).allSatisfy { a, b in
            a == nil ? b == nil : b != nil && close(a!, b!)
        })
        for (i, point) in demand.enumerated() {
            var score: Double?
            for (j, site) in supply.enumerated() {
                let d = point.position.distance(to: site.position)
                guard d <= 800 else { continue }
                score = (score ?? 0) + (ratios[j] ?? 0) * weights.weight(d)
            }
            let agrees = access.scores[i] == nil
                ? score == nil : score != nil && close(access.scores[i]!, score!)
            #expect(agrees, "demand point \(i)")
        }
        // Pairs stay grouped by site, in site order.
        #expect(zip(access.pairs.site, access.pairs.site.dropFirst()).allSatisfy { $0 <= $1 })
    }

    func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-12 * max(abs(a), abs(b), 1e-300)
    }
}
