import Foundation
import Testing

// Mirrors Sources/ketnoi/CLI/Output.swift: every --json document is {schema, kind, data}.

@Suite("--json documents: schema 1 and the right kind")
struct JSONOutputTests {
    /// A sandbox with the bundled wards and hotspots imported.
    func cantho() throws -> Sandbox {
        let sandbox = try Sandbox()
        try #require(try sandbox.run(["areas", "import", Paths.wardsCSV]).status == 0)
        try #require(try sandbox.run(["hotspots", "import", Paths.hotspotsCSV]).status == 0)
        return sandbox
    }

    @Test func areasListIsAnArrayOfAreas() throws {
        let sandbox = try cantho()
        let document = try sandbox.json(["areas", "list"])

        #expect(document.schema == 1)
        #expect(document.kind == "areas")
        #expect(document.list.count == 103)
        let first = try #require(document.list.first)
        #expect(first["code"] as? String == "31120")
        #expect(first["name"] as? String == "Phường Cái Khế")
        #expect(first["kind"] as? String == "phường")
        #expect(first["publishedAreaKm2"] as? Double == 10.04)
        #expect(first["hasBoundary"] as? Bool == false)
    }

    @Test func areasListKindFilters() throws {
        let sandbox = try cantho()
        let wards = try sandbox.json(["areas", "list", "--kind", "phường"])
        let communes = try sandbox.json(["areas", "list", "--kind", "xã"])

        #expect(wards.list.count == 31)
        #expect(communes.list.count == 72)
    }

    @Test func areasShowIsOneArea() throws {
        let sandbox = try cantho()
        let document = try sandbox.json(["areas", "show", "31135"])

        #expect(document.schema == 1)
        #expect(document.kind == "area")
        let area = try #require(document.data["area"] as? [String: Any])
        #expect(area["code"] as? String == "31135")
        #expect(area["name"] as? String == "Phường Ninh Kiều")
        let hotspots = try #require(document.data["hotspots"] as? [[String: Any]])
        #expect(area["hotspots"] as? Int == hotspots.count)
        #expect(document.data["groups"] as? [Any] != nil)
    }

    @Test func hotspotsListIsAnArrayOfHotspots() throws {
        let sandbox = try cantho()
        let document = try sandbox.json(["hotspots", "list"])

        #expect(document.schema == 1)
        #expect(document.kind == "hotspots")
        #expect(document.list.count == 56)
        #expect(document.list.allSatisfy { $0["source"] as? String == "sample" })
    }

