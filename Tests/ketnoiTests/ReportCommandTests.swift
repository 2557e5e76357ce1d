import Foundation
import Testing

/// `ketnoi report` through the binary, on the 103 bundled wards (centre points), the bundled
/// population estimate, the sample hotspots, a coverage run and a small sample programme.
@Suite struct ReportCommandTests {
    static func city(learners: Int = 400) throws -> Sandbox {
        let sandbox = try Sandbox()
        for arguments in [
            ["areas", "import", Paths.wardsCSV],
            ["areas", "population", Paths.bundled("hotspots/cantho/population-estimate.csv")],
            ["hotspots", "import", Paths.hotspotsCSV],
            ["coverage", "--unserved-below", "0.2"],
            ["learning", "sample", "--seed", "3", "--learners", String(learners),
             "--until", "2026-06-29", "--curricula", Paths.bundled("curricula")],
        ] {
            let outcome = try sandbox.run(arguments)
            try #require(outcome.status == 0, "\(outcome)")
        }
        return sandbox
    }

    static func rows(_ path: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let header = try #require(lines.first).split(separator: ",").map(String.init)
        return lines.dropFirst().map { line in
            // Split on every comma: the columns the tests read come before any quoted text.
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                .map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells).map { ($0, $1) })
        }
    }

    @Test func noAreasOrNoCoverageRunSaysWhichCommandToRunFirst() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let empty = try sandbox.run(["report", "--out", sandbox.path("report")])
        #expect(empty.status == 66, "\(empty)")
        #expect(empty.stderr.contains("ketnoi areas import"), "\(empty)")

        let areas = try sandbox.run(["areas", "import", Paths.wardsCSV])
        try #require(areas.status == 0, "\(areas)")
        let noRun = try sandbox.run(["report", "--out", sandbox.path("report")])
        #expect(noRun.status == 66, "\(noRun)")
        #expect(noRun.stderr.contains("ketnoi coverage"), "\(noRun)")
        #expect(!sandbox.exists(sandbox.path("report")))

        let noOut = try sandbox.run(["report"])
        #expect(noOut.status == 64, "\(noOut)")
    }

    @Test func publishedReportHasEveryWardHotspotAndFileAndHidesSmallCounts() throws {
        let sandbox = try Self.city()
        let folder = sandbox.path("report")
        let outcome = try sandbox.run(["report", "--out", folder])
        try #require(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.hasPrefix("# Public Wi-Fi and digital-literacy equity report"))
        #expect(outcome.stdout.contains("> **Sample data**"))
        #expect(outcome.stdout.contains("| Population (estimate) | 2025 | yes |"))
        for file in [
            "index.html", "wards.csv", "hotspots.csv", "indicators.csv", "wards.geojson",
            "data-dictionary.md",
        ] {
            #expect(sandbox.exists(folder + "/" + file), "\(file) missing")
        }
        // Nothing is left beside the report.
        let beside = try FileManager.default.contentsOfDirectory(atPath: sandbox.folder.path)
        #expect(!beside.contains { $0.hasPrefix(".report.") }, "\(beside)")

        let wards = try Self.rows(folder + "/wards.csv")
        #expect(wards.count == 103)
        #expect(try Self.rows(folder + "/hotspots.csv").count == 56)
        let page = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        #expect(page.contains("Sample data."))
        #expect(!page.contains("Internal."))
        #expect(page.contains("Population (estimate)"))
        // Sources are named by file, not by the folders they were imported from.
        let folderImported = URL(fileURLWithPath: Paths.wardsCSV).deletingLastPathComponent().path
        #expect(!page.contains(folderImported))
        #expect(page.contains("wards.csv"))

        // Published: a count of people is 0, 10 or more, or hidden; never 1 to 9.
        let indicators = try Self.rows(folder + "/indicators.csv")
        let counts = indicators.filter { $0["indicator"] == "enrolled" }
        #expect(counts.count > 1_000)
        for row in counts {
            let value = row["value"] ?? ""
            if let number = Int(value) {
                #expect(number == 0 || number >= 10, "\(row)")
            } else {
                #expect(value == "<10" || value == "*", "\(row)")
            }
        }
        #expect(counts.contains { $0["value"] == "<10" })
        #expect(counts.contains { $0["value"] == "*" }, "no complementary suppression")
        // Ward learner rates are hidden with their counts: withheld (x, not empty as for "not
        // available"), with a note saying why (a count's marker would read as a rate).
        let rates = indicators.filter { $0["indicator"] == "learners-per-1000" }
        #expect(rates.count == 104)
        let hiddenRates = rates.filter { $0["numerator"] == "<10" || $0["numerator"] == "*" }
        #expect(!hiddenRates.isEmpty)
        for row in hiddenRates {
            #expect(row["value"] == "x", "\(row)")
            #expect(row["note"]?.hasPrefix("hidden with its count") == true, "\(row)")
        }
        // Completion rates without their counts (a ward's less its groups' would give a
        // hidden group's back), and gaps between rates as shown, in whole points.
        let completion = indicators.filter { $0["indicator"] == "completion-rate" }
        #expect(completion.contains { Double($0["value"] ?? "") != nil })
        #expect(completion.contains { $0["value"] == "x" })
        for row in completion {
            #expect(row["numerator"] == "" && row["denominator"] == "", "\(row)")
            if Double(row["value"] ?? "") != nil {
                #expect(row["note"]?.hasPrefix("counts not published") == true, "\(row)")
            }
        }
        let gaps = indicators.filter {
            $0["indicator"] == "completion-gap" && Double($0["value"] ?? "") != nil
        }
        #expect(!gaps.isEmpty)
        for row in gaps { #expect(Int(row["value"] ?? "") != nil, "\(row)") }
    }

    @Test func internalReportShowsRawCountsWithANotice() throws {
        let sandbox = try Self.city()
        let folder = sandbox.path("internal")
        let outcome = try sandbox.run(["report", "--out", folder, "--internal"])
        try #require(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("> **Internal**"))
        let page = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        #expect(page.contains("Internal."))
        let counts = try Self.rows(folder + "/indicators.csv")
            .filter { $0["indicator"] == "enrolled" }
        #expect(counts.allSatisfy { Int($0["value"] ?? "") != nil })
        #expect(counts.contains { (1...9).contains(Int($0["value"] ?? "") ?? 0) })
        // The files beside the page say so too: they travel without it.
        let dictionary = try String(
            contentsOfFile: folder + "/data-dictionary.md", encoding: .utf8)
        #expect(dictionary.contains("**Internal: not for publication.**"))
        #expect(!dictionary.contains("`<10` is a count"))
    }

    @Test func jsonIsTheSummaryAsDataAndRerunsReplaceAnEarlierReport() throws {
        let sandbox = try Self.city(learners: 200)
        let folder = sandbox.path("report")
        let document = try sandbox.json(["report", "--out", folder])
        #expect(document.schema == 1)
        #expect(document.kind == "report")
        let data = document.data
        #expect((data["wards"] as? [[String: Any]])?.count == 103)
        #expect(data["hotspots"] as? Int == 56)
        #expect(data["sampleData"] as? Bool == true)
        #expect(data["internalFigures"] as? Bool == false)
        #expect((data["files"] as? [String])?.contains("indicators.csv") == true)
        let inequality = data["inequality"] as? [[String: Any]] ?? []
        #expect(inequality.map { $0["name"] as? String } == [
            "gini", "concentration", "theil", "theil-between", "theil-within",
        ])
        let sources = data["sources"] as? [[String: Any]] ?? []
        #expect(sources.contains { ($0["name"] as? String) == "Coverage run 1" })

        // A second run replaces an earlier report whole (a file that is not a report's stops
        // it: see aFolderThatIsNotAReportIsNotReplaced).
        try sandbox.write("report/index.html", "old")
        let again = try sandbox.run(["report", "--out", folder])
        #expect(again.status == 0, "\(again)")
        let page = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"), "\(page.prefix(40))")
    }

    @Test func aFolderThatIsNotAReportIsNotReplaced() throws {
        let sandbox = try Self.city(learners: 100)
        try FileManager.default.createDirectory(
            atPath: sandbox.path("notes"), withIntermediateDirectories: true)
        try sandbox.write("notes/keep.txt", "mine")
        let outcome = try sandbox.run(["report", "--out", sandbox.path("notes")])
        #expect(outcome.status == 73, "\(outcome)")
        #expect(outcome.stderr.contains("choose another --out"))
        #expect(sandbox.exists(sandbox.path("notes/keep.txt")))
        #expect(!sandbox.exists(sandbox.path("notes/index.html")))

        // An index.html does not make a folder a report: a site with other files stays.
        try FileManager.default.createDirectory(
            atPath: sandbox.path("site/sub"), withIntermediateDirectories: true)
        try sandbox.write("site/index.html", "<p>home</p>")
        try sandbox.write("site/sub/thesis.tex", "x")
        let site = try sandbox.run(["report", "--out", sandbox.path("site")])
        #expect(site.status == 73, "\(site)")
        #expect(site.stderr.contains("(sub)"), "\(site)")
        #expect(sandbox.exists(sandbox.path("site/sub/thesis.tex")))

        // A file added to an earlier report is not deleted with it either.
        let first = try sandbox.run(["report", "--out", sandbox.path("report")])
        try #require(first.status == 0, "\(first)")
        try sandbox.write("report/notes.txt", "mine")
        let again = try sandbox.run(["report", "--out", sandbox.path("report")])
        #expect(again.status == 73, "\(again)")
        #expect(again.stderr.contains("(notes.txt)"), "\(again)")
        #expect(sandbox.exists(sandbox.path("report/notes.txt")))

        // A folder under a report file's name is not a report file.
        try FileManager.default.createDirectory(
            atPath: sandbox.path("odd/index.html"), withIntermediateDirectories: true)
        try sandbox.write("odd/index.html/keep.txt", "mine")
        let odd = try sandbox.run(["report", "--out", sandbox.path("odd")])
        #expect(odd.status == 73, "\(odd)")
        #expect(sandbox.exists(sandbox.path("odd/index.html/keep.txt")))

        // A link as --out is refused: replacing it would leave its target's report stale.
        try FileManager.default.createSymbolicLink(
            atPath: sandbox.path("linked"), withDestinationPath: sandbox.path("report"))
        let linked = try sandbox.run(["report", "--out", sandbox.path("linked")])
        #expect(linked.status == 73, "\(linked)")
        #expect(linked.stderr.contains("is a symbolic link"), "\(linked)")
    }

    @Test func everyIndicatorRowHasItsOwnScope() throws {
        let sandbox = try Self.city(learners: 200)
        let folder = sandbox.path("report")
        let outcome = try sandbox.run(["report", "--out", folder])
        try #require(outcome.status == 0, "\(outcome)")
        let rows = try Self.rows(folder + "/indicators.csv")
        var seen: [String: Int] = [:]
        for row in rows { seen["\(row["scope"] ?? "") \(row["indicator"] ?? "")", default: 0] += 1 }
        // "other/not given" is a group of gender, disability and low income alike.
        #expect(seen.filter { $0.value > 1 }.isEmpty, "\(seen.filter { $0.value > 1 })")
        #expect(seen["city disability: other/not given enrolled"] == 1)
        #expect(seen["city low income: other/not given enrolled"] == 1)
    }

    @Test func noPopulationIsUnknownNotZeroAndAnUnwritableParentIs73() throws {
        let sandbox = try Sandbox()
        for arguments in [["areas", "import", Paths.wardsCSV], ["coverage"]] {
            let outcome = try sandbox.run(arguments)
            try #require(outcome.status == 0, "\(outcome)")
        }
        let folder = sandbox.path("report")
        let outcome = try sandbox.run(["report", "--out", folder])
        try #require(outcome.status == 0, "\(outcome)")
        let city = try Self.rows(folder + "/indicators.csv").filter { $0["scope"] == "city" }
        let population = try #require(city.first { $0["indicator"] == "population" })
        #expect(population["value"] == "" && population["numerator"] == "", "\(population)")
        let gini = try #require(city.first { $0["indicator"] == "gini" })
        #expect(gini["numerator"] == "" && gini["denominator"] == "", "\(gini)")
        let page = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        #expect(!page.contains("<td class=\"num\">0</td><td class=\"num\">0</td>"))

        // A parent folder that takes no new folder: root may write anywhere but /proc.
        let parent = getuid() == 0 ? "/proc" : sandbox.path("locked")
        if getuid() != 0 {
            try FileManager.default.createDirectory(
                atPath: parent, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o555])
        }
        let locked = try sandbox.run(["report", "--out", parent + "/ketnoi-report-test"])
        #expect(locked.status == 73, "\(locked)")
        #expect(locked.stderr.contains(parent), "\(locked)")
        #expect(!FileManager.default.fileExists(atPath: parent + "/ketnoi-report-test"))
    }
}

