import Foundation
import Testing

// Mirrors Sources/ketnoi/Commands/CourseCommands.swift, ClassCommands.swift,
// LearnerCommands.swift, EnrollmentCommands.swift and LearningCommands.swift: the
// digital-literacy programme through the binary.

extension Paths {
    static let curricula = bundled("curricula")
    static func learningFixture(_ name: String) -> String { fixture("learning/" + name) }
}

extension Sandbox {
    /// Wards, hotspots and the curricula imported, as a trainer's database starts.
    func programme(sourceLocation: SourceLocation = #_sourceLocation) throws {
        for arguments in [
            ["areas", "import", Paths.wardsCSV], ["hotspots", "import", Paths.hotspotsCSV],
            ["courses", "import", Paths.curricula],
        ] {
            let outcome = try run(arguments)
            try #require(outcome.status == 0, "\(outcome)", sourceLocation: sourceLocation)
        }
    }

    /// A WIFI-101 class (two sessions, 2 and 9 March 2026) with one learner, L000001, enrolled.
    func oneLearnerClass(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try programme(sourceLocation: sourceLocation)
        for arguments in [
            ["trainers", "add", "--name", "Lê Văn Tám"],
            ["classes", "create", "--course", "WIFI-101", "--trainer", "T0001", "--hotspot",
             "CT-001", "--capacity", "5", "--dates", "2026-03-02,2026-03-09"],
            ["learners", "add", "--name", "Lê Văn Chín"],
            ["enroll", "L000001", "WIFI-101-01"],
        ] {
            try ok(arguments, sourceLocation: sourceLocation)
        }
    }

    /// Runs and requires exit 0; returns stdout.
    @discardableResult
    func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws
        -> String
    {
        let outcome = try run(arguments)
        #expect(outcome.status == 0, "\(outcome)", sourceLocation: sourceLocation)
        return outcome.stdout
    }
}

@Suite("ketnoi courses")
struct CourseCommandsTests {
    @Test func theBundledCourseFilesValidate() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["courses", "validate", Paths.curricula])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout == "9 course files checked, all valid\n")
        #expect(outcome.stderr == "")
    }

    @Test func aBrokenCourseFileListsEveryProblemAndExits65() throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(
            atPath: sandbox.path("courses"), withIntermediateDirectories: true)
        try sandbox.write("courses/phone-101.json", try String(
            contentsOfFile: Paths.curricula + "/phone-101.json", encoding: .utf8))
        try sandbox.write("courses/bad.json", """
            {"format": 1, "code": "BAD-1", "title": {"vi": "Hỏng", "en": "Broken"},
             "description": {"vi": "", "en": "x"}, "audience": {"vi": "a", "en": "b"},
             "hours": 2, "sessions": 2, "level": 1, "competences": ["vn-5kn:4"],
             "completion": {"minAttendance": 0.5, "passMark": 120},
             "prerequisites": ["PHONE-101", "BAD-1"]}
            """)
        let outcome = try sandbox.run(["courses", "validate", "courses"])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stdout == "2 course files checked, 1 with problems\n")
        #expect(outcome.stderrLines == [
            "courses/bad.json: code: 'BAD-1' does not match the file name (expected "
                + "bad-1.json)",
            "courses/bad.json: description.vi: empty",
            "courses/bad.json: competences: no digcomp: or dlgf: tag; every course names at "
                + "least one",
            "courses/bad.json: completion.passMark: 120 is not a score from 0 to 100",
            "courses/bad.json: prerequisites[1]: a course cannot require itself",
            "ketnoi: error: 5 problem(s) in 1 course file(s)",
        ])
    }

    @Test func importListAndShow() throws {
        let sandbox = try Sandbox()
        let imported = try sandbox.ok(["courses", "import", Paths.curricula])
        #expect(imported == "\(Paths.curricula): 9 course files; courses 9 created, 0 updated\n")
        let again = try sandbox.ok(["courses", "import", Paths.curricula])
        #expect(again == "\(Paths.curricula): 9 course files; courses 0 created, 9 updated\n")

        let list = try sandbox.json(["courses", "list"])
        #expect(list.kind == "courses")
        #expect(list.list.count == 9)
        let show = try sandbox.ok(["courses", "show", "SAFE-201"])
        #expect(show.hasPrefix(
            "SAFE-201  Nhận diện lừa đảo trực tuyến và bảo vệ dữ liệu cá nhân\n"
                + "            Spotting online scams and protecting personal data\n"))
        #expect(show.contains(
            "completion:    attend at least 75 % (3 of 4 sessions), score at least 70\n"))
        let missing = try sandbox.run(["courses", "show", "NOPE-1"])
        #expect(missing.status == 66)
        #expect(missing.stderrLines == ["ketnoi: error: no course with code 'NOPE-1'"])
    }
}

