import Foundation
import Fleet
import Geo
import Places
import Storage

/// A computed coverage run, with the cells kept in memory for maps and suggestions.
public struct CoverageResult: Sendable {
    public var options: CoverageOptions
    public var computedAt: Date
    public var grid: CoverageGrid
    /// Accessibility per cell (nil: no hotspot in reach), in `grid` cell order.
    public var cellAccessibility: [Double?]
    /// Whether each cell's centre is inside some footprint.
    public var cellCovered: [Bool]
    /// Areas in rank order.
    public var areas: [AreaMeasures]
    /// Hotspots by code.
    public var hotspots: [HotspotMeasures]
    public var population: Double
    public var coveredPopulation: Double
    /// The city's population-weighted mean accessibility.
    public var meanAccessibility: Double
    public var warnings: [String]
    /// Seconds spent on each step: `grid`, `accessibility`, `coverage`, `measures`.
    public var timings: [(step: String, seconds: Double)]
}

/// The inputs of a run, read from the database (or made up by a test).
public struct CoverageInputs: Sendable {
    public var areas: [GridAreaInput]
    public var hotspots: [Hotspot]
    public var radios: [String: [RadioFacts]]
    public var overrides: [String: Double]
    public var activity: [String: HotspotActivity]
    public var layer: [PopulationPoint]

    public init(
        areas: [GridAreaInput], hotspots: [Hotspot], radios: [String: [RadioFacts]] = [:],
        overrides: [String: Double] = [:], activity: [String: HotspotActivity] = [:],
        layer: [PopulationPoint] = []
    ) {
        self.areas = areas
        self.hotspots = hotspots
        self.radios = radios
        self.overrides = overrides
        self.activity = activity
        self.layer = layer
    }

    /// Everything a run needs from the database: areas with boundaries and populations,
    /// hotspots, their radios, footprint overrides, activity, the population layer.
    public static func read(_ db: Database) throws -> CoverageInputs {
        let store = AreaStore(db)
        var areas: [GridAreaInput] = []
        for area in try store.all() {
            areas.append(GridAreaInput(
                code: area.code, name: area.name, population: area.population,
                boundary: area.hasBoundary ? try store.boundary(code: area.code) : nil,
                centre: area.centre, areaKm2: area.areaKm2))
        }
        let reader = HotspotActivityReader(db)
        let coverage = CoverageStore(db)
        return CoverageInputs(
            areas: areas, hotspots: try HotspotStore(db).all(), radios: try reader.radios(),
            overrides: try coverage.footprintOverrides().mapValues(\.radius),
            activity: try reader.activity(), layer: try coverage.populationLayer())
    }
}

