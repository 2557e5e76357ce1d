import Equity
import Foundation
import Geo
import Tabular

/// A column of a data file: its name, what it holds (for `data-dictionary.md`) and how a row
/// gives its text.
public struct DataColumn<Row>: Sendable {
    public let name: String
    public let meaning: String
    let text: @Sendable (Row) -> String

    init(_ name: String, _ meaning: String, _ text: @escaping @Sendable (Row) -> String) {
        self.name = name
        self.meaning = meaning
        self.text = text
    }
}

/// The files beside `index.html`: `wards.csv`, `hotspots.csv`, `indicators.csv`,
/// `wards.geojson` and `data-dictionary.md`.
public enum ReportFiles {
    /// The names of the report's files, in the order `render` gives them.
    public static let names = [
        "index.html", "wards.csv", "hotspots.csv", "indicators.csv", "wards.geojson",
        "data-dictionary.md",
    ]

    /// File name → contents, for every file of the report including `index.html`.
    public static func render(_ model: ReportModel) -> [(name: String, contents: String)] {
        [
            ("index.html", ReportPage.render(model)),
            ("wards.csv", csv(model.wards, wardColumns)),
            ("hotspots.csv", csv(model.hotspots, hotspotColumns)),
            ("indicators.csv", csv(model.indicators, indicatorColumns)),
            ("wards.geojson", wardsGeoJSON(model.wards)),
            ("data-dictionary.md", dataDictionary(model)),
        ]
    }

