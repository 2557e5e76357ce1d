import Foundation
import Tabular

/// One row of a table read for an import, with its place in the file.
public struct ImportRow: Sendable {
    public let place: InputPlace
    /// Cell text by column name as written in the header (or JSON key).
    public let cells: [String: String]

    public init(place: InputPlace, cells: [String: String]) {
        self.place = place
        self.cells = cells
    }

    /// The cell of a column, matched exactly, else case-insensitively; nil when absent.
    public func value(_ column: String) -> String? {
        if let exact = cells[column] { return exact }
        let lowered = column.lowercased()
        return cells.first { $0.key.lowercased() == lowered }?.value
    }
}

/// A CSV file or a JSON array of objects, read as rows for an import.
public struct ImportTable: Sendable {
    public let file: String
    public let columns: [String]
    public let rows: [ImportRow]

    /// Reads a file, sniffing CSV or JSON by content; JSON values become text.
    public static func read(path: String, csv: CSVReadOptions) throws(ImportFailure) -> ImportTable
    {
        let input = try InputFile(path: path)
        switch input.format {
        case .csv:
            let document = try input.csv(csv)
            let rows = document.records.map { record in
                var cells: [String: String] = [:]
                for (index, name) in document.header.enumerated() where index < record.fields.count
                {
                    cells[name] = record.fields[index]
                }
                return ImportRow(place: .line(record.line), cells: cells)
            }
            return ImportTable(file: input.name, columns: document.header, rows: rows)
        case .json:
            guard let objects = try input.json() as? [Any] else {
                throw ImportFailure(.badData, "\(input.name): expected a JSON array of objects")
            }
            var columns: [String] = []
            var rows: [ImportRow] = []
            for (offset, element) in objects.enumerated() {
                guard let object = element as? [String: Any] else {
                    throw ImportFailure(
                        .badData, "\(input.name): item \(offset + 1) is not an object")
                }
                var cells: [String: String] = [:]
                for (key, value) in object {
                    if !columns.contains(key) { columns.append(key) }
                    switch value {
                    case let text as String: cells[key] = text
                    case let number as NSNumber: cells[key] = number.stringValue
                    default: cells[key] = ""
                    }
                }
                rows.append(ImportRow(place: .item(offset + 1), cells: cells))
            }
            return ImportTable(file: input.name, columns: columns, rows: rows)
        }
    }
}
