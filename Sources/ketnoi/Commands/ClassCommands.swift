import Foundation
import Learning
import Places
import Tabular

/// `ketnoi classes …`: runs of a course at a venue.
enum ClassCommands {
    static let spec: CommandSpec = CommandSpec(
        name: "classes",
        summary: "classes: create, list, show, roster CSV, close, cancel",
        subcommands: [createSpec, listSpec, showSpec, rosterSpec, closeSpec, cancelSpec])

    static let createSpec = CommandSpec(
        name: "create",
        summary: "create a class of a course with a trainer, a venue, a capacity and dates",
        discussion: """
            The venue is a hotspot (--hotspot CODE; its ward and address are used) or an
            address with its ward (--address TEXT --ward CODE). Dates: --start DAY with one
            session every --every days (default 7), or every date with --dates; as many as the
            course has sessions. Example:
              ketnoi classes create --course PHONE-101 --trainer T0001 --hotspot CT-001 \\
                --capacity 20 --start 2026-03-02
            """,
        options: [
            .value("course", "CODE", "the course (required)"),
            .value("trainer", "CODE", "the trainer (required)"),
            .value("hotspot", "CODE", "meet at this hotspot"),
            .value("address", "TEXT", "or meet at this address…"),
            .value("ward", "CODE", "… in this ward"),
            .value("capacity", "SEATS", "seats; later enrollments are waitlisted (required)"),
            .value("start", "YYYY-MM-DD", "the first session"),
            .value("every", "DAYS", "days between sessions (default 7)"),
            .value("dates", "D1,D2,…", "every session date instead of --start"),
            .value("code", "CODE", "the class code (default: COURSE-01, -02…)"),
        ],
        printsData: true,
        run: { context in try LearningOutput.run { try runCreate(context) } })

    static let listSpec = CommandSpec(
        name: "list",
        summary: "list classes with their seats and results",
        options: [
            .value("course", "CODE", "only classes of this course"),
            .value("status", "STATUS", "only open, closed or cancelled classes"),
            .value("ward", "CODE", "only classes in this ward"),
        ],
        printsData: true,
        run: { context in try LearningOutput.run { try runList(context) } })

    static let showSpec = CommandSpec(
        name: "show",
        summary: "show a class: roster, attendance grid, waitlist, who is at risk",
        discussion: """
            Grid marks: x present, - absent, . not recorded. A learner is at risk when one more
            absence (or the score so far) would keep them from completing, and cannot complete
            when the sessions left are too few.
            """,
        arguments: [ArgumentSpec(name: "CLASS", help: "the class code")],
        printsData: true,
        run: { context in try LearningOutput.run { try runShow(context) } })

    static let rosterSpec = CommandSpec(
        name: "roster",
        summary: "write a class's roster as CSV (also a roll sheet to fill in)",
        discussion: """
            Columns: code, name, phone, state, session 1…N (x present, - absent), attended,
            score, result. The file opens in a spreadsheet (UTF-8 with a byte order mark);
            filled in and saved, it goes back with 'ketnoi attend CLASS --roll FILE'.
            """,
        options: [
            .value("out", "FILE", "write here instead of stdout"),
            .value("delimiter", "C", "field separator: , (default) or ;"),
        ],
        arguments: [ArgumentSpec(name: "CLASS", help: "the class code")],
        run: { context in try LearningOutput.run { try runRoster(context) } })

    static let closeSpec = CommandSpec(
        name: "close",
        summary: "close a class: completed or not completed by the course's rule, with reasons",
        options: [
            .flag("early", "close before the last session's date"),
            .flag("force", "close though a session has no attendance (everyone absent there)"),
        ],
        arguments: [ArgumentSpec(name: "CLASS", help: "the class code")],
        printsData: true,
        run: { context in try LearningOutput.run { try runClose(context) } })

    static let cancelSpec = CommandSpec(
        name: "cancel",
        summary: "cancel an open class; its learners are withdrawn",
        options: [.value("reason", "TEXT", "why, kept with the class")],
        arguments: [ArgumentSpec(name: "CLASS", help: "the class code")],
        run: { context in try LearningOutput.run { try runCancel(context) } })

    // MARK: - Handlers

