import Equity
import Foundation
import Learning
import Privacy
import Reports
import Storage

/// `ketnoi report`: the planners' equity report as a folder of files.
enum ReportCommand {
    static let spec = CommandSpec(
        name: "report",
        summary: "write the equity report: index.html, CSV, GeoJSON, data dictionary",
        discussion: """
            Reads the latest coverage run, the areas with their populations and group
            populations, and the enrollments, and writes into DIR: index.html (one file, no
            network: map, Lorenz curve, groups, wards, priority list, method and data),
            wards.csv, hotspots.csv, indicators.csv, wards.geojson and data-dictionary.md.
            The folder is written beside DIR and then renamed, so DIR is whole or unchanged.
            Prints a Markdown summary (--json: the same as data).

            Published figures follow the small-count rules: counts of 1 to 9 show as <10,
            another count is hidden (*) where totals would give one away, and rates need 20
            or more people behind them. --internal shows raw figures, with a notice on the
            page; keep such a report on the trainers' and planners' own machines.

              ketnoi coverage
              ketnoi report --out report
            """,
        options: [
            .value("out", "DIR", "the report folder, required (created or replaced whole)"),
            .flag("internal", "raw figures, small counts not hidden: not for publication"),
        ],
        printsData: true,
        run: { try run($0) })

    static func run(_ context: Context) throws {
        guard let out = context.invocation.value("out"), !out.isEmpty else {
            throw CommandFailure(.usage, "option --out DIR is required (the report folder)")
        }
        let destination = URL(fileURLWithPath: out).standardizedFileURL
        try checkDestination(destination)

        let db = try context.openDatabase(existing: true)
        let started = ContinuousClock.now
        let equity: EquityReport
        do {
            equity = try EquityAssembly.read(
                db, filter: EnrollmentFactFilter(referenceDate: LocalDate.today()))
        } catch let missing as EquityMissingInput {
            throw CommandFailure(.noInput, missing.message)
        } catch let bad as EquityInputError {
            throw CommandFailure(.dataError, "area \(bad.description)")
        }
        for note in equity.notes { context.terminal.warning(note) }
        let isInternal = context.invocation.has("internal")
        let model: ReportModel
        do {
            model = try ReportModelBuilder(
                db: db, equity: equity, policy: isInternal ? .internal : .published,
                sources: try ReportSources.read(db, equity: equity, published: !isInternal),
                generated: ReportSources.localTime(Date())
            ).build()
        } catch let error as PublicationError {
            throw CommandFailure(.dataError, "cannot publish the counts: \(error.message)")
        }
        let computed = ContinuousClock.now
        let files = try write(model, to: destination)
        context.terminal.info("report wards=\(model.wards.count) hotspots="
            + "\(model.hotspots.count) indicators=\(model.indicators.count) compute="
            + CoverageCommands.seconds(computed - started) + "s write="
            + CoverageCommands.seconds(ContinuousClock.now - computed) + "s")

        if context.json {
            context.terminal.out(try JSONOutput.render(JSONDocument(
                "report", ReportJSON(model, equity: equity, folder: destination.path,
                                     files: files))))
        } else {
            context.terminal.out(MarkdownSummary.render(model))
            context.terminal.out("\nReport written to \(destination.path)/index.html\n")
        }
    }

    // MARK: - Writing

    /// DIR may be missing, an empty folder, or an earlier report (nothing but the report's
    /// files); anything else is refused so no one's file is deleted by mistake.
    static func checkDestination(_ folder: URL) throws {
        let manager = FileManager.default
        // A link is refused, dangling or not: replacing it would leave what it points to as
        // it was, with the earlier report in it.
        let attributes = try? manager.attributesOfItem(atPath: folder.path)
        if attributes?[.type] as? FileAttributeType == .typeSymbolicLink {
            throw CommandFailure(.cannotCreate, "\(folder.path) is a symbolic link; give the "
                + "folder itself as --out")
        }
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder.path, isDirectory: &isFolder) else { return }
        guard isFolder.boolValue else {
            throw CommandFailure(.cannotCreate, "\(folder.path) exists and is not a folder")
        }
        let entries = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
        // A report's file is a plain file: a folder or link under one of its names is not.
        func isReportFile(_ name: String) -> Bool {
            guard ReportFiles.names.contains(name) else { return false }
            let path = folder.appendingPathComponent(name).path
            let type = (try? manager.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
            return type == .typeRegular
        }
        let others = entries.filter { !isReportFile($0) }.sorted()
        guard others.isEmpty else {
            let listed = others.prefix(3).joined(separator: ", ")
                + (others.count > 3 ? " and \(others.count - 3) more" : "")
            throw CommandFailure(.cannotCreate, "\(folder.path) holds files that are not a "
                + "report's (\(listed)), which replacing it would delete; move them or choose "
                + "another --out")
        }
    }

