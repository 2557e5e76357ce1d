import Coverage
import Foundation
import Geo
import Places
import Storage

/// `ketnoi coverage …`: who is within reach of public Wi-Fi, and which areas are underserved.
enum CoverageCommands {
    static let computeOptions: [OptionSpec] = [
        .value("cell", "M", "grid cell side in metres (default 100)"),
        .value("catchment", "M", "walking catchment, straight-line metres (default 800)"),
        .value("method", "NAME", "2sfca (default) or e2sfca"),
        .value("zone-weights", "W,W,…",
            "E2SFCA weights of equal zones of the catchment, inner first (default 1,0.68,0.22)"),
        .value("unserved-below", "PCT", "unserved: coverage below this percentage (default 10)"),
        .value("access-below", "X",
            "underserved: accessibility below X × the city's mean (default 0.5)"),
        .value("saturation-above", "PCT",
            "underserved: median hotspot saturation above this percentage (default 80)"),
    ]

    static let spec: CommandSpec = CommandSpec(
        name: "coverage",
        summary: "compute coverage and accessibility per ward; rank the underserved",
        discussion: """
            Lays a grid over the imported areas (UTM, cells of --cell metres; a cell belongs to
            the area containing its centre, or the nearest centre point, approximate) and
            spreads each area's population over its cells (evenly, or after a population
            layer: 'ketnoi areas population --grid FILE'). Then, per cell, area and hotspot:

              coverage       share of residents inside some hotspot footprint (radius from
                             the access points' radios, or the class default: rural 100 m,
                             suburban 80, urban 60, dense-urban 40 at 2.4 GHz; 5 GHz half)
              accessibility  2SFCA or E2SFCA: hotspot capacity per resident within the walking
                             catchment, as PySAL access computes it; shown per 1,000 residents
              saturation     peak clients (inventory) or devices per window (usage samples)
                             over capacity; an area shows the median of its hotspots
              use            distinct devices per day per 1,000 residents

            Each area gets a status and a rank; the thresholds are printed with the table and
            set by the flags below. The run is stored (areas and hotspots, not cells) for the
            equity report. Examples:
              ketnoi coverage
              ketnoi coverage --method e2sfca --catchment 400 --geojson wards.geojson
            """,
        options: computeOptions + [
            .value("geojson", "FILE", "write the areas with their measures (RFC 7946)"),
            .value("grid-geojson", "FILE", "write the cells with their measures (RFC 7946)"),
            .value("cells-csv", "FILE",
                "write the cells: projected centre, population, covered, accessibility"),
        ],
        subcommands: [suggestSpec, showSpec, footprintsSpec],
        printsData: true,
        run: { try runCoverage($0) })

    static let suggestSpec = CommandSpec(
        name: "suggest",
        summary: "propose new hotspot sites (cells) that most raise accessibility",
        discussion: """
            Greedy: each pick is the cell where a new hotspot raises the city's
            population-weighted accessibility the most, counting each resident's accessibility
            only up to the city's mean (the plain mean rises by capacity / population wherever
            a site goes, so it cannot choose). Nothing is stored.
            """,
        options: computeOptions + [
            .value("count", "K", "how many sites (default 5, at most 100)"),
            .value("capacity", "USERS",
                "capacity of each new site (default: the median of the hotspots')"),
        ],
        printsData: true,
        run: { try runSuggest($0) })

    static let showSpec = CommandSpec(
        name: "show",
        summary: "print the latest stored coverage run",
        printsData: true,
        run: { try runShow($0) })

    static let footprintsSpec = CommandSpec(
        name: "footprints",
        summary: "list hotspot footprints; set or clear a surveyed radius",
        discussion: """
            Without options, lists each hotspot's radius and where it comes from: 'override'
            (set here), 'radios' (inventoried access points) or 'class-default' (never
            inventoried). Example:
              ketnoi coverage footprints --set CT-001 --radius 120 --note 'survey 2025-08'
            """,
        options: [
            .value("set", "CODE", "the hotspot whose radius to set (with --radius)"),
            .value("radius", "M", "the radius in metres"),
            .value("note", "TEXT", "where the radius comes from"),
            .value("clear", "CODE", "remove the hotspot's radius override"),
        ],
        printsData: true,
        run: { try runFootprints($0) })

