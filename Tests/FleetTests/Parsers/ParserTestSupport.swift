// Shared helpers of the parser tests: the published corpus of access-point outputs and a few
// assertions used across suites.

import Foundation
import Testing

@testable import Fleet

/// The published corpus, `../shared/corpus/apcmd` next to the package root (found from this
/// file's real path, so it also works when the folder is reached through a symlink).
enum APCorpus {
    static let folder: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // …/Tests/FleetTests/Parsers
        .deletingLastPathComponent()  // …/Tests/FleetTests
        .deletingLastPathComponent()  // …/Tests
        .deletingLastPathComponent()  // the package root
        .deletingLastPathComponent()  // its parent, which holds shared/
        .appendingPathComponent("shared/corpus/apcmd")

    static var isPresent: Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("INDEX.md").path)
    }

    /// The sample's bytes with its line 1 (`# source: …`) removed.
    static func sample(_ name: String) throws -> [UInt8] {
        let data = try Data(contentsOf: folder.appendingPathComponent(name))
        let bytes = [UInt8](data)
        guard let newline = bytes.firstIndex(of: 0x0A) else { return [] }
        return Array(bytes[(newline + 1)...])
    }

    /// Every sample file name (not INDEX.md), sorted.
    static func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0 != "INDEX.md" }.sorted()
    }
}

/// Stations heard within `limit` milliseconds (the Snapshot's client-count rule, default
/// 300 s); a station whose inactive time is not reported counts as heard.
func activeStations(_ stations: [StationFacts], limit: UInt64 = 300_000) -> Int {
    stations.filter { ($0.inactiveMilliseconds ?? 0) < limit }.count
}

/// The fields named by the warnings, in order.
func warnedFields(_ warnings: [ParseWarning]) -> [String] { warnings.map(\.field) }

/// The bytes of a string.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Asserts that parsing `bytes` as `kind` throws exactly `expected`.
func expectParseError(_ kind: String, _ input: [UInt8], reason: String,
                      sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try OutputParser.parse(kind: kind, input)
        Issue.record("expected a ParseError for \(kind)", sourceLocation: sourceLocation)
    } catch let error as ParseError {
        #expect(error == ParseError(kind: kind, reason: reason), sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}
