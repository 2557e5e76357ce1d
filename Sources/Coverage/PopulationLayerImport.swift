import Foundation
import Places
import Storage
import Tabular

/// Imports a finer population layer: a CSV of points with `lat, lon, people` (also named
/// `latitude`, `longitude`, `lng`, `population`), e.g. WorldPop or HRSL cell centres.
///
/// The layer replaces the one imported before, all or nothing. Coverage runs then spread each
/// area's population over its cells in proportion to the layer's people in them (an area
/// without a population figure takes the layer's sum).
public struct PopulationLayerImporter {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    static let columnNames: [(field: String, names: [String])] = [
        ("lat", ["lat", "latitude"]),
        ("lon", ["lon", "longitude", "lng"]),
        ("people", ["people", "population"]),
    ]

    public func importFile(
        _ path: String, csv: CSVReadOptions = .init(), mode: ImportMode = .allOrNothing,
        now: Date = Date()
    ) throws -> ImportReport {
        let table = try ImportTable.read(path: path, csv: csv)
        var report = ImportReport(file: table.file, mode: mode)
        var columns: [String: String] = [:]
        for (field, names) in Self.columnNames {
            let lowered = Set(names)
            guard let column = table.columns.first(where: { lowered.contains($0.lowercased()) })
            else {
                throw ImportFailure(
                    .badData,
                    "\(table.file): no '\(field)' column (columns: "
                        + table.columns.joined(separator: ", ") + ")")
            }
            columns[field] = column
        }
        report.rowsRead = table.rows.count

        var points: [PopulationPoint] = []
        for row in table.rows {
            func problem(_ field: String, _ reason: String) {
                report.problems.append(
                    RowProblem(file: table.file, place: row.place, field: field, reason: reason))
            }
            func number(_ field: String) -> (text: String, value: Double?) {
                let text = (row.value(columns[field] ?? field) ?? "")
                    .trimmingCharacters(in: .whitespaces)
                return (text, Self.number(text))
            }
            let before = report.problems.count
            let lat = number("lat")
            let lon = number("lon")
            let people = number("people")
            if lat.value == nil || !(-90...90).contains(lat.value ?? .nan) {
                problem("lat", "\(CellParser.quoted(lat.text)) is not a latitude (-90 to 90)")
            }
            if lon.value == nil || !(-180...180).contains(lon.value ?? .nan) {
                problem("lon", "\(CellParser.quoted(lon.text)) is not a longitude (-180 to 180)")
            }
            // A layer's point is a cell of 100 m or so: a million people is far past any, and
            // a value like 1e308 would overflow the sums that spread a ward over its cells.
            if people.value == nil || !(0...Self.mostPeople).contains(people.value ?? -1) {
                problem("people", "\(CellParser.quoted(people.text)) is not a number of people "
                    + "(0 to 1,000,000)")
            }
            if report.problems.count == before, let la = lat.value, let lo = lon.value,
                let p = people.value
            {
                points.append(PopulationPoint(
                    coordinate: .init(latitude: la, longitude: lo), people: p))
            }
        }
        guard report.settle() else { return report }
        try db.transaction {
            let earlier = try db.scalar(Int.self, "SELECT count(*) FROM population_points") ?? 0
            try db.execute("DELETE FROM population_points")
            if earlier > 0 {
                report.warnings.append("replaced the earlier population layer (\(earlier) points)")
            }
            let insert = try db.prepare("""
                INSERT INTO population_points (latitude, longitude, people, source, imported_at)
                VALUES (?, ?, ?, ?, ?)
                """)
            for point in points {
                try insert.execute([
                    point.coordinate.latitude, point.coordinate.longitude, point.people,
                    table.file, now,
                ])
            }
        }
        report.created = points.count
        report.wrote = true
        return report
    }

    /// The most people one point of a layer may hold.
    static let mostPeople = 1_000_000.0

    /// A finite decimal number (a single comma taken as the decimal mark); nil otherwise.
    static func number(_ text: String) -> Double? {
        var cleaned = text
        if !cleaned.contains("."), cleaned.filter({ $0 == "," }).count == 1 {
            cleaned = cleaned.replacingOccurrences(of: ",", with: ".")
        }
        let allowed = Set("0123456789+-.eE")
        guard !cleaned.isEmpty, cleaned.count <= 64, cleaned.allSatisfy(allowed.contains),
            let value = Double(cleaned), value.isFinite
        else { return nil }
        return value
    }
}
