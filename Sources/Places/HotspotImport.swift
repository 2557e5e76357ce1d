import Foundation
import Geo
import Storage
import Tabular

/// The fields of a hotspot that an import reads, and the column names tried for each.
public enum HotspotField: String, Sendable, CaseIterable {
    case code, name, lat, lon, ward, environment, capacity, address, source

    /// Column names looked for when `--map` does not name one (case-insensitive).
    var defaultColumns: [String] {
        switch self {
        case .code: ["code", "id"]
        case .name: ["name"]
        case .lat: ["latitude", "lat"]
        case .lon: ["longitude", "lon", "lng", "long"]
        case .ward: ["ward_code", "ward", "area_code"]
        case .environment: ["environment"]
        case .capacity: ["capacity"]
        case .address: ["address"]
        case .source: ["source"]
        }
    }

    /// The name used in messages.
    var label: String {
        switch self {
        case .lat: "latitude"
        case .lon: "longitude"
        case .ward: "ward_code"
        default: rawValue
        }
    }
}

/// How to read a hotspots file.
public struct HotspotImportOptions: Sendable {
    /// Column (or property) for a field, overriding the defaults: from `--map name=COLUMN,…`.
    public var mapping: [HotspotField: String] = [:]
    public var csv = CSVReadOptions()
    public var mode = ImportMode.allOrNothing

    public init() {}

    /// Reads `name=COLUMN,lat=COLUMN,…`; field names are those of `HotspotField`.
    public static func parseMapping(_ spec: String) throws(ImportFailure) -> [HotspotField: String]
    {
        var mapping: [HotspotField: String] = [:]
        for pair in spec.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let fields = HotspotField.allCases.map(\.rawValue).joined(separator: ", ")
            guard parts.count == 2, !parts[1].isEmpty else {
                throw ImportFailure(
                    .usage, "--map: '\(pair)' is not FIELD=COLUMN (fields: \(fields))")
            }
            let name = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
            let field = HotspotField(rawValue: name)
                ?? (name == "latitude" ? .lat : name == "longitude" ? .lon : nil)
            guard let field else {
                throw ImportFailure(.usage, "--map: unknown field '\(name)' (fields: \(fields))")
            }
            mapping[field] = String(parts[1])
        }
        return mapping
    }
}

/// Imports hotspots from CSV, a JSON array of objects, or GeoJSON points, validating every row.
public struct HotspotImporter {
    /// Without areas, a point farther than this (metres) from the file's median point is refused.
    public static let medianReach = 50_000.0

    let db: Database
    let now: Date

    public init(_ db: Database, now: Date = Date()) {
        self.db = db
        self.now = now
    }

    /// One row as read: the place in the file and the text of each field found.
    struct RawRow {
        let place: InputPlace
        var cells: [HotspotField: String]
        /// A point given as geometry (GeoJSON) rather than in columns.
        var point: Coordinate?
        /// What is wrong with the geometry given, if anything.
        var geometryProblems: [String] = []
    }

    /// A row that passed the per-row checks, waiting for the checks that need every row.
    struct Candidate {
        let place: InputPlace
        var hotspot: Hotspot
        var codeGiven: Bool
        var wardGiven: String?
    }

    public func importFile(_ path: String, options: HotspotImportOptions) throws -> ImportReport {
        let file = try InputFile(path: path)
        let rows = try readRows(file, options: options)
        return try run(
            rows, fileName: file.name, sourceName: URL(fileURLWithPath: path).lastPathComponent,
            mode: options.mode).report
    }

    /// Adds (or updates, when the code exists) one hotspot typed on the command line, with the
    /// same checks as an import; problems name `command line` as their place.
    /// Fields not given keep the stored hotspot's values when the code exists.
    public func add(_ fields: [HotspotField: String]) throws -> (
        report: ImportReport, saved: Hotspot?
    ) {
        var cells = fields
        if let code = fields[.code], let stored = try HotspotStore(db).find(code: code) {
            let current: [HotspotField: String?] = [
                .name: stored.name, .lat: "\(stored.coordinate.latitude)",
                .lon: "\(stored.coordinate.longitude)", .environment: stored.environment?.rawValue,
                .capacity: stored.capacity.map(String.init), .address: stored.address,
                .source: stored.source,
            ]
            for (field, value) in current where cells[field] == nil {
                if let value { cells[field] = value }
            }
        }
        let row = RawRow(place: .file, cells: cells)
        let result = try run(
            [row], fileName: "command line", sourceName: "manual", mode: .allOrNothing)
        return (result.report, result.saved.first)
    }

