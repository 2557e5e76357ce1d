import Foundation
@testable import Learning
import Storage
import Testing

// Mirrors LearnerStore.forget and LearningStore.enrollmentFacts: forgetting leaves no
// personal field anywhere and the programme's counts as they were.

@Suite("forgetting a learner")
struct ForgetTests {
    /// A closed class with three learners and an open one, so facts have several states.
    static func programme() throws -> (ProgrammeDatabase, forgotten: String) {
        let programme = try ProgrammeDatabase()
        let trainer = try programme.trainer()
        let closed = try ClassStore(programme.db).create(ClassPlan(
            courseCode: "WIFI-101", trainerCode: trainer, hotspotCode: "CT-001", capacity: 5,
            dates: [.day("2026-02-02"), .day("2026-02-04")]))
        let open = try ClassStore(programme.db).create(ClassPlan(
            courseCode: "SAFE-201", trainerCode: trainer, hotspotCode: "CT-010", capacity: 1,
            dates: ClassPlan.dates(start: .day("2027-01-04"), count: 4, everyDays: 7)))
        let hoa = try programme.learner(
            "Lê Thị Hoa Quỳnh", birthYear: 1958, gender: .female, ward: "31135",
            phone: "0912 888 777")
        let tam = try programme.learner("Trần Minh Tâm", birthYear: 1990, gender: .male)
        let bay = try programme.learner("Ngô Văn Bảy", birthYear: 1949, gender: .male)
        let desk = EnrollmentDesk(programme.db)
        for code in [hoa, tam, bay] {
            _ = try desk.enroll(learnerCode: code, classCode: closed.code)
        }
        _ = try desk.recordAttendance(classCode: closed.code, session: 1, present: [hoa, tam, bay])
        _ = try desk.recordAttendance(classCode: closed.code, session: 2, present: [hoa, bay])
        _ = try desk.close(classCode: closed.code, today: .day("2026-02-05"))
        _ = try desk.enroll(learnerCode: tam, classCode: open.code)
        _ = try desk.enroll(learnerCode: hoa, classCode: open.code)
        _ = try CertificateDesk(programme.db).write(
            classCode: closed.code, folder: programme.file("certificates"))
        return (programme, hoa)
    }

    /// Every byte of the database: the main file and, if present, its write-ahead log.
    static func fileBytes(_ path: String) throws -> [UInt8] {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        if let log = FileManager.default.contents(atPath: path + "-wal") {
            bytes += [UInt8](log)
        }
        return bytes
    }

    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard pattern.count <= haystack.count else { return false }
        return (0...(haystack.count - pattern.count)).contains {
            haystack[$0..<($0 + pattern.count)].elementsEqual(pattern)
        }
    }

    @Test func forgetLeavesNoPersonalFieldAnywhereInTheDatabase() throws {
        let (programme, hoa) = try Self.programme()
        let personal = ["Lê Thị Hoa Quỳnh", "le thi hoa quynh", "0912888777"]
        let before = try Self.fileBytes(programme.path)
        for text in personal {
            #expect(Self.contains(before, text), "the test must see '\(text)' before forgetting")
        }

        let truncated = try LearnerStore(programme.db).forget(
            code: hoa, today: .day("2026-12-03"))

        #expect(truncated)
        let after = try Self.fileBytes(programme.path)
        for text in personal {
            #expect(!Self.contains(after, text), "'\(text)' is still in the database file")
        }
        // The birth year is gone from the record, and no query can find it elsewhere.
        let row = try #require(try programme.db.queryFirst(
            "SELECT name, name_key, phone, birth_year, forgotten_age_band FROM learners "
                + "WHERE code = ?", [hoa]))
        #expect(row.values == [.null, .null, .null, .null, .text("65+")])
        #expect(try LearnerStore(programme.db).find(code: "L000002")?.name == "Trần Minh Tâm")
    }

    @Test func forgetKeepsTheProgrammesCounts() throws {
        let (programme, hoa) = try Self.programme()
        let store = LearningStore(programme.db)
        let filter = EnrollmentFactFilter(referenceDate: .day("2026-12-03"))
        let facts = try store.enrollmentFacts(filter)
        let summary = try store.summary()

        try LearnerStore(programme.db).forget(code: hoa, today: .day("2026-12-03"))

        #expect(try store.enrollmentFacts(filter) == facts)
        var expected = summary
        expected.forgottenLearners = 1
        #expect(try store.summary() == expected)
        #expect(facts.map(\.count).reduce(0, +) == 5)
        #expect(facts.contains(EnrollmentFact(
            areaCode: "31135", gender: .female, ageBand: .from65, disability: .notSpecified,
            lowIncome: .notSpecified, state: .completed, count: 1)))
    }

    @Test func aForgottenLearnerCannotBeForgottenAgainOrEnrolled() throws {
        let (programme, hoa) = try Self.programme()
        try LearnerStore(programme.db).forget(code: hoa)

        #expect(throws: LearningError(.invalid, "learner \(hoa) was already forgotten")) {
            try LearnerStore(programme.db).forget(code: hoa)
        }
        let history = try LearnerStore(programme.db).history(code: hoa)
        #expect(history.map(\.state) == [.completed, .waitlisted])
        #expect(history[0].certificateCode != nil)
    }
}
