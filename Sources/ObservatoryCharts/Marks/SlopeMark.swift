import ObservatoryCore

/// A slope chart between two periods (e.g. 2023 → 2024): one line per series, values printed at
/// both ends and the series name at the right end, labels moved apart so they never overlap.
/// A line touching an approximate or masked value is dashed, its marker hollow.
///
/// ```swift
/// SlopeMark(from: .year(2023), to: .year(2024), [TimeSeries("Tours", [TimePoint(.year(2023), 7.2), TimePoint(.year(2024), 6.9)])])
/// ```
public struct SlopeMark: Mark {
    /// The two periods compared.
    public var from: Period, to: Period
    /// The series; points at other periods are ignored.
    public var series: [TimeSeries]

    public init(from: Period, to: Period, _ series: [TimeSeries]) {
        self.from = from
        self.to = to
        self.series = series
    }

    func measure(_ series: TimeSeries, at period: Period) -> Measure {
        series.points.first(where: { $0.period == period })?.measure ?? Measure(nil)
    }

    var measures: [Measure] { series.flatMap { [measure($0, at: from), measure($0, at: to)] } }

    public var xDomain: ScaleDomain? { .periods([from, to]) }
    public var yDomain: ScaleDomain? { .spanning(measures.compactMap(\.solid)) }

    public func layout(x: ScaleDomain?, y: ScaleDomain?, format: ValueFormat) -> LayoutNeeds {
        let left = series.map { TextLayout.width(format.text(measure($0, at: from)), size: 11) }.max() ?? 0
        let right = series.map { TextLayout.width(format.text(measure($0, at: to)) + "  " + $0.name, size: 11) }.max() ?? 0
        return LayoutNeeds(left: left + 16, right: right + 14, top: 4)
    }

    public var summary: MarkSummary? {
        MarkSummary(kind: "Pente de \(from.frenchLabel) à \(to.frenchLabel) (\(series.count) séries)",
                    measures: measures)
    }

    public func legendEntries(palette: Palette) -> [LegendEntry] {
        LegendEntry.statusEntries(for: measures, markers: true)
    }

    public func render(in context: PlotContext) -> [SVGNode] {
        guard let x = context.x?.time, let y = context.y?.linear else { return [] }
        let x0 = x(from), x1 = x(to)
        let bounds = context.top...(context.bottom + 6)
        let startY = TextLayout.dodge(series.map { measure($0, at: from).solid.map { y($0) } ?? context.bottom },
                                      gap: 14, within: bounds)
        let endY = TextLayout.dodge(series.map { measure($0, at: to).solid.map { y($0) } ?? context.bottom },
                                    gap: 14, within: bounds)
        var nodes: [SVGNode] = [
            SVGNode("line", ["x1": x0, "y1": context.top, "x2": x0, "y2": context.bottom, "stroke": Palette.grid]),
            SVGNode("line", ["x1": x1, "y1": context.top, "x2": x1, "y2": context.bottom, "stroke": Palette.grid]),
        ]
        for index in series.indices {
            let color = context.palette.color(index), shape = context.palette.shape(index)
            let a = measure(series[index], at: from), b = measure(series[index], at: to)
            var line: [SVGNode] = [SVGNode("title", text: "\(series[index].name)\u{00A0}: \(context.format.text(a)) → \(context.format.text(b))")]
            if let va = a.solid, let vb = b.solid {
                let dashed = a.status != .ok || b.status != .ok
                line.append(SVGNode("line", ["x1": x0, "y1": y(va), "x2": x1, "y2": y(vb), "stroke": color, "stroke-width": 2,
                                             "stroke-dasharray": dashed ? "4 3" : "none"]))
            }
            for (m, px) in [(a, x0), (b, x1)] {
                if let v = m.solid { line.append(shape.node(x: px, y: y(v), size: 8, color: color, filled: m.status == .ok)) }
            }
            line.append(SVGNode("text", ["x": x0 - 8, "y": startY[index] + 4, "text-anchor": "end", "font-size": 11,
                                         "fill": Palette.ink], text: context.format.text(a)))
            line.append(SVGNode("text", ["x": x1 + 8, "y": endY[index] + 4, "font-size": 11, "fill": Palette.ink],
                                text: context.format.text(b) + "\u{00A0}\u{00A0}" + series[index].name))
            nodes.append(.group(["class": "slope", "data-series": series[index].name], line))
        }
        return [.group(["class": "slopes"], nodes)]
    }
}
