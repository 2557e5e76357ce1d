import Coverage
import Foundation
import Learning
import Places
import Storage

/// What the equity report cannot be made without, with the command that supplies it.
public struct EquityMissingInput: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case areas
        case coverageRun
    }

    public let kind: Kind
    public let message: String

    public var description: String { message }
}

/// One ward in the equity report: its raw facts, its indicators and what else the report
/// needs (kind, group populations, poor-household share).
public struct WardEquity: Sendable, Equatable {
    public var facts: WardFacts
    public var indicators: WardIndicators
    /// Place in the coverage run's underserved ranking, 1 = most in need.
    public var rank: Int?
    /// Residents per `areas population` group (`female`, `age:65+`, `poor-household` …).
    public var groupPopulations: [String: Int]
    /// Residents in poor households ÷ residents, 0…1; nil when not known.
    public var poorShare: Double?
    /// Distinct learners living in the ward with an enrollment that had a seat.
    public var learners: Int
}

/// One group of learners in one scope (the city or a ward).
public struct GroupMeasure: Sendable, Equatable {
    public var dimension: GroupDimension
    public var group: String
    /// `city` or a ward code.
    public var scope: String
    /// The `areas population` group of its residents; nil for a remainder group.
    public var populationGroup: String?
    /// Enrollments with a seat of the group, and of everyone in the scope.
    public var enrolled: Int
    public var enrolledTotal: Int
    public var completed: Int
    public var finished: Int
    public var enrollmentShare: Indicator
    public var populationShare: Indicator
    /// Representation ratio: enrollment share ÷ population share.
    public var ratio: Indicator
    /// Completion rate and its gap to the scope's rate.
    public var completion: CompletionGap
}

/// Every per-ward, per-group and city-wide figure of the equity report, raw (not yet
/// suppressed for publication), each indicator with numerator, denominator, unit and source.
public struct EquityReport: Sendable {
    /// The coverage run the ward figures come from.
    public var coverageRun: StoredCoverageRun
    /// Wards in code order.
    public var wards: [WardEquity]
    /// City-wide indicators: population, hotspots, coverage, accessibility, learners and
    /// devices per 1,000, completion rate.
    public var city: [Indicator]
    /// Enrollment counts by ward and group, one table per dimension (for suppression).
    public var groupTables: [GroupTable]
    /// City-wide groups first (in dimension order), then each ward's.
    public var groups: [GroupMeasure]
    /// Population-weighted Gini of accessibility across wards.
    public var gini: Indicator
    public var lorenz: [LorenzPoint]
    /// Concentration index of accessibility against the poor-household share.
    public var concentration: Indicator
    /// Theil T of accessibility with its phường / xã split.
    public var theil: TheilDecomposition
    public var priorities: PriorityList
    /// What the priority list was made from, to make it again from published counts.
    public var priorityInputs: [PriorityInput]
    public var priorityCriteria: PriorityCriteria
    /// Learners without a ward, or with a ward not among the areas.
    public var learnersWithoutWard: Int
    /// Where each family of figures comes from.
    public var sources: WardSources
    /// What the reader should know: missing group populations, areas left out.
    public var notes: [String]

    /// The inequality indicators in the order the report lists them.
    public var inequality: [Indicator] {
        [gini, concentration, theil.total, theil.between, theil.within]
    }
}

