import Foundation
import Testing

// Mirrors Sources/ketnoi/CLI/Context.swift: which database file a command opens.

@Suite("Database location: --db, then KETNOI_DB, then XDG_DATA_HOME")
struct DatabaseLocationTests {
    /// The database a command opened, as `db info --json` reports it.
    func reportedPath(
        _ sandbox: Sandbox, _ arguments: [String] = [], environment: [String: String?]
    ) throws -> String {
        let outcome = try sandbox.run(
            ["--json"] + arguments + ["db", "info"], environment: environment)
        try #require(outcome.status == 0, "\(outcome)")
        return try #require(JSONObject.parse(outcome.stdout).data["path"] as? String)
    }

    @Test func dbOptionWinsOverEnvironment() throws {
        let sandbox = try Sandbox()
        let flag = sandbox.path("flag.db")
        let path = try reportedPath(
            sandbox, ["--db", flag], environment: ["KETNOI_DB": sandbox.path("env.db")])

        #expect(path == flag)
        #expect(sandbox.exists(flag))
        #expect(!sandbox.exists(sandbox.path("env.db")))
    }

    @Test func ketnoiDBWinsOverDataHome() throws {
        let sandbox = try Sandbox()
        let path = try reportedPath(sandbox, environment: ["KETNOI_DB": sandbox.path("env.db")])

        #expect(path == sandbox.path("env.db"))
        #expect(sandbox.exists(sandbox.path("env.db")))
        #expect(!sandbox.exists(sandbox.path("data/ketnoi")))
    }

    @Test func emptyKetnoiDBMeansNotSet() throws {
        let sandbox = try Sandbox()
        let path = try reportedPath(sandbox, environment: ["KETNOI_DB": ""])

        #expect(path == sandbox.path("data/ketnoi/ketnoi.db"))
    }

    @Test func dataHomeFolderIsCreated() throws {
        let sandbox = try Sandbox()
        let dataHome = sandbox.path("deep/data/home")
        let path = try reportedPath(
            sandbox, environment: ["KETNOI_DB": nil, "XDG_DATA_HOME": dataHome])

        #expect(path == dataHome + "/ketnoi/ketnoi.db")
        #expect(sandbox.exists(dataHome + "/ketnoi/ketnoi.db"))
    }

    @Test func relativeDataHomeIsIgnoredForHomeLocalShare() throws {
        let sandbox = try Sandbox()
        let path = try reportedPath(
            sandbox, environment: ["KETNOI_DB": nil, "XDG_DATA_HOME": "relative/data"])

        #expect(path == sandbox.path("home/.local/share/ketnoi/ketnoi.db"))
        #expect(sandbox.exists(sandbox.path("home/.local/share/ketnoi/ketnoi.db")))
        #expect(!sandbox.exists(sandbox.path("relative")))
    }

    @Test func unsetDataHomeMeansHomeLocalShare() throws {
        let sandbox = try Sandbox()
        let path = try reportedPath(
            sandbox, environment: ["KETNOI_DB": nil, "XDG_DATA_HOME": nil])

        #expect(path == sandbox.path("home/.local/share/ketnoi/ketnoi.db"))
    }