    private func run(
        _ rows: [RawRow], fileName: String, sourceName: String, mode: ImportMode
    ) throws -> (report: ImportReport, saved: [Hotspot]) {
        var report = ImportReport(file: fileName, mode: mode)
        report.rowsRead = rows.count

        func problem(_ place: InputPlace, _ field: String?, _ reason: String) {
            report.problems.append(
                RowProblem(file: fileName, place: place, field: field, reason: reason))
        }

        // Per-row checks, against the area codes read once.
        let areaCodes = Set(
            try db.query("SELECT code FROM areas").map { try $0.get("code", as: String.self) })
        var candidates: [Candidate] = []
        for row in rows {
            let before = report.problems.count
            let candidate = check(row, sourceName: sourceName, areaCodes: areaCodes) {
                problem(row.place, $0, $1)
            }
            if report.problems.count == before, let candidate { candidates.append(candidate) }
        }

        // Checks against the areas, or against the file's other points when there are none.
        let locator = try AreaStore(db).locator()
        let median =
            locator.isEmpty ? Geodesy.median(of: candidates.map(\.hotspot.coordinate)) : nil
        var placed: [Candidate] = []
        for var candidate in candidates {
            let point = candidate.hotspot.coordinate
            let pointText = PlaceFormat.coordinate(point)
            if let median {
                let distance = Geodesy.distance(point, median)
                if distance > Self.medianReach {
                    problem(
                        candidate.place, "latitude, longitude",
                        "\(pointText) is "
                            + "\(PlaceFormat.kilometres(distance)) "
                            + "from the median of the file's points "
                            + "(\(PlaceFormat.coordinate(median))); more than "
                            + "\(PlaceFormat.kilometres(Self.medianReach))")
                    continue
                }
            } else if !locator.isEmpty {
                guard let placement = locator.place(point) else {
                    let swapped = Coordinate(latitude: point.longitude, longitude: point.latitude)
                    if swapped.isValid, let there = locator.containing(swapped) {
                        problem(
                            candidate.place, "latitude, longitude",
                            "\(pointText) looks swapped: "
                                + "\(PlaceFormat.coordinate(swapped)) would lie in "
                                + "\(there.code) \(there.name)"
                        )
                    } else {
                        let distance = locator.distanceToBoundedAreas(point)
                            ?? locator.nearest(point)?.distanceToCentre ?? 0
                        problem(
                            candidate.place, "latitude, longitude",
                            "\(pointText) is far outside "
                                + "every imported area (\(PlaceFormat.kilometres(distance)) away)")
                    }
                    continue
                }
                if let ward = candidate.wardGiven, ward != placement.code, !placement.approximate {
                    problem(
                        candidate.place, "ward_code",
                        "'\(ward)' is given, but the point lies in "
                            + "\(placement.code) \(placement.name)")
                    continue
                }
                // Near but outside every boundary: a ward the file gives beats the nearest centre.
                candidate.hotspot.areaCode = placement.approximate
                    ? (candidate.wardGiven ?? placement.code) : placement.code
                candidate.hotspot.areaApproximate = placement.approximate
                if placement.approximate && locator.hasBoundaries {
                    report.warnings.append("\(fileName)\(candidate.place.suffix): "
                        + "\(pointText) is outside every area boundary; placed in the nearest, "
                        + "\(placement.code) \(placement.name) (approximate)")
                }
            }
            placed.append(candidate)
        }

        // Duplicates within the file.
        var byCode: [String: InputPlace] = [:]
        var byNameAndPoint: [String: InputPlace] = [:]
        var unique: [Candidate] = []
        for candidate in placed {
            let key = candidate.hotspot.name + "\u{0}" + "\(candidate.hotspot.coordinate.latitude)"
                + "\u{0}" + "\(candidate.hotspot.coordinate.longitude)"
            if let first = byNameAndPoint[key] {
                problem(candidate.place, nil, "duplicate of \(first.phrase): "
                    + "same name and coordinates")
                continue
            }
            if candidate.codeGiven, let first = byCode[candidate.hotspot.code] {
                problem(candidate.place, "code", "'\(candidate.hotspot.code)' repeats "
                    + first.phrase)
                continue
            }
            byNameAndPoint[key] = candidate.place
            if candidate.codeGiven { byCode[candidate.hotspot.code] = candidate.place }
            unique.append(candidate)
        }

        guard report.settle() else { return (report, []) }
        let store = HotspotStore(db)
        var saved: [Hotspot] = []
        try db.transaction {
            // Codes for rows without one: a stored hotspot of the same name and place (as it
            // was before this import, each matched once), else a new generated code.
            let generate = try store.nextGeneratedCode(after: Set(byCode.keys))
            var matched: Set<String> = []
            for index in unique.indices where !unique[index].codeGiven {
                let hotspot = unique[index].hotspot
                if let code = try store.code(name: hotspot.name, at: hotspot.coordinate),
                    !matched.contains(code), byCode[code] == nil
                {
                    matched.insert(code)
                    unique[index].hotspot.code = code
                }
            }
            for index in unique.indices
            where !unique[index].codeGiven && unique[index].hotspot.code.isEmpty {
                unique[index].hotspot.code = generate(unique[index].hotspot.name)
            }
            for candidate in unique {
                if try store.save(candidate.hotspot, now: now) {
                    report.updated += 1
                } else {
                    report.created += 1
                }
                saved.append(candidate.hotspot)
            }
        }
        report.wrote = !unique.isEmpty
        return (report, saved)
    }

