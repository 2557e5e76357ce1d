import Foundation
import Geo
import Testing

@testable import Coverage

@Suite struct ProjectionTests {
    let utm = TransverseMercator.utm(zone: 48)

    @Test func cầnThơIsInZone48() {
        #expect(TransverseMercator.utmZone(longitude: 105.7876) == 48)
        #expect(utm.name == "UTM zone 48N (EPSG:32648)")
    }

    @Test func projectedPointsMatchPROJ() {
        // EPSG:4326 → EPSG:32648 with PROJ 9 (pyproj), always_xy.
        let cases: [(Double, Double, Double, Double)] = [
            (10.0339, 105.7876, 586311.0310205935, 1109263.9614329017),
            (9.25, 105.22, 524164.3031476396, 1022499.1265050523),
            (10.33, 106.30, 642339.5643228882, 1142188.4153956438),
        ]
        for (latitude, longitude, x, y) in cases {
            let p = utm.project(Coordinate(latitude: latitude, longitude: longitude))
            #expect(abs(p.x - x) < 0.001, "easting \(p.x) vs \(x)")
            #expect(abs(p.y - y) < 0.001, "northing \(p.y) vs \(y)")
        }
    }

    @Test func unprojectingReturnsThePoint() {
        for latitude in stride(from: 9.25, through: 10.33, by: 0.12) {
            for longitude in stride(from: 105.22, through: 106.30, by: 0.12) {
                let c = Coordinate(latitude: latitude, longitude: longitude)
                let back = utm.unproject(utm.project(c))
                #expect(abs(back.latitude - latitude) < 1e-9)
                #expect(abs(back.longitude - longitude) < 1e-9)
            }
        }
    }

    @Test func distancesMatchGeodesicWithinATenthOfAPercentAcrossTheCity() {
        // The city's extent (ward file bounding box) on a 7 × 7 lattice, every pair, plus
        // short pairs (100 m and 800 m, the cell and the catchment) at every lattice point.
        var points: [Coordinate] = []
        for i in 0..<7 {
            for j in 0..<7 {
                points.append(Coordinate(
                    latitude: 9.25 + Double(i) * 0.18, longitude: 105.22 + Double(j) * 0.18))
            }
        }
        var worst = 0.0
        func check(_ a: Coordinate, _ b: Coordinate) {
            let geodesic = Geodesy.distance(a, b)
            let planar = utm.project(a).distance(to: utm.project(b))
            worst = max(worst, abs(planar - geodesic) / geodesic)
        }
        for a in points.indices {
            for b in points.indices where b > a { check(points[a], points[b]) }
            for metres in [100.0, 800.0] {
                let dLatitude = metres / 110_600
                let dLongitude = metres / 109_600
                let p = points[a]
                check(p, Coordinate(latitude: p.latitude + dLatitude, longitude: p.longitude))
                check(p, Coordinate(latitude: p.latitude, longitude: p.longitude + dLongitude))
            }
        }
        #expect(worst < 0.001, "worst relative difference \(worst)")
        // UTM's scale is 0.9996 on the central meridian (105° E): the city is within 0.04 %.
        #expect(worst > 0.0001)
    }
}

@Suite struct CoverageGridTests {
    /// A box of `kilometres` a side around a point, as a boundary.
    static func square(latitude: Double, longitude: Double, kilometres: Double) -> MultiPolygon {
        let dLatitude = kilometres / 2 / 110.6
        let dLongitude = kilometres / 2 / 109.6
        let ring = LinearRing([
            Coordinate(latitude: latitude - dLatitude, longitude: longitude - dLongitude),
            Coordinate(latitude: latitude - dLatitude, longitude: longitude + dLongitude),
            Coordinate(latitude: latitude + dLatitude, longitude: longitude + dLongitude),
            Coordinate(latitude: latitude + dLatitude, longitude: longitude - dLongitude),
            Coordinate(latitude: latitude - dLatitude, longitude: longitude - dLongitude),
        ])
        return MultiPolygon([Polygon(exterior: ring)])
    }

    @Test func neighbouringAreasShareNoCellAndKeepTheirPopulation() {
        // Two boxes side by side, sharing an edge.
        let west = Self.square(latitude: 10.03, longitude: 105.77, kilometres: 2)
        let eastRing = west.polygons[0].exterior.points.map {
            Coordinate(latitude: $0.latitude, longitude: $0.longitude + 2 / 109.6)
        }
        let east = MultiPolygon([Polygon(exterior: LinearRing(eastRing))])
        let grid = CoverageGrid.build(
            areas: [
                GridAreaInput(code: "W", name: "West", population: 12_345, boundary: west,
                    centre: nil, areaKm2: nil),
                GridAreaInput(code: "E", name: "East", population: 6_000, boundary: east,
                    centre: nil, areaKm2: nil),
            ], cellSize: 100)
        #expect(Set(grid.gridIndex).count == grid.cellCount)
        // About 4 km² each: 400 cells of 1 ha, give or take the edges.
        for area in grid.areas {
            #expect((390...410).contains(area.cells.count), "\(area.code): \(area.cells.count)")
        }
        let westSum = grid.areas[0].cells.reduce(0.0) { $0 + grid.population[$1] }
        let eastSum = grid.areas[1].cells.reduce(0.0) { $0 + grid.population[$1] }
        #expect(abs(westSum - 12_345) < 1e-8)
        #expect(abs(eastSum - 6_000) < 1e-8)
        #expect(grid.warnings.isEmpty)
    }

    @Test func centrePointAreasTakeTheNearestCentreAndAreApproximate() {
        let grid = CoverageGrid.build(
            areas: [
                GridAreaInput(code: "A", name: "A", population: 1000, boundary: nil,
                    centre: Coordinate(latitude: 10.03, longitude: 105.77), areaKm2: 1),
                GridAreaInput(code: "B", name: "B", population: 500, boundary: nil,
                    centre: Coordinate(latitude: 10.03, longitude: 105.78), areaKm2: 1),
            ], cellSize: 100)
        #expect(grid.areas.allSatisfy { $0.approximate })
        #expect(Set(grid.gridIndex).count == grid.cellCount)
        // A 1 km² disc has a radius of 564 m; the centres are 1.1 km apart, so each keeps
        // about 100 cells.
        for area in grid.areas {
            #expect((90...110).contains(area.cells.count), "\(area.code): \(area.cells.count)")
            let people = area.cells.reduce(0.0) { $0 + grid.population[$1] }
            #expect(abs(people - area.population) < 1e-9)
        }
    }

    @Test func aPopulationLayerShapesTheSpread() {
        let box = Self.square(latitude: 10.03, longitude: 105.77, kilometres: 1)
        let layer = [
            PopulationPoint(coordinate: .init(latitude: 10.03, longitude: 105.77), people: 30),
            PopulationPoint(coordinate: .init(latitude: 10.032, longitude: 105.772), people: 10),
            PopulationPoint(coordinate: .init(latitude: 11.0, longitude: 105.0), people: 99),
        ]
        let grid = CoverageGrid.build(
            areas: [GridAreaInput(code: "A", name: "A", population: 2000, boundary: box,
                centre: nil, areaKm2: nil)],
            cellSize: 100, layer: layer)
        let populated = grid.population.filter { $0 > 0 }.sorted()
        #expect(populated == [500, 1500])
        #expect(grid.areas[0].fromLayer)
        #expect(grid.warnings == [
            "1 population layer point(s) fall outside every area and were left out",
        ])
    }
}
