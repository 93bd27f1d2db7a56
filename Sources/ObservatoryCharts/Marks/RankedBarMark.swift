/// Horizontal bars sorted by value (largest first), with the value printed at the end of each
/// bar and the category label on the left, wrapped on two lines at most (full text in a
/// `<title>`). Rows are as tall as their labels need, so labels never overlap.
///
/// ```swift
/// RankedBarMark([DataPoint("Aides à domicile", 1520), DataPoint("Agents d'entretien", 980)])
/// ```
public struct RankedBarMark: Mark {
    /// The bars, in any order.
    public var points: [DataPoint]
    /// Maximum width of category labels before wrapping, in pixels.
    public var labelWidth: Double
    /// Palette index of the bar colour.
    public var colorIndex: Int
    /// Band padding (share of a row left empty).
    static let padding = 0.2

    public init(_ points: [DataPoint], labelWidth: Double = 180, colorIndex: Int = 0) {
        self.points = points
        self.labelWidth = labelWidth
        self.colorIndex = colorIndex
    }

    /// The points by decreasing value (masked ones by their lower bound), missing values last;
    /// ties keep their input order.
    public var ranked: [DataPoint] {
        points.enumerated().sorted { a, b in
            let va = a.element.measure.solid ?? -.infinity, vb = b.element.measure.solid ?? -.infinity
            return va != vb ? va > vb : a.offset < b.offset
        }.map(\.element)
    }

    public var xDomain: ScaleDomain? { .spanning(points.flatMap(\.measure.domainValues), includingZero: true) }
    public var yDomain: ScaleDomain? { .categories(ranked.map(\.label), padding: Self.padding) }

    /// Row step in pixels: two label lines need more room than one.
    var rowStep: Double {
        let lines = points.map { TextLayout.wrap($0.label, maxWidth: labelWidth).count }.max() ?? 1
        return max(26, Double(lines) * TextLayout.lineHeight + 12)
    }

    public func layout(x: ScaleDomain?, y: ScaleDomain?, format: ValueFormat) -> LayoutNeeds {
        let widestLabel = points.map { TextLayout.width($0.label) }.max() ?? 0
        let widestValue = points.map { TextLayout.width(format.text($0.measure), size: 11) }.max() ?? 0
        return LayoutNeeds(left: min(widestLabel, labelWidth) + 20, right: widestValue + BarPainter.openEnd + 12,
                           plotHeight: BandScale.length(count: points.count, step: rowStep, padding: Self.padding))
    }

    public var summary: MarkSummary? {
        MarkSummary(kind: "Barres horizontales classées", measures: points.map(\.measure))
    }

    public func legendEntries(palette: Palette) -> [LegendEntry] {
        LegendEntry.statusEntries(for: points.map(\.measure))
            + (points.contains { $0.measure.status == .none } ? [.missing] : [])
    }

    public func render(in context: PlotContext) -> [SVGNode] {
        guard let x = context.x?.linear, let y = context.y?.band else { return [] }
        let painter = BarPainter(orientation: .horizontal, scale: x, hatchID: context.hatchID)
        let color = context.palette.color(colorIndex)
        let rows = ranked.compactMap { point -> SVGNode? in
            guard let band = y.position(of: point.label) else { return nil }
            let center = band + y.bandwidth / 2
            let end = painter.end(of: point.measure) ?? x(0)
            let value = SVGNode("text", ["x": max(end, x(0)) + 5, "y": center + 4, "font-size": 11,
                                         "fill": point.measure.status == .none ? Palette.muted : Palette.ink],
                                text: context.format.text(point.measure))
            let label = TextLayout.wrappedLabel(point.label, x: context.left - 8, y: center, maxWidth: labelWidth)
            return .group(["class": "row"], [label] + painter.draw(point.measure, band: band, thickness: y.bandwidth,
                                                                  color: color) + [value])
        }
        let zero = SVGNode("line", ["x1": x(0), "y1": context.top, "x2": x(0), "y2": context.bottom, "stroke": Palette.muted])
        return [.group(["class": "ranked-bars"], rows + [zero])]
    }
}