@Suite("ketnoi classes, enroll, withdraw, attend, assess, certificates")
struct EnrollmentCommandsTests {
    @Test func theWholeLifecycleWithExactStates() throws {
        let sandbox = try Sandbox()
        try sandbox.programme()
        #expect(try sandbox.ok(["trainers", "add", "--name", "Nguyễn Thị Lan"])
            == "added T0001 Nguyễn Thị Lan\n")
        #expect(try sandbox.ok([
            "classes", "create", "--course", "WIFI-101", "--trainer", "T0001", "--hotspot",
            "CT-001", "--capacity", "2", "--dates", "2026-03-02,2026-03-09",
        ]) == "created WIFI-101-01: Dùng Wi-Fi công cộng an toàn, 2 sessions from 2026-03-02 "
            + "to 2026-03-09, 2 seats at Bến Ninh Kiều, Đường Hai Bà Trưng, phường Ninh Kiều\n")
        for (name, year) in [("Trần Văn Bảy", "1958"), ("Lê Thị Hoa", "1970"),
                             ("Phạm Văn Tư", "1949")]
        {
            try sandbox.ok(["learners", "add", "--name", name, "--birth-year", year, "--ward",
                            "31135"])
        }

        // Capacity 2, three enrollments: the third is waitlisted.
        #expect(try sandbox.ok(["enroll", "L000001", "WIFI-101-01"])
            == "L000001 enrolled in WIFI-101-01\n")
        #expect(try sandbox.ok(["enroll", "L000002", "WIFI-101-01"])
            == "L000002 enrolled in WIFI-101-01\n")
        let third = try sandbox.json(["enroll", "L000003", "WIFI-101-01"])
        #expect(third.kind == "enrollment")
        #expect(third.data["state"] as? String == "waitlisted")
        #expect(third.data["waitlistPosition"] as? Int == 1)

        // A withdrawal promotes them, and says who.
        #expect(try sandbox.ok(["withdraw", "L000001", "WIFI-101-01"])
            == "L000001 withdrawn from WIFI-101-01; L000003 Phạm Văn Tư moves from the "
                + "waitlist to the freed seat\n")

        // Attendance below the rule: not completed, with the reason.
        #expect(try sandbox.ok(["attend", "WIFI-101-01", "--session", "1", "--present",
                                "L000002,L000003"])
            == "WIFI-101-01 session 1 (2026-03-02): 2 present, 0 absent\n")
        #expect(try sandbox.ok(["attend", "WIFI-101-01", "--session", "2", "--present",
                                "L000003"])
            == "WIFI-101-01 session 2 (2026-03-09): 1 present, 1 absent\n")
        let show = try sandbox.json(["classes", "show", "WIFI-101-01"])
        let entries = try #require(show.data["entries"] as? [[String: Any]])
        #expect(entries.map {
            "\($0["code"] as? String ?? "") \($0["state"] as? String ?? "") "
                + ($0["risk"] as? String ?? "-")
        } == ["L000002 enrolled cannot complete", "L000003 enrolled on track",
              "L000001 withdrawn -"])

        let closed = try sandbox.run(["classes", "close", "WIFI-101-01"])
        #expect(closed.status == 0, "\(closed)")
        #expect(closed.stdoutLines == [
            "L000002 Lê Thị Hoa: not-completed (attended 1 of 2 sessions (50 %); the course "
                + "asks at least 100 %)",
            "L000003 Phạm Văn Tư: completed",
            "closed WIFI-101-01: 1 completed, 1 not completed",
        ])

        // A completer gets a certificate file.
        let folder = sandbox.path("certificates")
        let certificates = try sandbox.json(["certificates", "WIFI-101-01", "--out", folder])
        let written = certificates.object["data"] as? [[String: Any]] ?? []
        #expect(written.count == 1)
        #expect(written.first?["learner"] as? String == "L000003")
        let file = folder + "/WIFI-101-01-L000003.html"
        #expect(written.first?["file"] as? String == file)
        let html = try String(contentsOfFile: file, encoding: .utf8)
        #expect(html.contains("Phạm Văn Tư"))
        let code = try #require(written.first?["code"] as? String)
        #expect(html.contains(code))
        let verified = try sandbox.run(["certificates", "--verify", code])
        #expect(verified.stdout == "\(code): valid. Phạm Văn Tư (L000003) completed WIFI-101 "
            + "Dùng Wi-Fi công cộng an toàn, class WIFI-101-01, 2026-03-02 to 2026-03-09\n")

        let history = try sandbox.json(["learners", "show", "L000003"])
        let rows = history.data["history"] as? [[String: Any]] ?? []
        #expect(rows.first?["state"] as? String == "completed")
        #expect(rows.first?["certificate"] as? String == code)
    }

    @Test func aRollSheetAndTheRosterExport() throws {
        let sandbox = try Sandbox()
        try sandbox.programme()
        try sandbox.ok(["trainers", "add", "--name", "Huỳnh Minh Trí"])
        try sandbox.ok([
            "classes", "create", "--course", "PHONE-101", "--trainer", "T0001", "--hotspot",
            "CT-002", "--capacity", "3", "--start", "2026-10-05",
        ])
        let imported = try sandbox.run([
            "learners", "import", "--class", "PHONE-101-01",
            Paths.learningFixture("roster-utf8.csv"),
        ])
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdoutLines.last == "PHONE-101-01: 3 enrolled, 5 waitlisted")

        let roll = try sandbox.run([
            "attend", "PHONE-101-01", "--roll", Paths.learningFixture("roll-names-cp1258.csv"),
            "--encoding", "windows-1258",
        ])
        #expect(roll.status == 0, "\(roll)")
        #expect(roll.stdoutLines == [
            "PHONE-101-01 session 1 (2026-10-05): 2 present, 1 absent",
            "PHONE-101-01 session 2 (2026-10-12): 1 present, 2 absent",
            "PHONE-101-01 session 3 (2026-10-19): 3 present, 0 absent",
        ])

        try sandbox.ok(["classes", "roster", "PHONE-101-01", "--out", "roster.csv"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: sandbox.path("roster.csv")))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "a BOM, so spreadsheets read UTF-8")
        let csv = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(csv.hasSuffix("\r\n"))
        let lines = Outcome.lines(csv.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(lines.first == "code,name,phone,state,session 1,session 2,session 3,"
            + "session 4,attended,score,result")
        #expect(lines[1] == "L000001,Nguyễn Thị Ánh Tuyết,0912345601,enrolled,x,x,x,,3,,on track")
        #expect(lines[2] == "L000002,Trần Văn Đức,,enrolled,x,-,x,,2,,at risk")
        #expect(lines.count == 9)

        // The exported roster, filled in, goes back as a roll sheet.
        let filled = csv.replacingOccurrences(of: "x,x,x,,3", with: "x,x,x,x,3")
        try sandbox.write("filled.csv", filled)
        let back = try sandbox.run(["attend", "PHONE-101-01", "--roll", "filled.csv"])
        #expect(back.status == 0, "\(back)")
        #expect(back.stdoutLines.last
            == "PHONE-101-01 session 4 (2026-10-26): 1 present, 2 absent")

        // A name a spreadsheet would run as a formula is written as text.
        try sandbox.ok(["learners", "add", "--name", "=HYPERLINK(\"http://x/\";\"y\")"])
        try sandbox.ok(["enroll", "L000009", "PHONE-101-01"])
        let withFormula = try sandbox.ok(["classes", "roster", "PHONE-101-01"])
        #expect(withFormula.contains("L000009,\"'=HYPERLINK(\"\"http://x/\"\";\"\"y\"\")\""),
                "\(withFormula)")
    }

    /// Closing is final: a session without a roll stops it, unless the trainer says so.
    @Test func aClassWithASessionWithoutARollClosesOnlyWithForce() throws {
        let sandbox = try Sandbox()
        try sandbox.oneLearnerClass()
        try sandbox.ok(["attend", "WIFI-101-01", "--session", "1", "--present", "L000001"])
        // WIFI-101 completes by attendance alone: a score would never count.
        let scored = try sandbox.run(["assess", "WIFI-101-01", "L000001", "80"])
        #expect(scored.status == 65, "\(scored)")
        #expect(scored.stderrLines.first == "ketnoi: error: class WIFI-101-01: its course has no "
            + "assessment (completion is by attendance only)")
        let refused = try sandbox.run(["classes", "close", "WIFI-101-01"])
        #expect(refused.status == 65, "\(refused)")
        #expect(refused.stderrLines.first == "ketnoi: error: class WIFI-101-01: no attendance "
            + "recorded for session 2 (2026-03-09); record it with 'ketnoi attend WIFI-101-01 "
            + "--session 2 …', or close with --force to count everyone absent there")
        let forced = try sandbox.run(["classes", "close", "WIFI-101-01", "--force"])
        #expect(forced.status == 0, "\(forced)")
        #expect(forced.stderr.contains("session 2 (2026-03-09) has no attendance recorded"))
        // Closed, the class says so, not that its learners are not enrolled.
        let late = try sandbox.run(
            ["attend", "WIFI-101-01", "--session", "2", "--present", "L000001"])
        #expect(late.status == 65, "\(late)")
        #expect(late.stderrLines.first
            == "ketnoi: error: class WIFI-101-01 is closed; its attendance is final")
    }

    @Test func mistakesExitWithTheirStatus() throws {
        let sandbox = try Sandbox()
        try sandbox.programme()
        let noCourse = try sandbox.run(["classes", "create", "--trainer", "T0001"])
        #expect(noCourse.status == 64)
        #expect(noCourse.stderrLines.first == "ketnoi: option --course is required")

        let noClass = try sandbox.run(["enroll", "L000001", "NOPE-01"])
        #expect(noClass.status == 66)
        #expect(noClass.stderrLines == ["ketnoi: error: no class with code 'NOPE-01'"])

        try sandbox.ok(["trainers", "add", "--name", "Lê Văn Tám"])
        let pastTheCalendar = try sandbox.run([
            "classes", "create", "--course", "WIFI-101", "--trainer", "T0001", "--hotspot",
            "CT-001", "--capacity", "5", "--start", "9999-12-31", "--every", "60",
        ])
        #expect(pastTheCalendar.status == 64, "\(pastTheCalendar)")
        #expect(pastTheCalendar.stderrLines.first?.hasPrefix(
            "ketnoi: option --start: the last of the course's") == true, "\(pastTheCalendar)")
        let noFolder = try sandbox.run(
            ["learning", "sample", "--learners", "5", "--curricula", "/nonexistent-ketnoi"])
        #expect(noFolder.status == 66, "\(noFolder)")
        #expect(noFolder.stderrLines.first
            == "ketnoi: error: option --curricula: /nonexistent-ketnoi: no such folder")
        try sandbox.ok([
            "classes", "create", "--course", "WIFI-101", "--trainer", "T0001", "--hotspot",
            "CT-001", "--capacity", "5", "--dates", "2026-03-02,2026-03-09",
        ])
        try sandbox.ok(["classes", "cancel", "WIFI-101-01", "--reason", "mưa bão"])
        try sandbox.ok(["learners", "add", "--name", "Lê Văn Chín"])
        let cancelled = try sandbox.run(["enroll", "L000001", "WIFI-101-01"])
        #expect(cancelled.status == 65)
        #expect(cancelled.stderrLines
            == ["ketnoi: error: class WIFI-101-01 is cancelled; it takes no enrollments"])
        let badScore = try sandbox.run(["assess", "WIFI-101-01", "L000001", "120"])
        #expect(badScore.status == 64)
        // A negative number is a value out of range, not an unknown option.
        let negative = try sandbox.run(["assess", "WIFI-101-01", "L000001", "-1"])
        #expect(negative.status == 64)
        #expect(negative.stderrLines.first == "ketnoi: SCORE: '-1' is not a number from 0 to 100")
        for written in ["0x10", "1e2", "", "5..5"] {
            let odd = try sandbox.run(["assess", "WIFI-101-01", "L000001", written])
            #expect(odd.status == 64, "\(written): \(odd)")
        }
    }

    @Test func certificatesIntoAFileOrAnUncreatableFolderExit73AndIssueNothing() throws {
        let sandbox = try Sandbox()
        try sandbox.oneLearnerClass()
        for session in ["1", "2"] {
            try sandbox.ok(["attend", "WIFI-101-01", "--session", session, "--present",
                            "L000001"])
        }
        try sandbox.ok(["classes", "close", "WIFI-101-01"])
        let file = try sandbox.write("taken", "a file where the folder should be\n")

        let onFile = try sandbox.run(["certificates", "WIFI-101-01", "--out", file])
        #expect(onFile.status == 73, "\(onFile)")
        #expect(onFile.stderrLines == ["ketnoi: error: --out \(file): a file, not a folder"])
        let below = try sandbox.run(["certificates", "WIFI-101-01", "--out", file + "/sub"])
        #expect(below.status == 73, "\(below)")
        #expect(below.stderrLines == ["ketnoi: error: --out \(file)/sub: cannot create the "
            + "folder \(file)/sub (Not a directory)"])
        // No code was issued for a certificate that was never written.
        let summary = try sandbox.json(["learning", "summary"])
        #expect(summary.data["certificates"] as? Int == 0, "\(summary.data)")

        let folder = sandbox.path("new/certificates")
        let written = try sandbox.json(["certificates", "WIFI-101-01", "--out", folder])
        #expect((written.object["data"] as? [[String: Any]])?.count == 1)

        let roster = try sandbox.run(["classes", "roster", "WIFI-101-01", "--out", folder])
        #expect(roster.status == 73, "\(roster)")
        #expect(roster.stderrLines == ["ketnoi: error: cannot write \(folder): it is a folder"])
    }

    @Test func namesTypedInNFDAreStoredInNFC() throws {
        let sandbox = try Sandbox()
        try sandbox.programme()
        let trainer = "Nguyễn Thị Lan".decomposedStringWithCanonicalMapping
        let learner = "Trần Văn Bảy".decomposedStringWithCanonicalMapping
        let venue = "Nhà văn hóa phường".decomposedStringWithCanonicalMapping
        #expect(try sandbox.ok(["trainers", "add", "--name", trainer])
            .unicodeScalars.elementsEqual("added T0001 Nguyễn Thị Lan\n".unicodeScalars))
        #expect(try sandbox.ok(["learners", "add", "--name", learner])
            .unicodeScalars.elementsEqual("added L000001 Trần Văn Bảy\n".unicodeScalars))
        try sandbox.ok([
            "classes", "create", "--course", "WIFI-101", "--trainer", "T0001", "--address",
            venue, "--ward", "31135", "--capacity", "5", "--dates", "2026-03-02,2026-03-09",
        ])
        let show = try sandbox.json(["classes", "show", "WIFI-101-01"])
        let shownClass = try #require(show.data["class"] as? [String: Any])
        let shown = try #require(shownClass["venue"] as? String)
        #expect(shown.unicodeScalars.elementsEqual("Nhà văn hóa phường".unicodeScalars))

        let long = try sandbox.run(
            ["trainers", "add", "--name", String(repeating: "A", count: 121)])
        #expect(long.status == 65)
        #expect(long.stderrLines == ["ketnoi: error: name: longer than 120 characters"])
    }
}

