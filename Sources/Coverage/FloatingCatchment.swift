import Foundation
import Geo

/// A place where people live, for accessibility: a grid cell or any demand point.
public struct DemandPoint: Sendable, Equatable {
    public var position: ProjectedPoint
    /// Residents; fractional when an area's population is spread over its cells.
    public var population: Double

    public init(position: ProjectedPoint, population: Double) {
        self.position = position
        self.population = population
    }
}

/// A place that offers capacity: a hotspot, or a proposed one.
public struct SupplySite: Sendable, Equatable {
    public var position: ProjectedPoint
    /// Concurrent users the site serves.
    public var capacity: Double

    public init(position: ProjectedPoint, capacity: Double) {
        self.position = position
        self.capacity = capacity
    }
}

/// Distance weights of a floating catchment: a step function, as PySAL `access`'s
/// `weights.step_fn`.
///
/// The weight of a distance is that of the first step whose limit is at least the distance;
/// beyond the last limit it is 0. Plain 2SFCA is one step of weight 1 at the catchment.
public struct StepWeights: Sendable, Equatable {
    /// (limit in metres, weight), limits ascending.
    public let steps: [(limit: Double, weight: Double)]

    /// Steps sorted by limit.
    public init(_ steps: [(limit: Double, weight: Double)]) {
        self.steps = steps.sorted { $0.limit < $1.limit }
    }

    public static func == (lhs: StepWeights, rhs: StepWeights) -> Bool {
        lhs.steps.count == rhs.steps.count
            && zip(lhs.steps, rhs.steps).allSatisfy {
                $0.limit == $1.limit && $0.weight == $1.weight
            }
    }

    /// The largest limit: nothing farther counts.
    public var catchment: Double { steps.last?.limit ?? 0 }

    /// 2SFCA: weight 1 up to the catchment.
    public static func binary(catchment: Double) -> StepWeights {
        StepWeights([(catchment, 1)])
    }

    /// E2SFCA (Luo & Qi 2009): the catchment in equal zones, one weight each (by default
    /// 1, 0.68, 0.22 for the inner, middle and outer third).
    public static func enhanced(
        catchment: Double, weights: [Double] = [1, 0.68, 0.22]
    ) -> StepWeights {
        let zones = Double(weights.count)
        return StepWeights(weights.enumerated().map { index, weight in
            // The last limit is the catchment itself, not a rounded multiple of a zone.
            let limit = index == weights.count - 1
                ? catchment : catchment * Double(index + 1) / zones
            return (limit, weight)
        })
    }

    /// The weight of a distance in metres.
    @inline(__always)
    public func weight(_ distance: Double) -> Double {
        for step in steps where distance <= step.limit {
            return step.weight
        }
        return 0
    }
}

/// What a floating-catchment computation gives.
public struct Accessibility: Sendable {
    /// A_i per demand point: supply per resident in reach; nil when no site is in reach
    /// (PySAL gives NaN there).
    public var scores: [Double?]
    /// R_j per site: capacity over the weighted demand in its catchment; nil when no demand
    /// is in reach (PySAL drops such sites).
    public var ratios: [Double?]
    /// Σ P_k·W_kj per site: the weighted residents the site serves.
    public var weightedDemand: [Double]
    /// Σ P_k per site over its catchment, unweighted.
    public var residentsInReach: [Double]
    /// (demand, site, weight) for every pair within the catchment, grouped by site.
    public var pairs: CatchmentPairs
}

/// Demand–site pairs within a catchment, as three parallel arrays grouped by site.
public struct CatchmentPairs: Sendable {
    public var demand: [Int32] = []
    public var site: [Int32] = []
    public var weight: [Double] = []
    public var count: Int { demand.count }
}

