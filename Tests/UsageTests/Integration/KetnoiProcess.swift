// Runs the real `ketnoi` binary for the Usage tests that go through the command line: its
// own folder, database and environment, and the JSON it prints read back.

import Foundation
import Testing
import Usage

/// One `ketnoi` run: exit status and both streams.
struct KetnoiOutcome: CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let stdout: String
    let stderr: String

    var description: String {
        "ketnoi \(arguments.joined(separator: " ")) → exit \(status)\n"
            + "--- stdout\n\(stdout)--- stderr\n\(stderr)---"
    }

    /// `data` of the `--json` document on stdout.
    func data(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
        let document = try #require(value as? [String: Any], "\(self)",
                                    sourceLocation: sourceLocation)
        return try #require(document["data"] as? [String: Any], "\(self)",
                            sourceLocation: sourceLocation)
    }
}

/// A scratch folder with a database path; removed when the value goes.
final class KetnoiSandbox {
    let folder: URL
    let database: String

    /// The `ketnoi` built beside the test binary.
    static let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("ketnoi")

    init(_ label: String) throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("ketnoi-usage-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = folder.appendingPathComponent("ketnoi.db").path
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Runs `ketnoi` with `arguments` to the end; nothing is inherited from the shell.
    func run(_ arguments: [String]) throws -> KetnoiOutcome {
        let id = UUID().uuidString
        let stdoutURL = folder.appendingPathComponent(".stdout-\(id)")
        let stderrURL = folder.appendingPathComponent(".stderr-\(id)")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.environment = [
            "PATH": "/usr/bin:/bin",
            "HOME": folder.appendingPathComponent("home").path,
            "XDG_DATA_HOME": folder.appendingPathComponent("data").path,
            "KETNOI_DB": database,
        ]
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        try stdout.close()
        try stderr.close()
        process.waitUntilExit()
        defer {
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }
        return KetnoiOutcome(
            arguments: arguments, status: process.terminationStatus,
            stdout: try String(contentsOf: stdoutURL, encoding: .utf8),
            stderr: try String(contentsOf: stderrURL, encoding: .utf8))
    }
}

/// The `counters` object of a JSON window, read back as `UsageCounters`.
func counters(of window: [String: Any]) throws -> UsageCounters {
    let object = try #require(window["counters"] as? [String: Any])
    let data = try JSONSerialization.data(withJSONObject: object)
    return try JSONDecoder().decode(UsageCounters.self, from: data)
}
