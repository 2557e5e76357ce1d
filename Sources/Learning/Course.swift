import Foundation
import Storage

/// The same text in Vietnamese and in English; Vietnamese comes first wherever both show.
public struct BilingualText: Sendable, Equatable, Hashable, Codable {
    public var vi: String
    public var en: String

    public init(vi: String, en: String) {
        self.vi = vi
        self.en = en
    }
}

/// When an enrollment counts as completed: a share of the sessions attended and, when the
/// course has an assessment, a pass mark (0–100).
public struct CompletionRule: Sendable, Equatable, Hashable {
    /// The least share of sessions attended, in (0, 1].
    public var minimumAttendance: Double
    /// The least assessment score, 0–100; nil when the course has no assessment.
    public var passMark: Double?

    public init(minimumAttendance: Double, passMark: Double? = nil) {
        self.minimumAttendance = minimumAttendance
        self.passMark = passMark
    }

    /// The least number of sessions of `sessions` that meets the attendance share.
    public func sessionsNeeded(of sessions: Int) -> Int {
        Int((minimumAttendance * Double(sessions) - 1e-9).rounded(.up))
    }

    /// Completed, or not completed with every reason, for one learner.
    public func outcome(attended: Int, sessions: Int, score: Double?) -> CompletionOutcome {
        var reasons: [String] = []
        let needed = sessionsNeeded(of: sessions)
        if attended < needed {
            let share = sessions > 0 ? Double(attended) / Double(sessions) : 0
            reasons.append(
                "attended \(attended) of \(sessions) sessions (\(Self.percent(share))); "
                    + "the course asks at least \(Self.percent(minimumAttendance))")
        }
        if let passMark {
            if let score {
                if score < passMark {
                    reasons.append(
                        "scored \(Self.number(score)); the pass mark is \(Self.number(passMark))")
                }
            } else {
                reasons.append("no assessment score; the pass mark is \(Self.number(passMark))")
            }
        }
        return reasons.isEmpty
            ? CompletionOutcome(state: .completed, reason: nil)
            : CompletionOutcome(state: .notCompleted, reason: reasons.joined(separator: "; "))
    }

    /// `75 %`.
    static func percent(_ share: Double) -> String {
        "\(Int((share * 100).rounded())) %"
    }

    /// `70` or `72.5`.
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

/// What closing a class decided for one enrollment.
public struct CompletionOutcome: Sendable, Equatable {
    public let state: EnrollmentState
    /// Why it is not completed; nil when completed.
    public let reason: String?
}

/// One course from `curricula/`: what it teaches, to whom, and how it is completed.
public struct Course: Sendable, Equatable {
    public var code: String
    public var title: BilingualText
    public var description: BilingualText
    public var audience: BilingualText
    public var hours: Double
    public var sessions: Int
    /// DigComp 2.2 proficiency level, 1–8.
    public var level: Int
    /// Competence tags: `digcomp:2.3`, `dlgf:0.1`, `vn-5kn:1`, `vn-tt02:d4`, `northstar:…`.
    public var competences: [String]
    public var completion: CompletionRule
    /// Codes of courses to complete first.
    public var prerequisites: [String]
    /// One topic per session, when the file gives them.
    public var outline: [BilingualText]
    /// The file the course came from.
    public var source: String

    public init(
        code: String, title: BilingualText, description: BilingualText,
        audience: BilingualText, hours: Double, sessions: Int, level: Int,
        competences: [String], completion: CompletionRule, prerequisites: [String] = [],
        outline: [BilingualText] = [], source: String
    ) {
        self.code = code
        self.title = title
        self.description = description
        self.audience = audience
        self.hours = hours
        self.sessions = sessions
        self.level = level
        self.competences = competences
        self.completion = completion
        self.prerequisites = prerequisites
        self.outline = outline
        self.source = source
    }
}

/// Reads and writes courses.
public struct CourseStore {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    /// Inserts a course or replaces the one with the same code; true when it existed.
    @discardableResult
    public func save(_ course: Course, now: Date = Date()) throws -> Bool {
        let existed = try find(code: course.code) != nil
        let outline = String(
            decoding: try JSONEncoder().encode(course.outline), as: UTF8.self)
        try db.execute("""
            INSERT INTO courses (code, title_vi, title_en, description_vi, description_en,
                audience_vi, audience_en, hours, sessions, level, min_attendance, pass_mark,
                outline, source, imported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (code) DO UPDATE SET title_vi = excluded.title_vi,
                title_en = excluded.title_en, description_vi = excluded.description_vi,
                description_en = excluded.description_en, audience_vi = excluded.audience_vi,
                audience_en = excluded.audience_en, hours = excluded.hours,
                sessions = excluded.sessions, level = excluded.level,
                min_attendance = excluded.min_attendance, pass_mark = excluded.pass_mark,
                outline = excluded.outline, source = excluded.source,
                imported_at = excluded.imported_at
            """, [
                course.code, course.title.vi, course.title.en, course.description.vi,
                course.description.en, course.audience.vi, course.audience.en, course.hours,
                course.sessions, course.level, course.completion.minimumAttendance,
                course.completion.passMark, outline, course.source, now,
            ])
        try db.execute("DELETE FROM course_competences WHERE course_code = ?", [course.code])
        for tag in course.competences {
            try db.execute(
                "INSERT INTO course_competences (course_code, tag) VALUES (?, ?)",
                [course.code, tag])
        }
        try db.execute("DELETE FROM course_prerequisites WHERE course_code = ?", [course.code])
        for prerequisite in course.prerequisites {
            try db.execute(
                "INSERT INTO course_prerequisites (course_code, prerequisite_code) VALUES (?, ?)",
                [course.code, prerequisite])
        }
        return existed
    }

    /// All courses, ordered by code.
    public func all() throws -> [Course] {
        try db.query("SELECT * FROM courses ORDER BY code").map(course)
    }

    /// The course with this code, if any.
    public func find(code: String) throws -> Course? {
        try db.queryFirst("SELECT * FROM courses WHERE code = ?", [code]).map(course)
    }

    /// The codes of every stored course.
    public func codes() throws -> Set<String> {
        Set(try db.query("SELECT code FROM courses").map { try $0.get("code", as: String.self) })
    }

    private func course(_ row: Row) throws -> Course {
        let code: String = try row.get("code")
        let outlineText: String = try row.get("outline")
        let outline = (try? JSONDecoder().decode(
            [BilingualText].self, from: Data(outlineText.utf8))) ?? []
        let tags = try db.query(
            "SELECT tag FROM course_competences WHERE course_code = ? ORDER BY rowid", [code]
        ).map { try $0.get("tag", as: String.self) }
        let prerequisites = try db.query(
            "SELECT prerequisite_code FROM course_prerequisites WHERE course_code = ? "
                + "ORDER BY rowid", [code]
        ).map { try $0.get("prerequisite_code", as: String.self) }
        return Course(
            code: code,
            title: BilingualText(vi: try row.get("title_vi"), en: try row.get("title_en")),
            description: BilingualText(
                vi: try row.get("description_vi"), en: try row.get("description_en")),
            audience: BilingualText(
                vi: try row.get("audience_vi"), en: try row.get("audience_en")),
            hours: try row.get("hours"), sessions: try row.get("sessions"),
            level: try row.get("level"), competences: tags,
            completion: CompletionRule(
                minimumAttendance: try row.get("min_attendance"),
                passMark: try row.get("pass_mark")),
            prerequisites: prerequisites, outline: outline, source: try row.get("source"))
    }
}
