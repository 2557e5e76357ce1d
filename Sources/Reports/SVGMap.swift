import Equity
import Foundation
import Geo

/// Projects longitude/latitude into an SVG box: equirectangular, longitudes shortened by the
/// cosine of the middle latitude so shapes keep their proportions near the equator, y down.
public struct MapProjection: Sendable, Equatable {
    public let box: BoundingBox
    public let width: Double
    public let height: Double
    public let margin: Double
    let scale: Double
    let cosine: Double

    /// Fits `box` into `width` pixels less `margin` on each side; the height follows.
    public init(box: BoundingBox, width: Double, margin: Double = 10) {
        self.box = box
        self.width = width
        self.margin = margin
        cosine = cos((box.minLatitude + box.maxLatitude) / 2 * .pi / 180)
        let spanX = max((box.maxLongitude - box.minLongitude) * cosine, 1e-9)
        let spanY = max(box.maxLatitude - box.minLatitude, 1e-9)
        scale = (width - 2 * margin) / spanX
        height = (spanY * scale + 2 * margin).rounded(.up)
    }

    /// The SVG position of a coordinate.
    public func point(_ coordinate: Coordinate) -> (x: Double, y: Double) {
        (margin + (coordinate.longitude - box.minLongitude) * cosine * scale,
         margin + (box.maxLatitude - coordinate.latitude) * scale)
    }
}

/// Colours of the map and the legend, one per underserved status.
public enum StatusColour {
    public static func fill(_ status: UnderservedStatus) -> String {
        switch status {
        case .unserved: "#b2182b"
        case .underserved: "#ef8a62"
        case .served: "#67a9cf"
        case .unknown: "#d9d9d9"
        }
    }
}

/// An inline-SVG choropleth of the wards coloured by underserved status, with hotspots as
/// dots whose area grows with their daily devices.
public enum SVGMap {
    /// Dot radius for a hotspot with no usage sampled, and the smallest and largest radius.
    static let emptyRadius = 2.0
    static let radii = (smallest: 2.5, largest: 9.0)

    /// The `<svg>` element, or a short note when there is nothing to place.
    public static func render(
        wards: [WardRow], hotspots: [HotspotRow], width: Double = 800
    ) -> String {
        var box = BoundingBox.empty
        for ward in wards {
            switch ward.shape {
            case .boundary(let shape): box = box.union(shape.boundingBox)
            case .centre(let centre): box = box.union(BoundingBox(covering: [centre]))
            case .none: break
            }
        }
        for hotspot in hotspots {
            if let location = hotspot.location, location.isValid {
                box = box.union(BoundingBox(covering: [location]))
            }
        }
        guard !box.isEmpty else {
            return "<p class=\"note\">No ward boundary, centre or hotspot location to map.</p>\n"
        }

        let projection = MapProjection(box: box, width: width)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" role=\"img\" "
            + "viewBox=\"0 0 \(Format.coordinate(width)) \(Format.coordinate(projection.height))\""
            + " width=\"\(Format.coordinate(width))\""
            + " height=\"\(Format.coordinate(projection.height))\">\n"
        svg += "<title>Wards by underserved status, hotspots by daily devices</title>\n"
        svg += "<g class=\"wards\" stroke=\"#ffffff\" stroke-width=\"0.6\">\n"
        for ward in wards {
            svg += wardElement(ward, projection)
        }
        svg += "</g>\n<g class=\"hotspots\" fill=\"#222222\" fill-opacity=\"0.75\" "
            + "stroke=\"#ffffff\" stroke-width=\"0.8\">\n"
        // A hidden figure (fewer than 10) is drawn as 10: its dot says no more than its label.
        func drawn(_ hotspot: HotspotRow) -> Double? {
            hotspot.fewDevices ? 10 : hotspot.dailyDevices
        }
        let busiest = hotspots.compactMap(drawn).filter(\.isFinite).max() ?? 0
        for hotspot in hotspots {
            guard let location = hotspot.location, location.isValid else { continue }
            let (x, y) = projection.point(location)
            let radius = radius(devices: drawn(hotspot), busiest: busiest)
            let devices = hotspot.fewDevices ? "fewer than 10 devices a day"
                : hotspot.dailyDevices.map { "\(Format.number($0)) devices a day" }
                ?? "no usage sampled"
            svg += "<circle cx=\"\(Format.coordinate(x))\" cy=\"\(Format.coordinate(y))\" "
                + "r=\"\(Format.coordinate(radius))\">"
                + HTML.element("title", text: "\(hotspot.name) (\(hotspot.code)): \(devices)")
                + "</circle>\n"
        }
        return svg + "</g>\n</svg>\n"
    }

