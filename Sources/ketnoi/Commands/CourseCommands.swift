import Foundation
import Learning

/// `ketnoi courses …`: the course definitions of `curricula/`.
enum CourseCommands {
    static let spec: CommandSpec = CommandSpec(
        name: "courses",
        summary: "course files of curricula/: validate, import, list, show",
        subcommands: [validateSpec, importSpec, listSpec, showSpec])

    static let validateSpec = CommandSpec(
        name: "validate",
        summary: "check every course file and list every problem as file: field: reason",
        discussion: """
            Reads every *.json file directly in DIR (default: curricula) and checks each field:
            code (matching the file name), bilingual title, description and audience in NFC,
            hours, sessions, level (DigComp 1 to 8), competence tags (digcomp:, dlgf:, vn-5kn:,
            vn-tt02:, northstar:), the completion rule, prerequisites that exist, without
            cycles, and an outline with one topic per session. Exit status 65 when any file
            has a problem. The format is described in curricula/README.md.
            """,
        arguments: [ArgumentSpec(name: "DIR", help: "a folder or one file", optional: true)],
        printsData: true,
        run: { context in try LearningOutput.run { try runValidate(context) } })

    static let importSpec = CommandSpec(
        name: "import",
        summary: "import course files (all or nothing); updates courses by code",
        arguments: [ArgumentSpec(name: "DIR", help: "a folder or one file", optional: true)],
        printsData: true,
        run: { context in try LearningOutput.run { try runImport(context) } })

    static let listSpec = CommandSpec(
        name: "list",
        summary: "list the imported courses",
        printsData: true,
        run: { context in try LearningOutput.run { try runList(context) } })

    static let showSpec = CommandSpec(
        name: "show",
        summary: "show one course: description, competences, rule, outline",
        arguments: [ArgumentSpec(name: "CODE", help: "the course code, e.g. PHONE-101")],
        printsData: true,
        run: { context in try LearningOutput.run { try runShow(context) } })

    // MARK: - Handlers

    struct CheckJSON: Encodable {
        struct Problem: Encodable {
            let file: String
            let field: String?
            let reason: String
            let message: String
        }
        let files: [String]
        let valid: [String]
        let problems: [Problem]
        var created: Int?
        var updated: Int?
    }

    static func checkJSON(_ check: CourseCheck) -> CheckJSON {
        CheckJSON(
            files: check.files, valid: check.courses.map(\.code),
            problems: check.problems.map {
                .init(file: $0.file, field: $0.field, reason: $0.reason, message: $0.description)
            })
    }

    /// Lists problems on stderr and fails with 65 when there are any.
    static func finish(_ check: CourseCheck, context: Context, summary: String) throws {
        if !context.json {
            for problem in check.problems {
                context.terminal.err(problem.description)
            }
            context.terminal.out(summary + "\n")
        }
        if !check.isValid {
            let files = Set(check.problems.map(\.file)).count
            throw CommandFailure(.dataError, "\(check.problems.count) problem(s) in \(files) "
                + "course file(s)")
        }
    }

    static func runValidate(_ context: Context) throws {
        let path = context.invocation.arguments.first ?? "curricula"
        let check = try CourseCatalog.check(path: path)
        if context.json {
            try LearningOutput.json(context, "course-check", checkJSON(check))
        }
        try finish(check, context: context, summary: check.isValid
            ? "\(check.files.count) course files checked, all valid"
            : "\(check.files.count) course files checked, "
                + "\(Set(check.problems.map(\.file)).count) with problems")
    }

    static func runImport(_ context: Context) throws {
        let path = context.invocation.arguments.first ?? "curricula"
        let db = try context.openDatabase()
        let store = CourseStore(db)
        let check = try CourseCatalog.check(path: path, knownCodes: try store.codes())
        var created = 0
        var updated = 0
        if check.isValid {
            try db.transaction {
                for course in check.courses {
                    if try store.save(course) { updated += 1 } else { created += 1 }
                }
            }
        }
        if context.json {
            var payload = checkJSON(check)
            payload.created = created
            payload.updated = updated
            try LearningOutput.json(context, "course-import", payload)
        }
        try finish(check, context: context, summary: check.isValid
            ? "\(path): \(check.files.count) course files; courses \(created) created, "
                + "\(updated) updated"
            : "\(path): nothing imported")
    }

    static func runList(_ context: Context) throws {
        let db = try context.openDatabase(existing: true)
        let courses = try CourseStore(db).all()
        if context.json {
            try LearningOutput.json(context, "courses", courses.map(LearningOutput.CourseJSON.init))
            return
        }
        guard !courses.isEmpty else {
            context.terminal.warning("no courses yet; import them with 'ketnoi courses import "
                + "curricula'")
            return
        }
        var table = TextTable(
            ["code", "title", "hours", "sessions", "level", "attendance", "pass mark"],
            rightAligned: [2, 3, 4, 5, 6])
        for course in courses {
            table.append([
                course.code, course.title.vi, LearningOutput.number(course.hours),
                String(course.sessions), String(course.level),
                "\(Int((course.completion.minimumAttendance * 100).rounded())) %",
                LearningOutput.number(course.completion.passMark),
            ])
        }
        context.terminal.out(table.render())
        context.terminal.out("\(courses.count) courses\n")
    }

    static func runShow(_ context: Context) throws {
        let code = context.invocation.arguments[0]
        let db = try context.openDatabase(existing: true)
        guard let course = try CourseStore(db).find(code: code) else {
            throw LearningError(.notFound, "no course with code '\(code)'")
        }
        if context.json {
            try LearningOutput.json(context, "course", LearningOutput.CourseJSON(course))
            return
        }
        let rule = course.completion
        let share = Int((rule.minimumAttendance * 100).rounded())
        let needed = rule.sessionsNeeded(of: course.sessions)
        var completion = "attend at least \(share) % (\(needed) of \(course.sessions) sessions)"
        if let passMark = rule.passMark {
            completion += ", score at least \(LearningOutput.number(passMark))"
        } else {
            completion += ", no assessment"
        }
        let prerequisites = course.prerequisites.isEmpty
            ? "none" : course.prerequisites.joined(separator: ", ")
        var lines: [String] = [
            "\(course.code)  \(course.title.vi)",
            "            \(course.title.en)",
            "",
            course.description.vi,
            course.description.en,
            "",
            "audience:      \(course.audience.vi)",
            "               \(course.audience.en)",
        ]
        lines.append(
            "length:        \(LearningOutput.number(course.hours)) hours in \(course.sessions) "
                + "sessions")
        lines.append("level:         \(course.level) (DigComp 2.2)")
        lines.append("competences:   \(course.competences.joined(separator: " "))")
        lines.append("completion:    \(completion)")
        lines.append("prerequisites: \(prerequisites)")
        lines.append("source:        \(course.source)")
        if !course.outline.isEmpty {
            lines.append("")
            for (index, topic) in course.outline.enumerated() {
                lines.append("session \(index + 1): \(topic.vi)")
                lines.append("           \(topic.en)")
            }
        }
        context.terminal.out(lines.joined(separator: "\n") + "\n")
    }
}
