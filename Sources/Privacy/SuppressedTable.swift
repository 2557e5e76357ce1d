/// A table of counts (rows × columns) with its row totals, column totals and grand total,
/// every cell as it may be published.
///
/// Suppression runs on the whole grid, totals included, seen as equations: each row's cells
/// sum to its total, each column's cells to its total, and the totals row and column to the
/// grand total. First every count of 1–9 is hidden (`<10`), totals too. Then, as long as some
/// row or column has exactly one hidden entry (which its other entries would give away), the
/// smallest other non-zero cell shown in it is hidden as well (`*`), the first one on a tie;
/// only when no cell is left is the line's total hidden. This repeats until no line has
/// exactly one hidden entry. Then, line by line, the bounds a reader can derive are checked
/// (a `*` is 10 or more, so a shown total can narrow a `<10` in its line): where they would,
/// one more entry is hidden, and the whole repeats until stable. Last, the whole table is
/// audited at once, as a reader solving every line's equation together would: each `<10`
/// must still have at least five possible values (see `exposedSmallEntry`); where one has
/// fewer, the smallest non-zero entry shown in its row or column is hidden too, and the whole
/// repeats. Zeros always stay shown.
public struct SuppressedTable: Sendable, Equatable {
    /// The counts as given.
    public let counts: [[Int]]
    public let rowTotals: [Int]
    public let columnTotals: [Int]
    public let grandTotal: Int
    /// `cells[row][column]` as it may be shown.
    public let cells: [[PublishedCount]]
    public let shownRowTotals: [PublishedCount]
    public let shownColumnTotals: [PublishedCount]
    public let shownGrandTotal: PublishedCount

    /// Applies the policy to a table of counts; every row must have the same number of
    /// columns and no count may be negative.
    public init(counts: [[Int]], policy: PublicationPolicy) throws(PublicationError) {
        let columns = counts.first?.count ?? 0
        for (row, values) in counts.enumerated() {
            guard values.count == columns else {
                throw PublicationError(
                    message: "row \(row + 1) has \(Self.cells(values.count)) where row 1 has "
                        + Self.cells(columns))
            }
            if let column = values.firstIndex(where: { $0 < 0 }) {
                throw PublicationError(
                    message: "row \(row + 1), column \(column + 1): a count cannot be "
                        + "negative (\(values[column]))")
            }
        }

        let rowTotals = counts.map { $0.reduce(0, +) }
        let columnTotals = (0..<columns).map { column in counts.reduce(0) { $0 + $1[column] } }
        let grandTotal = rowTotals.reduce(0, +)
        self.counts = counts
        self.rowTotals = rowTotals
        self.columnTotals = columnTotals
        self.grandTotal = grandTotal

        // The full grid: the last row holds the column totals, the last column the row totals.
        var grid = counts.enumerated().map { $1 + [rowTotals[$0]] }
        grid.append(columnTotals + [grandTotal])
        var hidden = grid.map { $0.map(policy.isSmall) }
        var complementary = grid.map { $0.map { _ in false } }
        if policy.mode == .published {
            Self.protect(
                grid: grid, largest: policy.largestHiddenCount, hidden: &hidden,
                complementary: &complementary)
        }

        let shown = grid.indices.map { row in
            grid[row].indices.map { column -> PublishedCount in
                if complementary[row][column] { return .complementary }
                return hidden[row][column] ? .small : .exact(grid[row][column])
            }
        }
        cells = shown.dropLast().map { Array($0.dropLast()) }
        shownRowTotals = shown.dropLast().map { $0[columns] }
        shownColumnTotals = Array(shown[counts.count].dropLast())
        shownGrandTotal = shown[counts.count][columns]
    }

    private static func cells(_ count: Int) -> String {
        count == 1 ? "1 cell" : "\(count) cells"
    }

