import Foundation

/// A grid of square cells on a projected plane, numbered row by row from the south-west.
///
/// The corner is snapped to a multiple of the cell size, so the same cell size over the
/// same projection always gives the same cells, whatever the extent.
public struct SquareGrid: Sendable, Equatable {
    /// The south-west corner of cell (0, 0), in metres.
    public let origin: ProjectedPoint
    /// The side of a cell, in metres.
    public let cellSize: Double
    public let columns: Int
    public let rows: Int

    /// A grid whose cells cover the box from `minimum` to `maximum` (metres).
    public init(covering minimum: ProjectedPoint, _ maximum: ProjectedPoint, cellSize: Double) {
        precondition(cellSize > 0, "a grid needs a positive cell size")
        let x0 = (minimum.x / cellSize).rounded(.down) * cellSize
        let y0 = (minimum.y / cellSize).rounded(.down) * cellSize
        origin = ProjectedPoint(x: x0, y: y0)
        self.cellSize = cellSize
        columns = max(1, Int(((maximum.x - x0) / cellSize).rounded(.down)) + 1)
        rows = max(1, Int(((maximum.y - y0) / cellSize).rounded(.down)) + 1)
    }

    /// How many cells the grid has.
    public var count: Int { columns * rows }

    /// The linear index of a cell: `row · columns + column`.
    public func index(column: Int, row: Int) -> Int { row * columns + column }

    /// The centre of a cell.
    public func centre(column: Int, row: Int) -> ProjectedPoint {
        ProjectedPoint(
            x: origin.x + (Double(column) + 0.5) * cellSize,
            y: origin.y + (Double(row) + 0.5) * cellSize)
    }

    /// The column and row of the cell holding a point (the south and west edges belong to
    /// the cell); nil outside the grid.
    public func cell(containing p: ProjectedPoint) -> (column: Int, row: Int)? {
        let column = ((p.x - origin.x) / cellSize).rounded(.down)
        let row = ((p.y - origin.y) / cellSize).rounded(.down)
        guard column >= 0, row >= 0, column < Double(columns), row < Double(rows) else {
            return nil
        }
        return (Int(column), Int(row))
    }

    /// The cells whose centres lie inside a shape given by its rings (an exterior and its
    /// holes), by the even-odd rule, as linear indexes in row order.
    ///
    /// Scan lines run through the cell centres; an edge crosses a line when one end is on
    /// or above it and the other below (half-open), so two shapes sharing an edge never
    /// both claim a centre that lies on it.
    public func cellsWithCentreInside(rings: [[ProjectedPoint]]) -> [Int] {
        // Crossings per row, from each edge's span of rows only.
        var lowest = Int.max
        var highest = Int.min
        for ring in rings {
            for point in ring {
                let row = ((point.y - origin.y) / cellSize).rounded(.down)
                guard row.isFinite else { continue }
                let clamped = Int(max(0, min(Double(rows - 1), row)))
                lowest = min(lowest, clamped)
                highest = max(highest, clamped)
            }
        }
        guard lowest <= highest else { return [] }
        var crossings = [[Double]](repeating: [], count: highest - lowest + 1)
        for ring in rings {
            guard var previous = ring.last else { continue }
            for point in ring {
                let (low, high) = previous.y <= point.y ? (previous, point) : (point, previous)
                if low.y < high.y {
                    // Rows whose centre y satisfies low.y <= y < high.y.
                    let first = max(
                        lowest, Int(((low.y - origin.y) / cellSize - 0.5).rounded(.up)))
                    let last = min(
                        highest, Int(((high.y - origin.y) / cellSize - 0.5).rounded(.up)) - 1)
                    if first <= last {
                        for row in first...last {
                            let y = origin.y + (Double(row) + 0.5) * cellSize
                            guard y >= low.y, y < high.y else { continue }
                            let x = low.x + (high.x - low.x) * (y - low.y) / (high.y - low.y)
                            crossings[row - lowest].append(x)
                        }
                    }
                }
                previous = point
            }
        }

        var inside: [Int] = []
        for (offset, unsorted) in crossings.enumerated() where !unsorted.isEmpty {
            let row = lowest + offset
            let xs = unsorted.sorted()
            var pair = 0
            while pair + 1 < xs.count {
                // Centres x with xs[pair] <= x < xs[pair + 1].
                let from = max(0, Int(((xs[pair] - origin.x) / cellSize - 0.5).rounded(.up)))
                let to = min(
                    columns - 1,
                    Int(((xs[pair + 1] - origin.x) / cellSize - 0.5).rounded(.up)) - 1)
                if from <= to {
                    for column in from...to { inside.append(index(column: column, row: row)) }
                }
                pair += 2
            }
        }
        return inside
    }
}
