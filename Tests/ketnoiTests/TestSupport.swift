import Foundation
import Testing

// The command-line tests run the real `ketnoi` binary as a subprocess, each in its own folder
// with its own database and an environment that inherits nothing from the shell running them.

/// Paths the tests read: the package's own files and the shared corpus beside the checkout.
enum Paths {
    /// `…/main`, three folders above this file (`Tests/ketnoiTests/TestSupport.swift`).
    static let package = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = package.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    static let fixtures = package.appendingPathComponent("Tests/Fixtures")

    static func corpus(_ relative: String) -> String {
        corpus.appendingPathComponent(relative).path
    }
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }
    static func bundled(_ relative: String) -> String {
        package.appendingPathComponent(relative).path
    }

    static let wardsCSV = bundled("hotspots/cantho/wards.csv")
    static let hotspotsCSV = bundled("hotspots/cantho/hotspots.csv")
    static let wardsGeoJSON = corpus("geo/cantho-2025-wards.geojson")
    static let bostonCSV = corpus("hotspots/boston-wicked-free-wifi.csv")

    /// The built `ketnoi`, beside the running test bundle (`.build/<triple>/debug/`).
    static let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("ketnoi")
}

/// Whether `../shared/corpus` is beside the checkout; suites reading it are skipped otherwise.
let corpusPresent = FileManager.default.fileExists(
    atPath: Paths.corpus.appendingPathComponent("geo").path)

/// The exit status and both output streams of one `ketnoi` run.
struct Outcome: CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let stdout: String
    let stderr: String

    /// stderr split into lines, without the final empty one.
    var stderrLines: [String] { Self.lines(stderr) }
    var stdoutLines: [String] { Self.lines(stdout) }

    static func lines(_ text: String) -> [String] {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    var description: String {
        "ketnoi \(arguments.joined(separator: " ")) → exit \(status)\n"
            + "--- stdout\n\(stdout)--- stderr\n\(stderr)---"
    }
}

/// A temporary folder holding one test's database, home, data home and input files.
///
/// The folder is removed when the sandbox goes away, at the end of the test.
final class Sandbox {
    let folder: URL
    /// The database every run uses unless a test changes `KETNOI_DB` or passes `--db`.
    let database: String
    /// The whole environment of a run; nothing is inherited (no NO_COLOR, FORCE_COLOR, KETNOI_*).
    var environment: [String: String]

    init() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("ketnoi-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = folder.appendingPathComponent("ketnoi.db").path
        environment = [
            "PATH": "/usr/bin:/bin",
            "HOME": folder.appendingPathComponent("home").path,
            "XDG_DATA_HOME": folder.appendingPathComponent("data").path,
            "KETNOI_DB": database,
        ]
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String {
        folder.appendingPathComponent(name).path
    }

    /// Writes a text file in the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    /// Writes a file in the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ bytes: Data) throws -> String {
        let url = folder.appendingPathComponent(name)
        try bytes.write(to: url)
        return url.path
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// Starts `ketnoi` with `arguments` in the sandbox folder; `changes` sets (or, with nil,
    /// removes) environment variables for this run only.
    func start(
        _ arguments: [String], environment changes: [String: String?] = [:]
    ) throws -> Running {
        var environment = self.environment
        for (name, value) in changes {
            environment[name] = value
        }
        return try launch(Paths.executable, arguments, environment: environment)
    }

    /// Starts a program in the sandbox folder. stdout and stderr go to files, so a chatty child
    /// can never block on a full pipe.
    func launch(
        _ executable: URL, _ arguments: [String], environment: [String: String]
    ) throws -> Running {
        let id = UUID().uuidString
        let stdoutURL = folder.appendingPathComponent(".stdout-\(id)")
        let stderrURL = folder.appendingPathComponent(".stderr-\(id)")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        try stdout.close()
        try stderr.close()
        return Running(
            process: process, arguments: arguments, stdoutURL: stdoutURL, stderrURL: stderrURL)
    }

    /// Runs `ketnoi` with `arguments` to the end.
    func run(
        _ arguments: [String], environment changes: [String: String?] = [:]
    ) throws -> Outcome {
        try start(arguments, environment: changes).wait()
    }

    /// Runs `ketnoi --json …` and returns the parsed document, requiring exit `status`.
    func json(
        _ arguments: [String], status: Int32 = 0,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> JSONObject {
        let outcome = try run(["--json"] + arguments)
        #expect(outcome.status == status, "\(outcome)", sourceLocation: sourceLocation)
        return try JSONObject.parse(outcome.stdout, sourceLocation: sourceLocation)
    }

    /// Creates the database (with `ketnoi db info`), for tests of commands that only read one:
    /// they refuse a missing database.
    func createDatabase(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let outcome = try run(["db", "info"])
        try #require(outcome.status == 0, "\(outcome)", sourceLocation: sourceLocation)
    }

    /// The message of a command that needs an existing database and finds none at `path`.
    static func noDatabase(_ path: String) -> String {
        "ketnoi: error: no database at \(path) (check --db or KETNOI_DB; an import creates it)"
    }

    /// The number of hotspots in a database file, read through `ketnoi db info --json`.
    func hotspotCount(database: String? = nil) throws -> Int {
        let outcome = try run(["--json", "--db", database ?? self.database, "db", "info"])
        try #require(outcome.status == 0, "\(outcome)")
        let document = try JSONObject.parse(outcome.stdout)
        let tables = try #require(document.data["tables"] as? [String: Any])
        return try #require(tables["hotspots"] as? Int)
    }
}

/// A `ketnoi` process started by `Sandbox.start`.
struct Running {
    let process: Process
    let arguments: [String]
    let stdoutURL: URL
    let stderrURL: URL

    var isRunning: Bool { process.isRunning }

    /// Waits for the process to end and reads what it wrote.
    func wait() throws -> Outcome {
        process.waitUntilExit()
        let stdout = try String(contentsOf: stdoutURL, encoding: .utf8)
        let stderr = try String(contentsOf: stderrURL, encoding: .utf8)
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
        return Outcome(
            arguments: arguments, status: process.terminationStatus, stdout: stdout,
            stderr: stderr)
    }
}

/// A `--json` document: `{"schema": 1, "kind": …, "data": …}`.
struct JSONObject {
    let object: [String: Any]

    var schema: Int? { object["schema"] as? Int }
    var kind: String? { object["kind"] as? String }
    var data: [String: Any] { object["data"] as? [String: Any] ?? [:] }
    var list: [[String: Any]] { object["data"] as? [[String: Any]] ?? [] }

    static func parse(
        _ text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> JSONObject {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        let object = try #require(
            value as? [String: Any], "not a JSON object: \(text)", sourceLocation: sourceLocation)
        return JSONObject(object: object)
    }
}

/// Bytes that are the same on every run: SplitMix64 from a fixed seed.
func pseudoRandomBytes(count: Int, seed: UInt64) -> Data {
    var state = seed
    var bytes = Data(capacity: count)
    while bytes.count < count {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        withUnsafeBytes(of: z.littleEndian) {
            bytes.append(contentsOf: $0.prefix(count - bytes.count))
        }
    }
    return bytes
}

/// The ANSI escape character, which must never reach a log that is not coloured.
let escape = "\u{1B}"
