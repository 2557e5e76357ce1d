import Fleet
import Foundation
import Lab
import Testing

/// After a lab inventory, no station MAC, PSK or private key is in the database, the logs (at
/// every level) or the `--json` output.
@Suite(.serialized) struct NoSecretsStoredTests {
    /// The station MACs and PSKs the lab serves right now, read from its own answers.
    static func secrets(_ lab: LabFixture) -> Set<String> {
        var secrets: Set<String> = []
        for ap in lab.state.aps {
            for command in [
                "iw dev phy0-ap0 station dump", "iw dev phy1-ap0 station dump",
                "ubus call network.wireless status",
            ] {
                let text = String(
                    decoding: Lab.answer(
                        directory: lab.state.directory, ap: ap.name, command: command
                    ).stdout, as: UTF8.self)
                for match in text.matches(of: /Station ([0-9a-f]{2}(?::[0-9a-f]{2}){5})/) {
                    secrets.insert(String(match.1))
                }
                for match in text.matches(of: /"key": "([^"]+)"/) {
                    secrets.insert(String(match.1))
                }
            }
        }
        return secrets
    }

    static func run(_ arguments: [String]) throws -> (stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LabFixture.ketnoi)
        process.arguments = arguments
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let err = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return (
            try String(contentsOf: out, encoding: .utf8),
            try String(contentsOf: err, encoding: .utf8)
        )
    }

    @Test func noMACPasswordKeyOrPSKLeavesTheController() throws {
        let lab = try LabFixture(count: 4)
        var secrets = Self.secrets(lab)
        let (stdout, stderr) = try Self.run([
            "--db", lab.databasePath, "-vv", "--json", "inventory",
        ])
        secrets.formUnion(Self.secrets(lab))
        // The lab really served stations and PSKs, so the search below can find something.
        #expect(secrets.contains { $0.hasPrefix("lab-psk-") })
        #expect(secrets.contains { $0.count == 17 && $0.contains(":") })
        #expect(stdout.contains("\"kind\" : \"inventory\""))
        #expect(stderr.contains("ketnoi: debug: "))

        lab.db.close()
        var stored = ""
        for suffix in ["", "-wal"] {
            if let data = FileManager.default.contents(atPath: lab.databasePath + suffix) {
                stored += String(decoding: data, as: UTF8.self)
            }
        }
        #expect(stored.contains("lab-ap-001"))
        for place in [("database", stored), ("stdout", stdout), ("stderr", stderr)] {
            for secret in secrets {
                #expect(
                    !place.1.lowercased().contains(secret.lowercased()),
                    "\(place.0) holds \(secret)")
            }
            #expect(!place.1.contains("PRIVATE KEY"), "\(place.0) holds a private key")
            #expect(!place.1.contains("lab-psk-"), "\(place.0) holds a PSK")
        }
        // The day's pseudonym key lives beside the database, not in it, readable by its owner only.
        let keys = try FileManager.default.contentsOfDirectory(atPath: lab.databasePath + ".keys")
        #expect(keys.count == 1)
        let attributes = try FileManager.default.attributesOfItem(
            atPath: lab.databasePath + ".keys/" + keys[0])
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect((attributes[.size] as? Int) == 32)
    }
}
