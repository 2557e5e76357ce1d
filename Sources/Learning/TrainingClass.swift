import Foundation
import Places
import Storage

/// Whether a class still takes enrollments and attendance.
public enum ClassStatus: String, Sendable, CaseIterable, Codable {
    case open
    /// Ended; every enrollment is completed or not completed.
    case closed
    /// Called off; its enrollments were withdrawn.
    case cancelled
}

/// One run of a course: a trainer, a venue, a capacity and dated sessions.
public struct TrainingClass: Sendable, Equatable {
    public var code: String
    public var courseCode: String
    public var trainerCode: String
    /// The hotspot the class meets at, when it meets at one.
    public var hotspotCode: String?
    /// The hotspot's name and address, or the address given.
    public var venue: String
    /// The ward of the venue.
    public var areaCode: String?
    public var capacity: Int
    public var status: ClassStatus
    /// Why the class was cancelled, when it was.
    public var note: String?
    /// True for classes made by `learning sample`.
    public var sample: Bool
    /// Session dates; session N is `sessions[N - 1]`.
    public var sessions: [LocalDate]

    public var firstDate: LocalDate? { sessions.first }
    public var lastDate: LocalDate? { sessions.last }
}

/// What a trainer gives to create a class.
public struct ClassPlan: Sendable {
    /// The class code; nil generates `<COURSE>-01`, `-02`….
    public var code: String?
    public var courseCode: String
    public var trainerCode: String
    /// Meet at this hotspot (its ward and address are used)…
    public var hotspotCode: String?
    /// … or at this address, in `wardCode`.
    public var address: String?
    public var wardCode: String?
    public var capacity: Int
    /// One date per session of the course, in order.
    public var dates: [LocalDate]

    public init(
        code: String? = nil, courseCode: String, trainerCode: String, hotspotCode: String? = nil,
        address: String? = nil, wardCode: String? = nil, capacity: Int, dates: [LocalDate]
    ) {
        self.code = code
        self.courseCode = courseCode
        self.trainerCode = trainerCode
        self.hotspotCode = hotspotCode
        self.address = address
        self.wardCode = wardCode
        self.capacity = capacity
        self.dates = dates
    }

    /// `count` dates from `start`, `everyDays` apart.
    public static func dates(start: LocalDate, count: Int, everyDays: Int) -> [LocalDate] {
        (0..<max(0, count)).map { start.adding(days: $0 * everyDays) }
    }
}

/// A class with its enrollment counts, for lists.
public struct ClassSummary: Sendable, Equatable {
    public var trainingClass: TrainingClass
    public var enrolled: Int
    public var waitlisted: Int
    public var completed: Int
    public var notCompleted: Int
    public var withdrawn: Int
}

/// Reads and writes classes and their sessions.
public struct ClassStore {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    /// Most learners one class may seat.
    public static let largestCapacity = 500

