@testable import Privacy
import Testing

/// The audit of the whole table against a reader who solves every row and column together.
@Suite struct WholeTableAuditTests {
    /// On many small random tables, every way of filling the hidden entries that agrees with
    /// what is shown is enumerated (a `<10` 1–9, a `*` 10 or more): each `<10` still takes at
    /// least five different values among them.
    @Test func noSmallCountIsPinnedByTheLinesTogether() throws {
        var state: UInt64 = 11
        func next(_ bound: UInt64) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % bound)
        }
        var audited = 0
        for _ in 0..<3000 {
            let rows = 1 + next(3)
            let columns = 1 + next(3)
            let counts = (0..<rows).map { _ in
                (0..<columns).map { _ in [0, 1 + next(9), 10 + next(25)][next(3)] }
            }
            let table = try SuppressedTable(counts: counts, policy: .published)
            guard let values = Self.possibleValues(table) else { continue }
            audited += 1
            for (entry, seen) in values {
                #expect(seen.count >= 5, "\(counts): entry \(entry) can only be \(seen.sorted())")
            }
        }
        #expect(audited > 1000)
    }

    /// 32 and 7 over 1 and 23, all four totals shown: line by line each `<10` could be any of
    /// 1–9 (a `*` beside it is 10 or more), but the four equations together leave the 7 only
    /// 7, 8 or 9 and the 1 only 1, 2 or 3. The audit catches it and hides the column totals.
    @Test func aCombinationOfLinesIsCaughtWhereEachLineAlonePasses() throws {
        let counts = [[32, 7], [1, 23]]
        let grid = [[32, 7, 39], [1, 23, 24], [33, 30, 63]]
        // What the line-by-line rules alone publish: the small counts and the other two cells.
        let hidden = [[true, true, false], [true, true, false], [false, false, false]]
        let complementary = [[true, false, false], [false, true, false], [false, false, false]]
        let exposed = SuppressedTable.exposedSmallEntry(
            grid: grid, largest: 9, hidden: hidden, complementary: complementary)
        #expect(exposed.map { [$0.0, $0.1] } == [0, 1])

        let table = try SuppressedTable(counts: counts, policy: .published)
        #expect(table.cells.map { $0.map(\.description) } == [["*", "<10"], ["<10", "*"]])
        #expect(table.shownRowTotals.map(\.description) == ["39", "24"])
        #expect(table.shownColumnTotals.map(\.description) == ["*", "*"])
        let values = try #require(Self.possibleValues(table))
        #expect(values.count == 2)
        for (_, seen) in values { #expect(seen.count >= 5) }
    }

    /// Every filling of the hidden entries consistent with what is shown, as the set of values
    /// each `<10` takes; nil when the table has too many hidden entries to enumerate. A `*` is
    /// tried up to its true value plus 40, which can only make the sets smaller.
    static func possibleValues(_ table: SuppressedTable) -> [[Int]: Set<Int>]? {
        var shown = table.cells.enumerated().map { $1 + [table.shownRowTotals[$0]] }
        shown.append(table.shownColumnTotals + [table.shownGrandTotal])
        var truth = table.counts.enumerated().map { $1 + [table.rowTotals[$0]] }
        truth.append(table.columnTotals + [table.grandTotal])
        let rows = shown.count
        let columns = shown[0].count
        var entries: [(Int, Int, ClosedRange<Int>)] = []
        for r in 0..<rows {
            for c in 0..<columns {
                switch shown[r][c] {
                case .exact: break
                case .small: entries.append((r, c, 1...9))
                case .complementary: entries.append((r, c, 10...(truth[r][c] + 40)))
                }
            }
        }
        guard entries.count <= 6 else { return nil }
        var value = truth.enumerated().map { r, line in
            line.enumerated().map { c, v in shown[r][c].shownValue ?? v }
        }
        var result: [[Int]: Set<Int>] = [:]
        // Each line (its positions, the total last) is checked once its last hidden entry is
        // filled in: lines ending at entry i are `closing[i]`.
        let lines = (0..<rows).map { r in (0..<columns).map { [r, $0] } }
            + (0..<columns).map { c in (0..<rows).map { [$0, c] } }
        var closing = [[[[Int]]]](repeating: [], count: entries.count)
        for line in lines {
            let last = entries.indices.last { i in line.contains([entries[i].0, entries[i].1]) }
            if let last { closing[last].append(line) }
        }
        func fill(_ index: Int) {
            if index == entries.count {
                for (r, c, range) in entries where range.upperBound == 9 {
                    result[[r, c], default: []].insert(value[r][c])
                }
                return
            }
            let (r, c, range) = entries[index]
            for v in range {
                value[r][c] = v
                let balanced = closing[index].allSatisfy { line in
                    line.dropLast().reduce(0) { $0 + value[$1[0]][$1[1]] }
                        == value[line.last![0]][line.last![1]]
                }
                if balanced { fill(index + 1) }
            }
        }
        fill(0)
        return result
    }
}

/// Tables that split the same rows by different columns share their totals.
@Suite struct LinkedTablesTests {
    /// On random pairs and triples of tables over the same rows, a row total, and the grand
    /// total, is shown in all of them or hidden in all; each table alone still passes the
    /// whole-table audit, unless everything in it is hidden already.
    @Test func sharedTotalsAreShownOrHiddenAlike() throws {
        var state: UInt64 = 3
        func next(_ bound: UInt64) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % bound)
        }
        var differed = 0
        for _ in 0..<300 {
            let rows = 1 + next(4)
            let totals = (0..<rows).map { _ in [0, 1 + next(9), 10 + next(40)][next(3)] }
            // Each table splits every row total over its own columns.
            let tables = (0..<(2 + next(2))).map { _ -> [[Int]] in
                let columns = 1 + next(3)
                return totals.map { total in
                    var left = total
                    return (0..<columns).map { column in
                        if column == columns - 1 { return left }
                        let part = left == 0 ? 0 : next(UInt64(left + 1))
                        left -= part
                        return part
                    }
                }
            }
            let linked = try SuppressedTable.linked(tables, policy: .published)
            let alone = try tables.map { try SuppressedTable(counts: $0, policy: .published) }
            if zip(linked, alone).contains(where: { $0.shownRowTotals != $1.shownRowTotals }) {
                differed += 1
            }
            for table in linked {
                #expect(table.shownRowTotals.map(\.shownValue)
                    == linked[0].shownRowTotals.map(\.shownValue), "\(tables)")
                #expect(table.shownGrandTotal.shownValue == linked[0].shownGrandTotal.shownValue)
                #expect(table.rowTotals == totals)
                // Unless nothing non-zero is left to hide (a whole table of fewer than 10).
                let exposed = SuppressedTable.exposedSmallEntry(
                    grid: table.grid, largest: 9, hidden: table.hidden,
                    complementary: table.complementary)
                let allHidden = zip(table.grid.joined(), table.hidden.joined())
                    .allSatisfy { $0 == 0 || $1 }
                #expect(exposed == nil || allHidden, "\(tables) \(table.cells)")
            }
        }
        // Linking changed what some tables show: the case is exercised.
        #expect(differed > 10)
    }

    @Test func tablesOfOtherRowsAreRefused() {
        #expect(throws: PublicationError(
            message: "table 2 has other row totals than table 1; only tables of the same "
                + "rows can be linked")
        ) {
            try SuppressedTable.linked([[[5, 5]], [[3, 4]]], policy: .published)
        }
    }
}
