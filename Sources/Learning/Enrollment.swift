import Foundation
import Storage

/// What `enroll` did.
public struct EnrollResult: Sendable, Equatable {
    public var learnerCode: String
    public var classCode: String
    /// `enrolled`, or `waitlisted` when the class was full.
    public var state: EnrollmentState
    /// 1 for the first in line; nil when enrolled.
    public var waitlistPosition: Int?
    /// Things worth knowing that did not stop it (a missing prerequisite, a started class).
    public var warnings: [String]
}

/// What `withdraw` did.
public struct WithdrawResult: Sendable, Equatable {
    public var learnerCode: String
    public var classCode: String
    /// The state left: `enrolled` or `waitlisted`.
    public var previousState: EnrollmentState
    /// The waitlisted learner who got the freed seat, if any.
    public var promoted: PromotedLearner?
}

/// A learner moved from the waitlist to a seat.
public struct PromotedLearner: Sendable, Equatable {
    public var code: String
    /// Nil when the learner was forgotten.
    public var name: String?
}

/// Attendance written for one session.
public struct SessionTally: Sendable, Equatable {
    public var session: Int
    public var date: LocalDate
    public var present: Int
    public var absent: Int
}

/// What closing a class decided for one learner.
public struct ClosingEntry: Sendable, Equatable {
    public var learnerCode: String
    public var name: String?
    public var attended: Int
    public var score: Double?
    public var outcome: CompletionOutcome
}

/// What `close` did.
public struct CloseReport: Sendable, Equatable {
    public var classCode: String
    public var sessions: Int
    public var entries: [ClosingEntry]
    /// Learners still on the waitlist; they keep that state.
    public var waitlisted: Int
    public var warnings: [String]

    public var completed: Int { entries.filter { $0.outcome.state == .completed }.count }
    public var notCompleted: Int { entries.count - completed }
}

/// The enrollment lifecycle of a class: enroll, waitlist, withdraw and promote, attendance,
/// assessment, and completion when the class closes.
public struct EnrollmentDesk {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    /// A class as this desk needs it.
    struct ClassRecord {
        let id: Int64
        let code: String
        let courseCode: String
        let capacity: Int
        let status: ClassStatus
        let sessions: [LocalDate]
        let rule: CompletionRule
    }

    /// A learner as this desk needs it.
    struct LearnerRecord {
        let id: Int64
        let code: String
        let name: String?
        let forgotten: Bool
    }

    // MARK: - Enroll and withdraw

