/// Vertical bars, one per category, from zero; value labels above each bar and `n.d.` where a
/// value is missing. Masked and approximate values are drawn distinctly (see ``DataStatus``).
///
/// ```swift
/// BarMark([DataPoint("2022", 1200), DataPoint("2023", nil), DataPoint("2024", nil, status: .masked(lower: 5, upper: 10))])
/// ```
public struct BarMark: Mark {
    /// The bars in display order.
    public var points: [DataPoint]
    /// Palette index of the colour.
    public var colorIndex: Int
    /// Prints the value above each bar.
    public var showsValues: Bool

    public init(_ points: [DataPoint], colorIndex: Int = 0, showsValues: Bool = true) {
        self.points = points
        self.colorIndex = colorIndex
        self.showsValues = showsValues
    }

    public var xDomain: ScaleDomain? { .categories(points.map(\.label), padding: 0.25) }
    public var yDomain: ScaleDomain? { .spanning(points.flatMap(\.measure.domainValues), includingZero: true) }

    public var summary: MarkSummary? {
        MarkSummary(kind: "Diagramme en barres", measures: points.map(\.measure))
    }

    public func legendEntries(palette: Palette) -> [LegendEntry] {
        LegendEntry.statusEntries(for: points.map(\.measure))
            + (points.contains { $0.measure.status == .none } ? [.missing] : [])
    }

    public func render(in context: PlotContext) -> [SVGNode] {
        guard let x = context.x?.band, let y = context.y?.linear else { return [] }
        let painter = BarPainter(orientation: .vertical, scale: y, hatchID: context.hatchID)
        let color = context.palette.color(colorIndex)
        let nodes = points.flatMap { point -> [SVGNode] in
            guard let band = x.position(of: point.label) else { return [] }
            var bar = painter.draw(point.measure, band: band, thickness: x.bandwidth, color: color)
            let top = painter.end(of: point.measure) ?? y(0)
            if showsValues || point.measure.status == .none {
                bar.append(SVGNode("text", ["x": band + x.bandwidth / 2, "y": min(top, y(0)) - 5, "text-anchor": "middle",
                                            "font-size": 11, "fill": point.measure.status == .none ? Palette.muted : Palette.ink],
                                   text: context.format.text(point.measure)))
            }
            return [.group(["class": "bar"], [SVGNode("title", text: point.label + "\u{00A0}: " + context.format.text(point.measure))] + bar)]
        }
        return [.group(["class": "bars"], nodes)]
    }
}