    /// Hides further entries until no row or column of the grid has exactly one hidden entry
    /// and no `<10` can be narrowed to fewer than five values, line by line or all at once.
    static func protect(
        grid: [[Int]], largest: Int, hidden: inout [[Bool]], complementary: inout [[Bool]]
    ) {
        let rows = grid.count
        let columns = grid.first?.count ?? 0
        // Each line as its positions, the total last.
        let lines = (0..<rows).map { row in (0..<columns).map { (row, $0) } }
            + (0..<columns).map { column in (0..<rows).map { ($0, column) } }

        var widened = true
        while widened {
            hideSingles(grid: grid, lines: lines, hidden: &hidden, complementary: &complementary)
            widened = widen(
                grid: grid, lines: lines, largest: largest, hidden: &hidden,
                complementary: &complementary)
            if !widened, let (row, column) = exposedSmallEntry(
                grid: grid, largest: largest, hidden: hidden, complementary: complementary)
            {
                widened = hideBeside(
                    row: row, column: column, grid: grid, hidden: &hidden,
                    complementary: &complementary)
            }
        }
    }

    /// Fewer possible values than this for a `<10` give it away (five of 1–9).
    static func fewestChoices(largest: Int) -> Int { min(5, largest) }

    /// Hides further entries until no line has exactly one hidden entry.
    private static func hideSingles(
        grid: [[Int]], lines: [[(Int, Int)]], hidden: inout [[Bool]],
        complementary: inout [[Bool]]
    ) {
        var changed = true
        while changed {
            changed = false
            for line in lines {
                guard line.filter({ hidden[$0.0][$0.1] }).count == 1 else { continue }
                let cells = line.dropLast().filter { !hidden[$0.0][$0.1] && grid[$0.0][$0.1] > 0 }
                let total = line[line.count - 1]
                let choice = cells.min { grid[$0.0][$0.1] < grid[$1.0][$1.1] }
                    ?? (grid[total.0][total.1] > 0 && !hidden[total.0][total.1] ? total : nil)
                // With one hidden entry there is always another non-zero one: a count shown
                // beside it, or the total it makes up.
                guard let (row, column) = choice else { continue }
                hidden[row][column] = true
                complementary[row][column] = true
                changed = true
            }
        }
    }

    /// Hides one more entry in the first line whose shown total narrows a `<10` cell in it to
    /// fewer than five possible values, and says whether it did.
    ///
    /// A reader of a line with a shown total knows what its hidden cells add up to (H), that
    /// each `<10` is 1 to 9 and each `*` 10 or more. With k `<10` cells and m `*` cells, a
    /// `<10` cell is at most H − (k − 1) − 10m, and, when there is no `*`, at least
    /// H − 9(k − 1): cells 1 and 10 with a total of 11 give both away, and so do 9 and 9 with
    /// a total of 18. Then the smallest non-zero cell still shown is hidden too, or else the
    /// line's total.
    private static func widen(
        grid: [[Int]], lines: [[(Int, Int)]], largest: Int, hidden: inout [[Bool]],
        complementary: inout [[Bool]]
    ) -> Bool {
        for line in lines {
            let total = line[line.count - 1]
            guard !hidden[total.0][total.1] else { continue }
            let inner = line.dropLast()
            let small = inner.filter { hidden[$0.0][$0.1] && !complementary[$0.0][$0.1] }.count
            guard small > 0 else { continue }
            let others = inner.filter { complementary[$0.0][$0.1] }.count
            let sum = inner.filter { hidden[$0.0][$0.1] }.reduce(0) { $0 + grid[$1.0][$1.1] }
            let highest = min(largest, sum - (small - 1) - (largest + 1) * others)
            let lowest = others > 0 ? 1 : max(1, sum - largest * (small - 1))
            guard highest - lowest + 1 < fewestChoices(largest: largest) else { continue }
            let shown = inner.filter { !hidden[$0.0][$0.1] && grid[$0.0][$0.1] > 0 }
            let (row, column) = shown.min { grid[$0.0][$0.1] < grid[$1.0][$1.1] } ?? total
            hidden[row][column] = true
            complementary[row][column] = true
            return true
        }
        return false
    }

