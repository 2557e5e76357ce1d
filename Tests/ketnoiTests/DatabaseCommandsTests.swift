import Foundation
import Testing

// Mirrors Sources/ketnoi/Commands/DatabaseCommands.swift: `ketnoi db check|backup|info`.

@Suite("ketnoi db check")
struct DatabaseCheckTests {
    @Test func goodDatabaseIsOk() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["areas", "import", Paths.wardsCSV])
        _ = try sandbox.run(["hotspots", "import", Paths.hotspotsCSV])
        let outcome = try sandbox.run(["db", "check"])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout == "\(sandbox.database): ok\n")
        #expect(outcome.stderr == "")
    }

    @Test func fileOfRandomBytesExits65() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write("random.db", pseudoRandomBytes(count: 8192, seed: 7))
        let outcome = try sandbox.run(["--db", path, "db", "check"])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines
            == ["ketnoi: error: cannot open the database \(path): file is not a database"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path))
            == pseudoRandomBytes(count: 8192, seed: 7), "the file must be left as it was")
    }

    @Test func textFileExits65() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write("notes.db", String(repeating: "not a database\n", count: 300))
        let outcome = try sandbox.run(["--db", path, "--json", "db", "check"])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines
            == ["ketnoi: error: cannot open the database \(path): file is not a database"])
    }

    /// Checking a path that holds no database is a mistake (a typo, a missing mount) to report,
    /// not a reason to create an empty database and call it ok.
    @Test func missingDatabaseExits66AndIsNotCreated() throws {
        let sandbox = try Sandbox()
        let path = sandbox.path("typo.db")
        let outcome = try sandbox.run(["--db", path, "db", "check"])

        #expect(outcome.status == 66, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == [Sandbox.noDatabase(path)])
        #expect(!sandbox.exists(path))
    }

    /// `db check` examines the file as it is: an empty file is an empty database, reported ok,
    /// and checking it writes no tables into it.
    @Test func emptyFileIsCheckedWithoutBeingMigrated() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write("empty.db", Data())
        let outcome = try sandbox.run(["--db", path, "db", "check"])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout == "\(path): ok\n")
        #expect(outcome.stderr == "")
        for file in [path, path + "-wal", path + "-journal"] where sandbox.exists(file) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data("CREATE TABLE".utf8)) == nil, "\(file) holds a table")
            if file == path && bytes.count >= 64 {
                #expect(Array(bytes[60..<64]) == [0, 0, 0, 0], "user_version must stay 0")
            }
        }
    }

    @Test func verboseCheckMigratesNothing() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write("empty.db", Data())
        let outcome = try sandbox.run(["-v", "--db", path, "db", "check"])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stderr == "", "no 'migrated=' line: nothing was migrated")
    }

    @Test func folderGivenAsDatabaseExits73() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["--db", sandbox.folder.path, "db", "check"])

        #expect(outcome.status == 73, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines
            == ["ketnoi: error: the database path \(sandbox.folder.path) is a folder"])
    }
}

