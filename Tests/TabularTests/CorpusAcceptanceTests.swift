import Foundation
import Testing
@testable import Tabular

/// `shared/corpus/hotspots` beside the package root (…/main/Tests/TabularTests/this file →
/// …/shared/corpus/hotspots). Symlinks are resolved so a scratch package that links the test
/// folder still finds the corpus of the real checkout.
private let hotspotsCorpus: String = {
    let file = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    let packageRoot = file.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/corpus/hotspots").path
}()

private let corpusPresent = FileManager.default.fileExists(atPath: hotspotsCorpus)

// The corpus lives outside the package (shared/corpus, city open-data files that must not ship
// with the product); these tests are skipped where the checkout has no shared folder.
@Suite(
    "Real open-data files",
    .enabled(if: corpusPresent, "shared/corpus/hotspots is absent beside the package root")
)
struct CorpusAcceptanceTests {
    @Test func nycHotspotsReadInFull() throws {
        let path = hotspotsCorpus + "/nyc-wi-fi-hotspot-locations.csv"
        let clock = ContinuousClock()
        var document: CSVDocument?
        let elapsed = try clock.measure {
            document = try CSVReader.read(path: path)
        }
        let nyc = try #require(document)
        #expect(elapsed < .seconds(1), "read took \(elapsed)")
        print("nyc-wi-fi-hotspot-locations.csv read in \(elapsed)")

        #expect(nyc.records.count == 3167)
        #expect(nyc.header.count == 29)
        #expect(nyc.header.first == "OBJECTID")
        #expect(nyc.header.last == "Location (Lat, Long)")
        #expect(nyc.hadByteOrderMark == false)
        #expect(nyc.delimiter == ",")
        #expect(nyc.records.first?.line == 2)
        #expect(nyc.records.last?.line == 3168)

        // Mojibake (UTF-8 read as CP437, saved again) is valid UTF-8 and kept as written.
        let mojibake = "50th St. ΓÇô 8th Avenue - C, E"
        #expect(nyc.records.contains { $0.fields.contains(mojibake) })

        let dictionary = try #require(nyc.value(nyc.records[0], "Location (Lat, Long)"))
        #expect(dictionary.hasPrefix("{'latitude': '"))
        #expect(dictionary.contains("'needs_recoding': False}"))
        let emptyNames = nyc.records.filter { nyc.value($0, "Name") == "" }
        #expect(emptyNames.count == 258)
    }

    @Test func bostonHotspotsHaveBOMAndMultilineAddresses() throws {
        let boston = try CSVReader.read(path: hotspotsCorpus + "/boston-wicked-free-wifi.csv")
        #expect(boston.hadByteOrderMark)
        #expect(boston.header.first == "X")
        #expect(boston.header.first.map(scalars) == [0x58])
        #expect(boston.header.count == 17)
        #expect(boston.records.count == 245)

        let addresses = boston.records.compactMap { boston.value($0, "device_address") }
        let multiline = addresses.filter { $0.utf8.contains(0x0A) }
        #expect(multiline.count == 7)
        #expect(multiline.contains("460 Cambridge St\n\nBoston, MA 02134")
            || multiline.contains("460 Cambridge St\r\n\r\nBoston, MA 02134"))
        #expect(boston.records.contains { boston.value($0, "device_tags") == " recently-added " })
    }
}
