import Testing
@testable import Equity

@Suite struct RepresentationTests {
    /// Women with 120 of 200 enrollments and 51 % of the residents: 0.6 / 0.51 = 1.176.
    @Test func womenAt120Of200Against51PercentGive1_176() throws {
        let women = try GroupMeasures.representation(
            group: "women", enrolled: 120, enrolledTotal: 200, population: 51,
            populationTotal: 100, source: "classes 2026; census 2019")
        #expect(women.enrollmentShare.value == 60)
        #expect(women.populationShare.value == 51)
        #expect(women.ratio.numerator == 0.6)
        #expect(women.ratio.denominator == 0.51)
        let ratio = try #require(women.ratio.value)
        #expect(abs(ratio - 1.176_470_588_235_294) < 1e-12)
        #expect((ratio * 1_000).rounded() / 1_000 == 1.176)
        #expect(women.ratio.unit == .ratio)
        #expect(women.ratio.source == "classes 2026; census 2019")
    }

    @Test func underRepresentedGroupIsBelowOne() throws {
        let older = try GroupMeasures.representation(
            group: "60+", enrolled: 15, enrolledTotal: 300, population: 1_400,
            populationTotal: 10_000, source: "")
        // 5 % of enrollments, 14 % of residents.
        #expect(abs((older.ratio.value ?? 0) - 5.0 / 14) < 1e-12)
    }

    @Test func emptyDenominatorsGiveNoRatioWithAReason() throws {
        let none = try GroupMeasures.representation(
            group: "disability", enrolled: 0, enrolledTotal: 0, population: 10,
            populationTotal: 100, source: "")
        #expect(none.ratio.value == nil)
        #expect(none.ratio.note == "no one is enrolled")

        let absent = try GroupMeasures.representation(
            group: "disability", enrolled: 0, enrolledTotal: 10, population: 0,
            populationTotal: 100, source: "")
        #expect(absent.ratio.note == "the group has no residents")
    }

    @Test func impossibleCountsAreRefused() {
        #expect(throws: EquityInputError(
            key: "women", field: "enrolled",
            reason: "must be 0 or more and at most the total (30 of 20)")
        ) {
            try GroupMeasures.representation(
                group: "women", enrolled: 30, enrolledTotal: 20, population: 1,
                populationTotal: 2, source: "")
        }
    }
}

@Suite struct CompletionTests {
    /// 18 of 30 finished (60 %) against the city's 140 of 200 (70 %): 10 points behind.
    @Test func completionRateAndGapToTheCity() throws {
        let gap = try GroupMeasures.completion(
            group: "60+", completed: 18, finished: 30, referenceCompleted: 140,
            referenceFinished: 200, source: "enrollments 2026")
        #expect(gap.rate.value == 60)
        #expect(gap.rate.numerator == 18)
        #expect(gap.rate.denominator == 30)
        #expect(gap.reference.value == 70)
        #expect(gap.gap.value == -10)
        #expect(gap.gap.unit == .percentagePoints)
    }

    @Test func noFinishedEnrollmentGivesNoGap() throws {
        let gap = try GroupMeasures.completion(
            group: "women", completed: 0, finished: 0, referenceCompleted: 5,
            referenceFinished: 10, source: "")
        #expect(gap.rate.value == nil)
        #expect(gap.gap.value == nil)
        #expect(gap.gap.note == "no enrollment of the group has finished")
    }
}

@Suite struct WardIndicatorTests {
    let sources = WardSources(
        population: "GSO 2024", coverage: "coverage 2026-03", usage: "samples March 2026",
        learning: "enrollments 2026")

    @Test func indicatorsCarryNumeratorDenominatorUnitAndSource() {
        let facts = WardFacts(
            code: "31120", name: "Phường Cái Khế", kind: AreaKind(text: "phuong"),
            population: 40_000, hotspots: 6, coveredPopulation: 10_000, accessibility: 1.25,
            peakClients: 45, capacity: 180, dailyDevices: 2_000, learnersEnrolled: 120,
            completed: 45, finished: 60, status: .served)
        let ward = WardIndicators(facts, sources: sources)
        #expect(ward.kind == .phuong)
        #expect(ward.coverage.value == 25)
        #expect(ward.coverage.numerator == 10_000)
        #expect(ward.coverage.denominator == 40_000)
        #expect(ward.coverage.source == "coverage 2026-03")
        #expect(ward.saturation.value == 0.25)
        #expect(ward.devicesPerThousand.value == 50)
        #expect(ward.learnersPerThousand.value == 3)
        #expect(ward.completionRate.value == 75)
        #expect(ward.hotspots.value == 6)
        #expect(ward.all.map(\.name) == [
            "population", "hotspots", "coverage", "accessibility", "saturation",
            "devices-per-1000", "learners-per-1000", "completion-rate",
        ])
    }

    @Test func missingFiguresSayWhatIsMissing() {
        let facts = WardFacts(
            code: "31135", name: "Xã X", kind: AreaKind(text: "Xã"), population: nil)
        let ward = WardIndicators(facts, sources: sources)
        #expect(ward.kind == .xa)
        #expect(ward.coverage.value == nil)
        #expect(ward.coverage.note == "no population")
        #expect(ward.saturation.note == "no capacity known")
        #expect(ward.completionRate.note == "no enrollment data")
        #expect(ward.status == .unknown)
    }
}

