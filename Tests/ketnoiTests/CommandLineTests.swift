import Foundation
import Testing

// Mirrors Sources/ketnoi/CLI/Command.swift: the parser, usage lines and help pages, seen from
// outside the binary.

/// One node of the command tree: its first help line and its usage line(s).
struct HelpPage: CustomTestStringConvertible, Sendable {
    let path: [String]
    let summary: String
    let usage: [String]
    let printsData: Bool

    var firstLine: String { (["ketnoi"] + path).joined(separator: " ") + ": " + summary }
    var testDescription: String { (["ketnoi"] + path).joined(separator: " ") }
}

/// The whole tree as `--help` shows it.
enum Tree {
    static let root = HelpPage(
        path: [], summary: "public Wi-Fi and digital-inclusion management for Cần Thơ",
        usage: ["usage: ketnoi [--version] [<command>]"], printsData: false)

    static let areasImportUsage = [
        "usage: ketnoi areas import [--code-field NAME] [--name-field NAME] [--dry-run]",
        "         [--skip-invalid] [--delimiter C] [--encoding NAME] [--no-header]",
        "         [--columns A,B,C] FILE",
    ]
    static let hotspotsImportUsage = [
        "usage: ketnoi hotspots import [--map FIELD=COLUMN,…] [--dry-run]",
        "         [--skip-invalid] [--delimiter C] [--encoding NAME] [--no-header]",
        "         [--columns A,B,C] FILE",
    ]
    static let hotspotsAddUsage = [
        "usage: ketnoi hotspots add [--code CODE] [--name NAME] [--lat DEGREES]",
        "         [--lon DEGREES] [--ward CODE] [--environment CLASS] [--capacity USERS]",
        "         [--address TEXT]",
    ]

    static let pages: [HelpPage] = placesAndFleetPages + LearningHelpPages.pages + [
        HelpPage(
            path: ["report"],
            summary: "write the equity report: index.html, CSV, GeoJSON, data dictionary",
            usage: ["usage: ketnoi report [--out DIR] [--internal]"], printsData: true),
    ]