    static func runCreate(_ context: Context) throws {
        let invocation = context.invocation
        for required in ["course", "trainer", "capacity"] where invocation.value(required) == nil
        {
            throw CommandFailure(.usage, "option --\(required) is required")
        }
        guard let capacity = try invocation.integer("capacity", in: 1...ClassStore.largestCapacity)
        else { throw CommandFailure(.usage, "option --capacity is required") }
        let db = try context.openDatabase()
        let courseCode = invocation.value("course") ?? ""
        guard let course = try CourseStore(db).find(code: courseCode) else {
            throw LearningError(.notFound, "no course with code '\(courseCode)' (import the "
                + "curricula with 'ketnoi courses import')")
        }
        var dates: [LocalDate] = []
        switch (try LearningOutput.date(context, "start"), invocation.value("dates")) {
        case (let start?, nil):
            let every = try invocation.integer("every", in: 1...60) ?? 7
            dates = ClassPlan.dates(start: start, count: course.sessions, everyDays: every)
            if let last = dates.last, last.year > 9999 {
                throw CommandFailure(
                    .usage, "option --start: the last of the course's \(course.sessions) "
                        + "sessions, \(every) day\(every == 1 ? "" : "s") apart, would fall "
                        + "after 9999-12-31")
            }
        case (nil, let list?):
            for text in list.split(separator: ",") {
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard let date = LocalDate(trimmed) else {
                    throw CommandFailure(
                        .usage, "option --dates: '\(trimmed)' is not a date (YYYY-MM-DD)")
                }
                dates.append(date)
            }
        case (.some, .some):
            throw CommandFailure(.usage, "options --start and --dates exclude each other")
        case (nil, nil):
            throw CommandFailure(.usage, "give --start DAY (and --every DAYS) or --dates")
        }
        let created = try ClassStore(db).create(ClassPlan(
            code: invocation.value("code"), courseCode: course.code,
            trainerCode: invocation.value("trainer") ?? "",
            hotspotCode: invocation.value("hotspot"), address: invocation.value("address"),
            wardCode: invocation.value("ward"), capacity: capacity, dates: dates))
        if context.json {
            try LearningOutput.json(context, "class", LearningOutput.ClassJSON(created))
        } else {
            context.terminal.out("created \(created.code): \(course.title.vi), "
                + "\(created.sessions.count) sessions from \(created.sessions[0]) to "
                + "\(created.sessions[created.sessions.count - 1]), \(created.capacity) seats "
                + "at \(created.venue)\n")
        }
    }

    static func runList(_ context: Context) throws {
        let invocation = context.invocation
        var status: ClassStatus?
        if let text = invocation.value("status") {
            guard let parsed = ClassStatus(rawValue: text) else {
                throw CommandFailure(
                    .usage, "option --status: '\(text)' is not open, closed or cancelled")
            }
            status = parsed
        }
        let db = try context.openDatabase(existing: true)
        let summaries = try ClassStore(db).summaries(
            status: status, courseCode: invocation.value("course"),
            areaCode: invocation.value("ward"))
        if context.json {
            try LearningOutput.json(
                context, "classes", summaries.map(LearningOutput.ClassJSON.init))
            return
        }
        guard !summaries.isEmpty else {
            context.terminal.warning("no classes match; create one with 'ketnoi classes create'")
            return
        }
        var table = TextTable(
            ["code", "course", "first", "last", "status", "seats", "waitlist", "completed",
             "venue"],
            rightAligned: [5, 6, 7])
        for summary in summaries {
            let found = summary.trainingClass
            let taken = summary.enrolled + summary.completed + summary.notCompleted
            table.append([
                found.code + (found.sample ? " (sample)" : ""), found.courseCode,
                found.firstDate?.description ?? "", found.lastDate?.description ?? "",
                found.status.rawValue, "\(taken)/\(found.capacity)", String(summary.waitlisted),
                found.status == .closed ? "\(summary.completed)/\(taken)" : "",
                found.venue,
            ])
        }
        context.terminal.out(table.render())
        context.terminal.out("\(summaries.count) classes\n")
    }

    struct RosterJSON: Encodable {
        struct Entry: Encodable {
            let code: String
            let name: String?
            let state: String
            let waitlistPosition: Int?
            let marks: [Bool?]
            let attended: Int
            let score: Double?
            let reason: String?
            let risk: String?
            let riskReason: String?
        }
        let classInfo: LearningOutput.ClassJSON
        let courseTitle: BilingualText
        let trainerName: String
        let sessionsNeeded: Int
        let passMark: Double?
        let entries: [Entry]