/// What a published report shows depends on the published counts only.
@Suite struct PublishedReportDependsOnShownCountsTests {
    /// One ward with 2 learners, or with 6, all in the same groups: every count is `<10` or 0
    /// either way, so the two published reports are the same, byte for byte, but for the time
    /// they were made. Before, the priority list
    /// judged the ward on its true count and printed the city's true rate.
    @Test func twoOrSixLearnersInOneWardPublishTheSameReport() throws {
        var reports: [[String: String]] = []
        for learners in [2, 6] {
            let sandbox = try Sandbox()
            try sandbox.programme()
            for arguments in [
                ["areas", "population", Paths.bundled("hotspots/cantho/population-estimate.csv")],
                ["coverage", "--unserved-below", "0.2"],
                ["trainers", "add", "--name", "Trainer"],
                ["classes", "create", "--course", "WIFI-101", "--trainer", "T0001", "--address",
                 "Nhà văn hoá", "--ward", "31135", "--capacity", "30", "--dates",
                 "2026-03-02,2026-03-09"],
            ] {
                try sandbox.ok(arguments)
            }
            for index in 0..<learners {
                try sandbox.ok([
                    // The same groups each time: only the counts in the same cells change.
                    "learners", "add", "--name", "Learner \(index)", "--birth-year", "1980",
                    "--gender", "female", "--ward", "31135",
                ])
                try sandbox.ok(["enroll", String(format: "L%06d", index + 1), "WIFI-101-01"])
            }
            let folder = sandbox.path("report")
            let summary = try sandbox.ok(["report", "--out", folder])
            var files = ["summary": Self.withoutTime(summary)]
            for name in ["wards.csv", "indicators.csv", "hotspots.csv", "index.html"] {
                files[name] = Self.withoutTime(
                    try String(contentsOfFile: folder + "/" + name, encoding: .utf8))
            }
            reports.append(files)
        }
        for name in reports[0].keys.sorted() {
            let (a, b) = (Self.lines(reports[0][name]), Self.lines(reports[1][name]))
            let differing = zip(a, b).filter { $0 != $1 }.prefix(3).map { "\($0)\n  vs \($1)" }
            #expect(a == b, "\(name) differs: \(differing)")
        }
        #expect(reports[0]["indicators.csv"]?.contains("city,learners-per-1000,x,<10") == true)
    }

    static func lines(_ text: String?) -> [Substring] {
        (text ?? "").split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The report's lines without the time it was made and the folder it went to.
    static func withoutTime(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter {
                !$0.contains("made 20") && !$0.contains("Made 20")
                    && !$0.hasPrefix("Report written to")
            }
            .joined(separator: "\n")
    }
}
