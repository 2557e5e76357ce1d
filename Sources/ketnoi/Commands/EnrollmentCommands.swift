import Foundation
import Learning
import Places

/// `ketnoi enroll`, `withdraw`, `attend`, `assess`: the enrollment lifecycle of a class.
enum EnrollmentCommands {
    static let enrollSpec = CommandSpec(
        name: "enroll",
        summary: "enroll a learner in a class (waitlisted when it is full)",
        arguments: [
            ArgumentSpec(name: "LEARNER", help: "the learner code"),
            ArgumentSpec(name: "CLASS", help: "the class code"),
        ],
        printsData: true,
        run: { context in try LearningOutput.run { try runEnroll(context) } })

    static let withdrawSpec = CommandSpec(
        name: "withdraw",
        summary: "withdraw a learner; the first waitlisted learner gets the seat",
        arguments: [
            ArgumentSpec(name: "LEARNER", help: "the learner code"),
            ArgumentSpec(name: "CLASS", help: "the class code"),
        ],
        printsData: true,
        run: { context in try LearningOutput.run { try runWithdraw(context) } })

    static let attendSpec = CommandSpec(
        name: "attend",
        summary: "record attendance: --present CODES or a roll sheet --roll FILE",
        discussion: """
            With --present, the learners listed are present at --session N and every other
            enrolled learner absent. With --roll, a roll sheet typed up from paper: a code (mã)
            or name (họ và tên) column and either 'buổi 1', 'buổi 2' … / 'session 1' … columns
            (every session with a mark is recorded) or one 'present' / 'có mặt' column for
            --session N. x, 1, có mean present; -, 0, vắng or empty mean absent. The roster
            from 'ketnoi classes roster' is such a sheet. All or nothing: a row naming someone
            not enrolled, or a mark that is not one, writes nothing and is listed.
            """,
        options: [
            .value("session", "N", "the session number (1 = first)"),
            .value("present", "CODES", "learner codes present, separated by commas"),
            .value("roll", "FILE", "a roll sheet CSV"),
        ] + ImportOptions.csv,
        arguments: [ArgumentSpec(name: "CLASS", help: "the class code")],
        printsData: true,
        run: { context in try LearningOutput.run { try runAttend(context) } })

    static let assessSpec = CommandSpec(
        name: "assess",
        summary: "record an enrolled learner's assessment score (0 to 100)",
        arguments: [
            ArgumentSpec(name: "CLASS", help: "the class code"),
            ArgumentSpec(name: "LEARNER", help: "the learner code"),
            ArgumentSpec(name: "SCORE", help: "0 to 100"),
        ],
        run: { context in try LearningOutput.run { try runAssess(context) } })

    // MARK: - Handlers

    struct EnrollJSON: Encodable {
        let learner: String
        let classCode: String
        let state: String
        let waitlistPosition: Int?
        let warnings: [String]
    }

    static func runEnroll(_ context: Context) throws {
        let arguments = context.invocation.arguments
        let db = try context.openDatabase(existing: true)
        let result = try EnrollmentDesk(db).enroll(
            learnerCode: arguments[0], classCode: arguments[1])
        for warning in result.warnings {
            context.terminal.warning(warning)
        }
        if context.json {
            try LearningOutput.json(context, "enrollment", EnrollJSON(
                learner: result.learnerCode, classCode: result.classCode,
                state: result.state.rawValue, waitlistPosition: result.waitlistPosition,
                warnings: result.warnings))
        } else if let position = result.waitlistPosition {
            context.terminal.out("\(result.learnerCode) waitlisted for \(result.classCode) "
                + "(position \(position)); the class is full\n")
        } else {
            context.terminal.out("\(result.learnerCode) enrolled in \(result.classCode)\n")
        }
    }

    struct WithdrawJSON: Encodable {
        let learner: String
        let classCode: String
        let previousState: String
        let promoted: String?
        let promotedName: String?
    }

