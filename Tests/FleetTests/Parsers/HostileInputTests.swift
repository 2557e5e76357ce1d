// Every parser against hostile input: empty, cut at every byte, random bytes, the kind list.

import Foundation
import Testing

@testable import Fleet

@Suite("Hostile input to every parser")
struct HostileInputTests {

    /// Parses with `kind` and only checks that the outcome is a value or a ParseError.
    static func survive(_ kind: String, _ input: [UInt8]) -> Bool {
        do {
            _ = try OutputParser.parse(kind: kind, input)
            return true
        } catch is ParseError {
            return true
        } catch {
            return false
        }
    }

    @Test("empty output: station lists are empty, everything else is a named error")
    func emptyOutput() throws {
        let emptyIsZero: Set = ["iw-station-dump", "iwinfo-assoclist",
                                "routeros-registration-table", "ubus-list"]
        for kind in OutputParser.kinds {
            if emptyIsZero.contains(kind) {
                let parsed = try OutputParser.parse(kind: kind, [])
                switch parsed {
                case .stations(let stations): #expect(stations.value.isEmpty)
                case .interfaces(let names): #expect(names.value.isEmpty)
                default: Issue.record("unexpected result for \(kind)")
                }
            } else {
                expectParseError(kind, [], reason: "empty output")
                expectParseError(kind, bytes(" \n\t\n"), reason: "empty output")
            }
        }
    }

    @Test("an unknown kind lists the kinds")
    func unknownKind() {
        expectParseError("iwconfig", [], reason: "unknown kind; known kinds: "
            + OutputParser.kinds.joined(separator: ", "))
        #expect(OutputParser.kinds.count == 15)
        #expect(Set(OutputParser.kinds).count == OutputParser.kinds.count)
    }

    @Test(
        "every prefix of a sample, under every kind, parses or fails named",
        .enabled(if: APCorpus.isPresent, "the shared corpus ../shared/corpus/apcmd is not present")
    )
    func everyPrefix() throws {
        // The text sample goes through every kind; the JSON one through the JSON kinds.
        let cases = [
            ("r_openwrt_iw_station_dump_modern_mt7916.txt", OutputParser.kinds),
            ("r_openwrt_hostapd_get_clients_redacted_mac.txt",
             ["hostapd-get-clients", "ubus-system-board", "mca-dump"]),
        ]
        for (name, kinds) in cases {
            let sample = try APCorpus.sample(name)
            var failures: [String] = []
            for length in 0...sample.count {
                let prefix = Array(sample.prefix(length))
                for kind in kinds where !Self.survive(kind, prefix) {
                    failures.append("\(name) cut at \(length) as \(kind)")
                }
            }
            #expect(failures == [])
        }
    }

    @Test("every prefix of a one-station dump gives at most one station")
    func prefixesOfOneStation() throws {
        let sample = bytes(IwStationDumpParserTests.block
            .replacingOccurrences(of: "%@", with: "1"))
        for length in 0...sample.count {
            let parsed = try IwStationDumpParser.parse(Array(sample.prefix(length)))
            #expect(parsed.value.count <= 1)
        }
    }

    @Test("random bytes, seeded, under every kind")
    func randomBytes() {
        var generator = SplitMix64(seed: 0x6B65_746E_6F69)
        let alphabet = Array("{}[]\":,0123456789-. \n\tStation signal:inactive time=ESSID\"xx"
            .utf8)
        for round in 0..<300 {
            let length = Int(generator.next() % 600)
            let input: [UInt8] = (0..<length).map { _ in
                let value = generator.next()
                // Half the rounds draw from output-like bytes, to reach deeper states.
                return round % 2 == 0 ? UInt8(truncatingIfNeeded: value)
                    : alphabet[Int(value % UInt64(alphabet.count))]
            }
            let failed = OutputParser.kinds.filter { !Self.survive($0, input) }
            #expect(failed == [], "round \(round)")
        }
    }

    @Test("deep nesting and long lines are bounded")
    func deepAndLong() throws {
        let deep = bytes(String(repeating: "[", count: 100_000))
        let long = bytes("wlan0     ESSID: \"" + String(repeating: "A", count: 200_000) + "\"\n")
        for kind in OutputParser.kinds {
            #expect(Self.survive(kind, deep))
            #expect(Self.survive(kind, long))
        }
        let parsed = try IwinfoParser.info(long)
        #expect(parsed.value.first?.networks.first?.ssid?.bytes.count == 32)
        #expect(warnedFields(parsed.warnings) == ["output", "line 1"])
    }

    @Test("error excerpts never carry a MAC address")
    func excerptMasksMACs() {
        #expect(excerpt("no station a4:83:e7:01:02:03 here") == "no station <mac> here")
        expectParseError("ubus-system-info", bytes("Station a4:83:e7:01:02:03 (on wlan0)\n"),
                         reason: "no JSON object in the output; it begins: "
                            + "\"Station <mac> (on wlan0)\"")
    }
}

/// A small seeded generator (SplitMix64) so that random tests repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