/// Computes footprints, the grid, coverage, accessibility, saturation, use and the ranking.
public enum CoverageCalculator {
    public static func compute(
        _ inputs: CoverageInputs, options: CoverageOptions, now: Date = Date()
    ) -> CoverageResult {
        var timings: [(String, Double)] = []
        var clock = ContinuousClock.now
        func lap(_ step: String) {
            let elapsed = ContinuousClock.now - clock
            let seconds = Double(elapsed.components.seconds)
                + Double(elapsed.components.attoseconds) / 1e18
            timings.append((step, seconds))
            clock = ContinuousClock.now
        }

        let grid = CoverageGrid.build(
            areas: inputs.areas, cellSize: options.cellSize, layer: inputs.layer)
        var warnings = grid.warnings
        let demand = zip(grid.positions, grid.population).map {
            DemandPoint(position: $0, population: $1)
        }
        let index = SpatialIndex(grid.positions, bucketSize: max(options.catchment, 1))
        lap("grid")

        // Accessibility: hotspots with a capacity are the supply.
        let hotspots = inputs.hotspots
        let positions = hotspots.map { grid.projection.project($0.coordinate) }
        let supplied = hotspots.indices.filter { (hotspots[$0].capacity ?? 0) > 0 }
        let supply = supplied.map {
            SupplySite(position: positions[$0], capacity: Double(hotspots[$0].capacity ?? 0))
        }
        let access = FloatingCatchment.compute(
            demand: demand, supply: supply, weights: options.weights, index: index)
        let mean = FloatingCatchment.populationWeightedMean(access.scores, demand: demand)
        lap("accessibility")

        // Coverage: a cell is covered when its centre is inside some footprint.
        let footprints = hotspots.map {
            FootprintModel.footprint(
                for: $0, radios: inputs.radios[$0.code] ?? [], override: inputs.overrides[$0.code])
        }
        let (covered, footprintPeople) = FootprintCoverage.cover(
            population: grid.population, index: index, sites: positions,
            radii: footprints.map(\.radius))
        lap("coverage")

        // Hotspot measures.
        var slot = [Int?](repeating: nil, count: hotspots.count)
        for (j, h) in supplied.enumerated() { slot[h] = j }
        var hotspotMeasures: [HotspotMeasures] = []
        for (h, hotspot) in hotspots.enumerated() {
            let activity = inputs.activity[hotspot.code] ?? HotspotActivity()
            let j = slot[h]
            hotspotMeasures.append(HotspotMeasures(
                code: hotspot.code, name: hotspot.name, areaCode: hotspot.areaCode,
                coordinate: hotspot.coordinate, position: positions[h],
                footprint: footprints[h], capacity: hotspot.capacity,
                coveredPopulation: footprintPeople[h],
                residentsInReach: j.map { access.residentsInReach[$0] } ?? 0,
                weightedDemand: j.map { access.weightedDemand[$0] } ?? 0,
                ratio: j.flatMap { access.ratios[$0] }, activity: activity,
                saturation: activity.saturation(capacity: hotspot.capacity)))
        }
        let defaults = hotspotMeasures.filter(\.footprint.isDefault).count
        if defaults > 0 {
            warnings.append("\(defaults) of \(hotspots.count) hotspot(s) have no inventoried "
                + "radios; their footprints are class defaults (flagged 'class-default')")
        }
        let noCapacity = hotspots.count - supplied.count
        if noCapacity > 0 {
            warnings.append("\(noCapacity) hotspot(s) have no capacity; they count for coverage "
                + "but add nothing to accessibility")
        }

        // Area measures.
        var byArea: [String: [HotspotMeasures]] = [:]
        for measures in hotspotMeasures {
            if let code = measures.areaCode { byArea[code, default: []].append(measures) }
        }
        var areas: [AreaMeasures] = []
        var totalPopulation = 0.0
        var totalCovered = 0.0
        for area in grid.areas {
            var people = 0.0
            var coveredPeople = 0.0
            var weighted = 0.0
            for cell in area.cells {
                let p = grid.population[cell]
                people += p
                if covered[cell] { coveredPeople += p }
                weighted += (access.scores[cell] ?? 0) * p
            }
            totalPopulation += people
            totalCovered += coveredPeople
            let sites = byArea[area.code] ?? []
            let saturations = sites.compactMap(\.saturation).sorted()
            let sampled = sites.compactMap(\.activity.devicesPerDay)
            let devices = sampled.isEmpty ? nil : sampled.reduce(0, +)
            areas.append(AreaMeasures(
                code: area.code, name: area.name, population: people, cells: area.cells.count,
                approximate: area.approximate, hotspots: sites.count,
                capacity: sites.compactMap(\.capacity).reduce(0, +),
                coveredPopulation: coveredPeople,
                coverage: people > 0 ? coveredPeople / people : nil,
                accessibility: people > 0 ? weighted / people : 0,
                medianSaturation: median(saturations), devicesPerDay: devices,
                usePer1000: devices.flatMap { people > 0 ? $0 / people * 1000 : nil }))
        }
        let ranked = UnderservedRanking.rank(
            areas, cityMean: mean, thresholds: options.thresholds)
        lap("measures")

        return CoverageResult(
            options: options, computedAt: now, grid: grid, cellAccessibility: access.scores,
            cellCovered: covered, areas: ranked, hotspots: hotspotMeasures,
            population: totalPopulation, coveredPopulation: totalCovered,
            meanAccessibility: mean, warnings: warnings,
            timings: timings.map { (step: $0.0, seconds: $0.1) })
    }

    /// The middle value of sorted numbers (the mean of the middle two for an even count).
    static func median(_ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let half = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2
    }
}

/// Which demand points lie inside some footprint.
public enum FootprintCoverage {
    /// For each demand point, whether it is within some site's radius (a point at exactly
    /// the radius is inside); for each site, the residents inside its own footprint.
    public static func cover(
        population: [Double], index: SpatialIndex, sites: [ProjectedPoint], radii: [Double]
    ) -> (covered: [Bool], residents: [Double]) {
        var covered = [Bool](repeating: false, count: population.count)
        var residents: [Double] = []
        for (site, radius) in zip(sites, radii) {
            var people = 0.0
            index.forEach(within: radius, of: site) { k, _ in
                covered[k] = true
                people += population[k]
            }
            residents.append(people)
        }
        return (covered, residents)
    }
}
