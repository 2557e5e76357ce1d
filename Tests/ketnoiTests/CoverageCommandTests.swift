import Foundation
import Testing

/// Ward populations for the tests: no per-ward figure is published, so each ward gets
/// 1,500 people per km² for a phường and 500 for a xã (from the ward facts file).
func syntheticWardPopulations() throws -> (csv: String, totals: [String: Int]) {
    let facts = try String(
        contentsOfFile: Paths.corpus("geo/cantho-2025-ward-facts.csv"), encoding: .utf8)
    var lines = ["code,group,value,source,year"]
    var totals: [String: Int] = [:]
    for line in facts.split(whereSeparator: \.isNewline).dropFirst() {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count > 4, let km2 = Double(fields[4]) else { continue }
        let code = String(fields[0])
        let people = Int((km2 * (fields[3] == "phuong" ? 1500 : 500)).rounded())
        totals[code] = people
        lines.append("\(code),total,\(people),test: area x density class,2025")
    }
    return (lines.joined(separator: "\n") + "\n", totals)
}

@Suite(.enabled(if: corpusPresent, "needs ../shared/corpus"))
struct CoverageCommandTests {
    /// A sandbox with the 103 wards, their synthetic populations and the sample hotspots.
    static func city() throws -> (Sandbox, [String: Int]) {
        let sandbox = try Sandbox()
        let (csv, totals) = try syntheticWardPopulations()
        let population = try sandbox.write("population.csv", csv)
        for arguments in [
            ["areas", "import", "--name-field", "fullName", Paths.wardsGeoJSON],
            ["areas", "population", population],
            ["hotspots", "import", Paths.hotspotsCSV],
        ] {
            let outcome = try sandbox.run(arguments)
            try #require(outcome.status == 0, "\(outcome)")
        }
        return (sandbox, totals)
    }

    @Test func aRunAt100MetresCoversEveryWardAndKeepsItsPopulation() throws {
        let (sandbox, totals) = try Self.city()
        let areasFile = sandbox.path("wards.geojson")
        let outcome = try sandbox.run(["--json", "coverage", "--geojson", areasFile])
        try #require(outcome.status == 0, "\(outcome)")
        let document = try JSONObject.parse(outcome.stdout)
        #expect(document.schema == 1)
        #expect(document.kind == "coverage-run")

        let run = try #require(document.data["run"] as? [String: Any])
        #expect(run["cellM"] as? Double == 100)
        #expect(run["projection"] as? String == "UTM zone 48N (EPSG:32648)")
        let cells = try #require(run["cells"] as? Int)
        // 6,360 km² of wards: about 636,000 cells of one hectare.
        #expect((620_000...650_000).contains(cells), "\(cells) cells")

        let areas = try #require(document.data["areas"] as? [[String: Any]])
        #expect(areas.count == 103)
        #expect(Set(areas.compactMap { $0["code"] as? String }) == Set(totals.keys))
        for area in areas {
            let code = try #require(area["code"] as? String)
            let spread = try #require(area["population"] as? Double)
            let total = Double(try #require(totals[code]))
            #expect((area["cells"] as? Int ?? 0) > 0, "ward \(code) has no cell")
            #expect(abs(spread - total) <= total * 1e-4, "ward \(code): \(spread) vs \(total)")
            #expect(area["rank"] as? Int != nil)
        }
        let ranks = areas.compactMap { $0["rank"] as? Int }
        #expect(ranks == Array(1...103))

        // 56 sample hotspots with 40–100 m footprints cover about 0.1 % of the city: every
        // ward is unserved, and Ninh Kiều, with the most capacity in reach, comes last.
        let statuses = areas.compactMap { $0["status"] as? String }
        #expect(statuses == Array(repeating: "unserved", count: 103))
        #expect(areas.last?["code"] as? String == "31135")
        let accessibility = areas.compactMap { $0["accessibility"] as? Double }
        #expect(accessibility == accessibility.sorted())

        // Never inventoried: every footprint is a class default, and the run says so.
        let hotspots = try #require(document.data["hotspots"] as? [[String: Any]])
        #expect(hotspots.count == 56)
        #expect(hotspots.allSatisfy { $0["footprint"] as? String == "class-default" })
        #expect(outcome.stderrLines.contains(
            "ketnoi: warning: 56 of 56 hotspot(s) have no inventoried radios; their footprints "
                + "are class defaults (flagged 'class-default')"))

