import Foundation
import Testing

// The ecosystem tests run the real `ketnoi` binary and the operators' real tools: Debian's
// ansible, python3-prometheus-client, bash, zsh and groff. `make test` installs them. In CI
// (CI=true) a missing tool fails its test; on a developer's machine the test is skipped and
// says why.

/// Paths the tests read: the package's own files, and the binaries built beside this bundle.
enum Paths {
    /// The package root, three folders above this file.
    static let package = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func bundled(_ relative: String) -> String {
        package.appendingPathComponent(relative).path
    }

    static let ansible = bundled("ansible")
    static let wardsCSV = bundled("hotspots/cantho/wards.csv")
    static let hotspotsCSV = bundled("hotspots/cantho/hotspots.csv")

    /// The built `ketnoi`, beside the running test bundle (`.build/<triple>/debug/`).
    static let ketnoi = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("ketnoi").path
}

/// The exit status and both output streams of one run.
struct Outcome: CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let stdout: String
    let stderr: String

    var stdoutLines: [String] { Self.lines(stdout) }
    var stderrLines: [String] { Self.lines(stderr) }

    static func lines(_ text: String) -> [String] {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    var description: String {
        "\(arguments.joined(separator: " ")) → exit \(status)\n"
            + "--- stdout\n\(stdout)--- stderr\n\(stderr)---"
    }
}

enum Tool {
    static let bash = "/bin/bash"
    static let zsh = "/usr/bin/zsh"
    static let python3 = "/usr/bin/python3"
    static let ansiblePlaybook = "/usr/bin/ansible-playbook"
    static let ansibleInventory = "/usr/bin/ansible-inventory"
    static let groff = "/usr/bin/groff"

    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Whether the tools are there: a test runs when they are, and always in CI (where their
    /// absence then fails it). Prints the reason for a skip.
    static func available(_ paths: String..., also check: () -> Bool = { true }) -> Bool {
        let missing = paths.filter { !FileManager.default.isExecutableFile(atPath: $0) }
        let ready = missing.isEmpty && check()
        if !ready && !inCI {
            print("skipped: needs \(missing.isEmpty ? paths : missing) (make test installs them)")
        }
        return ready || inCI
    }

    /// Debian's prometheus_client for /usr/bin/python3.
    static func hasPrometheusClient() -> Bool {
        guard FileManager.default.isExecutableFile(atPath: python3) else { return false }
        let outcome = try? run(python3, ["-c", "import prometheus_client.parser"])
        return outcome?.status == 0
    }

    /// Runs a program to the end with `environment` (nothing else inherited), stdin from
    /// `input`; output goes through files, so a chatty program never blocks on a pipe.
    static func run(
        _ program: String, _ arguments: [String], environment: [String: String] = [:],
        input: String? = nil, folder: String? = nil
    ) throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("ketnoi-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdoutURL = scratch.appendingPathComponent("out")
        let stderrURL = scratch.appendingPathComponent("err")
        let stdinURL = scratch.appendingPathComponent("in")
        try Data((input ?? "").utf8).write(to: stdinURL)
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        var base = ["PATH": "/usr/bin:/bin", "HOME": scratch.path, "LANG": "C.UTF-8"]
        base.merge(environment) { _, new in new }
        process.environment = base
        process.currentDirectoryURL = URL(fileURLWithPath: folder ?? scratch.path)
        let stdin = try FileHandle(forReadingFrom: stdinURL)
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        try stdin.close()
        try stdout.close()
        try stderr.close()
        process.waitUntilExit()
        return Outcome(
            arguments: [program] + arguments, status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self))
    }
}

/// A temporary folder with its own database, home and data home; removed when it goes.
final class Workspace {
    let folder: String
    let database: String

    init() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("ketnoi-ecosystem-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true)
        database = folder + "/ketnoi.db"
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func path(_ name: String) -> String { folder + "/" + name }

    /// What `ketnoi` runs with: this folder's database and home, nothing from the shell.
    var environment: [String: String] {
        ["HOME": path("home"), "XDG_DATA_HOME": path("data"), "KETNOI_DB": database]
    }

    /// Runs `ketnoi` with `arguments` to the end.
    func run(_ arguments: [String]) throws -> Outcome {
        try Tool.run(Paths.ketnoi, arguments, environment: environment, folder: folder)
    }

    /// Writes a text file in the folder and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }
}
