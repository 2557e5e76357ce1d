import Privacy
import Testing

@Suite struct PublicationCountTests {
    @Test func countsOneToNineShowAsBelowTenAndZeroStaysZero() {
        let policy = PublicationPolicy.published
        #expect(policy.count(0).description == "0")
        #expect((1...9).allSatisfy { policy.count($0) == .small })
        #expect(policy.count(1).description == "<10")
        #expect(policy.count(9).description == "<10")
        #expect(policy.count(10) == .exact(10))
        #expect(policy.count(10).description == "10")
        #expect(policy.count(3).shownValue == nil)
    }

    @Test func internalModeShowsRawCounts() {
        #expect(PublicationPolicy.internal.count(3) == .exact(3))
        #expect(PublicationPolicy.internal.count(3).description == "3")
    }
}

@Suite struct PublicationRateTests {
    @Test func ratesNeedADenominatorOfTwentyOrMore() {
        let policy = PublicationPolicy.published
        #expect(policy.rate(numerator: 10, denominator: 19) == .tooFew)
        #expect(policy.rate(numerator: 10, denominator: 19).description == "–")
        #expect(policy.rate(numerator: 10, denominator: 20) == .percent(50))
        #expect(policy.rate(numerator: 10, denominator: 20).description == "50 %")
        // 7 of 30 is 23.33 %, published as a whole percent.
        #expect(policy.rate(numerator: 7, denominator: 30) == .percent(23))
        #expect(policy.rate(numerator: 0, denominator: 0) == .undefined)
    }

    @Test func internalRatesShowAnyDenominatorToOneDecimal() {
        let policy = PublicationPolicy.internal
        #expect(policy.rate(numerator: 1, denominator: 3) == .percent(33.3))
        #expect(policy.rate(numerator: 1, denominator: 3).description == "33.3 %")
        #expect(policy.rate(numerator: 2, denominator: 4).shownValue == 50)
    }
}

