import Equity

/// The report in short, as Markdown for a terminal or a message: counts by status, the
/// inequality figures, the priority wards, the groups city-wide and the sources.
public enum MarkdownSummary {
    public static func render(_ model: ReportModel) -> String {
        let text = Markdown.escapeCell
        var summary = "# \(text(model.title)): \(text(model.place))\n\n"
        summary += "Made \(text(model.generated)).\n\n"
        if model.hasSampleData {
            let names = model.sources.filter(\.isSample).map(\.name).joined(separator: ", ")
            summary += "> **Sample data** (\(text(names))): the figures describe no real "
                + "people or places.\n\n"
        }
        if model.isInternal {
            summary += "> **Internal**: raw figures, small counts not hidden. Do not publish.\n\n"
        }

        summary += "## Wards\n\n"
        let counts = UnderservedStatus.allCases.map { status in
            "\(model.wards.filter { $0.status == status }.count) \(status.label)"
        }
        summary += "\(model.wards.count) wards (\(counts.joined(separator: ", "))); "
            + "\(model.hotspots.count) hotspots.\n\n"

        if !model.inequality.isEmpty {
            summary += "## Inequality across wards\n\n"
            summary += Markdown.table(
                columns: [
                    TableColumn("measure"), TableColumn("value", numeric: true),
                    TableColumn("source"),
                ],
                rows: model.inequality.map {
                    [
                        ReportPage.measureName($0.name),
                        $0.value.map { Format.number($0, decimals: 3) } ?? "–", $0.source,
                    ]
                })
            summary += "\n"
        }

        summary += "## Priority wards\n\n"
        if model.priorities.isEmpty {
            summary += "No ward has both low access and low course participation.\n\n"
        } else {
            for entry in model.priorities {
                let reasons = entry.reasons.map(\.description).joined(separator: "; ")
                summary += "\(entry.rank). **\(text(entry.name))** (\(text(entry.code))): "
                    + "\(text(reasons))\n"
            }
            summary += "\n"
        }

        let city = model.groups.filter { $0.scope == "city" }
        if !city.isEmpty {
            summary += "## Groups, city-wide\n\n"
            summary += Markdown.table(
                columns: [
                    TableColumn("group"), TableColumn("enrolled", numeric: true),
                    TableColumn("share of enrollments", numeric: true),
                    TableColumn("share of residents", numeric: true),
                    TableColumn("ratio", numeric: true),
                    TableColumn("completion", numeric: true),
                    TableColumn("gap (pp)", numeric: true),
                ],
                rows: city.map {
                    [
                        "\($0.dimension): \($0.group)", $0.enrolled.text, $0.enrollmentShare.text,
                        $0.populationShare.text, $0.ratio.text, $0.completion.text, $0.gap.text,
                    ]
                })
            summary += "\n"
        }

        summary += "## Sources\n\n"
        summary += Markdown.table(
            columns: [TableColumn("source"), TableColumn("date"), TableColumn("sample")],
            rows: model.sources.map { [$0.name, $0.date, $0.isSample ? "yes" : "no"] })
        return summary
    }
}
