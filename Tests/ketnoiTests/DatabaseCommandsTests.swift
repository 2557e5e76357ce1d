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
        #expect(outcome.stderrLines.count == 1)
        #expect(outcome.stderrLines.first?.hasPrefix("ketnoi: error: ") == true)
        #expect(outcome.stderrLines.first?.contains(path) == true)
        #expect(!sandbox.exists(path))
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

    @Test func backupReplacesAnOlderCopy() throws {
        let sandbox = try Sandbox()
        let copy = sandbox.path("copy.db")
        _ = try sandbox.run(["db", "backup", copy])
        _ = try sandbox.run(["hotspots", "import", Paths.fixture("hotspots-utf8.csv")])
        _ = try sandbox.run(["areas", "import", Paths.wardsCSV])
        _ = try sandbox.run(["hotspots", "import", Paths.fixture("hotspots-utf8.csv")])
        let outcome = try sandbox.run(["db", "backup", copy])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(try sandbox.hotspotCount(database: copy) == 6)
    }

    /// A usage mistake, told like every other: one line naming it, then the usage.
    static let refusal = [
        "ketnoi: the backup cannot overwrite the database itself",
        "usage: ketnoi db backup FILE",
    ]

    @Test(arguments: ["absolute", "relative", "dotted"])
    func backupOntoTheDatabaseItselfIsRefused(spelling: String) throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["hotspots", "add", "--code", "T-1", "--name", "Chợ", "--lat", "10.03",
                             "--lon", "105.78"])
        let target = switch spelling {
        case "absolute": sandbox.database
        case "relative": "ketnoi.db"
        default: sandbox.path("sub/../ketnoi.db")
        }
        let outcome = try sandbox.run(["db", "backup", target])

        #expect(outcome.status == 64, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == Self.refusal)
        #expect(try sandbox.hotspotCount() == 1)
    }

    @Test func backupOntoALinkToTheDatabaseIsRefused() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["hotspots", "add", "--code", "T-1", "--name", "Chợ", "--lat", "10.03",
                             "--lon", "105.78"])
        try FileManager.default.createSymbolicLink(
            atPath: sandbox.path("link.db"), withDestinationPath: sandbox.database)
        let outcome = try sandbox.run(["db", "backup", sandbox.path("link.db")])

        #expect(outcome.status == 64, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == Self.refusal)
        #expect(try sandbox.hotspotCount() == 1)
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
