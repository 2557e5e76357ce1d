import Coverage
import Foundation
import Geo
import Places
import Storage

/// The ward table, the `--json` document and the suggestion list of `ketnoi coverage`.
enum CoverageOutput {
    struct ThresholdsJSON: Encodable {
        let unservedCoverageBelow: Double
        let accessibilityBelowMean: Double
        let saturationAbove: Double
    }

    struct RunJSON: Encodable {
        let id: Int64
        let computedAt: Date
        let method: String
        let cellM: Double
        let catchmentM: Double
        let zoneWeights: [Double]?
        let projection: String
        let cells: Int
        let population: Double
        let coveredPopulation: Double
        let coverage: Double?
        /// Capacity per resident; `...Per1000` is the same per 1,000 residents.
        let meanAccessibility: Double
        let meanAccessibilityPer1000: Double
        let thresholds: ThresholdsJSON
        let rules: [String]
        let warnings: [String]
    }

    struct AreaJSON: Encodable {
        let rank: Int?
        let code: String
        let name: String
        let status: String
        let reasons: [String]
        let population: Double
        let cells: Int
        let approximate: Bool
        let hotspots: Int
        let capacity: Int
        let coveredPopulation: Double
        let uncoveredPopulation: Double
        let coverage: Double?
        let accessibility: Double
        let accessibilityPer1000: Double
        let accessibilityToMean: Double?
        let medianSaturation: Double?
        let devicesPerDay: Double?
        let usePer1000: Double?
    }

    struct HotspotJSON: Encodable {
        let code: String
        let name: String
        let areaCode: String?
        let latitude: Double
        let longitude: Double
        /// Projected centre in the run's projection, metres; absent for a stored run.
        let easting: Double?
        let northing: Double?
        let radiusM: Double
        let footprint: String
        let footprintDetail: String
        let capacity: Int?
        let coveredPopulation: Double
        let residentsInReach: Double
        let weightedDemand: Double
        let ratio: Double?
        let peakConcurrentClients: Int?
        let peakWindowDevices: Int?
        let devicesPerDay: Double?
        let daysSampled: Int
        let saturation: Double?
    }

    struct CoverageJSON: Encodable {
        let run: RunJSON
        let areas: [AreaJSON]
        let hotspots: [HotspotJSON]
    }

    static func document(
        _ run: StoredCoverageRun, positions: [String: ProjectedPoint]
    ) -> CoverageJSON {
        let options = run.options
        let mean = run.meanAccessibility
        let runJSON = RunJSON(
            id: run.id, computedAt: run.computedAt, method: options.method.rawValue,
            cellM: options.cellSize, catchmentM: options.catchment,
            zoneWeights: options.method == .enhanced ? options.zoneWeights : nil,
            projection: run.projection, cells: run.cells, population: run.population,
            coveredPopulation: run.coveredPopulation,
            coverage: run.population > 0 ? run.coveredPopulation / run.population : nil,
            meanAccessibility: mean, meanAccessibilityPer1000: mean * 1000,
            thresholds: ThresholdsJSON(
                unservedCoverageBelow: options.thresholds.unservedCoverageBelow,
                accessibilityBelowMean: options.thresholds.accessibilityBelowMean,
                saturationAbove: options.thresholds.saturationAbove),
            rules: options.thresholds.describe(cityMeanAccessibility: mean),
            warnings: run.warnings)
        let areas = run.areas.map { a in
            AreaJSON(
                rank: a.rank, code: a.code, name: a.name, status: a.status.rawValue,
                reasons: a.reasons, population: a.population, cells: a.cells,
                approximate: a.approximate, hotspots: a.hotspots, capacity: a.capacity,
                coveredPopulation: a.coveredPopulation, uncoveredPopulation: a.uncoveredPopulation,
                coverage: a.coverage, accessibility: a.accessibility,
                accessibilityPer1000: a.accessibility * 1000,
                accessibilityToMean: mean > 0 ? a.accessibility / mean : nil,
                medianSaturation: a.medianSaturation, devicesPerDay: a.devicesPerDay,
                usePer1000: a.usePer1000)
        }
        let hotspots = run.hotspots.map { h in
            HotspotJSON(
                code: h.code, name: h.name, areaCode: h.areaCode,
                latitude: h.coordinate.latitude, longitude: h.coordinate.longitude,
                easting: positions[h.code]?.x, northing: positions[h.code]?.y,
                radiusM: h.footprint.radius, footprint: h.footprint.basis.rawValue,
                footprintDetail: h.footprint.detail, capacity: h.capacity,
                coveredPopulation: h.coveredPopulation, residentsInReach: h.residentsInReach,
                weightedDemand: h.weightedDemand, ratio: h.ratio,
                peakConcurrentClients: h.activity.peakConcurrentClients,
                peakWindowDevices: h.activity.peakWindowDevices,
                devicesPerDay: h.activity.devicesPerDay, daysSampled: h.activity.daysSampled,
                saturation: h.saturation)
        }
        return CoverageJSON(run: runJSON, areas: areas, hotspots: hotspots)
    }

    /// The method in one line, e.g. `2SFCA, 800 m straight-line catchment, 100 m cells …`.
    static func methodLine(_ run: StoredCoverageRun) -> String {
        let options = run.options
        var method = options.method == .enhanced
            ? "E2SFCA (zone weights "
                + options.zoneWeights.map { RankingThresholdsText.number($0) }
                    .joined(separator: " / ") + ")"
            : "2SFCA"
        method += ", \(RankingThresholdsText.number(options.catchment)) m straight-line "
            + "catchment; \(RankingThresholdsText.number(options.cellSize)) m cells in "
            + "\(run.projection), \(run.cells) cells"
        return "method: " + method
    }

