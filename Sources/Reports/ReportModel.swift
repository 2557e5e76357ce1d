import Equity
import Geo

/// A figure as it is published: the text a reader sees and, when it may be shown, the number
/// behind it (for charts and sorting). Suppressed figures carry their marker (`<10`, `*`, `–`)
/// and no number.
public struct Figure: Sendable, Equatable {
    public var text: String
    public var value: Double?

    public init(text: String, value: Double?) {
        self.text = text
        self.value = value
    }

    /// A number shown with a fixed count of decimals; `–` when nil or not finite.
    public static func number(_ value: Double?, decimals: Int = 0) -> Figure {
        guard let value, value.isFinite else { return .missing }
        return Figure(text: Format.number(value, decimals: decimals), value: value)
    }

    /// A hidden figure: only its marker is shown.
    public static func hidden(_ marker: String) -> Figure { Figure(text: marker, value: nil) }

    /// A number as plain text with up to six decimals and no grouping, for data files.
    public static func plain(_ value: Double) -> Figure {
        guard value.isFinite else { return .missing }
        return Figure(text: Format.plainNumber(value), value: value)
    }

    /// No figure: `–`.
    public static let missing = Figure(text: "–", value: nil)

    /// A rate or share withheld to protect the people behind it (fewer than 20, or a count
    /// that is hidden): `x`, so it never reads as "not available".
    public static let withheld = Figure(text: "x", value: nil)
}

/// Where a ward is drawn: its boundary, or only its centre when no boundary was imported.
public enum WardShape: Sendable, Equatable {
    case boundary(MultiPolygon)
    /// A centre point; the map draws a marker labelled approximate.
    case centre(Coordinate)
    case none
}

/// One ward (phường or xã) in the report.
public struct WardRow: Sendable, Equatable {
    public var code: String
    public var name: String
    public var kind: AreaKind
    public var shape: WardShape
    public var population: Figure
    public var hotspots: Int
    /// Share of residents within a hotspot footprint, %.
    public var coverage: Figure
    /// Accessibility against the city mean (1 = mean).
    public var accessibility: Figure
    /// Peak concurrent clients ÷ capacity.
    public var saturation: Figure
    public var devicesPerThousand: Figure
    public var learnersPerThousand: Figure
    /// Completed ÷ finished enrollments, %.
    public var completionRate: Figure
    public var status: UnderservedStatus
    /// Place in the underserved ranking, 1 for the most underserved; nil when unranked.
    public var rank: Int?

    public init(
        code: String, name: String, kind: AreaKind, shape: WardShape,
        population: Figure = .missing, hotspots: Int = 0, coverage: Figure = .missing,
        accessibility: Figure = .missing, saturation: Figure = .missing,
        devicesPerThousand: Figure = .missing, learnersPerThousand: Figure = .missing,
        completionRate: Figure = .missing, status: UnderservedStatus = .unknown, rank: Int? = nil
    ) {
        self.code = code
        self.name = name
        self.kind = kind
        self.shape = shape
        self.population = population
        self.hotspots = hotspots
        self.coverage = coverage
        self.accessibility = accessibility
        self.saturation = saturation
        self.devicesPerThousand = devicesPerThousand
        self.learnersPerThousand = learnersPerThousand
        self.completionRate = completionRate
        self.status = status
        self.rank = rank
    }
}

/// One hotspot in the report.
public struct HotspotRow: Sendable, Equatable {
    public var code: String
    public var name: String
    public var location: Coordinate?
    public var wardCode: String
    /// Distinct devices per day in the sampled period; sizes the dot on the map.
    public var dailyDevices: Double?
    /// True when fewer than 10 devices a day were seen and the report is published: the
    /// figure is hidden like any count of 1–9 (`dailyDevices` is then nil), shown as `<10`.
    public var fewDevices: Bool
    public var ssids: [String]

    public init(
        code: String, name: String, location: Coordinate?, wardCode: String,
        dailyDevices: Double? = nil, fewDevices: Bool = false, ssids: [String] = []
    ) {
        self.code = code
        self.name = name
        self.location = location
        self.wardCode = wardCode
        self.dailyDevices = fewDevices ? nil : dailyDevices
        self.fewDevices = fewDevices
        self.ssids = ssids
    }

    /// The daily devices as a reader sees them: a number, `<10`, or nil when not sampled.
    func dailyDevicesText(_ format: (Double) -> String) -> String? {
        fewDevices ? "<10" : dailyDevices.map(format)
    }
}

