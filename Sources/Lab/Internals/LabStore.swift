// Where a lab keeps its files, and how `lab.json` is read and written.

import Foundation

/// The file layout of one lab directory.
struct LabPaths {
    let directory: String

    init(_ directory: String) {
        let absolute =
            directory.hasPrefix("/")
            ? directory : FileManager.default.currentDirectoryPath + "/" + directory
        self.directory = URL(fileURLWithPath: absolute).standardizedFileURL.path
    }

    var state: String { directory + "/lab.json" }
    var lock: String { directory + "/.lab.lock" }
    var clientKey: String { directory + "/client_ed25519" }
    var otherKey: String { directory + "/other_ed25519" }
    var accessPointsCSV: String { directory + "/access-points.csv" }
    var apsDirectory: String { directory + "/aps" }

    func ap(_ name: String) -> String { apsDirectory + "/" + name }
    func sshdConfig(_ name: String) -> String { ap(name) + "/sshd_config" }
    func hostKey(_ name: String) -> String { ap(name) + "/host_ed25519_key" }
    func authorizedKeys(_ name: String) -> String { ap(name) + "/authorized_keys" }
    func sshdPID(_ name: String) -> String { ap(name) + "/sshd.pid" }
    func sshdLog(_ name: String) -> String { ap(name) + "/sshd.log" }
    func tarpitPID(_ name: String) -> String { ap(name) + "/tarpit.pid" }
    func tarpitLog(_ name: String) -> String { ap(name) + "/tarpit.log" }

    var answerSocket: String { directory + "/answer.sock" }
    var answerServerPID: String { directory + "/answer-server.pid" }
    var answerServerLog: String { directory + "/answer-server.log" }
}

enum LabStore {
    static func load(directory: String) throws -> LabState {
        let paths = LabPaths(directory)
        guard let data = FileManager.default.contents(atPath: paths.state) else {
            throw LabError("no lab in \(paths.directory): \(paths.state) does not exist")
        }
        return try decode(data, path: paths.state)
    }

    /// The state in `data`, the contents of the `lab.json` at `path`.
    static func decode(_ data: Data, path: String) throws -> LabState {
        do {
            return try decoder.decode(LabState.self, from: data)
        } catch {
            throw LabError("cannot read \(path): \(error)")
        }
    }

    /// Writes `lab.json` through a temporary file and a rename, so a forced command
    /// reading it at the same moment sees the old or the new state, never half of one.
    static func save(_ state: LabState) throws {
        let paths = LabPaths(state.directory)
        let data = try encoder.encode(state)
        try write(data, to: paths.state)
    }

    static func write(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw LabError("cannot write \(temporary)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw LabError("cannot rename \(temporary) to \(path): \(reason)")
        }
    }

    static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// A pid file's number, or 0.
    static func readPID(_ path: String) -> Int32 {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// Collects results from `DispatchQueue.concurrentPerform`. `@unchecked Sendable`: every
/// access to `values` holds `lock`.
final class LabCollector<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: Value] = [:]

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    var all: [Int: Value] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}

/// Runs `body` for 0..<count on all cores; returns the results in order, or the error of
/// the lowest index that failed.
func labParallel<T>(_ count: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
    let results = LabCollector<Result<T, Error>>()
    DispatchQueue.concurrentPerform(iterations: count) { index in
        results.set(index, Result { try body(index) })
    }
    let all = results.all
    return try (0..<count).map { try all[$0]!.get() }
}
