import Fleet
import Foundation
import Geo
import Places
import Testing

@testable import Coverage

// The worked case of coverage-equity.md §1.4: four demand points A, B, C, D (1,000, 500,
// 2,000 and 300 residents) and two hotspots H1, H2 (capacity 50 and 30). The reference gives
// no coordinates; these put every distance in the zone the reference's values need, well
// away from any zone edge:
//
//        to H1 (0, 0)   to H2 (500, 0)
//   A    50             550
//   B    350            150
//   C    316.2          670.8
//   D    728.0          282.8
enum WorkedCase {
    static let demand = [
        DemandPoint(position: ProjectedPoint(x: -50, y: 0), population: 1000),
        DemandPoint(position: ProjectedPoint(x: 350, y: 0), population: 500),
        DemandPoint(position: ProjectedPoint(x: -100, y: -300), population: 2000),
        DemandPoint(position: ProjectedPoint(x: 700, y: 200), population: 300),
    ]
    static let supply = [
        SupplySite(position: ProjectedPoint(x: 0, y: 0), capacity: 50),
        SupplySite(position: ProjectedPoint(x: 500, y: 0), capacity: 30),
    ]
}

/// Compares with a tolerance in units of the value's last place.
func close(_ a: Double?, _ b: Double, relative: Double = 1e-14) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= relative * max(abs(a), abs(b))
}

@Suite struct TwoStepFloatingCatchmentTests {
    @Test func twoStepAt400MetresGivesTheReferenceValues() {
        let result = FloatingCatchment.compute(
            demand: WorkedCase.demand, supply: WorkedCase.supply,
            weights: .binary(catchment: 400))

        // Step 1: H1 serves A, B, C (3,500 people); H2 serves B, D (800).
        #expect(close(result.ratios[0], 50.0 / 3500))
        #expect(close(result.ratios[1], 30.0 / 800))
        #expect(result.weightedDemand == [3500, 800])

        // Step 2, exact, and as the reference prints them (8 decimals).
        let expected = [50.0 / 3500, 50.0 / 3500 + 0.0375, 50.0 / 3500, 0.0375]
        for (score, value) in zip(result.scores, expected) {
            #expect(close(score, value))
        }
        let printed = [0.01428571, 0.05178571, 0.01428571, 0.0375]
        for (score, value) in zip(result.scores, printed) {
            #expect(abs((score ?? .nan) - value) < 5e-9)
        }
        let mean = FloatingCatchment.populationWeightedMean(
            result.scores, demand: WorkedCase.demand)
        #expect(abs(mean - 0.02105263) < 5e-9)
        // Supply is conserved: the weighted mean is the supply over the population.
        #expect(close(mean, 80.0 / 3800))
    }

    @Test func enhancedTwoStepWithThreeZonesGivesTheReferenceValues() {
        let weights = StepWeights.enhanced(catchment: 600)
        #expect(weights.steps.map(\.limit) == [200, 400, 600])
        #expect(weights.steps.map(\.weight) == [1, 0.68, 0.22])

        let result = FloatingCatchment.compute(
            demand: WorkedCase.demand, supply: WorkedCase.supply, weights: weights)

        // H1: A ×1, B ×0.68, C ×0.68 (D beyond 600 m); H2: A ×0.22, B ×1, D ×0.68.
        let r1 = 50 / (1000 + 0.68 * 500 + 0.68 * 2000)
        let r2 = 30 / (0.22 * 1000 + 500 + 0.68 * 300)
        #expect(close(result.ratios[0], r1))
        #expect(close(result.ratios[1], r2))
        let expected = [r1 + 0.22 * r2, 0.68 * r1 + r2, 0.68 * r1, 0.68 * r2]
        for (score, value) in zip(result.scores, expected) {
            #expect(close(score, value))
        }
        let printed = [0.02566138, 0.04506013, 0.01259259, 0.02207792]
        for (score, value) in zip(result.scores, printed) {
            #expect(abs((score ?? .nan) - value) < 5e-9)
        }
    }

    @Test func aDistanceEqualToTheCatchmentIsInside() {
        let demand = [DemandPoint(position: ProjectedPoint(x: 300, y: 400), population: 10)]
        let supply = [SupplySite(position: ProjectedPoint(x: 0, y: 0), capacity: 5)]
        let inside = FloatingCatchment.compute(
            demand: demand, supply: supply, weights: .binary(catchment: 500))
        #expect(inside.scores == [0.5])
        let outside = FloatingCatchment.compute(
            demand: demand, supply: supply, weights: .binary(catchment: 499.999))
        #expect(outside.scores == [nil])
        #expect(outside.ratios == [nil])
    }

    @Test func stepWeightsFollowPySALStepFunction() {
        // step_fn({20: 1, 40: 0.68, 60: 0.22}): f(20) = 1, f(30) = 0.68, f(70) = 0.
        let weights = StepWeights([(40, 0.68), (20, 1), (60, 0.22)])
        #expect(weights.weight(20) == 1)
        #expect(weights.weight(30) == 0.68)
        #expect(weights.weight(60) == 0.22)
        #expect(weights.weight(70) == 0)
    }

    @Test func theIndexFindsTheSamePairsAsAFullScan() {
        // 400 points on a jittered 50 m lattice, 30 sites: every pair within 180 m.
        var state: UInt64 = 7
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var points: [ProjectedPoint] = []
        for i in 0..<400 {
            points.append(ProjectedPoint(
                x: Double(i % 20) * 50 + next() * 10, y: Double(i / 20) * 50 + next() * 10))
        }
        let index = SpatialIndex(points, bucketSize: 120)
        for _ in 0..<30 {
            let centre = ProjectedPoint(x: next() * 1100 - 50, y: next() * 1100 - 50)
            var found: [Int] = []
            index.forEach(within: 180, of: centre) { i, _ in found.append(i) }
            let scanned = points.indices.filter { centre.distance(to: points[$0]) <= 180 }
            #expect(found.sorted() == scanned)
        }
    }
}