/// Reads a database and computes the equity report.
public enum EquityAssembly {
    /// Every figure of the report from the latest coverage run, the areas and their group
    /// populations, and the enrollments. Throws `EquityMissingInput` when there are no areas
    /// or no coverage run.
    public static func read(
        _ db: Database, filter: EnrollmentFactFilter = .init(),
        criteria: PriorityCriteria = PriorityCriteria()
    ) throws -> EquityReport {
        let areas = try AreaStore(db).all()
        guard !areas.isEmpty else {
            throw EquityMissingInput(
                kind: .areas,
                message: "no areas yet; import the wards first: ketnoi areas import "
                    + "hotspots/cantho/wards.csv")
        }
        guard let run = try CoverageStore(db).latestRun() else {
            throw EquityMissingInput(
                kind: .coverageRun,
                message: "no coverage run yet; compute one first: ketnoi coverage")
        }
        let facts = try LearningStore(db).enrollmentFacts(filter)
        let learners = try LearningStore(db).learnersByArea(filter)
        let groupPopulations = try readGroupPopulations(db)
        let summary = try LearningStore(db).summary()
        return try assemble(
            areas: areas, run: run, facts: facts, learners: learners,
            groupPopulations: groupPopulations, learningIsSample: summary.sampleClasses > 0,
            criteria: criteria)
    }

    /// `area code → group → residents`, from `areas population`.
    static func readGroupPopulations(_ db: Database) throws -> [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        for row in try db.query("SELECT area_code, population_group, value FROM area_populations")
        {
            let code: String = try row.get("area_code")
            result[code, default: [:]][try row.get("population_group")] = try row.get("value")
        }
        return result
    }

