import Foundation
import Learning
import Places

/// `ketnoi learners …`: the people taking courses.
enum LearnerCommands {
    static let spec: CommandSpec = CommandSpec(
        name: "learners",
        summary: "learners: add, import a roster, list, show history, forget",
        subcommands: [addSpec, importSpec, listSpec, showSpec, forgetSpec])

    static let addSpec = CommandSpec(
        name: "add",
        summary: "add one learner; a likely duplicate is refused and named",
        options: [
            .value("name", "NAME", "full name (required)"),
            .value("phone", "NUMBER", "phone number"),
            .value("birth-year", "YEAR", "birth year (published only as an age band)"),
            .value("gender", "WORD", "female, male, other or not-specified (nữ, nam, khác)"),
            .value("disability", "ANSWER", "yes, no or not-specified"),
            .value("low-income", "ANSWER", "low-income household: yes, no or not-specified"),
            .value("ward", "CODE", "home ward"),
        ],
        printsData: true,
        run: { context in try LearningOutput.run { try runAdd(context) } })

    static let importSpec = CommandSpec(
        name: "import",
        summary: "import learners from a roster CSV (all or nothing), flagging likely duplicates",
        discussion: """
            Columns are found by their Vietnamese or English names, with or without tone marks:
            họ và tên / name; số điện thoại / phone; năm sinh / birth_year (a year or a date,
            of which only the year is kept); giới tính / gender (nữ, nam, khác); khuyết tật /
            disability and hộ nghèo / low_income (có, không); phường/xã / ward (a code or a
            name); mã / code to update a learner already stored. Spreadsheet files are read as
            saved: UTF-8 with or without BOM, or --encoding windows-1258; ',' or ';'.

            A row with the same name and birth year as a stored learner (or an earlier row)
            and the same phone or ward is a likely duplicate: it is not created, and listed.
            With --class, every learner of the file is enrolled in that class in file order
            (waitlisted once it is full). All or nothing: one bad row and nothing is written;
            every bad row is listed as file:line: field: reason (exit status 65).
            """,
        options: [.value("class", "CODE", "enroll every learner of the file in this class")]
            + ImportOptions.mode + ImportOptions.csv,
        arguments: [ArgumentSpec(name: "FILE", help: "a .csv file (or a JSON array)")],
        printsData: true,
        run: { context in try LearningOutput.run { try runImport(context) } })

    static let listSpec = CommandSpec(
        name: "list",
        summary: "list learners (age band, not birth year; no phone numbers)",
        options: [
            .value("ward", "CODE", "only learners living in this ward"),
            .value("class", "CODE", "only learners of this class"),
        ],
        printsData: true,
        run: { context in try LearningOutput.run { try runList(context) } })

    static let showSpec = CommandSpec(
        name: "show",
        summary: "show a learner and their history: classes, attendance, results, certificates",
        arguments: [ArgumentSpec(name: "CODE", help: "the learner code, e.g. L000001")],
        printsData: true,
        run: { context in try LearningOutput.run { try runShow(context) } })

    static let forgetSpec = CommandSpec(
        name: "forget",
        summary: "erase a learner's name, phone and birth year; the programme's counts stay",
        discussion: """
            The record stays with its code, gender, disability, low-income and ward answers and
            the age band of today, so every count and report is unchanged; enrollments,
            attendance and results stay with the anonymous record. The erased text is
            overwritten in the database file and its write-ahead log is truncated.
            Certificates already printed are not affected; their codes still verify.
            """,
        arguments: [ArgumentSpec(name: "CODE", help: "the learner code")],
        run: { context in try LearningOutput.run { try runForget(context) } })

    // MARK: - Handlers

