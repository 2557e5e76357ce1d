import Foundation
import Testing
@testable import Equity

/// Four toy wards worked by hand: residents 100/200/300/400 with accessibility 0/1/2/4,
/// P = 1,000, Σp·x = 2,400, μ = 2.4; the first two are xã, the last two phường.
let toyWards = [
    AreaValue(code: "A", population: 100, value: 0, group: "xã", poorShare: 0.5),
    AreaValue(code: "B", population: 200, value: 1, group: "xã", poorShare: 0.4),
    AreaValue(code: "C", population: 300, value: 2, group: "phường", poorShare: 0.2),
    AreaValue(code: "D", population: 400, value: 4, group: "phường", poorShare: 0.1),
]

func close(_ a: Double?, _ b: Double, within tolerance: Double = 1e-12) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}

@Suite struct GiniAndLorenzTests {
    /// Pairs: A–B 20,000, A–C 60,000, A–D 160,000, B–C 60,000, B–D 240,000, C–D 240,000;
    /// twice their sum 1,560,000 over 2·P²·μ = 4,800,000 gives 0.325.
    @Test func giniOfTheToyWardsIsExactly0_325() throws {
        let gini = try Inequality.gini(toyWards, source: "toy")
        #expect(gini.numerator == 1_560_000)
        #expect(gini.denominator == 4_800_000)
        #expect(gini.value == 0.325)
        #expect(gini.unit == .index)
        #expect(gini.source == "toy")
        #expect(gini.note == nil)
    }

    @Test func lorenzPointsAreTheCumulativeShares() throws {
        let points = try Inequality.lorenzCurve(toyWards.reversed())
        let expected: [(Double, Double)] = [
            (0, 0), (0.1, 0), (0.3, 1.0 / 12), (0.6, 1.0 / 3), (1, 1),
        ]
        #expect(points.count == expected.count)
        for (point, (x, y)) in zip(points, expected) {
            #expect(close(point.populationShare, x))
            #expect(close(point.quantityShare, y))
        }
    }

    /// The trapezoid form 1 − Σ(X_k − X_{k−1})(Y_k + Y_{k−1}) over the Lorenz points gives the
    /// same Gini as the mean-difference form, here and on an uneven spread of 40 wards.
    @Test func trapezoidFormAgreesWithMeanDifferenceForm() throws {
        var wards = toyWards
        var state: UInt64 = 42
        for index in 0..<40 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            wards.append(AreaValue(
                code: "W\(index)", population: Double(state >> 50 + 1),
                value: Double((state >> 20) & 0xFF) / 16))
        }
        for sample in [toyWards, wards] {
            let points = try Inequality.lorenzCurve(sample)
            var area = 0.0
            for (previous, point) in zip(points, points.dropFirst()) {
                area += (point.populationShare - previous.populationShare)
                    * (point.quantityShare + previous.quantityShare)
            }
            #expect(close(try Inequality.gini(sample, source: "").value, 1 - area))
        }
    }

    @Test func equalWardsHaveGiniZeroAndOneServedWardNearlyOne() throws {
        let equal = (1...5).map { AreaValue(code: "E\($0)", population: 1_000, value: 3) }
        #expect(try Inequality.gini(equal, source: "").value == 0)

        // All accessibility in one ward of 1 resident among 1,000: G = 999/1000.
        let concentrated = [
            AreaValue(code: "rich", population: 1, value: 50),
            AreaValue(code: "none", population: 999, value: 0),
        ]
        #expect(close(try Inequality.gini(concentrated, source: "").value, 0.999))
    }

    @Test func undefinedCasesSayWhy() throws {
        let zero = [
            AreaValue(code: "A", population: 10, value: 0),
            AreaValue(code: "B", population: 10, value: 0),
        ]
        let gini = try Inequality.gini(zero, source: "s")
        #expect(gini.value == nil)
        #expect(gini.note == "the quantity is zero everywhere")
        #expect(try Inequality.lorenzCurve(zero).isEmpty)

        let single = try Inequality.gini(
            [AreaValue(code: "A", population: 5, value: 2)], source: "")
        #expect(single.note == "fewer than two areas with residents")
    }

    @Test func badInputNamesTheAreaAndField() {
        #expect(throws: EquityInputError(
            key: "31120", field: "population",
            reason: "must be a finite number of 0 or more, not -3.0"
        )) {
            try Inequality.gini(
                [AreaValue(code: "31120", population: -3, value: 1)], source: "")
        }
        #expect(throws: EquityInputError(
            key: "B", field: "value", reason: "must be a finite number of 0 or more, not nan"
        )) {
            try Inequality.lorenzCurve([AreaValue(code: "B", population: 3, value: .nan)])
        }
        let error = EquityInputError(key: "C", field: "poor share", reason: "must be within 0…1")
        #expect(error.description == "C: poor share: must be within 0…1")
    }

    @Test func normalisedValuesHaveMeanOne() throws {
        let scaled = try #require(try Inequality.normalized(toyWards))
        let expected: [Double] = [0, 1 / 2.4, 2 / 2.4, 4 / 2.4]
        #expect(scaled.map(\.value) == expected)
        #expect(try Inequality.normalized([AreaValue(code: "A", population: 1, value: 0)]) == nil)
    }
}