    /// Writes every file into a new folder beside `folder`, then puts it in its place;
    /// returns the file names.
    static func write(_ model: ReportModel, to folder: URL) throws -> [String] {
        let manager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        let name = folder.lastPathComponent
        let token = UUID().uuidString.prefix(8)
        let staging = parent.appendingPathComponent(".\(name).new-\(token)")
        let old = parent.appendingPathComponent(".\(name).old-\(token)")
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure(.cannotCreate, "cannot create \(parent.path): "
                + Context.blocker(of: parent.path))
        }
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            // A parent that exists but takes no new folder (read-only, no permission) is an
            // output that cannot be created (73), like a parent that cannot be made.
            let reason = manager.isWritableFile(atPath: parent.path)
                ? error.localizedDescription : "\(parent.path) is not writable"
            throw CommandFailure(.cannotCreate, "cannot create the report folder in "
                + "\(parent.path): \(reason)")
        }
        var names: [String] = []
        do {
            for (file, contents) in ReportFiles.render(model) {
                try Data(contents.utf8).write(to: staging.appendingPathComponent(file))
                names.append(file)
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw CommandFailure(.ioError, "cannot write the report into \(parent.path): "
                + error.localizedDescription)
        }
        do {
            if manager.fileExists(atPath: folder.path) {
                try manager.moveItem(at: folder, to: old)
            }
            try manager.moveItem(at: staging, to: folder)
            try? manager.removeItem(at: old)
        } catch {
            if !manager.fileExists(atPath: folder.path),
               manager.fileExists(atPath: old.path) {
                try? manager.moveItem(at: old, to: folder)
            }
            try? manager.removeItem(at: staging)
            throw CommandFailure(.ioError, "cannot put the report in place at \(folder.path): "
                + error.localizedDescription)
        }
        return names
    }
}

// MARK: - JSON

/// `ketnoi report --json`: the summary as data.
struct ReportJSON: Encodable {
    struct FigureJSON: Encodable {
        let text: String
        let value: Double?
        init(_ figure: Figure) {
            text = figure.text
            value = figure.value
        }
    }

    struct WardJSON: Encodable {
        let code: String
        let name: String
        let kind: String
        let status: String
        let rank: Int?
        let population: FigureJSON
        let hotspots: Int
        let coveragePercent: FigureJSON
        let accessibility: FigureJSON
        let saturation: FigureJSON
        let devicesPerThousand: FigureJSON
        let learnersPerThousand: FigureJSON
        let completionPercent: FigureJSON
    }

    struct GroupJSON: Encodable {
        let dimension: String
        let group: String
        let enrolled: FigureJSON
        let enrollmentSharePercent: FigureJSON
        let populationSharePercent: FigureJSON
        let representationRatio: FigureJSON
        let completionPercent: FigureJSON
        let gapPoints: FigureJSON
    }

    struct IndicatorJSON: Encodable {
        let name: String
        let value: Double?
        let numerator: Double
        let denominator: Double
        let unit: String
        let source: String
        let note: String?
    }

    /// An indicator as published: hidden parts carry their marker and no value.
    struct PublishedJSON: Encodable {
        let name: String
        let value: FigureJSON
        let numerator: FigureJSON
        let denominator: FigureJSON
        let unit: String
        let source: String
        let note: String?
    }

    struct PriorityJSON: Encodable {
        let rank: Int
        let code: String
        let name: String
        let score: Double
        let reasons: [String]
    }

    struct SourceJSON: Encodable {
        let name: String
        let date: String
        let sample: Bool
        let note: String
    }

    let folder: String
    let files: [String]
    let generated: String
    let internalFigures: Bool
    let sampleData: Bool
    let coverageRun: Int64
    let city: [PublishedJSON]
    let inequality: [IndicatorJSON]
    let wards: [WardJSON]
    let hotspots: Int
    let groups: [GroupJSON]
    let priorities: [PriorityJSON]
    let sources: [SourceJSON]
    let notes: [String]

    init(_ model: ReportModel, equity: EquityReport, folder: String, files: [String]) {
        func indicator(_ value: Indicator) -> IndicatorJSON {
            IndicatorJSON(
                name: value.name, value: value.value, numerator: value.numerator,
                denominator: value.denominator, unit: value.unit.rawValue, source: value.source,
                note: value.note)
        }
        self.folder = folder
        self.files = files
        generated = model.generated
        internalFigures = model.isInternal
        sampleData = model.hasSampleData
        coverageRun = equity.coverageRun.id
        // City figures of people follow the same rules as the files.
        let measures = Set(model.inequality.map(\.name))
        city = model.indicators.filter { $0.scope == "city" && !measures.contains($0.name) }
            .map { row in
                PublishedJSON(
                    name: row.name, value: FigureJSON(row.value),
                    numerator: FigureJSON(row.numerator), denominator: FigureJSON(row.denominator),
                    unit: row.unit.rawValue, source: row.source,
                    note: row.note.isEmpty ? nil : row.note)
            }
        inequality = model.inequality.map(indicator)
        wards = model.wards.map {
            WardJSON(
                code: $0.code, name: $0.name, kind: $0.kind.rawValue, status: $0.status.rawValue,
                rank: $0.rank, population: FigureJSON($0.population), hotspots: $0.hotspots,
                coveragePercent: FigureJSON($0.coverage),
                accessibility: FigureJSON($0.accessibility),
                saturation: FigureJSON($0.saturation),
                devicesPerThousand: FigureJSON($0.devicesPerThousand),
                learnersPerThousand: FigureJSON($0.learnersPerThousand),
                completionPercent: FigureJSON($0.completionRate))
        }
        hotspots = model.hotspots.count
        groups = model.groups.map {
            GroupJSON(
                dimension: $0.dimension, group: $0.group, enrolled: FigureJSON($0.enrolled),
                enrollmentSharePercent: FigureJSON($0.enrollmentShare),
                populationSharePercent: FigureJSON($0.populationShare),
                representationRatio: FigureJSON($0.ratio),
                completionPercent: FigureJSON($0.completion), gapPoints: FigureJSON($0.gap))
        }
        priorities = model.priorities.map {
            PriorityJSON(
                rank: $0.rank, code: $0.code, name: $0.name, score: $0.score,
                reasons: $0.reasons.map(\.description))
        }
        sources = model.sources.map {
            SourceJSON(name: $0.name, date: $0.date, sample: $0.isSample, note: $0.note)
        }
        notes = equity.notes
    }
}
