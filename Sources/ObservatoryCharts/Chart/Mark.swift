/// A layer of a chart: reports what it needs of the scales, then draws with the finished scales.
public protocol Mark: Sendable {
    /// The domain this mark needs on x, or `nil` when it does not use x.
    var xDomain: ScaleDomain? { get }
    /// The domain this mark needs on y, or `nil` when it does not use y.
    var yDomain: ScaleDomain? { get }
    /// Space the mark needs around or inside the plot, knowing the merged domains.
    func layout(x: ScaleDomain?, y: ScaleDomain?, format: ValueFormat) -> LayoutNeeds
    /// Legend entries this mark contributes (series, and masked/approximate explanations).
    func legendEntries(palette: Palette) -> [LegendEntry]
    /// What the mark shows, for the chart's `<desc>`; `nil` for axes.
    var summary: MarkSummary? { get }
    /// The SVG of the mark, drawn with the chart's finished scales.
    func render(in context: PlotContext) -> [SVGNode]
}

extension Mark {
    public func layout(x: ScaleDomain?, y: ScaleDomain?, format: ValueFormat) -> LayoutNeeds { LayoutNeeds() }
    public func legendEntries(palette: Palette) -> [LegendEntry] { [] }
    public var summary: MarkSummary? { nil }
}

/// Space a mark asks for; the chart takes the maximum over all marks.
public struct LayoutNeeds: Sendable, Equatable {
    /// Pixels left of the plot (labels), right of it, above it (headers) and below it (axis).
    public var left: Double, right: Double, top: Double, bottom: Double
    /// A fixed plot height (rows sized to their labels), or `nil` to use the chart's height.
    public var plotHeight: Double?

    public init(left: Double = 0, right: Double = 0, top: Double = 0, bottom: Double = 0, plotHeight: Double? = nil) {
        self.left = left
        self.right = right
        self.top = top
        self.bottom = bottom
        self.plotHeight = plotHeight
    }

    /// The element-wise maximum of two needs.
    public func union(_ other: LayoutNeeds) -> LayoutNeeds {
        LayoutNeeds(left: max(left, other.left), right: max(right, other.right), top: max(top, other.top),
                     bottom: max(bottom, other.bottom),
                     plotHeight: [plotHeight, other.plotHeight].compactMap { $0 }.max())
    }
}

/// What a mark shows, summarised in the chart's `<desc>`.
public struct MarkSummary: Sendable, Equatable {
    /// The chart kind in French, such as `Courbe` or `Barres horizontales classées`.
    public var kind: String
    /// The values drawn (bounds of masked values excluded).
    public var values: [Double]
    /// How many data the mark shows, `nil` values included.
    public var count: Int
    /// The masked values' bounds, `(lower, upper)`, `upper` `nil` when unbounded.
    public var maskedBounds: [(lower: Double, upper: Double?)] = []

    public init(kind: String, values: [Double], count: Int) {
        self.kind = kind
        self.values = values
        self.count = count
    }

    /// From the measures drawn: their values, and the bounds of the masked ones.
    public init(kind: String, measures: [Measure], count: Int? = nil) {
        self.init(kind: kind, values: measures.compactMap { $0.status == .none ? nil : $0.value }, count: count ?? measures.count)
        maskedBounds = measures.compactMap { measure in
            if case .masked(let lower, let upper) = measure.status { return (lower, upper) }
            return nil
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.kind == rhs.kind && lhs.values == rhs.values && lhs.count == rhs.count
            && lhs.maskedBounds.map(\.lower) == rhs.maskedBounds.map(\.lower) && lhs.maskedBounds.map(\.upper) == rhs.maskedBounds.map(\.upper)
    }
}

/// Everything a mark needs to draw: finished scales, the plot frame, format, palette and ids.
public struct PlotContext: Sendable {
    /// The finished x and y scales, `nil` when no mark asked for that channel.
    public let x: PositionScale?, y: PositionScale?
    /// The plot frame in pixels.
    public let left: Double, top: Double, width: Double, height: Double
    /// How values are printed.
    public let format: ValueFormat
    /// Series colours and shapes.
    public let palette: Palette
    /// The id prefix of this chart, so several charts can share one HTML page.
    public let idPrefix: String

    /// The right edge of the plot.
    public var right: Double { left + width }
    /// The bottom edge of the plot.
    public var bottom: Double { top + height }
    /// The id of the hatch pattern used for masked values.
    public var hatchID: String { idPrefix + "-hatch" }
}
