import Equity
import Foundation

/// The Lorenz curve as an inline SVG: the line of equality and the curve.
public enum LorenzChart {
    /// The `<svg>` element; a short note when there are fewer than two points.
    public static func render(_ points: [LorenzPoint], size: Double = 360) -> String {
        guard points.count >= 2 else {
            return "<p class=\"note\">Too few wards with residents to draw a Lorenz curve.</p>\n"
        }
        let left = 48.0
        let bottom = 40.0
        let top = 10.0
        let plot = size - left - top
        func clamped(_ share: Double) -> Double { min(1, max(0, share)) }
        func x(_ share: Double) -> String { Format.coordinate(left + clamped(share) * plot) }
        func y(_ share: Double) -> String { Format.coordinate(top + (1 - clamped(share)) * plot) }

        // Room on the right for the half of the "100 %" label past the plot.
        let width = size + 16
        let height = size + bottom - top
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lorenz\" role=\"img\" "
            + "viewBox=\"0 0 \(Format.coordinate(width)) \(Format.coordinate(height))\""
            + " width=\"\(Format.coordinate(width))\" height=\"\(Format.coordinate(height))\">\n"
        svg += "<title>Lorenz curve of accessibility across wards</title>\n"
        svg += "<rect x=\"\(x(0))\" y=\"\(y(1))\" width=\"\(Format.coordinate(plot))\" "
            + "height=\"\(Format.coordinate(plot))\" fill=\"#f7f7f7\" stroke=\"#888888\"/>\n"
        for tick in [0.25, 0.5, 0.75] {
            svg += "<line x1=\"\(x(tick))\" y1=\"\(y(0))\" x2=\"\(x(tick))\" y2=\"\(y(1))\" "
                + "stroke=\"#dddddd\"/>"
            svg += "<line x1=\"\(x(0))\" y1=\"\(y(tick))\" x2=\"\(x(1))\" y2=\"\(y(tick))\" "
                + "stroke=\"#dddddd\"/>\n"
        }
        svg += "<line class=\"equality\" x1=\"\(x(0))\" y1=\"\(y(0))\" x2=\"\(x(1))\" "
            + "y2=\"\(y(1))\" stroke=\"#555555\" stroke-dasharray=\"4 3\"/>\n"
        let curve = points.map { "\(x($0.populationShare)),\(y($0.quantityShare))" }
        svg += "<polyline class=\"curve\" points=\"\(curve.joined(separator: " "))\" "
            + "fill=\"none\" stroke=\"#b2182b\" stroke-width=\"2.5\"/>\n"
        for tick in [0.0, 0.5, 1.0] {
            let label = "\(Int(tick * 100)) %"
            svg += "<text x=\"\(x(tick))\" y=\"\(Format.coordinate(top + plot + 16))\" "
                + "text-anchor=\"middle\" font-size=\"11\">\(label)</text>"
            svg += "<text x=\"\(Format.coordinate(left - 4))\" y=\"\(y(tick))\" "
                + "text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"11\">"
                + "\(label)</text>\n"
        }
        svg += "<text x=\"\(x(0.5))\" y=\"\(Format.coordinate(top + plot + 32))\" "
            + "text-anchor=\"middle\" font-size=\"12\">residents, least accessibility first"
            + "</text>\n"
        svg += "<text transform=\"translate(12 \(y(0.5))) rotate(-90)\" text-anchor=\"middle\" "
            + "font-size=\"12\">share of accessibility</text>\n"
        return svg + "</svg>\n"
    }
}

/// One bar: its label and the figure it shows (no bar when the figure has no number).
public struct Bar: Sendable, Equatable {
    public var label: String
    public var figure: Figure

    public init(label: String, figure: Figure) {
        self.label = label
        self.figure = figure
    }
}

/// Horizontal bars, one per group, with an optional reference line (e.g. 1 for parity).
public enum BarChart {
    /// The `<svg>` element; bars with no number show only their text.
    public static func render(
        title: String, bars: [Bar], reference: Double? = nil, width: Double = 560
    ) -> String {
        let labelWidth = 190.0
        let valueWidth = 60.0
        let rowHeight = 22.0
        let top = 8.0
        let plot = width - labelWidth - valueWidth
        let largest = max(
            bars.compactMap(\.figure.value).filter(\.isFinite).max() ?? 0, reference ?? 0)
        let height = top * 2 + rowHeight * Double(max(bars.count, 1))

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bars\" role=\"img\" "
            + "viewBox=\"0 0 \(Format.coordinate(width)) \(Format.coordinate(height))\" "
            + "width=\"\(Format.coordinate(width))\" height=\"\(Format.coordinate(height))\">\n"
        svg += HTML.element("title", text: title) + "\n"
        for (index, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(index)
            let middle = Format.coordinate(y + rowHeight / 2)
            svg += "<text x=\"\(Format.coordinate(labelWidth - 6))\" y=\"\(middle)\" "
                + "text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"12\">"
                + HTML.escape(bar.label) + "</text>"
            var length = 0.0
            if let value = bar.figure.value, value.isFinite, value > 0, largest > 0 {
                length = value / largest * plot
                svg += "<rect x=\"\(Format.coordinate(labelWidth))\" "
                    + "y=\"\(Format.coordinate(y + 4))\" width=\"\(Format.coordinate(length))\" "
                    + "height=\"\(Format.coordinate(rowHeight - 8))\" fill=\"#2166ac\"/>"
            }
            svg += "<text x=\"\(Format.coordinate(labelWidth + length + 4))\" y=\"\(middle)\" "
                + "dominant-baseline=\"middle\" font-size=\"12\">"
                + HTML.escape(bar.figure.text) + "</text>\n"
        }
        if let reference, largest > 0 {
            let x = Format.coordinate(labelWidth + reference / largest * plot)
            svg += "<line class=\"reference\" x1=\"\(x)\" y1=\"\(Format.coordinate(top / 2))\" "
                + "x2=\"\(x)\" y2=\"\(Format.coordinate(height - top / 2))\" stroke=\"#333333\" "
                + "stroke-dasharray=\"3 3\"/>\n"
        }
        return svg + "</svg>\n"
    }
}