@Suite("ketnoi learners")
struct LearnerCommandsTests {
    func names(_ sandbox: Sandbox) throws -> [String] {
        try sandbox.json(["learners", "list"]).list.compactMap { $0["name"] as? String }
    }

    @Test func aSpreadsheetRosterImportsWithTheSameNamesAsItsUTF8Twin() throws {
        let plain = try Sandbox()
        try plain.programme()
        let windows = try Sandbox()
        try windows.programme()
        let excel = try Sandbox()
        try excel.programme()

        let first = try plain.run(["learners", "import", Paths.learningFixture("roster-utf8.csv")])
        let second = try windows.run([
            "learners", "import", "--encoding", "windows-1258",
            Paths.learningFixture("roster-excel-cp1258.csv"),
        ])
        let third = try excel.run([
            "learners", "import", Paths.learningFixture("roster-excel-utf8-bom.csv"),
        ])
        #expect(first.stdout
            == "\(Paths.learningFixture("roster-utf8.csv")): 8 rows read; learners 8 created, "
                + "0 updated\n")
        #expect(second.status == 0, "\(second)")
        #expect(third.status == 0, "\(third)")
        let expected = [
            "Nguyễn Thị Ánh Tuyết", "Trần Văn Đức", "Lê Hoàng Phúc", "Phạm Thị Ngọc Hạnh",
            "Huỳnh Văn Lộc", "Võ Thị Kiều Oanh", "Đặng Quốc Việt", "Lâm Thị Mỹ Xuyên",
        ]
        #expect(try names(plain) == expected)
        #expect(try names(windows) == expected)
        #expect(try names(excel) == expected)
    }

    @Test func aFileWithOneBadRowWritesNothingAndNamesTheRow() throws {
        let sandbox = try Sandbox()
        try sandbox.programme()
        let path = Paths.learningFixture("roster-bad-row.csv")
        let outcome = try sandbox.run(["learners", "import", path])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stderrLines == [
            "\(path):4: birth_year: '19x8' is not a year (1958) or a date (12/03/1958)",
            "ketnoi: error: 1 invalid row(s) in \(path); nothing written",
        ])
        #expect(outcome.stdout == "\(path): 4 rows read, 1 invalid; nothing written (fix them, "
            + "or --skip-invalid to import the 3 valid rows)\n")
        #expect(try names(sandbox) == [])
    }

    @Test func aSecondImportFlagsLikelyDuplicates() throws {
        let sandbox = try Sandbox()
        try sandbox.programme()
        try sandbox.ok(["learners", "import", Paths.learningFixture("roster-utf8.csv")])
        let path = Paths.learningFixture("roster-excel-utf8-bom.csv")
        let outcome = try sandbox.run(["learners", "import", path])

        #expect(outcome.status == 0)
        #expect(outcome.stdout == "\(path): 8 rows read; learners 0 created, 0 updated, 8 likely "
            + "duplicates not created\n")
        #expect(outcome.stderrLines.first == "ketnoi: warning: \(path):2: likely the same person "
            + "as L000001 (same name, birth year and phone); not created")
        #expect(try names(sandbox).count == 8)

        // Lists show age bands; phone numbers and birth years only on one learner's page.
        let list = try sandbox.json(["learners", "list"]).list
        #expect(list.allSatisfy { $0["phone"] == nil && $0["birthYear"] == nil })
        #expect(list.first?["ageBand"] as? String == "65+")
        let one = try sandbox.json(["learners", "show", "L000001"]).data
        let learner = one["learner"] as? [String: Any] ?? [:]
        #expect(learner["phone"] as? String == "0912345601")
        #expect(learner["birthYear"] as? Int == 1956)
    }

    @Test func forgetLeavesNoPersonalFieldAndTheCountsUnchanged() throws {
        let sandbox = try Sandbox()
        try sandbox.programme()
        try sandbox.ok(["learning", "sample", "--seed", "5", "--learners", "300", "--until",
                        "2026-12-03"])
        try sandbox.ok(["learners", "add", "--name", "Châu Thị Ngọc Điệp", "--birth-year",
                        "1962", "--gender", "nữ", "--phone", "0908 765 432", "--ward", "31147"])
        try sandbox.ok(["trainers", "add", "--name", "Trương Văn Sáu", "--code", "TR-6"])
        try sandbox.ok([
            "classes", "create", "--course", "SAFE-201", "--trainer", "TR-6", "--hotspot",
            "CT-010", "--capacity", "10", "--start", "2027-01-04",
        ])
        try sandbox.ok(["enroll", "L000301", "SAFE-201-01"])
        let facts = try sandbox.ok(["--json", "learning", "facts", "--as-of", "2026-12-03"])
        let summary = try sandbox.json(["learning", "summary"]).data

        #expect(try sandbox.ok(["learners", "forget", "L000301"])
            == "forgot L000301: name, phone and birth year erased; group fields and counts kept\n")

        #expect(try sandbox.ok(["--json", "learning", "facts", "--as-of", "2026-12-03"]) == facts)
        let after = try sandbox.json(["learning", "summary"]).data
        #expect(after["learners"] as? Int == summary["learners"] as? Int)
        #expect(after["forgottenLearners"] as? Int == 1)
        #expect(after["enrollments"] as? [String: Int] == summary["enrollments"] as? [String: Int])

        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: sandbox.database)))
            + [UInt8](FileManager.default.contents(atPath: sandbox.database + "-wal") ?? Data())
        for text in ["Châu Thị Ngọc Điệp", "chau thi ngoc diep", "0908765432"] {
            let needle = Array(text.utf8)
            let found = (0...(bytes.count - needle.count)).contains {
                bytes[$0..<($0 + needle.count)].elementsEqual(needle)
            }
            #expect(!found, "'\(text)' is still in the database")
        }
        let shown = try sandbox.ok(["learners", "show", "L000301"])
        #expect(shown.contains("name:        (forgotten)\n"))
        #expect(shown.contains("birth year:  – (age band 55-64)\n"))
    }
}

