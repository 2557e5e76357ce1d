import Learning

/// A way of splitting learners into groups; every learner falls in exactly one group of each
/// dimension, so a dimension's counts add up to the total.
public enum GroupDimension: String, Sendable, Equatable, CaseIterable {
    case gender
    case ageBand = "age band"
    case disability
    case lowIncome = "low income"

    /// The groups, each with the `areas population` group that counts its residents (nil for
    /// a remainder such as "not given", which has no residents to compare with).
    public var groups: [(name: String, populationGroup: String?)] {
        switch self {
        case .gender:
            [("women", "female"), ("men", "male"), ("other/not given", nil)]
        case .ageBand:
            AgeBand.allCases.filter { $0 != .notSpecified }.map {
                ($0.rawValue, "age:\($0.rawValue)")
            } + [("not given", nil)]
        case .disability:
            [("with a disability", "disability"), ("other/not given", nil)]
        case .lowIncome:
            [("poor household", "poor-household"), ("other/not given", nil)]
        }
    }

    /// The index in `groups` of a fact's learners.
    func groupIndex(_ fact: EnrollmentFact) -> Int {
        switch self {
        case .gender:
            switch fact.gender {
            case .female: 0
            case .male: 1
            case .other, .notSpecified: 2
            }
        case .ageBand:
            AgeBand.allCases.firstIndex(of: fact.ageBand) ?? (AgeBand.allCases.count - 1)
        case .disability:
            fact.disability == .yes ? 0 : 1
        case .lowIncome:
            fact.lowIncome == .yes ? 0 : 1
        }
    }
}

/// Enrollment counts of one dimension: one row per scope (ward), one column per group.
///
/// "Enrolled" counts enrollments that had a seat (enrolled, completed, not completed or
/// withdrawn); "finished" those that ended (completed, not completed or withdrawn).
public struct GroupTable: Sendable, Equatable {
    public var dimension: GroupDimension
    /// Group names, in the order of `GroupDimension.groups`.
    public var groups: [String]
    /// Row keys: ward codes in code order; the empty code last for learners without a ward.
    public var scopes: [String]
    public var enrolled: [[Int]]
    public var completed: [[Int]]
    public var finished: [[Int]]

    /// The counts of `facts` by scope and group; `scopes` lists the wards to give rows, in
    /// order (facts of other wards count in the empty-code row).
    public init(dimension: GroupDimension, facts: [EnrollmentFact], scopes wardCodes: [String]) {
        self.dimension = dimension
        groups = dimension.groups.map(\.name)
        let known = Set(wardCodes)
        let needsUnknownRow = facts.contains { fact in
            fact.state != .waitlisted && !known.contains(fact.areaCode ?? "")
        }
        scopes = wardCodes + (needsUnknownRow ? [""] : [])
        let row = Dictionary(uniqueKeysWithValues: scopes.enumerated().map { ($1, $0) })
        let empty = Array(repeating: Array(repeating: 0, count: groups.count), count: scopes.count)
        enrolled = empty
        completed = empty
        finished = empty
        for fact in facts where fact.state != .waitlisted {
            let code = fact.areaCode.flatMap { known.contains($0) ? $0 : nil } ?? ""
            guard let r = row[code] else { continue }
            let c = dimension.groupIndex(fact)
            enrolled[r][c] += fact.count
            switch fact.state {
            case .completed:
                completed[r][c] += fact.count
                finished[r][c] += fact.count
            case .notCompleted, .withdrawn:
                finished[r][c] += fact.count
            case .enrolled, .waitlisted:
                break
            }
        }
    }

    /// Column sums: the city's counts per group.
    public func cityCounts(_ table: [[Int]]) -> [Int] {
        (0..<groups.count).map { column in table.reduce(0) { $0 + $1[column] } }
    }
}
