import Equity
import Foundation
import Geo
import Testing
@testable import Reports

@Suite struct EscapingTests {
    @Test func escapesMarkupQuotesAndControlCharacters() {
        #expect(HTML.escape(#"<script>alert('x') & "y"</script>"#)
            == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
        #expect(HTML.escape("a\u{0}b\u{7}c\td\ne\u{85}") == "a\u{FFFD}b\u{FFFD}c\td\ne\u{FFFD}")
        #expect(HTML.escape("Cần Thơ") == "Cần Thơ")
    }

    @Test func markdownCellsEscapePipesAndBreaks() {
        #expect(Markdown.escapeCell("a|b\\c\nd") == "a\\|b\\\\c d")
        #expect(Markdown.escapeCell("<script> <10 a<b </i> <!-- <?")
            == "\\<script> <10 a\\<b \\</i> \\<!-- \\<?")
        let table = Markdown.table(
            columns: [TableColumn("name"), TableColumn("n", numeric: true)],
            rows: [["x|y", "3"], ["short"]])
        #expect(table == "| name | n |\n|---|---:|\n| x\\|y | 3 |\n| short |  |\n")
    }

    @Test func tablesEscapeEveryCellAndAlignNumbers() {
        let html = HTMLTable(
            caption: "A & B", columns: [TableColumn("<k>"), TableColumn("n", numeric: true)],
            rows: [["<i>x</i>", "1,000"]]
        ).render()
        #expect(html == """
            <table>
            <caption>A &amp; B</caption>
            <thead><tr><th scope="col">&lt;k&gt;</th><th scope="col" class="num">n</th>\
            </tr></thead>
            <tbody>
            <tr><td>&lt;i&gt;x&lt;/i&gt;</td><td class="num">1,000</td></tr>
            </tbody>
            </table>

            """)
    }

    @Test func numbersAreGroupedWithoutTheLocale() {
        #expect(Format.number(1_234_567.891, decimals: 2) == "1,234,567.89")
        #expect(Format.number(-1_000) == "-1,000")
        #expect(Format.number(-0.0001, decimals: 2) == "0.00")
        #expect(Format.number(999) == "999")
        #expect(Format.plainNumber(0.1 + 0.2) == "0.3")
        #expect(Format.plainNumber(40_000) == "40000")
    }
}

@Suite struct ReportPageTests {
    let page = ReportPage.render(hostileModel())

    @Test func hostileTextOnlyEverAppearsEscaped() {
        #expect(!page.lowercased().contains("<script"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!page.contains("<b>"))
        #expect(page.contains("Phường &lt;b&gt;Cái Khế&lt;/b&gt;"))
        #expect(page.contains("Xã &quot;An, Bình&quot;"))
        #expect(page.contains("Chợ &#39;đêm&#39;"))
        #expect(page.contains("<title>Wi-Fi &amp; courses &lt;2026&gt;: Cần Thơ</title>"))
        #expect(page.contains("60+ &lt;old&gt;"))
    }

    /// Nothing is fetched: no script, no external reference of any kind. The SVG namespace
    /// is a name, not a fetch.
    @Test func pageIsSelfContained() {
        let lower = page.lowercased()
        for needle in ["<script", "src=", "href=", "<link", "@import", "url(", "<iframe"] {
            #expect(!lower.contains(needle), "found \(needle)")
        }
        let withoutNamespace = lower.replacingOccurrences(
            of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespace.contains("http:"))
        #expect(!withoutNamespace.contains("https:"))
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(page.hasSuffix("</body>\n</html>\n"))
    }

    @Test func sectionsComeInReadingOrder() throws {
        let ids = ["map", "priorities", "inequality", "groups", "wards", "hotspots", "method"]
        let positions = try ids.map { id in
            try #require(page.range(of: "<section id=\"\(id)\">")).lowerBound
        }
        #expect(positions == positions.sorted())
        #expect(page.components(separatedBy: "<section").count - 1 == ids.count)
    }

    @Test func sampleDataBringsABannerNamingTheSource() {
        #expect(page.contains("<div class=\"banner\" role=\"note\"><strong>Sample data.</strong>"))
        #expect(page.contains("(Seeded learners)"))
        let real = ReportPage.render(hostileModel(sample: false))
        #expect(!real.contains("class=\"banner\""))
    }

    @Test func internalReportsSayNotToPublish() {
        var model = hostileModel()
        model.isInternal = true
        let html = ReportPage.render(model)
        #expect(html.contains("Do not publish or share this file."))
        #expect(html.contains("counts and rates are shown as recorded"))
        #expect(!page.contains("Do not publish"))
    }

    @Test func methodSectionListsEverySourceWithDateAndSampleFlag() {
        #expect(page.contains(
            "<tr><td>Ward boundaries &lt;MIT&gt;</td><td>2025-07-01</td><td>no</td><td></td></tr>"))
        #expect(page.contains(
            "<tr><td>Seeded learners</td><td>2026-03-01</td><td>yes</td>"
                + "<td>made up for the demo</td></tr>"))
        #expect(page.contains("Counts of 1 to 9 are shown as &lt;10"))
    }

    @Test func wardTableAndPriorityListShowTheFigures() {
        #expect(page.contains(
            "<tr><td class=\"num\">1</td><td>31120</td><td>Phường &lt;b&gt;Cái Khế&lt;/b&gt;</td>"
                + "<td>phường</td><td>underserved</td><td class=\"num\">40,000</td>"))
        #expect(page.contains("<td class=\"num\">&lt;10</td>"))
        #expect(page.contains("<li>coverage 25.0 % (below 50 %)</li>"))
        #expect(page.contains("<td>Gini coefficient (population-weighted)</td>"
            + "<td class=\"num\">0.325</td>"))
    }
}

@Suite struct SVGTests {
    /// Box 105–106 E, 10–11 N into 220 px with 10 px margins: longitudes shrink by
    /// cos 10.5°, so one degree of latitude is 200 / cos 10.5° px.
    @Test func projectionFitsTheBoxAndKeepsProportions() {
        let box = BoundingBox(
            minLatitude: 10, minLongitude: 105, maxLatitude: 11, maxLongitude: 106)
        let projection = MapProjection(box: box, width: 220)
        let scale = 200 / cos(10.5 * Double.pi / 180)
        let topLeft = projection.point(Coordinate(latitude: 11, longitude: 105))
        let bottomRight = projection.point(Coordinate(latitude: 10, longitude: 106))
        #expect(topLeft.x == 10 && topLeft.y == 10)
        #expect(abs(bottomRight.x - 210) < 1e-9)
        #expect(abs(bottomRight.y - (10 + scale)) < 1e-9)
        #expect(projection.height == (scale + 20).rounded(.up))
    }

    @Test func mapHasOneShapePerWardColouredByStatusAndDotsSizedByUse() {
        let model = hostileModel()
        let svg = SVGMap.render(wards: model.wards, hotspots: model.hotspots)
        #expect(svg.components(separatedBy: "<path ").count - 1 == 2)
        #expect(svg.contains("fill=\"\(StatusColour.fill(.underserved))\" fill-rule=\"evenodd\">"
            + "<title>Phường &lt;b&gt;Cái Khế&lt;/b&gt; (31120): underserved</title></path>"))
        #expect(svg.contains("<circle class=\"approximate\""))
        #expect(svg.contains("(centre only, approximate)"))
        // Two located hotspots; the third has no location and is not drawn.
        #expect(svg.components(separatedBy: "<circle cx=").count - 1 == 2)
        #expect(svg.contains("r=\"9\"><title>Bến Ninh Kiều (CT-001): 400 devices a day"))
        // r² grows with use: 2.5² + (9² − 2.5²) × 100/400.
        let quarter = (6.25 + (81 - 6.25) * 0.25).squareRoot()
        #expect(svg.contains("r=\"\(Format.coordinate(quarter))\"><title>Chợ"))
        #expect(SVGMap.radius(devices: nil, busiest: 400) == 2)
    }

    /// The dashed circle is explained only when some ward is drawn as one.
    @Test func legendExplainsTheDashedCircleOnlyWhenOneIsDrawn() {
        let model = hostileModel()
        #expect(SVGMap.legend(for: model.wards).contains("ward known by its centre only"))
        let bounded = model.wards.filter {
            if case .centre = $0.shape { return false }
            return true
        }
        #expect(bounded.count == model.wards.count - 1)
        let legend = SVGMap.legend(for: bounded)
        #expect(!legend.contains("centre only"))
        #expect(legend.contains("larger dot, more devices a day"))
    }

    @Test func emptyMapSaysSo() {
        #expect(SVGMap.render(wards: [], hotspots: []).contains("No ward boundary"))
    }

    @Test func lorenzChartDrawsThePointsInThePlot() {
        let svg = LorenzChart.render(hostileModel().lorenz)
        // size 360, left 48, top 10: plot 302 px; (0,0) at (48, 312), (1,1) at (350, 10).
        #expect(svg.contains("points=\"48,312 199,251.6 350,10\""))
        #expect(svg.contains("class=\"equality\" x1=\"48\" y1=\"312\" x2=\"350\" y2=\"10\""))
        #expect(LorenzChart.render([]).contains("Too few wards"))
    }

    @Test func barsAreProportionalAndHiddenFiguresHaveNoBar() {
        let svg = BarChart.render(
            title: "ratio <by group>",
            bars: [
                Bar(label: "women", figure: .number(1.2, decimals: 2)),
                Bar(label: "men", figure: .number(0.6, decimals: 2)),
                Bar(label: "<60+>", figure: .hidden("<10")),
            ],
            reference: 1)
        // Plot 560 − 190 − 60 = 310 px for the largest value, 1.2.
        #expect(svg.contains("width=\"310\" height=\"14\""))
        #expect(svg.contains("width=\"155\" height=\"14\""))
        #expect(svg.components(separatedBy: "<rect ").count - 1 == 2)
        #expect(svg.contains("&lt;60+&gt;</text>"))
        #expect(svg.contains(">&lt;10</text>"))
        #expect(svg.contains("<title>ratio &lt;by group&gt;</title>"))
        // Reference 1.0 at 190 + 310/1.2.
        #expect(svg.contains("x1=\"\(Format.coordinate(190 + 310 / 1.2))\""))
    }
}

@Suite struct MarkdownSummaryTests {
    @Test func summaryKeepsMarkupAsTextAndCountsStatuses() {
        let summary = MarkdownSummary.render(hostileModel())
        #expect(summary.hasPrefix("# Wi-Fi & courses <2026>: Cần Thơ\n\nMade 2026-03-01"))
        #expect(summary.contains("> **Sample data** (Seeded learners)"))
        #expect(summary.contains(
            "3 wards (1 unserved, 1 underserved, 1 served, 0 no data); 3 hotspots."))
        #expect(summary.contains("1. **Phường \\<b>Cái Khế\\</b>** (31120): "
            + "coverage 25.0 % (below 50 %)\n"))
        #expect(summary.contains("| age band: 60+ \\<old> | <10 | – | 14 | – | – | – |"))
        #expect(summary.contains(
            "| Gini coefficient (population-weighted) | 0.325 | coverage \\<run 1> |"))
        // Every `<` that could open an HTML tag is escaped.
        let characters = Array(summary)
        for index in characters.indices.dropLast() where characters[index] == "<" {
            let next = characters[index + 1]
            if next.isLetter || "/!?".contains(next) {
                #expect(index > 0 && characters[index - 1] == "\\", "unescaped at \(index)")
            }
        }
    }
}
