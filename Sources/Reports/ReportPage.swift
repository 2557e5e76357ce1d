import Equity
import Foundation

/// The self-contained `index.html`: one file, no network, no script, every text escaped.
public enum ReportPage {
    /// The whole page for a model.
    public static func render(_ model: ReportModel) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += HTML.element("title", text: "\(model.title): \(model.place)") + "\n"
        html += "<style>\n\(stylesheet)</style>\n</head>\n<body>\n<header>\n"
        html += HTML.element("h1", text: model.title) + "\n"
        html += HTML.element(
            "p", [("class", "subtitle")], text: "\(model.place) · made \(model.generated)") + "\n"
        html += "</header>\n"
        if model.hasSampleData { html += sampleBanner(model.sources) }
        if model.isInternal { html += internalNotice() }

        html += section("map", "Wards and hotspots") {
            SVGMap.render(wards: model.wards, hotspots: model.hotspots)
                + SVGMap.legend(for: model.wards)
        }
        html += section("priorities", "Priority wards: low access and low course participation") {
            priorityList(model.priorities)
        }
        html += section("inequality", "Inequality across wards") {
            LorenzChart.render(model.lorenz) + inequalityTable(model.inequality)
        }
        html += section("groups", "Who the courses reach") { groupSection(model.groups) }
        html += section("wards", "Wards") { wardTable(model.wards).render() }
        html += section("hotspots", "Hotspots") { hotspotTable(model.hotspots).render() }
        html += methodSection(model)
        return html + "</body>\n</html>\n"
    }

    static func section(_ id: String, _ title: String, _ body: () -> String) -> String {
        "<section id=\"\(id)\">\n" + HTML.element("h2", text: title) + "\n" + body()
            + "</section>\n"
    }

    // MARK: - Parts

    /// The banner shown when any source is sample data, naming those sources.
    public static func sampleBanner(_ sources: [DataSource]) -> String {
        let names = sources.filter(\.isSample).map(\.name)
        return "<div class=\"banner\" role=\"note\"><strong>Sample data.</strong> "
            + HTML.escape(
                "This report uses sample data (\(names.joined(separator: ", "))); its figures "
                    + "describe no real people or places and must not be used for decisions.")
            + "</div>\n"
    }

    static func internalNotice() -> String {
        "<div class=\"banner internal\" role=\"note\"><strong>Internal.</strong> "
            + "Raw figures for trainers and planners: small counts are not hidden. "
            + "Do not publish or share this file.</div>\n"
    }

    static func priorityList(_ entries: [PriorityEntry]) -> String {
        guard !entries.isEmpty else {
            return "<p>No ward has both low access and low course participation.</p>\n"
        }
        var html = "<ol class=\"priorities\">\n"
        for entry in entries {
            html += "<li>" + HTML.element("strong", text: "\(entry.name) (\(entry.code))")
                + HTML.escape(
                    " · \(Format.number(entry.population)) residents · score "
                        + Format.number(entry.score, decimals: 2))
                + "<ul>"
                + entry.reasons.map { HTML.element("li", text: $0.description) }.joined()
                + "</ul></li>\n"
        }
        return html + "</ol>\n"
    }

    static func inequalityTable(_ indicators: [Indicator]) -> String {
        HTMLTable(
            columns: [
                TableColumn("Measure"), TableColumn("Value", numeric: true),
                TableColumn("Numerator", numeric: true), TableColumn("Denominator", numeric: true),
                TableColumn("Source"), TableColumn("Note"),
            ],
            rows: indicators.map { indicator in
                // 0 ÷ 0 behind no value means "not known", not zeros.
                let unknown = indicator.value == nil
                    && indicator.numerator == 0 && indicator.denominator == 0
                return [
                    measureName(indicator.name),
                    indicator.value.map { Format.number($0, decimals: 3) } ?? "–",
                    unknown ? "–" : Format.plainNumber(indicator.numerator),
                    unknown ? "–" : Format.plainNumber(indicator.denominator),
                    indicator.source, indicator.note ?? "",
                ]
            }
        ).render()
    }

    /// Plain words for the usual inequality keys; anything else as it is.
    static func measureName(_ key: String) -> String {
        switch key {
        case "gini": "Gini coefficient (population-weighted)"
        case "concentration": "Concentration index against poor-household share"
        case "theil": "Theil T"
        case "theil-between": "Theil T between phường and xã"
        case "theil-within": "Theil T within phường and within xã"
        default: key
        }
    }

    static func groupSection(_ groups: [GroupRow]) -> String {
        let city = groups.filter { $0.scope == "city" }
        var html = ""
        if !city.isEmpty {
            html += "<p>Representation ratio: share of enrollments ÷ share of residents; "
                + "1 (dashed line) is parity, below 1 the group is under-represented.</p>\n"
            html += BarChart.render(
                title: "Representation ratio by group, city-wide",
                bars: city.map { Bar(label: "\($0.dimension): \($0.group)", figure: $0.ratio) },
                reference: 1)
        }
        html += HTMLTable(
            columns: [
                TableColumn("Scope"), TableColumn("Dimension"), TableColumn("Group"),
                TableColumn("Enrolled", numeric: true),
                TableColumn("Share of enrollments", numeric: true),
                TableColumn("Share of residents", numeric: true),
                TableColumn("Ratio", numeric: true), TableColumn("Completion", numeric: true),
                TableColumn("Gap to scope (pp)", numeric: true),
            ],
            rows: groups.map {
                [
                    $0.scope, $0.dimension, $0.group, $0.enrolled.text, $0.enrollmentShare.text,
                    $0.populationShare.text, $0.ratio.text, $0.completion.text, $0.gap.text,
                ]
            }
        ).render()
        return html
    }

    static func wardTable(_ wards: [WardRow]) -> HTMLTable {
        HTMLTable(
            columns: [
                TableColumn("Rank", numeric: true), TableColumn("Code"), TableColumn("Ward"),
                TableColumn("Kind"), TableColumn("Status"), TableColumn("Residents", numeric: true),
                TableColumn("Hotspots", numeric: true), TableColumn("Coverage %", numeric: true),
                TableColumn("Accessibility", numeric: true),
                TableColumn("Saturation", numeric: true),
                TableColumn("Devices / 1,000", numeric: true),
                TableColumn("Learners / 1,000", numeric: true),
                TableColumn("Completion %", numeric: true),
            ],
            rows: wards.map {
                [
                    $0.rank.map(String.init) ?? "", $0.code, $0.name, $0.kind.rawValue,
                    $0.status.label, $0.population.text, String($0.hotspots), $0.coverage.text,
                    $0.accessibility.text, $0.saturation.text, $0.devicesPerThousand.text,
                    $0.learnersPerThousand.text, $0.completionRate.text,
                ]
            })
    }

    static func hotspotTable(_ hotspots: [HotspotRow]) -> HTMLTable {
        HTMLTable(
            columns: [
                TableColumn("Code"), TableColumn("Hotspot"), TableColumn("Ward"),
                TableColumn("Latitude", numeric: true), TableColumn("Longitude", numeric: true),
                TableColumn("Devices a day", numeric: true), TableColumn("SSIDs"),
            ],
            rows: hotspots.map {
                [
                    $0.code, $0.name, $0.wardCode,
                    $0.location.map { Format.number($0.latitude, decimals: 5) } ?? "",
                    $0.location.map { Format.number($0.longitude, decimals: 5) } ?? "",
                    $0.dailyDevicesText { Format.number($0) } ?? "–",
                    $0.ssids.joined(separator: ", "),
                ]
            })
    }

    /// "Method and data": how the figures are made, the publication rules, every source.
    public static func methodSection(_ model: ReportModel) -> String {
        var html = "<section id=\"method\">\n" + HTML.element("h2", text: "Method and data") + "\n"
        for paragraph in methodParagraphs(isInternal: model.isInternal) {
            html += HTML.element("p", text: paragraph) + "\n"
        }
        html += HTMLTable(
            caption: "Data sources",
            columns: [
                TableColumn("Source"), TableColumn("Date"), TableColumn("Sample data"),
                TableColumn("Note"),
            ],
            rows: model.sources.map { [$0.name, $0.date, $0.isSample ? "yes" : "no", $0.note] }
        ).render()
        return html + "</section>\n"
    }

    static func methodParagraphs(isInternal: Bool) -> [String] {
        let publication = isInternal
            ? "This is an internal report: counts and rates are shown as recorded."
            : "Counts of 1 to 9 are shown as <10 (0 stays 0). Where a row or column total would "
                + "give such a count away, another count in it is hidden as well (*). Rates are "
                + "shown only when 20 or more people stand behind them, rounded to whole percent, "
                + "and without their counts; a rate withheld for this, or because its count is "
                + "hidden, shows as x, where – means not available. The priority list is made "
                + "from the counts as shown here (a <10 taken as 5, a * as 10), so whether a "
                + "ward is on it says nothing about a hidden count. No row describes a single "
                + "learner."
        return [
            "Coverage is the share of a ward's residents within a hotspot's radio footprint. "
                + "Accessibility is the two-step floating catchment score (hotspot capacity per "
                + "resident within walking distance), divided by the city's population-weighted "
                + "mean, so 1 is the city average.",
            "Inequality across wards is measured on accessibility, each ward weighted by its "
                + "residents: the Lorenz curve and the Gini coefficient "
                + "(G = ΣΣ p_i p_j |x_i − x_j| / 2P²μ), the concentration index against the "
                + "share of poor households (C = 2·cov(x, r)/μ, wards ranked poorest first), "
                + "and Theil T with its exact split between and within phường and xã.",
            "The representation ratio of a group is its share of enrollments divided by its "
                + "share of residents. A priority ward has low coverage or accessibility and "
                + "fewer learners per 1,000 residents than half the city rate.",
            publication,
        ]
    }

    static let stylesheet = """
        body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; margin: 1.5em auto;
               max-width: 1100px; color: #1a1a1a; line-height: 1.4; padding: 0 1em; }
        h1 { margin-bottom: 0.1em; }
        .subtitle { color: #555; margin-top: 0; }
        .banner { background: #fff3cd; border: 2px solid #d39e00; padding: 0.7em 1em;
                  margin: 1em 0; }
        .banner.internal { background: #f8d7da; border-color: #b2182b; }
        section { margin: 2em 0; }
        table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
        caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
        th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.5em; text-align: left; }
        th { background: #f0f0f0; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        .legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1em; }
        .swatch { display: inline-block; width: 1em; height: 1em; margin-right: 0.3em;
                  vertical-align: middle; border: 1px solid #999; }
        .dot { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 50%;
               background: #222; margin-right: 0.3em; vertical-align: middle; }
        .centre-only { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%;
                       border: 1px dashed #555; margin-right: 0.3em; vertical-align: middle; }
        .note { color: #555; font-style: italic; }
        svg { max-width: 100%; height: auto; display: block; }

        """
}
