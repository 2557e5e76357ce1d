import Coverage
import Equity
import Foundation
import Geo
import Places
import Privacy
import Reports
import Storage

/// Turns the equity figures into the report as it may be shown: publication rules applied
/// (unless internal), shapes and SSIDs read, every source named.
struct ReportModelBuilder {
    let db: Database
    let equity: EquityReport
    let policy: PublicationPolicy
    let sources: [DataSource]
    let generated: String

    var isInternal: Bool { policy.mode == .internal }

    func build() throws -> ReportModel {
        let learnerCounts = try SuppressedTable(
            counts: equity.wards.map { [$0.learners] }, policy: policy)
        // The four tables split the same enrolments: a ward's total, and the city's, is
        // hidden in all of them or in none.
        let suppressed = try SuppressedTable.linked(
            equity.groupTables.map(\.enrolled), policy: policy)
        let enrolmentRow = Dictionary(uniqueKeysWithValues: (equity.groupTables.first?.scopes ?? [])
            .enumerated().map { ($1, $0) })
        /// A ward's enrolments (the city's for nil) as the group tables publish them.
        func enrolments(_ code: String?) -> PublishedCount? {
            guard let table = suppressed.first else { return nil }
            guard let code else { return table.shownGrandTotal }
            return enrolmentRow[code].map { table.shownRowTotals[$0] }
        }
        let areas = AreaStore(db)
        var wards: [WardRow] = []
        var indicators: [IndicatorRow] = equity.city.map {
            cityIndicator($0, learnerCounts: learnerCounts, enrolments: enrolments(nil))
        }
        indicators += equity.inequality.map { IndicatorRow(scope: "city", indicator: $0) }

        for (index, ward) in equity.wards.enumerated() {
            let facts = ward.facts
            let shape: WardShape
            if let boundary = try areas.boundary(code: facts.code) {
                shape = .boundary(boundary)
            } else if let centre = try areas.find(code: facts.code)?.centre {
                shape = .centre(centre)
            } else {
                shape = .none
            }
            let rows = ward.indicators
            let learners = learnerCounts.cells[index][0]
            let learnersFigure = publishedRate(rows.learnersPerThousand, count: learners)
            let wardEnrolments = enrolments(facts.code)
            let completion = completionRate(
                completed: facts.completed ?? 0, finished: facts.finished ?? 0,
                over: wardEnrolments)
            let completionFigure = rateFigure(completion)
            wards.append(WardRow(
                code: facts.code, name: facts.name, kind: facts.kind, shape: shape,
                population: .number(rows.population.value),
                hotspots: facts.hotspots,
                coverage: .number(rows.coverage.value, decimals: 1),
                accessibility: .number(rows.accessibility.value, decimals: 2),
                saturation: .number(rows.saturation.value, decimals: 2),
                devicesPerThousand: fewDevices(facts.dailyDevices)
                    ? .withheld : .number(rows.devicesPerThousand.value, decimals: 1),
                learnersPerThousand: learnersFigure,
                completionRate: completionFigure, status: facts.status, rank: ward.rank))

            for indicator in [
                rows.population, rows.hotspots, rows.coverage, rows.accessibility,
                rows.saturation,
            ] {
                indicators.append(IndicatorRow(scope: facts.code, indicator: indicator))
            }
            indicators.append(devicesRow(scope: facts.code, indicator: rows.devicesPerThousand))
            indicators.append(IndicatorRow(
                scope: facts.code, name: rows.learnersPerThousand.name,
                value: learnersFigure, numerator: countFigure(learners),
                denominator: plain(rows.learnersPerThousand.denominator), unit: .perThousand,
                source: rows.learnersPerThousand.source,
                note: rateNote(rows.learnersPerThousand, count: learners)))
            indicators.append(rateRow(
                scope: facts.code, indicator: rows.completionRate,
                completed: facts.completed ?? 0, finished: facts.finished ?? 0,
                over: wardEnrolments))
        }

        var groups: [GroupRow] = []
        for (table, shown) in zip(equity.groupTables, suppressed) {
            let rowOf = Dictionary(uniqueKeysWithValues: table.scopes.enumerated().map {
                ($1, $0)
            })
            for measure in equity.groups where measure.dimension == table.dimension {
                guard let column = table.groups.firstIndex(of: measure.group) else { continue }
                let count: PublishedCount
                let total: PublishedCount
                if measure.scope == "city" {
                    count = shown.shownColumnTotals[column]
                    total = shown.shownGrandTotal
                } else if let row = rowOf[measure.scope] {
                    count = shown.cells[row][column]
                    total = shown.shownRowTotals[row]
                } else {
                    continue
                }
                let row = groupRow(measure, count: count, total: total)
                if measure.scope == "city" { groups.append(row) }
                indicators += groupIndicators(measure, row: row, count: count, total: total)
            }
        }

        let priorities = isInternal
            ? equity.priorities.entries : try publishedPriorities(learnerCounts)

        let hotspots = try hotspotRows()
        return ReportModel(
            title: "Public Wi-Fi and digital-literacy equity report", place: "Cần Thơ",
            generated: generated, isInternal: isInternal, wards: wards, hotspots: hotspots,
            groups: groups, inequality: equity.inequality, indicators: indicators,
            lorenz: equity.lorenz, priorities: priorities, sources: sources)
    }