        // The areas file: one feature per ward, with the measures.
        let geojson = try JSONSerialization.jsonObject(
            with: try Data(contentsOf: URL(fileURLWithPath: areasFile))) as? [String: Any]
        let features = try #require(geojson?["features"] as? [[String: Any]])
        #expect(features.count == 103)
        let properties = try #require(features.first?["properties"] as? [String: Any])
        #expect(Set(properties.keys).isSuperset(of: [
            "code", "name", "rank", "status", "population", "hotspots", "coverage_pct",
            "access_per_1000", "saturation_pct", "use_per_1000",
        ]))

        // The stored run reads back the same.
        let shown = try sandbox.json(["coverage", "show"])
        let shownAreas = try #require(shown.data["areas"] as? [[String: Any]])
        #expect(shownAreas.compactMap { $0["code"] as? String }
            == areas.compactMap { $0["code"] as? String })
    }

    @Test func theTableNamesTheMethodAndTheThresholds() throws {
        let (sandbox, _) = try Self.city()
        let outcome = try sandbox.run([
            "coverage", "--method", "e2sfca", "--catchment", "400",
            "--unserved-below", "0.5", "--access-below", "0.25", "--saturation-above", "90",
        ])
        try #require(outcome.status == 0, "\(outcome)")
        let lines = outcome.stdoutLines
        // Below 0.5 % coverage is unserved now: the wards around Ninh Kiều are not.
        #expect(lines.contains { $0.contains("Phường Ninh Kiều") && $0.hasSuffix("  served") })
        #expect(lines.first?.hasPrefix("rank  code   name") == true)
        #expect(lines.first?.contains("coverage %  access /1k  saturation %  use /1k/day") == true)
        #expect(lines.contains {
            $0.hasPrefix("method: E2SFCA (zone weights 1 / 0.68 / 0.22), 400 m straight-line "
                + "catchment; 100 m cells in UTM zone 48N (EPSG:32648)")
        })
        #expect(lines.contains("unserved: coverage below 0.5 %"))
        #expect(lines.contains {
            $0.hasPrefix("underserved: accessibility below 0.25 × the city's population-weighted "
                + "mean (") && $0.hasSuffix("or median saturation above 90 %")
        })
    }

    @Test func cellsGoToGeoJSONAndCSV() throws {
        let (sandbox, _) = try Self.city()
        let grid = sandbox.path("cells.geojson")
        let csv = sandbox.path("cells.csv")
        let outcome = try sandbox.run([
            "--json", "coverage", "--cell", "2000", "--grid-geojson", grid, "--cells-csv", csv,
        ])
        try #require(outcome.status == 0, "\(outcome)")
        let run = try #require(try JSONObject.parse(outcome.stdout).data["run"] as? [String: Any])
        let cells = try #require(run["cells"] as? Int)

        let geojson = try JSONSerialization.jsonObject(
            with: try Data(contentsOf: URL(fileURLWithPath: grid))) as? [String: Any]
        let features = try #require(geojson?["features"] as? [[String: Any]])
        #expect(features.count == cells)
        let geometry = try #require(features.first?["geometry"] as? [String: Any])
        #expect(geometry["type"] as? String == "MultiPolygon")
        let ring = (geometry["coordinates"] as? [[[[Double]]]])?.first?.first ?? []
        #expect(ring.count == 5)
        // Longitude first, in the city.
        #expect(ring.allSatisfy { (105...107).contains($0[0]) && (9...11).contains($0[1]) })

        let rows = try String(contentsOfFile: csv, encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let header = "cell,area,easting,northing,latitude,longitude,population,covered,"
            + "accessibility"
        #expect(rows.first == header)
        #expect(rows.count == cells + 1)
    }

    @Test func suggestionsRaiseAccessibilityWhereItFallsShort() throws {
        let (sandbox, _) = try Self.city()
        let document = try sandbox.json([
            "coverage", "suggest", "--cell", "1000", "--count", "3", "--capacity", "100",
        ])
        #expect(document.kind == "coverage-suggestions")
        let suggestions = try #require(document.data["suggestions"] as? [[String: Any]])
        #expect(suggestions.count == 3)
        let gains = suggestions.compactMap { $0["gain"] as? Double }
        #expect(gains.count == 3)
        #expect(gains.allSatisfy { $0 > 0 })
        // Greedy with shared residents: each pick gains no more than the one before.
        #expect(gains == gains.sorted(by: >))
        let before = try #require(document.data["cappedMeanBefore"] as? Double)
        let after = try #require(suggestions.last?["cappedMeanAfter"] as? Double)
        #expect(abs(after - before - gains.reduce(0, +)) < 1e-12)
    }

    @Test func footprintOverridesAreUsedAndListed() throws {
        let (sandbox, _) = try Self.city()
        var outcome = try sandbox.run([
            "coverage", "footprints", "--set", "CT-001", "--radius", "150", "--note", "survey",
        ])
        try #require(outcome.status == 0, "\(outcome)")
        let listed = try sandbox.json(["coverage", "footprints"])
        let first = try #require(listed.list.first { $0["hotspot"] as? String == "CT-001" })
        #expect(first["radiusM"] as? Double == 150)
        #expect(first["basis"] as? String == "override")

        outcome = try sandbox.run(["coverage", "footprints", "--set", "NOPE", "--radius", "10"])
        #expect(outcome.status == 66)
        #expect(outcome.stderrLines == ["ketnoi: error: no hotspot with code 'NOPE'"])
        outcome = try sandbox.run([
            "coverage", "footprints", "--set", "CT-001", "--radius", "120", "--clear", "CT-001",
        ])
        #expect(outcome.status == 64)
        #expect(outcome.stderrLines.first == "ketnoi: options --set and --clear exclude each other")
        outcome = try sandbox.run([
            "coverage", "footprints", "--set", "CT-001", "--radius", "120", "--note", "a\u{1B}b",
        ])
        #expect(outcome.status == 64)
        outcome = try sandbox.run(["coverage", "--catchment", "10"])
        #expect(outcome.status == 64)
        #expect(outcome.stderrLines.first
            == "ketnoi: option --catchment: '10' is not a number from 50 to 50000")
    }

    /// A grid too large to hold is refused before it is laid, with the smallest cell that fits.
    @Test func aGridTooLargeIsRefusedAtOnce() throws {
        let (sandbox, _) = try Self.city()
        let outcome = try sandbox.run(["coverage", "--cell", "10"])
        #expect(outcome.status == 64)
        let line = try #require(outcome.stderrLines.first)
        #expect(line.hasPrefix("ketnoi: option --cell: 10 m cells over these areas ("))
        #expect(line.hasSuffix("more than the 12 million one run can hold; use --cell 24 or more"))
        #expect(try sandbox.json(["db", "info"]).data["tables"].map {
            ($0 as? [String: Int])?["coverage_runs"] ?? -1 } == 0)

        // Cells that fit, but a catchment that pairs each hotspot with millions of them.
        let wide = try sandbox.run(["coverage", "--cell", "24", "--catchment", "50000"])
        #expect(wide.status == 64, "\(wide)")
        #expect(wide.stderrLines.first?.hasPrefix("ketnoi: option --catchment: 50000 m around "
            + "each of") == true, "\(wide)")
        #expect(wide.stderrLines.first?.hasSuffix("use a smaller --catchment or a larger --cell")
            == true, "\(wide)")

        // Weights that leave nobody in reach of anything.
        let zero = try sandbox.run(["coverage", "--method", "e2sfca", "--zone-weights", "0,0,0"])
        #expect(zero.status == 64, "\(zero)")
    }

    @Test func aPopulationLayerIsCheckedAndImported() throws {
        let (sandbox, _) = try Self.city()
        let bad = try sandbox.write("layer-bad.csv", """
            lat,lon,people
            10.03,105.78,120
            10.04,abc,80
            95,105.78,-3
            10.03,105.78,1e308
            """)
        var outcome = try sandbox.run(["areas", "population", "--grid", bad])
        #expect(outcome.status == 65)
        #expect(outcome.stderrLines.prefix(4) == [
            "\(bad):3: lon: 'abc' is not a longitude (-180 to 180)",
            "\(bad):4: lat: '95' is not a latitude (-90 to 90)",
            "\(bad):4: people: '-3' is not a number of people (0 to 1,000,000)",
            "\(bad):5: people: '1e308' is not a number of people (0 to 1,000,000)",
        ])
        let good = try sandbox.write("layer.csv", "latitude,longitude,population\n"
            + "10.03,105.78,120\n10.031,105.781,40\n")
        outcome = try sandbox.run(["areas", "population", "--grid", good])
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout == "\(good): 2 rows read; population points 2 created, 0 updated\n")
        outcome = try sandbox.run(["areas", "population"])
        #expect(outcome.status == 64)
    }

    @Test func anOutputFileThatCannotBeWrittenStopsTheRunBeforeItIsStored() throws {
        let sandbox = try Sandbox()
        try #require(try sandbox.run(["areas", "import", Paths.wardsCSV]).status == 0)
        let areas = sandbox.path("areas.geojson")
        let missing = sandbox.path("no-such-folder/cells.geojson")
        let outcome = try sandbox.run(
            ["coverage", "--cell", "1000", "--geojson", areas, "--grid-geojson", missing])
        #expect(outcome.status == 73, "\(outcome)")
        #expect(outcome.stderrLines == ["ketnoi: error: cannot write \(missing): no folder "
            + sandbox.path("no-such-folder")])
        #expect(!sandbox.exists(areas))
        let show = try sandbox.run(["coverage", "show"])
        #expect(show.status == 66, "\(show)")

        let onFolder = try sandbox.run(
            ["coverage", "--cell", "1000", "--geojson", sandbox.path("")])
        #expect(onFolder.status == 73, "\(onFolder)")
    }

    @Test func withoutAreasThereIsNothingToCompute() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let outcome = try sandbox.run(["coverage"])
        #expect(outcome.status == 66)
        #expect(outcome.stderrLines.first?.hasPrefix("ketnoi: error: no areas yet") == true)
    }
}