    /// The report from figures already read; the part tests drive with worked cases.
    public static func assemble(
        areas: [Area], run: StoredCoverageRun, facts: [EnrollmentFact],
        learners: [String?: Int], groupPopulations: [String: [String: Int]],
        learningIsSample: Bool, criteria: PriorityCriteria = PriorityCriteria()
    ) throws -> EquityReport {
        let day = localDay(run.computedAt)
        let populationSources = Set(areas.compactMap(\.populationSource)).sorted()
        let sources = WardSources(
            population: populationSources.isEmpty
                ? "no population imported"
                : "areas population: " + populationSources.joined(separator: "; "),
            coverage: "coverage run \(run.id), \(day)",
            usage: "inventory and usage samples (coverage run \(run.id))",
            learning: learningIsSample ? "enrollments (sample programme)" : "enrollments")
        var notes: [String] = []

        let measures = Dictionary(run.areas.map { ($0.code, $0) }) { first, _ in first }
        var hotspotsByArea: [String: [HotspotMeasures]] = [:]
        for hotspot in run.hotspots {
            if let code = hotspot.areaCode { hotspotsByArea[code, default: []].append(hotspot) }
        }
        let mean = run.meanAccessibility
        let known = Set(areas.map(\.code))
        let learnersWithoutWard = learners.filter { key, _ in
            key.map { !known.contains($0) } ?? true
        }.values.reduce(0, +)

        // Enrollment counts by ward (rows in area order) and group, one table per dimension.
        let codes = areas.map(\.code)
        let tables = GroupDimension.allCases.map {
            GroupTable(dimension: $0, facts: facts, scopes: codes)
        }
        let gender = tables[0]

        // MARK: Wards
        var wards: [WardEquity] = []
        var stale: [String] = []
        for area in areas {
            let measure = measures[area.code]
            // The imported count, exact; the run's (spread over cells) when none is.
            let population = area.population.flatMap { $0 > 0 ? Double($0) : nil }
                ?? (measure?.population).flatMap { $0 > 0 ? $0 : nil }
            if let population, let measured = measure?.population,
               abs(measured - population) > 0.01 * population {
                stale.append(area.code)
            }
            let sites = hotspotsByArea[area.code] ?? []
            var peak = 0.0
            var capacity = 0.0
            var peaked = false
            for site in sites {
                guard let siteCapacity = site.capacity, siteCapacity > 0 else { continue }
                capacity += Double(siteCapacity)
                let peaks = [site.activity.peakConcurrentClients, site.activity.peakWindowDevices]
                    .compactMap { $0 }
                if let most = peaks.max() {
                    peak += Double(most)
                    peaked = true
                }
            }
            let wardLearners = learners[area.code] ?? 0
            let row = wards.count
            let completed = gender.completed[row].reduce(0, +)
            let finished = gender.finished[row].reduce(0, +)
            let wardFacts = WardFacts(
                code: area.code, name: area.name, kind: AreaKind(text: area.kind),
                population: population, hotspots: measure?.hotspots ?? sites.count,
                coveredPopulation: population == nil ? nil : measure?.coveredPopulation,
                accessibility: measure.flatMap { mean > 0 ? $0.accessibility / mean : nil },
                peakClients: peaked ? peak : nil, capacity: capacity > 0 ? capacity : nil,
                dailyDevices: measure?.devicesPerDay,
                learnersEnrolled: wardLearners, completed: completed, finished: finished,
                status: status(measure?.status))
            let groups = groupPopulations[area.code] ?? [:]
            let poor = groups["poor-household"].flatMap { value in
                population.map { min(1, Double(value) / $0) }
            }
            wards.append(WardEquity(
                facts: wardFacts, indicators: WardIndicators(wardFacts, sources: sources),
                rank: measure?.rank, groupPopulations: groups, poorShare: poor,
                learners: wardLearners))
        }
        let unmeasured = areas.filter { measures[$0.code] == nil }.count
        if unmeasured > 0 {
            notes.append("\(unmeasured) of \(areas.count) areas are not in coverage run "
                + "\(run.id) (imported after it); run 'ketnoi coverage' again")
        }
        if !stale.isEmpty {
            notes.append("\(stale.count) areas have another population than in coverage run "
                + "\(run.id) (e.g. \(stale[0])); run 'ketnoi coverage' again")
        }
        let withoutPopulation = wards.filter { $0.facts.population == nil }.count
        if withoutPopulation > 0 {
            notes.append("\(withoutPopulation) of \(wards.count) areas have no population; "
                + "import it with 'ketnoi areas population FILE'")
        }

        // MARK: City
        let populated = wards.filter { $0.facts.population != nil }
        let residents = populated.reduce(0) { $0 + ($1.facts.population ?? 0) }
        let covered = populated.reduce(0) { $0 + ($1.facts.coveredPopulation ?? 0) }
        let devices = populated.reduce(0) { $0 + ($1.facts.dailyDevices ?? 0) }
        let wardLearners = populated.reduce(0) { $0 + $1.learners }
        let cityCompleted = gender.cityCounts(gender.completed).reduce(0, +)
        let cityFinished = gender.cityCounts(gender.finished).reduce(0, +)
        // No population imported is an unknown city population, not a population of 0.
        let cityPopulation = populated.isEmpty
            ? Indicator.undefined(
                name: "population", unit: .count, source: sources.population,
                reason: "no population imported (ketnoi areas population FILE)")
            : Indicator(
                name: "population", numerator: residents, denominator: 1, unit: .count,
                source: sources.population,
                note: withoutPopulation > 0
                    ? "\(withoutPopulation) areas without a population figure, not counted"
                    : nil)
        let city: [Indicator] = [
            cityPopulation,
            Indicator(
                name: "hotspots", numerator: Double(run.hotspots.count), denominator: 1,
                unit: .count, source: sources.coverage),
            Indicator(
                name: "coverage", numerator: covered, denominator: residents, unit: .percent,
                source: sources.coverage),
            Indicator(
                name: "accessibility-per-1000", numerator: mean * residents,
                denominator: residents, unit: .perThousand, source: sources.coverage,
                note: "hotspot capacity per 1,000 residents within the catchment "
                    + "(population-weighted mean)"),
            Indicator(
                name: "devices-per-1000", numerator: devices, denominator: residents,
                unit: .perThousand, source: sources.usage),
            Indicator(
                name: "learners-per-1000", numerator: Double(wardLearners),
                denominator: residents, unit: .perThousand, source: sources.learning,
                note: learnersWithoutWard > 0
                    ? "\(learnersWithoutWard) learners without a known ward left out" : nil),
            Indicator(
                name: "completion-rate", numerator: Double(cityCompleted),
                denominator: Double(cityFinished), unit: .percent, source: sources.learning),
        ]

        // MARK: Groups
        var cityGroups: [GroupMeasure] = []
        var wardGroups: [GroupMeasure] = []
        let populationByCode = Dictionary(uniqueKeysWithValues: wards.map {
            ($0.facts.code, $0.facts.population)
        })
        for table in tables {
            let populationGroups = table.dimension.groups.map(\.populationGroup)
            // City: the group's residents over the wards that give both figures.
            let enrolled = table.cityCounts(table.enrolled)
            let completed = table.cityCounts(table.completed)
            let finished = table.cityCounts(table.finished)
            let total = enrolled.reduce(0, +)
            let totalCompleted = completed.reduce(0, +)
            let totalFinished = finished.reduce(0, +)
            for (index, group) in table.groups.enumerated() {
                var population: (group: Double, total: Double, wards: Int)?
                if let key = populationGroups[index] {
                    var sum = 0.0
                    var whole = 0.0
                    var count = 0
                    for ward in wards {
                        guard let value = ward.groupPopulations[key],
                              let residents = ward.facts.population else { continue }
                        sum += Double(value)
                        whole += residents
                        count += 1
                    }
                    if count > 0 { population = (sum, whole, count) }
                }
                var note: String?
                if let key = populationGroups[index], let population,
                   population.wards < wards.count {
                    note = "\(key): residents known in \(population.wards) of \(wards.count) "
                        + "areas; the shares use those areas"
                }
                cityGroups.append(try measure(
                    dimension: table.dimension, group: group, scope: "city",
                    populationGroup: populationGroups[index], enrolled: enrolled[index],
                    total: total, completed: completed[index], finished: finished[index],
                    totalCompleted: totalCompleted, totalFinished: totalFinished,
                    population: population.map { ($0.group, $0.total) }, note: note,
                    source: sources))
            }
            // Wards.
            for (row, scope) in table.scopes.enumerated() where !scope.isEmpty {
                let total = table.enrolled[row].reduce(0, +)
                let totalCompleted = table.completed[row].reduce(0, +)
                let totalFinished = table.finished[row].reduce(0, +)
                let groups = wards[row].groupPopulations
                for (index, group) in table.groups.enumerated() {
                    var population: (Double, Double)?
                    if let key = populationGroups[index], let value = groups[key],
                       let residents = populationByCode[scope] ?? nil {
                        population = (Double(value), residents)
                    }
                    wardGroups.append(try measure(
                        dimension: table.dimension, group: group, scope: scope,
                        populationGroup: populationGroups[index],
                        enrolled: table.enrolled[row][index], total: total,
                        completed: table.completed[row][index],
                        finished: table.finished[row][index], totalCompleted: totalCompleted,
                        totalFinished: totalFinished, population: population, note: nil,
                        source: sources))
                }
            }
        }
        let missingGroups = Set(GroupDimension.allCases.flatMap { $0.groups }
            .compactMap(\.populationGroup))
            .filter { key in !wards.contains { $0.groupPopulations[key] != nil } }
            .sorted()
        if !missingGroups.isEmpty {
            notes.append("no group populations for " + missingGroups.joined(separator: ", ")
                + ": those representation ratios are not computed; import them with "
                + "'ketnoi areas population FILE'")
        }

        // MARK: Inequality
        let inequalitySource = sources.coverage + "; " + sources.population
        let values = wards.compactMap { ward -> AreaValue? in
            guard let population = ward.facts.population,
                  let access = ward.facts.accessibility else { return nil }
            return AreaValue(
                code: ward.facts.code, population: population, value: access,
                group: ward.facts.kind.rawValue, poorShare: ward.poorShare)
        }
        let gini = try Inequality.gini(values, name: "gini", source: inequalitySource)
        let lorenz = try Inequality.lorenzCurve(values)
        var concentration = try Inequality.concentrationIndex(
            values, name: "concentration", source: inequalitySource)
        if !values.contains(where: { $0.poorShare != nil }) {
            concentration.note = "no poor-household populations: import the group "
                + "'poor-household' with 'ketnoi areas population FILE'"
        }
        let theil = try Inequality.theil(values, name: "theil", source: inequalitySource)

        // MARK: Priorities
        let priorityInputs = wards.compactMap { ward -> PriorityInput? in
            guard let population = ward.facts.population else { return nil }
            return PriorityInput(
                code: ward.facts.code, name: ward.facts.name, population: population,
                coveragePercent: ward.indicators.coverage.value,
                accessibility: ward.facts.accessibility, learnersEnrolled: ward.learners)
        }
        let priorities = try PriorityList(priorityInputs, criteria: criteria)

        return EquityReport(
            coverageRun: run, wards: wards, city: city, groupTables: tables,
            groups: cityGroups + wardGroups, gini: gini, lorenz: lorenz,
            concentration: concentration, theil: theil, priorities: priorities,
            priorityInputs: priorityInputs, priorityCriteria: criteria,
            learnersWithoutWard: learnersWithoutWard, sources: sources, notes: notes)
    }