    static func runWithdraw(_ context: Context) throws {
        let arguments = context.invocation.arguments
        let db = try context.openDatabase(existing: true)
        let result = try EnrollmentDesk(db).withdraw(
            learnerCode: arguments[0], classCode: arguments[1])
        if context.json {
            try LearningOutput.json(context, "withdrawal", WithdrawJSON(
                learner: result.learnerCode, classCode: result.classCode,
                previousState: result.previousState.rawValue, promoted: result.promoted?.code,
                promotedName: result.promoted?.name))
            return
        }
        var text = "\(result.learnerCode) withdrawn from \(result.classCode)"
        if let promoted = result.promoted {
            text += "; \(promoted.code) \(LearningOutput.name(promoted.name)) moves from the "
                + "waitlist to the freed seat"
        }
        context.terminal.out(text + "\n")
    }

    struct AttendJSON: Encodable {
        struct Session: Encodable {
            let session: Int
            let date: String
            let present: Int
            let absent: Int
        }
        let classCode: String
        let sessions: [Session]
        let warnings: [String]
    }

    static func runAttend(_ context: Context) throws {
        let invocation = context.invocation
        let classCode = invocation.arguments[0]
        let session = try invocation.integer("session", in: 1...1000)
        let db = try context.openDatabase(existing: true)
        let desk = EnrollmentDesk(db)
        var tallies: [SessionTally] = []
        var warnings: [String] = []
        switch (invocation.value("present"), invocation.value("roll")) {
        case (let present?, nil):
            guard let session else {
                throw CommandFailure(.usage, "option --present needs --session N")
            }
            let codes = present.split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
            tallies = [try desk.recordAttendance(
                classCode: classCode, session: session, present: codes)]
        case (nil, let path?):
            let sheet = try RollSheet.read(
                path: path, csv: try context.csvOptions(), classCode: classCode,
                session: session, db: db)
            if !sheet.problems.isEmpty {
                for problem in sheet.problems {
                    context.terminal.err(problem.description)
                }
                throw CommandFailure(.dataError, "\(Set(sheet.problems.map(\.place)).count) "
                    + "invalid row(s) in \(sheet.file); nothing written")
            }
            guard !sheet.marks.isEmpty else {
                throw CommandFailure(.dataError, "\(sheet.file): no marks in any session column")
            }
            warnings = sheet.warnings
            tallies = try desk.recordAttendance(classCode: classCode, marks: sheet.marks)
        case (.some, .some):
            throw CommandFailure(.usage, "options --present and --roll exclude each other")
        case (nil, nil):
            throw CommandFailure(.usage, "give --present CODES (with --session N) or --roll FILE")
        }
        let today = LocalDate.today()
        for tally in tallies where tally.date > today {
            warnings.append("session \(tally.session) is dated \(tally.date), after today")
        }
        for warning in warnings {
            context.terminal.warning(warning)
        }
        if context.json {
            try LearningOutput.json(context, "attendance", AttendJSON(
                classCode: classCode,
                sessions: tallies.map {
                    .init(session: $0.session, date: $0.date.description, present: $0.present,
                          absent: $0.absent)
                }, warnings: warnings))
            return
        }
        context.terminal.out(tallies.map {
            "\(classCode) session \($0.session) (\($0.date)): \($0.present) present, "
                + "\($0.absent) absent"
        }.joined(separator: "\n") + "\n")
    }

    static func runAssess(_ context: Context) throws {
        let arguments = context.invocation.arguments
        let text = arguments[2].replacingOccurrences(of: ",", with: ".")
        // Digits with at most one decimal point, as a score is written (not 0x10 or 1e2).
        let plain = !text.isEmpty && text.filter { $0 == "." }.count <= 1
            && text.allSatisfy { $0 == "." || ("0"..."9").contains($0) }
        guard plain, let score = Double(text), score.isFinite, (0...100).contains(score) else {
            throw CommandFailure(.usage, "SCORE: '\(arguments[2])' is not a number from 0 to 100")
        }
        let db = try context.openDatabase(existing: true)
        try EnrollmentDesk(db).assess(
            classCode: arguments[0], learnerCode: arguments[1], score: score)
        context.terminal.out("\(arguments[1]) scored \(LearningOutput.number(score)) in "
            + "\(arguments[0])\n")
    }
}