@Suite("ketnoi learning sample")
struct LearningSampleTests {
    @Test func theSameSeedGivesTheSameProgramme() throws {
        let first = try Sandbox()
        try first.programme()
        let second = try Sandbox()
        try second.programme()
        let arguments = ["learning", "sample", "--seed", "11", "--learners", "400", "--until",
                         "2026-06-30"]
        try first.ok(arguments)
        try second.ok(arguments)

        let facts = ["--json", "learning", "facts", "--as-of", "2026-06-30"]
        #expect(try first.ok(facts) == second.ok(facts))
        #expect(try first.ok(["--json", "classes", "list"])
            == second.ok(["--json", "classes", "list"]))
        let summary = try first.ok(["learning", "summary"])
        #expect(summary.hasPrefix("SAMPLE DATA: 400 learners and "))
        let again = try first.run(arguments)
        #expect(again.status == 65)
    }

    @Test func theSampleNeedsWardsAndHotspots() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run([
            "learning", "sample", "--learners", "10", "--curricula", Paths.curricula,
        ])
        #expect(outcome.status == 66, "\(outcome)")
        #expect(outcome.stderrLines == [
            "ketnoi: error: the sample needs wards and hotspots placed in them: run 'ketnoi "
                + "areas import hotspots/cantho/wards.csv' and 'ketnoi hotspots import "
                + "hotspots/cantho/hotspots.csv' first",
        ])
    }
}