    static func measure(
        dimension: GroupDimension, group: String, scope: String, populationGroup: String?,
        enrolled: Int, total: Int, completed: Int, finished: Int, totalCompleted: Int,
        totalFinished: Int, population: (group: Double, total: Double)?, note: String?,
        source sources: WardSources
    ) throws -> GroupMeasure {
        let source = sources.learning + "; " + sources.population
        let enrollmentShare: Indicator
        let populationShare: Indicator
        let ratio: Indicator
        if let population, population.group <= population.total {
            let representation = try GroupMeasures.representation(
                group: group, enrolled: enrolled, enrolledTotal: total,
                population: population.group, populationTotal: population.total,
                source: source)
            enrollmentShare = representation.enrollmentShare
            populationShare = representation.populationShare
            ratio = representation.ratio
        } else {
            enrollmentShare = Indicator(
                name: "enrollment-share", numerator: Double(enrolled), denominator: Double(total),
                unit: .percent, source: source)
            let reason = populationGroup.map {
                population == nil
                    ? "no residents of group '\($0)' known (ketnoi areas population)"
                    : "group '\($0)' has more residents than the area"
            } ?? "no population to compare with"
            populationShare = .undefined(
                name: "population-share", unit: .percent, source: source, reason: reason)
            ratio = .undefined(
                name: "representation-ratio", unit: .ratio, source: source, reason: reason)
        }
        var shares = (enrollmentShare, populationShare, ratio)
        if let note {
            for index in 0..<3 {
                switch index {
                case 0: shares.0.note = shares.0.note.map { "\($0); \(note)" } ?? note
                case 1: shares.1.note = shares.1.note.map { "\($0); \(note)" } ?? note
                default: shares.2.note = shares.2.note.map { "\($0); \(note)" } ?? note
                }
            }
        }
        let completion = try GroupMeasures.completion(
            group: group, completed: completed, finished: finished,
            referenceCompleted: totalCompleted, referenceFinished: totalFinished,
            source: sources.learning)
        return GroupMeasure(
            dimension: dimension, group: group, scope: scope, populationGroup: populationGroup,
            enrolled: enrolled, enrolledTotal: total, completed: completed, finished: finished,
            enrollmentShare: shares.0, populationShare: shares.1, ratio: shares.2,
            completion: completion)
    }

    static func status(_ status: AreaStatus?) -> UnderservedStatus {
        switch status {
        case .unserved: .unserved
        case .underserved: .underserved
        case .served: .served
        case .noPopulation, nil: .unknown
        }
    }

    /// `YYYY-MM-DD` in Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
    public static func localDay(_ date: Date) -> String {
        LocalDate(dayNumber: Int(floor(
            (date.timeIntervalSince1970 + Double(LocalDate.utcOffset)) / 86_400))).description
    }
}