/// Two-step floating catchment accessibility (Luo & Wang 2003; enhanced: Luo & Qi 2009),
/// with PySAL `access` semantics (`access/fca.py`): a distance equal to the catchment is
/// inside; the weight applies in both steps; a site with no demand in reach is dropped and
/// a demand point with no site in reach has no score.
///
/// Step 1: R_j = S_j / Σ_k P_k·W(d_kj). Step 2: A_i = Σ_j R_j·W(d_ij).
public enum FloatingCatchment {
    /// Computes scores for every demand point and ratios for every site.
    public static func compute(
        demand: [DemandPoint], supply: [SupplySite], weights: StepWeights
    ) -> Accessibility {
        let index = SpatialIndex(demand.map(\.position), bucketSize: max(1, weights.catchment))
        return compute(demand: demand, supply: supply, weights: weights, index: index)
    }

    /// As `compute(demand:supply:weights:)`, with an index over the demand points built once.
    public static func compute(
        demand: [DemandPoint], supply: [SupplySite], weights: StepWeights, index: SpatialIndex
    ) -> Accessibility {
        // Step 1, site by site: only the buckets around the site are visited. The sites are
        // split in runs, one per core; each run's pairs follow the run before, so the pairs
        // stay grouped by site in site order and every sum is added in the same order.
        let parts = parallelParts(supply.count, smallest: 64)
        let runs = parallelMap(parts.count) { part in
            stepOne(
                sites: parts[part], demand: demand, supply: supply, weights: weights,
                index: index)
        }
        var pairs = CatchmentPairs()
        let total = runs.reduce(0) { $0 + $1.pairs.count }
        pairs.demand.reserveCapacity(total)
        pairs.site.reserveCapacity(total)
        pairs.weight.reserveCapacity(total)
        var weightedDemand: [Double] = []
        var residents: [Double] = []
        var ratios: [Double?] = []
        for run in runs {
            pairs.demand += run.pairs.demand
            pairs.site += run.pairs.site
            pairs.weight += run.pairs.weight
            weightedDemand += run.weightedDemand
            residents += run.residents
            ratios += run.ratios
        }

        // Step 2: each pair hands its site's ratio, weighted, to its demand point.
        var scores = [Double?](repeating: nil, count: demand.count)
        for p in 0..<pairs.count {
            let k = Int(pairs.demand[p])
            let r = ratios[Int(pairs.site[p])] ?? 0
            scores[k] = (scores[k] ?? 0) + r * pairs.weight[p]
        }
        return Accessibility(
            scores: scores, ratios: ratios, weightedDemand: weightedDemand,
            residentsInReach: residents, pairs: pairs)
    }

    /// Step 1 for a run of sites: their pairs, weighted demand, residents and ratios.
    private static func stepOne(
        sites: Range<Int>, demand: [DemandPoint], supply: [SupplySite], weights: StepWeights,
        index: SpatialIndex
    ) -> (pairs: CatchmentPairs, weightedDemand: [Double], residents: [Double],
          ratios: [Double?]) {
        let catchment = weights.catchment
        var pairs = CatchmentPairs()
        var weightedDemand: [Double] = []
        var residents: [Double] = []
        var ratios: [Double?] = []
        for j in sites {
            let site = supply[j]
            var sum = 0.0
            var people = 0.0
            var inReach = false
            index.forEach(within: catchment, of: site.position) { k, distance in
                let w = weights.weight(distance)
                pairs.demand.append(Int32(k))
                pairs.site.append(Int32(j))
                pairs.weight.append(w)
                sum += w * demand[k].population
                people += demand[k].population
                inReach = true
            }
            weightedDemand.append(sum)
            residents.append(people)
            ratios.append(inReach && sum > 0 ? site.capacity / sum : nil)
        }
        return (pairs, weightedDemand, residents, ratios)
    }

    /// Σ P_i·A_i / Σ P_i over the demand points, a point without a score counting 0.
    public static func populationWeightedMean(
        _ scores: [Double?], demand: [DemandPoint]
    ) -> Double {
        var weighted = 0.0
        var people = 0.0
        for (score, point) in zip(scores, demand) {
            weighted += (score ?? 0) * point.population
            people += point.population
        }
        return people > 0 ? weighted / people : 0
    }
}

