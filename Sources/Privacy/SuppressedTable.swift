/// A table of counts (rows × columns) with its row totals, column totals and grand total,
/// every cell as it may be published.
///
/// Suppression runs on the whole grid, totals included, seen as equations: each row's cells
/// sum to its total, each column's cells to its total, and the totals row and column to the
/// grand total. First every count of 1–9 is hidden (`<10`), totals too. Then, as long as some
/// row or column has exactly one hidden entry (which its other entries would give away), the
/// smallest other non-zero cell shown in it is hidden as well (`*`), the first one on a tie;
/// only when no cell is left is the line's total hidden. This repeats until no line has
/// exactly one hidden entry. Then the whole table is audited at once, as a reader solving
/// every line's equation together would, knowing that a `<10` is 1 to 9 and a `*` 10 or
/// more: each `<10` must still have at least five possible values (see `exposedSmallEntry`;
/// 1 and 10 with a shown total of 11 give both away, and so do 9 and 9 with 18). Where one has
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
    /// The grid with its totals (last row and column), and which entries are hidden and why.
    let grid: [[Int]]
    let hidden: [[Bool]]
    let complementary: [[Bool]]

    /// Applies the policy to a table of counts; every row must have the same number of
    /// columns and no count may be negative.
    public init(counts: [[Int]], policy: PublicationPolicy) throws(PublicationError) {
        try self.init(counts: counts, policy: policy, forced: [])
    }

    /// Several tables of the same rows split by different columns (the enrolments of each ward
    /// by gender, by age band …): their row totals and grand total are the same figures in all
    /// of them, so a reader can solve the tables together.
    ///
    /// Each table is protected on its own; a total any of them hides is hidden in all, until
    /// none hides another. Then what each table lets a reader work out about every hidden
    /// total (its range, by the same max-flows as `exposedSmallEntry`) is passed to the
    /// others, until the ranges stop narrowing, and each table is audited again with them:
    /// where a `<10` has fewer than five possible values, one more entry beside it is hidden
    /// and everything repeats. The ranges are passed as intervals, so a combination a reader
    /// could solve only across several totals at once is not seen.
    ///
    /// The tables must have the same number of rows and the same row totals.
    public static func linked(
        _ tables: [[[Int]]], policy: PublicationPolicy
    ) throws(PublicationError) -> [SuppressedTable] {
        let totals = tables.first.map { $0.map { $0.reduce(0, +) } }
        for (index, table) in tables.enumerated()
        where table.map({ $0.reduce(0, +) }) != totals {
            throw PublicationError(
                message: "table \(index + 1) has other row totals than table 1; only tables "
                    + "of the same rows can be linked")
        }
        var forced = [Set<GridPosition>](repeating: [], count: tables.count)
        while true {
            let protected = try tables.indices.map { (t) throws(PublicationError) in
                try SuppressedTable(counts: tables[t], policy: policy, forced: forced[t])
            }
            guard policy.mode == .published, tables.count > 1 else { return protected }

            // Totals hidden anywhere are hidden everywhere. A total is named by its row (the
            // grand total by `rows`); its column is each table's own last.
            let rows = tables[0].count
            var hiddenTotals = Set<Int>()
            for table in protected {
                for (row, total) in table.shownRowTotals.enumerated()
                where total.shownValue == nil {
                    hiddenTotals.insert(row)
                }
                if table.shownGrandTotal.shownValue == nil { hiddenTotals.insert(rows) }
            }
            let before = forced
            for (t, table) in protected.enumerated() {
                let column = table.columnTotals.count
                forced[t].formUnion(hiddenTotals.map { GridPosition($0, column) })
            }
            if forced != before { continue }

            // What every table says of the shared totals, passed on until nothing narrows.
            let audits = protected.map { $0.circulation(largest: policy.largestHiddenCount) }
            var known: [Int: ClosedRange<Int>] = [:]
            func knownIn(_ table: SuppressedTable) -> [GridPosition: ClosedRange<Int>] {
                let column = table.columnTotals.count
                return Dictionary(uniqueKeysWithValues: known.map {
                    (GridPosition($0.key, column), $0.value)
                })
            }
            var narrowing = true
            var rounds = 0
            while narrowing && rounds < 100 {
                narrowing = false
                rounds += 1
                for (table, audit) in zip(protected, audits) {
                    let column = table.columnTotals.count
                    // Ranges from the pass's start hold too: they are only ever wider.
                    let knownHere = knownIn(table)
                    let residual = audit.residual(known: knownHere)
                    for total in hiddenTotals {
                        let range = audit.range(
                            of: GridPosition(total, column), known: knownHere,
                            residual: residual)
                        let kept = known[total].map { $0.clamped(to: range) } ?? range
                        if kept != known[total] {
                            known[total] = kept
                            narrowing = true
                        }
                    }
                }
            }
            // The first table with a `<10` those ranges narrow hides one more entry beside it.
            let next = audits.indices.lazy.compactMap { t -> (Int, GridPosition)? in
                let audit = audits[t]
                guard let (row, column) = audit.exposedSmallEntry(known: knownIn(protected[t])),
                    let (r, c) = besideChoice(
                        row: row, column: column, grid: audit.grid, hidden: audit.hidden)
                else { return nil }
                return (t, GridPosition(r, c))
            }.first
            guard let (t, position) = next else { return protected }
            forced[t].insert(position)
        }
    }

    /// As `init(counts:policy:)`, with the entries at `forced` (positions in the grid with its
    /// totals) hidden from the start, as `*` unless they are small anyway.
    init(
        counts: [[Int]], policy: PublicationPolicy, forced: Set<GridPosition>
    ) throws(PublicationError) {
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
            for position in forced
            where grid.indices.contains(position.row)
                && grid[position.row].indices.contains(position.column)
                && !hidden[position.row][position.column] && grid[position.row][position.column] > 0
            {
                hidden[position.row][position.column] = true
                complementary[position.row][position.column] = true
            }
            Self.protect(
                grid: grid, largest: policy.largestHiddenCount, hidden: &hidden,
                complementary: &complementary)
        }

        self.grid = grid
        self.hidden = hidden
        self.complementary = complementary
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
    /// and no `<10` can be narrowed to fewer than five values by the grid's equations.
    static func protect(
        grid: [[Int]], largest: Int, hidden: inout [[Bool]], complementary: inout [[Bool]]
    ) {
        let rows = grid.count
        let columns = grid.first?.count ?? 0
        // Each line as its positions, the total last.
        let lines = (0..<rows).map { row in (0..<columns).map { (row, $0) } }
            + (0..<columns).map { column in (0..<rows).map { ($0, column) } }

        while true {
            hideSingles(grid: grid, lines: lines, hidden: &hidden, complementary: &complementary)
            guard let (row, column) = exposedSmallEntry(
                grid: grid, largest: largest, hidden: hidden, complementary: complementary),
                let (r, c) = besideChoice(row: row, column: column, grid: grid, hidden: hidden)
            else { return }
            hidden[r][c] = true
            complementary[r][c] = true
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

    /// The first `<10` entry (row by row) that a reader could narrow to fewer than five values
    /// by solving every equation of the grid together; nil when there is none (see
    /// `Circulation`).
    static func exposedSmallEntry(
        grid: [[Int]], largest: Int, hidden: [[Bool]], complementary: [[Bool]]
    ) -> (Int, Int)? {
        Circulation(grid: grid, hidden: hidden, complementary: complementary, largest: largest)
            .exposedSmallEntry(known: [:])
    }

    /// This table as a reader sees it, to audit.
    func circulation(largest: Int) -> Circulation {
        Circulation(grid: grid, hidden: hidden, complementary: complementary, largest: largest)
    }

    /// The smallest non-zero entry shown in the row or the column of (row, column), the row's
    /// first on a tie, else the smallest shown anywhere; nil when none is left.
    static func besideChoice(
        row: Int, column: Int, grid: [[Int]], hidden: [[Bool]]
    ) -> (Int, Int)? {
        let rows = grid.count
        let columns = grid.first?.count ?? 0
        let beside = (0..<columns).map { (row, $0) } + (0..<rows).map { ($0, column) }
        let everywhere = (0..<rows).flatMap { r in (0..<columns).map { (r, $0) } }
        for candidates in [beside, everywhere] {
            let shown = candidates.filter { !hidden[$0.0][$0.1] && grid[$0.0][$0.1] > 0 }
            if let choice = shown.min(by: { grid[$0.0][$0.1] < grid[$1.0][$1.1] }) {
                return choice
            }
        }
        return nil
    }
}
