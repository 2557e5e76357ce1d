import Foundation
import Places
import Storage

/// A person taking courses. Name, phone and birth year are personal fields and live only
/// in this record; group fields (gender, disability, low income, ward) feed aggregated
/// counts. A forgotten learner keeps only the code, the group fields and an age band.
public struct Learner: Sendable, Equatable {
    /// `L000001`…, generated; stays after `forget` as an anonymous key.
    public var code: String
    /// Nil once forgotten.
    public var name: String?
    public var phone: String?
    public var birthYear: Int?
    public var gender: Gender
    public var disability: Answer
    public var lowIncome: Answer
    /// The home ward.
    public var areaCode: String?
    /// The band kept when the learner was forgotten (the birth year is erased).
    public var forgottenAgeBand: AgeBand?
    public var forgottenAt: Date?
    /// True for learners made by `learning sample`.
    public var sample: Bool
    /// The file or command the learner came from.
    public var source: String

    public var isForgotten: Bool { forgottenAt != nil }

    public init(
        code: String = "", name: String?, phone: String? = nil, birthYear: Int? = nil,
        gender: Gender = .notSpecified, disability: Answer = .notSpecified,
        lowIncome: Answer = .notSpecified, areaCode: String? = nil, sample: Bool = false,
        source: String = "manual"
    ) {
        self.code = code
        self.name = name
        self.phone = phone
        self.birthYear = birthYear
        self.gender = gender
        self.disability = disability
        self.lowIncome = lowIncome
        self.areaCode = areaCode
        self.sample = sample
        self.source = source
    }

    /// The age band at a reference year: from the birth year, or the one kept on forgetting.
    public func ageBand(referenceYear: Int) -> AgeBand {
        forgottenAgeBand ?? AgeBand(birthYear: birthYear, referenceYear: referenceYear)
    }
}

/// One line of a learner's history: a class and where they stand in it.
public struct LearnerHistoryEntry: Sendable, Equatable {
    public var classCode: String
    public var courseCode: String
    public var courseTitle: BilingualText
    public var state: EnrollmentState
    public var firstDate: LocalDate?
    public var lastDate: LocalDate?
    public var attended: Int
    public var sessions: Int
    public var score: Double?
    public var reason: String?
    public var certificateCode: String?
}

/// A stored learner who looks like the same person as a new one.
public struct LikelyDuplicate: Sendable, Equatable {
    public var code: String
    /// `same name, birth year and phone` or `… and ward`.
    public var why: String
}

