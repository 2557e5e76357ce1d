import Foundation
import Storage
import Tabular

/// Imports population figures per area and group from CSV: `code, group, value, source, year`.
///
/// The group `total` sets the area's population; any other group (`female`, `age:60+`,
/// `disability`, `poor-household`) is stored beside it. A later figure for the same area and
/// group replaces the earlier one.
public struct PopulationImporter {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    public func importFile(
        _ path: String, csv: CSVReadOptions = .init(), mode: ImportMode = .allOrNothing
    ) throws -> ImportReport {
        let file = try InputFile(path: path)
        var report = ImportReport(file: file.name, mode: mode)
        let document = try file.csv(csv)
        for required in ["code", "group", "value", "source"]
        where document.columnIndex(required) == nil {
            throw ImportFailure(
                .badData,
                "\(file.name): no '\(required)' column (columns: "
                    + document.header.joined(separator: ", ") + ")")
        }
        report.rowsRead = document.records.count
        let knownCodes = Set(
            try db.query("SELECT code FROM areas").map { try $0.get("code", as: String.self) })
        if knownCodes.isEmpty {
            throw ImportFailure(
                .badData, "\(file.name): no areas are imported yet; run 'ketnoi areas import' first"
            )
        }

        struct Figure {
            let code: String; let group: String; let value: Int; let source: String; let year: Int?
        }
        var figures: [Figure] = []
        var seen: [String: Int] = [:]
        for row in document.records {
            func problem(_ field: String, _ reason: String) {
                report.problems.append(
                    RowProblem(
                        file: file.name, place: .line(row.line), field: field, reason: reason))
            }
            func cell(_ column: String) -> String {
                (document.value(row, column) ?? "").trimmingCharacters(in: .whitespaces)
            }
            let before = report.problems.count
            let code = cell("code")
            let group = cell("group").lowercased()
            let valueText = cell("value")
            let source = cell("source")
            let yearText = cell("year")

            if code.isEmpty {
                problem("code", "missing")
            } else if !knownCodes.contains(code) {
                problem("code", "'\(code)' is not an imported area")
            }
            if !Self.isGroupName(group) {
                problem("group", "\(CellParser.quoted(group)) is not a group name "
                    + "(letters, digits and : + - _ ., e.g. total, female, age:60+)")
            }
            let value = CellParser.integer(valueText)
            if value == nil || value! < 0 {
                problem("value", "\(CellParser.quoted(valueText)) is not a whole number of people")
            }
            if source.isEmpty { problem("source", "missing; say where the figure comes from") }
            var year: Int?
            if !yearText.isEmpty {
                year = CellParser.integer(yearText)
                if year == nil || !(1900...2100).contains(year!) {
                    problem("year", "\(CellParser.quoted(yearText)) is not a year")
                }
            }
            // A repeat is of a line that was taken: one rejected for its own reasons does not
            // make the next figure for the same group a repeat.
            let key = code + "\u{0}" + group
            if let first = seen[key] {
                problem("group", "'\(group)' for area \(code) repeats line \(first)")
            }
            if report.problems.count == before, let value {
                seen[key] = row.line
                figures.append(
                    Figure(code: code, group: group, value: value, source: source, year: year))
            }
        }
        guard report.settle() else { return report }
        try db.transaction {
            for figure in figures {
                if figure.group == "total" {
                    // A first figure for the area is created; one replacing a figure, updated.
                    let had = try db.scalar(Int.self, """
                        SELECT count(*) FROM areas WHERE code = ? AND population IS NOT NULL
                        """, [figure.code]) ?? 0
                    try db.execute("""
                        UPDATE areas SET population = ?, population_source = ?, population_year = ?
                        WHERE code = ?
                        """, [figure.value, figure.source, figure.year, figure.code])
                    if had > 0 { report.updated += 1 } else { report.created += 1 }
                } else {
                    let existed = try db.scalar(Int.self, """
                        SELECT count(*) FROM area_populations
                        WHERE area_code = ? AND population_group = ?
                        """, [figure.code, figure.group]) ?? 0
                    try db.execute("""
                        INSERT INTO area_populations (area_code, population_group, value, source, year)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (area_code, population_group)
                        DO UPDATE SET value = excluded.value, source = excluded.source, year = excluded.year
                        """, [figure.code, figure.group, figure.value, figure.source, figure.year])
                    if existed > 0 { report.updated += 1 } else { report.created += 1 }
                }
            }
            let overTotal = try db.query("""
                SELECT p.area_code, p.population_group, p.value, a.population FROM area_populations p
                JOIN areas a ON a.code = p.area_code
                WHERE a.population IS NOT NULL AND p.value > a.population
                ORDER BY p.area_code, p.population_group
                """)
            for row in overTotal {
                let code: String = try row.get("area_code")
                let group: String = try row.get("population_group")
                let value: Int = try row.get("value")
                let total: Int = try row.get("population")
                report.warnings.append(
                    "area \(code): group \(group) (\(value)) "
                        + "exceeds the total population (\(total))"
                )
            }
        }
        report.wrote = !figures.isEmpty
        return report
    }

    static func isGroupName(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 64 else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0)
                || ":+-_.".unicodeScalars.contains($0)
        }
    }
}