/// Points put in square buckets, so a search around a position visits only the buckets
/// that can hold points within the distance.
public struct SpatialIndex: Sendable {
    let bucketSize: Double
    let positions: [ProjectedPoint]
    let minX: Double
    let minY: Double
    let columns: Int
    let rows: Int
    /// Bucket b holds points order[start[b] ..< start[b + 1]].
    let start: [Int32]
    let order: [Int32]

    /// Indexes the positions in buckets of the given side, in metres.
    public init(_ positions: [ProjectedPoint], bucketSize: Double) {
        self.positions = positions
        // The extent of the finite positions, in one pass and without copies.
        var low = ProjectedPoint(x: .infinity, y: .infinity)
        var high = ProjectedPoint(x: -.infinity, y: -.infinity)
        for p in positions {
            if p.x.isFinite {
                low.x = min(low.x, p.x)
                high.x = max(high.x, p.x)
            }
            if p.y.isFinite {
                low.y = min(low.y, p.y)
                high.y = max(high.y, p.y)
            }
        }
        minX = low.x <= high.x ? low.x : 0
        minY = low.y <= high.y ? low.y : 0
        let width = low.x <= high.x ? high.x - low.x : 0
        let height = low.y <= high.y ? high.y - low.y : 0
        // At most 4,096 buckets a side: points spread wider get wider buckets.
        let size = max(bucketSize, width / 4095, height / 4095, 1e-9)
        self.bucketSize = size
        columns = Self.clamp(width / size, 4096) + 1
        rows = Self.clamp(height / size, 4096) + 1

        // Counting sort by bucket: points of a bucket keep their order.
        var counts = [Int32](repeating: 0, count: columns * rows + 1)
        var buckets = [Int32](repeating: 0, count: positions.count)
        for (i, p) in positions.enumerated() {
            // A non-finite position (never from a valid coordinate) lands in bucket 0.
            let column = Self.clamp((p.x - minX) / bucketSize, columns)
            let row = Self.clamp((p.y - minY) / bucketSize, rows)
            let bucket = row * columns + column
            buckets[i] = Int32(bucket)
            counts[bucket + 1] += 1
        }
        for b in 0..<(columns * rows) { counts[b + 1] += counts[b] }
        var next = counts
        var order = [Int32](repeating: 0, count: positions.count)
        for i in 0..<positions.count {
            let bucket = Int(buckets[i])
            order[Int(next[bucket])] = Int32(i)
            next[bucket] += 1
        }
        start = counts
        self.order = order
    }

    /// Calls `body(index, distance)` for every point within `radius` metres of `centre`
    /// (a point at exactly `radius` included), bucket by bucket.
    @inline(__always)
    public func forEach(
        within radius: Double, of centre: ProjectedPoint, _ body: (Int, Double) -> Void
    ) {
        guard !positions.isEmpty, radius >= 0 else { return }
        guard centre.x.isFinite, centre.y.isFinite else { return }
        let fromX = (centre.x - radius - minX) / bucketSize
        let toX = (centre.x + radius - minX) / bucketSize
        let fromY = (centre.y - radius - minY) / bucketSize
        let toY = (centre.y + radius - minY) / bucketSize
        guard toX >= 0, toY >= 0, fromX < Double(columns), fromY < Double(rows) else { return }
        let fromColumn = Self.clamp(fromX, columns)
        let toColumn = Self.clamp(toX, columns)
        let fromRow = Self.clamp(fromY, rows)
        let toRow = Self.clamp(toY, rows)
        positions.withUnsafeBufferPointer { points in
            for row in fromRow...toRow {
                for column in fromColumn...toColumn {
                    let bucket = row * columns + column
                    for slot in Int(start[bucket])..<Int(start[bucket + 1]) {
                        let i = Int(order[slot])
                        let distance = centre.distance(to: points[i])
                        if distance <= radius { body(i, distance) }
                    }
                }
            }
        }
    }

    /// ⌊value⌋ held to 0 ..< count; 0 for NaN.
    @inline(__always)
    static func clamp(_ value: Double, _ count: Int) -> Int {
        guard value > 0 else { return 0 }
        return value >= Double(count - 1) ? count - 1 : Int(value)
    }
}