    /// The first `<10` entry (row by row) that a reader could narrow to fewer than five values
    /// by solving every equation of the grid together; nil when there is none.
    ///
    /// The grid is a circulation on a bipartite graph with a node per row and per column of
    /// the grid: a cell, and the grand total, is an edge from its row to its column; a row or
    /// column total an edge the other way (each node's edges in and out then balance, which is
    /// what the totals say). What a reader knows is a bound on each edge: a shown entry its
    /// value, a `<10` 1 to 9, a `*` 10 or more. The true table is one circulation within the
    /// bounds; any other a reader cannot rule out differs from it by flow around cycles. So a
    /// `<10` can be `up` higher, where `up` is the most flow that can go from its column back
    /// to its row through the other edges' room (a max-flow), and `down` lower the other way
    /// round. With integer bounds every value in between is possible too.
    static func exposedSmallEntry(
        grid: [[Int]], largest: Int, hidden: [[Bool]], complementary: [[Bool]]
    ) -> (Int, Int)? {
        let rows = grid.count
        let columns = grid.first?.count ?? 0
        let nodes = rows + columns
        let unbounded = Int.max / 4
        // Room to change each edge: residual[from * nodes + to].
        var residual = [Int](repeating: 0, count: nodes * nodes)
        func ends(_ row: Int, _ column: Int) -> (tail: Int, head: Int) {
            let isTotal = (row == rows - 1) != (column == columns - 1)
            return isTotal ? (rows + column, row) : (row, rows + column)
        }
        func room(_ row: Int, _ column: Int) -> (more: Int, less: Int) {
            let value = grid[row][column]
            if complementary[row][column] { return (unbounded, value - (largest + 1)) }
            return (largest - value, value - 1)
        }
        for row in 0..<rows {
            for column in 0..<columns where hidden[row][column] {
                let (tail, head) = ends(row, column)
                let (more, less) = room(row, column)
                residual[tail * nodes + head] += more
                residual[head * nodes + tail] += less
            }
        }

        let needed = fewestChoices(largest: largest) - 1
        for row in 0..<rows {
            for column in 0..<columns
            where hidden[row][column] && !complementary[row][column] {
                let (tail, head) = ends(row, column)
                let (more, less) = room(row, column)
                // The other edges only: this one's own room is taken out.
                var others = residual
                others[tail * nodes + head] -= more
                others[head * nodes + tail] -= less
                let up = maximumFlow(
                    &others, nodes: nodes, from: head, to: tail, limit: min(more, needed))
                others = residual
                others[tail * nodes + head] -= more
                others[head * nodes + tail] -= less
                let down = maximumFlow(
                    &others, nodes: nodes, from: tail, to: head, limit: min(less, needed - up))
                if up + down < needed { return (row, column) }
            }
        }
        return nil
    }

    /// The flow from `source` to `sink` through `capacity` (consumed), by shortest augmenting
    /// paths, stopping once it reaches `limit`.
    private static func maximumFlow(
        _ capacity: inout [Int], nodes: Int, from source: Int, to sink: Int, limit: Int
    ) -> Int {
        var flow = 0
        var previous = [Int](repeating: -1, count: nodes)
        while flow < limit {
            for node in 0..<nodes { previous[node] = -1 }
            previous[source] = source
            var queue = [source]
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

    /// Hides the smallest non-zero entry shown in the row or the column of (row, column), the
    /// row's first on a tie, else the smallest shown anywhere; false when none is left.
    private static func hideBeside(
        row: Int, column: Int, grid: [[Int]], hidden: inout [[Bool]],
        complementary: inout [[Bool]]
    ) -> Bool {
        let rows = grid.count
        let columns = grid.first?.count ?? 0
        let beside = (0..<columns).map { (row, $0) } + (0..<rows).map { ($0, column) }
        let everywhere = (0..<rows).flatMap { r in (0..<columns).map { (r, $0) } }
        for candidates in [beside, everywhere] {
            let shown = candidates.filter { !hidden[$0.0][$0.1] && grid[$0.0][$0.1] > 0 }
            if let (r, c) = shown.min(by: { grid[$0.0][$0.1] < grid[$1.0][$1.1] }) {
                hidden[r][c] = true
                complementary[r][c] = true
                return true
            }
        }
        return false
    }
}
