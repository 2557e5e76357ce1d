import Foundation
import Geo

/// The accessibility method: plain or enhanced two-step floating catchment.
public enum AccessMethod: String, Sendable, Codable, CaseIterable {
    /// 2SFCA: every resident within the catchment counts fully.
    case twoStep = "2sfca"
    /// E2SFCA: the catchment in zones with falling weights, in both steps.
    case enhanced = "e2sfca"
}

/// The choices behind a coverage run; every one is a flag of `ketnoi coverage`.
public struct CoverageOptions: Sendable, Equatable, Codable {
    /// Side of a grid cell, metres (default 100).
    public var cellSize: Double = 100
    /// Walking catchment, straight-line metres (default 800).
    public var catchment: Double = 800
    public var method: AccessMethod = .twoStep
    /// E2SFCA zone weights, inner to outer, over equal zones of the catchment.
    public var zoneWeights: [Double] = [1, 0.68, 0.22]
    public var thresholds = RankingThresholds()

    public init() {}

    /// The step weights the method and catchment give.
    public var weights: StepWeights {
        switch method {
        case .twoStep: .binary(catchment: catchment)
        case .enhanced: .enhanced(catchment: catchment, weights: zoneWeights)
        }
    }
}

/// The measures of one area in a coverage run.
public struct AreaMeasures: Sendable, Equatable {
    public var code: String
    public var name: String
    /// Residents spread over the area's cells.
    public var population: Double
    /// Grid cells of the area.
    public var cells: Int
    /// True when the cells came from a centre point, not a boundary.
    public var approximate: Bool
    /// Hotspots placed in the area.
    public var hotspots: Int
    /// Their capacity, concurrent users.
    public var capacity: Int
    /// Residents in cells whose centre is inside some footprint.
    public var coveredPopulation: Double
    /// Covered share of the residents, 0…1; nil without residents.
    public var coverage: Double?
    /// Population-weighted mean of the cells' accessibility (capacity per resident);
    /// a cell with no hotspot in its catchment counts 0.
    public var accessibility: Double
    /// Median saturation of the area's hotspots that have one.
    public var medianSaturation: Double?
    /// Distinct devices per day at the area's sampled hotspots, summed.
    public var devicesPerDay: Double?
    /// Those devices per 1,000 residents.
    public var usePer1000: Double?
    public var status: AreaStatus = .served
    /// Why the status is what it is, e.g. `coverage 3 % < 10 %`.
    public var reasons: [String] = []
    /// 1 = most in need; nil for areas without residents.
    public var rank: Int?

    /// Residents not inside any footprint.
    public var uncoveredPopulation: Double { max(0, population - coveredPopulation) }
}

/// The measures of one hotspot in a coverage run.
public struct HotspotMeasures: Sendable, Equatable {
    public var code: String
    public var name: String
    public var areaCode: String?
    public var coordinate: Coordinate
    public var position: ProjectedPoint
    public var footprint: Footprint
    public var capacity: Int?
    /// Residents in cells inside the footprint.
    public var coveredPopulation: Double
    /// Residents within the walking catchment, unweighted.
    public var residentsInReach: Double
    /// Σ P·W over the catchment: the demand step 1 divides by.
    public var weightedDemand: Double
    /// R_j: capacity per weighted resident; nil without capacity or residents in reach.
    public var ratio: Double?
    public var activity: HotspotActivity
    /// The higher peak over capacity; nil without capacity or peaks.
    public var saturation: Double?
}