@Suite struct ConcentrationIndexTests {
    /// Poorest first (A, B, C, D) the fractional ranks are 0.05, 0.2, 0.45, 0.8;
    /// cov_w = 0.108 + 0.084 + 0.006 + 0.192 = 0.39 and C = 2·0.39/2.4 = 0.325: the same order
    /// as by accessibility, so C equals the Gini.
    @Test func rankingMatchingTheValuesGivesTheGini() throws {
        let index = try Inequality.concentrationIndex(toyWards, source: "toy")
        #expect(close(index.numerator, 0.78))
        #expect(index.denominator == 2.4)
        #expect(close(index.value, 0.325))
        #expect(index.note == nil)
    }

    /// Accessibility concentrated among the poor gives a negative index: −G.
    @Test func accessAmongThePoorGivesANegativeIndex() throws {
        let reversed = toyWards.map { ward in
            var flipped = ward
            flipped.poorShare = 0.6 - (ward.poorShare ?? 0)
            return flipped
        }
        #expect(close(try Inequality.concentrationIndex(reversed, source: "").value, -0.325))
    }

    /// B and C tied at 0.3 share the rank 0.1 + 500/2/1000 = 0.35:
    /// cov_w = 0.108 + 0.042 + 0.018 + 0.192 = 0.36, C = 0.72/2.4 = 0.3.
    @Test func tiedSharesShareTheirMeanRank() throws {
        var tied = toyWards
        tied[1].poorShare = 0.3
        tied[2].poorShare = 0.3
        let index = try Inequality.concentrationIndex(tied, source: "")
        #expect(close(index.value, 0.3))
    }

    @Test func areasWithoutAPoorShareAreLeftOutAndCounted() throws {
        var partial = toyWards
        partial.append(AreaValue(code: "E", population: 500, value: 9))
        let index = try Inequality.concentrationIndex(partial, source: "")
        #expect(close(index.value, 0.325))
        #expect(index.note == "1 of 5 areas have no poor share")
    }
}

@Suite struct TheilTests {
    /// T = (200·ln(5/12) + 600·ln(5/6) + 1600·ln(5/3)) / 2400 = 0.222014…
    @Test func theilTOfTheToyWards() throws {
        let theil = try Inequality.theil(toyWards, source: "toy")
        let exact = (200 * log(5.0 / 12) + 600 * log(5.0 / 6) + 1_600 * log(5.0 / 3)) / 2_400
        #expect(close(theil.total.value, exact))
        #expect(close(theil.total.value, 0.222014298532680, within: 1e-14))
        #expect(theil.total.denominator == 2_400)
    }

    /// Between: xã mean 2/3, phường mean 22/7 against 2.4:
    /// (200·ln(5/18) + 2200·ln(55/42)) / 2400. Within: xã T = ln 1.5 with share 1/12, phường
    /// T = (600·ln(7/11) + 1600·ln(14/11)) / 2200 with share 11/12.
    @Test func betweenAndWithinAddUpToTheTotal() throws {
        let theil = try Inequality.theil(toyWards, source: "toy")
        let between = (200 * log(5.0 / 18) + 2_200 * log(55.0 / 42)) / 2_400
        let phuong = (600 * log(7.0 / 11) + 1_600 * log(14.0 / 11)) / 2_200
        let within = log(1.5) / 12 + phuong * 11 / 12
        #expect(close(theil.between.value, between))
        #expect(close(theil.within.value, within))
        #expect(close(theil.between.value, 0.140447115914839, within: 1e-14))
        #expect(close(theil.within.value, 0.081567182617841, within: 1e-14))
        let sum = (theil.between.value ?? 0) + (theil.within.value ?? 0)
        #expect(close(sum, theil.total.value ?? 1))

        #expect(theil.groups.map(\.group) == ["phường", "xã"])
        #expect(close(theil.groups[1].theil.value, log(1.5)))
        #expect(close(theil.groups[0].theil.value, phuong))
        #expect(close(theil.groups[0].quantityShare, 11.0 / 12))
        #expect(theil.groups[1].population == 300)
    }

    @Test func equalGroupMeansLeaveNothingBetween() throws {
        let wards = [
            AreaValue(code: "A", population: 10, value: 1, group: "phường"),
            AreaValue(code: "B", population: 10, value: 3, group: "phường"),
            AreaValue(code: "C", population: 20, value: 2, group: "xã"),
        ]
        let theil = try Inequality.theil(wards, source: "")
        #expect(close(theil.between.value, 0))
        #expect(close(theil.within.value, theil.total.value ?? 1))
    }
}