    /// Writes every file into `directory`, creating it when missing; a file already there is
    /// replaced whole (written beside it, then renamed).
    public static func write(_ model: ReportModel, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, contents) in render(model) {
            try Data(contents.utf8).write(
                to: directory.appendingPathComponent(name), options: .atomic)
        }
    }

    // MARK: - CSV

    static func csv<Row>(_ rows: [Row], _ columns: [DataColumn<Row>]) -> String {
        CSVWriter().document(
            header: columns.map(\.name), rows: rows.map { row in columns.map { $0.text(row) } })
    }

    /// A figure for a data file: its number in plain digits when shown, else its marker.
    static func cell(_ figure: Figure) -> String {
        guard let value = figure.value else { return figure.text == "–" ? "" : figure.text }
        return Format.plainNumber(value)
    }

    static let wardColumns: [DataColumn<WardRow>] = [
        DataColumn("code", "GSO code of the ward (phường) or commune (xã)") { $0.code },
        DataColumn("name", "Official name") { $0.name },
        DataColumn("kind", "phường (urban ward) or xã (rural commune)") { $0.kind.rawValue },
        DataColumn("status", "Underserved status: unserved, underserved, served or no data") {
            $0.status.label
        },
        DataColumn("rank", "Place in the underserved ranking, 1 = most underserved") {
            $0.rank.map(String.init) ?? ""
        },
        DataColumn("population", "Residents") { cell($0.population) },
        DataColumn("hotspots", "Public Wi-Fi hotspots in the ward") { String($0.hotspots) },
        DataColumn("coverage_pct", "Residents within a hotspot's radio footprint, %") {
            cell($0.coverage)
        },
        DataColumn(
            "accessibility", "Two-step floating catchment score ÷ city population-weighted mean"
        ) { cell($0.accessibility) },
        DataColumn("saturation", "Peak concurrent clients ÷ hotspot capacity") {
            cell($0.saturation)
        },
        DataColumn("devices_per_1000", "Distinct devices a day per 1,000 residents") {
            cell($0.devicesPerThousand)
        },
        DataColumn("learners_per_1000", "Learners enrolled per 1,000 residents") {
            cell($0.learnersPerThousand)
        },
        DataColumn("completion_pct", "Completed ÷ finished enrollments, %") {
            cell($0.completionRate)
        },
    ]

    static let hotspotColumns: [DataColumn<HotspotRow>] = [
        DataColumn("code", "Hotspot code") { $0.code },
        DataColumn("name", "Hotspot name") { $0.name },
        DataColumn("ward_code", "Code of the ward it stands in") { $0.wardCode },
        DataColumn("lat", "Latitude, WGS84 degrees") {
            $0.location.map { Format.plainNumber($0.latitude) } ?? ""
        },
        DataColumn("lon", "Longitude, WGS84 degrees") {
            $0.location.map { Format.plainNumber($0.longitude) } ?? ""
        },
        DataColumn(
            "daily_devices", "Distinct devices a day in the sampled period; `<10` for fewer than 10"
        ) {
            $0.dailyDevicesText(Format.plainNumber) ?? ""
        },
        DataColumn("ssids", "Network names broadcast, separated by `;`") {
            $0.ssids.joined(separator: ";")
        },
    ]

    static let indicatorColumns: [DataColumn<IndicatorRow>] = [
        DataColumn(
            "scope", "`city` or a ward code, then any group (`31120 gender: women`)"
        ) { $0.scope },
        DataColumn("indicator", "Indicator key, e.g. coverage, gini, representation-ratio") {
            $0.name
        },
        DataColumn(
            "value", "numerator ÷ denominator × the unit's scale; `<10`, `*` or `x` if hidden"
        ) {
            cell($0.value)
        },
        DataColumn("numerator", "The count or sum above the line") { cell($0.numerator) },
        DataColumn("denominator", "The count or sum below the line") { cell($0.denominator) },
        DataColumn("unit", "count, percent, per-1000, ratio, index or pp (percentage points)") {
            $0.unit.rawValue
        },
        DataColumn("source", "Where the figures come from") { $0.source },
        DataColumn("note", "Why a value is missing, or what it leaves out") { $0.note },
    ]

    // MARK: - GeoJSON

    /// The wards as an RFC 7946 FeatureCollection with the `wards.csv` columns as properties;
    /// a ward without a boundary has its centre as a Point, or a null geometry.
    public static func wardsGeoJSON(_ wards: [WardRow]) -> String {
        GeoJSON.write(wards.map { ward in
            let properties: [(String, JSONValue)] = wardColumns.map { column in
                (column.name, propertyValue(column.name, column.text(ward)))
            }
            let geometry: Geometry? = switch ward.shape {
            case .boundary(let shape): .multiPolygon(shape)
            case .centre(let centre): .point(centre)
            case .none: nil
            }
            return (id: ward.code, properties: properties, geometry: geometry)
        })
    }

    /// Numbers as JSON numbers, except the code, names and markers, which stay strings.
    static func propertyValue(_ column: String, _ text: String) -> JSONValue {
        if text.isEmpty { return .null }
        if ["code", "name", "kind", "status"].contains(column) { return .string(text) }
        if let number = Double(text), number.isFinite { return .number(number) }
        return .string(text)
    }

    // MARK: - Data dictionary

    /// `data-dictionary.md`: every file and every column.
    public static func dataDictionary(_ model: ReportModel) -> String {
        var text = "# Data dictionary: \(model.title), \(model.place)\n\n"
        if model.hasSampleData {
            text += "**Sample data.** Some sources are sample data; see index.html, "
                + "\"Method and data\".\n\n"
        }
        if model.isInternal {
            text += "**Internal: not for publication.** These files hold raw counts and "
                + "rates as recorded (`ketnoi report --internal`), small ones included.\n\n"
            text += "Text files are UTF-8 CSV with a header line (RFC 4180). An empty cell is "
                + "a figure not available.\n\n"
        } else {
            text += "Text files are UTF-8 CSV with a header line (RFC 4180). An empty cell is "
                + "a figure not available; `<10` is a count of 1 to 9, `*` a count hidden so "
                + "that such a count cannot be worked out from the totals, and `x` a rate or "
                + "share withheld (fewer than 20 people behind it, or its count hidden).\n\n"
        }
        text += section("wards.csv", "One row per ward.", wardColumns)
        text += section("hotspots.csv", "One row per hotspot.", hotspotColumns)
        text += section(
            "indicators.csv", "One row per indicator and scope.", indicatorColumns)
        text += "## wards.geojson\n\nThe wards as a GeoJSON FeatureCollection (RFC 7946, WGS84, "
            + "6 decimals), `id` the ward code, with the properties of wards.csv. A ward with "
            + "no imported boundary has its centre as a Point.\n"
        return text
    }

    static func section<Row>(_ file: String, _ about: String, _ columns: [DataColumn<Row>])
        -> String {
        "## \(file)\n\n\(about)\n\n"
            + Markdown.table(
                columns: [TableColumn("column"), TableColumn("meaning")],
                rows: columns.map { ["`\($0.name)`", $0.meaning] })
            + "\n"
    }
}
