import Foundation
import Testing

// Mirrors Sources/ketnoi/Commands/AreaCommands.swift: `ketnoi areas …` through the binary.

@Suite("ketnoi areas")
struct AreaCommandsTests {
    static let squareWard = #"""
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"code": "99002", "name": "Phường Vuông"},
           "geometry": {"type": "Polygon", "coordinates": [[[105.77, 10.02], [105.79, 10.02],
             [105.79, 10.04], [105.77, 10.04], [105.77, 10.02]]]}}
        ]}
        """#

    @Test func bundledWardsImportAsCentrePoints() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["areas", "import", Paths.wardsCSV])
        let list = try sandbox.run(["areas", "list"])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout
            == "\(Paths.wardsCSV): 103 rows read; areas 103 created, 0 updated\n")
        #expect(outcome.stderr == "")
        #expect(list.stdoutLines.first
            == "code   name                 kind       km²  published km²  population  hotspots  "
                + "boundary")
        #expect(list.stdoutLines.last == "103 areas (31 phường, 72 xã), 6360.82 km²")
    }

    @Test func reimportUpdatesByCode() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["areas", "import", Paths.wardsCSV])
        let again = try sandbox.run(["areas", "import", Paths.wardsCSV])

        #expect(again.status == 0)
        #expect(again.stdout == "\(Paths.wardsCSV): 103 rows read; areas 0 created, 103 updated\n")
        #expect(try sandbox.json(["areas", "list"]).list.count == 103)
    }

    @Test func aFirstPopulationFigureIsCreatedAndASecondUpdated() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["areas", "import", Paths.wardsCSV])
        let file = try sandbox.write("population.csv", """
            code,group,value,source,year
            31135,total,120000,Ward people's committee 2025,2025
            31135,female,61500,Ward people's committee 2025,2025

            """)
        let first = try sandbox.run(["areas", "population", file])
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout == "\(file): 2 rows read; population figures 2 created, 0 updated\n")
        let again = try sandbox.run(["areas", "population", file])
        #expect(again.stdout == "\(file): 2 rows read; population figures 0 created, 2 updated\n")
    }

    /// A repeat names a line that was taken: the figure after a rejected one is not a repeat.
    @Test func aRepeatNamesATakenLineOnly() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["areas", "import", Paths.wardsCSV])
        let file = try sandbox.write("population.csv", """
            code,group,value,source,year
            31135,total,many,Ward people's committee 2025,2025
            31135,total,120000,Ward people's committee 2025,2025
            31135,total,121000,Ward people's committee 2025,2025

            """)
        let outcome = try sandbox.run(["areas", "population", file])
        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stderr.contains("\(file):2: value"), "\(outcome)")
        #expect(!outcome.stderr.contains("\(file):3:"), "\(outcome)")
        #expect(outcome.stderr.contains("\(file):4: group: 'total' for area 31135 repeats line 3"),
                "\(outcome)")
    }

    @Test func dryRunWritesNothing() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["areas", "import", "--dry-run", Paths.wardsCSV])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout == "\(Paths.wardsCSV): 103 rows read, 103 valid, 0 invalid; "
            + "dry run, nothing written\n")
        #expect(try sandbox.json(["areas", "list"]).list.isEmpty)
    }

    @Test func showPrintsTheFacts() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["areas", "import", Paths.wardsCSV])
        let outcome = try sandbox.run(["areas", "show", "31135"])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdoutLines == [
            "code:          31135",
            "name:          Phường Ninh Kiều",
            "kind:          phường",
            "area:          –",
            "published:     5.42 km²",
            "centre:        10.033050, 105.777390 (centre point; no boundary)",
            "population:    not known",
            "source:        \(Paths.wardsCSV)",
            "hotspots:      0",
        ])
    }

    @Test func showOfAnUnknownCodeExits66() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let outcome = try sandbox.run(["areas", "show", "99999"])

        #expect(outcome.status == 66)
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == ["ketnoi: error: no area with code '99999'"])
    }

    static let listUsage = ["usage: ketnoi areas list [--kind KIND]"]

    @Test(arguments: [("phuong", 31), ("PHƯỜNG", 31), ("xa", 72), ("Xã", 72)])
    func kindIsAcceptedWithoutDiacritics(kind: String, count: Int) throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["areas", "import", Paths.wardsCSV])
        let outcome = try sandbox.run(["areas", "list", "--kind", kind])
        let spelled = count == 31 ? "phường" : "xã"

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdoutLines.count == count + 2)
        #expect(
            outcome.stdoutLines.dropFirst().dropLast().allSatisfy { $0.contains(" \(spelled) ") })
        #expect(try sandbox.json(["areas", "list", "--kind", kind]).list.count == count)
    }

    @Test(arguments: ["thị trấn", "ward", "phuongg"])
    func kindNoAreaHasIsAUsageMistake(kind: String) throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["areas", "import", Paths.wardsCSV])
        let outcome = try sandbox.run(["areas", "list", "--kind", kind])

        #expect(outcome.status == 64, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines
            == ["ketnoi: --kind: no areas of kind '\(kind)' (kinds: phường, xã)"]
                + Self.listUsage)
    }

    @Test func codeFieldNoFeatureHasIsAUsageMistake() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write("square.geojson", Self.squareWard)
        let outcome = try sandbox.run(["areas", "import", "--code-field", "nope", path])

        #expect(outcome.status == 64, "\(outcome)")
        #expect(outcome.stdout == "")
        #expect(outcome.stderrLines == [
            "ketnoi: \(path): no feature has a property 'nope' (properties: code, name)",
        ] + Tree.areasImportUsage)
        #expect(try sandbox.json(["areas", "list"]).list.isEmpty)
    }

    @Test func nameFieldNoFeatureHasIsAUsageMistake() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write("square.geojson", Self.squareWard)
        let outcome = try sandbox.run(["areas", "import", "--name-field", "fullName", path])

        #expect(outcome.status == 64, "\(outcome)")
        #expect(outcome.stderrLines == [
            "ketnoi: \(path): no feature has a property 'fullName' (properties: code, name)",
        ] + Tree.areasImportUsage)
    }

    @Test func populationWithThousandsSeparatorsIsRefusedNotMisread() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write("areas.csv", """
            code,name,kind,area_km2,centroid_lat,centroid_lon,population,population_source
            99001,Phường Thử,phường,1.5,10.03,105.78,120.000,estimate for a test
            99002,Xã Thử,xã,2.5,10.04,105.79,"120,000",estimate for a test

            """)
        let outcome = try sandbox.run(["areas", "import", path])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stdout == "\(path): 2 rows read, 2 invalid; nothing written\n")
        #expect(outcome.stderrLines == [
            "\(path):2: population: '120.000' is not a whole number of people",
            "\(path):3: population: '120,000' is not a whole number of people",
            "ketnoi: error: 2 invalid row(s) in \(path); nothing written",
        ])
        #expect(try sandbox.json(["areas", "list"]).list.isEmpty)
    }

    /// Names are kept as written, so one with a control character (here ESC, which would
    /// drive a terminal) is refused at import, as it is for hotspots.
    @Test func nameWithAControlCharacterIsRefused() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write("areas.csv", """
            code,name,kind,centroid_lat,centroid_lon
            99001,Phường Thử,phường,10.03,105.78
            99003,Xã \u{1B}[31mĐỏ,xã,10.04,105.79

            """)
        let outcome = try sandbox.run(["areas", "import", path])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stdout == "\(path): 2 rows read, 1 invalid; nothing written (fix them, "
            + "or --skip-invalid to import the 1 valid rows)\n")
        #expect(outcome.stderrLines == [
            "\(path):3: name: contains a control character (U+001B); names are kept as written, "
                + "so fix it in the file",
            "ketnoi: error: 1 invalid row(s) in \(path); nothing written",
        ])
        #expect(try sandbox.json(["areas", "list"]).list.isEmpty)
    }

    @Test func polygonAreaIsComputed() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write("square.geojson", Self.squareWard)
        let outcome = try sandbox.run(["areas", "import", path])
        let shown = try sandbox.json(["areas", "show", "99002"])
        let area = try #require(shown.data["area"] as? [String: Any])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(area["hasBoundary"] as? Bool == true)
        // 0.02° × 0.02° at 10° N: about 2.19 km × 2.21 km.
        let km2 = try #require(area["computedAreaKm2"] as? Double)
        #expect(abs(km2 - 4.84) < 0.05, "computed \(km2) km²")
    }

    @Test func badGeometryIsListedByItemAndNothingIsWritten() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.write("bad.geojson", #"""
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"code": "99002", "name": "Hở"},
               "geometry": {"type": "Polygon", "coordinates": [[[105.77, 10.02], [105.79, 10.02],
                 [105.79, 10.04], [105.77, 10.04]]]}},
              {"type": "Feature", "properties": {"code": "99003", "name": "Tốt"},
               "geometry": {"type": "Polygon", "coordinates": [[[105.77, 10.02], [105.79, 10.02],
                 [105.79, 10.04], [105.77, 10.04], [105.77, 10.02]]]}}
            ]}
            """#)
        let outcome = try sandbox.run(["areas", "import", path])

        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stdout == "\(path): 2 rows read, 1 invalid; nothing written (fix them, "
            + "or --skip-invalid to import the 1 valid rows)\n")
        #expect(outcome.stderrLines == [
            "\(path): item 1: geometry: ring 0 of polygon 0 is not closed",
            "ketnoi: error: 1 invalid row(s) in \(path); nothing written",
        ])
        #expect(try sandbox.json(["areas", "list"]).list.isEmpty)

        let skipping = try sandbox.run(["areas", "import", "--skip-invalid", path])
        #expect(skipping.status == 0, "\(skipping)")
        #expect(try sandbox.json(["areas", "list"]).list.map { $0["code"] as? String } == ["99003"])
    }
}

@Suite(
    "ketnoi areas import of the Cần Thơ boundaries",
    .enabled(if: corpusPresent, "needs ../shared/corpus/geo beside the checkout"))
struct CanThoBoundaryImportTests {
    /// The eight wards whose polygons differ from the published area by more than 2 %.
    static let warnings = [
        "ketnoi: warning: area 31120 Cái Khế: computed 9.67 km² differs from the published "
            + "10.04 km² by -3.7 %",
        "ketnoi: warning: area 31168 Bình Thuỷ: computed 15.72 km² differs from the published "
            + "15.17 km² by +3.6 %",
        "ketnoi: warning: area 31174 Thới An Đông: computed 24.53 km² differs from the "
            + "published 25.04 km² by -2.0 %",
        "ketnoi: warning: area 31633 Cù Lao Dung: computed 145.70 km² differs from the published "
            + "150.13 km² by -3.0 %",
        "ketnoi: warning: area 31673 Trần Đề: computed 89.39 km² differs from the published "
            + "93.92 km² by -4.8 %",
        "ketnoi: warning: area 31783 Vĩnh Châu: computed 103.73 km² differs from the published "
            + "98.26 km² by +5.6 %",
        "ketnoi: warning: area 31795 Vĩnh Hải: computed 78.09 km² differs from the published "
            + "83.75 km² by -6.8 %",
        "ketnoi: warning: area 31804 Vĩnh Phước: computed 105.39 km² differs from the "
            + "published 103.15 km² by +2.2 %",
    ]

    @Test func wardsThenBoundariesGive103AreasAndNameTheEightThatDiffer() throws {
        let sandbox = try Sandbox()
        let facts = try sandbox.run(["areas", "import", Paths.wardsCSV])
        let boundaries = try sandbox.run(["areas", "import", Paths.wardsGeoJSON])

        #expect(facts.status == 0, "\(facts)")
        #expect(boundaries.status == 0, "\(boundaries)")
        #expect(boundaries.stdout
            == "\(Paths.wardsGeoJSON): 103 rows read; areas 0 created, 103 updated\n")
        #expect(boundaries.stderrLines == Self.warnings)

        let areas = try sandbox.json(["areas", "list"]).list
        #expect(areas.count == 103)
        #expect(areas.allSatisfy { $0["hasBoundary"] as? Bool == true })
        let total = areas.compactMap { $0["computedAreaKm2"] as? Double }.reduce(0, +)
        #expect(abs(total - 6360.83) / 6360.83 < 0.005, "computed \(total) km²")
        let list = try sandbox.run(["areas", "list"])
        #expect(list.stdoutLines.last == "103 areas (31 phường, 72 xã), 6353.17 km²")
    }

    @Test func quietImportPrintsOnlyTheSummary() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["-q", "areas", "import", Paths.wardsGeoJSON])

        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout
            == "\(Paths.wardsGeoJSON): 103 rows read; areas 103 created, 0 updated\n")
        #expect(outcome.stderr == "")
    }

    @Test func jsonReportCarriesTheWarningsToo() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(["--json", "areas", "import", Paths.wardsGeoJSON])

        #expect(outcome.status == 0)
        let document = try JSONObject.parse(outcome.stdout)
        #expect(document.kind == "import-report")
        #expect(document.data["created"] as? Int == 103)
        let warnings = try #require(document.data["warnings"] as? [String])
        #expect(warnings.map { "ketnoi: warning: " + $0 } == Self.warnings)
        #expect(outcome.stderrLines == Self.warnings)
    }
}
