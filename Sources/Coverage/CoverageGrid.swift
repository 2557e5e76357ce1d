import Foundation
import Geo

/// An area as the grid needs it: a boundary, or only a centre point.
public struct GridAreaInput: Sendable {
    public var code: String
    public var name: String
    /// The area's total; nil when not known (then only a population layer can give one).
    public var population: Int?
    public var boundary: MultiPolygon?
    public var centre: Coordinate?
    /// Used for the reach of a centre point (a disc of this area); nil: 1 km radius.
    public var areaKm2: Double?

    public init(
        code: String, name: String, population: Int?, boundary: MultiPolygon?,
        centre: Coordinate?, areaKm2: Double?
    ) {
        self.code = code
        self.name = name
        self.population = population
        self.boundary = boundary
        self.centre = centre
        self.areaKm2 = areaKm2
    }
}

/// A point of a finer population layer (e.g. a WorldPop or HRSL cell centre).
public struct PopulationPoint: Sendable, Equatable {
    public var coordinate: Coordinate
    public var people: Double

    public init(coordinate: Coordinate, people: Double) {
        self.coordinate = coordinate
        self.people = people
    }
}

/// One area of a grid: which cells are its own and how its population was spread.
public struct GridArea: Sendable {
    public let code: String
    public let name: String
    /// The total spread over the cells (the area's figure, else the layer's sum), people.
    public let population: Double
    /// True when the area had a population figure of its own.
    public let hasPopulation: Bool
    /// True when cells were given by nearest centre point, not by a boundary.
    public let approximate: Bool
    /// True when the spread follows the population layer rather than being even.
    public let fromLayer: Bool
    /// The area's cells, as indexes into `CoverageGrid.cells`.
    public let cells: Range<Int>
}

/// Grid cells over the imported areas with the people living in each.
///
/// Each cell belongs to the area whose boundary contains its centre; an area known only by
/// its centre point takes the cells within the radius of a disc of its area (1 km when that
/// is unknown) that no boundary took, the nearest centre winning, and is labelled
/// approximate. An area too small to hold a cell centre gets the cell holding its centroid.
/// Populations are spread evenly over an area's cells, or in proportion to a population
/// layer where the layer has people in the area's cells.
public struct CoverageGrid: Sendable {
    public let projection: TransverseMercator
    public let grid: SquareGrid
    /// Cell centres, grouped by area in the order of `areas`.
    public let positions: [ProjectedPoint]
    /// Grid linear index of each cell (two areas may share one grid square, see above).
    public let gridIndex: [Int32]
    /// Area index of each cell.
    public let area: [Int32]
    /// Residents of each cell.
    public let population: [Double]
    public let areas: [GridArea]
    /// Things worth knowing about the build (areas without cells or population …).
    public let warnings: [String]

    public var cellCount: Int { positions.count }

