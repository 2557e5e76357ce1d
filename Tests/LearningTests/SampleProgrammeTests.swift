import Foundation
@testable import Learning
import Storage
import Testing

// Mirrors Sources/Learning/SampleProgramme.swift.

@Suite("sample programme")
struct SampleProgrammeTests {
    /// Every row a sample writes, as text, for comparing two runs.
    static func dump(_ db: Database) throws -> [String] {
        var lines: [String] = []
        for (table, order) in [
            ("trainers", "id"), ("classes", "id"), ("class_sessions", "class_id, number"),
            ("learners", "id"), ("enrollments", "id"),
            ("attendance", "class_id, session_number, learner_id"), ("sample_programmes", "id"),
        ] {
            let rows = try db.query("SELECT * FROM \(table) ORDER BY \(order)")
            lines += rows.map { table + ": " + $0.values.map(\.description).joined(separator: "|") }
        }
        return lines
    }

    @Test func theSameSeedGivesTheSameData() throws {
        let options = SampleOptions(seed: 42, learners: 600, until: .day("2026-12-03"))
        let first = try ProgrammeDatabase()
        let second = try ProgrammeDatabase()
        let third = try ProgrammeDatabase()
        _ = try SampleProgramme(first.db).make(options)
        _ = try SampleProgramme(second.db).make(options)
        var other = options
        other.seed = 43
        _ = try SampleProgramme(third.db).make(other)

        let dump = try Self.dump(first.db)
        #expect(dump.count > 3000)
        #expect(try Self.dump(second.db) == dump)
        #expect(try Self.dump(third.db) != dump)
    }

    @Test func everyRecordIsMarkedSampleAndTheMixIsPlausible() throws {
        let programme = try ProgrammeDatabase()
        let report = try SampleProgramme(programme.db).make(
            SampleOptions(seed: 7, learners: 1500, until: .day("2026-12-03")))
        let db = programme.db

        #expect(report.learners == 1500)
        #expect(try db.scalar(Int.self, "SELECT count(*) FROM learners WHERE sample = 0") == 0)
        #expect(try db.scalar(Int.self, "SELECT count(*) FROM classes WHERE sample = 0") == 0)
        #expect(try db.scalar(Int.self, "SELECT count(*) FROM trainers WHERE sample = 0") == 0)
        #expect(try db.scalar(Int.self, "SELECT count(*) FROM learners WHERE phone IS NOT NULL")
            == 0)
        let summary = try LearningStore(db).summary()
        #expect(summary.sampleLearners == 1500)
        #expect(summary.sampleRun?.seed == 7)

        // Past classes are closed, later ones open; every state occurs.
        #expect(try db.scalar(Int.self, """
            SELECT count(*) FROM classes c WHERE status = 'open' AND (SELECT max(date)
                FROM class_sessions s WHERE s.class_id = c.id) < '2026-12-03'
            """) == 0)
        for state in EnrollmentState.allCases {
            #expect((report.enrollments[state] ?? 0) > 0, "\(state)")
        }
        // Women are the larger share, as in the programme's target groups.
        let facts = try LearningStore(db).enrollmentFacts(
            EnrollmentFactFilter(referenceDate: .day("2026-12-03")))
        let women = facts.filter { $0.gender == .female }.map(\.count).reduce(0, +)
        let men = facts.filter { $0.gender == .male }.map(\.count).reduce(0, +)
        #expect(women > men)
        #expect(Set(facts.map(\.ageBand)).isSuperset(of: [.from15to24, .from65]))
        #expect(Set(facts.compactMap(\.areaCode)).count > 40)
        // Closed enrollments agree with the course rule the class closed by.
        let notCompleted = try db.query("""
            SELECT reason FROM enrollments WHERE state = 'not-completed' LIMIT 20
            """).map { try $0.get(0, as: String.self) }
        #expect(notCompleted.allSatisfy {
            $0.hasPrefix("attended") || $0.hasPrefix("scored") || $0.hasPrefix("no assessment")
        })
    }

    @Test func aSecondSampleNeedsReplaceAndReplacesTheFirst() throws {
        let programme = try ProgrammeDatabase()
        let real = try programme.learner("Nguyễn Văn Thật", birthYear: 1970)
        _ = try SampleProgramme(programme.db).make(
            SampleOptions(seed: 1, learners: 200, until: .day("2026-12-03")))

        #expect(throws: LearningError(.invalid, "the database already holds a sample programme "
            + "(200 learners); give --replace to make it again"))
        {
            try SampleProgramme(programme.db).make(
                SampleOptions(seed: 2, learners: 300, until: .day("2026-12-03")))
        }
        let again = try SampleProgramme(programme.db).make(SampleOptions(
            seed: 2, learners: 300, until: .day("2026-12-03"), replace: true))
        #expect(again.removedLearners == 200)
        #expect(try LearnerStore(programme.db).count() == 301)
        #expect(try LearnerStore(programme.db).find(code: real)?.name == "Nguyễn Văn Thật")
    }

    @Test func withoutHotspotsTheSampleSaysWhatToImport() throws {
        let programme = try ProgrammeDatabase(withPlaces: false)
        #expect(throws: LearningError.self) {
            try SampleProgramme(programme.db).make(
                SampleOptions(learners: 10, until: .day("2026-12-03")))
        }
    }
}
