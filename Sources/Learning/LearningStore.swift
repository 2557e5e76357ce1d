import Foundation
import Storage

/// A count of enrollments sharing one learner group and one state: the input of the equity
/// report. Raw counts, not suppressed; suppression is the publisher's job.
///
/// Forgotten learners are still counted: their record keeps the group fields and the age
/// band they had when forgotten (see `LearnerStore.forget`).
public struct EnrollmentFact: Sendable, Hashable {
    /// The learner's home ward; nil when not given.
    public var areaCode: String?
    public var gender: Gender
    /// From the birth year at the query's reference date.
    public var ageBand: AgeBand
    public var disability: Answer
    public var lowIncome: Answer
    public var state: EnrollmentState
    public var count: Int

    public init(
        areaCode: String?, gender: Gender, ageBand: AgeBand, disability: Answer,
        lowIncome: Answer, state: EnrollmentState, count: Int
    ) {
        self.areaCode = areaCode
        self.gender = gender
        self.ageBand = ageBand
        self.disability = disability
        self.lowIncome = lowIncome
        self.state = state
        self.count = count
    }
}

/// Which enrollments `enrollmentFacts` counts.
public struct EnrollmentFactFilter: Sendable {
    /// Age bands are computed for this day's year.
    public var referenceDate: LocalDate
    /// Only classes of this course.
    public var courseCode: String?
    /// Only classes whose first session is on or after this day.
    public var from: LocalDate?
    /// Only classes whose first session is on or before this day.
    public var through: LocalDate?
    /// Count classes made by `learning sample` (true by default, so a demo has numbers;
    /// a report shows the sample banner when `ProgrammeSummary.sampleClasses > 0`).
    public var includeSample: Bool

    public init(
        referenceDate: LocalDate = .today(), courseCode: String? = nil, from: LocalDate? = nil,
        through: LocalDate? = nil, includeSample: Bool = true
    ) {
        self.referenceDate = referenceDate
        self.courseCode = courseCode
        self.from = from
        self.through = through
        self.includeSample = includeSample
    }
}

/// Counts of the whole programme, for a status line or a report header.
public struct ProgrammeSummary: Sendable, Equatable {
    public var courses: Int
    public var trainers: Int
    public var classesOpen: Int
    public var classesClosed: Int
    public var classesCancelled: Int
    public var learners: Int
    public var forgottenLearners: Int
    public var enrollments: [EnrollmentState: Int]
    public var certificates: Int
    /// Records made by `learning sample`; a report over them must say so.
    public var sampleClasses: Int
    public var sampleLearners: Int
    /// The last sample run: seed, learners asked for, and the day it ran up to.
    public var sampleRun: SampleRunRecord?
}

/// One `learning sample` run as recorded.
public struct SampleRunRecord: Sendable, Equatable {
    public var seed: UInt64
    public var learners: Int
    public var until: LocalDate
    public var createdAt: Date
}

/// Programme-wide queries: the aggregated facts later reports use, and the summary.
public struct LearningStore {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    /// Enrollments grouped by the learner's ward, gender, age band, disability, low-income
    /// household and the enrollment's state; groups with no enrollment are left out.
    public func enrollmentFacts(
        _ filter: EnrollmentFactFilter = .init()
    ) throws -> [EnrollmentFact] {
        let band = AgeBand.sqlCase(birthYear: "l.birth_year", year: "?1")
        let rows = try db.query("""
            SELECT l.area_code, l.gender,
                coalesce(l.forgotten_age_band, \(band), 'not-specified') AS age_band,
                l.disability, l.low_income, e.state, count(*) AS n
            FROM enrollments e JOIN learners l ON l.id = e.learner_id
            JOIN classes c ON c.id = e.class_id
            WHERE (?2 IS NULL OR c.course_code = ?2)
                AND (?3 OR c.sample = 0)
                AND (?4 IS NULL OR (SELECT min(date) FROM class_sessions s
                    WHERE s.class_id = c.id) >= ?4)
                AND (?5 IS NULL OR (SELECT min(date) FROM class_sessions s
                    WHERE s.class_id = c.id) <= ?5)
            GROUP BY 1, 2, 3, 4, 5, 6
            ORDER BY 1, 2, 3, 4, 5, 6
            """, [
                filter.referenceDate.year, filter.courseCode, filter.includeSample,
                filter.from?.description, filter.through?.description,
            ])
        return try rows.map { row in
            EnrollmentFact(
                areaCode: try row.get("area_code"),
                gender: Gender(rawValue: try row.get("gender")) ?? .notSpecified,
                ageBand: AgeBand(rawValue: try row.get("age_band")) ?? .notSpecified,
                disability: Answer(rawValue: try row.get("disability")) ?? .notSpecified,
                lowIncome: Answer(rawValue: try row.get("low_income")) ?? .notSpecified,
                state: EnrollmentState(rawValue: try row.get("state")) ?? .enrolled,
                count: try row.get("n"))
        }
    }

    /// How many courses, classes, learners and enrollments there are.
    public func summary() throws -> ProgrammeSummary {
        func count(_ sql: String) throws -> Int { try db.scalar(Int.self, sql) ?? 0 }
        var enrollments: [EnrollmentState: Int] = [:]
        for state in EnrollmentState.allCases { enrollments[state] = 0 }
        for row in try db.query("SELECT state, count(*) AS n FROM enrollments GROUP BY state") {
            if let state = EnrollmentState(rawValue: try row.get("state")) {
                enrollments[state] = try row.get("n")
            }
        }
        var run: SampleRunRecord?
        if let row = try db.queryFirst(
            "SELECT seed, learners, until, created_at FROM sample_programmes "
                + "ORDER BY id DESC LIMIT 1"),
            let until = LocalDate(try row.get("until", as: String.self))
        {
            run = SampleRunRecord(
                seed: UInt64(bitPattern: try row.get("seed", as: Int64.self)),
                learners: try row.get("learners"), until: until,
                createdAt: try row.get("created_at"))
        }
        return ProgrammeSummary(
            courses: try count("SELECT count(*) FROM courses"),
            trainers: try count("SELECT count(*) FROM trainers"),
            classesOpen: try count("SELECT count(*) FROM classes WHERE status = 'open'"),
            classesClosed: try count("SELECT count(*) FROM classes WHERE status = 'closed'"),
            classesCancelled: try count(
                "SELECT count(*) FROM classes WHERE status = 'cancelled'"),
            learners: try count("SELECT count(*) FROM learners"),
            forgottenLearners: try count(
                "SELECT count(*) FROM learners WHERE forgotten_at IS NOT NULL"),
            enrollments: enrollments,
            certificates: try count("SELECT count(*) FROM certificates"),
            sampleClasses: try count("SELECT count(*) FROM classes WHERE sample = 1"),
            sampleLearners: try count("SELECT count(*) FROM learners WHERE sample = 1"),
            sampleRun: run)
    }
}
