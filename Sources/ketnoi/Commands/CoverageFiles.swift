import Coverage
import Foundation
import Geo
import Places
import Storage

/// The files `ketnoi coverage` writes: areas and cells as GeoJSON, cells as CSV.
enum CoverageFiles {
    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandFailure(.cannotCreate, "cannot write \(path): "
                + ((error as NSError).localizedFailureReason ?? error.localizedDescription))
        }
    }

    static func optional(_ value: Double?, places: Int) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        let scale = pow(10, Double(places))
        return .number((value * scale).rounded() / scale)
    }

    /// Areas with their measures: boundaries as MultiPolygons, centre points as Points.
    static func areasGeoJSON(_ run: StoredCoverageRun, db: Database) throws -> String {
        let store = AreaStore(db)
        var features: [(id: String?, properties: [(String, JSONValue)], geometry: Geometry?)] = []
        for a in run.areas.sorted(by: { $0.code < $1.code }) {
            var geometry: Geometry?
            if let boundary = try store.boundary(code: a.code) {
                geometry = .multiPolygon(boundary)
            } else if let centre = try store.find(code: a.code)?.centre {
                geometry = .point(centre)
            }
            let properties: [(String, JSONValue)] = [
                ("code", .string(a.code)), ("name", .string(a.name)),
                ("rank", a.rank.map { .number(Double($0)) } ?? .null),
                ("status", .string(a.status.rawValue)),
                ("reasons", .string(a.reasons.joined(separator: "; "))),
                ("population", optional(a.population, places: 0)),
                ("hotspots", .number(Double(a.hotspots))),
                ("coverage_pct", optional(a.coverage.map { $0 * 100 }, places: 2)),
                ("uncovered", optional(a.uncoveredPopulation, places: 0)),
                ("access_per_1000", optional(a.accessibility * 1000, places: 6)),
                ("saturation_pct", optional(a.medianSaturation.map { $0 * 100 }, places: 1)),
                ("use_per_1000", optional(a.usePer1000, places: 3)),
                ("approximate", .bool(a.approximate)),
            ]
            features.append((a.code, properties, geometry))
        }
        return GeoJSON.write(features)
    }

    /// Every cell as a square (its corners unprojected), with its area and measures.
    static func cellsGeoJSON(_ result: CoverageResult) -> String {
        let grid = result.grid
        let half = grid.grid.cellSize / 2
        var features: [(id: String?, properties: [(String, JSONValue)], geometry: Geometry?)] = []
        features.reserveCapacity(grid.cellCount)
        for cell in 0..<grid.cellCount {
            let centre = grid.positions[cell]
            let offsets = [
                (-half, -half), (half, -half), (half, half), (-half, half), (-half, -half),
            ]
            let corners = offsets.map {
                grid.projection.unproject(ProjectedPoint(x: centre.x + $0, y: centre.y + $1))
            }
            let area = grid.areas[Int(grid.area[cell])]
            let properties: [(String, JSONValue)] = [
                ("area", .string(area.code)),
                ("population", optional(grid.population[cell], places: 3)),
                ("covered", .bool(result.cellCovered[cell])),
                ("access_per_1000", optional(result.cellAccessibility[cell].map { $0 * 1000 },
                    places: 6)),
            ]
            let square = MultiPolygon([Polygon(exterior: LinearRing(corners))])
            features.append((cellID(centre, half: half), properties, .multiPolygon(square)))
        }
        return GeoJSON.write(features)
    }

    /// The cell's id: the easting and northing of its south-west corner, in metres.
    static func cellID(_ centre: ProjectedPoint, half: Double) -> String {
        "\(Int((centre.x - half).rounded()))_\(Int((centre.y - half).rounded()))"
    }

    /// Cells as CSV, numbers written to round-trip exactly (for cross-checks).
    static func cellsCSV(_ result: CoverageResult) -> String {
        let grid = result.grid
        let half = grid.grid.cellSize / 2
        var text = "cell,area,easting,northing,latitude,longitude,population,covered,"
            + "accessibility\n"
        text.reserveCapacity(grid.cellCount * 96)
        for cell in 0..<grid.cellCount {
            let centre = grid.positions[cell]
            let coordinate = grid.projection.unproject(centre)
            let score = result.cellAccessibility[cell].map { "\($0)" } ?? ""
            text += cellID(centre, half: half) + "," + grid.areas[Int(grid.area[cell])].code
                + ",\(centre.x),\(centre.y),"
                + String(format: "%.6f,%.6f", coordinate.latitude, coordinate.longitude)
                + ",\(grid.population[cell]),\(result.cellCovered[cell] ? 1 : 0),\(score)\n"
        }
        return text
    }
}