        enum CodingKeys: String, CodingKey {
            case classInfo = "class", courseTitle, trainerName, sessionsNeeded, passMark, entries
        }
    }

    static func runShow(_ context: Context) throws {
        let code = context.invocation.arguments[0]
        let db = try context.openDatabase(existing: true)
        let roster = try ClassStore(db).roster(code: code)
        let found = roster.trainingClass
        let rule = roster.course.completion
        if context.json {
            let entries = roster.entries.map { entry in
                RosterJSON.Entry(
                    code: entry.learnerCode, name: entry.name, state: entry.state.rawValue,
                    waitlistPosition: entry.waitlistPosition, marks: entry.marks,
                    attended: entry.attended, score: entry.score, reason: entry.reason,
                    risk: entry.risk?.label, riskReason: entry.risk?.reason)
            }
            try LearningOutput.json(context, "class-roster", RosterJSON(
                classInfo: LearningOutput.ClassJSON(found), courseTitle: roster.course.title,
                trainerName: roster.trainer.name,
                sessionsNeeded: rule.sessionsNeeded(of: found.sessions.count),
                passMark: rule.passMark, entries: entries))
            return
        }

        let area = try found.areaCode.flatMap { try AreaStore(db).find(code: $0) }
        let waitlisted = roster.entries.filter { $0.state == .waitlisted }
        var lines = [
            "\(found.code)  \(roster.course.title.vi) (\(found.courseCode))"
                + (found.sample ? "  [sample data]" : ""),
            "status:    \(found.status.rawValue)" + (found.note.map { " (\($0))" } ?? ""),
            "trainer:   \(roster.trainer.code) \(roster.trainer.name)",
            "venue:     \(found.venue)" + (found.hotspotCode.map { " [hotspot \($0)]" } ?? ""),
            "ward:      " + (area.map { "\($0.code) \($0.name)" } ?? found.areaCode ?? "–"),
            "sessions:  " + found.sessions.enumerated().map { "\($0.offset + 1) \($0.element)" }
                .joined(separator: " · "),
            "seats:     \(roster.seatsTaken) of \(found.capacity) taken, \(waitlisted.count) "
                + "waitlisted",
            "rule:      attend \(rule.sessionsNeeded(of: found.sessions.count)) of "
                + "\(found.sessions.count) sessions"
                + (rule.passMark.map { ", score at least \(LearningOutput.number($0))" }
                    ?? ", no assessment"),
        ]
        let seated = roster.entries.filter { $0.state != .waitlisted && $0.state != .withdrawn }
        if !seated.isEmpty {
            var table = TextTable(
                ["code", "name", "state", grid(header: found.sessions.count), "attended", "score",
                 "status"],
                rightAligned: [4, 5])
            for entry in seated {
                let status: String = if let risk = entry.risk {
                    risk.label + (risk.reason.map { ": \($0)" } ?? "")
                } else {
                    entry.reason ?? ""
                }
                table.append([
                    entry.learnerCode, LearningOutput.name(entry.name), entry.state.rawValue,
                    grid(entry.marks), "\(entry.attended)/\(found.sessions.count)",
                    LearningOutput.number(entry.score), status,
                ])
            }
            lines.append("")
            lines.append(table.render().trimmingCharacters(in: .newlines))
        }
        if !waitlisted.isEmpty {
            lines.append("")
            lines.append("waitlist:")
            for entry in waitlisted {
                lines.append("  \(entry.waitlistPosition ?? 0). \(entry.learnerCode) "
                    + LearningOutput.name(entry.name))
            }
        }
        let withdrawn = roster.entries.filter { $0.state == .withdrawn }
        if !withdrawn.isEmpty {
            lines.append("")
            lines.append("withdrawn: " + withdrawn.map {
                "\($0.learnerCode) \(LearningOutput.name($0.name))"
            }.joined(separator: ", "))
        }
        let atRisk = seated.filter {
            if case .onTrack = $0.risk ?? .onTrack { return false }
            return true
        }
        if !atRisk.isEmpty {
            lines.append("")
            lines.append("at risk of not completing: "
                + atRisk.map(\.learnerCode).joined(separator: ", "))
        }
        context.terminal.out(lines.joined(separator: "\n") + "\n")
    }

    /// `1 2 3 4` over the marks columns.
    static func grid(header count: Int) -> String {
        (1...max(1, count)).map { String($0 % 10) }.joined(separator: " ")
    }