    @Test func relativeDBPathIsTakenFromTheWorkingFolder() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["--db", "sub/here.db", "db", "info"]).status == 0)
        let outcome = try sandbox.run(["--db", "sub/here.db", "db", "check"])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout == "sub/here.db: ok\n")
        #expect(sandbox.exists(sandbox.path("sub/here.db")))
    }

    @Test func folderThatCannotBeCreatedExits73() throws {
        let sandbox = try Sandbox()
        try sandbox.write("plain-file", "not a folder\n")
        let outcome = try sandbox.run(["--db", sandbox.path("plain-file/ketnoi.db"), "db", "info"])

        #expect(outcome.status == 73, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines.count == 1)
        #expect(outcome.stderrLines.first?.hasPrefix(
            "ketnoi: error: cannot create the database folder \(sandbox.path("plain-file")): ")
            == true, "\(outcome)")
    }

    @Test(arguments: [
        ["db", "info"], ["hotspots", "list"], ["areas", "import", "x.csv"],
        ["db", "backup", "c.db"],
    ])
    func folderGivenAsDatabaseExits73(command: [String]) throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["--db", sandbox.folder.path] + command)

        #expect(outcome.status == 73, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines
            == ["ketnoi: error: the database path \(sandbox.folder.path) is a folder"])
    }

    @Test func folderFromTheEnvironmentExits73Too() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            ["db", "info"], environment: ["KETNOI_DB": sandbox.folder.path])

        #expect(outcome.status == 73, "\(outcome)")
        #expect(outcome.stderrLines
            == ["ketnoi: error: the database path \(sandbox.folder.path) is a folder"])
    }

    @Test func emptyDBOptionIsAUsageMistakeNotTheEnvironment() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["--db", "", "db", "info"])

        #expect(outcome.status == 64, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines
            == ["ketnoi: option --db: the path is empty", "usage: ketnoi db info"])
        #expect(!sandbox.exists(sandbox.database), "KETNOI_DB is not used instead")
    }

    /// Commands that only read, and those that examine a database, need one to be there.
    static let readers: [[String]] = [
        ["areas", "list"], ["areas", "show", "31135"],
        ["hotspots", "list"], ["hotspots", "show", "H00001"], ["hotspots", "remove", "H00001"],
        ["aps", "list"], ["aps", "show", "ap-1"], ["aps", "history", "ap-1"],
        ["aps", "remove", "ap-1"], ["status"],
        ["db", "check"], ["db", "backup", "copy.db"],
    ]

    @Test(arguments: readers)
    func readerRefusesAMissingDatabaseAndCreatesNothing(command: [String]) throws {
        let sandbox = try Sandbox()
        let path = sandbox.path("missing/ketnoi.db")
        let outcome = try sandbox.run(command, environment: ["KETNOI_DB": path])

        #expect(outcome.status == 66, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == [Sandbox.noDatabase(path)])
        #expect(!sandbox.exists(sandbox.path("missing")), "not even its folder")
        #expect(!sandbox.exists(sandbox.path("copy.db")))
    }

    /// The readers that print data, and so take --json.
    static let jsonReaders = readers.filter { !$0.contains("remove") && !$0.contains("backup") }

    @Test(arguments: jsonReaders)
    func readerWithJSONRefusesAMissingDatabaseToo(command: [String]) throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["--json"] + command)

        #expect(outcome.status == 66, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == [Sandbox.noDatabase(sandbox.database)])
        #expect(!sandbox.exists(sandbox.database))
    }

    @Test func readerWorksOnceTheDatabaseExists() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let outcome = try sandbox.run(["hotspots", "list"])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stderrLines
            == ["ketnoi: warning: no hotspots yet; import them with 'ketnoi hotspots import FILE'"])
    }

    /// `db info`, every import and every add create the database (and its folder).
    static func writers(_ sandbox: Sandbox) throws -> [[String]] {
        let hotspots = try sandbox.write(
            "hotspots.csv", "code,name,lat,lon\nC-1,Chợ,10.03,105.78\n")
        let areas = try sandbox.write(
            "areas.csv",
            "code,name,kind,centroid_lat,centroid_lon\n"
                + "99001,Phường Thử,phường,10.03,105.78\n")
        let aps = try sandbox.write("aps.csv", "name,address,firmware\nap-1,192.0.2.1,openwrt\n")
        return [
            ["db", "info"],
            ["hotspots", "import", hotspots],
            ["hotspots", "add", "--name", "Chợ", "--lat", "10.03", "--lon", "105.78"],
            ["areas", "import", areas],
            ["aps", "import", aps],
            ["aps", "add", "--name", "ap-1", "--address", "192.0.2.1", "--firmware", "openwrt"],
        ]
    }

    @Test func writersCreateTheDatabaseAndItsFolder() throws {
        let sandbox = try Sandbox()
        for (index, command) in try Self.writers(sandbox).enumerated() {
            let path = sandbox.path("new-\(index)/ketnoi.db")
            let outcome = try sandbox.run(command, environment: ["KETNOI_DB": path])

            #expect(outcome.status == 0, "\(outcome)")
            #expect(sandbox.exists(path), "\(command) must create \(path)")
        }
    }
}
