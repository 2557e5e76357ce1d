import Foundation
import Storage

/// One problem in a course file, `file: field: reason`.
public struct CourseProblem: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// A dotted path into the file (`title.vi`, `competences[2]`), nil for the whole file.
    public let field: String?
    public let reason: String

    public init(file: String, field: String?, reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }

    public var description: String {
        file + (field.map { ": \($0)" } ?? "") + ": " + reason
    }
}

/// What checking a folder (or file) of course definitions found.
public struct CourseCheck: Sendable {
    /// The files read, in name order.
    public var files: [String] = []
    /// Courses from files without problems.
    public var courses: [Course] = []
    /// Every problem, file by file.
    public var problems: [CourseProblem] = []

    public var isValid: Bool { problems.isEmpty }
}

/// Reads and checks the course files of `curricula/` (format described in its README).
public enum CourseCatalog {
    /// The format version this build reads.
    public static let formatVersion = 1

    static let knownFields = [
        "format", "code", "title", "description", "audience", "hours", "sessions", "level",
        "competences", "completion", "prerequisites", "outline",
    ]

    /// DigComp 2.2 competence ids (JRC 2022): 5 areas, 21 competences.
    static let digComp: Set<String> = [
        "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
        "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "5.4",
    ]
    /// UNESCO DLGF (2018): the DigComp ids plus devices (0.x), computational thinking and
    /// career-related competences.
    static let dlgf: Set<String> = digComp.union(["0.1", "0.2", "5.5", "6.1", "6.2"])

