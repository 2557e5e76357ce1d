import Foundation
import Storage

/// Whether an enrolled learner can still complete, as the trainer sees it mid-course.
public enum CompletionRisk: Sendable, Equatable {
    case onTrack
    /// One more absence, or a low score, and they will not complete.
    case atRisk(String)
    /// They can no longer reach the attendance the course asks.
    case cannotComplete(String)

    public var label: String {
        switch self {
        case .onTrack: "on track"
        case .atRisk: "at risk"
        case .cannotComplete: "cannot complete"
        }
    }

    public var reason: String? {
        switch self {
        case .onTrack: nil
        case .atRisk(let reason), .cannotComplete(let reason): reason
        }
    }
}

/// One learner on a class roster.
public struct RosterEntry: Sendable, Equatable {
    public var learnerCode: String
    /// Nil when the learner was forgotten.
    public var name: String?
    public var phone: String?
    public var state: EnrollmentState
    /// Position on the waitlist (1 = next), for waitlisted learners.
    public var waitlistPosition: Int?
    /// Per session: true present, false absent, nil not recorded.
    public var marks: [Bool?]
    public var score: Double?
    /// Why not completed, or why withdrawn.
    public var reason: String?
    /// For enrolled learners of an open class; nil otherwise.
    public var risk: CompletionRisk?

    public var attended: Int { marks.filter { $0 == true }.count }
}

/// A class as its trainer sees it: course, roster, attendance grid, who is at risk.
public struct ClassRoster: Sendable, Equatable {
    public var trainingClass: TrainingClass
    public var course: Course
    public var trainer: Trainer
    /// Enrolled (and, once closed, completed and not completed) first, then the waitlist in
    /// order, then withdrawn.
    public var entries: [RosterEntry]
    /// Sessions with any attendance recorded.
    public var recordedSessions: Set<Int>

    public var seatsTaken: Int {
        entries.filter { [.enrolled, .completed, .notCompleted].contains($0.state) }.count
    }
}

extension ClassStore {
    /// The roster of a class, with the risk of each enrolled learner of an open class.
    public func roster(code: String) throws -> ClassRoster {
        guard let found = try find(code: code), let id = try classID(code: code) else {
            throw LearningError(.notFound, "no class with code '\(code)'")
        }
        guard let course = try CourseStore(db).find(code: found.courseCode),
            let trainer = try TrainerStore(db).find(code: found.trainerCode)
        else {
            throw LearningError(.notFound, "class \(code) refers to a missing course or trainer")
        }
        let sessionCount = found.sessions.count
        var marks: [Int64: [Bool?]] = [:]
        var recorded: Set<Int> = []
        for row in try db.query(
            "SELECT learner_id, session_number, present FROM attendance WHERE class_id = ?", [id])
        {
            let learner: Int64 = try row.get("learner_id")
            let session: Int = try row.get("session_number")
            guard (1...sessionCount).contains(session) else { continue }
            recorded.insert(session)
            marks[learner, default: Array(repeating: nil, count: sessionCount)][session - 1] =
                try row.get("present", as: Bool.self)
        }

        var entries: [RosterEntry] = []
        var waitlist = 0
        for row in try db.query("""
            SELECT l.id, l.code, l.name, l.phone, e.state, e.score, e.reason
            FROM enrollments e JOIN learners l ON l.id = e.learner_id
            WHERE e.class_id = ?
            ORDER BY CASE e.state WHEN 'waitlisted' THEN 1 WHEN 'withdrawn' THEN 2 ELSE 0 END,
                CASE e.state WHEN 'waitlisted' THEN e.arrival ELSE 0 END, l.code
            """, [id])
        {
            let learnerID: Int64 = try row.get("id")
            let state = EnrollmentState(rawValue: try row.get("state")) ?? .enrolled
            var entry = RosterEntry(
                learnerCode: try row.get("code"), name: try row.get("name"),
                phone: try row.get("phone"), state: state, waitlistPosition: nil,
                marks: marks[learnerID] ?? Array(repeating: nil, count: sessionCount),
                score: try row.get("score"), reason: try row.get("reason"), risk: nil)
            if state == .waitlisted {
                waitlist += 1
                entry.waitlistPosition = waitlist
            }
            if state == .enrolled && found.status == .open {
                entry.risk = Self.risk(
                    marks: entry.marks, score: entry.score, rule: course.completion,
                    held: recorded)
            }
            entries.append(entry)
        }
        return ClassRoster(
            trainingClass: found, course: course, trainer: trainer, entries: entries,
            recordedSessions: recorded)
    }

    /// Judges one learner: sessions missed so far against the absences the rule allows.
    /// Only sessions with attendance recorded count as held: a past session the trainer has
    /// not entered yet says nothing about anyone.
    static func risk(
        marks: [Bool?], score: Double?, rule: CompletionRule, held: Set<Int>
    ) -> CompletionRisk {
        let total = marks.count
        let needed = rule.sessionsNeeded(of: total)
        let missed = held.filter { $0 <= total && marks[$0 - 1] != true }.count
        let reachable = total - missed
        if reachable < needed {
            return .cannotComplete("missed \(missed) of \(total) sessions; needs \(needed)")
        }
        let remaining = total - held.filter { $0 <= total }.count
        if reachable == needed && remaining > 0 {
            return .atRisk("missed \(missed); one more absence and the course's "
                + "\(CompletionRule.percent(rule.minimumAttendance)) is out of reach")
        }
        if let passMark = rule.passMark, let score, score < passMark {
            return .atRisk("scored \(CompletionRule.number(score)); the pass mark is "
                + CompletionRule.number(passMark))
        }
        return .onTrack
    }
}