@Suite("Database errors: the message and SQLite's code; the SQL only at debug level")
struct DatabaseErrorTests {
    /// A copy of a fresh database with `user_version` (bytes 60–63 of the header) set to 99,
    /// as a newer ketnoi would leave it.
    static func newerDatabase(_ sandbox: Sandbox) throws -> String {
        try sandbox.createDatabase()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: sandbox.database))
        bytes.replaceSubrange(60..<64, with: [0, 0, 0, 99])
        return try sandbox.write("newer.db", bytes)
    }

    @Test(arguments: [["hotspots", "list"], ["db", "info"], ["areas", "import", "x.csv"]])
    func newerSchemaExits78(command: [String]) throws {
        let sandbox = try Sandbox()
        let path = try Self.newerDatabase(sandbox)
        let outcome = try sandbox.run(["--db", path] + command)

        #expect(outcome.status == 78, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == [
            "ketnoi: error: database: database schema is newer than this ketnoi (user_version 99, "
                + "this build knows 5); upgrade ketnoi (SQLITE_SCHEMA)",
        ])
    }

    /// A database whose `hotspots` table has another name (every spelling of it in the file
    /// changed, so the schema still reads): the statement fails, and its SQL is for developers.
    static func renamedTableDatabase(_ sandbox: Sandbox) throws -> String {
        try sandbox.createDatabase()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: sandbox.database))
        var renamed = 0
        var start = bytes.startIndex
        while let range = bytes.range(of: Data("hotspots".utf8), in: start..<bytes.endIndex) {
            bytes.replaceSubrange(range, with: Data("hotspotz".utf8))
            start = range.upperBound
            renamed += 1
        }
        try #require(renamed > 0, "the schema names the hotspots table")
        return try sandbox.write("renamed.db", bytes)
    }

    @Test func failedStatementShowsNoSQLByDefault() throws {
        let sandbox = try Sandbox()
        let path = try Self.renamedTableDatabase(sandbox)
        let outcome = try sandbox.run(["--db", path, "hotspots", "remove", "X"])

        #expect(outcome.status == 70, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines
            == ["ketnoi: error: database: no such table: hotspots (SQLITE_ERROR)"])
    }

    @Test func failedStatementShowsTheSQLAtDebugLevel() throws {
        let sandbox = try Sandbox()
        let path = try Self.renamedTableDatabase(sandbox)
        let outcome = try sandbox.run(["-vv", "--db", path, "hotspots", "remove", "X"])

        #expect(outcome.status == 70, "\(outcome)")
        let lines = outcome.stderrLines
        #expect(lines.count == 3, "\(outcome)")
        #expect(lines.first?.hasPrefix("ketnoi: debug: db=\(path) sqlite=") == true)
        #expect(Array(lines.dropFirst()) == [
            "ketnoi: error: database: no such table: hotspots (SQLITE_ERROR)",
            "ketnoi: debug: sql=\"DELETE FROM hotspots WHERE code = ?\"",
        ])
    }
}