    // MARK: - Options

    static func number(
        _ context: Context, _ name: String, in range: ClosedRange<Double>
    ) throws -> Double? {
        guard let text = context.invocation.value(name) else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw CommandFailure(.usage, "option --\(name): '\(text)' is not a number from "
                + "\(RankingThresholdsText.number(range.lowerBound)) to "
                + "\(RankingThresholdsText.number(range.upperBound))")
        }
        return value
    }

    static func options(_ context: Context) throws -> CoverageOptions {
        var options = CoverageOptions()
        if let cell = try number(context, "cell", in: 10...5000) { options.cellSize = cell }
        if let catchment = try number(context, "catchment", in: 50...50_000) {
            options.catchment = catchment
        }
        if let method = context.invocation.value("method") {
            guard let chosen = AccessMethod(rawValue: method.lowercased()) else {
                throw CommandFailure(.usage, "option --method: '\(method)' is not 2sfca or e2sfca")
            }
            options.method = chosen
        }
        if let text = context.invocation.value("zone-weights") {
            let weights = text.split(separator: ",").map {
                Double($0.trimmingCharacters(in: .whitespaces))
            }
            guard !weights.isEmpty, weights.count <= 10,
                weights.allSatisfy({ weight in weight.map { (0...1).contains($0) } ?? false })
            else {
                throw CommandFailure(.usage, "option --zone-weights: '\(text)' is not a list of "
                    + "up to 10 weights from 0 to 1, e.g. 1,0.68,0.22")
            }
            // All zero, nobody is in reach of anything: every ward would read unserved.
            guard weights.contains(where: { ($0 ?? 0) > 0 }) else {
                throw CommandFailure(.usage, "option --zone-weights: '\(text)' gives every "
                    + "distance a weight of 0; at least one weight must be above 0")
            }
            options.zoneWeights = weights.compactMap { $0 }
            if options.method != .enhanced {
                context.terminal.warning("--zone-weights applies to --method e2sfca only")
            }
        }
        if let pct = try number(context, "unserved-below", in: 0...100) {
            options.thresholds.unservedCoverageBelow = pct / 100
        }
        if let factor = try number(context, "access-below", in: 0...10) {
            options.thresholds.accessibilityBelowMean = factor
        }
        if let pct = try number(context, "saturation-above", in: 0...1000) {
            options.thresholds.saturationAbove = pct / 100
        }
        return options
    }

    /// Reads the inputs and computes a run; fails clearly when there is nothing to compute.
    /// The most cells one run lays (the city at 25 m is about 10 million).
    static let maximumCells = 12_000_000
    /// The most hotspot–cell pairs within the catchment one run holds (about 320 MB).
    static let maximumPairs = 20_000_000

    static func compute(_ context: Context, db: Database) throws -> CoverageResult {
        let options = try options(context)
        let started = ContinuousClock.now
        let inputs = try CoverageInputs.read(db)
        let read = ContinuousClock.now - started
        guard !inputs.areas.isEmpty else {
            throw CommandFailure(.noInput, "no areas yet; import them first: ketnoi areas "
                + "import --name-field fullName cantho-2025-wards.geojson")
        }
        // The grid is held in memory, about 150 bytes a cell: refuse one that cannot fit
        // before laying it, rather than run for minutes and then fail.
        // The area stored at import (computed from the boundary) saves measuring it again.
        let squareMeters = inputs.areas.reduce(0.0) { total, area in
            total + (area.areaKm2.map { $0 * 1_000_000 } ?? area.boundary?.areaSquareMeters
                ?? 3.2 * 1_000_000)
        }
        let cells = squareMeters / (options.cellSize * options.cellSize)
        if cells > Double(maximumCells) {
            let smallest = Int((squareMeters / Double(maximumCells)).squareRoot().rounded(.up))
            throw CommandFailure(
                .usage, "option --cell: \(RankingThresholdsText.number(options.cellSize)) m "
                    + "cells over these areas (\(Int(squareMeters / 1_000_000)) km²) make about "
                    + "\(Int(cells / 1_000_000)) million cells, more than the "
                    + "\(maximumCells / 1_000_000) million one run can hold; use "
                    + "--cell \(smallest) or more")
        }
        // Each hotspot pairs with every cell in its catchment, 16 bytes a pair: a wide
        // catchment over small cells would need gigabytes.
        let sites = Double(inputs.hotspots.filter { ($0.capacity ?? 0) > 0 }.count)
        let perSite = min(cells, Double.pi * options.catchment * options.catchment
            / (options.cellSize * options.cellSize))
        if sites * perSite > Double(maximumPairs) {
            throw CommandFailure(
                .usage, "option --catchment: \(RankingThresholdsText.number(options.catchment)) m "
                    + "around each of \(Int(sites)) hotspots over "
                    + "\(RankingThresholdsText.number(options.cellSize)) m cells makes about "
                    + "\(Int(sites * perSite / 1_000_000)) million hotspot-cell pairs, more than "
                    + "the \(maximumPairs / 1_000_000) million one run can hold; use a smaller "
                    + "--catchment or a larger --cell")
        }
        let result = CoverageCalculator.compute(inputs, options: options)
        let timings = result.timings.map { "\($0.step)=\(String(format: "%.3f", $0.seconds))s" }
        context.terminal.info("coverage cells=\(result.grid.cellCount) hotspots="
            + "\(result.hotspots.count) read=\(seconds(read))s " + timings.joined(separator: " "))
        if inputs.hotspots.isEmpty {
            context.terminal.warning("no hotspots yet: every area is unserved "
                + "(import them with 'ketnoi hotspots import FILE')")
        }
        for warning in result.warnings { context.terminal.warning(warning) }
        return result
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds)
            + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.3f", value)
    }

    // MARK: - Handlers

    static func runCoverage(_ context: Context) throws {
        for option in ["geojson", "grid-geojson", "cells-csv"] {
            if let path = context.invocation.value(option) { try OutputFile.check(path) }
        }
        let db = try context.openDatabase(existing: true)
        let result = try compute(context, db: db)
        let store = CoverageStore(db)
        let started = ContinuousClock.now
        let id = try store.save(result)
        let run = StoredCoverageRun(result, id: id)
        context.terminal.info("coverage run=\(id) store=\(seconds(ContinuousClock.now - started))s")
        let invocation = context.invocation
        if let path = invocation.value("geojson") {
            try CoverageFiles.write(try CoverageFiles.areasGeoJSON(run, db: db), to: path)
        }
        if let path = invocation.value("grid-geojson") {
            try CoverageFiles.write(CoverageFiles.cellsGeoJSON(result), to: path)
        }
        if let path = invocation.value("cells-csv") {
            try CoverageFiles.write(CoverageFiles.cellsCSV(result), to: path)
        }
        try CoverageOutput.print(run, hotspotPositions: result.hotspots, context: context)
    }

    static func runShow(_ context: Context) throws {
        let db = try context.openDatabase(existing: true)
        guard let run = try CoverageStore(db).latestRun() else {
            throw CommandFailure(.noInput, "no coverage run stored yet; run 'ketnoi coverage'")
        }
        try CoverageOutput.print(run, hotspotPositions: [], context: context)
    }

    static func runSuggest(_ context: Context) throws {
        let count = try context.invocation.integer("count", in: 1...100) ?? 5
        let capacityOption = try number(context, "capacity", in: 1...100_000)
        let db = try context.openDatabase(existing: true)
        let result = try compute(context, db: db)
        let capacities = result.hotspots.compactMap(\.capacity).sorted()
        let capacity = capacityOption
            ?? (capacities.isEmpty ? 50 : Double(capacities[capacities.count / 2]))
        let (suggestions, target, before) = SiteSuggester.suggest(
            result, count: count, capacity: capacity)
        try CoverageOutput.printSuggestions(
            suggestions, result: result, capacity: capacity, target: target, before: before,
            context: context)
    }

    static func runFootprints(_ context: Context) throws {
        let invocation = context.invocation
        let db = try context.openDatabase(existing: true)
        let store = CoverageStore(db)
        if invocation.value("set") != nil, invocation.value("clear") != nil {
            throw CommandFailure(.usage, "options --set and --clear exclude each other")
        }
        if let note = invocation.value("note"),
            note.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        {
            throw CommandFailure(.usage, "option --note: control characters are not allowed")
        }
        if let code = invocation.value("set") {
            guard let radius = try number(context, "radius", in: 1...10_000) else {
                throw CommandFailure(.usage, "option --set needs --radius M")
            }
            guard try HotspotStore(db).find(code: code) != nil else {
                throw CommandFailure(.noInput, "no hotspot with code '\(code)'")
            }
            try store.setFootprint(
                hotspotCode: code, radius: radius, note: invocation.value("note"))
        } else if let code = invocation.value("clear") {
            guard try store.clearFootprint(hotspotCode: code) else {
                throw CommandFailure(.noInput, "hotspot '\(code)' has no radius override")
            }
        } else if invocation.value("radius") != nil || invocation.value("note") != nil {
            throw CommandFailure(.usage, "options --radius and --note go with --set CODE")
        }

        let inputs = try CoverageInputs.read(db)
        let footprints = inputs.hotspots.map { hotspot in
            (hotspot, FootprintModel.footprint(
                for: hotspot, radios: inputs.radios[hotspot.code] ?? [],
                override: inputs.overrides[hotspot.code]))
        }
        if context.json {
            struct FootprintJSON: Encodable {
                let hotspot: String; let name: String; let environment: String?
                let radiusM: Double; let basis: String; let detail: String
            }
            let payload = footprints.map { hotspot, footprint in
                FootprintJSON(
                    hotspot: hotspot.code, name: hotspot.name,
                    environment: hotspot.environment?.rawValue,
                    radiusM: (footprint.radius * 10).rounded() / 10,
                    basis: footprint.basis.rawValue, detail: footprint.detail)
            }
            context.terminal.out(try JSONOutput.render(JSONDocument("footprints", payload)))
            return
        }
        var table = TextTable(["hotspot", "name", "radius m", "basis", "detail"], rightAligned: [2])
        for (hotspot, footprint) in footprints {
            table.append([
                hotspot.code, hotspot.name, Format.decimal(footprint.radius, places: 0),
                footprint.basis.rawValue, footprint.detail,
            ])
        }
        context.terminal.out(table.render())
        let defaults = footprints.filter { $0.1.isDefault }.count
        context.terminal.out("\(footprints.count) hotspots, \(defaults) on class defaults\n")
    }
}

