// Shared helpers for the lab tests: temporary lab directories, the forced-command
// executable, and the real OpenSSH client.

import Foundation
import Testing

@testable import Lab

enum LabTestSupport {
    /// The stand-in for `ketnoi`, built next to the test binary.
    static var executable: String {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let folder = testBinary.deletingLastPathComponent()
        for name in ["lab-probe", "ketnoi"] {
            let path = folder.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return folder.appendingPathComponent("lab-probe").path
    }

    /// `ketnoi-lab-answer`, the forced command, built beside the test binary.
    static var answerClient: String {
        URL(fileURLWithPath: executable).deletingLastPathComponent()
            .appendingPathComponent(Lab.answerClientName).path
    }

    static var user: String { Syscalls.currentUser }

    /// A fresh, empty directory under /tmp.
    static func temporaryDirectory(_ label: String) -> String {
        var template = Array("/tmp/ketnoi-lab-\(label)-XXXXXX".utf8CString)
        let path = template.withUnsafeMutableBufferPointer { buffer in
            String(cString: mkdtemp(buffer.baseAddress!))
        }
        return path
    }

    /// Brings the lab in `directory` down (whatever state it is in) and removes it.
    static func discard(_ directory: String) {
        _ = try? Lab.down(directory: directory)
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func options(
        _ directory: String, count: Int, firmware: LabFirmware,
        seed: UInt64 = 1
    ) -> LabOptions {
        var options = LabOptions(directory: directory, executable: executable, user: user)
        options.count = count
        options.firmware = firmware
        options.seed = seed
        return options
    }

    /// Brings a lab up, runs `body`, and brings it down even when `body` throws.
    static func withLab<T>(
        _ label: String, count: Int, firmware: LabFirmware,
        _ body: (LabState) throws -> T
    ) throws -> T {
        let directory = temporaryDirectory(label)
        defer { discard(directory) }
        let state = try Lab.up(options(directory, count: count, firmware: firmware))
        return try body(state)
    }

    /// A lab state in memory only, for answer tests: no keys, no processes.
    static func memoryState(
        count: Int, firmware: LabFirmware, seed: UInt64 = 1,
        started: Date = Date(timeIntervalSince1970: 1_767_225_600)
    ) -> LabState {
        let aps = (0..<count).map { index in
            LabAP(
                name: Lab.apName(index: index), firmware: firmware.firmware(at: index),
                port: 20_000 + index, hostKeyFingerprint: "SHA256:test", pid: 0, fault: .none)
        }
        return LabState(
            directory: "/nonexistent/lab", started: started, seed: seed, aps: aps,
            clientKeyPath: "/nonexistent/lab/client_ed25519",
            accessPointsCSV: "/nonexistent/lab/access-points.csv")
    }

    struct Run {
        let status: Int32
        let stdout: [UInt8]
        let stderr: String
        let seconds: Double

        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs a program to completion, its output captured through files (outputs of
    /// several MiB cannot fill a pipe and stall it).
    static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Run {
        let scratch = temporaryDirectory("run")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outPath = scratch + "/out"
        let errPath = scratch + "/err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardInput = FileHandle.nullDevice
        if let environment { process.environment = environment }
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        let start = Date()
        try process.run()
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        let stdout = FileManager.default.contents(atPath: outPath).map { [UInt8]($0) } ?? []
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Run(
            status: process.terminationStatus, stdout: stdout, stderr: stderr,
            seconds: seconds)
    }

    /// `ssh` into one lab AP with the lab's client key (or `key`), as the issue's
    /// acceptance runs do.
    static func ssh(
        _ state: LabState, _ ap: LabAP, _ command: String, key: String? = nil,
        connectTimeout: Int = 10
    ) throws -> Run {
        try run([
            "/usr/bin/ssh", "-i", key ?? state.clientKeyPath,
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR",
            "-o", "ConnectTimeout=\(connectTimeout)", "-p", String(ap.port),
            "\(user)@127.0.0.1", command,
        ])
    }

    /// The `SHA256:…` fingerprint OpenSSH reports for a public key file.
    static func fingerprint(_ publicKeyPath: String) throws -> String {
        let result = try run(["/usr/bin/ssh-keygen", "-lf", publicKeyPath])
        return result.text.split(separator: " ").map(String.init).first { $0.hasPrefix("SHA256:") }
            ?? ""
    }

    /// The host key fingerprint the server on `port` presents, via `ssh-keyscan`.
    static func presentedFingerprint(port: Int) throws -> String {
        let scan = try run([
            "/usr/bin/ssh-keyscan", "-T", "5", "-t", "ed25519", "-p", String(port),
            "127.0.0.1",
        ])
        let scratch = temporaryDirectory("scan")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let path = scratch + "/known"
        _ = FileManager.default.createFile(atPath: path, contents: Data(scan.stdout))
        return try fingerprint(path)
    }

    static func json(_ bytes: [UInt8]) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
    }
}