    /// `x x - .`: present, absent, not recorded.
    static func grid(_ marks: [Bool?]) -> String {
        marks.map { $0.map { $0 ? "x" : "-" } ?? "." }.joined(separator: " ")
    }

    static func runRoster(_ context: Context) throws {
        let code = context.invocation.arguments[0]
        var delimiter: Character = ","
        if let text = context.invocation.value("delimiter") {
            guard text == "," || text == ";" else {
                throw CommandFailure(.usage, "option --delimiter: '\(text)' is not , or ;")
            }
            delimiter = text == ";" ? ";" : ","
        }
        if let path = context.invocation.value("out") { try OutputFile.check(path) }
        let db = try context.openDatabase(existing: true)
        let roster = try ClassStore(db).roster(code: code)
        let sessions = roster.trainingClass.sessions.count
        let header = ["code", "name", "phone", "state"]
            + (1...max(1, sessions)).map { "session \($0)" } + ["attended", "score", "result"]
        let rows = roster.entries.map { entry in
            [entry.learnerCode, Self.inert(entry.name ?? "", "=+-@\t\r"),
             Self.inert(entry.phone ?? "", "=@\t\r"), entry.state.rawValue]
                + entry.marks.map { $0.map { $0 ? "x" : "-" } ?? "" }
                + [String(entry.attended), LearningOutput.number(entry.score),
                   entry.reason ?? entry.risk?.label ?? ""]
        }
        let text = "\u{FEFF}" + CSVWriter(delimiter: delimiter, lineEnding: "\r\n")
            .document(header: header, rows: rows)
        if let path = context.invocation.value("out") {
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                throw CommandFailure(.cannotCreate, "cannot write \(path)")
            }
            context.terminal.info("wrote \(path): \(rows.count) learners")
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// A name a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+SUM(…)`) gets a
    /// leading `'`, which spreadsheets take as "text" and do not show (OWASP's advice for
    /// CSV injection). `starts` are the first characters that make a formula of this field.
    static func inert(_ field: String, _ starts: String) -> String {
        guard let first = field.first, starts.contains(first) else { return field }
        return "'" + field
    }

    struct CloseJSON: Encodable {
        struct Entry: Encodable {
            let code: String
            let name: String?
            let attended: Int
            let score: Double?
            let state: String
            let reason: String?
        }
        let classCode: String
        let sessions: Int
        let completed: Int
        let notCompleted: Int
        let waitlisted: Int
        let entries: [Entry]
        let warnings: [String]
    }

    static func runClose(_ context: Context) throws {
        let code = context.invocation.arguments[0]
        let db = try context.openDatabase(existing: true)
        let report = try EnrollmentDesk(db).close(
            classCode: code, early: context.invocation.has("early"),
            everySessionRecorded: !context.invocation.has("force"))
        for warning in report.warnings {
            context.terminal.warning("\(code): \(warning)")
        }
        if context.json {
            try LearningOutput.json(context, "class-close", CloseJSON(
                classCode: code, sessions: report.sessions, completed: report.completed,
                notCompleted: report.notCompleted, waitlisted: report.waitlisted,
                entries: report.entries.map {
                    .init(code: $0.learnerCode, name: $0.name, attended: $0.attended,
                          score: $0.score, state: $0.outcome.state.rawValue,
                          reason: $0.outcome.reason)
                }, warnings: report.warnings))
            return
        }
        var lines: [String] = []
        for entry in report.entries {
            lines.append("\(entry.learnerCode) \(LearningOutput.name(entry.name)): "
                + entry.outcome.state.rawValue
                + (entry.outcome.reason.map { " (\($0))" } ?? ""))
        }
        lines.append("closed \(code): \(report.completed) completed, \(report.notCompleted) not "
            + "completed" + (report.waitlisted > 0 ? ", \(report.waitlisted) left on the waitlist"
                : ""))
        context.terminal.out(lines.joined(separator: "\n") + "\n")
    }

    static func runCancel(_ context: Context) throws {
        let code = context.invocation.arguments[0]
        let db = try context.openDatabase(existing: true)
        let withdrawn = try ClassStore(db).cancel(
            code: code, reason: context.invocation.value("reason"))
        context.terminal.out("cancelled \(code); \(withdrawn) enrollments withdrawn\n")
    }
}