    static let placesAndFleetPages: [HelpPage] = [
        root,
        HelpPage(
            path: ["areas"], summary: "wards and communes: boundaries, areas, populations",
            usage: ["usage: ketnoi areas <command>"], printsData: false),
        HelpPage(
            path: ["areas", "import"],
            summary: "import areas from GeoJSON polygons or a CSV of facts; updates by code",
            usage: areasImportUsage, printsData: true),
        HelpPage(
            path: ["areas", "population"],
            summary: "import population figures per area and group",
            usage: [
                "usage: ketnoi areas population [--grid FILE] [--dry-run] [--skip-invalid]",
                "         [--delimiter C] [--encoding NAME] [--no-header] [--columns A,B,C]",
                "         [FILE]",
            ], printsData: true),
        HelpPage(
            path: ["areas", "list"],
            summary: "list the areas with their area, population and hotspots",
            usage: ["usage: ketnoi areas list [--kind KIND]"], printsData: true),
        HelpPage(
            path: ["areas", "show"], summary: "show one area: facts, group populations, hotspots",
            usage: ["usage: ketnoi areas show CODE"], printsData: true),
        HelpPage(
            path: ["hotspots"], summary: "public Wi-Fi sites: location, ward, capacity",
            usage: ["usage: ketnoi hotspots <command>"], printsData: false),
        HelpPage(
            path: ["hotspots", "import"],
            summary: "import hotspots from CSV, a JSON array, or GeoJSON points",
            usage: hotspotsImportUsage, printsData: true),
        HelpPage(
            path: ["hotspots", "list"], summary: "list hotspots, optionally of one area",
            usage: ["usage: ketnoi hotspots list [--area CODE]"], printsData: true),
        HelpPage(
            path: ["hotspots", "show"], summary: "show one hotspot",
            usage: ["usage: ketnoi hotspots show CODE"], printsData: true),
        HelpPage(
            path: ["hotspots", "add"],
            summary: "add a hotspot, or change the one with this --code (other fields kept)",
            usage: hotspotsAddUsage, printsData: true),
        HelpPage(
            path: ["hotspots", "remove"], summary: "remove a hotspot",
            usage: ["usage: ketnoi hotspots remove CODE"], printsData: false),
        HelpPage(
            path: ["aps"],
            summary: "access points: inventory list, host keys, change log, output parser",
            usage: ["usage: ketnoi aps <command>"], printsData: false),
        HelpPage(
            path: ["aps", "import"],
            summary: "import access points from CSV (or a JSON array); updates by name",
            usage: [
                "usage: ketnoi aps import [--dry-run] [--skip-invalid] [--delimiter C]",
                "         [--encoding NAME] [--no-header] [--columns A,B,C] FILE",
            ], printsData: true),
        HelpPage(
            path: ["aps", "list"],
            summary: "list access points with their health",
            usage: ["usage: ketnoi aps list [--hotspot CODE]"], printsData: true),
        HelpPage(
            path: ["aps", "show"],
            summary: "show one access point: address, pinned host key, health, last snapshot",
            usage: ["usage: ketnoi aps show AP"], printsData: true),
        HelpPage(
            path: ["aps", "add"],
            summary: "add an access point (or update the one with this name)",
            usage: [
                "usage: ketnoi aps add [--name NAME] [--hotspot CODE] [--address HOST]",
                "         [--port PORT] [--user USER] [--firmware FAMILY] [--credential REF]",
                "         [--interface IF]",
            ], printsData: true),
        HelpPage(
            path: ["aps", "remove"],
            summary: "remove an access point with its snapshots and change log",
            usage: ["usage: ketnoi aps remove AP"], printsData: false),
        HelpPage(
            path: ["aps", "repin"],
            summary: "accept an access point's new host key, checked against its fingerprint",
            usage: ["usage: ketnoi aps repin [--fingerprint SHA256:…] AP"], printsData: false),
        HelpPage(
            path: ["aps", "history"],
            summary: "the change log of an access point (firmware, channel, reboots, SSIDs, keys)",
            usage: ["usage: ketnoi aps history AP"], printsData: true),
        HelpPage(
            path: ["aps", "parse"],
            summary: "parse a saved command output, to debug a device",
            usage: ["usage: ketnoi aps parse [--kind KIND] FILE"], printsData: true),
        HelpPage(
            path: ["inventory"],
            summary: "log into every access point over SSH and take a snapshot of each",
            usage: [
                "usage: ketnoi inventory [--concurrency N] [--timeout S] [--inactive S] [AP…]"
            ],
            printsData: true),
        HelpPage(
            path: ["status"],
            summary: "fleet health from the last inventory runs",
            usage: ["usage: ketnoi status [AP…]"], printsData: true),
        HelpPage(
            path: ["sample"],
            summary: "count usage from captures: files, a live interface, or an AP over SSH",
            usage: [
                "usage: ketnoi sample [--pcap FILE[,FILE…]] [--interface IF] "
                    + "[--remote AP[,AP…]]",
                "         [--duration S] [--filter BPF] [--ap AP] [--window S] [--dry-run]",
                "         [FILE…]",
            ],
            printsData: true),
        HelpPage(
            path: ["usage"], summary: "stored usage windows and daily totals",
            usage: ["usage: ketnoi usage [--hotspot CODE] [--since YYYY-MM-DD]"], printsData: true),
        HelpPage(
            path: ["db"], summary: "the database: where it is, checks, backups",
            usage: ["usage: ketnoi db <command>"], printsData: false),
        HelpPage(
            path: ["db", "info"],
            summary: "show the database file, its schema version and what it holds",
            usage: ["usage: ketnoi db info"], printsData: true),
        HelpPage(
            path: ["db", "check"],
            summary: "check integrity and foreign keys (exit 65 when a problem is found)",
            usage: ["usage: ketnoi db check"], printsData: true),
        HelpPage(
            path: ["db", "backup"],
            summary: "copy the database to FILE, safely while others write",
            usage: ["usage: ketnoi db backup [--force] FILE"], printsData: false),
        HelpPage(
            path: ["lab"],
            summary: "simulated access points on this machine (real sshd on 127.0.0.1)",
            usage: ["usage: ketnoi lab <command>"], printsData: false),
        HelpPage(
            path: ["lab", "up"],
            summary: "start N simulated access points and write their access-points CSV",
            usage: [
                "usage: ketnoi lab up [--aps N] [--firmware FAMILY] [--seed N]",
                "         [--hotspots CODE,…] [--clock TIME] [--open-ssid NAME] [--dir DIR]",
            ], printsData: true),
        HelpPage(
            path: ["lab", "down"],
            summary: "stop the lab's access points",
            usage: ["usage: ketnoi lab down [--dir DIR]"], printsData: false),
        HelpPage(
            path: ["lab", "status"],
            summary: "list the lab's access points, ports and faults",
            usage: ["usage: ketnoi lab status [--dir DIR]"], printsData: true),
        HelpPage(
            path: ["lab", "fault"],
            summary: "switch a fault on an access point: hang, slow[:S], huge, garbage, hostkey, "
                + "wrong-key, none",
            usage: ["usage: ketnoi lab fault [--dir DIR] AP FAULT"], printsData: false),
        HelpPage(
            path: ["lab", "answer"],
            summary: "answer one command as a lab access point (run by its sshd)",
            usage: ["usage: ketnoi lab answer [--dir DIR] [--ap AP]"], printsData: false),
        HelpPage(
            path: ["lab", "serve"],
            summary: "answer the lab's forced commands over DIR/answer.sock (run by lab up)",
            usage: ["usage: ketnoi lab serve [--dir DIR]"], printsData: false),
        HelpPage(
            path: ["lab", "tarpit"],
            summary: "accept connections and never answer (the 'hang' fault)",
            usage: ["usage: ketnoi lab tarpit [--port PORT]"], printsData: false),
        HelpPage(
            path: ["coverage"],
            summary: "compute coverage and accessibility per ward; rank the underserved",
            usage: [
                "usage: ketnoi coverage [--cell M] [--catchment M] [--method NAME]",
                "         [--zone-weights W,W,…] [--unserved-below PCT] [--access-below X]",
                "         [--saturation-above PCT] [--geojson FILE] [--grid-geojson FILE]",
                "         [--cells-csv FILE] [<command>]",
            ], printsData: true),
        HelpPage(
            path: ["coverage", "suggest"],
            summary: "propose new hotspot sites (cells) that most raise accessibility",
            usage: [
                "usage: ketnoi coverage suggest [--cell M] [--catchment M] [--method NAME]",
                "         [--zone-weights W,W,…] [--unserved-below PCT] [--access-below X]",
                "         [--saturation-above PCT] [--count K] [--capacity USERS]",
            ], printsData: true),
        HelpPage(
            path: ["coverage", "show"],
            summary: "print the latest stored coverage run",
            usage: ["usage: ketnoi coverage show"], printsData: true),
        HelpPage(
            path: ["coverage", "footprints"],
            summary: "list hotspot footprints; set or clear a surveyed radius",
            usage: [
                "usage: ketnoi coverage footprints [--set CODE] [--radius M] [--note TEXT]",
                "         [--clear CODE]",
            ], printsData: true),
        HelpPage(
            path: ["export"],
            summary: "the fleet for Ansible (dynamic inventory) and Prometheus (textfile "
                + "collector)",
            usage: ["usage: ketnoi export <command>"], printsData: false),
        HelpPage(
            path: ["export", "ansible-inventory"],
            summary: "print the access points as an Ansible dynamic inventory",
            usage: ["usage: ketnoi export ansible-inventory [--list] [--host AP]"],
            printsData: true),
        HelpPage(
            path: ["export", "prometheus"],
            summary: "write the fleet's metrics for node_exporter's textfile collector",
            usage: ["usage: ketnoi export prometheus [--textfile DIR] [--stdout]"],
            printsData: true),
        HelpPage(
            path: ["completion"], summary: "print a shell completion script: bash or zsh",
            usage: ["usage: ketnoi completion SHELL"], printsData: false),
        HelpPage(
            path: ["help"], summary: "show a command's help, or print the manual page (--man)",
            usage: ["usage: ketnoi help [--man] [COMMAND…]"], printsData: false),
    ]
}

