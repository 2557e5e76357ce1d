import Equity
import Foundation
import Geo
@testable import Reports

/// A small model with hostile text in every place a name can go, two square wards, one ward
/// with a centre only, and three hotspots.
func hostileModel(sample: Bool = true) -> ReportModel {
    func square(_ lon: Double, _ lat: Double, _ size: Double) -> MultiPolygon {
        MultiPolygon([Polygon(exterior: LinearRing([
            Coordinate(latitude: lat, longitude: lon),
            Coordinate(latitude: lat, longitude: lon + size),
            Coordinate(latitude: lat + size, longitude: lon + size),
            Coordinate(latitude: lat + size, longitude: lon),
            Coordinate(latitude: lat, longitude: lon),
        ]))])
    }
    return ReportModel(
        title: "Wi-Fi & courses <2026>", place: "Cần Thơ", generated: "2026-03-01 08:00 +07",
        wards: [
            WardRow(
                code: "31120", name: "Phường <b>Cái Khế</b>", kind: .phuong,
                shape: .boundary(square(105.70, 10.00, 0.05)), population: .number(40_000),
                hotspots: 2, coverage: .number(25, decimals: 1), status: .underserved, rank: 1),
            WardRow(
                code: "31135", name: "Xã \"An, Bình\"", kind: .xa,
                shape: .boundary(square(105.80, 10.05, 0.05)), population: .number(12_345),
                learnersPerThousand: .hidden("<10"), status: .served),
            WardRow(
                code: "31150", name: "Xã Trung tâm", kind: .xa,
                shape: .centre(Coordinate(latitude: 9.95, longitude: 105.75)), status: .unserved),
        ],
        hotspots: [
            HotspotRow(
                code: "CT-001", name: "Bến Ninh Kiều", location: Coordinate(
                    latitude: 10.02, longitude: 105.72), wardCode: "31120", dailyDevices: 400,
                ssids: ["<script>alert(1)</script>", "CanTho Free"]),
            HotspotRow(
                code: "CT-002", name: "Chợ 'đêm'", location: Coordinate(
                    latitude: 10.07, longitude: 105.82), wardCode: "31135", dailyDevices: 100,
                ssids: ["a|b"]),
            HotspotRow(
                code: "CT-003", name: "Thư viện", location: nil, wardCode: "31150"),
        ],
        groups: [
            GroupRow(
                dimension: "gender", group: "women", enrolled: .number(120),
                enrollmentShare: .number(60), populationShare: .number(51),
                ratio: .number(1.176, decimals: 3)),
            GroupRow(
                dimension: "age band", group: "60+ <old>", enrolled: .hidden("<10"),
                enrollmentShare: .hidden("–"), populationShare: .number(14),
                ratio: .missing),
        ],
        inequality: [
            Indicator(
                name: "gini", numerator: 1_560_000, denominator: 4_800_000, unit: .index,
                source: "coverage <run 1>"),
        ],
        indicators: [
            IndicatorRow(
                scope: "31120 women", name: "enrolled", value: .hidden("<10"),
                numerator: .hidden("<10"), denominator: .number(40_000), unit: .count,
                source: "enrollments"),
            IndicatorRow(
                scope: "city", indicator: Indicator(
                    name: "gini", numerator: 1_560_000, denominator: 4_800_000, unit: .index,
                    source: "coverage")),
        ],
        lorenz: [
            LorenzPoint(populationShare: 0, quantityShare: 0),
            LorenzPoint(populationShare: 0.5, quantityShare: 0.2),
            LorenzPoint(populationShare: 1, quantityShare: 1),
        ],
        priorities: [
            PriorityEntry(
                rank: 1, code: "31120", name: "Phường <b>Cái Khế</b>", population: 40_000,
                score: 1.35, learnersPerThousand: 0.5,
                reasons: [.lowCoverage(percent: 25, threshold: 50)]),
        ],
        sources: [
            DataSource(name: "Ward boundaries <MIT>", date: "2025-07-01", isSample: false),
            DataSource(name: "Seeded learners", date: "2026-03-01", isSample: sample,
                       note: "made up for the demo"),
        ])
}
