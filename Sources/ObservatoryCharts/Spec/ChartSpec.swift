import ObservatoryCore

/// A chart described as data: its kind, texts, format and series. It is what dashboards store in
/// their JSON, what the chart benchmark hands to every renderer (this kit, matplotlib,
/// Vega-Lite), and ``chart()`` turns it into a ``Chart``. It knows nothing of labour markets.
public struct ChartSpec: Sendable, Hashable, Codable {
    /// The drawing, by the mark it uses.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Time series, one line each (``LineMark``).
        case line
        /// Vertical bars, one per category of the first series (``BarMark``).
        case bar
        /// Horizontal bars sorted by value with wrapped labels (``RankedBarMark``).
        case rankedBar = "ranked_bar"
        /// Categories × series (``GroupedBarMark``).
        case groupedBar = "grouped_bar"
        /// Categories, series stacked (``StackedBarMark``).
        case stackedBar = "stacked_bar"
        /// The first series against the others, a row per category (``DotMark``).
        case dot
        /// Each time series from its first period to its last (``SlopeMark``).
        case slope
        /// The first time series, compact (``Sparkline``).
        case sparkline
        /// Rows are series, columns are categories (``HeatTable``).
        case heatTable = "heat_table"
        /// Links from each point's label to its target (``PasserelleMark``).
        case passerelles
    }

    /// How values are printed.
    public enum Format: String, Sendable, Hashable, Codable {
        case number, percent, signed
    }

    /// One value: a category label or a period, the value and how to read it.
    public struct Point: Sendable, Hashable, Codable {
        /// The category (absent for time points).
        public var label: String?
        /// The period, canonical text (`2023-T3`; absent for category points).
        public var period: Period?
        /// The value drawn: the value when known, else `nil`.
        public var value: Double?
        /// `ok`, `masked`, `approximate` or `no_value`.
        public var status: Status
        /// For masked values: the bounds known.
        public var lower: Double?
        public var upper: Double?
        /// For a link (``Kind/passerelles``): where it leads; the label is where it starts.
        public var target: String?

        public enum Status: String, Sendable, Hashable, Codable {
            case ok, masked, approximate
            case noValue = "no_value"
        }

        public init(label: String? = nil, period: Period? = nil, value: Double?, status: Status,
                    lower: Double? = nil, upper: Double? = nil, target: String? = nil) {
            self.target = target
            self.label = label
            self.period = period
            self.value = value
            self.status = status
            self.lower = lower
            self.upper = upper
        }

        /// The kit's own status for the point.
        public var dataStatus: DataStatus {
            switch status {
            case .ok: value == nil ? .none : .ok
            case .approximate: value == nil ? .none : .approximate
            case .noValue: .none
            case .masked: .masked(lower: lower ?? value ?? 0, upper: upper)
            }
        }
    }

    /// A named list of points.
    public struct SeriesSpec: Sendable, Hashable, Codable {
        public var name: String
        public var points: [Point]

        public init(name: String, points: [Point]) {
            self.name = name
            self.points = points
        }
    }

    public var kind: Kind
    public var title: String
    public var subtitle: String?
    public var unitLabel: String?
    public var format: Format
    public var decimals: Int
    public var source: String?
    public var vintage: String?
    public var width: Double
    public var height: Double
    /// The series; for ``Kind/dot`` the first is the subject, for ``Kind/heatTable`` each is a row.
    public var series: [SeriesSpec]
    /// For ``Kind/heatTable``: the columns' formats (a column not listed takes the chart's).
    public var columnFormats: [ColumnFormat]?

    /// A heat-table column's format.
    public struct ColumnFormat: Sendable, Hashable, Codable {
        public var label: String
        public var format: Format
        public var decimals: Int
        public init(label: String, format: Format, decimals: Int) {
            self.label = label
            self.format = format
            self.decimals = decimals
        }
    }
    /// Element id prefix, unique on a page.
    public var id: String?
    /// For ``Kind/line``: vertical rules at periods (a follow-up's start, its meetings); `nil` without.
    public var rules: [RuleSpec]?

    /// A labelled vertical rule at a period.
    public struct RuleSpec: Sendable, Hashable, Codable {
        public var period: Period
        public var label: String
        /// `solid` (a start) or `dashed` (a meeting).
        public var style: String

        public init(period: Period, label: String, style: String) {
            self.period = period
            self.label = label
            self.style = style
        }
    }

    public init(kind: Kind, title: String, subtitle: String? = nil, unitLabel: String? = nil,
                format: Format = .number, decimals: Int = 0, source: String? = nil, vintage: String? = nil,
                width: Double = 640, height: Double = 360, series: [SeriesSpec],
                columnFormats: [ColumnFormat]? = nil, id: String? = nil, rules: [RuleSpec]? = nil) {
        self.rules = rules
        self.kind = kind
        self.title = title
        self.subtitle = subtitle
        self.unitLabel = unitLabel
        self.format = format
        self.decimals = decimals
        self.source = source
        self.vintage = vintage
        self.width = width
        self.height = height
        self.series = series
        self.columnFormats = columnFormats
        self.id = id
    }

    /// The value format of the kit.
    public var valueFormat: ValueFormat { Self.valueFormat(format, decimals) }

    static func valueFormat(_ format: Format, _ decimals: Int) -> ValueFormat {
        switch format {
        case .number: .number(decimals: decimals)
        case .percent: .percent(decimals: decimals)
        case .signed: .signed(decimals: decimals)
        }
    }

    /// The number of values drawn.
    public var pointCount: Int { series.reduce(0) { $0 + $1.points.count } }

    private func dataPoints(_ series: SeriesSpec) -> [DataPoint] {
        series.points.map { DataPoint($0.label ?? $0.period?.frenchLabel ?? "", $0.value, status: $0.dataStatus) }
    }

    private func timeSeries(_ series: SeriesSpec) -> TimeSeries {
        TimeSeries(series.name, series.points.compactMap { point in
            point.period.map { TimePoint($0, point.value, status: point.dataStatus) }
        })
    }

    /// The chart this spec describes.
    /// Points past which a line chart marks only its approximate, masked and isolated points.
    public static let denseSeries = 40

    public func chart() -> Chart {
        let footer = source.map { ChartFooter(source: $0, vintage: vintage) }
        let categorySeries = series.map { Series($0.name, dataPoints($0)) }
        let compact = kind == .sparkline
        let margins = compact ? ChartMargins(top: 2, right: 4, bottom: 2, left: 4) : ChartMargins()
        return Chart(title: title, subtitle: subtitle, unitLabel: unitLabel, footer: footer, width: width, height: height,
                     margins: margins, format: valueFormat, isCompact: compact, id: id) {
            switch kind {
            case .line:
                AxisX()
                AxisY()
                // Past 40 points a series (ten years of quarters) is read as a line: exact
                // points lose their markers, the others keep theirs.
                LineMark(series.map(timeSeries), markers: series.contains { $0.points.count > Self.denseSeries } ? .unusual : .every)
                if let rules, !rules.isEmpty {
                    RuleMark(rules.map { RuleMark.Rule($0.period, label: $0.label, style: $0.style == "solid" ? .solid : .dashed) })
                }
            case .bar:
                AxisY()
                AxisX()
                BarMark(categorySeries.first?.points ?? [])
            case .rankedBar:
                RankedBarMark(categorySeries.first?.points ?? [], labelWidth: 220)
            case .groupedBar:
                AxisY()
                AxisX()
                GroupedBarMark(categorySeries)
            case .stackedBar:
                AxisY()
                AxisX()
                StackedBarMark(categorySeries)
            case .dot:
                AxisX(grid: true)
                DotMark(subject: categorySeries.first ?? Series("", []), references: Array(categorySeries.dropFirst()),
                        labelWidth: 200)
            case .slope:
                AxisX()
                SlopeMark(from: firstPeriod ?? .year(2000), to: lastPeriod ?? .year(2000), series.map(timeSeries))
            case .sparkline:
                Sparkline(series.first.map(timeSeries)?.points ?? [])
            case .heatTable:
                HeatTable(columns: heatColumns, rows: categorySeries)
            case .passerelles:
                PasserelleMark((series.first?.points ?? []).map { point in
                    PasserelleMark.Link(from: point.label ?? "", to: point.target ?? "", measure: Measure(point.value, status: point.dataStatus))
                })
            }
        }
    }

    private var periods: [Period] { series.flatMap { $0.points.compactMap(\.period) } }
    private var firstPeriod: Period? { periods.min() }
    private var lastPeriod: Period? { periods.max() }

    private var heatColumns: [HeatTable.Column] {
        var seen: Set<String> = []
        let labels = series.flatMap { $0.points.compactMap(\.label) }.filter { seen.insert($0).inserted }
        return labels.map { label in
            HeatTable.Column(label, format: columnFormats?.first { $0.label == label }.map { Self.valueFormat($0.format, $0.decimals) })
        }
    }

    /// The SVG text.
    public func render() -> String { chart().render() }
}
