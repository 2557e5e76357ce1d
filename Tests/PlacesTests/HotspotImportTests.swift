import Foundation
import Geo
import Places
import Storage
import Testing

@Suite struct HotspotImportTests {
    let header = "code,name,latitude,longitude,environment,capacity,address\n"

    @Test func everyBadRowIsListedAndNothingIsWritten() throws {
        let fixture = try TemporaryDatabase()
        let path = try fixture.write("bad.csv", header + """
            H1,Bến Ninh Kiều,10.0339,105.7876,dense-urban,200,Hai Bà Trưng
            H2,Chợ,abc,105.78,urban,50,
            H3,Null,0,0,urban,50,
            H4,Swapped,105.7876,10.0339,urban,50,
            H5,Far,10.0,-120.0,urban,50,
            H6,Bad class,10.03,105.78,city,50,
            H7,Bad capacity,10.03,105.79,urban,-3,
            ,,10.04,105.78,urban,50,
            H1,Again,10.05,105.77,urban,50,
            H9,Bến Ninh Kiều,10.0339,105.7876,urban,10,

            """)
        let report = try HotspotImporter(fixture.db).importFile(
            path, options: ImportMode.allOrNothing.options)
        #expect(report.rowsRead == 10)
        #expect(report.wrote == false)
        #expect(try HotspotStore(fixture.db).count() == 0)
        #expect(
            report.problems.map(\.description) == [
                "\(path):3: latitude: 'abc' is not a number",
                "\(path):4: latitude, longitude: 0, 0 is 'null island', "
                    + "a placeholder for a missing location",
                "\(path):5: latitude, longitude: 105.7876, 10.0339 looks swapped: "
                    + "105.7876 is not a latitude; did you mean 10.0339, 105.7876?",
                "\(path):6: latitude, longitude: 10, -120 is 14499 km from the median "
                    + "of the file's points (10.0339, 105.7788); more than 50.0 km",
                "\(path):7: environment: 'city' is not one of dense-urban, urban, suburban, rural",
                "\(path):8: capacity: '-3' is not a number of concurrent users (1 to 100000)",
                "\(path):9: name: empty, and no address or code to name it from",
                "\(path):10: code: 'H1' repeats line 2",
                "\(path):11: duplicate of line 2: same name and coordinates",
            ])
        #expect(report.invalidRows == 9)
    }

    @Test func skipInvalidWritesTheValidRows() throws {
        let fixture = try TemporaryDatabase()
        let path = try fixture.write("mixed.csv", header + """
            H1,Bến Ninh Kiều,10.0339,105.7876,dense-urban,200,Hai Bà Trưng
            H2,Null,0,0,urban,50,
            H3,Chợ Cái Răng,10.0040,105.7660,urban,80,

            """)
        let report = try HotspotImporter(fixture.db).importFile(
            path, options: ImportMode.skipInvalid.options)
        #expect(report.created == 2)
        #expect(report.skipped == 1)
        let stored = try HotspotStore(fixture.db).all()
        #expect(stored.map(\.code) == ["H1", "H3"])
        #expect(stored[0].name == "Bến Ninh Kiều")
        #expect(stored[0].environment == .denseUrban)
        #expect(stored[0].capacity == 200)
        #expect(stored[0].address == "Hai Bà Trưng")
        #expect(stored[0].source == "mixed.csv")
    }

    @Test func dryRunWritesNothingEvenWhenValid() throws {
        let fixture = try TemporaryDatabase()
        let path = try fixture.write("ok.csv", header + "H1,A,10.03,105.78,urban,50,\n")
        let report = try HotspotImporter(fixture.db).importFile(
            path, options: ImportMode.dryRun.options)
        #expect(report.problems.isEmpty)
        #expect(report.wrote == false)
        #expect(try HotspotStore(fixture.db).count() == 0)
    }

    @Test func reimportUpdatesByCodeAndByNameAndPlace() throws {
        let fixture = try TemporaryDatabase()
        let first = try fixture.write(
            "a.csv", "name,lat,lon,capacity\nChợ nổi Cái Răng,10.0040,105.7660,80\n")
        let importer = HotspotImporter(fixture.db)
        var report = try importer.importFile(first, options: ImportMode.allOrNothing.options)
        #expect(report.created == 1)
        let second = try fixture.write(
            "b.csv", "name,lat,lon,capacity\nChợ nổi Cái Răng,10.0040,105.7660,120\n")
        report = try importer.importFile(second, options: ImportMode.allOrNothing.options)
        #expect(report.created == 0)
        #expect(report.updated == 1)
        let stored = try HotspotStore(fixture.db).all()
        #expect(stored.count == 1)
        #expect(stored[0].code == "H00001")
        #expect(stored[0].capacity == 120)
    }

    @Test func mapNamesForeignColumnsAndUnknownFieldsAreRefused() throws {
        #expect(try HotspotImportOptions.parseMapping("name=Name,lat=Latitude,lon=Longitude")
            == [.name: "Name", .lat: "Latitude", .lon: "Longitude"])
        #expect(throws: ImportFailure.self) { try HotspotImportOptions.parseMapping("colour=Red") }
        do {
            _ = try HotspotImportOptions.parseMapping("colour=Red")
        } catch {
            #expect(
                error.description
                    == "--map: unknown field 'colour' (fields: code, name, lat, lon, ward, "
                    + "environment, capacity, address, source)"
            )
        }
        let fixture = try TemporaryDatabase()
        let path = try fixture.write("foreign.csv", "Site,Y,X\nA,10.03,105.78\n")
        var options = HotspotImportOptions()
        options.mapping = [.name: "Site", .lat: "Y", .lon: "Missing"]
        do {
            _ = try HotspotImporter(fixture.db).importFile(path, options: options)
            Issue.record("expected a failure")
        } catch let failure as ImportFailure {
            #expect(
                failure.description
                    == "\(path): --map lon=Missing: no such column (columns: Site, Y, X)")
        }
    }

    @Test func jsonArraysAndGeoJSONPointsImport() throws {
        let fixture = try TemporaryDatabase()
        let json = try fixture.write("h.json", """
            [{"code": "J1", "name": "Bến xe", "latitude": 10.0125, "longitude": 105.7610, "capacity": 90},
             {"code": "J2", "name": "Null", "latitude": 0, "longitude": 0}]
            """)
        var report = try HotspotImporter(fixture.db).importFile(
            json, options: ImportMode.skipInvalid.options)
        #expect(report.created == 1)
        #expect(
            report.problems.map(\.description)
                == [
                    "\(json): item 2: latitude, longitude: 0, 0 is 'null island', "
                        + "a placeholder for a missing location"
                ])
        let geojson = try fixture.write(
            "h.geojson",
            """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"code": "G1", "name": "Công viên"},
               "geometry": {"type": "Point", "coordinates": [105.7827, 10.0319]}}]}
            """)
        report = try HotspotImporter(fixture.db).importFile(
            geojson, options: ImportMode.allOrNothing.options)
        #expect(report.created == 1)
        let park = try #require(try HotspotStore(fixture.db).find(code: "G1"))
        #expect(park.coordinate == Coordinate(latitude: 10.0319, longitude: 105.7827))
    }

    @Test func spreadsheetSavesImportWithTheSameNamesAsTheirUTF8Twin() throws {
        var names: [[String]] = []
        for file in [
            "hotspots-utf8.csv", "hotspots-excel-utf8-bom.csv", "hotspots-excel-cp1258.csv",
        ] {
            let fixture = try TemporaryDatabase()
            var areas = AreaImportOptions()
            areas.mode = .allOrNothing
            _ = try AreaImporter(fixture.db).importFile(
                Paths.bundled("hotspots/cantho/wards.csv"), options: areas)
            var options = HotspotImportOptions()
            if file.hasSuffix("cp1258.csv") { options.csv.encoding = .windows1258 }
            let report = try HotspotImporter(fixture.db).importFile(
                Paths.fixture(file), options: options)
            #expect(report.problems.isEmpty, "\(file): \(report.problems)")
            #expect(report.created == 6)
            let stored = try HotspotStore(fixture.db).all()
            names.append(stored.map(\.name) + stored.map { $0.address ?? "" })
            #expect(stored.first?.coordinate == Coordinate(latitude: 10.0339, longitude: 105.7876))
        }
        #expect(names[0].contains("Bến Ninh Kiều"))
        #expect(names[1] == names[0])
        #expect(names[2] == names[0])
    }
}
