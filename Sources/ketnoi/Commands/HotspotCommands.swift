import Foundation
import Geo
import Places
import Storage

/// `ketnoi hotspots …`: public Wi-Fi sites.
enum HotspotCommands {
    static let spec: CommandSpec = CommandSpec(
        name: "hotspots",
        summary: "public Wi-Fi sites: location, ward, capacity",
        subcommands: [importSpec, listSpec, showSpec, addSpec, removeSpec])

    static let importSpec = CommandSpec(
        name: "import",
        summary: "import hotspots from CSV, a JSON array, or GeoJSON points",
        discussion: """
            Columns are found by name: code (or id), name, latitude (lat), longitude (lon, lng),
            ward_code, environment (dense-urban, urban, suburban, rural), capacity (concurrent
            users), address, source. Name other columns with --map, e.g. for the New York list:
              --map name=Name,lat=Latitude,lon=Longitude,address=Location
            A row without a name is named from its address.

            Every row is checked: coordinates that are not numbers or out of range, 0,0 (a
            placeholder), latitude and longitude swapped, a point far outside every imported area
            (with no areas: more than 50 km from the median of the file's points), a ward_code
            that does not contain the point, and rows repeating another's name and coordinates.
            Each hotspot is placed in the area whose boundary contains it (the nearest centre,
            marked approximate, when areas have centre points only).

            All or nothing: one bad row and nothing is written; every bad row is listed as
            file:line: field: reason, and the exit status is 65. --dry-run only checks;
            --skip-invalid writes the valid rows. Rows with a code update that hotspot; rows
            without one update a hotspot of the same name and place, or get a code H00001….
            """,
        options: [
            .value("map", "FIELD=COLUMN,…", "read fields from other columns (fields: "
                + HotspotField.allCases.map(\.rawValue).joined(separator: ", ") + ")"),
        ] + ImportOptions.mode + ImportOptions.csv,
        arguments: [ArgumentSpec(name: "FILE", help: "a .csv, .json or .geojson file")],
        printsData: true,
        run: { try runImport($0) })

    static let listSpec = CommandSpec(
        name: "list",
        summary: "list hotspots, optionally of one area",
        options: [.value("area", "CODE", "only hotspots in this area")],
        printsData: true,
        run: { try runList($0) })

    static let showSpec = CommandSpec(
        name: "show",
        summary: "show one hotspot",
        arguments: [ArgumentSpec(name: "CODE", help: "the hotspot code")],
        printsData: true,
        run: { try runShow($0) })

    static let addSpec = CommandSpec(
        name: "add",
        summary: "add a hotspot, or change the one with this --code (other fields kept)",
        discussion: "The same checks as an import apply. Example:\n"
            + "  ketnoi hotspots add --name 'Bến Ninh Kiều' --lat 10.0341 --lon 105.7885 "
            + "--environment dense-urban --capacity 150",
        options: [
            .value("code", "CODE", "the hotspot's code (default: generated, H00001…)"),
            .value("name", "NAME", "the site's name"),
            .value("lat", "DEGREES", "latitude, WGS84"),
            .value("lon", "DEGREES", "longitude, WGS84"),
            .value("ward", "CODE", "the area code, checked against the point"),
            .value("environment", "CLASS", "dense-urban, urban, suburban or rural"),
            .value("capacity", "USERS", "concurrent users the site serves"),
            .value("address", "TEXT", "street address"),
        ],
        printsData: true,
        run: { try runAdd($0) })

    static let removeSpec = CommandSpec(
        name: "remove",
        summary: "remove a hotspot",
        arguments: [ArgumentSpec(name: "CODE", help: "the hotspot code")],
        run: { try runRemove($0) })

    // MARK: - Handlers

    static func runImport(_ context: Context) throws {
        var options = HotspotImportOptions()
        options.mode = try context.importMode()
        options.csv = try context.csvOptions()
        if let spec = context.invocation.value("map") {
            do {
                options.mapping = try HotspotImportOptions.parseMapping(spec)
            } catch {
                throw CommandFailure(.usage, error.message)
            }
        }
        let db = try context.openDatabase()
        let report = try HotspotImporter(db).importFile(
            context.invocation.arguments[0], options: options)
        try ImportOutput.finish(report, what: "hotspots", context: context)
    }

    struct HotspotJSON: Encodable {
        let code: String
        let name: String
        let latitude: Double
        let longitude: Double
        let areaCode: String?
        let areaApproximate: Bool
        let environment: String?
        let capacity: Int?
        let address: String?
        let source: String

        init(_ hotspot: Hotspot) {
            code = hotspot.code
            name = hotspot.name
            latitude = hotspot.coordinate.latitude
            longitude = hotspot.coordinate.longitude
            areaCode = hotspot.areaCode
            areaApproximate = hotspot.areaApproximate
            environment = hotspot.environment?.rawValue
            capacity = hotspot.capacity
            address = hotspot.address
            source = hotspot.source
        }
    }