@Suite struct FootprintCoverageTests {
    @Test func coverageCountsResidentsInsideAnyFootprint() {
        // H1 reaches 100 m (A at 50 m); H2 200 m (B at 150 m); C and D are outside both.
        let demand = WorkedCase.demand
        let index = SpatialIndex(demand.map(\.position), bucketSize: 200)
        let (covered, residents) = FootprintCoverage.cover(
            population: demand.map(\.population), index: index,
            sites: WorkedCase.supply.map(\.position), radii: [100, 200])
        #expect(covered == [true, true, false, false])
        #expect(residents == [1000, 500])
        var inside = 0.0
        var total = 0.0
        for (isCovered, point) in zip(covered, demand) {
            total += point.population
            if isCovered { inside += point.population }
        }
        #expect(close(inside / total, 1500.0 / 3800))
    }

    @Test func footprintsComeFromRadiosOrTheClassDefault() {
        var hotspot = Places.Hotspot(
            code: "H1", name: "Bến Ninh Kiều",
            coordinate: .init(latitude: 10.03, longitude: 105.78),
            environment: .urban, capacity: 50, source: "test")
        let unknown = FootprintModel.footprint(for: hotspot, radios: [], override: nil)
        #expect(unknown.radius == 60)
        #expect(unknown.basis == .classDefault)
        #expect(unknown.isDefault)

        var radio24 = Fleet.RadioFacts()
        radio24.band = "2.4"
        radio24.txPowerDBm = 20
        var radio5 = Fleet.RadioFacts()
        radio5.band = "5"
        radio5.txPowerDBm = 23
        let dual = FootprintModel.footprint(for: hotspot, radios: [radio5, radio24], override: nil)
        #expect(dual.radius == 60)
        #expect(dual.basis == .radios)
        #expect(dual.detail == "2.4 GHz 20 dBm, urban")

        // 5 GHz only at 23 dBm: half the class radius, no gain from the extra power.
        let only5 = FootprintModel.footprint(for: hotspot, radios: [radio5], override: nil)
        #expect(only5.radius == 30)

        // 2.4 GHz at 14 dBm: 60 m × 10^(−6/30).
        radio24.txPowerDBm = 14
        let weak = FootprintModel.footprint(for: hotspot, radios: [radio24], override: nil)
        #expect(close(weak.radius, 60 * pow(10, -0.2)))

        hotspot.environment = .rural
        let surveyed = FootprintModel.footprint(for: hotspot, radios: [radio24], override: 140)
        #expect(surveyed.radius == 140)
        #expect(surveyed.basis == .override)
    }
}

@Suite struct UnderservedRankingTests {
    static func area(
        _ code: String, population: Double, covered: Double, accessibility: Double,
        saturation: Double? = nil
    ) -> AreaMeasures {
        AreaMeasures(
            code: code, name: "Phường \(code)", population: population, cells: 10,
            approximate: false, hotspots: 1, capacity: 50, coveredPopulation: covered,
            coverage: population > 0 ? covered / population : nil, accessibility: accessibility,
            medianSaturation: saturation, devicesPerDay: nil, usePer1000: nil)
    }

    @Test func statusesAndRanksFollowTheNamedThresholds() {
        // City mean 0.02 per resident: underserved below 0.01.
        let areas = [
            Self.area("A", population: 1000, covered: 500, accessibility: 0.03),
            Self.area("B", population: 2000, covered: 100, accessibility: 0.0),  // 5 %
            Self.area("C", population: 4000, covered: 200, accessibility: 0.0),  // 5 %, more out
            Self.area("D", population: 1000, covered: 400, accessibility: 0.008),
            Self.area("E", population: 1000, covered: 900, accessibility: 0.05, saturation: 0.9),
            Self.area("F", population: 0, covered: 0, accessibility: 0),
        ]
        let ranked = UnderservedRanking.rank(
            areas, cityMean: 0.02, thresholds: RankingThresholds())
        #expect(ranked.map(\.code) == ["C", "B", "D", "E", "A", "F"])
        #expect(ranked.map(\.status) == [
            .unserved, .unserved, .underserved, .underserved, .served, .noPopulation,
        ])
        #expect(ranked.map(\.rank) == [1, 2, 3, 4, 5, nil])
        #expect(ranked[0].reasons == ["coverage 5 % < 10 %"])
        #expect(ranked[2].reasons == ["accessibility 8 < 10 per 1,000"])
        #expect(ranked[3].reasons == ["median saturation 90 % > 80 %"])
    }

    @Test func thresholdsAreThePlannersChoice() {
        let areas = [
            Self.area("A", population: 1000, covered: 150, accessibility: 0.03),
            Self.area("B", population: 1000, covered: 900, accessibility: 0.012),
        ]
        let strict = RankingThresholds(
            unservedCoverageBelow: 0.2, accessibilityBelowMean: 0.75, saturationAbove: 0.8)
        let ranked = UnderservedRanking.rank(areas, cityMean: 0.02, thresholds: strict)
        #expect(ranked.map(\.status) == [.unserved, .underserved])
        #expect(strict.describe(cityMeanAccessibility: 0.02)[0]
            == "unserved: coverage below 20 %")
    }
}
