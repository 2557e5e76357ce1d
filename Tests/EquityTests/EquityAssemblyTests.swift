import Coverage
import Fleet
import Foundation
import Learning
import Places
import Storage
import Testing
import Usage

@testable import Equity

/// Three wards in a real database (two phường, one xã, centre points only), one hotspot in
/// the first, a stored coverage run; enrollments given as facts with worked values.
final class EquityWorld {
    let folder: URL
    let db: Database

    init() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("ketnoi-equity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        db = try Database(path: folder.appendingPathComponent("test.db").path)
        _ = try Migrator(modules: [
            PlacesSchema.module, FleetSchema.module, UsageSchema.module, CoverageSchema.module,
            LearningSchema.module,
        ]).migrate(db)
        let now = Date(timeIntervalSince1970: 1_782_000_000)
        for (code, name, kind, lat, people) in [
            ("10001", "Phường A", "phường", 10.030, 10_000),
            ("10002", "Phường B", "phường", 10.060, 6_000),
            ("10003", "Xã C", "xã", 10.090, 4_000),
        ] {
            try db.execute("""
                INSERT INTO areas (code, name, kind, published_area_km2, centre_lat, centre_lon,
                    population, population_source, population_year, source, updated_at)
                VALUES (?, ?, ?, 1.0, ?, 105.78, ?, 'test census', 2025, 'test', ?)
                """, [code, name, kind, lat, people, now])
        }
        for (code, group, value) in [
            ("10001", "female", 5_100), ("10002", "female", 3_060),
            ("10001", "poor-household", 500),
        ] {
            try db.execute("""
                INSERT INTO area_populations (area_code, population_group, value, source)
                VALUES (?, ?, ?, 'test census')
                """, [code, group, value])
        }
        try HotspotStore(db).save(Hotspot(
            code: "H1", name: "Bến <A>", coordinate: .init(latitude: 10.030, longitude: 105.78),
            areaCode: "10001", environment: .urban, capacity: 60, source: "test"), now: now)
        let result = CoverageCalculator.compute(
            try CoverageInputs.read(db), options: CoverageOptions())
        try CoverageStore(db).save(result)
    }

    deinit {
        db.close()
        try? FileManager.default.removeItem(at: folder)
    }

    static func fact(
        _ area: String?, _ gender: Gender, _ state: EnrollmentState, _ count: Int
    ) -> EnrollmentFact {
        EnrollmentFact(
            areaCode: area, gender: gender, ageBand: .from25to34, disability: .no,
            lowIncome: .notSpecified, state: state, count: count)
    }

    /// Ward A: women 60 completed and 60 still enrolled (7 more waitlisted), men 40
    /// completed and 40 not; 5 enrollments of learners without a ward.
    static let facts = [
        fact("10001", .female, .completed, 60), fact("10001", .female, .enrolled, 60),
        fact("10001", .female, .waitlisted, 7), fact("10001", .male, .completed, 40),
        fact("10001", .male, .notCompleted, 40), fact(nil, .other, .enrolled, 5),
    ]

    func report() throws -> EquityReport {
        guard let run = try CoverageStore(db).latestRun() else {
            throw EquityInputError(key: "run", field: "coverage", reason: "none stored")
        }
        return try EquityAssembly.assemble(
            areas: try AreaStore(db).all(), run: run, facts: Self.facts,
            learners: ["10001": 150, nil: 5], groupPopulations:
                try EquityAssembly.readGroupPopulations(db),
            learningIsSample: false)
    }
}

