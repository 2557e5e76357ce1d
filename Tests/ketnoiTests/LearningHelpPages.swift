// The help pages of the learning commands, walked by the tests in CommandLineTests.swift.

enum LearningHelpPages {
    static let pages: [HelpPage] = [
        HelpPage(
            path: ["courses"],
            summary: "course files of curricula/: validate, import, list, show",
            usage: ["usage: ketnoi courses <command>"], printsData: false),
        HelpPage(
            path: ["courses", "validate"],
            summary: "check every course file and list every problem as file: field: reason",
            usage: ["usage: ketnoi courses validate [DIR]"], printsData: true),
        HelpPage(
            path: ["courses", "import"],
            summary: "import course files (all or nothing); updates courses by code",
            usage: ["usage: ketnoi courses import [DIR]"], printsData: true),
        HelpPage(
            path: ["courses", "list"],
            summary: "list the imported courses",
            usage: ["usage: ketnoi courses list"], printsData: true),
        HelpPage(
            path: ["courses", "show"],
            summary: "show one course: description, competences, rule, outline",
            usage: ["usage: ketnoi courses show CODE"], printsData: true),
        HelpPage(
            path: ["trainers"],
            summary: "community trainers: add, list",
            usage: ["usage: ketnoi trainers <command>"], printsData: false),
        HelpPage(
            path: ["trainers", "add"],
            summary: "add a trainer",
            usage: [
                "usage: ketnoi trainers add [--name NAME] [--phone NUMBER] [--organisation TEXT]",
                "         [--code CODE]",
            ], printsData: true),
        HelpPage(
            path: ["trainers", "list"],
            summary: "list trainers with their classes",
            usage: ["usage: ketnoi trainers list"], printsData: true),
        HelpPage(
            path: ["classes"],
            summary: "classes: create, list, show, roster CSV, close, cancel",
            usage: ["usage: ketnoi classes <command>"], printsData: false),
        HelpPage(
            path: ["classes", "create"],
            summary: "create a class of a course with a trainer, a venue, a capacity and dates",
            usage: [
                "usage: ketnoi classes create [--course CODE] [--trainer CODE] [--hotspot CODE]",
                "         [--address TEXT] [--ward CODE] [--capacity SEATS] [--start YYYY-MM-DD]",
                "         [--every DAYS] [--dates D1,D2,…] [--code CODE]",
            ], printsData: true),
        HelpPage(
            path: ["classes", "list"],
            summary: "list classes with their seats and results",
            usage: [
                "usage: ketnoi classes list [--course CODE] [--status STATUS] [--ward CODE]",
            ], printsData: true),
        HelpPage(
            path: ["classes", "show"],
            summary: "show a class: roster, attendance grid, waitlist, who is at risk",
            usage: ["usage: ketnoi classes show CLASS"], printsData: true),
        HelpPage(
            path: ["classes", "roster"],
            summary: "write a class's roster as CSV (also a roll sheet to fill in)",
            usage: [
                "usage: ketnoi classes roster [--out FILE] [--delimiter C] CLASS",
            ], printsData: false),
        HelpPage(
            path: ["classes", "close"],
            summary: "close a class: completed or not completed by the course's rule, with reasons",
            usage: ["usage: ketnoi classes close [--early] [--force] CLASS"], printsData: true),
        HelpPage(
            path: ["classes", "cancel"],
            summary: "cancel an open class; its learners are withdrawn",
            usage: ["usage: ketnoi classes cancel [--reason TEXT] CLASS"], printsData: false),
        HelpPage(
            path: ["learners"],
            summary: "learners: add, import a roster, list, show history, forget",
            usage: ["usage: ketnoi learners <command>"], printsData: false),
        HelpPage(
            path: ["learners", "add"],
            summary: "add one learner; a likely duplicate is refused and named",
            usage: [
                "usage: ketnoi learners add [--name NAME] [--phone NUMBER] [--birth-year YEAR]",
                "         [--gender WORD] [--disability ANSWER] [--low-income ANSWER]",
                "         [--ward CODE]",
            ], printsData: true),
        HelpPage(
            path: ["learners", "import"],
            summary: "import learners from a roster CSV (all or nothing), flagging likely "
                + "duplicates",
            usage: [
                "usage: ketnoi learners import [--class CODE] [--dry-run] [--skip-invalid]",
                "         [--delimiter C] [--encoding NAME] [--no-header] [--columns A,B,C] FILE",
            ], printsData: true),
        HelpPage(
            path: ["learners", "list"],
            summary: "list learners (age band, not birth year; no phone numbers)",
            usage: ["usage: ketnoi learners list [--ward CODE] [--class CODE]"], printsData: true),
        HelpPage(
            path: ["learners", "show"],
            summary: "show a learner and their history: classes, attendance, results, certificates",
            usage: ["usage: ketnoi learners show CODE"], printsData: true),
        HelpPage(
            path: ["learners", "forget"],
            summary: "erase a learner's name, phone and birth year; the programme's counts stay",
            usage: ["usage: ketnoi learners forget CODE"], printsData: false),
        HelpPage(
            path: ["enroll"],
            summary: "enroll a learner in a class (waitlisted when it is full)",
            usage: ["usage: ketnoi enroll LEARNER CLASS"], printsData: true),
        HelpPage(
            path: ["withdraw"],
            summary: "withdraw a learner; the first waitlisted learner gets the seat",
            usage: ["usage: ketnoi withdraw LEARNER CLASS"], printsData: true),
        HelpPage(
            path: ["attend"],
            summary: "record attendance: --present CODES or a roll sheet --roll FILE",
            usage: [
                "usage: ketnoi attend [--session N] [--present CODES] [--roll FILE]",
                "         [--delimiter C] [--encoding NAME] [--no-header] [--columns A,B,C] CLASS",
            ], printsData: true),
        HelpPage(
            path: ["assess"],
            summary: "record an enrolled learner's assessment score (0 to 100)",
            usage: ["usage: ketnoi assess CLASS LEARNER SCORE"], printsData: false),
        HelpPage(
            path: ["certificates"],
            summary: "printable HTML certificates for a closed class's completers",
            usage: [
                "usage: ketnoi certificates [--out DIR] [--verify CODE] [CLASS]",
            ], printsData: true),
        HelpPage(
            path: ["learning"],
            summary: "the digital-literacy programme: summary, facts, sample data",
            usage: ["usage: ketnoi learning <command>"], printsData: false),
        HelpPage(
            path: ["learning", "summary"],
            summary: "counts of courses, classes, learners, enrollments and certificates",
            usage: ["usage: ketnoi learning summary"], printsData: true),
        HelpPage(
            path: ["learning", "facts"],
            summary: "enrollments by ward, gender, age band, disability, low income and state",
            usage: [
                "usage: ketnoi learning facts [--as-of YYYY-MM-DD] [--course CODE]",
                "         [--from YYYY-MM-DD] [--through YYYY-MM-DD] [--no-sample]",
            ], printsData: true),
        HelpPage(
            path: ["learning", "sample"],
            summary: "make a deterministic sample programme (marked as sample data) for demos",
            usage: [
                "usage: ketnoi learning sample [--seed N] [--learners N] [--until YYYY-MM-DD]",
                "         [--curricula DIR] [--replace]",
            ], printsData: true),
    ]
}