    static func print(
        _ run: StoredCoverageRun, hotspotPositions: [HotspotMeasures], context: Context
    ) throws {
        if context.json {
            var positions: [String: ProjectedPoint] = [:]
            for h in hotspotPositions { positions[h.code] = h.position }
            context.terminal.out(try JSONOutput.render(
                JSONDocument("coverage-run", document(run, positions: positions))))
            return
        }
        var table = TextTable(
            [
                "rank", "code", "name", "population", "hotspots", "coverage %", "access /1k",
                "saturation %", "use /1k/day", "status",
            ],
            rightAligned: [0, 3, 4, 5, 6, 7, 8])
        for a in run.areas {
            table.append([
                a.rank.map(String.init) ?? "–", a.code, a.name,
                Format.decimal(a.population, places: 0), String(a.hotspots),
                a.coverage.map { Format.decimal($0 * 100, places: 1) } ?? "–",
                Format.decimal(a.accessibility * 1000, places: 3),
                a.medianSaturation.map { Format.decimal($0 * 100, places: 0) } ?? "–",
                a.usePer1000.map { Format.decimal($0, places: 2) } ?? "–",
                a.status.rawValue + (a.approximate ? " (approx.)" : ""),
            ])
        }
        context.terminal.out(table.render())
        let mean = run.meanAccessibility
        var lines = [
            methodLine(run),
            "city: \(Format.decimal(run.population, places: 0)) residents, "
                + (run.population > 0
                    ? Format.decimal(run.coveredPopulation / run.population * 100, places: 1)
                    : "0") + " % covered, mean accessibility "
                + "\(Format.decimal(mean * 1000, places: 3)) per 1,000 residents",
        ]
        lines += run.options.thresholds.describe(cityMeanAccessibility: mean)
        var counts: [AreaStatus: Int] = [:]
        for area in run.areas { counts[area.status, default: 0] += 1 }
        lines.append(AreaStatus.allCases.compactMap { status in
            counts[status].map { "\($0) \(status.rawValue)" }
        }.joined(separator: ", ") + "; stored as coverage run \(run.id)")
        context.terminal.out(lines.joined(separator: "\n") + "\n")
    }

    static func printSuggestions(
        _ suggestions: [SiteSuggestion], result: CoverageResult, capacity: Double,
        target: Double, before: Double, context: Context
    ) throws {
        if context.json {
            struct SuggestionJSON: Encodable {
                let order: Int; let latitude: Double; let longitude: Double
                let easting: Double; let northing: Double
                let areaCode: String; let areaName: String
                let residentsInReach: Double; let gain: Double; let gainPer1000: Double
                let cappedMeanAfter: Double
            }
            struct SuggestJSON: Encodable {
                let capacity: Double; let method: String; let catchmentM: Double
                let cellM: Double; let target: Double; let cappedMeanBefore: Double
                let meanBefore: Double; let suggestions: [SuggestionJSON]
            }
            let payload = SuggestJSON(
                capacity: capacity, method: result.options.method.rawValue,
                catchmentM: result.options.catchment, cellM: result.options.cellSize,
                target: target, cappedMeanBefore: before, meanBefore: result.meanAccessibility,
                suggestions: suggestions.map { s in
                    SuggestionJSON(
                        order: s.order,
                        latitude: (s.coordinate.latitude * 1e6).rounded() / 1e6,
                        longitude: (s.coordinate.longitude * 1e6).rounded() / 1e6,
                        easting: s.position.x, northing: s.position.y, areaCode: s.areaCode,
                        areaName: s.areaName, residentsInReach: s.residentsInReach,
                        gain: s.gain, gainPer1000: s.gain * 1000,
                        cappedMeanAfter: s.cappedMeanAfter)
                })
            context.terminal.out(
                try JSONOutput.render(JSONDocument("coverage-suggestions", payload)))
            return
        }
        guard !suggestions.isEmpty else {
            context.terminal.out("no site would raise accessibility where it falls short of the "
                + "city's mean\n")
            return
        }
        var table = TextTable(
            ["#", "latitude", "longitude", "area", "residents in reach", "gain /1k"],
            rightAligned: [0, 1, 2, 4, 5])
        for s in suggestions {
            table.append([
                String(s.order), Format.decimal(s.coordinate.latitude, places: 6),
                Format.decimal(s.coordinate.longitude, places: 6), "\(s.areaCode) \(s.areaName)",
                Format.decimal(s.residentsInReach, places: 0),
                Format.decimal(s.gain * 1000, places: 4),
            ])
        }
        context.terminal.out(table.render())
        let last = suggestions.last?.cappedMeanAfter ?? before
        context.terminal.out("""
            new sites of \(RankingThresholdsText.number(capacity)) users each; gain: rise of \
            the population-weighted accessibility, each resident counted up to the city's mean \
            (\(Format.decimal(target * 1000, places: 3)) per 1,000): \
            \(Format.decimal(before * 1000, places: 3)) → \
            \(Format.decimal(last * 1000, places: 3))
            \(CoverageOutput.methodLine(StoredCoverageRun(result, id: 0)))

            """)
    }
}