@Suite struct ComplementarySuppressionTests {
    /// Enrollments by ward (rows) and age band (columns):
    ///
    ///           15–29  30–59  60+ | total
    ///     A         3     20   35 |    58
    ///     B        14     16   50 |    80
    ///     C        40     45   60 |   145
    ///     total    57     81  145 |   283
    ///
    /// The 3 is hidden (<10). Row A would give it away (58 − 20 − 35), so its next smallest
    /// cell, 20, is hidden too; column 15–29 then has only the 3 hidden, so 14 goes; column
    /// 30–59 only the 20, so 16 goes. Now every row and column has two hidden cells or none.
    @Test func hiddenCellCannotBeRecoveredFromTotals() throws {
        let table = try SuppressedTable(
            counts: [[3, 20, 35], [14, 16, 50], [40, 45, 60]], policy: .published)
        #expect(table.cells.map { $0.map(\.description) } == [
            ["<10", "*", "35"],
            ["*", "*", "50"],
            ["40", "45", "60"],
        ])
        #expect(table.shownRowTotals.map(\.description) == ["58", "80", "145"])
        #expect(table.shownColumnTotals.map(\.description) == ["57", "81", "145"])
        #expect(table.shownGrandTotal.description == "283")
        #expect(table.rowTotals == [58, 80, 145])
        #expect(table.grandTotal == 283)
        expectNoLineWithOneHiddenEntry(table)
    }

    /// Row A is 0 and 4, so its total 4 is hidden as well. Column 2 has only the 4 hidden,
    /// so its other cell, 30, goes; the totals column then has only A's total hidden, so B's
    /// total 42 goes too. The 4 stays one of two unknowns everywhere (A2 + B2 = 34).
    @Test func smallTotalsAreHiddenAndProtectedToo() throws {
        let table = try SuppressedTable(counts: [[0, 4], [12, 30]], policy: .published)
        #expect(table.cells.map { $0.map(\.description) } == [["0", "<10"], ["12", "*"]])
        #expect(table.shownRowTotals.map(\.description) == ["<10", "*"])
        #expect(table.shownColumnTotals.map(\.description) == ["12", "34"])
        #expect(table.shownGrandTotal.description == "46")
        expectNoLineWithOneHiddenEntry(table)
    }

    @Test func tableWithoutSmallCountsIsShownWhole() throws {
        let table = try SuppressedTable(counts: [[10, 0], [25, 11]], policy: .published)
        #expect(table.cells == [[.exact(10), .exact(0)], [.exact(25), .exact(11)]])
    }

    @Test func internalTablesAreRaw() throws {
        let table = try SuppressedTable(counts: [[3, 20], [14, 16]], policy: .internal)
        #expect(table.cells == [[.exact(3), .exact(20)], [.exact(14), .exact(16)]])
    }

    /// On many random tables, no row or column (totals included) is left with exactly one
    /// hidden entry, and every count of 1–9 is hidden.
    @Test func noLineIsLeftWithOneHiddenEntry() throws {
        var state: UInt64 = 7
        func next(_ bound: UInt64) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % bound)
        }
        for _ in 0..<300 {
            let rows = 1 + next(5)
            let columns = 1 + next(5)
            let counts = (0..<rows).map { _ in
                (0..<columns).map { _ in next(3) == 0 ? next(10) : next(60) }
            }
            let table = try SuppressedTable(counts: counts, policy: .published)
            expectNoLineWithOneHiddenEntry(table)
            expectNoLineNarrowsASmallCount(table)
            for (row, values) in counts.enumerated() {
                for (column, count) in values.enumerated() where (1...9).contains(count) {
                    #expect(table.cells[row][column] == .small)
                }
            }
        }
    }

    /// 1 and 10 with a total of 11: the `*` is 10 or more, so the `<10` could only be 1; the
    /// total goes too. 9 and 9 with 18: each `<10` could only be 9; the total goes too.
    @Test func aShownTotalThatWouldPinASmallCountIsHidden() throws {
        let pinnedBySum = try SuppressedTable(counts: [[1, 10], [30, 40]], policy: .published)
        #expect(pinnedBySum.cells.map { $0.map(\.description) } == [["<10", "*"], ["*", "*"]])
        #expect(pinnedBySum.shownRowTotals.map(\.description) == ["*", "*"])
        expectNoLineWithOneHiddenEntry(pinnedBySum)
        expectNoLineNarrowsASmallCount(pinnedBySum)

        let twoNines = try SuppressedTable(counts: [[9, 9]], policy: .published)
        #expect(twoNines.cells.map { $0.map(\.description) } == [["<10", "<10"]])
        #expect(twoNines.shownRowTotals.map(\.description) == ["*"])
        expectNoLineNarrowsASmallCount(twoNines)
    }

    /// In every line with a shown total, each `<10` can still be any of at least five values.
    func expectNoLineNarrowsASmallCount(
        _ table: SuppressedTable, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var grid = table.cells.enumerated().map { $1 + [table.shownRowTotals[$0]] }
        grid.append(table.shownColumnTotals + [table.shownGrandTotal])
        var lines = grid
        for column in grid[0].indices { lines.append(grid.map { $0[column] }) }
        for line in lines {
            guard let total = line.last?.shownValue else { continue }
            let inner = line.dropLast()
            let small = inner.filter { $0 == .small }.count
            guard small > 0 else { continue }
            let others = inner.filter { $0 == .complementary }.count
            let hiddenSum = total - inner.compactMap(\.shownValue).reduce(0, +)
            let highest = min(9, hiddenSum - (small - 1) - 10 * others)
            let lowest = others > 0 ? 1 : max(1, hiddenSum - 9 * (small - 1))
            #expect(highest - lowest >= 4, "\(table.counts): \(line)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func raggedOrNegativeTablesAreRefused() {
        #expect(throws: PublicationError(message: "row 2 has 1 cell where row 1 has 2 cells")) {
            try SuppressedTable(counts: [[1, 2], [3]], policy: .published)
        }
        #expect(throws: PublicationError(
            message: "row 1, column 2: a count cannot be negative (-1)")
        ) {
            try SuppressedTable(counts: [[1, -1]], policy: .published)
        }
    }

    /// Every row and column of the grid (cells and their total) has 0 or at least 2 hidden.
    func expectNoLineWithOneHiddenEntry(
        _ table: SuppressedTable, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var grid = table.cells.enumerated().map { $1 + [table.shownRowTotals[$0]] }
        grid.append(table.shownColumnTotals + [table.shownGrandTotal])
        let hidden = grid.map { $0.map { $0.shownValue == nil } }
        for row in hidden {
            #expect(row.filter { $0 }.count != 1, "\(table.counts)", sourceLocation: sourceLocation)
        }
        for column in hidden[0].indices {
            let count = hidden.filter { $0[column] }.count
            #expect(count != 1, "\(table.counts)", sourceLocation: sourceLocation)
        }
    }
}