    @Test func hotspotsListOfAnUnknownAreaExits66() throws {
        let sandbox = try cantho()
        let outcome = try sandbox.run(["--json", "hotspots", "list", "--area", "99999"])

        #expect(outcome.status == 66)
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == ["ketnoi: error: no area with code '99999'"])
    }

    @Test func hotspotsShowIsOneHotspot() throws {
        let sandbox = try cantho()
        let code = try #require(sandbox.json(["hotspots", "list"]).list.first?["code"] as? String)
        let document = try sandbox.json(["hotspots", "show", code])

        #expect(document.schema == 1)
        #expect(document.kind == "hotspot")
        #expect(document.data["code"] as? String == code)
    }

    @Test func hotspotsAddIsTheSavedHotspot() throws {
        let sandbox = try cantho()
        let document = try sandbox.json([
            "hotspots", "add", "--code", "T-1", "--name", "Thư viện", "--lat", "10.03",
            "--lon", "105.78", "--capacity", "40",
        ])

        #expect(document.schema == 1)
        #expect(document.kind == "hotspot")
        #expect(document.data["code"] as? String == "T-1")
        #expect(document.data["name"] as? String == "Thư viện")
        #expect(document.data["latitude"] as? Double == 10.03)
        #expect(document.data["longitude"] as? Double == 105.78)
        #expect(document.data["capacity"] as? Int == 40)
        #expect(document.data["source"] as? String == "manual")
    }

    /// An import of each kind of file, and the report's counts.
    struct ImportCase: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let file: String
        let contents: String
        let rowsRead: Int
        let created: Int

        var testDescription: String { arguments.joined(separator: " ") + " " + file }
    }

    static let imports: [ImportCase] = [
        ImportCase(
            arguments: ["hotspots", "import"], file: "hotspots.csv",
            contents: "code,name,lat,lon\nC-1,Chợ,10.03,105.78\nC-2,Bến,10.04,105.79\n",
            rowsRead: 2, created: 2),
        ImportCase(
            arguments: ["hotspots", "import"], file: "hotspots.json",
            contents: #"[{"code": "J-1", "name": "Thư viện", "lat": 10.03, "lon": 105.78}]"#,
            rowsRead: 1, created: 1),
        ImportCase(
            arguments: ["hotspots", "import"], file: "hotspots.geojson",
            contents: #"{"type": "FeatureCollection", "features": [{"type": "Feature", "#
                + #""geometry": {"type": "Point", "coordinates": [105.78, 10.03]}, "#
                + #""properties": {"code": "G-1", "name": "Công viên"}}]}"#,
            rowsRead: 1, created: 1),
        ImportCase(
            arguments: ["areas", "import"], file: "areas.csv",
            contents: "code,name,kind,area_km2,centroid_lat,centroid_lon,population,"
                + "population_source\n"
                + "99001,Phường Thử,phường,1.5,10.03,105.78,,\n",
            rowsRead: 1, created: 1),
        ImportCase(
            arguments: ["areas", "import"], file: "areas.geojson",
            contents: #"{"type": "FeatureCollection", "features": [{"type": "Feature", "#
                + #""geometry": {"type": "Polygon", "coordinates": [[[105.77, 10.02], "#
                + #"[105.79, 10.02], [105.79, 10.04], [105.77, 10.04], [105.77, 10.02]]]}, "#
                + #""properties": {"code": "99002", "name": "Phường Vuông"}}]}"#,
            rowsRead: 1, created: 1),
    ]

    @Test(arguments: imports)
    func importReportCountsWhatWasWritten(_ item: ImportCase) throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write(item.file, item.contents)
        let document = try sandbox.json(item.arguments + [path])

        #expect(document.schema == 1)
        #expect(document.kind == "import-report")
        #expect(document.data["file"] as? String == path)
        #expect(document.data["mode"] as? String == "all-or-nothing")
        #expect(document.data["rowsRead"] as? Int == item.rowsRead)
        #expect(document.data["created"] as? Int == item.created)
        #expect(document.data["updated"] as? Int == 0)
        #expect(document.data["invalidRows"] as? Int == 0)
        #expect(document.data["wrote"] as? Bool == true)
        #expect((document.data["problems"] as? [Any])?.isEmpty == true)
    }

    @Test func populationImportReport() throws {
        let sandbox = try cantho()
        let path = try sandbox.write("population.csv", """
            code,group,value,source,year
            31135,total,60000,estimate for a test,2024
            31135,female,31000,estimate for a test,2024

            """)
        let document = try sandbox.json(["areas", "population", path])

        #expect(document.schema == 1)
        #expect(document.kind == "import-report")
        #expect(document.data["rowsRead"] as? Int == 2)
        #expect(document.data["wrote"] as? Bool == true)
        let area = try sandbox.json(["areas", "show", "31135"])
        let groups = try #require(area.data["groups"] as? [[String: Any]])
        #expect(groups.map { $0["group"] as? String } == ["female"])
        #expect((area.data["area"] as? [String: Any])?["population"] as? Int == 60000)
    }

    @Test func failedImportReportListsProblemsAndExits65() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write(
            "bad.csv", "code,name,lat,lon\nB-1,Bến,10.03,105.78\nB-2,Sai,abc,105.78\n")
        let outcome = try sandbox.run(["--json", "hotspots", "import", path])

        #expect(outcome.status == 65, "\(outcome)")
        let document = try JSONObject.parse(outcome.stdout)
        #expect(document.kind == "import-report")
        #expect(document.data["wrote"] as? Bool == false)
        #expect(document.data["invalidRows"] as? Int == 1)
        let problems = try #require(document.data["problems"] as? [[String: Any]])
        #expect(problems.count == 1)
        #expect(problems.first?["line"] as? Int == 3)
        #expect(problems.first?["message"] as? String
            == "\(path):3: latitude: 'abc' is not a number")
        #expect(outcome.stderrLines
            == ["ketnoi: error: 1 invalid row(s) in \(path); nothing written"])
        #expect(try sandbox.hotspotCount() == 0)
    }

    @Test func dbInfoCountsTheTables() throws {
        let sandbox = try cantho()
        let document = try sandbox.json(["db", "info"])

        #expect(document.schema == 1)
        #expect(document.kind == "db-info")
        #expect(document.data["path"] as? String == sandbox.database)
        // Five schema modules, one migration each: places, fleet, usage, coverage, learning.
        #expect(document.data["schemaVersion"] as? Int == 5)
        let tables = try #require(document.data["tables"] as? [String: Int])
        #expect(tables["areas"] == 103)
        #expect(tables["hotspots"] == 56)
        #expect(tables["schema_migrations"] == 5)
        #expect(tables["access_points"] == 0)
    }

    @Test func dbCheckReportsOk() throws {
        let sandbox = try cantho()
        let document = try sandbox.json(["db", "check"])

        #expect(document.schema == 1)
        #expect(document.kind == "db-check")
        #expect(document.data["ok"] as? Bool == true)
        #expect(document.data["path"] as? String == sandbox.database)
        #expect((document.data["integrity"] as? [Any])?.isEmpty == true)
        #expect((document.data["foreignKeys"] as? [Any])?.isEmpty == true)
    }

    @Test func jsonIsTheWholeStdout() throws {
        let sandbox = try cantho()
        let outcome = try sandbox.run(["--json", "areas", "list"])

        #expect(outcome.stdout.hasPrefix("{"))
        #expect(outcome.stdout.hasSuffix("}\n"))
        #expect(outcome.stderr == "")
    }
}
