import Foundation
import Geo
import Storage

/// A stored coverage run: its choices, city totals, and the measures per area and hotspot.
///
/// This is what later reports read (`CoverageStore.latestRun()`); cells are not stored.
public struct StoredCoverageRun: Sendable {
    public var id: Int64
    public var computedAt: Date
    public var options: CoverageOptions
    /// The projection of the grid, e.g. `UTM zone 48N (EPSG:32648)`.
    public var projection: String
    public var cells: Int
    public var population: Double
    public var coveredPopulation: Double
    /// The city's population-weighted mean accessibility, capacity per resident.
    public var meanAccessibility: Double
    public var warnings: [String]
    /// Areas in rank order (areas without residents last).
    public var areas: [AreaMeasures]
    /// Hotspots by code.
    public var hotspots: [HotspotMeasures]

    /// A computed run as it would read back once stored under `id`.
    public init(_ result: CoverageResult, id: Int64) {
        self.init(
            id: id, computedAt: result.computedAt, options: result.options,
            projection: result.grid.projection.name, cells: result.grid.cellCount,
            population: result.population, coveredPopulation: result.coveredPopulation,
            meanAccessibility: result.meanAccessibility, warnings: result.warnings,
            areas: result.areas, hotspots: result.hotspots)
    }

    init(
        id: Int64, computedAt: Date, options: CoverageOptions, projection: String, cells: Int,
        population: Double, coveredPopulation: Double, meanAccessibility: Double,
        warnings: [String], areas: [AreaMeasures], hotspots: [HotspotMeasures]
    ) {
        self.id = id
        self.computedAt = computedAt
        self.options = options
        self.projection = projection
        self.cells = cells
        self.population = population
        self.coveredPopulation = coveredPopulation
        self.meanAccessibility = meanAccessibility
        self.warnings = warnings
        self.areas = areas
        self.hotspots = hotspots
    }
}

/// A footprint radius set by a planner for one hotspot.
public struct FootprintOverride: Sendable, Equatable {
    public var hotspotCode: String
    public var radius: Double
    public var note: String?
}

/// Reads and writes coverage runs, footprint overrides and the population layer.
public struct CoverageStore {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    // MARK: - Runs

