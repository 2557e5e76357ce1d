import Foundation
import Testing

// Mirrors Sources/ketnoi/CLI/Terminal.swift: logs to stderr by level, data to stdout, colour.

@Suite("Logs to stderr, data to stdout")
struct LoggingTests {
    static let noAreasWarning =
        "ketnoi: warning: no areas yet; import them with 'ketnoi areas import FILE'"

    @Test func warningGoesToStderrAndNothingToStdout() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let outcome = try sandbox.run(["areas", "list"])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == [Self.noAreasWarning])
    }

    @Test func importWarningsGoToStderrAndSummaryToStdout() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["hotspots", "add", "--code", "T-1", "--name", "Bến Ninh Kiều",
                             "--lat", "10.0341", "--lon", "105.7885"])
        let outcome = try sandbox.run(["areas", "import", Paths.wardsCSV])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout
            == "\(Paths.wardsCSV): 103 rows read; areas 103 created, 0 updated\n")
        #expect(outcome.stderrLines
            == ["ketnoi: warning: 1 hotspot(s) placed again in their areas"])
    }

    @Test func quietSilencesWarnings() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["hotspots", "add", "--code", "T-1", "--name", "Bến Ninh Kiều",
                             "--lat", "10.0341", "--lon", "105.7885"])
        let quiet = try sandbox.run(["-q", "areas", "import", Paths.wardsCSV])
        let list = try sandbox.run(["hotspots", "list", "--quiet", "--area", "31120"])

        #expect(quiet.status == 0)
        #expect(quiet.stdout == "\(Paths.wardsCSV): 103 rows read; areas 103 created, 0 updated\n")
        #expect(quiet.stderr == "")
        #expect(list.status == 0)
        #expect(list.stderr == "")
    }

    @Test func quietStillShowsErrors() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let outcome = try sandbox.run(["-q", "hotspots", "show", "NOPE"])

        #expect(outcome.status == 66)
        #expect(outcome.stderrLines == ["ketnoi: error: no hotspot with code 'NOPE'"])
    }

    @Test func debugLevelFromEnvironmentNamesTheDatabase() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["db", "info"])
        let outcome = try sandbox.run(["db", "info"], environment: ["KETNOI_LOG": "debug"])

        #expect(outcome.status == 0)
        let lines = outcome.stderrLines
        #expect(lines.count == 1, "\(outcome)")
        let prefix = "ketnoi: debug: db=\(sandbox.database) sqlite="
        #expect(lines.first?.hasPrefix(prefix) == true, "\(outcome)")
        #expect((lines.first?.count ?? 0) > prefix.count + 4, "an SQLite version such as 3.40.1")
    }

    @Test func warningLevelHidesDebugAndInfo() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["db", "info"], environment: ["KETNOI_LOG": "warning"])

        #expect(outcome.status == 0)
        #expect(outcome.stderr == "")
    }

    @Test func errorLevelHidesWarnings() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let outcome = try sandbox.run(["areas", "list"], environment: ["KETNOI_LOG": "error"])

        #expect(outcome.status == 0)
        #expect(outcome.stderr == "")
    }

    @Test func verboseShowsInfoButNotDebug() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["-v", "db", "info"])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stderrLines == Self.migratedLines(sandbox.database))
    }

    /// The info lines of a first open: one per schema module.
    static func migratedLines(_ database: String) -> [String] {
        [
            "ketnoi: info: db=\(database) migrated=\"places 1 create areas, area populations and "
                + "hotspots\"",
            "ketnoi: info: db=\(database) migrated=\"fleet 1 create access points, inventory runs, "
                + "snapshots, health and change log\"",
            "ketnoi: info: db=\(database) migrated="
                + "\"usage 1 create usage windows and daily devices\"",
            "ketnoi: info: db=\(database) migrated=\"coverage 1 create coverage runs, measures, "
                + "footprint overrides, population layer\"",
            "ketnoi: info: db=\(database) migrated=\"learning 1 create courses, classes, "
                + "learners, enrollments and attendance\"",
        ]
    }

    @Test func verboseOnAnUpToDateDatabaseSaysNothing() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let outcome = try sandbox.run(["-v", "db", "info"])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stderr == "")
    }

    @Test func verboseTwiceShowsDebug() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["-vv", "db", "info"])

        #expect(outcome.status == 0, "\(outcome)")
        let lines = outcome.stderrLines
        #expect(lines.count == 1 + Self.migratedLines(sandbox.database).count, "\(outcome)")
        #expect(lines.first?.hasPrefix("ketnoi: debug: db=\(sandbox.database) sqlite=") == true)
        #expect(Array(lines.dropFirst()) == Self.migratedLines(sandbox.database))
    }

    @Test func verboseRaisesALowerEnvironmentLevel() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            ["--verbose", "db", "info"], environment: ["KETNOI_LOG": "error"])

        #expect(outcome.stderrLines == Self.migratedLines(sandbox.database), "\(outcome)")
    }
}

