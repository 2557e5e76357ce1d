import Foundation
@testable import Learning
import Storage
import Testing

// Mirrors Sources/Learning/Enrollment.swift, ClassRoster.swift and Certificate.swift: one
// class from enrollment to certificates, with exact states.

@Suite("enrollment lifecycle")
struct EnrollmentLifecycleTests {
    /// A WIFI-101 class (2 sessions, both must be attended, no assessment) of capacity 2.
    static func smallClass(_ programme: ProgrammeDatabase) throws -> TrainingClass {
        try ClassStore(programme.db).create(ClassPlan(
            courseCode: "WIFI-101", trainerCode: try programme.trainer(), hotspotCode: "CT-001",
            capacity: 2, dates: [.day("2026-03-02"), .day("2026-03-09")]))
    }

    @Test func capacityTwoThreeEnrollmentsOneWaitlistedAndAWithdrawalPromotes() throws {
        let programme = try ProgrammeDatabase()
        let made = try Self.smallClass(programme)
        let an = try programme.learner("Nguyễn Văn An", birthYear: 1960)
        let binh = try programme.learner("Trần Thị Bình", birthYear: 1971)
        let cuong = try programme.learner("Lê Văn Cường", birthYear: 1958)
        let desk = EnrollmentDesk(programme.db)

        #expect(made.code == "WIFI-101-01")
        #expect(made.areaCode == "31135")
        let first = try desk.enroll(learnerCode: an, classCode: made.code)
        let second = try desk.enroll(learnerCode: binh, classCode: made.code)
        let third = try desk.enroll(learnerCode: cuong, classCode: made.code)
        #expect(first.state == .enrolled)
        #expect(second.state == .enrolled)
        #expect(third.state == .waitlisted)
        #expect(third.waitlistPosition == 1)

        let withdrawal = try desk.withdraw(learnerCode: an, classCode: made.code)
        #expect(withdrawal.previousState == .enrolled)
        #expect(withdrawal.promoted == PromotedLearner(code: cuong, name: "Lê Văn Cường"))

        let roster = try ClassStore(programme.db).roster(code: made.code)
        #expect(roster.entries.map { "\($0.learnerCode) \($0.state.rawValue)" } == [
            "\(binh) enrolled", "\(cuong) enrolled", "\(an) withdrawn",
        ])
    }

    @Test func theWaitlistKeepsArrivalOrder() throws {
        let programme = try ProgrammeDatabase()
        let made = try Self.smallClass(programme)
        let desk = EnrollmentDesk(programme.db)
        var codes: [String] = []
        for name in ["An", "Bình", "Cường", "Dung", "Em"] {
            let code = try programme.learner("Phạm Văn \(name)")
            codes.append(code)
            _ = try desk.enroll(learnerCode: code, classCode: made.code)
        }
        // Dung leaves the waitlist; then a seat frees: Cường (first in line) gets it, and
        // Em moves up to position 1.
        _ = try desk.withdraw(learnerCode: codes[3], classCode: made.code)
        let freed = try desk.withdraw(learnerCode: codes[0], classCode: made.code)
        #expect(freed.promoted?.code == codes[2])

        let waitlist = try ClassStore(programme.db).roster(code: made.code).entries
            .filter { $0.state == .waitlisted }
        #expect(waitlist.map(\.learnerCode) == [codes[4]])
        #expect(waitlist.map(\.waitlistPosition) == [1])
    }

    @Test func attendanceBelowTheRuleIsNotCompletedWithTheReason() throws {
        let programme = try ProgrammeDatabase()
        let made = try Self.smallClass(programme)
        let an = try programme.learner("Nguyễn Văn An")
        let binh = try programme.learner("Trần Thị Bình")
        let desk = EnrollmentDesk(programme.db)
        _ = try desk.enroll(learnerCode: an, classCode: made.code)
        _ = try desk.enroll(learnerCode: binh, classCode: made.code)

        let first = try desk.recordAttendance(classCode: made.code, session: 1, present: [an, binh])
        let second = try desk.recordAttendance(classCode: made.code, session: 2, present: [an])
        #expect(first == SessionTally(session: 1, date: .day("2026-03-02"), present: 2, absent: 0))
        #expect(second == SessionTally(session: 2, date: .day("2026-03-09"), present: 1, absent: 1))

        let report = try desk.close(classCode: made.code, today: .day("2026-03-10"))
        #expect(report.entries.map { "\($0.learnerCode) \($0.outcome.state.rawValue)" } == [
            "\(an) completed", "\(binh) not-completed",
        ])
        #expect(report.entries[1].outcome.reason
            == "attended 1 of 2 sessions (50 %); the course asks at least 100 %")
        #expect(report.warnings == [])
        #expect(try ClassStore(programme.db).find(code: made.code)?.status == .closed)
    }

    @Test func aPassIsCompletedAndGetsACertificateFile() throws {
        let programme = try ProgrammeDatabase()
        let trainer = try programme.trainer("Võ Thị <Mai> & Co")
        let made = try ClassStore(programme.db).create(ClassPlan(
            courseCode: "PAY-201", trainerCode: trainer, hotspotCode: "CT-002", capacity: 10,
            dates: [.day("2026-04-01"), .day("2026-04-03"), .day("2026-04-06")]))
        let passes = try programme.learner("Nguyễn Thị Ánh Tuyết", birthYear: 1956)
        let fails = try programme.learner("Đặng Quốc Việt", birthYear: 1992)
        let unscored = try programme.learner("Lâm Thị Mỹ Xuyên", birthYear: 1967)
        let desk = EnrollmentDesk(programme.db)
        for code in [passes, fails, unscored] {
            _ = try desk.enroll(learnerCode: code, classCode: made.code)
        }
        for session in 1...3 {
            _ = try desk.recordAttendance(
                classCode: made.code, session: session, present: [passes, fails, unscored])
        }
        try desk.assess(classCode: made.code, learnerCode: passes, score: 85)
        try desk.assess(classCode: made.code, learnerCode: fails, score: 55)

        let report = try desk.close(classCode: made.code, today: .day("2026-04-07"))
        #expect(report.entries.map { "\($0.learnerCode) \($0.outcome.state.rawValue)" } == [
            "\(passes) completed", "\(fails) not-completed", "\(unscored) not-completed",
        ])
        #expect(report.entries.map(\.outcome.reason) == [
            nil, "scored 55; the pass mark is 70", "no assessment score; the pass mark is 70",
        ])

        let run = try CertificateDesk(programme.db).write(
            classCode: made.code, folder: programme.file("certificates"))
        #expect(run.written.count == 1)
        let (certificate, path) = try #require(run.written.first)
        #expect(path == programme.file("certificates/PAY-201-01-\(passes).html"))
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.contains("Nguyễn Thị Ánh Tuyết"))
        #expect(html.contains("Thanh toán bằng mã QR và ví điện tử"))
        #expect(html.contains("QR codes and mobile payments"))
        #expect(html.contains(certificate.code))
        #expect(html.contains("Võ Thị &lt;Mai&gt; &amp; Co"))
        #expect(!html.contains("<Mai>"))
        #expect(!html.contains("http"), "a certificate needs no network")
        let vietnamese = try #require(html.range(of: "GIẤY CHỨNG NHẬN"))
        let english = try #require(html.range(of: "Certificate of completion"))
        #expect(vietnamese.lowerBound < english.lowerBound)
        #expect(certificate.code.range(
            of: "^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$",
            options: .regularExpression) != nil)

        // The code is stored: a second run writes the same one, and it verifies.
        let again = try CertificateDesk(programme.db).write(
            classCode: made.code, folder: programme.file("certificates"))
        #expect(again.written.map(\.certificate.code) == [certificate.code])
        let verified = try CertificateDesk(programme.db).verify(
            code: certificate.code.lowercased().replacingOccurrences(of: "-", with: ""))
        #expect(verified?.learnerCode == passes)
        #expect(try CertificateDesk(programme.db).verify(code: "0000-0000-0000") == nil)
    }

    @Test func refusalsSayWhy() throws {
        let programme = try ProgrammeDatabase()
        let made = try Self.smallClass(programme)
        let an = try programme.learner("Nguyễn Văn An")
        let stranger = try programme.learner("Trần Văn Lạ")
        let desk = EnrollmentDesk(programme.db)
        _ = try desk.enroll(learnerCode: an, classCode: made.code)

        #expect(throws: LearningError(.invalid, "\(an) is already enrolled in WIFI-101-01")) {
            try desk.enroll(learnerCode: an, classCode: made.code)
        }
        #expect(throws: LearningError(.notFound, "no class with code 'NOPE'")) {
            try desk.enroll(learnerCode: an, classCode: "NOPE")
        }
        #expect(throws: LearningError(
            .invalid, "\(stranger) is not enrolled in WIFI-101-01; L999999 is not a learner"))
        {
            try desk.recordAttendance(
                classCode: made.code, session: 1, present: [an, stranger, "L999999"])
        }
        #expect(throws: LearningError(
            .invalid, "session 3: class WIFI-101-01 has sessions 1 to 2"))
        {
            try desk.recordAttendance(classCode: made.code, marks: [3: [an: true]])
        }
        #expect(throws: LearningError(.invalid, "class WIFI-101-01 has sessions until "
            + "2026-03-09; close it after the last session, or give --early"))
        {
            try desk.close(classCode: made.code, today: .day("2026-03-05"))
        }
        #expect(throws: LearningError(.invalid, "dates: 3 given; course WIFI-101 has 2 sessions"))
        {
            try ClassStore(programme.db).create(ClassPlan(
                courseCode: "WIFI-101", trainerCode: "T0001", hotspotCode: "CT-001",
                capacity: 2,
                dates: [.day("2026-03-02"), .day("2026-03-09"), .day("2026-03-16")]))
        }
    }

    @Test func theRosterJudgesWhoIsAtRisk() throws {
        let programme = try ProgrammeDatabase()
        let made = try ClassStore(programme.db).create(ClassPlan(
            courseCode: "PHONE-101", trainerCode: try programme.trainer(), hotspotCode: "CT-003",
            capacity: 10, dates: ClassPlan.dates(start: .day("2026-05-04"), count: 4,
                                                 everyDays: 7)))
        let steady = try programme.learner("Nguyễn Văn An")
        let shaky = try programme.learner("Trần Thị Bình")
        let gone = try programme.learner("Lê Văn Cường")
        let desk = EnrollmentDesk(programme.db)
        for code in [steady, shaky, gone] {
            _ = try desk.enroll(learnerCode: code, classCode: made.code)
        }
        _ = try desk.recordAttendance(classCode: made.code, session: 1, present: [steady, shaky])
        _ = try desk.recordAttendance(classCode: made.code, session: 2, present: [steady])

        let risks = try ClassStore(programme.db).roster(code: made.code).entries.map(\.risk)
        #expect(risks == [
            .onTrack,
            .atRisk("missed 1; one more absence and the course's 75 % is out of reach"),
            .cannotComplete("missed 2 of 4 sessions; needs 3"),
        ])
    }

    @Test(arguments: [
        (0.75, 4, 3), (0.66, 3, 2), (1.0, 2, 2), (0.5, 3, 2), (0.8, 5, 4), (0.75, 1, 1),
    ])
    func sessionsNeeded(share: Double, sessions: Int, needed: Int) {
        #expect(CompletionRule(minimumAttendance: share).sessionsNeeded(of: sessions) == needed)
    }
}
