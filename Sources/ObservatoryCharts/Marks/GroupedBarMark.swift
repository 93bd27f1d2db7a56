/// Vertical bars grouped by category, one bar per series side by side. Each series has a colour
/// and a shape; the shape is drawn above each bar so that groups read without colour.
///
/// ```swift
/// GroupedBarMark([Series("2023", [DataPoint("Industrie", 12)]), Series("2024", [DataPoint("Industrie", 14)])])
/// ```
public struct GroupedBarMark: Mark {
    /// The series, drawn left to right within each category.
    public var series: [Series]

    public init(_ series: [Series]) {
        self.series = series
    }

    /// Categories in first-seen order across series.
    public var categories: [String] { series.categories }

    public var xDomain: ScaleDomain? { .categories(categories, padding: 0.2) }
    public var yDomain: ScaleDomain? {
        .spanning(series.flatMap { $0.points.flatMap(\.measure.domainValues) }, includingZero: true)
    }

    public var summary: MarkSummary? {
        let points = series.flatMap(\.points)
        return MarkSummary(kind: "Barres groupées (\(series.count) séries)",
                           measures: points.map(\.measure))
    }

    public func legendEntries(palette: Palette) -> [LegendEntry] {
        let measures = series.flatMap { $0.points.map(\.measure) }
        return series.indices.map { LegendEntry(series[$0].name, swatch: .marker(palette.shape($0), color: palette.color($0), filled: true)) }
            + LegendEntry.statusEntries(for: measures) + (measures.contains { $0.status == .none } ? [.missing] : [])
    }

    public func render(in context: PlotContext) -> [SVGNode] {
        guard let x = context.x?.band, let y = context.y?.linear else { return [] }
        let painter = BarPainter(orientation: .vertical, scale: y, hatchID: context.hatchID)
        let groups = categories.compactMap { category -> SVGNode? in
            guard let start = x.position(of: category) else { return nil }
            let inner = BandScale(domain: series.map(\.name), range: (start, start + x.bandwidth), padding: 0.08, paddingOuter: 0)
            let bars = series.indices.flatMap { index -> [SVGNode] in
                let measure = series[index].measure(for: category) ?? Measure(nil)
                guard let band = inner.position(of: series[index].name) else { return [] }
                let color = context.palette.color(index)
                let center = band + inner.bandwidth / 2
                if measure.status == .none {
                    return [SVGNode("text", ["x": center, "y": y(0) - 5, "text-anchor": "middle", "font-size": 11,
                                             "fill": Palette.muted], text: "n.d.")]
                }
                let top = painter.end(of: measure) ?? y(0)
                let marker = context.palette.shape(index).node(x: center, y: min(top, y(0)) - 7,
                                                               size: min(8, inner.bandwidth), color: color)
                return [.group(["class": "bar"], [SVGNode("title", text: "\(series[index].name), \(category)\u{00A0}: \(context.format.text(measure))")]
                               + painter.draw(measure, band: band, thickness: inner.bandwidth, color: color) + [marker])]
            }
            return .group(["class": "group"], bars)
        }
        return [.group(["class": "grouped-bars"], groups)]
    }
}