    /// Checks a plan and creates the class with its sessions.
    public func create(_ plan: ClassPlan, now: Date = Date()) throws -> TrainingClass {
        guard let course = try CourseStore(db).find(code: plan.courseCode) else {
            throw LearningError(.notFound, "no course with code '\(plan.courseCode)' (import "
                + "the curricula with 'ketnoi courses import')")
        }
        guard let trainerID = try db.scalar(
            Int64.self, "SELECT id FROM trainers WHERE code = ?", [plan.trainerCode])
        else {
            throw LearningError(.notFound, "no trainer with code '\(plan.trainerCode)'")
        }
        guard (1...Self.largestCapacity).contains(plan.capacity) else {
            throw LearningError(
                .invalid, "capacity: \(plan.capacity) is not from 1 to \(Self.largestCapacity)")
        }

        var venue: String
        var areaCode: String?
        switch (plan.hotspotCode, plan.address) {
        case (let code?, nil):
            guard let hotspot = try HotspotStore(db).find(code: code) else {
                throw LearningError(.notFound, "no hotspot with code '\(code)'")
            }
            venue = hotspot.name + (hotspot.address.map { ", \($0)" } ?? "")
            areaCode = hotspot.areaCode
            if let ward = plan.wardCode, ward != hotspot.areaCode {
                throw LearningError(.invalid, "ward: '\(ward)' is given, but hotspot \(code) "
                    + "is in \(hotspot.areaCode ?? "no ward")")
            }
        case (nil, let address?):
            venue = address.trimmingCharacters(in: .whitespacesAndNewlines)
                .precomposedStringWithCanonicalMapping
            guard !venue.isEmpty else { throw LearningError(.invalid, "address: empty") }
            if let control = Text.controlCharacter(in: venue) {
                throw LearningError(.invalid, "address: contains a control character "
                    + "(\(control))")
            }
            guard let ward = plan.wardCode else {
                throw LearningError(.invalid, "an address needs its ward (--ward CODE)")
            }
            guard try AreaStore(db).find(code: ward) != nil else {
                throw LearningError(.notFound, "no area with code '\(ward)'")
            }
            areaCode = ward
        case (.some, .some):
            throw LearningError(.invalid, "give a hotspot or an address, not both")
        case (nil, nil):
            throw LearningError(.invalid, "a class needs a venue: a hotspot or an address")
        }

        guard plan.dates.count == course.sessions else {
            throw LearningError(.invalid, "dates: \(plan.dates.count) given; course "
                + "\(course.code) has \(course.sessions) sessions")
        }
        for (earlier, later) in zip(plan.dates, plan.dates.dropFirst()) where later <= earlier {
            throw LearningError(
                .invalid, "dates: \(later) does not come after \(earlier); give them in order")
        }

        let code: String
        if let given = plan.code {
            guard given.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"#,
                              options: .regularExpression) != nil
            else {
                throw LearningError(.invalid, "code: '\(given)' is not a class code (letters, "
                    + "digits, '.', '_' and '-', at most 40)")
            }
            guard try classID(code: given) == nil else {
                throw LearningError(.invalid, "a class with code '\(given)' exists")
            }
            code = given
        } else {
            code = try nextCode(course: course.code)
        }

