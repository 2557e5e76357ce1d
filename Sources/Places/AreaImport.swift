import Foundation
import Geo
import Storage
import Tabular

/// How to read an areas file.
public struct AreaImportOptions: Sendable {
    /// GeoJSON property holding the area code (falls back to the feature id).
    public var codeField = "code"
    /// GeoJSON property holding the name.
    public var nameField = "name"
    public var csv = CSVReadOptions()
    public var mode = ImportMode.allOrNothing

    public init() {}
}

/// One area read from a file, before it is written.
struct AreaRecord {
    var place: InputPlace
    var code: String
    var name: String
    var kind: String?
    var publishedAreaKm2: Double?
    var centre: Coordinate?
    var boundary: MultiPolygon?
    var population: Int?
    var populationSource: String?
}

/// Imports areas from GeoJSON (polygons) or CSV (facts with centre points); updates by code.
public struct AreaImporter {
    /// A boundary enclosing less than this (m²) is degenerate, not a ward.
    static let smallestArea = 100.0

    /// Computed and published areas differing by more than this share get a warning.
    public static let areaMismatchWarningShare = 0.02

    let db: Database
    let now: Date

    public init(_ db: Database, now: Date = Date()) {
        self.db = db
        self.now = now
    }

    public func importFile(_ path: String, options: AreaImportOptions) throws -> ImportReport {
        let file = try InputFile(path: path)
        var report = ImportReport(file: file.name, mode: options.mode)
        let records: [AreaRecord]
        switch file.format {
        case .json: records = try readGeoJSON(file, options: options, report: &report)
        case .csv: records = try readCSV(file, options: options, report: &report)
        }

        var seen: [String: InputPlace] = [:]
        var valid: [AreaRecord] = []
        let invalidPlaces = Set(report.problems.map(\.place))
        for record in records {
            if let first = seen[record.code] {
                report.problems.append(RowProblem(
                    file: file.name, place: record.place, field: "code",
                    reason: "'\(record.code)' repeats \(first.phrase)"))
                continue
            }
            seen[record.code] = record.place
            guard !invalidPlaces.contains(record.place) else { continue }
            valid.append(record)
        }
        for record in valid {
            if let computed = record.boundary?.areaSquareMeters,
                let published = record.publishedAreaKm2,
                published > 0
            {
                let km2 = computed / 1_000_000
                let share = (km2 - published) / published
                if abs(share) > Self.areaMismatchWarningShare {
                    report.warnings.append(String(
                        format: "area %@ %@: computed %.2f km² differs from the published "
                            + "%.2f km² by %+.1f %%",
                        record.code, record.name, km2, published, share * 100))
                }
            }
        }

        guard report.settle() else { return report }
        try db.transaction {
            for record in valid {
                if try write(record, source: file.name) {
                    report.updated += 1
                } else {
                    report.created += 1
                }
            }
            let moved = try HotspotStore(db).replaceAll(
                locator: try AreaStore(db).locator(), now: now)
            if moved > 0 {
                report.warnings.append("\(moved) hotspot(s) placed again in their areas")
            }
        }
        report.wrote = !valid.isEmpty
        return report
    }