    /// Lays a grid of `cellSize` metres over the areas, in the UTM zone of their middle.
    public static func build(
        areas inputs: [GridAreaInput], cellSize: Double, layer: [PopulationPoint] = []
    ) -> CoverageGrid {
        var warnings: [String] = []

        // The projection: the UTM zone of the middle of everything.
        var box = BoundingBox.empty
        for input in inputs {
            if let boundary = input.boundary { box = box.union(boundary.boundingBox) }
            if let centre = input.centre { box = box.union(BoundingBox(covering: [centre])) }
        }
        let middle = box.isEmpty ? 105 : (box.minLongitude + box.maxLongitude) / 2
        let projection = TransverseMercator.utm(zone: TransverseMercator.utmZone(longitude: middle))

        // Project every ring and every centre disc once; the grid covers them all.
        var projected: [[[ProjectedPoint]]?] = []
        var reach: [Double] = []
        var minimum = ProjectedPoint(x: .infinity, y: .infinity)
        var maximum = ProjectedPoint(x: -.infinity, y: -.infinity)
        func extend(_ p: ProjectedPoint, by margin: Double = 0) {
            minimum.x = min(minimum.x, p.x - margin)
            minimum.y = min(minimum.y, p.y - margin)
            maximum.x = max(maximum.x, p.x + margin)
            maximum.y = max(maximum.y, p.y + margin)
        }
        // Projecting the boundaries' vertices is most of the work: area by area on every core.
        let projectedBoundaries = parallelMap(inputs.count) { a -> [[ProjectedPoint]]? in
            guard let boundary = inputs[a].boundary else { return nil }
            var polygons: [[ProjectedPoint]] = []
            for polygon in boundary.polygons {
                for ring in [polygon.exterior] + polygon.holes {
                    polygons.append(ring.points.map(projection.project))
                }
                // A marker between polygons: each is filled on its own.
                polygons.append([])
            }
            return polygons
        }
        for (input, boundary) in zip(inputs, projectedBoundaries) {
            if let polygons = boundary {
                for ring in polygons { ring.forEach { extend($0) } }
                projected.append(polygons)
                reach.append(0)
            } else {
                projected.append(nil)
                let radius = input.areaKm2.map { ($0 * 1e6 / .pi).squareRoot() } ?? 1000
                reach.append(radius)
                if let centre = input.centre { extend(projection.project(centre), by: radius) }
            }
        }
        if !(minimum.x <= maximum.x) {
            minimum = ProjectedPoint(x: 0, y: 0)
            maximum = minimum
        }
        let grid = SquareGrid(covering: minimum, maximum, cellSize: cellSize)

        // Ownership: boundaries first, in area order; the first to claim a cell keeps it. The
        // cells inside each polygon are found on every core, then claimed in order.
        let inside = parallelMap(inputs.count) { [projected] a -> [[Int]] in
            guard let polygons = projected[a] else { return [] }
            var found: [[Int]] = []
            var rings: [[ProjectedPoint]] = []
            for ring in polygons {
                if ring.isEmpty {
                    found.append(grid.cellsWithCentreInside(rings: rings))
                    rings = []
                } else {
                    rings.append(ring)
                }
            }
            return found
        }
        var owner = [Int32](repeating: -1, count: grid.count)
        var owned: [[Int]] = Array(repeating: [], count: inputs.count)
        var overlaps = 0
        for (a, polygons) in inside.enumerated() {
            owned[a].reserveCapacity(polygons.reduce(0) { $0 + $1.count })
            for cells in polygons {
                for cell in cells {
                    if owner[cell] < 0 {
                        owner[cell] = Int32(a)
                        owned[a].append(cell)
                    } else if owner[cell] != Int32(a) {
                        overlaps += 1
                    }
                }
            }
        }
        if overlaps > 0 {
            warnings.append("\(overlaps) cell(s) lie inside two boundaries; each went to the "
                + "first area by code")
        }

        // Centre points take the free cells within their reach, nearest centre first.
        var nearest = [Double](repeating: .infinity, count: 0)
        let pointAreas = inputs.indices.filter { projected[$0] == nil && inputs[$0].centre != nil }
        if !pointAreas.isEmpty {
            nearest = [Double](repeating: .infinity, count: grid.count)
            for a in pointAreas {
                guard let centre = inputs[a].centre else { continue }
                let c = projection.project(centre)
                let r = reach[a]
                guard let low = grid.cell(containing: ProjectedPoint(x: c.x - r, y: c.y - r))
                    ?? grid.cell(containing: minimum),
                    let high = grid.cell(containing: ProjectedPoint(x: c.x + r, y: c.y + r))
                else { continue }
                for row in low.row...high.row {
                    for column in low.column...high.column {
                        let cell = grid.index(column: column, row: row)
                        let d = grid.centre(column: column, row: row).distance(to: c)
                        guard d <= r, d < nearest[cell] else { continue }
                        if owner[cell] >= 0, projected[Int(owner[cell])] != nil { continue }
                        owner[cell] = Int32(a)
                        nearest[cell] = d
                    }
                }
            }
            for cell in 0..<grid.count where owner[cell] >= 0 {
                let a = Int(owner[cell])
                if projected[a] == nil { owned[a].append(cell) }
            }
        }

        // An area with no cell centre inside gets the cell holding its centroid.
        for a in inputs.indices where owned[a].isEmpty {
            let centre = inputs[a].boundary?.centroid ?? inputs[a].centre
            if let centre, let cell = grid.cell(containing: projection.project(centre)) {
                owned[a] = [grid.index(column: cell.column, row: cell.row)]
            }
        }

        // The layer: people per grid cell, then per area's cells.
        var layerPeople: [Int: Double] = [:]
        var layerOutside = 0
        for point in layer {
            if let cell = grid.cell(containing: projection.project(point.coordinate)),
                owner[grid.index(column: cell.column, row: cell.row)] >= 0
            {
                layerPeople[grid.index(column: cell.column, row: cell.row), default: 0]
                    += point.people
            } else {
                layerOutside += 1
            }
        }
        if layerOutside > 0 {
            warnings.append("\(layerOutside) population layer point(s) fall outside every area "
                + "and were left out")
        }

        // Cells, area by area.
        let cellTotal = owned.reduce(0) { $0 + $1.count }
        var positions: [ProjectedPoint] = []
        var gridIndex: [Int32] = []
        var areaOfCell: [Int32] = []
        var population: [Double] = []
        positions.reserveCapacity(cellTotal)
        gridIndex.reserveCapacity(cellTotal)
        areaOfCell.reserveCapacity(cellTotal)
        population.reserveCapacity(cellTotal)
        var areas: [GridArea] = []
        var withoutPopulation: [String] = []
        for (a, input) in inputs.enumerated() {
            let cells = owned[a]
            let first = positions.count
            let layerSum = layerPeople.isEmpty
                ? 0 : cells.reduce(0.0) { $0 + (layerPeople[$1] ?? 0) }
            let useLayer = layerSum > 0
            let total = input.population.map(Double.init) ?? (useLayer ? layerSum : 0)
            for cell in cells {
                let column = cell % grid.columns
                let row = cell / grid.columns
                positions.append(grid.centre(column: column, row: row))
                gridIndex.append(Int32(cell))
                areaOfCell.append(Int32(a))
                let share = useLayer
                    ? (layerPeople[cell] ?? 0) / layerSum : 1 / Double(cells.count)
                population.append(total * share)
            }
            if cells.isEmpty {
                warnings.append("area \(input.code): no cell; it has no boundary or centre point")
            } else if input.population == nil && !useLayer {
                withoutPopulation.append(input.code)
            }
            areas.append(GridArea(
                code: input.code, name: input.name, population: total,
                hasPopulation: input.population != nil, approximate: projected[a] == nil,
                fromLayer: useLayer, cells: first..<positions.count))
        }
        if !withoutPopulation.isEmpty {
            let listed = withoutPopulation.prefix(5).joined(separator: ", ")
                + (withoutPopulation.count > 5 ? ", …" : "")
            warnings.append("\(withoutPopulation.count) area(s) have no population figure "
                + "(\(listed)); their cells count 0 residents (import figures with "
                + "'ketnoi areas population')")
        }
        return CoverageGrid(
            projection: projection, grid: grid, positions: positions, gridIndex: gridIndex,
            area: areaOfCell, population: population, areas: areas, warnings: warnings)
    }
}