    /// The priority list made again from the learner counts as published. Which wards are
    /// listed, their order and their scores would otherwise tell a hidden count: a ward is
    /// listed when its count is below a threshold a reader can work out. A hidden `<10`
    /// counts as 5, a `*` as 10 (the least it can be); the city rate is the published one,
    /// or, when the city's count is hidden too, the one the published counts add up to. The
    /// rate of a hidden count is not printed.
    func publishedPriorities(_ learnerCounts: SuppressedTable) throws -> [PriorityEntry] {
        let row = Dictionary(uniqueKeysWithValues: equity.wards.enumerated().map {
            ($1.facts.code, $0)
        })
        func published(_ code: String) -> PublishedCount? {
            row[code].map { learnerCounts.cells[$0][0] }
        }
        let inputs = equity.priorityInputs.map { input -> PriorityInput in
            var input = input
            switch published(input.code) {
            case .exact(let count)?: input.learnersEnrolled = count
            case .small?: input.learnersEnrolled = 5
            case .complementary?: input.learnersEnrolled = policy.largestHiddenCount + 1
            case nil: break
            }
            return input
        }
        var cityRate: Double?
        if case .exact(let total) = learnerCounts.shownGrandTotal {
            let residents = inputs.filter { $0.population > 0 }.reduce(0) { $0 + $1.population }
            if residents > 0 { cityRate = Double(total) / residents * 1_000 }
        }
        var entries = try PriorityList(
            inputs, criteria: equity.priorityCriteria, cityRate: cityRate
        ).entries
        for (position, entry) in entries.enumerated() {
            guard let count = published(entry.code), count.shownValue == nil else { continue }
            entries[position].reasons = entry.reasons.map { reason in
                if case .lowParticipation(_, let threshold, let city) = reason {
                    return .lowParticipationHidden(
                        count: count.description, threshold: threshold, city: city)
                }
                return reason
            }
        }
        return entries
    }

    // MARK: - Figures

    func plain(_ value: Double) -> Figure { .plain(value) }

    func countFigure(_ count: PublishedCount) -> Figure {
        switch count {
        case .exact(let value): .plain(Double(value))
        case .small, .complementary: .hidden(count.description)
        }
    }

    func rateFigure(_ rate: PublishedRate) -> Figure {
        switch rate {
        case .percent(let value): .number(value, decimals: isInternal ? 1 : 0)
        case .tooFew: .withheld
        case .undefined: .missing
        }
    }

    /// A rate per 1,000 whose numerator is a count of people: withheld (`x`) with the count,
    /// not given its marker, which in a rate column would read as a rate ("<10 per 1,000").
    func publishedRate(_ indicator: Indicator, count: PublishedCount) -> Figure {
        switch count {
        case .exact: .number(indicator.value, decimals: 1)
        case .small, .complementary: .withheld
        }
    }

    /// The note of a rate row whose count may be hidden.
    func rateNote(_ indicator: Indicator, count: PublishedCount) -> String {
        switch count {
        case .exact: indicator.note ?? ""
        case .small, .complementary:
            ["hidden with its count", indicator.note].compactMap { $0 }.joined(separator: "; ")
        }
    }

