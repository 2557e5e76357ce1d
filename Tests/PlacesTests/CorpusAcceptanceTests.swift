import Foundation
import Geo
import Places
import Storage
import Testing

/// Acceptance on real inputs from ../shared/corpus. They are skipped, saying why, only where
/// that folder is absent (it is always there beside a checkout and in CI).
@Suite(.enabled(if: Paths.corpusPresent, "../shared/corpus is absent beside this checkout"))
struct CorpusAcceptanceTests {
    static let nycMap: [HotspotField: String] = [
        .name: "Name", .lat: "Latitude", .lon: "Longitude", .address: "Location",
    ]
    static let bostonMap: [HotspotField: String] = [
        .code: "device_serial", .name: "device_connectedto", .lat: "device_lat",
        .lon: "device_long", .address: "device_address",
    ]

    @Test func cantho2025WardsImportWithGeodesicAreas() throws {
        let fixture = try TemporaryDatabase()
        let report = try AreaImporter(fixture.db).importFile(
            Paths.corpus("geo/cantho-2025-wards.geojson"), options: AreaImportOptions())
        #expect(report.problems.isEmpty)
        #expect(report.created == 103)
        let areas = try AreaStore(fixture.db).all()
        #expect(areas.count == 103)
        #expect(areas.filter { $0.kind == "phường" }.count == 31)
        #expect(areas.filter { $0.kind == "xã" }.count == 72)
        #expect(areas.allSatisfy { $0.hasBoundary })

        let total = areas.compactMap(\.computedAreaKm2).reduce(0, +)
        #expect(abs(total - 6_360.83) / 6_360.83 < 0.005)
        #expect(abs(total - 6_353) < 5)

        // The polygons and the published figures draw shores and river banks differently.
        let warned = report.warnings.compactMap { $0.split(separator: " ").dropFirst().first }
        #expect(warned.count == 8)
        #expect(report.warnings.allSatisfy { $0.contains("differs from the published") })
    }

    @Test func reimportUpdatesByCodeAndKeepsPopulation() throws {
        let fixture = try TemporaryDatabase()
        let importer = AreaImporter(fixture.db)
        let csv = try importer.importFile(
            Paths.bundled("hotspots/cantho/wards.csv"), options: AreaImportOptions())
        #expect(csv.created == 103)
        let before = try #require(try AreaStore(fixture.db).find(code: "31135"))
        #expect(before.hasBoundary == false)
        #expect(before.publishedAreaKm2 == 5.42)

        let geo = try importer.importFile(
            Paths.corpus("geo/cantho-2025-wards.geojson"), options: AreaImportOptions())
        #expect(geo.created == 0)
        #expect(geo.updated == 103)
        let after = try #require(try AreaStore(fixture.db).find(code: "31135"))
        #expect(after.hasBoundary)
        #expect(after.name == "Ninh Kiều")
        #expect(after.kind == "phường")
        #expect(after.publishedAreaKm2 == 5.42)
    }

    @Test func newYorkListImportsOrListsEveryRow() throws {
        let fixture = try TemporaryDatabase()
        var options = HotspotImportOptions()
        options.mapping = Self.nycMap
        let path = Paths.corpus("hotspots/nyc-wi-fi-hotspot-locations.csv")

        let strict = try HotspotImporter(fixture.db).importFile(path, options: options)
        #expect(strict.rowsRead == 3_167)
        #expect(strict.wrote == false)
        #expect(try HotspotStore(fixture.db).count() == 0)
        let duplicates = strict.problems.filter { $0.reason.hasSuffix("same name and coordinates") }
        #expect(duplicates.count == 158)
        #expect(strict.invalidRows == 158)

        options.mode = .skipInvalid
        let report = try HotspotImporter(fixture.db).importFile(path, options: options)
        #expect(report.created + report.invalidRows == 3_167)
        #expect(report.created == 3_009)
        let names = Set(try HotspotStore(fixture.db).all().map(\.name))
        #expect(names.contains("50th St. ΓÇô 8th Avenue - C, E"))
        // A row without a name is named from its address.
        #expect(names.contains("162 Flatbush Ave. Extension (Pole)"))
    }

    @Test func bostonListRefusesNullIslandAndFarRows() throws {
        let fixture = try TemporaryDatabase()
        var options = HotspotImportOptions()
        options.mapping = Self.bostonMap
        let path = Paths.corpus("hotspots/boston-wicked-free-wifi.csv")

        let strict = try HotspotImporter(fixture.db).importFile(path, options: options)
        #expect(strict.wrote == false)
        #expect(try HotspotStore(fixture.db).count() == 0)
        let nullIsland = strict.problems.filter { $0.reason.contains("null island") }.compactMap(
            \.line)
        #expect(nullIsland == [4, 191, 193, 195, 196, 197, 198, 200, 201, 202, 204, 205, 208, 209])
        let far = strict.problems.filter { $0.reason.contains("from the median") }.compactMap(
            \.line)
        #expect(far == [3, 44, 189, 190, 192, 203, 206, 207])
        #expect(strict.problems.count == 22)

        options.mode = .skipInvalid
        let report = try HotspotImporter(fixture.db).importFile(path, options: options)
        #expect(report.created == 245 - 22)
    }

    @Test func hotspotsArePlacedInTheWardPolygonThatContainsThem() throws {
        let fixture = try TemporaryDatabase()
        _ = try AreaImporter(fixture.db).importFile(
            Paths.corpus("geo/cantho-2025-wards.geojson"), options: AreaImportOptions())
        let report = try HotspotImporter(fixture.db).importFile(
            Paths.bundled("hotspots/cantho/hotspots.csv"), options: HotspotImportOptions())
        #expect(report.problems.isEmpty, "\(report.problems)")
        let hotspots = try HotspotStore(fixture.db).all()
        #expect(hotspots.count >= 40)
        #expect(hotspots.allSatisfy { !$0.areaApproximate && $0.areaCode != nil })
        #expect(Set(hotspots.compactMap(\.areaCode)).count >= 12)
        let wharf = try #require(try HotspotStore(fixture.db).find(code: "CT-001"))
        #expect(wharf.areaCode == "31135")

        // A Cần Thơ point given with its coordinates swapped is named as such.
        let swapped = try fixture.write("swapped.csv", "name,lat,lon\nBến,105.7876,10.0339\n")
        let refused = try HotspotImporter(fixture.db).importFile(
            swapped, options: HotspotImportOptions())
        #expect(
            refused.problems.map(\.description) == [
                "\(swapped):2: latitude, longitude: 105.7876, 10.0339 looks swapped: "
                    + "105.7876 is not a latitude; did you mean 10.0339, 105.7876?"
            ])
        let far = try fixture.write("far.csv", "name,lat,lon\nHà Nội,21.0278,105.8342\n")
        let farReport = try HotspotImporter(fixture.db).importFile(
            far, options: HotspotImportOptions())
        #expect(farReport.problems.count == 1)
        #expect(
            farReport.problems.first?.reason.contains("far outside every imported area") == true)
    }
}
