import Foundation
import Learning

/// `ketnoi certificates` and `ketnoi learning …` (programme summary, facts, sample data).
enum LearningCommands {
    static let certificatesSpec = CommandSpec(
        name: "certificates",
        summary: "printable HTML certificates for a closed class's completers",
        discussion: """
            One self-contained HTML file per learner who completed (Vietnamese first, English
            second), named CLASS-LEARNER.html; print it from a browser. Each certificate has a
            random verification code kept in the database: a second run writes the same codes.
            Check one with --verify CODE.
            """,
        options: [
            .value("out", "DIR", "the folder to write into (created if missing)"),
            .value("verify", "CODE", "look up a verification code instead"),
        ],
        arguments: [ArgumentSpec(name: "CLASS", help: "the class code", optional: true)],
        printsData: true,
        run: { context in try LearningOutput.run { try runCertificates(context) } })

    static let spec: CommandSpec = CommandSpec(
        name: "learning",
        summary: "the digital-literacy programme: summary, facts, sample data",
        subcommands: [summarySpec, factsSpec, sampleSpec])

    static let summarySpec = CommandSpec(
        name: "summary",
        summary: "counts of courses, classes, learners, enrollments and certificates",
        printsData: true,
        run: { context in try LearningOutput.run { try runSummary(context) } })

    static let factsSpec = CommandSpec(
        name: "facts",
        summary: "enrollments by ward, gender, age band, disability, low income and state",
        discussion: """
            Raw counts for trainers and the equity report; nothing is suppressed here, so do
            not publish this table as it is. Age bands are computed from birth years for the
            year of --as-of (default today); forgotten learners keep the band they had.
            """,
        options: [
            .value("as-of", "YYYY-MM-DD", "reference day for age bands (default today)"),
            .value("course", "CODE", "only classes of this course"),
            .value("from", "YYYY-MM-DD", "only classes starting on or after this day"),
            .value("through", "YYYY-MM-DD", "only classes starting on or before this day"),
            .flag("no-sample", "leave out classes made by 'learning sample'"),
        ],
        printsData: true,
        run: { context in try LearningOutput.run { try runFacts(context) } })

    static let sampleSpec = CommandSpec(
        name: "sample",
        summary: "make a deterministic sample programme (marked as sample data) for demos",
        discussion: """
            Needs the wards and hotspots imported (as 'make demo' does); imports the courses
            from --curricula when none are stored. Creates trainers, classes at the hotspots
            over the year up to --until, learners spread over the wards with a plausible mix
            of gender, age, disability and low income, enrollments with waitlists and
            withdrawals, attendance, scores, and closes the classes that ended. Every record is
            marked sample; reports say so. The same --seed, --learners and --until give the
            same data. One transaction: 50,000 learners take a few seconds.
            """,
        options: [
            .value("seed", "N", "random seed (default 1)"),
            .value("learners", "N", "how many learners (default 2000)"),
            .value("until", "YYYY-MM-DD", "the programme's last day (default today)"),
            .value("curricula", "DIR", "course files to import first (default curricula)"),
            .flag("replace", "remove an earlier sample first"),
        ],
        printsData: true,
        run: { context in try LearningOutput.run { try runSample(context) } })

    // MARK: - Certificates

    struct CertificateJSON: Encodable {
        let code: String
        let learner: String
        let name: String?
        let classCode: String
        let course: String
        let title: BilingualText
        let firstDate: String
        let lastDate: String
        let file: String?
    }

    static func json(_ certificate: Certificate, file: String?) -> CertificateJSON {
        CertificateJSON(
            code: certificate.code, learner: certificate.learnerCode,
            name: certificate.learnerName, classCode: certificate.classCode,
            course: certificate.course.code, title: certificate.course.title,
            firstDate: certificate.firstDate.description,
            lastDate: certificate.lastDate.description, file: file)
    }