    /// Stores a run with its area and hotspot measures in one transaction; returns its id.
    @discardableResult
    public func save(_ result: CoverageResult) throws -> Int64 {
        try db.transaction {
            let options = result.options
            try db.execute("""
                INSERT INTO coverage_runs (computed_at, cell_m, catchment_m, method, zone_weights,
                    unserved_below, access_below_mean, saturation_above, projection, cells,
                    population, covered_population, mean_accessibility, warnings)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [
                    result.computedAt, options.cellSize, options.catchment,
                    options.method.rawValue,
                    options.zoneWeights.map { "\($0)" }.joined(separator: ","),
                    options.thresholds.unservedCoverageBelow,
                    options.thresholds.accessibilityBelowMean, options.thresholds.saturationAbove,
                    result.grid.projection.name, result.grid.cellCount, result.population,
                    result.coveredPopulation, result.meanAccessibility,
                    result.warnings.joined(separator: "\n"),
                ])
            let run = db.lastInsertRowID
            let area = try db.prepare("""
                INSERT INTO coverage_areas (run_id, area_code, name, population, cells,
                    approximate, hotspots, capacity, covered_population, coverage, accessibility,
                    median_saturation, devices_per_day, use_per_1000, status, reasons, rank)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for a in result.areas {
                try area.execute([
                    run, a.code, a.name, a.population, a.cells, a.approximate, a.hotspots,
                    a.capacity, a.coveredPopulation, a.coverage, a.accessibility,
                    a.medianSaturation, a.devicesPerDay, a.usePer1000, a.status.rawValue,
                    a.reasons.joined(separator: "; "), a.rank,
                ])
            }
            let hotspot = try db.prepare("""
                INSERT INTO coverage_hotspots (run_id, hotspot_code, name, area_code, latitude,
                    longitude, radius_m, footprint_basis, footprint_detail, capacity,
                    covered_population, residents_in_reach, weighted_demand, ratio, peak_clients,
                    peak_window_devices, devices_per_day, days_sampled, saturation)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for h in result.hotspots {
                try hotspot.execute([
                    run, h.code, h.name, h.areaCode, h.coordinate.latitude, h.coordinate.longitude,
                    h.footprint.radius, h.footprint.basis.rawValue, h.footprint.detail,
                    h.capacity, h.coveredPopulation, h.residentsInReach, h.weightedDemand,
                    h.ratio, h.activity.peakConcurrentClients, h.activity.peakWindowDevices,
                    h.activity.devicesPerDay, h.activity.daysSampled, h.saturation,
                ])
            }
            return run
        }
    }

    /// The most recent run, or nil when none was stored.
    public func latestRun() throws -> StoredCoverageRun? {
        guard let id = try db.scalar(
            Int64.self, "SELECT id FROM coverage_runs ORDER BY computed_at DESC, id DESC LIMIT 1")
        else { return nil }
        return try run(id: id)
    }

    /// One stored run by id, or nil.
    public func run(id: Int64) throws -> StoredCoverageRun? {
        guard let row = try db.queryFirst("SELECT * FROM coverage_runs WHERE id = ?", [id])
        else { return nil }
        var options = CoverageOptions()
        options.cellSize = try row.get("cell_m")
        options.catchment = try row.get("catchment_m")
        let method: String = try row.get("method")
        options.method = AccessMethod(rawValue: method) ?? .twoStep
        let weights: String = try row.get("zone_weights")
        options.zoneWeights = weights.split(separator: ",").compactMap { Double($0) }
        options.thresholds = RankingThresholds(
            unservedCoverageBelow: try row.get("unserved_below"),
            accessibilityBelowMean: try row.get("access_below_mean"),
            saturationAbove: try row.get("saturation_above"))
        let warnings: String = try row.get("warnings")

        let areas = try db.query("""
            SELECT * FROM coverage_areas WHERE run_id = ?
            ORDER BY rank IS NULL, rank, area_code
            """, [id]).map { row in
            let status: String = try row.get("status")
            let reasons: String = try row.get("reasons")
            return AreaMeasures(
                code: try row.get("area_code"), name: try row.get("name"),
                population: try row.get("population"), cells: try row.get("cells"),
                approximate: try row.get("approximate"), hotspots: try row.get("hotspots"),
                capacity: try row.get("capacity"),
                coveredPopulation: try row.get("covered_population"),
                coverage: try row.get("coverage"), accessibility: try row.get("accessibility"),
                medianSaturation: try row.get("median_saturation"),
                devicesPerDay: try row.get("devices_per_day"),
                usePer1000: try row.get("use_per_1000"),
                status: AreaStatus(rawValue: status) ?? .served,
                reasons: reasons.isEmpty ? [] : reasons.components(separatedBy: "; "),
                rank: try row.get("rank"))
        }
        let hotspots = try db.query(
            "SELECT * FROM coverage_hotspots WHERE run_id = ? ORDER BY hotspot_code", [id]
        ).map { row in
            let basis: String = try row.get("footprint_basis")
            let coordinate = Coordinate(
                latitude: try row.get("latitude"), longitude: try row.get("longitude"))
            return HotspotMeasures(
                code: try row.get("hotspot_code"), name: try row.get("name"),
                areaCode: try row.get("area_code"), coordinate: coordinate,
                position: ProjectedPoint(x: .nan, y: .nan),
                footprint: Footprint(
                    radius: try row.get("radius_m"),
                    basis: FootprintBasis(rawValue: basis) ?? .classDefault,
                    detail: try row.get("footprint_detail")),
                capacity: try row.get("capacity"),
                coveredPopulation: try row.get("covered_population"),
                residentsInReach: try row.get("residents_in_reach"),
                weightedDemand: try row.get("weighted_demand"), ratio: try row.get("ratio"),
                activity: HotspotActivity(
                    peakConcurrentClients: try row.get("peak_clients"),
                    peakWindowDevices: try row.get("peak_window_devices"),
                    devicesPerDay: try row.get("devices_per_day"),
                    daysSampled: try row.get("days_sampled")),
                saturation: try row.get("saturation"))
        }
        return StoredCoverageRun(
            id: id, computedAt: try row.get("computed_at"), options: options,
            projection: try row.get("projection"), cells: try row.get("cells"),
            population: try row.get("population"),
            coveredPopulation: try row.get("covered_population"),
            meanAccessibility: try row.get("mean_accessibility"),
            warnings: warnings.isEmpty ? [] : warnings.components(separatedBy: "\n"),
            areas: areas, hotspots: hotspots)
    }

    // MARK: - Footprint overrides

    /// Every planner-set radius, by hotspot code.
    public func footprintOverrides() throws -> [String: FootprintOverride] {
        var result: [String: FootprintOverride] = [:]
        for row in try db.query("SELECT hotspot_code, radius_m, note FROM coverage_footprints") {
            let code: String = try row.get("hotspot_code")
            result[code] = FootprintOverride(
                hotspotCode: code, radius: try row.get("radius_m"), note: try row.get("note"))
        }
        return result
    }

    /// Sets a hotspot's radius (metres), replacing an earlier one.
    public func setFootprint(
        hotspotCode: String, radius: Double, note: String?, now: Date = Date()
    ) throws {
        try db.execute("""
            INSERT INTO coverage_footprints (hotspot_code, radius_m, note, updated_at)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (hotspot_code) DO UPDATE SET radius_m = excluded.radius_m,
                note = excluded.note, updated_at = excluded.updated_at
            """, [hotspotCode, radius, note, now])
    }

    /// Removes a hotspot's override; returns false when it had none.
    @discardableResult
    public func clearFootprint(hotspotCode: String) throws -> Bool {
        try db.execute("DELETE FROM coverage_footprints WHERE hotspot_code = ?", [hotspotCode])
        return db.changes > 0
    }

    // MARK: - Population layer

    /// The population layer's points (empty when none was imported).
    public func populationLayer() throws -> [PopulationPoint] {
        try db.query("SELECT latitude, longitude, people FROM population_points").map { row in
            PopulationPoint(
                coordinate: Coordinate(
                    latitude: try row.get("latitude"), longitude: try row.get("longitude")),
                people: try row.get("people"))
        }
    }
}