    /// Enrolls a learner, or puts them on the waitlist in arrival order when the class is
    /// full. A learner who withdrew may come back; they join at the end of the line.
    public func enroll(
        learnerCode: String, classCode: String, today: LocalDate = .today(), now: Date = Date()
    ) throws -> EnrollResult {
        try db.transaction {
            let record = try classRecord(classCode)
            let learner = try learnerRecord(learnerCode)
            guard record.status == .open else {
                throw LearningError(.invalid, "class \(classCode) is \(record.status.rawValue); "
                    + "it takes no enrollments")
            }
            guard !learner.forgotten else {
                throw LearningError(.invalid, "learner \(learnerCode) was forgotten; add them "
                    + "again to enroll them")
            }
            let existing = try db.queryFirst(
                "SELECT id, state FROM enrollments WHERE class_id = ? AND learner_id = ?",
                [record.id, learner.id])
            if let existing {
                let state = EnrollmentState(rawValue: try existing.get("state")) ?? .enrolled
                switch state {
                case .enrolled:
                    throw LearningError(
                        .invalid, "\(learnerCode) is already enrolled in \(classCode)")
                case .waitlisted:
                    let position = try waitlistPosition(
                        classID: record.id, enrollmentID: try existing.get("id"))
                    throw LearningError(.invalid, "\(learnerCode) is already on the waitlist "
                        + "of \(classCode) (position \(position))")
                case .completed, .notCompleted:
                    throw LearningError(.invalid, "\(learnerCode) already has a result in "
                        + "\(classCode) (\(state.rawValue))")
                case .withdrawn:
                    break
                }
            }

            let enrolled = try db.scalar(Int.self, """
                SELECT count(*) FROM enrollments WHERE class_id = ? AND state = 'enrolled'
                """, [record.id]) ?? 0
            let state: EnrollmentState = enrolled < record.capacity ? .enrolled : .waitlisted
            let arrival = (try db.scalar(
                Int.self, "SELECT max(arrival) FROM enrollments WHERE class_id = ?",
                [record.id]) ?? 0) + 1
            let enrollmentID: Int64
            if let existing {
                enrollmentID = try existing.get("id")
                try db.execute("""
                    UPDATE enrollments SET state = ?, arrival = ?, reason = NULL, score = NULL,
                        requested_at = ?, changed_at = ? WHERE id = ?
                    """, [state.rawValue, arrival, now, now, enrollmentID])
            } else {
                try db.execute("""
                    INSERT INTO enrollments (class_id, learner_id, state, arrival, requested_at,
                        changed_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, [record.id, learner.id, state.rawValue, arrival, now, now])
                enrollmentID = db.lastInsertRowID
            }

            var warnings: [String] = []
            for prerequisite in try missingPrerequisites(
                learnerID: learner.id, courseCode: record.courseCode)
            {
                warnings.append("\(learnerCode) has not completed \(prerequisite), which "
                    + "\(record.courseCode) asks for first")
            }
            let held = record.sessions.filter { $0 < today }.count
            if held > 0 && state == .enrolled {
                warnings.append("class \(classCode) started on \(record.sessions[0]); "
                    + "\(held) of \(record.sessions.count) sessions are already past")
            }
            return EnrollResult(
                learnerCode: learnerCode, classCode: classCode, state: state,
                waitlistPosition: state == .waitlisted
                    ? try waitlistPosition(classID: record.id, enrollmentID: enrollmentID) : nil,
                warnings: warnings)
        }
    }

    /// Withdraws a learner; when they had a seat, the first waitlisted learner gets it.
    public func withdraw(
        learnerCode: String, classCode: String, now: Date = Date()
    ) throws -> WithdrawResult {
        try db.transaction {
            let record = try classRecord(classCode)
            let learner = try learnerRecord(learnerCode)
            guard record.status == .open else {
                throw LearningError(.invalid, "class \(classCode) is \(record.status.rawValue); "
                    + "nobody can withdraw from it")
            }
            guard let row = try db.queryFirst(
                "SELECT id, state FROM enrollments WHERE class_id = ? AND learner_id = ?",
                [record.id, learner.id])
            else {
                throw LearningError(.invalid, "\(learnerCode) is not enrolled in \(classCode)")
            }
            let state = EnrollmentState(rawValue: try row.get("state")) ?? .withdrawn
            guard state == .enrolled || state == .waitlisted else {
                throw LearningError(.invalid, "\(learnerCode) is \(state.rawValue) in "
                    + "\(classCode), not enrolled or waitlisted")
            }
            try db.execute("""
                UPDATE enrollments SET state = 'withdrawn', reason = 'withdrew', changed_at = ?
                WHERE id = ?
                """, [now, try row.get("id", as: Int64.self)])

            var promoted: PromotedLearner?
            if state == .enrolled {
                promoted = try promoteFromWaitlist(record, now: now)
            }
            return WithdrawResult(
                learnerCode: learnerCode, classCode: classCode, previousState: state,
                promoted: promoted)
        }
    }

    /// Seats the first waitlisted learner when a seat is free.
    private func promoteFromWaitlist(_ record: ClassRecord, now: Date) throws -> PromotedLearner? {
        let enrolled = try db.scalar(Int.self, """
            SELECT count(*) FROM enrollments WHERE class_id = ? AND state = 'enrolled'
            """, [record.id]) ?? 0
        guard enrolled < record.capacity, let next = try db.queryFirst("""
            SELECT e.id, l.code, l.name FROM enrollments e JOIN learners l ON l.id = e.learner_id
            WHERE e.class_id = ? AND e.state = 'waitlisted' ORDER BY e.arrival LIMIT 1
            """, [record.id])
        else { return nil }
        try db.execute(
            "UPDATE enrollments SET state = 'enrolled', changed_at = ? WHERE id = ?",
            [now, try next.get("id", as: Int64.self)])
        return PromotedLearner(code: try next.get("code"), name: try next.get("name"))
    }

    private func waitlistPosition(classID: Int64, enrollmentID: Int64) throws -> Int {
        try db.scalar(Int.self, """
            SELECT count(*) FROM enrollments WHERE class_id = ? AND state = 'waitlisted'
                AND arrival <= (SELECT arrival FROM enrollments WHERE id = ?)
            """, [classID, enrollmentID]) ?? 0
    }

    private func missingPrerequisites(learnerID: Int64, courseCode: String) throws -> [String] {
        try db.query("""
            SELECT p.prerequisite_code FROM course_prerequisites p
            WHERE p.course_code = ? AND NOT EXISTS (
                SELECT 1 FROM enrollments e JOIN classes c ON c.id = e.class_id
                WHERE e.learner_id = ? AND e.state = 'completed'
                    AND c.course_code = p.prerequisite_code)
            ORDER BY p.prerequisite_code
            """, [courseCode, learnerID]).map { try $0.get(0, as: String.self) }
    }

    // MARK: - Attendance and assessment

    /// Marks the learners in `present` present at `session` and every other enrolled
    /// learner absent; replaces earlier marks of that session.
    public func recordAttendance(
        classCode: String, session: Int, present: [String], now: Date = Date()
    ) throws -> SessionTally {
        let record = try classRecord(classCode)
        // A closed class says so first: its learners are no longer "enrolled".
        guard record.status == .open else {
            throw LearningError(.invalid, "class \(classCode) is \(record.status.rawValue); "
                + "its attendance is final")
        }
        let enrolled = try enrolledCodes(classID: record.id)
        var marks: [String: Bool] = [:]
        for code in enrolled.keys { marks[code] = false }
        var strangers: [String] = []
        for code in present {
            if enrolled[code] != nil {
                marks[code] = true
            } else {
                strangers.append(code)
            }
        }
        if !strangers.isEmpty {
            throw LearningError(.invalid, try notEnrolledMessage(strangers, record))
        }
        let tallies = try recordAttendance(classCode: classCode, marks: [session: marks], now: now)
        return tallies[0]
    }

    /// Writes marks by session and learner code (true: present); every code must be
    /// enrolled in the class. Sessions are replaced whole: an enrolled learner missing from a
    /// session's marks is marked absent.
    public func recordAttendance(
        classCode: String, marks: [Int: [String: Bool]], now: Date = Date()
    ) throws -> [SessionTally] {
        try db.transaction {
            let record = try classRecord(classCode)
            guard record.status == .open else {
                throw LearningError(.invalid, "class \(classCode) is \(record.status.rawValue); "
                    + "its attendance is final")
            }
            let enrolled = try enrolledCodes(classID: record.id)
            for session in marks.keys.sorted() where !(1...record.sessions.count).contains(session)
            {
                throw LearningError(.invalid, "session \(session): class \(classCode) has "
                    + "sessions 1 to \(record.sessions.count)")
            }
            let strangers = marks.values.flatMap(\.keys).filter { enrolled[$0] == nil }
            if !strangers.isEmpty {
                throw LearningError(
                    .invalid, try notEnrolledMessage(Array(Set(strangers)).sorted(), record))
            }

            let delete = try db.prepare(
                "DELETE FROM attendance WHERE class_id = ? AND session_number = ?")
            let insert = try db.prepare("""
                INSERT INTO attendance (class_id, session_number, learner_id, present,
                    recorded_at)
                VALUES (?, ?, ?, ?, ?)
                """)
            var tallies: [SessionTally] = []
            for session in marks.keys.sorted() {
                let sessionMarks = marks[session] ?? [:]
                try delete.execute([record.id, session])
                var tally = SessionTally(
                    session: session, date: record.sessions[session - 1], present: 0, absent: 0)
                for (code, learnerID) in enrolled.sorted(by: { $0.key < $1.key }) {
                    let present = sessionMarks[code] ?? false
                    try insert.execute([record.id, session, learnerID, present, now])
                    if present { tally.present += 1 } else { tally.absent += 1 }
                }
                tallies.append(tally)
            }
            return tallies
        }
    }

    /// Records an assessment score (0–100) for an enrolled learner.
    public func assess(
        classCode: String, learnerCode: String, score: Double, now: Date = Date()
    ) throws {
        guard score.isFinite, (0...100).contains(score) else {
            throw LearningError(.invalid, "score: \(score) is not from 0 to 100")
        }
        try db.transaction {
            let record = try classRecord(classCode)
            let learner = try learnerRecord(learnerCode)
            guard record.status == .open else {
                throw LearningError(.invalid, "class \(classCode) is \(record.status.rawValue); "
                    + "its results are final")
            }
            // A score for a course without an assessment would never count: say so.
            guard record.rule.passMark != nil else {
                throw LearningError(.invalid, "class \(classCode): its course has no "
                    + "assessment (completion is by attendance only)")
            }
            let state = try db.scalar(
                String.self, "SELECT state FROM enrollments WHERE class_id = ? AND learner_id = ?",
                [record.id, learner.id])
            guard state == EnrollmentState.enrolled.rawValue else {
                throw LearningError(.invalid, "\(learnerCode) is "
                    + (state.map { "\($0) in \(classCode)" } ?? "not in \(classCode)")
                    + "; only enrolled learners are assessed")
            }
            try db.execute("""
                UPDATE enrollments SET score = ?, changed_at = ?
                WHERE class_id = ? AND learner_id = ?
                """, [score, now, record.id, learner.id])
        }
    }

    // MARK: - Closing

    /// Closes a class: every enrolled learner is completed or not completed by the course's
    /// rule, with the reason. Refused before the last session unless `early`, and, when
    /// `everySessionRecorded`, while a session has no attendance (closing is final: a
    /// forgotten roll sheet would count everyone absent).
    public func close(
        classCode: String, today: LocalDate = .today(), early: Bool = false,
        everySessionRecorded: Bool = false, now: Date = Date()
    ) throws -> CloseReport {
        try db.transaction {
            let record = try classRecord(classCode)
            guard record.status == .open else {
                throw LearningError(
                    .invalid, "class \(classCode) is already \(record.status.rawValue)")
            }
            if let last = record.sessions.last, last > today, !early {
                throw LearningError(.invalid, "class \(classCode) has sessions until \(last); "
                    + "close it after the last session, or give --early")
            }
            var warnings: [String] = []
            let recorded = Set(try db.query(
                "SELECT DISTINCT session_number FROM attendance WHERE class_id = ?", [record.id]
            ).map { try $0.get(0, as: Int.self) })
            let unrecorded = record.sessions.enumerated().filter {
                !recorded.contains($0.offset + 1)
            }
            if everySessionRecorded, let first = unrecorded.first {
                let list = unrecorded.map { "\($0.offset + 1) (\($0.element))" }
                    .joined(separator: ", ")
                throw LearningError(
                    .invalid, "class \(classCode): no attendance recorded for session"
                        + (unrecorded.count == 1 ? " " : "s ") + list + "; record it with "
                        + "'ketnoi attend \(classCode) --session \(first.offset + 1) …', or "
                        + "close with --force to count everyone absent there")
            }
            for (index, date) in unrecorded {
                warnings.append("session \(index + 1) (\(date)) has no attendance recorded; "
                    + "everyone counts as absent")
            }

            let rows = try db.query("""
                SELECT e.id, l.code, l.name, e.score,
                    (SELECT count(*) FROM attendance a WHERE a.class_id = e.class_id
                        AND a.learner_id = e.learner_id AND a.present = 1) AS attended
                FROM enrollments e JOIN learners l ON l.id = e.learner_id
                WHERE e.class_id = ? AND e.state = 'enrolled' ORDER BY l.code
                """, [record.id])
            let update = try db.prepare(
                "UPDATE enrollments SET state = ?, reason = ?, changed_at = ? WHERE id = ?")
            var entries: [ClosingEntry] = []
            for row in rows {
                let attended: Int = try row.get("attended")
                let score: Double? = try row.get("score")
                let outcome = record.rule.outcome(
                    attended: attended, sessions: record.sessions.count, score: score)
                try update.execute([
                    outcome.state.rawValue, outcome.reason, now, try row.get("id", as: Int64.self),
                ])
                entries.append(ClosingEntry(
                    learnerCode: try row.get("code"), name: try row.get("name"),
                    attended: attended, score: score, outcome: outcome))
            }
            try db.execute(
                "UPDATE classes SET status = 'closed', closed_at = ? WHERE id = ?",
                [now, record.id])
            let waitlisted = try db.scalar(Int.self, """
                SELECT count(*) FROM enrollments WHERE class_id = ? AND state = 'waitlisted'
                """, [record.id]) ?? 0
            return CloseReport(
                classCode: classCode, sessions: record.sessions.count, entries: entries,
                waitlisted: waitlisted, warnings: warnings)
        }
    }

    // MARK: - Lookups

    func classRecord(_ code: String) throws -> ClassRecord {
        guard let row = try db.queryFirst("""
            SELECT c.id, c.code, c.course_code, c.capacity, c.status, co.min_attendance,
                co.pass_mark
            FROM classes c JOIN courses co ON co.code = c.course_code WHERE c.code = ?
            """, [code])
        else {
            throw LearningError(.notFound, "no class with code '\(code)'")
        }
        let id: Int64 = try row.get("id")
        let sessions = try db.query(
            "SELECT date FROM class_sessions WHERE class_id = ? ORDER BY number", [id]
        ).compactMap { LocalDate(try $0.get(0, as: String.self)) }
        return ClassRecord(
            id: id, code: code, courseCode: try row.get("course_code"),
            capacity: try row.get("capacity"),
            status: ClassStatus(rawValue: try row.get("status")) ?? .open, sessions: sessions,
            rule: CompletionRule(
                minimumAttendance: try row.get("min_attendance"),
                passMark: try row.get("pass_mark")))
    }

    func learnerRecord(_ code: String) throws -> LearnerRecord {
        guard let row = try db.queryFirst(
            "SELECT id, code, name, forgotten_at FROM learners WHERE code = ?", [code])
        else {
            throw LearningError(.notFound, "no learner with code '\(code)'")
        }
        let forgotten: Date? = try row.get("forgotten_at")
        return LearnerRecord(
            id: try row.get("id"), code: code, name: try row.get("name"),
            forgotten: forgotten != nil)
    }

    /// Enrolled learners of a class: code → row id.
    func enrolledCodes(classID: Int64) throws -> [String: Int64] {
        var codes: [String: Int64] = [:]
        for row in try db.query("""
            SELECT l.code, l.id FROM enrollments e JOIN learners l ON l.id = e.learner_id
            WHERE e.class_id = ? AND e.state = 'enrolled'
            """, [classID])
        {
            codes[try row.get("code")] = try row.get("id")
        }
        return codes
    }

    /// `L000009 is not enrolled in PHONE-101-01 (waitlisted); L000010 …`.
    private func notEnrolledMessage(_ codes: [String], _ record: ClassRecord) throws -> String {
        var parts: [String] = []
        for code in codes {
            let state = try db.scalar(String.self, """
                SELECT e.state FROM enrollments e JOIN learners l ON l.id = e.learner_id
                WHERE e.class_id = ? AND l.code = ?
                """, [record.id, code])
            let exists = try db.scalar(Int.self, "SELECT 1 FROM learners WHERE code = ?", [code])
            if exists == nil {
                parts.append("\(code) is not a learner")
            } else {
                parts.append("\(code) is not enrolled in \(record.code)"
                    + (state.map { " (\($0))" } ?? ""))
            }
        }
        return parts.joined(separator: "; ")
    }
}