/// One group of people (e.g. gender: women) in one scope (the city or a ward).
public struct GroupRow: Sendable, Equatable {
    /// What the groups split by: `gender`, `age band`, `disability`, `low-income household`.
    public var dimension: String
    public var group: String
    /// `city`, or a ward code.
    public var scope: String
    public var enrolled: Figure
    /// Share of enrollments, %.
    public var enrollmentShare: Figure
    /// Share of residents, %.
    public var populationShare: Figure
    /// Representation ratio: enrollment share ÷ population share.
    public var ratio: Figure
    /// Completion rate, %.
    public var completion: Figure
    /// Completion rate − the scope's rate, percentage points.
    public var gap: Figure

    public init(
        dimension: String, group: String, scope: String = "city", enrolled: Figure,
        enrollmentShare: Figure, populationShare: Figure, ratio: Figure,
        completion: Figure = .missing, gap: Figure = .missing
    ) {
        self.dimension = dimension
        self.group = group
        self.scope = scope
        self.enrolled = enrolled
        self.enrollmentShare = enrollmentShare
        self.populationShare = populationShare
        self.ratio = ratio
        self.completion = completion
        self.gap = gap
    }
}

/// One indicator in `indicators.csv`, every part as it may be published.
public struct IndicatorRow: Sendable, Equatable {
    /// `city` or a ward code, then any dimension and group (`31120 gender: women`).
    public var scope: String
    public var name: String
    public var value: Figure
    public var numerator: Figure
    public var denominator: Figure
    public var unit: IndicatorUnit
    public var source: String
    public var note: String

    public init(
        scope: String, name: String, value: Figure, numerator: Figure, denominator: Figure,
        unit: IndicatorUnit, source: String, note: String = ""
    ) {
        self.scope = scope
        self.name = name
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.unit = unit
        self.source = source
        self.note = note
    }

    /// An indicator shown in full, for figures that need no suppression (coverage, Gini).
    /// An undefined value over 0 ÷ 0 shows no numerator or denominator: there the zeros
    /// mean "not known" (no population imported, too few wards), not a count of 0.
    public init(scope: String, indicator: Indicator, decimals: Int = 3) {
        let unknown = indicator.value == nil
            && indicator.numerator == 0 && indicator.denominator == 0
        self.init(
            scope: scope, name: indicator.name,
            value: .number(indicator.value, decimals: decimals),
            numerator: unknown ? .missing : .plain(indicator.numerator),
            denominator: unknown ? .missing : .plain(indicator.denominator),
            unit: indicator.unit, source: indicator.source, note: indicator.note ?? "")
    }
}

/// One source of data, named in the "Method and data" section.
public struct DataSource: Sendable, Equatable {
    public var name: String
    /// When the data was taken or published, as the reader should see it, e.g. `2025-07-01`.
    public var date: String
    /// Sample (made-up or seeded) data rather than the city's own records.
    public var isSample: Bool
    /// What it gives the report, or its licence.
    public var note: String

    public init(name: String, date: String, isSample: Bool, note: String = "") {
        self.name = name
        self.date = date
        self.isSample = isSample
        self.note = note
    }
}

/// Everything one report shows, already computed and already suppressed as published: the
/// renderers only lay it out.
public struct ReportModel: Sendable, Equatable {
    public var title: String
    /// The city, e.g. `Cần Thơ`.
    public var place: String
    /// When the report was made, in local time as the reader should see it.
    public var generated: String
    /// True for `--internal`: raw figures for trainers and planners, not for publication.
    public var isInternal: Bool
    public var wards: [WardRow]
    public var hotspots: [HotspotRow]
    public var groups: [GroupRow]
    /// Gini, concentration index, Theil T and its split, and any other city-wide figures.
    public var inequality: [Indicator]
    /// Every indicator for `indicators.csv`, by scope.
    public var indicators: [IndicatorRow]
    /// The Lorenz curve of accessibility across wards.
    public var lorenz: [LorenzPoint]
    public var priorities: [PriorityEntry]
    public var sources: [DataSource]

    public init(
        title: String, place: String, generated: String, isInternal: Bool = false,
        wards: [WardRow] = [], hotspots: [HotspotRow] = [], groups: [GroupRow] = [],
        inequality: [Indicator] = [], indicators: [IndicatorRow] = [], lorenz: [LorenzPoint] = [],
        priorities: [PriorityEntry] = [], sources: [DataSource] = []
    ) {
        self.title = title
        self.place = place
        self.generated = generated
        self.isInternal = isInternal
        self.wards = wards
        self.hotspots = hotspots
        self.groups = groups
        self.inequality = inequality
        self.indicators = indicators
        self.lorenz = lorenz
        self.priorities = priorities
        self.sources = sources
    }

    /// True when any source is sample data; the report then carries a banner.
    public var hasSampleData: Bool { sources.contains(where: \.isSample) }
}