@Suite("ketnoi export prometheus: the programme's figures per ward")
struct EnrolmentMetricsTests {
    @Test func enrolmentsPerWardAddUpToTheSeatsInTheFacts() throws {
        let sandbox = try Sandbox()
        try sandbox.programme()
        try sandbox.ok(["learning", "sample", "--seed", "3", "--learners", "400", "--until",
                        "2026-06-30"])
        let text = try sandbox.ok(["export", "prometheus", "--stdout"])
        func total(_ family: String) -> Int {
            text.split(separator: "\n").filter { $0.hasPrefix(family + "{") }.reduce(0) {
                $0 + (Int($1.split(separator: " ").last ?? "") ?? 0)
            }
        }
        let summary = try sandbox.json(["learning", "summary"]).data
        let enrollments = summary["enrollments"] as? [String: Any] ?? summary
        let completed = try #require(enrollments["completed"] as? Int)
        // Every ward's count is shown when it is 5 or more; the totals can only fall short by
        // the wards left out, each under 5.
        let shownCompletions = total("ketnoi_ward_completions_total")
        #expect(shownCompletions > 0)
        #expect(shownCompletions <= completed)
        #expect(completed - shownCompletions < 5 * 103)
        #expect(total("ketnoi_ward_enrolments_total") >= shownCompletions)
    }
}