@Suite struct EquityAssemblyTests {
    @Test func womenAt120Of200Against51PercentGive1_176InTheirWard() throws {
        let world = try EquityWorld()
        let report = try world.report()
        let women = try #require(report.groups.first {
            $0.scope == "10001" && $0.dimension == .gender && $0.group == "women"
        })
        #expect(women.enrolled == 120)
        #expect(women.enrolledTotal == 200)
        #expect(abs((women.enrollmentShare.value ?? 0) - 60) < 1e-9)
        #expect(abs((women.populationShare.value ?? 0) - 51) < 1e-9)
        #expect(abs((women.ratio.value ?? 0) - 0.6 / 0.51) < 1e-12)
        #expect(String(format: "%.3f", women.ratio.value ?? 0) == "1.176")
        // City-wide the residents come from the two wards that give women's numbers.
        let city = try #require(report.groups.first {
            $0.scope == "city" && $0.group == "women"
        })
        #expect(city.populationShare.numerator == 8_160)
        #expect(city.populationShare.denominator == 16_000)
        // The 5 enrollments of learners without a ward count in the city's 205.
        #expect(city.enrolled == 120)
        #expect(city.enrolledTotal == 205)
        #expect(abs((city.ratio.value ?? 0) - (120.0 / 205) / 0.51) < 1e-12)
        #expect(city.populationShare.note?.contains("2 of 3 areas") == true)
    }

    @Test func completionRatesAndGapsAreExact() throws {
        let report = try EquityWorld().report()
        let women = try #require(report.groups.first { $0.scope == "city" && $0.group == "women" })
        let men = try #require(report.groups.first { $0.scope == "city" && $0.group == "men" })
        // Women: 60 of 60 finished completed; men 40 of 80; everyone 100 of 140.
        #expect(women.completion.rate.value == 100)
        #expect(men.completion.rate.value == 50)
        #expect(abs((women.completion.reference.value ?? 0) - 100.0 / 140 * 100) < 1e-9)
        #expect(abs((women.completion.gap.value ?? 0) - (100 - 100.0 / 1.4)) < 1e-9)
        let rate = try #require(report.city.first { $0.name == "completion-rate" })
        #expect(rate.numerator == 100)
        #expect(rate.denominator == 140)
    }

    @Test func wardFiguresCarryTheirCountsAndLearnersWithoutAWardAreCounted() throws {
        let report = try EquityWorld().report()
        #expect(report.wards.map(\.facts.code) == ["10001", "10002", "10003"])
        let first = report.wards[0]
        #expect(first.learners == 150)
        #expect(first.indicators.learnersPerThousand.value == 15)
        #expect(first.facts.completed == 100)
        #expect(first.facts.finished == 140)
        #expect(first.facts.hotspots == 1)
        #expect(first.poorShare == 0.05)
        #expect(report.wards[2].facts.kind == .xa)
        #expect(report.wards[1].indicators.learnersPerThousand.value == 0)
        #expect(report.learnersWithoutWard == 5)
        // The unknown-ward row keeps the 5 enrollments in the city totals.
        let gender = try #require(report.groupTables.first { $0.dimension == .gender })
        #expect(gender.scopes == ["10001", "10002", "10003", ""])
        #expect(gender.enrolled[3] == [0, 0, 5])
        #expect(gender.cityCounts(gender.enrolled) == [120, 80, 5])
        let learners = try #require(report.city.first { $0.name == "learners-per-1000" })
        #expect(learners.numerator == 150)
        #expect(learners.denominator == 20_000)
        #expect(learners.note == "5 learners without a known ward left out")
    }

    @Test func missingGroupPopulationsAreNamedNotZero() throws {
        let report = try EquityWorld().report()
        let older = try #require(report.groups.first { $0.scope == "city" && $0.group == "65+" })
        #expect(older.ratio.value == nil)
        #expect(older.ratio.note?.contains("age:65+") == true)
        #expect(report.notes.contains { $0.contains("no group populations for age:0-14") })
        // One ward with a poor share is too few for a concentration index.
        #expect(report.concentration.value == nil)
        #expect(report.concentration.note?.contains("fewer than two areas") == true)
    }

    @Test func inequalityOverWardsSplitsExactlyAndEndsAtOne() throws {
        let report = try EquityWorld().report()
        let total = try #require(report.theil.total.value)
        let between = try #require(report.theil.between.value)
        let within = try #require(report.theil.within.value)
        #expect(abs(total - (between + within)) < 1e-12)
        #expect(report.theil.groups.map(\.group) == ["phường", "xã"])
        #expect(report.lorenz.last == LorenzPoint(populationShare: 1, quantityShare: 1))
        // Only ward A has a hotspot: all accessibility sits with half the residents.
        #expect(report.wards[0].facts.accessibility.map { abs($0 - 2) < 1e-9 } == true)
        #expect(abs((report.gini.value ?? 0) - 0.5) < 1e-9)
        // B and C have no hotspot within reach and no learner: the double-deficit wards,
        // equal scores, the larger first.
        #expect(report.priorities.entries.map(\.code) == ["10002", "10003"])
    }

    @Test func withoutACoverageRunTheReportSaysWhatToRun() throws {
        let world = try EquityWorld()
        try world.db.execute("DELETE FROM coverage_runs")
        #expect {
            _ = try EquityAssembly.read(world.db)
        } throws: { error in
            (error as? EquityMissingInput)?.message.contains("ketnoi coverage") == true
        }
        try world.db.execute("DELETE FROM hotspots")
        try world.db.execute("DELETE FROM areas")
        #expect {
            _ = try EquityAssembly.read(world.db)
        } throws: { error in
            (error as? EquityMissingInput)?.kind == .areas
        }
    }
}