@Suite("ketnoi db backup")
struct DatabaseBackupTests {
    @Test func backupPassesCheckAndHoldsTheSameAreas() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["areas", "import", Paths.wardsCSV])
        _ = try sandbox.run(["hotspots", "import", Paths.hotspotsCSV])
        let copy = sandbox.path("copy.db")
        let outcome = try sandbox.run(["db", "backup", copy])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stderr == "")
        let bytes = try #require(
            FileManager.default.attributesOfItem(atPath: copy)[.size] as? Int)
        #expect(outcome.stdout == "backed up \(sandbox.database) to \(copy) (\(bytes) bytes)\n")

        let check = try sandbox.run(["db", "--db", copy, "check"])
        #expect(check.status == 0, "\(check)")
        #expect(check.stdout == "\(copy): ok\n")
        let original = try sandbox.run(["--json", "areas", "list"])
        let copied = try sandbox.run(["--json", "--db", copy, "areas", "list"])
        #expect(copied.stdout == original.stdout)
        #expect(try sandbox.hotspotCount(database: copy) == 56)
    }

    @Test func backupReplacesAnOlderCopyOnlyWithForce() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let copy = sandbox.path("copy.db")
        #expect(try sandbox.run(["db", "backup", copy]).status == 0)
        _ = try sandbox.run(["hotspots", "import", Paths.fixture("hotspots-utf8.csv")])
        _ = try sandbox.run(["areas", "import", Paths.wardsCSV])
        _ = try sandbox.run(["hotspots", "import", Paths.fixture("hotspots-utf8.csv")])
        let older = try Data(contentsOf: URL(fileURLWithPath: copy))

        let refused = try sandbox.run(["db", "backup", copy])
        #expect(refused.status == 73, "\(refused)")
        #expect(refused.stdout == "")
        #expect(
            refused.stderrLines == ["ketnoi: error: \(copy) exists; give --force to replace it"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == older, "left as it was")

        let outcome = try sandbox.run(["db", "backup", "--force", copy])
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stderr == "")
        let bytes = try #require(
            FileManager.default.attributesOfItem(atPath: copy)[.size] as? Int)
        #expect(outcome.stdout == "backed up \(sandbox.database) to \(copy) (\(bytes) bytes)\n")
        #expect(try sandbox.hotspotCount(database: copy) == 6)
    }

    @Test func existingFileOfAnotherKindIsRefusedWithoutForce() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let notes = try sandbox.write("notes.txt", "someone's notes\n")
        let outcome = try sandbox.run(["db", "backup", "notes.txt"])

        #expect(outcome.status == 73, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines
            == ["ketnoi: error: notes.txt exists; give --force to replace it"])
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == "someone's notes\n")
    }

    /// Things at FILE that are not a regular file, made in the sandbox (never a real device).
    enum Obstacle: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case folder, linkToAFile, danglingLink, linkToAFolder, namedPipe

        var testDescription: String { rawValue }

        /// Makes the obstacle at `path`; returns what the refusal calls it.
        func make(at path: String, in sandbox: Sandbox) throws -> String {
            let files = FileManager.default
            switch self {
            case .folder:
                try files.createDirectory(atPath: path, withIntermediateDirectories: false)
                try sandbox.write("target/inside.txt", "kept\n")
                return "a folder"
            case .linkToAFile:
                try sandbox.write("other.db", "kept\n")
                try files.createSymbolicLink(
                    atPath: path, withDestinationPath: sandbox.path("other.db"))
                return "a symbolic link"
            case .danglingLink:
                try files.createSymbolicLink(
                    atPath: path, withDestinationPath: sandbox.path("nowhere"))
                return "a symbolic link"
            case .linkToAFolder:
                try files.createDirectory(
                    atPath: sandbox.path("folder"), withIntermediateDirectories: false)
                try files.createSymbolicLink(
                    atPath: path, withDestinationPath: sandbox.path("folder"))
                return "a symbolic link"
            case .namedPipe:
                try #require(mkfifo(path, 0o600) == 0, "mkfifo \(path)")
                return "a device, pipe or socket"
            }
        }
    }

    @Test(arguments: Obstacle.allCases, [false, true])
    func notARegularFileIsRefusedEvenWithForce(obstacle: Obstacle, force: Bool) throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let target = sandbox.path("target")
        let kind = try obstacle.make(at: target, in: sandbox)
        let before =
            try FileManager.default.attributesOfItem(atPath: target)[.type] as? FileAttributeType
        let outcome = try sandbox.run(["db", "backup"] + (force ? ["--force"] : []) + [target])

        #expect(outcome.status == 73, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(
            outcome.stderrLines == [
                "ketnoi: error: \(target) exists and is not a regular file "
                    + "(\(kind)); nothing written"
            ])
        #expect(
            try FileManager.default.attributesOfItem(atPath: target)[.type] as? FileAttributeType
                == before, "left as it was")
        switch obstacle {
        case .folder:
            #expect(try FileManager.default.contentsOfDirectory(atPath: target) == ["inside.txt"])
        case .linkToAFile:
            #expect(
                try String(contentsOfFile: sandbox.path("other.db"), encoding: .utf8) == "kept\n")
        case .danglingLink:
            #expect(!sandbox.exists(sandbox.path("nowhere")))
        case .linkToAFolder:
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: sandbox.path("folder")) == [])
        case .namedPipe:
            break
        }
    }

    @Test func backupOfAMissingDatabaseExits66AndWritesNothing() throws {
        let sandbox = try Sandbox()
        let copy = sandbox.path("copy.db")
        let outcome = try sandbox.run(["db", "backup", copy])

        #expect(outcome.status == 66, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == [Sandbox.noDatabase(sandbox.database)])
        #expect(!sandbox.exists(sandbox.database))
        #expect(!sandbox.exists(copy))
    }

    /// A usage mistake, told like every other: one line naming it, then the usage.
    static let refusal = [
        "ketnoi: the backup cannot overwrite the database itself",
        "usage: ketnoi db backup [--force] FILE",
    ]

    @Test(arguments: ["absolute", "relative", "dotted"])
    func backupOntoTheDatabaseItselfIsRefused(spelling: String) throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run([
            "hotspots", "add", "--code", "T-1", "--name", "Chợ", "--lat", "10.03",
            "--lon", "105.78"])
        let target = switch spelling {
        case "absolute": sandbox.database
        case "relative": "ketnoi.db"
        default: sandbox.path("sub/../ketnoi.db")
        }
        for force in [[], ["--force"]] {
            let outcome = try sandbox.run(["db", "backup"] + force + [target])

            #expect(outcome.status == 64, "\(outcome)")
            #expect(outcome.stdout == "")
            #expect(outcome.stderrLines == Self.refusal)
            #expect(try sandbox.hotspotCount() == 1)
        }
    }

    @Test func backupOntoALinkToTheDatabaseIsRefused() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run([
            "hotspots", "add", "--code", "T-1", "--name", "Chợ", "--lat", "10.03",
            "--lon", "105.78"])
        try FileManager.default.createSymbolicLink(
            atPath: sandbox.path("link.db"), withDestinationPath: sandbox.database)
        for force in [[], ["--force"]] {
            let outcome = try sandbox.run(["db", "backup"] + force + [sandbox.path("link.db")])

            #expect(outcome.status == 64, "\(outcome)")
            #expect(outcome.stdout == "")
            #expect(outcome.stderrLines == Self.refusal)
            #expect(try sandbox.hotspotCount() == 1)
        }
    }

    @Test func backupIntoAMissingFolderExits73() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["db", "info"]).status == 0)
        let target = sandbox.path("no-such-folder/copy.db")
        let outcome = try sandbox.run(["db", "backup", target])

        #expect(outcome.status == 73, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == [
            "ketnoi: error: cannot write the backup \(target): backup destination folder "
                + "'\(sandbox.path("no-such-folder"))' does not exist",
        ])
    }

    /// `count` CSV files of `rows` hotspots each, with codes and names no other batch uses.
    static func writeBatches(_ sandbox: Sandbox, count: Int, rows: Int) throws -> [String] {
        try (1...count).map { batch in
            var text = "code,name,lat,lon\n"
            for row in 1...rows {
                // Points spread over central Cần Thơ, all within a few km of each other.
                let lat = 10.0 + Double(row) * 0.0001 + Double(batch) * 0.00001
                let lon = 105.75 + Double(row) * 0.0001
                text += "B\(batch)-\(row),Site \(batch)-\(row),"
                    + String(format: "%.6f,%.6f\n", lat, lon)
            }
            return try sandbox.write("batch-\(batch).csv", text)
        }
    }

    @Test func backupWhileAnotherProcessImportsIsAConsistentSnapshot() throws {
        let sandbox = try Sandbox()
        let batches = 20
        let rows = 200
        _ = try Self.writeBatches(sandbox, count: batches, rows: rows)
        try sandbox.write("seed.csv", "code,name,lat,lon\nS-1,Seed,10.03,105.78\n")
        try #require(try sandbox.run(["hotspots", "import", "seed.csv"]).status == 0)
        let before = try sandbox.hotspotCount()

        // The writer: a shell loop, one `ketnoi hotspots import` per batch, leaving a mark after
        // each so the backup can start once writes are under way.
        let script = """
            for i in $(seq 1 \(batches)); do
              "$KETNOI" hotspots import "batch-$i.csv" > /dev/null || exit $?
              : > "imported-$i"
            done
            """
        let writer = try sandbox.startShell(script)
        let deadline = Date().addingTimeInterval(60)
        while !sandbox.exists(sandbox.path("imported-2")) && writer.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        let writing = !sandbox.exists(sandbox.path("imported-\(batches)"))
        let copy = sandbox.path("copy.db")
        let backup = try sandbox.run(["db", "backup", copy])
        let writerOutcome = try writer.wait()
        let after = try sandbox.hotspotCount()

        #expect(writerOutcome.status == 0, "\(writerOutcome)")
        #expect(writing, "the imports ended before the backup began; the test proves nothing")
        #expect(backup.status == 0, "\(backup)")
        #expect(after == before + batches * rows)
        let check = try sandbox.run(["--db", copy, "db", "check"])
        #expect(check.status == 0, "\(check)")
        #expect(check.stdout == "\(copy): ok\n")
        let copied = try sandbox.hotspotCount(database: copy)
        #expect(copied >= before + 2 * rows)
        #expect(copied <= after)
        #expect((copied - before) % rows == 0, "a batch is all or nothing, also in the copy")
    }
}

extension Sandbox {
    /// Starts `/bin/sh -c script` in the sandbox folder with `$KETNOI` naming the binary.
    func startShell(_ script: String) throws -> Running {
        try launch(
            URL(fileURLWithPath: "/bin/sh"), ["-c", script],
            environment: environment.merging(["KETNOI": Paths.executable.path]) { $1 })
    }
}