        return try db.transaction {
            try db.execute("""
                INSERT INTO classes (code, course_code, trainer_id, hotspot_code, venue,
                    area_code, capacity, status, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)
                """, [code, course.code, trainerID, plan.hotspotCode, venue, areaCode,
                      plan.capacity, now])
            let id = db.lastInsertRowID
            let insert = try db.prepare(
                "INSERT INTO class_sessions (class_id, number, date) VALUES (?, ?, ?)")
            for (index, date) in plan.dates.enumerated() {
                try insert.execute([id, index + 1, date.description])
            }
            return TrainingClass(
                code: code, courseCode: course.code, trainerCode: plan.trainerCode,
                hotspotCode: plan.hotspotCode, venue: venue, areaCode: areaCode,
                capacity: plan.capacity, status: .open, note: nil, sample: false,
                sessions: plan.dates)
        }
    }

    /// The next free `<COURSE>-NN` code.
    func nextCode(course: String) throws -> String {
        let prefix = course + "-"
        var highest = 0
        for row in try db.query(
            "SELECT code FROM classes WHERE substr(code, 1, ?) = ?", [prefix.count, prefix])
        {
            let code: String = try row.get("code")
            if let number = Int(code.dropFirst(prefix.count)) { highest = max(highest, number) }
        }
        return prefix + String(format: "%02d", highest + 1)
    }

    /// The class with this code, if any.
    public func find(code: String) throws -> TrainingClass? {
        guard let row = try db.queryFirst("""
            SELECT c.*, t.code AS trainer_code FROM classes c
            JOIN trainers t ON t.id = c.trainer_id WHERE c.code = ?
            """, [code])
        else { return nil }
        return try trainingClass(row)
    }

    /// Classes with their counts, by first session date then code.
    public func summaries(
        status: ClassStatus? = nil, courseCode: String? = nil, areaCode: String? = nil
    ) throws -> [ClassSummary] {
        let rows = try db.query("""
            SELECT c.*, t.code AS trainer_code,
                (SELECT min(date) FROM class_sessions s WHERE s.class_id = c.id) AS first_date,
                count(e.id) FILTER (WHERE e.state = 'enrolled') AS enrolled,
                count(e.id) FILTER (WHERE e.state = 'waitlisted') AS waitlisted,
                count(e.id) FILTER (WHERE e.state = 'completed') AS completed,
                count(e.id) FILTER (WHERE e.state = 'not-completed') AS not_completed,
                count(e.id) FILTER (WHERE e.state = 'withdrawn') AS withdrawn
            FROM classes c JOIN trainers t ON t.id = c.trainer_id
            LEFT JOIN enrollments e ON e.class_id = c.id
            WHERE (?1 IS NULL OR c.status = ?1) AND (?2 IS NULL OR c.course_code = ?2)
                AND (?3 IS NULL OR c.area_code = ?3)
            GROUP BY c.id ORDER BY first_date, c.code
            """, [status?.rawValue, courseCode, areaCode])
        let sessions = try allSessions()
        return try rows.map { row in
            let id: Int64 = try row.get("id")
            return ClassSummary(
                trainingClass: try trainingClass(row, sessions: sessions[id] ?? []),
                enrolled: try row.get("enrolled"), waitlisted: try row.get("waitlisted"),
                completed: try row.get("completed"), notCompleted: try row.get("not_completed"),
                withdrawn: try row.get("withdrawn"))
        }
    }

    /// Cancels an open class; its enrolled and waitlisted learners are withdrawn. Returns
    /// how many enrollments were withdrawn.
    public func cancel(code: String, reason: String?, now: Date = Date()) throws -> Int {
        guard let found = try find(code: code), let id = try classID(code: code) else {
            throw LearningError(.notFound, "no class with code '\(code)'")
        }
        guard found.status == .open else {
            throw LearningError(.invalid, "class \(code) is \(found.status.rawValue); only an "
                + "open class can be cancelled")
        }
        let note = reason.map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        }
        if let note, let control = Text.controlCharacter(in: note) {
            throw LearningError(.invalid, "reason: contains a control character (\(control))")
        }
        return try db.transaction {
            try db.execute(
                "UPDATE classes SET status = 'cancelled', note = ?, closed_at = ? WHERE id = ?",
                [note?.isEmpty == false ? note : nil, now, id])
            try db.execute("""
                UPDATE enrollments SET state = 'withdrawn', reason = 'class cancelled',
                    changed_at = ?
                WHERE class_id = ? AND state IN ('enrolled', 'waitlisted')
                """, [now, id])
            return db.changes
        }
    }

    /// The row id of a class.
    func classID(code: String) throws -> Int64? {
        try db.scalar(Int64.self, "SELECT id FROM classes WHERE code = ?", [code])
    }

    private func allSessions() throws -> [Int64: [LocalDate]] {
        var sessions: [Int64: [LocalDate]] = [:]
        for row in try db.query(
            "SELECT class_id, date FROM class_sessions ORDER BY class_id, number")
        {
            let text: String = try row.get("date")
            if let date = LocalDate(text) {
                sessions[try row.get("class_id"), default: []].append(date)
            }
        }
        return sessions
    }

    private func trainingClass(_ row: Row, sessions: [LocalDate]? = nil) throws -> TrainingClass {
        let id: Int64 = try row.get("id")
        let dates = try sessions ?? db.query(
            "SELECT date FROM class_sessions WHERE class_id = ? ORDER BY number", [id]
        ).compactMap { LocalDate(try $0.get("date", as: String.self)) }
        let status: String = try row.get("status")
        return TrainingClass(
            code: try row.get("code"), courseCode: try row.get("course_code"),
            trainerCode: try row.get("trainer_code"), hotspotCode: try row.get("hotspot_code"),
            venue: try row.get("venue"), areaCode: try row.get("area_code"),
            capacity: try row.get("capacity"), status: ClassStatus(rawValue: status) ?? .open,
            note: try row.get("note"), sample: try row.get("sample"), sessions: dates)
    }
}