    /// Checks every `*.json` file directly in `path` (a folder), or the one file `path`.
    ///
    /// Prerequisites must name a course in the same check or one of `knownCodes` (courses
    /// already stored). Throws only when `path` cannot be read at all.
    public static func check(path: String, knownCodes: Set<String> = []) throws(LearningError)
        -> CourseCheck
    {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw LearningError(.notFound, "\(path): no such file or folder")
        }
        var files: [String] = []
        if isFolder.boolValue {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                throw LearningError(.notFound, "\(path): cannot read the folder")
            }
            let base = path.hasSuffix("/") ? path : path + "/"
            files = names.filter { $0.lowercased().hasSuffix(".json") }.sorted().map { base + $0 }
            guard !files.isEmpty else {
                throw LearningError(.invalid, "\(path): no course files (*.json) in the folder")
            }
        } else {
            files = [path]
        }

        var check = CourseCheck(files: files)
        var objects: [(file: String, object: [String: Any]?, problems: [CourseProblem])] = []
        var codesInFolder: Set<String> = []
        for file in files {
            var problems: [CourseProblem] = []
            let object = load(file: file) { field, reason in
                problems.append(CourseProblem(file: file, field: field, reason: reason))
            }
            if let code = object?["code"] as? String { codesInFolder.insert(code) }
            objects.append((file, object, problems))
        }
        let available = knownCodes.union(codesInFolder)
        var parsed: [(file: String, course: Course)] = []
        for (file, object, loadProblems) in objects {
            var problems = loadProblems
            var course: Course?
            if let object {
                course = read(object: object, file: file, available: available) { field, reason in
                    problems.append(CourseProblem(file: file, field: field, reason: reason))
                }
            }
            check.problems += problems
            if let course, problems.isEmpty { parsed.append((file, course)) }
        }

        // Checks across files: unique codes, no prerequisite cycles.
        var byCode: [String: String] = [:]
        var valid: [Course] = []
        for (file, course) in parsed {
            if let first = byCode[course.code] {
                check.problems.append(CourseProblem(
                    file: file, field: "code",
                    reason: "'\(course.code)' is also the code of \(name(of: first))"))
            } else {
                byCode[course.code] = file
                valid.append(course)
            }
        }
        let requires = Dictionary(
            uniqueKeysWithValues: valid.map { ($0.code, $0.prerequisites) })
        for course in valid {
            if let cycle = cycle(from: course.code, requires: requires),
                let file = byCode[course.code]
            {
                check.problems.append(CourseProblem(
                    file: file, field: "prerequisites",
                    reason: "a cycle: " + cycle.joined(separator: " → ")))
            }
        }
        check.problems = check.problems
            .enumerated().sorted { ($0.element.file, $0.offset) < ($1.element.file, $1.offset) }
            .map(\.element)
        let bad = Set(check.problems.map(\.file))
        check.courses = valid.filter { byCode[$0.code].map { !bad.contains($0) } ?? false }
        return check
    }

    /// The file name without its folder, for messages that point at another file.
    static func name(of path: String) -> String {
        URL(fileURLWithPath: path).lastPathComponent
    }

    /// A path of prerequisites from `code` back to itself, if there is one.
    static func cycle(from code: String, requires: [String: [String]]) -> [String]? {
        var path: [String] = [code]
        var visited: Set<String> = []
        func walk(_ current: String) -> Bool {
            for next in requires[current] ?? [] {
                if next == code {
                    path.append(next)
                    return true
                }
                guard visited.insert(next).inserted else { continue }
                path.append(next)
                if walk(next) { return true }
                path.removeLast()
            }
            return false
        }
        return walk(code) ? path : nil
    }

    // MARK: - One file

    /// Reads one course file as a JSON object, or reports why it is not one.
    static func load(file: String, problem: (String?, String) -> Void) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: file) else {
            let manager = FileManager.default
            let reason: String
            if (try? manager.destinationOfSymbolicLink(atPath: file)) != nil,
                !manager.fileExists(atPath: file)
            {
                reason = "a link to nothing"
            } else if !manager.fileExists(atPath: file) {
                reason = "no such file"
            } else if !manager.isReadableFile(atPath: file) {
                reason = "permission denied"
            } else {
                reason = "not a regular file"
            }
            problem(nil, "cannot read the file (\(reason))")
            return nil
        }
        guard !data.isEmpty else {
            problem(nil, "the file is empty")
            return nil
        }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard String(data: bytes, encoding: .utf8) != nil else {
            problem(nil, "not UTF-8 text; save the file as UTF-8")
            return nil
        }
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: bytes)
        } catch {
            problem(nil, "not valid JSON (\(jsonErrorText(error)))")
            return nil
        }
        guard let object = value as? [String: Any] else {
            problem(nil, "expected a JSON object with the course's fields")
            return nil
        }
        return object
    }

    static func jsonErrorText(_ error: Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return text ?? "cannot parse it"
    }

    /// Checks one course's fields, reporting every problem through `problem(field, reason)`;
    /// prerequisites must be among `available`.
    static func read(
        object: [String: Any], file: String, available: Set<String>,
        problem: (String?, String) -> Void
    ) -> Course? {
        for key in object.keys.sorted() where !knownFields.contains(key) {
            problem(key, "unknown field (known: \(knownFields.joined(separator: ", ")))")
        }

        switch object["format"] {
        case nil:
            problem("format", "missing; write \"format\": \(formatVersion)")
        case let number as NSNumber where !isBoolean(number)
            && number.doubleValue == Double(formatVersion):
            break
        default:
            problem("format", "this ketnoi reads format \(formatVersion)")
        }

        let code = string(object["code"], field: "code", problem: problem)
        if let code {
            if code.range(of: #"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"#, options: .regularExpression)
                == nil || code.count > 24
            {
                problem("code", "'\(code)' is not a course code (capital letters, digits and "
                    + "single hyphens, at most 24, e.g. PHONE-101)")
            } else {
                let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
                if stem.lowercased() != code.lowercased() {
                    problem("code", "'\(code)' does not match the file name (expected "
                        + "\(code.lowercased()).json)")
                }
            }
        }
        let title = bilingual(object["title"], field: "title", maxLength: 120, problem: problem)
        let description = bilingual(
            object["description"], field: "description", maxLength: 2000, problem: problem)
        let audience = bilingual(
            object["audience"], field: "audience", maxLength: 500, problem: problem)

        let hours = number(object["hours"], field: "hours", problem: problem)
        if let hours, !(hours > 0 && hours <= 200) {
            problem("hours", "\(CompletionRule.number(hours)) is not above 0 and at most 200")
        }
        let sessions = integer(object["sessions"], field: "sessions", problem: problem)
        if let sessions, !(1...50).contains(sessions) {
            problem("sessions", "\(sessions) is not from 1 to 50")
        }
        if let hours, let sessions, sessions > 0, hours / Double(sessions) > 8 {
            problem("hours", "\(CompletionRule.number(hours)) hours in \(sessions) sessions is "
                + "more than 8 hours a session")
        }
        let level = integer(object["level"], field: "level", problem: problem)
        if let level, !(1...8).contains(level) {
            problem("level", "\(level) is not a DigComp proficiency level (1 to 8)")
        }

        let competences = competences(object["competences"], problem: problem)
        let completion = completion(object["completion"], problem: problem)
        let prerequisites = prerequisites(
            object["prerequisites"], code: code, available: available, problem: problem)
        let outline = outline(object["outline"], sessions: sessions, problem: problem)

        guard let code, let title, let description, let audience, let hours, let sessions,
            let level, let competences, let completion, let prerequisites, let outline
        else { return nil }
        return Course(
            code: code, title: title, description: description, audience: audience,
            hours: hours, sessions: sessions, level: level, competences: competences,
            completion: completion, prerequisites: prerequisites, outline: outline,
            source: "curricula/" + name(of: file))
    }

    private static func competences(
        _ value: Any?, problem: (String?, String) -> Void
    ) -> [String]? {
        guard let value else {
            problem("competences", "missing; give at least one digcomp: or dlgf: tag")
            return nil
        }
        guard let list = value as? [Any] else {
            problem("competences", "expected a list of tags such as \"digcomp:2.3\"")
            return nil
        }
        var tags: [String] = []
        var fine = true
        for (index, element) in list.enumerated() {
            let field = "competences[\(index)]"
            guard let tag = element as? String else {
                problem(field, "expected a tag in quotes")
                fine = false
                continue
            }
            if let reason = tagProblem(tag) {
                problem(field, reason)
                fine = false
            } else if tags.contains(tag) {
                problem(field, "'\(tag)' is listed twice")
                fine = false
            } else {
                tags.append(tag)
            }
        }
        if fine && !tags.contains(where: { $0.hasPrefix("digcomp:") || $0.hasPrefix("dlgf:") }) {
            problem("competences", "no digcomp: or dlgf: tag; every course names at least one")
            fine = false
        }
        return fine ? tags : nil
    }

    /// Why a competence tag is not one this programme uses; nil when it is fine.
    static func tagProblem(_ tag: String) -> String? {
        let parts = tag.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            return "'\(tag)' is not SCHEME:ID (schemes: digcomp, dlgf, vn-5kn, vn-tt02, "
                + "northstar)"
        }
        let (scheme, id) = (parts[0], parts[1])
        switch scheme {
        case "digcomp":
            return digComp.contains(id)
                ? nil : "'\(id)' is not a DigComp 2.2 competence (1.1 to 5.4)"
        case "dlgf":
            return dlgf.contains(id)
                ? nil : "'\(id)' is not a UNESCO DLGF competence (0.1 to 6.2)"
        case "vn-5kn":
            return ["1", "2", "3", "4", "5"].contains(id)
                ? nil : "'\(id)' is not one of the 5 basic digital skills (1 to 5)"
        case "vn-tt02":
            return ["d1", "d2", "d3", "d4", "d5", "d6"].contains(id)
                ? nil : "'\(id)' is not a domain of Circular 02/2025 (d1 to d6)"
        case "northstar":
            return id.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) != nil
                ? nil : "'\(id)' is not a Northstar module name (lower case, hyphens)"
        default:
            return "unknown scheme '\(scheme)' (schemes: digcomp, dlgf, vn-5kn, vn-tt02, "
                + "northstar)"
        }
    }

    private static func completion(
        _ value: Any?, problem: (String?, String) -> Void
    ) -> CompletionRule? {
        guard let value else {
            problem("completion", "missing; give minAttendance and passMark (null if none)")
            return nil
        }
        guard let object = value as? [String: Any] else {
            problem("completion", "expected an object with minAttendance and passMark")
            return nil
        }
        for key in object.keys.sorted() where !["minAttendance", "passMark"].contains(key) {
            problem("completion.\(key)", "unknown field (known: minAttendance, passMark)")
        }
        let share = number(
            object["minAttendance"], field: "completion.minAttendance", problem: problem)
        if let share, !(share > 0 && share <= 1) {
            problem("completion.minAttendance", "\(CompletionRule.number(share)) is not a share "
                + "of sessions above 0 and at most 1 (0.75 means three quarters)")
        }
        var passMark: Double?
        var passMarkFine = true
        if !object.keys.contains("passMark") {
            problem("completion.passMark", "missing; write null when the course has no "
                + "assessment")
            passMarkFine = false
        } else if !(object["passMark"] is NSNull) {
            passMark = number(object["passMark"], field: "completion.passMark", problem: problem)
            if let mark = passMark, !(0...100).contains(mark) {
                problem("completion.passMark", "\(CompletionRule.number(mark)) is not a score "
                    + "from 0 to 100")
                passMarkFine = false
            }
            if passMark == nil { passMarkFine = false }
        }
        guard let share, share > 0 && share <= 1, passMarkFine else { return nil }
        return CompletionRule(minimumAttendance: share, passMark: passMark)
    }

    private static func prerequisites(
        _ value: Any?, code: String?, available: Set<String>,
        problem: (String?, String) -> Void
    ) -> [String]? {
        guard let value else { return [] }
        guard let list = value as? [Any] else {
            problem("prerequisites", "expected a list of course codes")
            return nil
        }
        var codes: [String] = []
        var fine = true
        for (index, element) in list.enumerated() {
            guard let text = element as? String, !text.isEmpty else {
                problem("prerequisites[\(index)]", "expected a course code in quotes")
                fine = false
                continue
            }
            if text == code {
                problem("prerequisites[\(index)]", "a course cannot require itself")
                fine = false
            } else if !available.contains(text) {
                problem("prerequisites[\(index)]", "'\(text)' is not a course in this folder "
                    + "or the database")
                fine = false
            } else if !codes.contains(text) {
                codes.append(text)
            }
        }
        return fine ? codes : nil
    }

    private static func outline(
        _ value: Any?, sessions: Int?, problem: (String?, String) -> Void
    ) -> [BilingualText]? {
        guard let value else { return [] }
        guard let list = value as? [Any] else {
            problem("outline", "expected a list of {\"vi\": …, \"en\": …} topics, one per session")
            return nil
        }
        var topics: [BilingualText] = []
        var fine = true
        for (index, element) in list.enumerated() {
            if let topic = bilingual(
                element, field: "outline[\(index)]", maxLength: 300, problem: problem)
            {
                topics.append(topic)
            } else {
                fine = false
            }
        }
        if let sessions, !list.isEmpty, list.count != sessions {
            problem("outline", "\(list.count) topics for \(sessions) sessions; give one per "
                + "session")
            fine = false
        }
        return fine ? topics : nil
    }

    // MARK: - Values

    static func isBoolean(_ number: NSNumber) -> Bool {
        let type = String(cString: number.objCType)
        return type == "c" || type == "B"
    }

    private static func string(
        _ value: Any?, field: String, problem: (String?, String) -> Void
    ) -> String? {
        guard let value else {
            problem(field, "missing")
            return nil
        }
        guard let text = value as? String else {
            problem(field, "expected text in quotes")
            return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            problem(field, "empty")
            return nil
        }
        return trimmed
    }

    private static func bilingual(
        _ value: Any?, field: String, maxLength: Int, problem: (String?, String) -> Void
    ) -> BilingualText? {
        guard let value else {
            problem(field, "missing; give {\"vi\": …, \"en\": …}")
            return nil
        }
        guard let object = value as? [String: Any] else {
            problem(field, "expected {\"vi\": …, \"en\": …}")
            return nil
        }
        for key in object.keys.sorted() where key != "vi" && key != "en" {
            problem("\(field).\(key)", "unknown language (known: vi, en)")
        }
        var texts: [String: String] = [:]
        for language in ["vi", "en"] {
            let path = "\(field).\(language)"
            guard let text = string(object[language], field: path, problem: problem) else {
                continue
            }
            if text.count > maxLength {
                problem(path, "longer than \(maxLength) characters")
                continue
            }
            if text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) {
                problem(path, "contains a control character")
                continue
            }
            // Swift's == is canonical equivalence, so compare the scalars themselves.
            let composed = text.precomposedStringWithCanonicalMapping
            if !text.unicodeScalars.elementsEqual(composed.unicodeScalars) {
                problem(path, "not in Unicode NFC (tone marks stored as separate characters); "
                    + "save it precomposed")
                continue
            }
            texts[language] = text
        }
        guard let vi = texts["vi"], let en = texts["en"] else { return nil }
        return BilingualText(vi: vi, en: en)
    }

    private static func number(
        _ value: Any?, field: String, problem: (String?, String) -> Void
    ) -> Double? {
        guard let value else {
            problem(field, "missing")
            return nil
        }
        guard let number = value as? NSNumber, !isBoolean(number),
            number.doubleValue.isFinite
        else {
            problem(field, "expected a number")
            return nil
        }
        return number.doubleValue
    }

    private static func integer(
        _ value: Any?, field: String, problem: (String?, String) -> Void
    ) -> Int? {
        guard let number = number(value, field: field, problem: problem) else { return nil }
        guard number == number.rounded(), abs(number) < 1e9 else {
            problem(field, "\(number) is not a whole number")
            return nil
        }
        return Int(number)
    }
}
