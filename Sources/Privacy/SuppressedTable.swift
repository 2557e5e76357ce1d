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
/// one more entry is hidden, and the whole repeats until stable. Zeros always stay shown.
///
/// FIXME: the protection is line by line; a combination of lines (a reader solving several
/// equations at once) is not audited, which needs linear programming. The tables of the
/// equity report are small and have few hidden cells.
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
            Self.protect(grid: grid, hidden: &hidden, complementary: &complementary)
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

    /// Hides further entries until no row or column of the grid has exactly one hidden entry.
    static func protect(grid: [[Int]], hidden: inout [[Bool]], complementary: inout [[Bool]]) {
        let rows = grid.count
        let columns = grid.first?.count ?? 0
        // Each line as its positions, the total last.
        let lines = (0..<rows).map { row in (0..<columns).map { (row, $0) } }
            + (0..<columns).map { column in (0..<rows).map { ($0, column) } }

        var widened = true
        while widened {
            hideSingles(grid: grid, lines: lines, hidden: &hidden, complementary: &complementary)
            widened = widen(
                grid: grid, lines: lines, hidden: &hidden, complementary: &complementary)
        }
    }

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
        grid: [[Int]], lines: [[(Int, Int)]], hidden: inout [[Bool]],
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
            let highest = min(9, sum - (small - 1) - 10 * others)
            let lowest = others > 0 ? 1 : max(1, sum - 9 * (small - 1))
            guard highest - lowest < 4 else { continue }
            let shown = inner.filter { !hidden[$0.0][$0.1] && grid[$0.0][$0.1] > 0 }
            let (row, column) = shown.min { grid[$0.0][$0.1] < grid[$1.0][$1.1] } ?? total
            hidden[row][column] = true
            complementary[row][column] = true
            return true
        }
        return false
    }
}
