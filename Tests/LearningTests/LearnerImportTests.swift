import Foundation
@testable import Learning
import Places
import Storage
import Tabular
import Testing

// Mirrors Sources/Learning/LearnerImport.swift and RollSheet.swift: the files trainers have.

@Suite("learner import")
struct LearnerImportTests {
    static let names = [
        "Nguyễn Thị Ánh Tuyết", "Trần Văn Đức", "Lê Hoàng Phúc", "Phạm Thị Ngọc Hạnh",
        "Huỳnh Văn Lộc", "Võ Thị Kiều Oanh", "Đặng Quốc Việt", "Lâm Thị Mỹ Xuyên",
    ]

    func imported(_ fixture: String, encoding: TextEncoding = .utf8) throws -> [Learner] {
        let programme = try ProgrammeDatabase(withCourses: false)
        let result = try LearnerImporter(programme.db).importFile(
            Paths.fixture(fixture), csv: CSVReadOptions(encoding: encoding),
            today: .day("2026-12-03"))
        #expect(result.report.problems.map(\.description) == [])
        #expect(result.report.created == 8)
        return try LearnerStore(programme.db).all()
    }

    @Test func aSpreadsheetSavedRosterImportsTheSameAsItsUTF8Twin() throws {
        let plain = try imported("roster-utf8.csv")
        let excel = try imported("roster-excel-utf8-bom.csv")
        let windows = try imported("roster-excel-cp1258.csv", encoding: .windows1258)

        #expect(plain.compactMap(\.name) == Self.names)
        #expect(excel.compactMap(\.name) == Self.names)
        #expect(windows.compactMap(\.name) == Self.names)
        // Same bytes, not only the same look: NFC throughout.
        #expect(windows.compactMap { $0.name.map { Array($0.utf8) } }
            == Self.names.map { Array($0.utf8) })
        func fields(_ learners: [Learner]) -> [Learner] {
            learners.map { var learner = $0; learner.source = ""; return learner }
        }
        #expect(fields(windows) == fields(plain))
        #expect(fields(excel) == fields(plain))
    }

    @Test func rowsBecomeLearnersWithTheirGroupFields() throws {
        let learners = try imported("roster-utf8.csv")
        let rows = learners.map {
            [$0.code, String($0.birthYear ?? 0), $0.gender.rawValue, $0.phone ?? "-",
             $0.areaCode ?? "-", $0.disability.rawValue, $0.lowIncome.rawValue].joined(
                separator: " ")
        }
        #expect(rows == [
            "L000001 1956 female 0912345601 31135 no yes",
            "L000002 1961 male - 31135 no no",
            "L000003 2004 male 0939111222 31120 not-specified not-specified",
            "L000004 1978 female 0907222333 31147 yes yes",
            "L000005 1949 male - 31168 no yes",
            "L000006 1985 female 0868444555 31147 no no",
            "L000007 1992 other - 31135 not-specified no",
            "L000008 1967 not-specified 0779666777 31186 no not-specified",
        ])
    }

    @Test func theSampleRosterInCurriculaImports() throws {
        let programme = try ProgrammeDatabase(withCourses: false)
        let result = try LearnerImporter(programme.db).importFile(
            Paths.bundled("curricula/rosters/phone-101-ninh-kieu.csv"))

        #expect(result.report.problems.map(\.description) == [])
        #expect(result.report.created == 8)
        let learners = try LearnerStore(programme.db).all()
        #expect(learners.last?.name == "Thạch Thị Sa Rết")
        #expect(Set(learners.compactMap(\.areaCode)) == ["31120", "31135", "31147", "31150"])
    }

    @Test func aFileWithOneBadRowWritesNothingAndNamesTheRow() throws {
        let programme = try ProgrammeDatabase(withCourses: false)
        let path = Paths.fixture("roster-bad-row.csv")
        let result = try LearnerImporter(programme.db).importFile(path)

        #expect(result.report.problems.map(\.description) == [
            "\(path):4: birth_year: '19x8' is not a year (1958) or a date (12/03/1958)",
        ])
        #expect(result.report.wrote == false)
        #expect(result.report.created == 0)
        #expect(try LearnerStore(programme.db).count() == 0)
    }

    @Test func skipInvalidWritesTheOtherRows() throws {
        let programme = try ProgrammeDatabase(withCourses: false)
        let result = try LearnerImporter(programme.db).importFile(
            Paths.fixture("roster-bad-row.csv"), mode: .skipInvalid)

        #expect(result.report.created == 3)
        #expect(result.report.skipped == 1)
        #expect(try LearnerStore(programme.db).all().compactMap(\.name)
            == ["Nguyễn Văn An", "Trần Thị Bé", "Phạm Thị Dung"])
    }

    @Test func everyProblemOfARowIsListed() throws {
        let programme = try ProgrammeDatabase(withCourses: false)
        let path = try programme.write("bad.csv", """
            name,birth_year,gender,phone,ward,disability
            ,2031,bà,12345,Phường Không Có,hình như
            Trần Văn Hai,1880,nam,,,
            """)
        let result = try LearnerImporter(programme.db).importFile(
            path, today: .day("2026-12-03"))

        #expect(result.report.problems.map(\.description) == [
            "\(path):2: name: empty",
            "\(path):2: birth_year: 2031 is in the future",
            "\(path):2: phone: '12345' is not a phone number (10 digits starting with 0, or +84…)",
            "\(path):2: gender: 'bà' is not one of nữ, nam, khác (female, male, other) or empty",
            "\(path):2: disability: 'hình như' is not có or không (yes, no) or empty",
            "\(path):2: ward: 'Phường Không Có' is not an imported area (give its code or name)",
            "\(path):3: birth_year: 1880 is before 1900",
        ])
    }

    @Test func likelyDuplicatesAreFlaggedNotCreated() throws {
        let programme = try ProgrammeDatabase(withCourses: false)
        let known = try programme.learner(
            "Nguyễn Thị Ánh Tuyết", birthYear: 1956, ward: "31120", phone: "0912345601")
        let path = try programme.write("again.csv", """
            Họ và tên,Năm sinh,Số điện thoại,Phường/Xã
            NGUYỄN THỊ ÁNH TUYẾT,1956,0912.345.601,Ninh Kiều
            Trần Văn Đức,1961,,Ninh Kiều
            Trần  Văn  Đức,1961,,31135
            Trần Văn Đức,1962,,31135
            """)
        let result = try LearnerImporter(programme.db).importFile(path)

        #expect(result.duplicates.map(\.description) == [
            "\(path):2: likely the same person as \(known) (same name, birth year and phone); "
                + "not created",
            "\(path):4: likely the same person as line 3 (same name, birth year and ward); "
                + "not created",
        ])
        #expect(result.report.created == 2)
        #expect(try LearnerStore(programme.db).count() == 3)
    }

    @Test func aRosterEnrollsIntoAClassInFileOrder() throws {
        let programme = try ProgrammeDatabase()
        let made = try ClassStore(programme.db).create(ClassPlan(
            courseCode: "SAFE-201", trainerCode: try programme.trainer(), hotspotCode: "CT-001",
            capacity: 6, dates: ClassPlan.dates(start: .day("2026-09-07"), count: 4,
                                                everyDays: 7)))
        let result = try LearnerImporter(programme.db).importFile(
            Paths.fixture("roster-utf8.csv"), classCode: made.code)

        #expect(result.enrolled == 6)
        #expect(result.waitlisted == 2)
        let waitlist = try ClassStore(programme.db).roster(code: made.code).entries
            .filter { $0.state == .waitlisted }.compactMap(\.name)
        #expect(waitlist == ["Đặng Quốc Việt", "Lâm Thị Mỹ Xuyên"])
    }

    @Test func aRollSheetTypedFromPaperRecordsEverySessionMarked() throws {
        let programme = try ProgrammeDatabase()
        let made = try ClassStore(programme.db).create(ClassPlan(
            courseCode: "PHONE-101", trainerCode: try programme.trainer(),
            hotspotCode: "CT-002", capacity: 3,
            dates: ClassPlan.dates(start: .day("2026-10-05"), count: 4, everyDays: 7)))
        _ = try LearnerImporter(programme.db).importFile(
            Paths.fixture("roster-utf8.csv"), classCode: made.code)
        for (fixture, encoding) in [
            ("roll-names-utf8.csv", TextEncoding.utf8), ("roll-names-cp1258.csv", .windows1258),
        ] {
            let sheet = try RollSheet.read(
                path: Paths.fixture(fixture), csv: CSVReadOptions(encoding: encoding),
                classCode: made.code, session: nil, db: programme.db)
            #expect(sheet.problems.map(\.description) == [])
            #expect(sheet.marks == [
                1: ["L000001": true, "L000002": true, "L000003": false],
                2: ["L000001": true, "L000002": false, "L000003": false],
                3: ["L000001": true, "L000002": true, "L000003": true],
            ])
        }
    }

    @Test func aRollSheetNamingSomeoneNotEnrolledIsRefusedWhole() throws {
        let programme = try ProgrammeDatabase()
        let made = try ClassStore(programme.db).create(ClassPlan(
            courseCode: "WIFI-101", trainerCode: try programme.trainer(), hotspotCode: "CT-002",
            capacity: 3, dates: [.day("2026-10-05"), .day("2026-10-06")]))
        let an = try programme.learner("Nguyễn Văn An")
        _ = try EnrollmentDesk(programme.db).enroll(learnerCode: an, classCode: made.code)
        let path = try programme.write("roll.csv", """
            mã;họ và tên;có mặt
            \(an);Nguyễn Văn An;x
            L000777;Ai Đó;x
            ;Trần Văn Lạ;có
            \(an);Nguyễn Văn An;có lẽ
            """)
        let sheet = try RollSheet.read(
            path: path, classCode: made.code, session: 1, db: programme.db)

        #expect(sheet.problems.map(\.description) == [
            "\(path):3: mã: L000777 is not enrolled in WIFI-101-01",
            "\(path):4: họ và tên: 'Trần Văn Lạ' is not enrolled in WIFI-101-01",
            "\(path):5: có mặt: 'có lẽ' is not a mark (x, 1, có for present; -, 0, vắng or "
                + "empty for absent)",
        ])
    }
}
