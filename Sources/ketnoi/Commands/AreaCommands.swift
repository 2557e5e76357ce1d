import Foundation
import Geo
import Places
import Storage

/// `ketnoi areas …`: wards and communes, their boundaries and populations.
enum AreaCommands {
    static let spec: CommandSpec = CommandSpec(
        name: "areas",
        summary: "wards and communes: boundaries, areas, populations",
        subcommands: [importSpec, populationSpec, listSpec, showSpec])

    static let importSpec = CommandSpec(
        name: "import",
        summary: "import areas from GeoJSON polygons or a CSV of facts; updates by code",
        discussion: """
            GeoJSON: a FeatureCollection of Polygon or MultiPolygon features in [longitude,
            latitude] order (RFC 7946). Every ring is checked (closed, at least four positions,
            in range); the area in km² is computed on the WGS84 ellipsoid and kept beside a
            published figure (property areaKm2 or area_km2), with a warning when they differ by
            more than 2 %. The kind (phường, xã) comes from a 'kind' property or the name.

            CSV: columns code, name, kind, area_km2, centroid_lat, centroid_lon, population,
            population_source (hotspots/cantho/wards.csv is one). Areas from a CSV have centre
            points only; hotspots are then placed in the nearest centre, marked approximate.

            Re-importing updates areas by code (names too: give --name-field fullName to keep
            the "Phường …" / "Xã …" names of wards.csv) and places every hotspot again.
            Example:
              ketnoi areas import --name-field fullName ../shared/corpus/geo/cantho-2025-wards.geojson
            """,
        options: [
            .value("code-field", "NAME", "GeoJSON property with the area code (default: code)"),
            .value("name-field", "NAME", "GeoJSON property with the name (default: name)"),
        ] + ImportOptions.mode + ImportOptions.csv,
        arguments: [ArgumentSpec(name: "FILE", help: "a .geojson or .csv file")],
        printsData: true,
        run: { try runImport($0) })

    static let populationSpec = CommandSpec(
        name: "population",
        summary: "import population figures per area and group",
        discussion: """
            CSV columns: code, group, value, source, year. The group 'total' sets an area's
            population; other groups (female, age:60+, disability, poor-household …) are kept
            for the equity figures. Every figure needs its source.

            \(CoverageCommands.gridPopulationHelp)
            """,
        options: [CoverageCommands.gridPopulationOption] + ImportOptions.mode + ImportOptions.csv,
        arguments: [ArgumentSpec(name: "FILE", help: "a .csv file", optional: true)],
        printsData: true,
        run: { try runPopulation($0) })

    static let listSpec = CommandSpec(
        name: "list",
        summary: "list the areas with their area, population and hotspots",
        options: [.value("kind", "KIND", "only areas of this kind (phường, xã)")],
        printsData: true,
        run: { try runList($0) })

    static let showSpec = CommandSpec(
        name: "show",
        summary: "show one area: facts, group populations, hotspots",
        arguments: [ArgumentSpec(name: "CODE", help: "the area code, e.g. 31135")],
        printsData: true,
        run: { try runShow($0) })

    // MARK: - Handlers

    static func runImport(_ context: Context) throws {
        var options = AreaImportOptions()
        options.mode = try context.importMode()
        options.csv = try context.csvOptions()
        if let field = context.invocation.value("code-field") { options.codeField = field }
        if let field = context.invocation.value("name-field") { options.nameField = field }
        let db = try context.openDatabase()
        let report = try AreaImporter(db).importFile(
            context.invocation.arguments[0], options: options)
        try ImportOutput.finish(report, what: "areas", context: context)
    }

    static func runPopulation(_ context: Context) throws {
        if try CoverageCommands.runGridPopulation(context) { return }
        let db = try context.openDatabase()
        let report = try PopulationImporter(db).importFile(
            context.invocation.arguments[0], csv: try context.csvOptions(),
            mode: try context.importMode())
        try ImportOutput.finish(report, what: "population figures", context: context)
    }

    struct AreaJSON: Encodable {
        let code: String
        let name: String
        let kind: String
        let areaKm2: Double?
        let computedAreaKm2: Double?
        let publishedAreaKm2: Double?
        let centreLatitude: Double?
        let centreLongitude: Double?
        let hasBoundary: Bool
        let population: Int?
        let populationSource: String?
        let populationYear: Int?
        let hotspots: Int
        let source: String

        init(_ area: Area, hotspots: Int) {
            code = area.code
            name = area.name
            kind = area.kind
            areaKm2 = area.areaKm2.map { ($0 * 100).rounded() / 100 }
            computedAreaKm2 = area.computedAreaKm2.map { ($0 * 1000).rounded() / 1000 }
            publishedAreaKm2 = area.publishedAreaKm2
            centreLatitude = area.centre.map { ($0.latitude * 1e6).rounded() / 1e6 }
            centreLongitude = area.centre.map { ($0.longitude * 1e6).rounded() / 1e6 }
            hasBoundary = area.hasBoundary
            population = area.population
            populationSource = area.populationSource
            populationYear = area.populationYear
            self.hotspots = hotspots
            source = area.source
        }
    }

