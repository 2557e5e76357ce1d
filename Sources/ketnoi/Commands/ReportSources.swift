import Coverage
import Equity
import Foundation
import Learning
import Reports
import Storage

/// The "Method and data" list: every source the report rests on, its date, and whether it is
/// sample data.
enum ReportSources {
    /// Words in a population source that mark it as made up rather than counted.
    static func isEstimateOrSample(_ source: String) -> Bool {
        let text = source.lowercased()
        return ["estimate", "sample", "demonstration", "ước tính"].contains {
            text.contains($0)
        }
    }

    /// `2026-03-01 08:00 +07`: a stored instant in Asia/Ho_Chi_Minh (UTC+7, no DST).
    static func localTime(_ date: Date) -> String {
        let seconds = Int(floor(date.timeIntervalSince1970)) + LocalDate.utcOffset
        let day = LocalDate(dayNumber: Int(floor(Double(seconds) / 86_400)))
        let inDay = seconds - day.dayNumber * 86_400
        return String(format: "%@ %02d:%02d +07", day.description, inDay / 3600, inDay % 3600 / 60)
    }

    /// Up to two decimals, trailing zeros dropped: `0.2`, `10`, `0.5`.
    static func number(_ value: Double) -> String {
        var text = Reports.Format.number(value, decimals: 2)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    static func day(_ date: Date?) -> String {
        date.map(EquityAssembly.localDay) ?? "–"
    }

    static func range(_ first: Date?, _ last: Date?) -> String {
        let from = day(first)
        let to = day(last)
        return from == to ? from : "\(from) to \(to)"
    }

    /// Sources as a published page may name them: a file by its name only (the folders it was
    /// imported from are the importer's machine's business), blanks left out, each once.
    static func named(_ sources: [String]) -> String {
        var seen = Set<String>()
        let names = sources.compactMap { source -> String? in
            let trimmed = source.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { return nil }
            let name = trimmed.contains("/")
                ? URL(fileURLWithPath: trimmed).lastPathComponent : trimmed
            return seen.insert(name).inserted ? name : nil
        }
        return names.isEmpty ? "not recorded" : names.joined(separator: ", ")
    }

    /// Every source of the report. Published, the learning note counts no learners: the
    /// registry's total could be the hidden total of the ward table.
    static func read(
        _ db: Database, equity: EquityReport, published: Bool
    ) throws -> [DataSource] {
        var sources: [DataSource] = []
        func text(_ sql: String) throws -> [String] {
            try db.query(sql).compactMap { try $0.get(0, as: String?.self) }
        }
        func date(_ sql: String) throws -> Date? { try db.scalar(Date.self, sql) }
        func count(_ sql: String) throws -> Int { try db.scalar(Int.self, sql) ?? 0 }

        // Ward facts and boundaries.
        let areaCount = try count("SELECT count(*) FROM areas")
        let areaSources = try text("SELECT DISTINCT source FROM areas ORDER BY 1")
        let bounded = try count("SELECT count(*) FROM areas WHERE boundary IS NOT NULL")
        sources.append(DataSource(
            name: "Ward facts", date: day(try date("SELECT max(updated_at) FROM areas")),
            isSample: false,
            note: "\(areaCount) areas (phường and xã) from " + named(areaSources)))
        let boundarySources = try text(
            "SELECT DISTINCT source FROM areas WHERE boundary IS NOT NULL ORDER BY 1")
        sources.append(DataSource(
            name: "Ward boundaries",
            date: bounded > 0
                ? day(try date("SELECT max(updated_at) FROM areas WHERE boundary IS NOT NULL"))
                : "–",
            isSample: false,
            note: bounded == areaCount
                ? "polygons for every area from " + named(boundarySources)
                : "\(areaCount - bounded) of \(areaCount) areas have no boundary and are drawn "
                    + "at their centre point (approximate)"
                    + (bounded > 0 ? "; polygons from " + named(boundarySources) : "")))

        // Population.
        let populationSources = try text("""
            SELECT DISTINCT population_source FROM areas
            WHERE population IS NOT NULL ORDER BY 1
            """)
        let populated = try count("SELECT count(*) FROM areas WHERE population IS NOT NULL")
        let years = try text("""
            SELECT DISTINCT CAST(population_year AS TEXT) FROM areas
            WHERE population_year IS NOT NULL ORDER BY 1
            """)
        let groupSources = try text("SELECT DISTINCT source FROM area_populations ORDER BY 1")
        let groupNames = try text(
            "SELECT DISTINCT population_group FROM area_populations ORDER BY 1")
        let estimated = (populationSources + groupSources).contains(where: isEstimateOrSample)
        sources.append(DataSource(
            name: estimated ? "Population (estimate)" : "Population",
            date: years.isEmpty ? "–" : years.joined(separator: ", "),
            isSample: estimated,
            note: populated == 0
                ? "no population imported: coverage and rates per resident are not computed"
                : "\(populated) of \(areaCount) areas: "
                    + populationSources.joined(separator: "; ")
                    + (groupNames.isEmpty
                        ? "; no group populations (representation ratios not computed)"
                        : "; groups: " + groupNames.joined(separator: ", "))))

        // Hotspots and access points.
        let hotspots = try count("SELECT count(*) FROM hotspots")
        let hotspotSources = try text("SELECT DISTINCT source FROM hotspots ORDER BY 1")
        sources.append(DataSource(
            name: "Hotspots", date: day(try date("SELECT max(updated_at) FROM hotspots")),
            isSample: hotspotSources.contains { $0.lowercased() == "sample" },
            note: "\(hotspots) hotspots; source: " + named(hotspotSources)))
        let aps = try count("SELECT count(*) FROM access_points")
        let labAPs = try count("""
            SELECT count(*) FROM access_points
            WHERE address IN ('127.0.0.1', 'localhost', '::1') OR name LIKE 'lab-ap-%'
            """)
        sources.append(DataSource(
            name: labAPs > 0 ? "Access points (simulated lab)" : "Access points",
            date: day(try date("SELECT max(updated_at) FROM access_points")),
            isSample: labAPs > 0,
            note: aps == 0 ? "none imported"
                : "\(aps) access points"
                    + (labAPs > 0 ? ", \(labAPs) of them simulated by 'ketnoi lab' on "
                        + "this machine" : "")))

        // Inventory and usage.
        let runs = try count("SELECT count(*) FROM inventory_runs")
        let snapshots = try count(
            "SELECT count(*) FROM snapshots WHERE result IN ('ok', 'degraded')")
        sources.append(DataSource(
            name: "Inventory runs",
            date: runs == 0 ? "–" : range(
                try date("SELECT min(started_at) FROM inventory_runs"),
                try date("SELECT max(started_at) FROM inventory_runs")),
            isSample: labAPs > 0,
            note: "\(runs) runs over SSH, \(snapshots) answered snapshots (radios, clients)"))
        let windows = try count("SELECT count(*) FROM usage_windows")
        sources.append(DataSource(
            name: "Usage samples",
            date: windows == 0 ? "–" : range(
                try date("SELECT min(window_start) FROM usage_windows"),
                try date("SELECT max(window_start) FROM usage_windows")),
            isSample: labAPs > 0,
            note: windows == 0 ? "none: devices per 1,000 residents not computed"
                : "\(windows) capture windows, counters and keyed pseudonyms only"))

        // Learning.
        let summary = try LearningStore(db).summary()
        let sampleLearning = summary.sampleClasses + summary.sampleLearners > 0
        let classes = summary.classesOpen + summary.classesClosed + summary.classesCancelled
        var learning = published
            ? "\(classes) classes" : "\(summary.learners) learners, \(classes) classes"
        if let run = summary.sampleRun, sampleLearning {
            learning += "; sample programme (seed \(run.seed), until \(run.until)), every "
                + "record made up"
        }
        let lastChange = try date("SELECT max(changed_at) FROM enrollments")
        sources.append(DataSource(
            name: sampleLearning ? "Learning records (sample)" : "Learning records",
            date: summary.sampleRun.map { $0.until.description } ?? day(lastChange),
            isSample: sampleLearning, note: learning))

        // The coverage run.
        let run = equity.coverageRun
        let options = run.options
        let weights = options.method == .enhanced
            ? ", zone weights " + options.zoneWeights.map { String($0) }.joined(separator: "/")
            : ""
        sources.append(DataSource(
            name: "Coverage run \(run.id)", date: localTime(run.computedAt), isSample: false,
            note: "\(options.method.rawValue), cell \(Int(options.cellSize)) m, catchment "
                + "\(Int(options.catchment)) m\(weights); unserved below "
                + "\(number(options.thresholds.unservedCoverageBelow * 100)) % coverage, "
                + "underserved below \(number(options.thresholds.accessibilityBelowMean)) × "
                + "the mean accessibility or above "
                + "\(number(options.thresholds.saturationAbove * 100)) % saturation; "
                + "\(run.projection)"))
        return sources
    }
}