    /// A city-wide indicator. The city's learners are the total of the wards' learner table,
    /// shown or hidden as that table's suppression decided (a count shown here that the
    /// table hides would give its small counts back).
    func cityIndicator(
        _ indicator: Indicator, learnerCounts: SuppressedTable, enrolments: PublishedCount?
    ) -> IndicatorRow {
        switch indicator.name {
        case "learners-per-1000":
            let learners = Int(indicator.numerator)
            var count = learners == learnerCounts.grandTotal
                ? learnerCounts.shownGrandTotal : policy.count(learners)
            // Wards without residents left out of the city figure: it still goes with the
            // table's total.
            if count.shownValue != nil, learnerCounts.shownGrandTotal.shownValue == nil {
                count = .complementary
            }
            return IndicatorRow(
                scope: "city", name: indicator.name,
                value: publishedRate(indicator, count: count), numerator: countFigure(count),
                denominator: plain(indicator.denominator), unit: indicator.unit,
                source: indicator.source, note: rateNote(indicator, count: count))
        case "completion-rate":
            return rateRow(
                scope: "city", indicator: indicator, completed: Int(indicator.numerator),
                finished: Int(indicator.denominator), over: enrolments)
        case "devices-per-1000":
            return devicesRow(scope: "city", indicator: indicator)
        default:
            return IndicatorRow(scope: "city", indicator: indicator)
        }
    }

    /// A completion rate: shown only with 20 or more finished enrollments when published, and
    /// then without its counts: a ward's finished enrollments less those of the groups shown
    /// would give a hidden group's counts back.
    func rateRow(
        scope: String, indicator: Indicator, completed: Int, finished: Int,
        over enrolled: PublishedCount?
    ) -> IndicatorRow {
        let rate = completionRate(completed: completed, finished: finished, over: enrolled)
        var note = indicator.note ?? ""
        if rate == .tooFew {
            note = policy.rate(numerator: completed, denominator: finished) == .tooFew
                ? "fewer than 20 finished enrollments" : "hidden with its enrollments"
        }
        if !isInternal, rate.shownValue != nil {
            note = ["counts not published", note].filter { !$0.isEmpty }
                .joined(separator: "; ")
        }
        return IndicatorRow(
            scope: scope, name: indicator.name, value: rateFigure(rate),
            numerator: isInternal ? countFigure(policy.count(completed)) : .missing,
            denominator: isInternal ? countFigure(policy.count(finished)) : .missing,
            unit: .percent, source: indicator.source, note: note)
    }

    /// A completion rate as published: withheld where the enrollments it is over are hidden
    /// (a rate shown says 20 or more finished, which would narrow them), as where fewer than
    /// 20 finished.
    func completionRate(completed: Int, finished: Int, over enrolled: PublishedCount?)
        -> PublishedRate {
        let rate = policy.rate(numerator: completed, denominator: finished)
        if !isInternal, let enrolled, enrolled.shownValue == nil, rate.shownValue != nil {
            return .tooFew
        }
        return rate
    }

    /// Shares and ratios need the group's count shown and 20 or more enrollments behind them.
    func shareShown(count: PublishedCount, total: PublishedCount) -> Bool {
        if isInternal { return true }
        guard case .exact = count, case .exact(let whole) = total else { return false }
        return whole >= policy.minimumRateDenominator
    }

    func groupRow(_ measure: GroupMeasure, count: PublishedCount, total: PublishedCount)
        -> GroupRow {
        let shown = shareShown(count: count, total: total)
        let hidden: Figure = .withheld
        let completion = completionRate(
            completed: measure.completed, finished: measure.finished, over: count)
        let reference = completionRate(
            completed: Int(measure.completion.reference.numerator),
            finished: Int(measure.completion.reference.denominator), over: total)
        // Published, the gap is that of the two rates as shown (whole percent): the exact
        // gap's decimals would say more about the counts than the rates do.
        var gap: Figure = .missing
        if let rate = completion.shownValue, let scope = reference.shownValue {
            gap = isInternal
                ? .number(measure.completion.gap.value, decimals: 1)
                : .number(rate - scope, decimals: 0)
        }
        return GroupRow(
            dimension: measure.dimension.rawValue, group: measure.group, scope: measure.scope,
            enrolled: countFigureShown(count),
            enrollmentShare: shown ? .number(measure.enrollmentShare.value, decimals: 1) : hidden,
            populationShare: .number(measure.populationShare.value, decimals: 1),
            ratio: shown ? .number(measure.ratio.value, decimals: 3) : hidden,
            completion: rateFigure(completion), gap: gap)
    }