    static func runCertificates(_ context: Context) throws {
        let invocation = context.invocation
        if let code = invocation.value("verify") {
            guard invocation.arguments.isEmpty, invocation.value("out") == nil else {
                throw CommandFailure(.usage, "option --verify takes no CLASS and no --out")
            }
            let db = try context.openDatabase(existing: true)
            guard let certificate = try CertificateDesk(db).verify(code: code) else {
                throw CommandFailure(.noInput, "no certificate with code '\(code)'")
            }
            if context.json {
                try LearningOutput.json(context, "certificate", json(certificate, file: nil))
            } else {
                context.terminal.out("\(certificate.code): valid. "
                    + "\(LearningOutput.name(certificate.learnerName)) "
                    + "(\(certificate.learnerCode)) completed \(certificate.course.code) "
                    + "\(certificate.course.title.vi), class \(certificate.classCode), "
                    + "\(certificate.firstDate) to \(certificate.lastDate)\n")
            }
            return
        }
        guard let classCode = invocation.arguments.first else {
            throw CommandFailure(.usage, "missing argument CLASS")
        }
        guard let folder = invocation.value("out") else {
            throw CommandFailure(.usage, "option --out DIR is required")
        }
        let db = try context.openDatabase(existing: true)
        let run = try CertificateDesk(db).write(classCode: classCode, folder: folder)
        for note in run.skipped {
            context.terminal.warning(note)
        }
        if context.json {
            try LearningOutput.json(
                context, "certificates", run.written.map { json($0.certificate, file: $0.path) })
            return
        }
        var lines = run.written.map {
            "\($0.path)  \($0.certificate.code)  \($0.certificate.learnerCode) "
                + LearningOutput.name($0.certificate.learnerName)
        }
        lines.append("\(run.written.count) certificates written to \(folder)")
        context.terminal.out(lines.joined(separator: "\n") + "\n")
    }

    // MARK: - Summary and facts

    struct SummaryJSON: Encodable {
        let courses: Int
        let trainers: Int
        let classesOpen: Int
        let classesClosed: Int
        let classesCancelled: Int
        let learners: Int
        let forgottenLearners: Int
        let enrollments: [String: Int]
        let certificates: Int
        let sampleClasses: Int
        let sampleLearners: Int
        let sampleSeed: UInt64?
        let sampleUntil: String?
    }

    static func runSummary(_ context: Context) throws {
        let db = try context.openDatabase(existing: true)
        let summary = try LearningStore(db).summary()
        if context.json {
            var enrollments: [String: Int] = [:]
            for (state, count) in summary.enrollments { enrollments[state.rawValue] = count }
            try LearningOutput.json(context, "learning-summary", SummaryJSON(
                courses: summary.courses, trainers: summary.trainers,
                classesOpen: summary.classesOpen, classesClosed: summary.classesClosed,
                classesCancelled: summary.classesCancelled, learners: summary.learners,
                forgottenLearners: summary.forgottenLearners, enrollments: enrollments,
                certificates: summary.certificates, sampleClasses: summary.sampleClasses,
                sampleLearners: summary.sampleLearners, sampleSeed: summary.sampleRun?.seed,
                sampleUntil: summary.sampleRun?.until.description))
            return
        }
        var lines: [String] = []
        if let run = summary.sampleRun, summary.sampleClasses + summary.sampleLearners > 0 {
            lines.append("SAMPLE DATA: \(summary.sampleLearners) learners and "
                + "\(summary.sampleClasses) classes are made up (learning sample, seed "
                + "\(run.seed), until \(run.until)); not a real programme")
        }
        let count = { (state: EnrollmentState) in summary.enrollments[state] ?? 0 }
        lines += [
            "courses:      \(summary.courses)",
            "trainers:     \(summary.trainers)",
            "classes:      \(summary.classesOpen) open, \(summary.classesClosed) closed, "
                + "\(summary.classesCancelled) cancelled",
            "learners:     \(summary.learners) (\(summary.forgottenLearners) forgotten)",
            "enrollments:  \(count(.enrolled)) enrolled, \(count(.waitlisted)) waitlisted, "
                + "\(count(.withdrawn)) withdrawn, \(count(.completed)) completed, "
                + "\(count(.notCompleted)) not completed",
            "certificates: \(summary.certificates)",
        ]
        context.terminal.out(lines.joined(separator: "\n") + "\n")
    }

    struct FactJSON: Encodable {
        let areaCode: String?
        let gender: String
        let ageBand: String
        let disability: String
        let lowIncome: String
        let state: String
        let count: Int
    }