/// Number words for option messages.
enum RankingThresholdsText {
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15
            ? String(Int(value)) : String(value)
    }
}

// MARK: - `areas population --grid FILE`

extension CoverageCommands {
    static let gridPopulationOption = OptionSpec.value(
        "grid", "FILE", "import a population layer instead: CSV of lat, lon, people")

    static let gridPopulationHelp = """
        With --grid FILE: a finer population layer, a CSV of points with columns lat, lon,
        people (also latitude, longitude, population), such as WorldPop or HRSL cell centres.
        It replaces the layer imported before. Coverage runs then spread each area's total
        over its cells in proportion to the layer's people in them (an area without a total
        takes the layer's sum); without a layer the spread is even.
        """

    /// Runs `areas population --grid FILE`; false when --grid was not given.
    static func runGridPopulation(_ context: Context) throws -> Bool {
        guard let path = context.invocation.value("grid") else {
            guard !context.invocation.arguments.isEmpty else {
                throw CommandFailure(.usage, "missing argument FILE (or --grid FILE)",
                    detail: Help.usageLine(
                        AreaCommands.populationSpec, path: context.invocation.path))
            }
            return false
        }
        guard context.invocation.arguments.isEmpty else {
            throw CommandFailure(.usage, "give either FILE or --grid FILE, not both")
        }
        let db = try context.openDatabase()
        let report = try PopulationLayerImporter(db).importFile(
            path, csv: try context.csvOptions(), mode: try context.importMode())
        try ImportOutput.finish(report, what: "population points", context: context)
        return true
    }
}
