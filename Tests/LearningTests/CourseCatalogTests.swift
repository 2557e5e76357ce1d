import Foundation
@testable import Learning
import Testing

// Mirrors Sources/Learning/CourseCatalog.swift: the course files of curricula/.

@Suite("course files")
struct CourseCatalogTests {
    @Test func everyBundledCourseFileValidates() throws {
        let check = try CourseCatalog.check(path: Paths.curricula)

        #expect(check.problems.map(\.description) == [])
        #expect(check.files.count == 9)
        #expect(check.courses.map(\.code).sorted() == [
            "AI-301", "CALL-101", "FARM-201", "GOV-201", "PAY-201", "PHONE-101", "SAFE-201",
            "SHOP-201", "WIFI-101",
        ])
    }

    @Test func bundledCoursesCarryBothLanguagesAndAFrameworkTag() throws {
        let courses = try CourseCatalog.check(path: Paths.curricula).courses
        for course in courses {
            #expect(course.outline.count == course.sessions, "\(course.code)")
            #expect(course.competences.contains {
                $0.hasPrefix("digcomp:") || $0.hasPrefix("dlgf:")
            })
            // Vietnamese titles carry Vietnamese letters; English ones do not.
            #expect(course.title.vi.unicodeScalars.contains { $0.value > 0x7F }, "\(course.code)")
            #expect(course.title.en.unicodeScalars.allSatisfy { $0.value < 0x7F || $0 == "–" })
        }
        let gov = try #require(courses.first { $0.code == "GOV-201" })
        #expect(gov.competences.contains("vn-5kn:1"))
        #expect(gov.completion == CompletionRule(minimumAttendance: 0.75, passMark: 70))
        #expect(gov.prerequisites == ["PHONE-101"])
    }

    static let broken = """
        {
          "format": 1,
          "code": "broken-1",
          "title": {"vi": "Khóa học hỏng"},
          "description": {"vi": "Mô tả", "en": "Description"},
          "audience": {"vi": "Mọi người", "en": "Everyone"},
          "hours": -2,
          "sessions": 3,
          "level": 9,
          "competences": ["digcomp:7.1", "vn-5kn:2", "vn-5kn:2"],
          "completion": {"minAttendance": 1.5},
          "prerequisites": ["NOPE-101"],
          "outline": [{"vi": "Một", "en": "One"}],
          "sesions": 3
        }
        """

    @Test func aBrokenCourseFileGetsEveryProblemListed() throws {
        let folder = try ProgrammeDatabase(withPlaces: false, withCourses: false)
        let file = try folder.write("courses/broken.json", Self.broken)
        let check = try CourseCatalog.check(path: folder.file("courses"))

        #expect(check.courses.isEmpty)
        #expect(check.problems.map(\.description) == [
            "\(file): sesions: unknown field (known: format, code, title, description, audience, "
                + "hours, sessions, level, competences, completion, prerequisites, outline)",
            "\(file): code: 'broken-1' is not a course code (capital letters, digits and single "
                + "hyphens, at most 24, e.g. PHONE-101)",
            "\(file): title.en: missing",
            "\(file): hours: -2 is not above 0 and at most 200",
            "\(file): level: 9 is not a DigComp proficiency level (1 to 8)",
            "\(file): competences[0]: '7.1' is not a DigComp 2.2 competence (1.1 to 5.4)",
            "\(file): competences[2]: 'vn-5kn:2' is listed twice",
            "\(file): completion.minAttendance: 1.5 is not a share of sessions above 0 and at "
                + "most 1 (0.75 means three quarters)",
            "\(file): completion.passMark: missing; write null when the course has no "
                + "assessment",
            "\(file): prerequisites[0]: 'NOPE-101' is not a course in this folder or the "
                + "database",
            "\(file): outline: 1 topics for 3 sessions; give one per session",
        ])
    }

    @Test func fileLevelProblemsNameTheFile() throws {
        let folder = try ProgrammeDatabase(withPlaces: false, withCourses: false)
        let notJSON = try folder.write("courses/a.json", "{ \"code\": ")
        let list = try folder.write("courses/b.json", "[1, 2]")
        let empty = try folder.write("courses/c.json", "")
        let dangling = folder.file("courses/d.json")
        try FileManager.default.createSymbolicLink(
            atPath: dangling, withDestinationPath: folder.file("nowhere.json"))
        let check = try CourseCatalog.check(path: folder.file("courses"))

        #expect(check.problems.count == 4)
        #expect(check.problems[0].file == notJSON)
        #expect(check.problems[0].field == nil)
        #expect(check.problems[0].reason.hasPrefix("not valid JSON"))
        #expect(check.problems[1].description
            == "\(list): expected a JSON object with the course's fields")
        #expect(check.problems[2].description == "\(empty): the file is empty")
        #expect(check.problems[3].description
            == "\(dangling): cannot read the file (a link to nothing)")
    }

    @Test func prerequisiteCyclesAndRepeatedCodesAreFound() throws {
        let folder = try ProgrammeDatabase(withPlaces: false, withCourses: false)
        let source = try String(
            contentsOfFile: Paths.curricula + "/wifi-101.json", encoding: .utf8)
        func course(_ code: String, requires: [String]) -> String {
            source.replacingOccurrences(of: "\"WIFI-101\"", with: "\"\(code)\"")
                .replacingOccurrences(
                    of: "\"prerequisites\": []",
                    with: "\"prerequisites\": [" + requires.map { "\"\($0)\"" }
                        .joined(separator: ", ") + "]")
        }
        let a = try folder.write("courses/a-1.json", course("A-1", requires: ["B-1"]))
        try folder.write("courses/b-1.json", course("B-1", requires: ["A-1"]))
        try folder.write("courses/c-1.json", course("C-1", requires: []))
        let check = try CourseCatalog.check(path: folder.file("courses"))

        #expect(check.problems.map(\.description).first
            == "\(a): prerequisites: a cycle: A-1 → B-1 → A-1")
        #expect(check.problems.count == 2)
        #expect(check.courses.map(\.code) == ["C-1"])
    }

    @Test func decomposedVietnameseIsRefused() throws {
        let folder = try ProgrammeDatabase(withPlaces: false, withCourses: false)
        let source = try String(
            contentsOfFile: Paths.curricula + "/wifi-101.json", encoding: .utf8)
        let decomposed = source.replacingOccurrences(
            of: "Dùng Wi-Fi công cộng an toàn",
            with: "Dùng Wi-Fi công cộng an toàn".decomposedStringWithCanonicalMapping)
        let file = try folder.write("wifi-101.json", decomposed)
        let check = try CourseCatalog.check(path: file)

        #expect(check.problems.map(\.description) == [
            "\(file): title.vi: not in Unicode NFC (tone marks stored as separate characters); "
                + "save it precomposed",
        ])
    }

    @Test(arguments: [
        ("digcomp:2.3", nil), ("dlgf:0.1", nil), ("vn-5kn:5", nil), ("vn-tt02:d6", nil),
        ("northstar:internet-basics", nil),
        ("digcomp:0.1", "'0.1' is not a DigComp 2.2 competence (1.1 to 5.4)"),
        ("vn-5kn:6", "'6' is not one of the 5 basic digital skills (1 to 5)"),
        ("level:2", "unknown scheme 'level' (schemes: digcomp, dlgf, vn-5kn, vn-tt02, northstar)"),
        ("safety",
         "'safety' is not SCHEME:ID (schemes: digcomp, dlgf, vn-5kn, vn-tt02, northstar)"),
    ] as [(String, String?)])
    func competenceTags(tag: String, problem: String?) {
        #expect(CourseCatalog.tagProblem(tag) == problem)
    }
}