@Suite("ketnoi --version and --help")
struct HelpTests {
    @Test func versionPrintsNameAndVersionOnStdout() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["--version"])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout == "ketnoi 0.1.0\n")
        #expect(outcome.stderr == "")
    }

    @Test func versionOpensNoDatabase() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["--version"])

        #expect(!sandbox.exists(sandbox.database))
    }

    @Test(arguments: Tree.pages)
    func helpAtEveryLevelStartsWithSummaryThenUsage(page: HelpPage) throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(page.path + ["--help"])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stderr == "")
        let lines = outcome.stdoutLines
        try #require(lines.count > 2 + page.usage.count, "\(outcome)")
        #expect(lines[0] == page.firstLine)
        #expect(lines[1] == "")
        #expect(Array(lines[2..<(2 + page.usage.count)]) == page.usage)
        #expect(lines.contains("Global options:"))
        #expect(lines.contains { $0.hasPrefix("      --json ") } == page.printsData)
        #expect(!sandbox.exists(sandbox.database), "help must not create the database")
    }

    @Test(arguments: Tree.pages)
    func shortHelpFlagPrintsTheSamePage(page: HelpPage) throws {
        let sandbox = try Sandbox()
        let long = try sandbox.run(page.path + ["--help"])
        let short = try sandbox.run(page.path + ["-h"])

        #expect(short.status == 0)
        #expect(short.stdout == long.stdout)
    }

    @Test func helpListsEveryCommandOfItsLevel() throws {
        let sandbox = try Sandbox()
        let root = try sandbox.run(["--help"]).stdoutLines
        let hotspots = try sandbox.run(["hotspots", "--help"]).stdoutLines

        let rootCommands = root.drop { $0 != "Commands:" }.dropFirst().prefix { !$0.isEmpty }
        #expect(Array(rootCommands) == [
            "  areas         wards and communes: boundaries, areas, populations",
            "  hotspots      public Wi-Fi sites: location, ward, capacity",
            "  aps           access points: inventory list, host keys, change log, output parser",
            "  inventory     log into every access point over SSH and take a snapshot of each",
            "  status        fleet health from the last inventory runs",
            "  sample        count usage from captures: files, a live interface, or an AP over SSH",
            "  usage         stored usage windows and daily totals",
            "  db            the database: where it is, checks, backups",
            "  lab           simulated access points on this machine (real sshd on 127.0.0.1)",
            "  coverage      compute coverage and accessibility per ward; rank the underserved",
            "  courses       course files of curricula/: validate, import, list, show",
            "  trainers      community trainers: add, list",
            "  classes       classes: create, list, show, roster CSV, close, cancel",
            "  learners      learners: add, import a roster, list, show history, forget",
            "  enroll        enroll a learner in a class (waitlisted when it is full)",
            "  withdraw      withdraw a learner; the first waitlisted learner gets the seat",
            "  attend        record attendance: --present CODES or a roll sheet --roll FILE",
            "  assess        record an enrolled learner's assessment score (0 to 100)",
            "  certificates  printable HTML certificates for a closed class's completers",
            "  learning      the digital-literacy programme: summary, facts, sample data",
            "  report        write the equity report: index.html, CSV, GeoJSON, data dictionary",
            "  export        the fleet for Ansible (dynamic inventory) and Prometheus (textfile "
                + "collector)",
            "  completion    print a shell completion script: bash or zsh",
            "  help          show a command's help, or print the manual page (--man)",
        ])
        #expect(root.last == "Run 'ketnoi <command> --help' for a command's options.")
        let hotspotCommands = hotspots.drop { $0 != "Commands:" }.dropFirst().prefix { !$0.isEmpty }
        #expect(hotspotCommands.map { $0.split(separator: " ").first.map(String.init) ?? "" }
            == ["import", "list", "show", "add", "remove"])
        #expect(hotspots.last == "Run 'ketnoi hotspots <command> --help' for a command's options.")
    }

    /// The first word of each line of a group's command list.
    static func commandNames(_ help: [String]) -> [String] {
        help.drop { $0 != "Commands:" }.dropFirst().prefix { !$0.isEmpty }
            .map { $0.split(separator: " ").first.map(String.init) ?? "" }
    }

    @Test func everyGroupListsItsCommands() throws {
        let sandbox = try Sandbox()
        let groups: [(path: [String], commands: [String])] = [
            (["areas"], ["import", "population", "list", "show"]),
            (["hotspots"], ["import", "list", "show", "add", "remove"]),
            (["aps"], ["import", "list", "show", "add", "remove", "repin", "history", "parse"]),
            (["db"], ["info", "check", "backup"]),
            (["lab"], ["up", "down", "status", "fault", "answer", "serve", "tarpit"]),
            (["coverage"], ["suggest", "show", "footprints"]),
            (["export"], ["ansible-inventory", "prometheus"]),
        ]
        for group in groups {
            let help = try sandbox.run(group.path + ["--help"])
            #expect(help.status == 0, "\(help)")
            #expect(Self.commandNames(help.stdoutLines) == group.commands, "\(help)")
            let name = (["ketnoi"] + group.path).joined(separator: " ")
            #expect(
                help.stdoutLines.last == "Run '\(name) <command> --help' for a command's options.")
            // Every command listed has a help page in the tree the other tests walk.
            for command in group.commands {
                #expect(Tree.pages.contains { $0.path == group.path + [command] },
                    "\(name) \(command) is missing from Tree.pages")
            }
        }
        let root = try sandbox.run(["--help"]).stdoutLines
        for command in Self.commandNames(root) {
            #expect(Tree.pages.contains { $0.path == [command] }, "\(command) is missing")
        }
    }

    @Test func hotspotsImportHelpExplainsColumnsChecksAndExitStatus() throws {
        let sandbox = try Sandbox()
        let lines = try sandbox.run(["hotspots", "import", "--help"]).stdoutLines

        #expect(lines.contains("  --map name=Name,lat=Latitude,lon=Longitude,address=Location"))
        #expect(lines.contains(
            "file:line: field: reason, and the exit status is 65. --dry-run only checks;"))
        #expect(lines.contains("  FILE  a .csv, .json or .geojson file"))
        #expect(lines.contains(
            "      --encoding NAME       utf-8 (default), windows-1258, windows-1252 or cp949"))
    }

    @Test func helpWinsOverMissingArguments() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["db", "backup", "--help"])

        #expect(outcome.status == 0)
        #expect(outcome.stdoutLines.first
            == "ketnoi db backup: copy the database to FILE, safely while others write")
    }

    @Test func noCommandPrintsTheRootHelp() throws {
        let sandbox = try Sandbox()
        let bare = try sandbox.run([])
        let help = try sandbox.run(["--help"])

        #expect(bare.status == 0)
        #expect(bare.stdout == help.stdout)
    }

    @Test(arguments: [["areas"], ["hotspots"], ["aps"], ["db"], ["lab"]])
    func groupWithoutCommandFailsWithItsHelpOnStderr(path: [String]) throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(path)
        let help = try sandbox.run(path + ["--help"])

        #expect(outcome.status == 64, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderr
            == "ketnoi: 'ketnoi \(path.joined(separator: " "))' needs a command\n" + help.stdout)
    }
}