    static func runAdd(_ context: Context) throws {
        let invocation = context.invocation
        guard let name = invocation.value("name") else {
            throw CommandFailure(.usage, "option --name is required")
        }
        var learner = Learner(name: name, phone: invocation.value("phone"))
        learner.birthYear = try invocation.integer("birth-year", in: 1...9999)
        if let text = invocation.value("gender") {
            guard let gender = Gender(cell: text) else {
                throw CommandFailure(.usage, "option --gender: '\(text)' is not female, male, "
                    + "other or not-specified")
            }
            learner.gender = gender
        }
        for (option, keyPath) in [
            ("disability", \Learner.disability), ("low-income", \Learner.lowIncome),
        ] as [(String, WritableKeyPath<Learner, Answer>)] {
            if let text = invocation.value(option) {
                guard let answer = Answer(cell: text) else {
                    throw CommandFailure(
                        .usage, "option --\(option): '\(text)' is not yes, no or not-specified")
                }
                learner[keyPath: keyPath] = answer
            }
        }
        learner.areaCode = invocation.value("ward")
        let db = try context.openDatabase()
        let added = try LearnerStore(db).add(learner)
        if context.json {
            try LearningOutput.json(context, "learner", LearningOutput.LearnerJSON(
                added, referenceYear: LocalDate.today().year, personal: true))
        } else {
            context.terminal.out("added \(added.code) \(added.name ?? "")\n")
        }
    }

    struct ImportJSON: Encodable {
        let report: ImportOutput.ReportJSON
        let duplicates: [String]
        let classCode: String?
        let enrolled: Int
        let waitlisted: Int
        let alreadyInClass: Int
    }

    static func runImport(_ context: Context) throws {
        let mode = try context.importMode()
        let csv = try context.csvOptions()
        let db = try context.openDatabase()
        let result = try LearnerImporter(db).importFile(
            context.invocation.arguments[0], csv: csv, mode: mode,
            classCode: context.invocation.value("class"))
        let report = result.report
        for warning in report.warnings {
            context.terminal.warning(warning)
        }
        for duplicate in result.duplicates {
            context.terminal.warning(duplicate.description)
        }
        if context.json {
            let problems = report.problems.map { problem in
                var item: Int?
                if case .item(let number) = problem.place { item = number }
                return ImportOutput.ProblemJSON(
                    file: problem.file, line: problem.line, item: item, field: problem.field,
                    reason: problem.reason, message: problem.description)
            }
            try LearningOutput.json(context, "learner-import", ImportJSON(
                report: ImportOutput.ReportJSON(
                    file: report.file, mode: ImportOutput.modeName(report.mode),
                    rowsRead: report.rowsRead, created: report.created, updated: report.updated,
                    skipped: report.skipped, invalidRows: report.invalidRows,
                    wrote: report.wrote, problems: problems, warnings: report.warnings),
                duplicates: result.duplicates.map(\.description), classCode: result.classCode,
                enrolled: result.enrolled, waitlisted: result.waitlisted,
                alreadyInClass: result.alreadyInClass))
        } else {
            for problem in report.problems.prefix(ImportOutput.problemLines) {
                context.terminal.err(problem.description)
            }
            if report.problems.count > ImportOutput.problemLines {
                context.terminal.err("… and \(report.problems.count - ImportOutput.problemLines) "
                    + "more problems (--json lists them all)")
            }
            var summary = ImportOutput.summary(report, what: "learners")
            if !result.duplicates.isEmpty {
                summary += ", \(result.duplicates.count) likely duplicates not created"
            }
            if let classCode = result.classCode, report.wrote {
                summary += "\n\(classCode): \(result.enrolled) enrolled, \(result.waitlisted) "
                    + "waitlisted"
                    + (result.alreadyInClass > 0 ? ", \(result.alreadyInClass) already there" : "")
            }
            context.terminal.out(summary + "\n")
        }
        if !report.problems.isEmpty && report.mode != .skipInvalid {
            throw CommandFailure(.dataError, "\(report.invalidRows) invalid row(s) in "
                + "\(report.file); nothing written")
        }
    }

    static func runList(_ context: Context) throws {
        let db = try context.openDatabase(existing: true)
        let today = LocalDate.today()
        let learners = try LearnerStore(db).all(
            areaCode: context.invocation.value("ward"),
            classCode: context.invocation.value("class"))
        if context.json {
            try LearningOutput.json(context, "learners", learners.map {
                LearningOutput.LearnerJSON($0, referenceYear: today.year, personal: false)
            })
            return
        }
        guard !learners.isEmpty else {
            context.terminal.warning("no learners match; add them with 'ketnoi learners add' or "
                + "'ketnoi learners import FILE'")
            return
        }
        var table = TextTable(
            ["code", "name", "age band", "gender", "disability", "low income", "ward"])
        for learner in learners {
            table.append([
                learner.code, LearningOutput.name(learner.name)
                    + (learner.sample ? " (sample)" : ""),
                learner.ageBand(referenceYear: today.year).rawValue, learner.gender.rawValue,
                learner.disability.rawValue, learner.lowIncome.rawValue, learner.areaCode ?? "",
            ])
        }
        context.terminal.out(table.render())
        context.terminal.out("\(learners.count) learners\n")
    }

