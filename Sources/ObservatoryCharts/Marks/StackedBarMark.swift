/// Vertical bars stacked by series within each category, with the total printed on top.
/// Segments carry their series shape in white when there is room; a masked segment is stacked at
/// its lower bound and hatched, an approximate one is pale with a dashed outline; a missing one
/// adds nothing (in both cases the total is prefixed with `≥`).
///
/// ```swift
/// StackedBarMark([Series("Hommes", [DataPoint("Tours", 120)]), Series("Femmes", [DataPoint("Tours", 140)])])
/// ```
public struct StackedBarMark: Mark {
    /// The series, stacked bottom to top in this order.
    public var series: [Series]

    public init(_ series: [Series]) {
        self.series = series
    }

    /// Categories in first-seen order across series.
    public var categories: [String] { series.categories }

    /// The stacked total of `category` (masked values at their lower bound), `nil` when all are missing.
    public func total(of category: String) -> Double? {
        let values = series.compactMap { $0.measure(for: category)?.solid }
        return values.isEmpty ? nil : values.reduce(0, +)
    }

    public var xDomain: ScaleDomain? { .categories(categories, padding: 0.3) }
    public var yDomain: ScaleDomain? { .spanning(categories.compactMap { total(of: $0) }, includingZero: true) }

    public var summary: MarkSummary? {
        let points = series.flatMap(\.points)
        return MarkSummary(kind: "Barres empilées (\(series.count) séries)",
                           measures: points.map(\.measure))
    }

    public func legendEntries(palette: Palette) -> [LegendEntry] {
        let measures = series.flatMap { $0.points.map(\.measure) }
        // Listed top to bottom, as the segments appear.
        return series.indices.reversed().map { LegendEntry(series[$0].name, swatch: .fill(color: palette.color($0), shape: palette.shape($0))) }
            + LegendEntry.statusEntries(for: measures).map { $0 == .masked ? .maskedStacked : $0 } + (measures.contains { $0.status == .none } ? [.missing] : [])
    }

    public func render(in context: PlotContext) -> [SVGNode] {
        guard let x = context.x?.band, let y = context.y?.linear else { return [] }
        let painter = BarPainter(orientation: .vertical, scale: y, hatchID: context.hatchID)
        let columns = categories.compactMap { category -> SVGNode? in
            guard let band = x.position(of: category) else { return nil }
            let center = band + x.bandwidth / 2
            var base = 0.0
            var nodes: [SVGNode] = []
            var incomplete = false
            for index in series.indices {
                let measure = series[index].measure(for: category) ?? Measure(nil)
                guard let height = measure.solid else { incomplete = true; continue }
                if case .masked = measure.status { incomplete = true }
                let color = context.palette.color(index)
                var segment: SVGNode
                switch measure.status {
                case .masked:
                    segment = painter.rect(base, base + height, band: band, thickness: x.bandwidth,
                                           ["fill": "url(#\(context.hatchID))", "stroke": color, "stroke-width": 1.5])
                case .approximate:
                    segment = painter.rect(base, base + height, band: band, thickness: x.bandwidth,
                                           ["fill": color, "fill-opacity": 0.3, "stroke": color, "stroke-width": 1.5,
                                            "stroke-dasharray": "4 2"])
                default:
                    segment = painter.rect(base, base + height, band: band, thickness: x.bandwidth, ["fill": color])
                }
                segment = segment.with("stroke", segment.attribute("stroke") ?? "#ffffff")
                var children = [SVGNode("title", text: "\(series[index].name), \(category)\u{00A0}: \(context.format.text(measure))"), segment]
                let pixels = abs(y(base) - y(base + height))
                if pixels >= 13 && x.bandwidth >= 13 && measure.status == .ok {
                    children.append(context.palette.shape(index).node(x: center, y: y(base + height / 2), size: 7, color: "#ffffff"))
                }
                nodes.append(.group(["class": "segment"], children))
                base += height
            }
            let totalText = total(of: category).map { (incomplete ? "≥\u{00A0}" : "") + context.format.text($0) } ?? "n.d."
            nodes.append(SVGNode("text", ["x": center, "y": y(base) - 5, "text-anchor": "middle", "font-size": 11,
                                          "fill": base == 0 ? Palette.muted : Palette.ink], text: totalText))
            return .group(["class": "stack"], nodes)
        }
        return [.group(["class": "stacked-bars"], columns)]
    }
}