@Suite("Colour on stderr")
struct ColorTests {
    static let warning =
        "ketnoi: warning: no hotspots yet; import them with 'ketnoi hotspots import FILE'"
    static let colouredWarning = "ketnoi: \(escape)[33mwarning\(escape)[0m: no hotspots yet; "
        + "import them with 'ketnoi hotspots import FILE'"
    static let colouredError = "ketnoi: \(escape)[31merror\(escape)[0m: no hotspot with code 'NOPE'"

    @Test func noColourWhenStderrIsNotATerminal() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let outcome = try sandbox.run(["hotspots", "list"], environment: ["TERM": "xterm-256color"])

        #expect(outcome.stderrLines == [Self.warning])
        #expect(!outcome.stderr.contains(escape))
    }

    @Test func noColourWithNoColor() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let outcome = try sandbox.run(["hotspots", "list"], environment: ["NO_COLOR": "1"])

        #expect(outcome.stderrLines == [Self.warning])
    }

    @Test func noColorWinsOverForceColor() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let outcome = try sandbox.run(
            ["hotspots", "list"], environment: ["NO_COLOR": "1", "FORCE_COLOR": "1"])

        #expect(!outcome.stderr.contains(escape))
    }

    @Test func colorAlwaysColoursLevels() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let warning = try sandbox.run(["--color", "always", "hotspots", "list"])
        let error = try sandbox.run(["hotspots", "show", "NOPE", "--color=always"])

        #expect(warning.stderrLines == [Self.colouredWarning])
        #expect(error.status == 66)
        #expect(error.stderrLines == [Self.colouredError])
    }

    @Test func colorAlwaysWinsOverNoColor() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let outcome = try sandbox.run(
            ["--color", "always", "hotspots", "list"], environment: ["NO_COLOR": "1"])

        #expect(outcome.stderrLines == [Self.colouredWarning])
    }

    @Test func colorNeverWinsOverForceColor() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let outcome = try sandbox.run(
            ["--color", "never", "hotspots", "list"], environment: ["FORCE_COLOR": "1"])

        #expect(outcome.stderrLines == [Self.warning])
    }

    @Test func forceColorColoursWithoutATerminal() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let outcome = try sandbox.run(["hotspots", "list"], environment: ["FORCE_COLOR": "1"])

        #expect(outcome.stderrLines == [Self.colouredWarning])
    }

    @Test func emptyNoColorMeansNotSet() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let outcome = try sandbox.run(
            ["hotspots", "list"], environment: ["NO_COLOR": "", "FORCE_COLOR": "1"])

        #expect(outcome.stderrLines == [Self.colouredWarning])
    }

    @Test func dataOnStdoutIsNeverColoured() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["areas", "import", Paths.wardsCSV])
        let outcome = try sandbox.run(["--color", "always", "areas", "list"])

        #expect(outcome.status == 0)
        #expect(outcome.stdoutLines.count == 105)
        #expect(!outcome.stdout.contains(escape))
    }

    @Test func usageMistakesAreNotColoured() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["--color", "always", "--bogus"])

        #expect(outcome.status == 64)
        #expect(!outcome.stderr.contains(escape))
    }
}