    /// A dot whose area is proportional to the devices: r² grows linearly from the smallest
    /// to the largest radius.
    static func radius(devices: Double?, busiest: Double) -> Double {
        guard let devices, devices.isFinite, devices > 0, busiest > 0 else { return emptyRadius }
        let small = radii.smallest * radii.smallest
        let large = radii.largest * radii.largest
        return (small + (large - small) * min(1, devices / busiest)).squareRoot()
    }

    static func wardElement(_ ward: WardRow, _ projection: MapProjection) -> String {
        let fill = StatusColour.fill(ward.status)
        let label = "\(ward.name) (\(ward.code)): \(ward.status.label)"
        switch ward.shape {
        case .boundary(let shape):
            let path = pathData(shape, projection)
            guard !path.isEmpty else { return "" }
            return "<path d=\"\(path)\" fill=\"\(fill)\" fill-rule=\"evenodd\">"
                + HTML.element("title", text: label) + "</path>\n"
        case .centre(let centre):
            let (x, y) = projection.point(centre)
            return "<circle class=\"approximate\" cx=\"\(Format.coordinate(x))\" "
                + "cy=\"\(Format.coordinate(y))\" r=\"6\" fill=\"\(fill)\" stroke=\"#555555\" "
                + "stroke-dasharray=\"2 2\">"
                + HTML.element("title", text: label + " (centre only, approximate)")
                + "</circle>\n"
        case .none:
            return ""
        }
    }

    /// SVG path data of every ring, points closer than half a pixel to the last one dropped.
    static func pathData(_ shape: MultiPolygon, _ projection: MapProjection) -> String {
        var data = ""
        for polygon in shape.polygons {
            for ring in [polygon.exterior] + polygon.holes {
                var last: (x: Double, y: Double)?
                var ringData = ""
                var count = 0
                for coordinate in ring.points where coordinate.isValid {
                    let point = projection.point(coordinate)
                    if let last, abs(point.x - last.x) < 0.5, abs(point.y - last.y) < 0.5 {
                        continue
                    }
                    ringData += (count == 0 ? "M" : "L") + Format.coordinate(point.x) + " "
                        + Format.coordinate(point.y)
                    last = point
                    count += 1
                }
                if count >= 3 { data += ringData + "Z" }
            }
        }
        return data
    }

    /// The legend: one swatch per status, what the dots mean, and the dashed circle when
    /// some ward on the map is known by its centre only.
    public static func legend(for wards: [WardRow]) -> String {
        var html = "<ul class=\"legend\">\n"
        for status in UnderservedStatus.allCases {
            html += "<li><span class=\"swatch\" style=\"background:\(StatusColour.fill(status))\">"
                + "</span>" + HTML.escape(status.label) + "</li>\n"
        }
        html += "<li><span class=\"dot\"></span>hotspot; larger dot, more devices a day</li>\n"
        let approximate = wards.contains {
            if case .centre = $0.shape { return true }
            return false
        }
        if approximate {
            html += "<li><span class=\"centre-only\"></span>ward known by its centre only "
                + "(no boundary imported): its place, not its extent</li>\n"
        }
        return html + "</ul>\n"
    }
}