    /// A count for the page: grouped digits when shown.
    func countFigureShown(_ count: PublishedCount) -> Figure {
        switch count {
        case .exact(let value): .number(Double(value))
        case .small, .complementary: .hidden(count.description)
        }
    }

    func groupIndicators(
        _ measure: GroupMeasure, row: GroupRow, count: PublishedCount, total: PublishedCount
    ) -> [IndicatorRow] {
        // The dimension is part of the scope: "other/not given" is a group of three of them.
        let scope = "\(measure.scope) \(measure.dimension.rawValue): \(measure.group)"
        let shown = shareShown(count: count, total: total)
        func share(_ indicator: Indicator, _ figure: Figure) -> IndicatorRow {
            IndicatorRow(
                scope: scope, name: indicator.name, value: figure,
                numerator: shown ? plain(indicator.numerator) : countFigure(count),
                denominator: shown ? plain(indicator.denominator) : countFigure(total),
                unit: indicator.unit, source: indicator.source, note: indicator.note ?? "")
        }
        var rows = [
            IndicatorRow(
                scope: scope, name: "enrolled", value: countFigure(count),
                numerator: countFigure(count), denominator: .plain(1), unit: .count,
                source: measure.enrollmentShare.source),
            share(measure.enrollmentShare, row.enrollmentShare),
            IndicatorRow(scope: scope, indicator: measure.populationShare),
            share(measure.ratio, row.ratio),
            rateRow(
                scope: scope, indicator: measure.completion.rate,
                completed: measure.completed, finished: measure.finished, over: count),
        ]
        rows.append(IndicatorRow(
            scope: scope, name: measure.completion.gap.name, value: row.gap,
            numerator: row.gap.value.map { .plain($0) } ?? .missing, denominator: .plain(1),
            unit: .percentagePoints, source: measure.completion.gap.source,
            note: row.gap.value == nil ? "a rate is not shown" : ""))
        return rows
    }

    // MARK: - Hotspots

    /// Daily devices per 1,000 residents: like a count of people, fewer than 10 devices a day
    /// are hidden, and the rate with them (the shown residents would give the count back).
    func devicesRow(scope: String, indicator: Indicator) -> IndicatorRow {
        guard fewDevices(indicator.numerator) else {
            return IndicatorRow(scope: scope, indicator: indicator)
        }
        return IndicatorRow(
            scope: scope, name: indicator.name, value: .withheld, numerator: .hidden("<10"),
            denominator: plain(indicator.denominator), unit: indicator.unit,
            source: indicator.source,
            note: ["hidden with its count", indicator.note].compactMap { $0 }
                .joined(separator: "; "))
    }

    /// Fewer devices a day than a count that may be published (published reports only).
    func fewDevices(_ perDay: Double?) -> Bool {
        guard let perDay, policy.mode == .published else { return false }
        return perDay > 0 && perDay < Double(policy.largestHiddenCount + 1)
    }

    func hotspotRows() throws -> [HotspotRow] {
        let radios = try HotspotActivityReader(db).radios()
        return equity.coverageRun.hotspots.map { hotspot in
            var ssids: [String] = []
            for radio in radios[hotspot.code] ?? [] {
                for network in radio.networks {
                    if let ssid = network.ssid?.display, !ssids.contains(ssid) {
                        ssids.append(ssid)
                    }
                }
            }
            return HotspotRow(
                code: hotspot.code, name: hotspot.name, location: hotspot.coordinate,
                wardCode: hotspot.areaCode ?? "", dailyDevices: hotspot.activity.devicesPerDay,
                fewDevices: fewDevices(hotspot.activity.devicesPerDay), ssids: ssids.sorted())
        }
    }
}