    /// Checks one row on its own; reports each problem with its field.
    private func check(
        _ row: RawRow, sourceName: String, areaCodes: Set<String>,
        problem: (String?, String) -> Void
    ) -> Candidate? {
        var row = row
        for (field, value) in row.cells where value == Self.notScalar {
            problem(field.label, "expected text or a number, found a JSON boolean, array or object")
            row.cells[field] = ""
        }
        func cell(_ field: HotspotField) -> String {
            (row.cells[field] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let code = cell(.code)
        let address = cell(.address)
        var name = row.cells[.name] ?? ""
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            // A row without a name is named from its address, else its code.
            name = !address.isEmpty ? address : code
        }
        if name.isEmpty {
            problem("name", "empty, and no address or code to name it from")
        }
        if code.count > 64 { problem("code", "longer than 64 characters") }
        if name.count > 200 { problem("name", "longer than 200 characters") }
        if let control = CellParser.controlCharacter(in: code) {
            problem("code", "contains a control character (\(control))")
        }
        if let control = CellParser.controlCharacter(in: name) {
            problem("name", "contains a control character (\(control)); names are kept as written, "
                + "so fix it in the file")
        }

        for reason in row.geometryProblems { problem("geometry", reason) }
        var point = row.point
        if !row.geometryProblems.isEmpty {
            point = nil
        } else if point == nil {
            point = checkCoordinate(lat: cell(.lat), lon: cell(.lon), problem: problem)
        } else if let given = point, !given.isValid {
            problem(
                "geometry", "\(PlaceFormat.coordinate(given)) is not a latitude, longitude pair")
            point = nil
        }
        if let given = point, given.latitude == 0 && given.longitude == 0 {
            problem(
                "latitude, longitude", "0, 0 is 'null island', a placeholder for a missing location"
            )
            point = nil
        }

        var environment: Environment?
        let environmentText = cell(.environment)
        if !environmentText.isEmpty {
            environment = Environment(rawValue: environmentText.lowercased())
            if environment == nil {
                problem("environment", "\(CellParser.quoted(environmentText)) is not one of "
                    + Environment.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
        var capacity: Int?
        let capacityText = cell(.capacity)
        if !capacityText.isEmpty {
            capacity = CellParser.integer(capacityText)
            if capacity == nil || capacity! <= 0 || capacity! > 100_000 {
                problem("capacity", "\(CellParser.quoted(capacityText)) is not a number of "
                    + "concurrent users (1 to 100000)")
                capacity = nil
            }
        }
        let ward = cell(.ward)
        if !ward.isEmpty, !areaCodes.contains(ward) {
            let none = areaCodes.isEmpty
            problem("ward_code", "'\(ward)' is not an imported area"
                + (none ? " (no areas are imported yet: run 'ketnoi areas import' first)" : ""))
        }

        guard let point, !name.isEmpty else { return nil }
        let source = cell(.source)
        let hotspot = Hotspot(
            code: code, name: name, coordinate: point, environment: environment,
            capacity: capacity, address: address.isEmpty ? nil : address,
            source: source.isEmpty ? sourceName : source)
        return Candidate(
            place: row.place, hotspot: hotspot, codeGiven: !code.isEmpty,
            wardGiven: ward.isEmpty ? nil : ward)
    }

    private func checkCoordinate(
        lat: String, lon: String, problem: (String?, String) -> Void
    ) -> Coordinate? {
        var latitude: Double?
        var longitude: Double?
        if lat.isEmpty {
            problem("latitude", "missing")
        } else if let value = CellParser.number(lat) {
            latitude = value
        } else {
            problem("latitude", "\(CellParser.quoted(lat)) is not a number")
        }
        if lon.isEmpty {
            problem("longitude", "missing")
        } else if let value = CellParser.number(lon) {
            longitude = value
        } else {
            problem("longitude", "\(CellParser.quoted(lon)) is not a number")
        }
        guard let latitude, let longitude else { return nil }

        let point = Coordinate(latitude: latitude, longitude: longitude)
        if point.isValid { return point }
        let swapped = Coordinate(latitude: longitude, longitude: latitude)
        if swapped.isValid {
            problem("latitude, longitude", "\(PlaceFormat.coordinate(point)) looks swapped: "
                + "\(PlaceFormat.trimmed(latitude, places: 6)) is not a latitude; did you mean "
                + "\(PlaceFormat.coordinate(swapped))?")
        } else if !(-90...90).contains(latitude) {
            problem(
                "latitude",
                "\(PlaceFormat.trimmed(latitude, places: 6)) is out of range (-90 to 90)")
        } else {
            problem(
                "longitude",
                "\(PlaceFormat.trimmed(longitude, places: 6)) is out of range (-180 to 180)")
        }
        return nil
    }

    // MARK: - Reading rows

    private func readRows(_ file: InputFile, options: HotspotImportOptions) throws(ImportFailure)
        -> [RawRow]
    {
        switch file.format {
        case .csv:
            let document = try file.csv(options.csv)
            var columns: [HotspotField: Int] = [:]
            for field in HotspotField.allCases {
                if let mapped = options.mapping[field] {
                    guard let index = document.columnIndex(mapped) else {
                        throw ImportFailure(
                            .usage,
                            "\(file.name): --map \(field.rawValue)=\(mapped): "
                                + "no such column (columns: "
                                + "\(document.header.joined(separator: ", ")))"
                        )
                    }
                    columns[field] = index
                } else if let index = field.defaultColumns.lazy.compactMap(document.columnIndex)
                    .first
                {
                    columns[field] = index
                }
            }
            try requireColumns(columns.keys, file: file, header: document.header)
            return document.records.map { record in
                var cells: [HotspotField: String] = [:]
                for (field, index) in columns where index < record.fields.count {
                    cells[field] = record.fields[index]
                }
                return RawRow(place: .line(record.line), cells: cells)
            }

        case .json:
            let value = try file.json()
            if let objects = value as? [Any] {
                return try objects.enumerated().map { (offset, element) throws(ImportFailure) in
                    guard let object = element as? [String: Any] else {
                        throw ImportFailure(
                            .badData, "\(file.name): item \(offset + 1) is not an object")
                    }
                    return RawRow(place: .item(offset + 1), cells: cells(object, options: options))
                }
            }
            guard value is [String: Any] else {
                throw ImportFailure(
                    .badData, "\(file.name): expected a JSON array of objects or GeoJSON")
            }
            return try file.geoJSONFeatures().map { feature in
                var object: [String: Any] = [:]
                for (key, property) in feature.properties {
                    object[key] = property.stringValue ?? ""
                }
                var row = RawRow(
                    place: .item(feature.index + 1), cells: cells(object, options: options))
                if case .point(let point)? = feature.geometry,
                    options.mapping[.lat] == nil, options.mapping[.lon] == nil
                {
                    row.point = point
                } else if case .multiPolygon? = feature.geometry {
                    row.geometryProblems.append("a hotspot is a Point, not a polygon")
                }
                row.geometryProblems += feature.problems
                return row
            }
        }
    }

    private func cells(_ object: [String: Any], options: HotspotImportOptions) -> [HotspotField:
        String]
    {
        var lowered: [String: Any] = [:]
        for (key, value) in object { lowered[key.lowercased()] = value }
        var cells: [HotspotField: String] = [:]
        for field in HotspotField.allCases {
            let names = options.mapping[field].map { [$0] } ?? field.defaultColumns
            for name in names {
                if let value = object[name] ?? lowered[name.lowercased()] {
                    cells[field] = Self.text(value)
                    break
                }
            }
        }
        return cells
    }

    /// Text of a JSON scalar; booleans, arrays and objects are marked so the row check names
    /// them instead of reading `true` as 1.
    private static func text(_ value: Any) -> String {
        switch value {
        case let string as String: return string
        case let number as NSNumber:
            let type = String(cString: number.objCType)
            return type == "c" || type == "B" ? Self.notScalar : number.stringValue
        case is NSNull: return ""
        default: return Self.notScalar
        }
    }

    /// Stands for a JSON value that is not text or a number (it cannot occur in real text).
    static let notScalar = "\u{FFFF}not-a-scalar"

    private func requireColumns(
        _ found: Dictionary<HotspotField, Int>.Keys, file: InputFile, header: [String]
    ) throws(ImportFailure) {
        let present = Set(found)
        for field in [HotspotField.lat, .lon] where !present.contains(field) {
            throw ImportFailure(.badData, "\(file.name): no \(field.label) column (looked for "
                + field.defaultColumns.joined(separator: ", ") + "; columns: "
                + header.joined(separator: ", ") + "); name it with --map \(field.rawValue)=COLUMN")
        }
        if !present.contains(.name) && !present.contains(.address) && !present.contains(.code) {
            throw ImportFailure(.badData, "\(file.name): no name column (columns: "
                + header.joined(separator: ", ") + "); name it with --map name=COLUMN")
        }
    }
}
