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

    @Test func folderGivenAsDatabaseExits73() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["--db", sandbox.folder.path, "db", "info"])

        #expect(outcome.status == 73, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines.count == 1)
        #expect(outcome.stderrLines.first?.hasPrefix(
            "ketnoi: error: cannot open the database \(sandbox.folder.path): ") == true)
    }
}