    static func runList(_ context: Context) throws {
        let db = try context.openDatabase(existing: true)
        let area = context.invocation.value("area")
        if let area, try AreaStore(db).find(code: area) == nil {
            throw CommandFailure(.noInput, "no area with code '\(area)'")
        }
        let hotspots = try HotspotStore(db).all(areaCode: area)
        if context.json {
            context.terminal.out(
                try JSONOutput.render(JSONDocument("hotspots", hotspots.map(HotspotJSON.init))))
            return
        }
        guard !hotspots.isEmpty else {
            context.terminal.warning(
                "no hotspots yet; import them with 'ketnoi hotspots import FILE'")
            return
        }
        var names: [String: String] = [:]
        for area in try AreaStore(db).all() { names[area.code] = area.name }
        var table = TextTable(
            ["code", "name", "area", "latitude", "longitude", "environment", "capacity", "source"],
            rightAligned: [3, 4, 6])
        for hotspot in hotspots {
            var areaText = hotspot.areaCode.map { "\($0) \(names[$0] ?? "")" } ?? "–"
            if hotspot.areaApproximate { areaText += " (approx.)" }
            table.append([
                hotspot.code, hotspot.name, areaText,
                Format.decimal(hotspot.coordinate.latitude, places: 6),
                Format.decimal(hotspot.coordinate.longitude, places: 6),
                hotspot.environment?.rawValue ?? "", Format.integer(hotspot.capacity),
                hotspot.source,
            ])
        }
        context.terminal.out(table.render())
        context.terminal.out("\(hotspots.count) hotspots\n")
    }

    static func runShow(_ context: Context) throws {
        let code = context.invocation.arguments[0]
        let db = try context.openDatabase(existing: true)
        guard let hotspot = try HotspotStore(db).find(code: code) else {
            throw CommandFailure(.noInput, "no hotspot with code '\(code)'")
        }
        if context.json {
            context.terminal.out(
                try JSONOutput.render(JSONDocument("hotspot", HotspotJSON(hotspot))))
            return
        }
        let area = try hotspot.areaCode.flatMap { try AreaStore(db).find(code: $0) }
        let lines = [
            "code:         \(hotspot.code)",
            "name:         \(hotspot.name)",
            "location:     \(Format.decimal(hotspot.coordinate.latitude, places: 6)), "
                + Format.decimal(hotspot.coordinate.longitude, places: 6),
            "area:         " + (area.map { "\($0.code) \($0.name)" } ?? "–")
                + (hotspot.areaApproximate ? " (approximate: nearest centre point)" : ""),
            "environment:  \(hotspot.environment?.rawValue ?? "–")",
            "capacity:     " + (hotspot.capacity.map { "\($0) concurrent users" } ?? "–"),
            "address:      \(hotspot.address ?? "–")",
            "source:       \(hotspot.source)",
        ]
        context.terminal.out(lines.joined(separator: "\n") + "\n")
    }

    static func runAdd(_ context: Context) throws {
        let invocation = context.invocation
        for required in ["name", "lat", "lon"]
        where invocation.value(required) == nil && invocation.value("code") == nil {
            throw CommandFailure(.usage, "option --\(required) is required",
                detail: Help.usageLine(addSpec, path: invocation.path))
        }
        var fields: [HotspotField: String] = [:]
        let names: [(String, HotspotField)] = [
            ("code", .code), ("name", .name), ("lat", .lat), ("lon", .lon), ("ward", .ward),
            ("environment", .environment), ("capacity", .capacity), ("address", .address),
        ]
        for (option, field) in names {
            if let value = invocation.value(option) { fields[field] = value }
        }
        let db = try context.openDatabase()
        let (report, saved) = try HotspotImporter(db).add(fields)
        if !report.problems.isEmpty {
            for problem in report.problems {
                context.terminal.err(problem.description)
            }
            throw CommandFailure(.dataError, "hotspot not added")
        }
        for warning in report.warnings {
            context.terminal.warning(warning)
        }
        guard let hotspot = saved else { return }
        if context.json {
            context.terminal.out(
                try JSONOutput.render(JSONDocument("hotspot", HotspotJSON(hotspot))))
        } else {
            context.terminal.out("\(report.updated > 0 ? "updated" : "added") \(hotspot.code) "
                + "\(hotspot.name)\n")
        }
    }

    static func runRemove(_ context: Context) throws {
        let code = context.invocation.arguments[0]
        let db = try context.openDatabase(existing: true)
        guard try HotspotStore(db).remove(code: code) else {
            throw CommandFailure(.noInput, "no hotspot with code '\(code)'")
        }
        context.terminal.out("removed \(code)\n")
    }
}