/// A command line that is wrong, what ketnoi must say about it, and the usage it prints.
struct UsageMistake: CustomTestStringConvertible, Sendable {
    let arguments: [String]
    let message: String
    let usage: [String]

    var testDescription: String { "ketnoi " + arguments.joined(separator: " ") }
}

@Suite("Usage mistakes: one line naming it, the usage, exit 64")
struct UsageErrorTests {
    static let mistakes: [UsageMistake] = [
        // Unknown options, at the root, in a group and on a leaf; long and short.
        UsageMistake(
            arguments: ["--bogus"], message: "ketnoi: unknown option '--bogus'",
            usage: Tree.root.usage),
        UsageMistake(
            arguments: ["-x"], message: "ketnoi: unknown option '-x'", usage: Tree.root.usage),
        UsageMistake(
            arguments: ["-vx"], message: "ketnoi: unknown option '-x'", usage: Tree.root.usage),
        UsageMistake(
            arguments: ["areas", "list", "--bogus"], message: "ketnoi: unknown option '--bogus'",
            usage: ["usage: ketnoi areas list [--kind KIND]"]),
        UsageMistake(
            arguments: ["hotspots", "import", "--help", "--bogus"],
            message: "ketnoi: unknown option '--bogus'", usage: Tree.hotspotsImportUsage),
        UsageMistake(
            arguments: ["--kind", "xã", "areas", "list"],
            message: "ketnoi: unknown option '--kind'", usage: Tree.root.usage),
        // Unknown commands.
        UsageMistake(
            arguments: ["frob"], message: "ketnoi: unknown command 'frob' for 'ketnoi'",
            usage: Tree.root.usage),
        UsageMistake(
            arguments: ["areas", "frob"],
            message: "ketnoi: unknown command 'frob' for 'ketnoi areas'",
            usage: ["usage: ketnoi areas <command>"]),
        // Missing values.
        UsageMistake(
            arguments: ["--db"], message: "ketnoi: option '--db' needs a value (PATH)",
            usage: Tree.root.usage),
        UsageMistake(
            arguments: ["hotspots", "list", "--area"],
            message: "ketnoi: option '--area' needs a value (CODE)",
            usage: ["usage: ketnoi hotspots list [--area CODE]"]),
        UsageMistake(
            arguments: ["areas", "list", "--color"],
            message: "ketnoi: option '--color' needs a value (WHEN)",
            usage: ["usage: ketnoi areas list [--kind KIND]"]),
        // Values that do not fit.
        UsageMistake(
            arguments: ["--color", "sometimes", "db", "info"],
            message: "ketnoi: option '--color' takes auto, always or never",
            usage: Tree.root.usage),
        UsageMistake(
            arguments: ["--version=1"], message: "ketnoi: option '--version' takes no value",
            usage: Tree.root.usage),
        // Missing and extra arguments.
        UsageMistake(
            arguments: ["areas", "show"], message: "ketnoi: missing argument CODE",
            usage: ["usage: ketnoi areas show CODE"]),
        UsageMistake(
            arguments: ["db", "backup"], message: "ketnoi: missing argument FILE",
            usage: ["usage: ketnoi db backup [--force] FILE"]),
        UsageMistake(
            arguments: ["hotspots", "import"], message: "ketnoi: missing argument FILE",
            usage: Tree.hotspotsImportUsage),
        UsageMistake(
            arguments: ["hotspots", "show", "A", "B"], message: "ketnoi: unexpected argument 'B'",
            usage: ["usage: ketnoi hotspots show CODE"]),
        UsageMistake(
            arguments: ["areas", "list", "extra"], message: "ketnoi: unexpected argument 'extra'",
            usage: ["usage: ketnoi areas list [--kind KIND]"]),
        // --json where nothing is printed.
        UsageMistake(
            arguments: ["--json", "hotspots", "remove", "X"],
            message: "ketnoi: 'ketnoi hotspots remove' prints no data; --json does not apply",
            usage: ["usage: ketnoi hotspots remove CODE"]),
        UsageMistake(
            arguments: ["db", "backup", "copy.db", "--json"],
            message: "ketnoi: 'ketnoi db backup' prints no data; --json does not apply",
            usage: ["usage: ketnoi db backup [--force] FILE"]),
        UsageMistake(
            arguments: ["--json", "--version"],
            message: "ketnoi: 'ketnoi' prints no data; --json does not apply",
            usage: Tree.root.usage),
    ]

