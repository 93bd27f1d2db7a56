import ObservatoryCore

/// An indicator as an analyst defined it in `Indicators/indicators/<id>.yaml`.
public struct IndicatorDefinition: Sendable, Hashable {
    /// Which periods to compute and show.
    public enum Periods: Sendable, Hashable {
        /// The most recent period with data.
        case latest
        /// Every period with data (a time series).
        case series
        /// One period or vintage: `"2023"`, `"2024-T2"`.
        case period(Period)
    }

    /// Detail by a dimension: `{dimension: metier, top: 10}`.
    public struct Breakdown: Sendable, Hashable {
        public var dimension: String
        /// How many entries to keep, the largest first; `nil` keeps them all.
        public var top: Int?

        public init(dimension: String, top: Int? = nil) {
            self.dimension = dimension
            self.top = top
        }
    }

    /// A territory the value is compared with.
    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        case departement, region, france, peers
    }

    /// A reading threshold: `{value: 1.2, label: "spécialisé"}`.
    public struct Threshold: Sendable, Hashable {
        public var value: Double
        public var label: String

        public init(value: Double, label: String) {
            self.value = value
            self.label = label
        }
    }

    /// Whether a higher value is good news.
    public enum Direction: String, Sendable, Hashable, CaseIterable {
        case higherIsBetter = "higher_is_better"
        case lowerIsBetter = "lower_is_better"
        case neutral
    }

    /// How dashboards should draw the indicator.
    public enum Chart: String, Sendable, Hashable, CaseIterable {
        case line, bar
        case rankedBar = "ranked_bar"
        case groupedBar = "grouped_bar"
        case stackedBar = "stacked_bar"
        case lollipop, slope, sparkline
        case heatTable = "heat_table"
        case number

        /// Whether the chart shows a table (a value per code), so that a table formula fits it.
        public var showsTables: Bool {
            switch self {
            case .bar, .rankedBar, .groupedBar, .stackedBar, .heatTable: true
            default: false
            }
        }
    }

    /// Lower-case letters, digits and `_`, starting with a letter; the file name without `.yaml`.
    public var id: String
    /// French title shown on dashboards.
    public var title: String
    /// French description: what the indicator measures and how to read it.
    public var description: String
    /// The declared unit (never `scalar` nor `boolean`); the formula's unit must match it.
    public var unit: Unit
    /// The formula as written (see ``FormulaParser``).
    public var formula: String
    /// The geography the formula is computed on natively.
    public var geography: Geography
    public var periods: Periods
    public var breakdown: Breakdown?
    public var compare: [Comparison]
    /// In increasing order of value.
    public var thresholds: [Threshold]
    public var direction: Direction
    /// Source note shown under charts.
    public var source: String
    public var chart: Chart
    /// The dashboard section the indicator belongs to, free text.
    public var section: String?
    /// Below this share of its territory covered by the data (weighted by what is measured), a
    /// value is no value: a file that covers a small part of a territory does not speak for it.
    public var minCoverage: Double
    /// The file, as shown in messages.
    public var path: String

    /// 95 %: what `min_coverage` is when an indicator does not say.
    public static let defaultMinCoverage = 0.95

    public init(id: String, title: String, description: String, unit: Unit, formula: String,
                geography: Geography, periods: Periods, breakdown: Breakdown? = nil,
                compare: [Comparison] = [], thresholds: [Threshold] = [], direction: Direction,
                source: String, chart: Chart, section: String? = nil, minCoverage: Double = defaultMinCoverage, path: String) {
        self.id = id
        self.title = title
        self.description = description
        self.unit = unit
        self.formula = formula
        self.geography = geography
        self.periods = periods
        self.breakdown = breakdown
        self.compare = compare
        self.thresholds = thresholds
        self.direction = direction
        self.source = source
        self.chart = chart
        self.section = section
        self.minCoverage = minCoverage
        self.path = path
    }

    /// Whether the indicator may give a table: it has a breakdown or a chart that shows tables.
    public var allowsTable: Bool { breakdown != nil || chart.showsTables }

    /// Whether `text` is a valid indicator id.
    public static func isValidID(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