@Suite struct PriorityListTests {
    /// City: 200 learners over 50,000 residents = 4.0 per 1,000, threshold 2.0.
    /// W1: coverage 20 % (shortfall 0.6), accessibility 0.3 (0.4), 0.5 per 1,000 (0.75): 1.35.
    /// W4: accessibility 0.4 (0.2), 0.5 per 1,000 (0.75): 0.95.
    /// W2 has good access, W3 high participation, W5 both; W6 has no residents, W7 no access data.
    let wards = [
        PriorityInput(code: "W1", name: "Xã Một", population: 10_000, coveragePercent: 20,
                      accessibility: 0.3, learnersEnrolled: 5),
        PriorityInput(code: "W2", name: "Phường Hai", population: 20_000, coveragePercent: 80,
                      accessibility: 1.2, learnersEnrolled: 10),
        PriorityInput(code: "W3", name: "Xã Ba", population: 5_000, coveragePercent: 30,
                      accessibility: 0.9, learnersEnrolled: 40),
        PriorityInput(code: "W4", name: "Xã Bốn", population: 8_000, coveragePercent: 60,
                      accessibility: 0.4, learnersEnrolled: 4),
        PriorityInput(code: "W5", name: "Phường Năm", population: 7_000, coveragePercent: 90,
                      accessibility: 1.5, learnersEnrolled: 141),
        PriorityInput(code: "W6", name: "Xã Sáu", population: 0, coveragePercent: 0,
                      accessibility: 0, learnersEnrolled: 0),
        PriorityInput(code: "W7", name: "Xã Bảy", population: 3_000, coveragePercent: nil,
                      accessibility: nil, learnersEnrolled: 0),
    ]

    @Test func doubleDeficitWardsAreRankedWithTheirReasons() throws {
        let list = try PriorityList(wards)
        #expect(abs(list.cityLearnersPerThousand - 200.0 / 53_000 * 1_000) < 1e-12)
        #expect(list.entries.map(\.code) == ["W1", "W4"])
        #expect(list.entries.map(\.rank) == [1, 2])
        #expect(list.unjudged.map(\.code) == ["W6", "W7"])
        #expect(list.unjudged.map(\.reason) == ["no residents", "no coverage or accessibility"])
    }

    /// Without W7 (3,000 residents, no learners) the city rate is exactly 4.0 per 1,000.
    @Test func scoresAndReasonTextsAreExact() throws {
        let list = try PriorityList(wards.filter { $0.code != "W7" })
        #expect(list.cityLearnersPerThousand == 4)
        #expect(list.participationThreshold == 2)
        let first = try #require(list.entries.first)
        #expect(abs(first.score - 1.35) < 1e-12)
        #expect(first.learnersPerThousand == 0.5)
        #expect(first.reasons.map(\.description) == [
            "coverage 20.0 % (below 50 %)",
            "accessibility 0.30 of the city mean (below 0.50)",
            "0.5 learners per 1,000 residents (below 2.0; city 4.0)",
        ])
        #expect(abs(list.entries[1].score - 0.95) < 1e-12)
        #expect(list.entries[1].reasons.count == 2)
    }

    /// Small rates get the decimals that tell them apart: never "0.2 below 0.2" or "0.0".
    @Test func smallRatesReadApart() {
        #expect(PriorityReason.lowParticipation(perThousand: 0.18, threshold: 0.235, city: 0.47)
            .description == "0.18 learners per 1,000 residents (below 0.24; city 0.47)")
        #expect(PriorityReason.lowParticipationHidden(count: "<10", threshold: 0.0002, city: 0.0004)
            .description == "<10 learners (below 0.0002 per 1,000 residents; city 0.0004)")
        #expect(PriorityReason.lowParticipation(perThousand: 0, threshold: 2, city: 4)
            .description == "0.0 learners per 1,000 residents (below 2.0; city 4.0)")
    }

    @Test func equalScoresPutTheLargerWardFirst() throws {
        let twins = [
            PriorityInput(code: "A", name: "A", population: 1_000, coveragePercent: 10,
                          accessibility: nil, learnersEnrolled: 0),
            PriorityInput(code: "B", name: "B", population: 2_000, coveragePercent: 10,
                          accessibility: nil, learnersEnrolled: 0),
            PriorityInput(code: "C", name: "C", population: 10_000, coveragePercent: 90,
                          accessibility: nil, learnersEnrolled: 100),
        ]
        let list = try PriorityList(twins)
        #expect(list.entries.map(\.code) == ["B", "A"])
    }

    @Test func stricterCriteriaListFewerWards() throws {
        let strict = PriorityCriteria(
            coverageBelowPercent: 25, accessibilityBelow: 0.35, participationBelowShareOfCity: 0.5)
        #expect(try PriorityList(wards, criteria: strict).entries.map(\.code) == ["W1"])
    }
}