/// Reads and writes learners.
public struct LearnerStore {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    /// Checks and adds one learner; a likely duplicate is refused and named.
    public func add(
        _ learner: Learner, now: Date = Date()
    ) throws -> Learner {
        var learner = learner
        // Typed names arrive as the terminal composed them (macOS and some IMEs give NFD);
        // stored text is NFC, like every imported file's.
        let name = (learner.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            .precomposedStringWithCanonicalMapping
        if let reason = LearnerCheck.nameProblem(name) {
            throw LearningError(.invalid, "name: \(reason)")
        }
        learner.name = name
        if let year = learner.birthYear,
            let reason = LearnerCheck.birthYearProblem(year, today: LocalDate.of(now))
        {
            throw LearningError(.invalid, "birth year: \(reason)")
        }
        if let phone = learner.phone {
            guard let normalized = Phone.normalized(phone) else {
                throw LearningError(.invalid, "phone: \(Text.quoted(phone)) is not a phone "
                    + "number (10 digits starting with 0, or +84…)")
            }
            learner.phone = normalized
        }
        if let ward = learner.areaCode, try AreaStore(db).find(code: ward) == nil {
            throw LearningError(.notFound, "no area with code '\(ward)'")
        }
        if let duplicate = try likelyDuplicate(of: learner) {
            throw LearningError(.invalid, "likely the same person as \(duplicate.code) "
                + "(\(duplicate.why)); not added")
        }
        learner.code = try nextCodes(1)[0]
        try insert(learner, now: now)
        return learner
    }

    /// Inserts a learner that passed the checks; `code` must be set.
    func insert(_ learner: Learner, now: Date) throws {
        try db.execute("""
            INSERT INTO learners (code, name, name_key, phone, birth_year, gender, disability,
                low_income, area_code, sample, source, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
                learner.code, learner.name, learner.name.map(Words.key), learner.phone,
                learner.birthYear, learner.gender.rawValue, learner.disability.rawValue,
                learner.lowIncome.rawValue, learner.areaCode, learner.sample, learner.source,
                now,
            ])
    }

    /// A stored learner with the same name and birth year and the same phone or ward.
    public func likelyDuplicate(of learner: Learner) throws -> LikelyDuplicate? {
        guard let name = learner.name, let year = learner.birthYear else { return nil }
        for row in try db.query("""
            SELECT code, phone, area_code FROM learners
            WHERE name_key = ? AND birth_year = ? ORDER BY code
            """, [Words.key(name), year])
        {
            let phone: String? = try row.get("phone")
            let ward: String? = try row.get("area_code")
            if let given = learner.phone, given == phone {
                return LikelyDuplicate(
                    code: try row.get("code"), why: "same name, birth year and phone")
            }
            if let given = learner.areaCode, given == ward {
                return LikelyDuplicate(
                    code: try row.get("code"), why: "same name, birth year and ward")
            }
        }
        return nil
    }

    /// `count` free generated codes in order.
    func nextCodes(_ count: Int) throws -> [String] {
        let highest = try db.scalar(Int.self, """
            SELECT max(CAST(substr(code, 2) AS INTEGER)) FROM learners
            WHERE code GLOB 'L[0-9][0-9][0-9][0-9][0-9][0-9]*'
            """) ?? 0
        return (0..<count).map { String(format: "L%06d", highest + 1 + $0) }
    }

    /// The learner with this code, if any.
    public func find(code: String) throws -> Learner? {
        try db.queryFirst("SELECT * FROM learners WHERE code = ?", [code]).map(Self.learner)
    }

    /// Learners, optionally of one ward or one class, ordered by code.
    public func all(areaCode: String? = nil, classCode: String? = nil) throws -> [Learner] {
        if let classCode {
            return try db.query("""
                SELECT l.* FROM learners l JOIN enrollments e ON e.learner_id = l.id
                JOIN classes c ON c.id = e.class_id WHERE c.code = ? ORDER BY l.code
                """, [classCode]).map(Self.learner)
        }
        return try db.query(
            "SELECT * FROM learners WHERE ?1 IS NULL OR area_code = ?1 ORDER BY code",
            [areaCode]
        ).map(Self.learner)
    }

    public func count() throws -> Int {
        try db.scalar(Int.self, "SELECT count(*) FROM learners") ?? 0
    }

    /// Every class the learner enrolled in, by first session date.
    public func history(code: String) throws -> [LearnerHistoryEntry] {
        try db.query("""
            SELECT c.code AS class_code, c.course_code, co.title_vi, co.title_en, e.state,
                e.score, e.reason, cert.code AS certificate,
                (SELECT min(date) FROM class_sessions s WHERE s.class_id = c.id) AS first_date,
                (SELECT max(date) FROM class_sessions s WHERE s.class_id = c.id) AS last_date,
                (SELECT count(*) FROM class_sessions s WHERE s.class_id = c.id) AS sessions,
                (SELECT count(*) FROM attendance a WHERE a.class_id = c.id
                    AND a.learner_id = l.id AND a.present = 1) AS attended
            FROM learners l JOIN enrollments e ON e.learner_id = l.id
            JOIN classes c ON c.id = e.class_id JOIN courses co ON co.code = c.course_code
            LEFT JOIN certificates cert ON cert.enrollment_id = e.id
            WHERE l.code = ? ORDER BY first_date, c.code
            """, [code]).map { row in
            let state: String = try row.get("state")
            let first: String? = try row.get("first_date")
            let last: String? = try row.get("last_date")
            return LearnerHistoryEntry(
                classCode: try row.get("class_code"), courseCode: try row.get("course_code"),
                courseTitle: BilingualText(
                    vi: try row.get("title_vi"), en: try row.get("title_en")),
                state: EnrollmentState(rawValue: state) ?? .enrolled,
                firstDate: first.flatMap(LocalDate.init), lastDate: last.flatMap(LocalDate.init),
                attended: try row.get("attended"), sessions: try row.get("sessions"),
                score: try row.get("score"), reason: try row.get("reason"),
                certificateCode: try row.get("certificate"))
        }
    }

    /// Erases a learner's personal fields (name, phone, birth year) and keeps the record with
    /// its group fields and the age band of `today`, so every count stays as it was.
    ///
    /// Deleted text is overwritten in the file (`PRAGMA secure_delete`) and the write-ahead
    /// log is checkpointed and truncated, so the old values are not left in free pages or
    /// in the log. Returns false when the log could not be truncated because another
    /// connection was reading; the old pages then go at the next checkpoint.
    @discardableResult
    public func forget(code: String, today: LocalDate = .today(), now: Date = Date()) throws
        -> Bool
    {
        guard let learner = try find(code: code) else {
            throw LearningError(.notFound, "no learner with code '\(code)'")
        }
        guard !learner.isForgotten else {
            throw LearningError(.invalid, "learner \(code) was already forgotten")
        }
        let band = learner.ageBand(referenceYear: today.year)
        try db.executeScript("PRAGMA secure_delete = ON")
        try db.transaction {
            try db.execute("""
                UPDATE learners SET name = NULL, name_key = NULL, phone = NULL,
                    birth_year = NULL, forgotten_age_band = ?, forgotten_at = ?
                WHERE code = ?
                """, [band.rawValue, now, code])
        }
        let checkpoint = try db.queryFirst("PRAGMA wal_checkpoint(TRUNCATE)")
        let busy = try checkpoint.map { try $0.get(0, as: Int.self) } ?? 0
        return busy == 0
    }

    static func learner(_ row: Row) throws -> Learner {
        var learner = Learner(
            code: try row.get("code"), name: try row.get("name"), phone: try row.get("phone"),
            birthYear: try row.get("birth_year"),
            gender: Gender(rawValue: try row.get("gender")) ?? .notSpecified,
            disability: Answer(rawValue: try row.get("disability")) ?? .notSpecified,
            lowIncome: Answer(rawValue: try row.get("low_income")) ?? .notSpecified,
            areaCode: try row.get("area_code"), sample: try row.get("sample"),
            source: try row.get("source"))
        let band: String? = try row.get("forgotten_age_band")
        learner.forgottenAgeBand = band.flatMap(AgeBand.init(rawValue:))
        learner.forgottenAt = try row.get("forgotten_at")
        return learner
    }
}

/// Checks of learner fields shared by `learners add` and the import.
enum LearnerCheck {
    /// The earliest birth year taken as real.
    static let earliestBirthYear = 1900

    static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "empty" }
        if name.count > 120 { return "longer than 120 characters" }
        if let control = Text.controlCharacter(in: name) {
            return "contains a control character (\(control))"
        }
        if name.allSatisfy({ $0.isNumber || $0.isPunctuation || $0 == " " }) {
            return "\(Text.quoted(name)) has no letters"
        }
        return nil
    }

    static func birthYearProblem(_ year: Int, today: LocalDate) -> String? {
        if year < earliestBirthYear { return "\(year) is before \(earliestBirthYear)" }
        if year > today.year { return "\(year) is in the future" }
        if today.year - year < 6 { return "\(year) makes the learner younger than 6" }
        return nil
    }
}
