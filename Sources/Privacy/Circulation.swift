/// A position in a table's grid with its totals: the last row holds the column totals, the
/// last column the row totals.
struct GridPosition: Hashable, Sendable {
    let row: Int
    let column: Int

    init(_ row: Int, _ column: Int) {
        self.row = row
        self.column = column
    }
}

/// A published table as a reader sees it: every equation of its grid at once.
///
/// The grid is a circulation on a bipartite graph with a node per row and per column of the
/// grid: a cell, and the grand total, is an edge from its row to its column; a row or column
/// total an edge the other way (each node's edges in and out then balance, which is what the
/// totals say). What a reader knows is a bound on each edge: a shown entry its value, a `<10`
/// 1 to 9, a `*` 10 or more, and anything learnt elsewhere (`known`, from linked tables). The
/// true table is one circulation within the bounds; any other a reader cannot rule out
/// differs from it by flow around cycles. So an entry can be `up` higher, where `up` is the
/// most flow that can go from its head back to its tail through the other edges' room (a
/// max-flow), and `down` lower the other way round. With integer bounds every value in
/// between is possible too.
struct Circulation {
    let grid: [[Int]]
    let hidden: [[Bool]]
    let complementary: [[Bool]]
    /// Counts of 1 up to this are shown as `<10`.
    let largest: Int

    /// Larger than any count: a `*` has no upper bound a reader knows of.
    static let unbounded = 1 << 40

    var rows: Int { grid.count }
    var columns: Int { grid.first?.count ?? 0 }
    var nodes: Int { rows + columns }

    /// The edge of an entry: from its row to its column, a total the other way.
    func ends(_ position: GridPosition) -> (tail: Int, head: Int) {
        let isTotal = (position.row == rows - 1) != (position.column == columns - 1)
        return isTotal
            ? (rows + position.column, position.row) : (position.row, rows + position.column)
    }

    /// What a reader knows of an entry before solving anything.
    func bounds(
        _ position: GridPosition, known: [GridPosition: ClosedRange<Int>]
    ) -> ClosedRange<Int> {
        let value = grid[position.row][position.column]
        guard hidden[position.row][position.column] else { return value...value }
        let own = complementary[position.row][position.column]
            ? (largest + 1)...Self.unbounded : 1...largest
        // Bounds learnt elsewhere always hold the true value; clamped, they cannot cross.
        return known[position].map { own.clamped(to: $0) } ?? own
    }

    /// Room to change every hidden entry: residual[from * nodes + to].
    func residual(known: [GridPosition: ClosedRange<Int>]) -> [Int] {
        var residual = [Int](repeating: 0, count: nodes * nodes)
        for row in 0..<rows {
            for column in 0..<columns where hidden[row][column] {
                let position = GridPosition(row, column)
                let (tail, head) = ends(position)
                let range = bounds(position, known: known)
                let value = grid[row][column]
                residual[tail * nodes + head] += range.upperBound - value
                residual[head * nodes + tail] += value - range.lowerBound
            }
        }
        return residual
    }

    /// The values a reader can find possible for a hidden entry, searching at most `limit`
    /// away from the true value each way; `residual` is `residual(known:)` of the same
    /// `known`, made once for every entry asked about.
    func range(
        of position: GridPosition, known: [GridPosition: ClosedRange<Int>], residual: [Int],
        limit: Int = Circulation.unbounded
    ) -> ClosedRange<Int> {
        let value = grid[position.row][position.column]
        let own = bounds(position, known: known)
        let (tail, head) = ends(position)
        // The other edges only: this one's own room is taken out.
        var others = residual
        others[tail * nodes + head] -= own.upperBound - value
        others[head * nodes + tail] -= value - own.lowerBound
        let up = Self.maximumFlow(
            &others, nodes: nodes, from: head, to: tail,
            limit: min(own.upperBound - value, limit))
        others = residual
        others[tail * nodes + head] -= own.upperBound - value
        others[head * nodes + tail] -= value - own.lowerBound
        let down = Self.maximumFlow(
            &others, nodes: nodes, from: tail, to: head,
            limit: min(value - own.lowerBound, limit))
        return (value - down)...(value + up)
    }

    /// The first `<10` entry (row by row) a reader could narrow to fewer than five values;
    /// nil when there is none.
    func exposedSmallEntry(known: [GridPosition: ClosedRange<Int>]) -> (Int, Int)? {
        let needed = SuppressedTable.fewestChoices(largest: largest)
        let residual = residual(known: known)
        for row in 0..<rows {
            for column in 0..<columns where hidden[row][column] && !complementary[row][column] {
                let position = GridPosition(row, column)
                let possible = range(
                    of: position, known: known, residual: residual, limit: needed - 1)
                if possible.count < needed { return (row, column) }
            }
        }
        return nil
    }

    /// The flow from `source` to `sink` through `capacity` (consumed), by shortest augmenting
    /// paths, stopping once it reaches `limit`.
    static func maximumFlow(
        _ capacity: inout [Int], nodes: Int, from source: Int, to sink: Int, limit: Int
    ) -> Int {
        var flow = 0
        var previous = [Int](repeating: -1, count: nodes)
        var queue = [Int]()
        queue.reserveCapacity(nodes)
        while flow < limit {
            for node in 0..<nodes { previous[node] = -1 }
            previous[source] = source
            queue.removeAll(keepingCapacity: true)
            queue.append(source)
            var next = 0
            while next < queue.count, previous[sink] < 0 {
                let node = queue[next]
                next += 1
                for other in 0..<nodes
                where previous[other] < 0 && capacity[node * nodes + other] > 0 {
                    previous[other] = node
                    queue.append(other)
                }
            }
            guard previous[sink] >= 0 else { break }
            var push = limit - flow
            var node = sink
            while node != source {
                push = min(push, capacity[previous[node] * nodes + node])
                node = previous[node]
            }
            node = sink
            while node != source {
                capacity[previous[node] * nodes + node] -= push
                capacity[node * nodes + previous[node]] += push
                node = previous[node]
            }
            flow += push
        }
        return flow
    }
}
