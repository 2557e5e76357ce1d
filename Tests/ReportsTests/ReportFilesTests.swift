import Equity
import Foundation
import Geo
import Tabular
import Testing
@testable import Reports

@Suite struct ReportFilesTests {
    let files = Dictionary(uniqueKeysWithValues: ReportFiles.render(hostileModel()).map {
        ($0.name, $0.contents)
    })

    @Test func everyFileIsThere() {
        #expect(files.keys.sorted() == [
            "data-dictionary.md", "hotspots.csv", "index.html", "indicators.csv", "wards.csv",
            "wards.geojson",
        ])
    }

    @Test func wardsCSVReadsBackWithTheSameFields() throws {
        let document = try CSVReader.read(
            data: Data((files["wards.csv"] ?? "").utf8), source: "wards.csv")
        #expect(document.header == [
            "code", "name", "kind", "status", "rank", "population", "hotspots", "coverage_pct",
            "accessibility", "saturation", "devices_per_1000", "learners_per_1000",
            "completion_pct",
        ])
        #expect(document.records.count == 3)
        #expect(document.records[0].fields == [
            "31120", "Phường <b>Cái Khế</b>", "phường", "underserved", "1", "40000", "2", "25",
            "", "", "", "", "",
        ])
        #expect(document.value(document.records[1], "name") == "Xã \"An, Bình\"")
        #expect(document.value(document.records[1], "learners_per_1000") == "<10")
        #expect(document.value(document.records[2], "status") == "unserved")
    }

    @Test func hotspotsAndIndicatorsCSV() throws {
        let hotspots = try CSVReader.read(
            data: Data((files["hotspots.csv"] ?? "").utf8), source: "hotspots.csv")
        #expect(hotspots.records.map { hotspots.value($0, "code") } == [
            "CT-001", "CT-002", "CT-003",
        ])
        #expect(hotspots.value(hotspots.records[0], "ssids")
            == "<script>alert(1)</script>;CanTho Free")
        #expect(hotspots.value(hotspots.records[0], "lat") == "10.02")
        #expect(hotspots.value(hotspots.records[2], "lat") == "")

        let indicators = try CSVReader.read(
            data: Data((files["indicators.csv"] ?? "").utf8), source: "indicators.csv")
        #expect(indicators.records.map(\.fields) == [
            ["31120 women", "enrolled", "<10", "<10", "40000", "count", "enrollments", ""],
            ["city", "gini", "0.325", "1560000", "4800000", "index", "coverage", ""],
        ])
    }

    @Test func geoJSONReadsBackWithGeometryAndProperties() throws {
        let text = try #require(files["wards.geojson"])
        let features = try GeoJSON.readFeatures(data: Data(text.utf8), source: "wards.geojson")
        #expect(features.map(\.id) == ["31120", "31135", "31150"])
        #expect(features.allSatisfy { $0.problems.isEmpty })
        guard case .multiPolygon(let shape)? = features[0].geometry else {
            Issue.record("the first ward is not a MultiPolygon")
            return
        }
        #expect(shape.polygons[0].exterior.points.count == 5)
        #expect(features[2].geometry == .point(Coordinate(latitude: 9.95, longitude: 105.75)))
        #expect(features[0].properties["population"] == .number(40_000))
        #expect(features[0].properties["code"] == .string("31120"))
        #expect(features[1].properties["learners_per_1000"] == .string("<10"))
        #expect(features[0].properties["saturation"] == .null)
        #expect(!text.contains("\"crs\""))
        #expect(text.contains("[105.7,10],[105.75,10]"))
    }

    @Test func dataDictionaryDescribesEveryColumn() throws {
        let dictionary = try #require(files["data-dictionary.md"])
        for name in ["wards.csv", "hotspots.csv", "indicators.csv"] {
            let header = try CSVReader.read(
                data: Data((files[name] ?? "").utf8), source: name).header
            #expect(dictionary.contains("## \(name)"))
            for column in header {
                #expect(dictionary.contains("| `\(column)` | "), "\(name): \(column)")
            }
        }
        #expect(dictionary.contains("**Sample data.**"))
        #expect(dictionary.contains("## wards.geojson"))
    }

    @Test func writesEveryFileIntoTheFolder() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("ketnoi-report-\(UUID().uuidString)/report")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try ReportFiles.write(hostileModel(), to: folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == files.keys.sorted())
        let page = try String(
            contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(page == files["index.html"])
    }
}

@Suite struct FewDevicesTests {
    /// A hotspot with fewer than 10 devices a day (published): `<10` in hotspots.csv, the
    /// page's table and the dot's label, and a dot the size of 10 devices, whatever the figure.
    @Test func fewDevicesAreHiddenEverywhereTheHotspotShows() throws {
        var model = hostileModel()
        model.hotspots[1] = HotspotRow(
            code: "CT-002", name: "Chợ 'đêm'", location: Coordinate(
                latitude: 10.07, longitude: 105.82), wardCode: "31135", dailyDevices: 3,
            fewDevices: true)
        #expect(model.hotspots[1].dailyDevices == nil)
        let files = Dictionary(uniqueKeysWithValues: ReportFiles.render(model).map {
            ($0.name, $0.contents)
        })
        let hotspots = try CSVReader.read(
            data: Data((files["hotspots.csv"] ?? "").utf8), source: "hotspots.csv")
        #expect(hotspots.value(hotspots.records[1], "daily_devices") == "<10")
        #expect(hotspots.value(hotspots.records[0], "daily_devices") == "400")
        let page = files["index.html"] ?? ""
        #expect(page.contains("<td class=\"num\">&lt;10</td>"))
        #expect(page.contains("Chợ &#39;đêm&#39; (CT-002): fewer than 10 devices a day"))
        #expect(!page.contains("3 devices a day"))
        // r² grows with use: 2.5² + (9² − 2.5²) × 10/400.
        let ten = (6.25 + (81 - 6.25) * 10 / 400).squareRoot()
        #expect(page.contains("r=\"\(Format.coordinate(ten))\"><title>Chợ"))
    }
}
