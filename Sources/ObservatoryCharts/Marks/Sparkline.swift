/// A small line without axes, for tables and cards: gaps where values are missing, a dot and the
/// value on the last point. Use it in a compact ``Chart`` (`isCompact: true`, e.g. 160 × 40).
///
/// ```swift
/// Chart(title: "Demandeurs d'emploi, Tours", width: 160, height: 40, isCompact: true) { Sparkline(points) }
/// ```
public struct Sparkline: Mark {
    /// The points, in any order.
    public var points: [TimePoint]
    /// Prints the last value at the right end.
    public var showsLastValue: Bool

    public init(_ points: [TimePoint], showsLastValue: Bool = true) {
        self.points = points
        self.showsLastValue = showsLastValue
    }

    var line: LineMark { LineMark([TimeSeries("", points)], markers: .isolated) }

    public var xDomain: ScaleDomain? { line.xDomain }
    public var yDomain: ScaleDomain? { line.yDomain }

    public func layout(x: ScaleDomain?, y: ScaleDomain?, format: ValueFormat) -> LayoutNeeds {
        let last = points.sorted { $0.period < $1.period }.last { $0.measure.value != nil }
        let width = showsLastValue ? last.map { TextLayout.width(format.text($0.measure), size: 11) + 6 } ?? 0 : 0
        return LayoutNeeds(right: width, top: 4, bottom: 4)
    }

    public var summary: MarkSummary? {
        line.summary.map { summary in
            var miniature = summary
            miniature.kind = "Courbe miniature"
            return miniature
        }
    }

    public func render(in context: PlotContext) -> [SVGNode] {
        var nodes = line.render(in: context)
        guard let x = context.x?.time, let y = context.y?.linear,
              let last = points.sorted(by: { $0.period < $1.period }).last(where: { $0.measure.value != nil }),
              let value = last.measure.value else { return nodes }
        let color = context.palette.color(0)
        nodes.append(SVGNode("circle", ["cx": x(last.period), "cy": y(value), "r": 2.5, "fill": color]))
        if showsLastValue {
            nodes.append(SVGNode("text", ["x": x(last.period) + 5, "y": min(max(y(value) + 4, context.top + 11), context.bottom),
                                          "font-size": 11, "fill": Palette.ink], text: context.format.text(last.measure)))
        }
        return [.group(["class": "sparkline"], nodes)]
    }
}