    /// Inserts or updates one area; returns true when it existed.
    private func write(_ record: AreaRecord, source: String) throws -> Bool {
        let existing = try db.queryFirst(
            "SELECT boundary IS NOT NULL AS has_boundary FROM areas WHERE code = ?", [record.code])
        let boundaryBlob = record.boundary.map(BoundaryCodec.encode)
        let computed = record.boundary.map { $0.areaSquareMeters / 1_000_000 }
        let centre = record.boundary?.centroid ?? record.centre
        let timestamp = now

        guard let existing else {
            try db.execute("""
                INSERT INTO areas (code, name, kind, computed_area_km2, published_area_km2,
                    centre_lat, centre_lon, boundary, population, population_source, source,
                    updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [
                    record.code, record.name, record.kind ?? "", computed, record.publishedAreaKm2,
                    centre?.latitude, centre?.longitude, boundaryBlob, record.population,
                    record.populationSource, source, timestamp,
                ])
            return false
        }

        // Fields the file does not give keep their stored values; a centre point never
        // replaces the centroid of a stored boundary.
        let hasBoundary: Bool = try existing.get("has_boundary")
        try db.execute("""
            UPDATE areas SET name = ?, kind = coalesce(?, kind),
                published_area_km2 = coalesce(?, published_area_km2), source = ?, updated_at = ?
            WHERE code = ?
            """,
            [record.name, record.kind, record.publishedAreaKm2, source, timestamp, record.code])
        if let boundaryBlob {
            try db.execute("""
                UPDATE areas SET boundary = ?, computed_area_km2 = ?, centre_lat = ?, centre_lon = ?
                WHERE code = ?
                """, [boundaryBlob, computed, centre?.latitude, centre?.longitude, record.code])
        } else if let centre, !hasBoundary {
            try db.execute(
                "UPDATE areas SET centre_lat = ?, centre_lon = ? WHERE code = ?",
                [centre.latitude, centre.longitude, record.code])
        }
        if let population = record.population {
            try db.execute(
                "UPDATE areas SET population = ?, population_source = ? WHERE code = ?",
                [population, record.populationSource, record.code])
        }
        return true
    }

    // MARK: - GeoJSON

    private func readGeoJSON(
        _ file: InputFile, options: AreaImportOptions, report: inout ImportReport
    ) throws(ImportFailure) -> [AreaRecord] {
        let features = try file.geoJSONFeatures()
        report.rowsRead = features.count
        // A property named on the command line that no feature has is a mistake in the command.
        for field in [options.codeField, options.nameField]
        where !features.isEmpty && !features.contains(where: { $0.properties[field] != nil }) {
            let known = Set(features.flatMap { $0.properties.keys }).sorted()
            throw ImportFailure(.usage, "\(file.name): no feature has a property '\(field)' "
                + "(properties: \(known.joined(separator: ", ")))")
        }
        var records: [AreaRecord] = []
        for feature in features {
            let place = InputPlace.item(feature.index + 1)
            func problem(_ field: String?, _ reason: String) {
                report.problems.append(
                    RowProblem(file: file.name, place: place, field: field, reason: reason))
            }
            let code = feature.properties[options.codeField]?.stringValue ?? feature.id ?? ""
            let name = feature.properties[options.nameField]?.stringValue ?? ""
            if code.trimmingCharacters(in: .whitespaces).isEmpty {
                problem(options.codeField, "missing; every area needs a code")
            }
            if name.trimmingCharacters(in: .whitespaces).isEmpty {
                problem(options.nameField, "missing; every area needs a name")
            }
            for reason in feature.problems { problem("geometry", reason) }
            Self.checkText(code: code, name: name, codeField: options.codeField,
                           nameField: options.nameField, problem: problem)

            var record = AreaRecord(place: place, code: code, name: name)
            switch feature.geometry {
            case .multiPolygon(let boundary)?:
                let box = boundary.boundingBox
                if box.maxLongitude - box.minLongitude > 180 {
                    problem("geometry", "spans more than 180° of longitude: it crosses the "
                        + "antimeridian and must be split there (RFC 7946 §3.1.9)")
                } else if boundary.areaSquareMeters < Self.smallestArea {
                    problem("geometry", "encloses no area (a degenerate or self-cancelling ring)")
                } else {
                    record.boundary = boundary
                }
            case .point(let centre)?: record.centre = centre
            case nil:
                if feature.problems.isEmpty {
                    problem("geometry", "missing; an area needs a boundary or a centre point")
                }
            }
            record.kind = Self.kind(
                explicit: feature.properties["kind"]?.stringValue,
                names: [feature.properties["fullName"]?.stringValue, name])
            for field in ["areaKm2", "area_km2"] {
                if let value = feature.properties[field] {
                    if let km2 = value.doubleValue, km2 > 0 {
                        record.publishedAreaKm2 = km2
                    } else if value != .null {
                        problem(
                            field,
                            "\(value.stringValue.map(CellParser.quoted) ?? "value") "
                                + "is not a positive number"
                        )
                    }
                }
            }
            records.append(record)
        }
        return records
    }

    // MARK: - CSV

    private func readCSV(
        _ file: InputFile, options: AreaImportOptions, report: inout ImportReport
    ) throws(ImportFailure) -> [AreaRecord] {
        let document = try file.csv(options.csv)
        for required in ["code", "name"] where document.columnIndex(required) == nil {
            throw ImportFailure(.badData, "\(file.name): no '\(required)' column (columns: "
                + document.header.joined(separator: ", ") + ")")
        }
        report.rowsRead = document.records.count
        var records: [AreaRecord] = []
        for row in document.records {
            let place = InputPlace.line(row.line)
            func problem(_ field: String, _ reason: String) {
                report.problems.append(
                    RowProblem(file: file.name, place: place, field: field, reason: reason))
            }
            func cell(_ column: String) -> String {
                (document.value(row, column) ?? "").trimmingCharacters(in: .whitespaces)
            }
            let code = cell("code")
            let name = cell("name")
            if code.isEmpty { problem("code", "missing; every area needs a code") }
            if name.isEmpty { problem("name", "missing; every area needs a name") }
            Self.checkText(
                code: code, name: name, codeField: "code", nameField: "name", problem: problem)
            var record = AreaRecord(place: place, code: code, name: name)
            record.kind = Self.kind(explicit: cell("kind"), names: [name])

            let area = cell("area_km2")
            if !area.isEmpty {
                if let km2 = CellParser.number(area), km2 > 0 {
                    record.publishedAreaKm2 = km2
                } else {
                    problem("area_km2", "\(CellParser.quoted(area)) is not a positive number")
                }
            }
            let lat = cell("centroid_lat")
            let lon = cell("centroid_lon")
            if !lat.isEmpty || !lon.isEmpty {
                switch Self.coordinate(lat, lon) {
                case .success(let centre): record.centre = centre
                case .failure(let reason): problem("centroid_lat, centroid_lon", reason.text)
                }
            }
            let population = cell("population")
            if !population.isEmpty {
                if let value = CellParser.integer(population), value >= 0 {
                    record.population = value
                    let source = cell("population_source")
                    if source.isEmpty {
                        problem(
                            "population_source",
                            "missing; say where the population figure comes from")
                    }
                    record.populationSource = source
                } else {
                    problem(
                        "population",
                        "\(CellParser.quoted(population)) is not a whole number of people")
                }
            }
            records.append(record)
        }
        return records
    }

    // MARK: - Helpers

    /// Codes and names are kept as written, so control characters in them are refused.
    static func checkText(
        code: String, name: String, codeField: String, nameField: String,
        problem: (String, String) -> Void
    ) {
        if let control = CellParser.controlCharacter(in: code) {
            problem(codeField, "contains a control character (\(control))")
        }
        if let control = CellParser.controlCharacter(in: name) {
            problem(nameField, "contains a control character (\(control)); names are kept as "
                + "written, so fix it in the file")
        }
    }

    /// The kind of unit: given explicitly, or read from a name's prefix
    /// (`Phường …`, `Xã …`).
    public static func kind(explicit: String?, names: [String?]) -> String? {
        let known = [
            "phường": "phường", "phuong": "phường", "xã": "xã", "xa": "xã",
            "thị trấn": "thị trấn", "thi tran": "thị trấn", "đặc khu": "đặc khu",
        ]
        if let explicit = explicit?.trimmingCharacters(in: .whitespaces).lowercased(),
            !explicit.isEmpty
        {
            return known[explicit] ?? explicit
        }
        for name in names.compactMap({ $0?.lowercased() }) {
            for (prefix, kind) in known where name.hasPrefix(prefix + " ") {
                return kind
            }
        }
        return nil
    }

    struct CoordinateProblem: Error { let text: String }

    static func coordinate(_ lat: String, _ lon: String) -> Result<Coordinate, CoordinateProblem> {
        guard let latitude = CellParser.number(lat) else {
            return .failure(
                CoordinateProblem(text: "latitude \(CellParser.quoted(lat)) is not a number"))
        }
        guard let longitude = CellParser.number(lon) else {
            return .failure(
                CoordinateProblem(text: "longitude \(CellParser.quoted(lon)) is not a number"))
        }
        let point = Coordinate(latitude: latitude, longitude: longitude)
        guard point.isValid else {
            return .failure(
                CoordinateProblem(
                    text: "\(PlaceFormat.coordinate(point)) is not a latitude, longitude pair"))
        }
        return .success(point)
    }
}