    struct ShowJSON: Encodable {
        struct Entry: Encodable {
            let classCode: String
            let course: String
            let title: BilingualText
            let state: String
            let firstDate: String?
            let lastDate: String?
            let attended: Int
            let sessions: Int
            let score: Double?
            let reason: String?
            let certificate: String?
        }
        let learner: LearningOutput.LearnerJSON
        let history: [Entry]
    }

    static func runShow(_ context: Context) throws {
        let code = context.invocation.arguments[0]
        let db = try context.openDatabase(existing: true)
        let store = LearnerStore(db)
        guard let learner = try store.find(code: code) else {
            throw LearningError(.notFound, "no learner with code '\(code)'")
        }
        let history = try store.history(code: code)
        let today = LocalDate.today()
        if context.json {
            try LearningOutput.json(context, "learner", ShowJSON(
                learner: LearningOutput.LearnerJSON(
                    learner, referenceYear: today.year, personal: true),
                history: history.map {
                    .init(classCode: $0.classCode, course: $0.courseCode, title: $0.courseTitle,
                          state: $0.state.rawValue, firstDate: $0.firstDate?.description,
                          lastDate: $0.lastDate?.description, attended: $0.attended,
                          sessions: $0.sessions, score: $0.score, reason: $0.reason,
                          certificate: $0.certificateCode)
                }))
            return
        }
        let area = try learner.areaCode.flatMap { try AreaStore(db).find(code: $0) }
        var lines = [
            "code:        \(learner.code)" + (learner.sample ? "  [sample data]" : ""),
            "name:        \(LearningOutput.name(learner.name))",
            "phone:       \(learner.phone ?? "–")",
            "birth year:  " + (learner.birthYear.map(String.init) ?? "–")
                + " (age band \(learner.ageBand(referenceYear: today.year).rawValue))",
            "gender:      \(learner.gender.rawValue)",
            "disability:  \(learner.disability.rawValue)",
            "low income:  \(learner.lowIncome.rawValue)",
            "ward:        " + (area.map { "\($0.code) \($0.name)" } ?? learner.areaCode ?? "–"),
        ]
        if let forgotten = learner.forgottenAt {
            lines.append("forgotten:   \(LocalDate.of(forgotten)); personal fields erased")
        }
        lines.append("")
        if history.isEmpty {
            lines.append("no classes yet")
        } else {
            var table = TextTable(
                ["class", "course", "dates", "state", "attended", "score", "certificate"],
                rightAligned: [4, 5])
            for entry in history {
                let dates = [entry.firstDate, entry.lastDate].compactMap { $0?.description }
                table.append([
                    entry.classCode, "\(entry.courseCode) \(entry.courseTitle.vi)",
                    dates.joined(separator: " – "),
                    entry.state.rawValue + (entry.reason.map { " (\($0))" } ?? ""),
                    "\(entry.attended)/\(entry.sessions)", LearningOutput.number(entry.score),
                    entry.certificateCode ?? "",
                ])
            }
            lines.append(table.render().trimmingCharacters(in: .newlines))
        }
        context.terminal.out(lines.joined(separator: "\n") + "\n")
    }

    static func runForget(_ context: Context) throws {
        let code = context.invocation.arguments[0]
        let db = try context.openDatabase(existing: true)
        let truncated = try LearnerStore(db).forget(code: code)
        if !truncated {
            context.terminal.warning("another connection is reading the database; the erased "
                + "values leave the write-ahead log at its next checkpoint")
        }
        context.terminal.out("forgot \(code): name, phone and birth year erased; group fields "
            + "and counts kept\n")
    }
}