    @Test(arguments: mistakes)
    func mistakeIsNamedThenUsageThenExit64(mistake: UsageMistake) throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(mistake.arguments)

        #expect(outcome.status == 64, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == [mistake.message] + mistake.usage)
        #expect(!sandbox.exists(sandbox.database), "a usage mistake must not create the database")
    }

    /// Mistakes only the command itself can see (a value it does not know, options that go
    /// together) are usage mistakes too, and read like the parser's.
    static let commandMistakes: [UsageMistake] = [
        UsageMistake(
            arguments: ["hotspots", "import", "--encoding", "latin9", "f.csv"],
            message: "ketnoi: option --encoding: 'latin9' is not one of utf-8, windows-1258, "
                + "windows-1252, cp949",
            usage: Tree.hotspotsImportUsage),
        UsageMistake(
            arguments: ["hotspots", "import", "--delimiter", "x", "f.csv"],
            message: "ketnoi: option --delimiter: 'x' is not one of , ; tab",
            usage: Tree.hotspotsImportUsage),
        UsageMistake(
            arguments: ["areas", "import", "--dry-run", "--skip-invalid", "f.csv"],
            message: "ketnoi: options --dry-run and --skip-invalid exclude each other",
            usage: Tree.areasImportUsage),
        UsageMistake(
            arguments: ["hotspots", "import", "--no-header", "f.csv"],
            message: "ketnoi: option --no-header needs --columns a,b,c",
            usage: Tree.hotspotsImportUsage),
        UsageMistake(
            arguments: ["hotspots", "add", "--name", "X", "--lat", "10"],
            message: "ketnoi: option --lon is required", usage: Tree.hotspotsAddUsage),
        UsageMistake(
            arguments: ["hotspots", "add", "--capacity", "50"],
            message: "ketnoi: option --name is required", usage: Tree.hotspotsAddUsage),
        // An empty --db is a mistake, not "use the default".
        UsageMistake(
            arguments: ["--db", "", "hotspots", "list"],
            message: "ketnoi: option --db: the path is empty",
            usage: ["usage: ketnoi hotspots list [--area CODE]"]),
        UsageMistake(
            arguments: ["db", "info", "--db="],
            message: "ketnoi: option --db: the path is empty", usage: ["usage: ketnoi db info"]),
        UsageMistake(
            arguments: ["--db", "", "hotspots", "import", "f.csv"],
            message: "ketnoi: option --db: the path is empty", usage: Tree.hotspotsImportUsage),
        // --map mistakes seen before any file is read.
        UsageMistake(
            arguments: ["hotspots", "import", "--map", "town=City", "f.csv"],
            message: "ketnoi: --map: unknown field 'town' (fields: code, name, lat, lon, ward, "
                + "environment, capacity, address, source)",
            usage: Tree.hotspotsImportUsage),
        UsageMistake(
            arguments: ["hotspots", "import", "--map", "lat", "f.csv"],
            message: "ketnoi: --map: 'lat' is not FIELD=COLUMN (fields: code, name, lat, lon, "
                + "ward, environment, capacity, address, source)",
            usage: Tree.hotspotsImportUsage),
    ]

    @Test(arguments: commandMistakes)
    func commandMistakeReadsLikeAParserMistake(mistake: UsageMistake) throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(mistake.arguments)

        #expect(outcome.status == 64, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == [mistake.message] + mistake.usage)
        #expect(!sandbox.exists(sandbox.database), "a usage mistake must not create the database")
    }

    @Test func optionsMayFollowTheSubcommandOrUseEquals() throws {
        let sandbox = try Sandbox()
        let before = try sandbox.run(["--json", "--db=\(sandbox.path("x.db"))", "db", "info"])
        let after = try sandbox.run(["db", "info", "--db", sandbox.path("x.db"), "--json"])

        #expect(before.status == 0, "\(before)")
        #expect(after.status == 0, "\(after)")
        #expect(try JSONObject.parse(before.stdout).data["path"] as? String == sandbox.path("x.db"))
        #expect(try JSONObject.parse(after.stdout).data["path"] as? String == sandbox.path("x.db"))
    }

    @Test func doubleDashEndsOptions() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let outcome = try sandbox.run(["hotspots", "show", "--", "--json"])

        #expect(outcome.status == 66, "\(outcome)")
        #expect(outcome.stderrLines == ["ketnoi: error: no hotspot with code '--json'"])
    }
}