    static func hotspotCounts(_ db: Database) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try db.query("""
            SELECT area_code, count(*) AS n FROM hotspots WHERE area_code IS NOT NULL
            GROUP BY area_code
            """) {
            counts[try row.get("area_code")] = try row.get("n")
        }
        return counts
    }

    static func runList(_ context: Context) throws {
        let db = try context.openDatabase(existing: true)
        var areas = try AreaStore(db).all()
        if let given = context.invocation.value("kind") {
            let kind = AreaImporter.kind(explicit: given, names: []) ?? given
            let kinds = Set(areas.map(\.kind))
            guard kinds.contains(kind) || areas.isEmpty else {
                throw CommandFailure(.usage, "--kind: no areas of kind '\(given)' (kinds: "
                    + kinds.sorted().joined(separator: ", ") + ")")
            }
            areas = areas.filter { $0.kind == kind }
        }
        let counts = try hotspotCounts(db)
        if context.json {
            let payload = areas.map { AreaJSON($0, hotspots: counts[$0.code] ?? 0) }
            context.terminal.out(try JSONOutput.render(JSONDocument("areas", payload)))
            return
        }
        guard !areas.isEmpty else {
            context.terminal.warning("no areas yet; import them with 'ketnoi areas import FILE'")
            return
        }
        var table = TextTable(
            [
                "code", "name", "kind", "km²", "published km²", "population", "hotspots",
                "boundary",
            ],
            rightAligned: [3, 4, 5, 6])
        for area in areas {
            table.append([
                area.code, area.name, area.kind, Format.decimal(area.areaKm2, places: 2),
                Format.decimal(area.publishedAreaKm2, places: 2), Format.integer(area.population),
                String(counts[area.code] ?? 0), area.hasBoundary ? "polygon" : "centre point",
            ])
        }
        context.terminal.out(table.render())
        let total = areas.compactMap(\.areaKm2).reduce(0, +)
        let kinds = Dictionary(grouping: areas, by: \.kind).mapValues(\.count)
        let kindText = kinds.keys.sorted().map { "\(kinds[$0]!) \($0.isEmpty ? "other" : $0)" }
        context.terminal.out("\(areas.count) areas (\(kindText.joined(separator: ", "))), "
            + "\(Format.decimal(total, places: 2)) km²\n")
    }

    static func runShow(_ context: Context) throws {
        let code = context.invocation.arguments[0]
        let db = try context.openDatabase(existing: true)
        let store = AreaStore(db)
        guard let area = try store.find(code: code) else {
            throw CommandFailure(.noInput, "no area with code '\(code)'")
        }
        let groups = try store.groupPopulations(code: code)
        let hotspots = try HotspotStore(db).all(areaCode: code)
        if context.json {
            struct GroupJSON: Encodable {
                let group: String; let value: Int; let source: String; let year: Int?
            }
            struct ShowJSON: Encodable {
                let area: AreaJSON
                let groups: [GroupJSON]
                let hotspots: [HotspotCommands.HotspotJSON]
            }
            let payload = ShowJSON(
                area: AreaJSON(area, hotspots: hotspots.count),
                groups: groups.map {
                    GroupJSON(group: $0.group, value: $0.value, source: $0.source, year: $0.year)
                },
                hotspots: hotspots.map(HotspotCommands.HotspotJSON.init))
            context.terminal.out(try JSONOutput.render(JSONDocument("area", payload)))
            return
        }
        var lines = [
            "code:          \(area.code)",
            "name:          \(area.name)",
            "kind:          \(area.kind)",
            "area:          "
                + (area.computedAreaKm2.map { Format.decimal($0, places: 2) + " km² (computed)" }
                    ?? "–"),
            "published:     "
                + (area.publishedAreaKm2.map { Format.decimal($0, places: 2) + " km²" } ?? "–"),
            "centre:        "
                + (area.centre.map {
                    "\(Format.decimal($0.latitude, places: 6)), "
                        + "\(Format.decimal($0.longitude, places: 6))"
                        + (area.hasBoundary
                            ? " (centroid of the boundary)" : " (centre point; no boundary)")
                } ?? "–"),
            "population:    "
                + (area.population.map {
                    "\($0) (\(area.populationSource ?? "no source")"
                        + (area.populationYear.map { ", \($0)" } ?? "") + ")"
                } ?? "not known"),
            "source:        \(area.source)",
        ]
        if !groups.isEmpty {
            lines.append("groups:")
            for group in groups {
                lines.append("  \(group.group): \(group.value) (\(group.source)"
                    + (group.year.map { ", \($0)" } ?? "") + ")")
            }
        }
        lines.append("hotspots:      \(hotspots.count)")
        for hotspot in hotspots {
            lines.append("  \(hotspot.code)  \(hotspot.name)")
        }
        context.terminal.out(lines.joined(separator: "\n") + "\n")
    }
}