    static func runFacts(_ context: Context) throws {
        let invocation = context.invocation
        let filter = EnrollmentFactFilter(
            referenceDate: try LearningOutput.date(context, "as-of") ?? .today(),
            courseCode: invocation.value("course"),
            from: try LearningOutput.date(context, "from"),
            through: try LearningOutput.date(context, "through"),
            includeSample: !invocation.has("no-sample"))
        let db = try context.openDatabase(existing: true)
        let facts = try LearningStore(db).enrollmentFacts(filter)
        if context.json {
            try LearningOutput.json(context, "enrollment-facts", facts.map {
                FactJSON(
                    areaCode: $0.areaCode, gender: $0.gender.rawValue, ageBand: $0.ageBand.rawValue,
                    disability: $0.disability.rawValue, lowIncome: $0.lowIncome.rawValue,
                    state: $0.state.rawValue, count: $0.count)
            })
            return
        }
        var table = TextTable(
            ["ward", "gender", "age band", "disability", "low income", "state", "count"],
            rightAligned: [6])
        for fact in facts {
            table.append([
                fact.areaCode ?? "–", fact.gender.rawValue, fact.ageBand.rawValue,
                fact.disability.rawValue, fact.lowIncome.rawValue, fact.state.rawValue,
                String(fact.count),
            ])
        }
        context.terminal.out(table.render())
        context.terminal.out("\(facts.reduce(0) { $0 + $1.count }) enrollments in "
            + "\(facts.count) groups (raw counts; not for publication)\n")
    }

    // MARK: - Sample

    struct SampleJSON: Encodable {
        let seed: UInt64
        let until: String
        let trainers: Int
        let classes: Int
        let classesClosed: Int
        let classesCancelled: Int
        let learners: Int
        let enrollments: [String: Int]
        let attendanceMarks: Int
        let removedLearners: Int
        let seconds: Double
    }

    static func runSample(_ context: Context) throws {
        let invocation = context.invocation
        var seed: UInt64 = 1
        if let text = invocation.value("seed") {
            guard let value = UInt64(text) else {
                throw CommandFailure(.usage, "option --seed: '\(text)' is not a whole number "
                    + "from 0 to \(UInt64.max)")
            }
            seed = value
        }
        let learners = try invocation.integer("learners", in: 1...SampleOptions.largest) ?? 2000
        let until = try LearningOutput.date(context, "until") ?? .today()
        let db = try context.openDatabase()

        if let given = invocation.value("curricula") {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: given, isDirectory: &isFolder),
                isFolder.boolValue
            else {
                let what = FileManager.default.fileExists(atPath: given)
                    ? "not a folder" : "no such folder"
                throw CommandFailure(.noInput, "option --curricula: \(given): \(what)")
            }
        }
        let stored = try CourseStore(db).codes()
        if !stored.isEmpty, let given = invocation.value("curricula") {
            context.terminal.warning("\(stored.count) courses are stored already; \(given) was "
                + "not read (import it with 'ketnoi courses import \(given)')")
        }
        if stored.isEmpty {
            let folder = invocation.value("curricula") ?? "curricula"
            let check = try CourseCatalog.check(path: folder)
            guard check.isValid else {
                for problem in check.problems { context.terminal.err(problem.description) }
                throw CommandFailure(.dataError, "the course files in \(folder) have problems")
            }
            try db.transaction {
                for course in check.courses { try CourseStore(db).save(course) }
            }
            context.terminal.info("imported \(check.courses.count) courses from \(folder)")
        }

        let started = Date()
        let report = try SampleProgramme(db).make(SampleOptions(
            seed: seed, learners: learners, until: until, replace: invocation.has("replace")))
        let seconds = Date().timeIntervalSince(started)
        if context.json {
            var enrollments: [String: Int] = [:]
            for (state, count) in report.enrollments { enrollments[state.rawValue] = count }
            try LearningOutput.json(context, "learning-sample", SampleJSON(
                seed: seed, until: until.description, trainers: report.trainers,
                classes: report.classes, classesClosed: report.classesClosed,
                classesCancelled: report.classesCancelled, learners: report.learners,
                enrollments: enrollments, attendanceMarks: report.attendanceMarks,
                removedLearners: report.removedLearners,
                seconds: (seconds * 1000).rounded() / 1000))
            return
        }
        let total = report.enrollments.values.reduce(0, +)
        context.terminal.out("""
            sample programme (seed \(seed), until \(until)); every record is marked sample
            trainers:     \(report.trainers)
            classes:      \(report.classes) (\(report.classesClosed) closed, \
            \(report.classesCancelled) cancelled)
            learners:     \(report.learners)
            enrollments:  \(total) (\(report.enrollments[.completed] ?? 0) completed, \
            \(report.enrollments[.notCompleted] ?? 0) not completed, \
            \(report.enrollments[.waitlisted] ?? 0) waitlisted)
            attendance:   \(report.attendanceMarks) marks
            time:         \(String(format: "%.2f", seconds)) s

            """)
    }
}
