/// A lollipop per row for the subject (a stem from zero to a filled circle, value printed at the
/// right), with reference values on the same row, each reference its own shape and colour —
/// e.g. a territory against its département, région and France.
///
/// ```swift
/// DotMark(subject: Series("Tours", [DataPoint("Chômage", 7.1)]),
///         references: [Series("Indre-et-Loire", [DataPoint("Chômage", 6.8)]), Series("France", [DataPoint("Chômage", 7.3)])])
/// ```
public struct DotMark: Mark {
    /// The territory in focus; its labels give the rows.
    public var subject: Series
    /// The comparison values, drawn with shapes 2, 3, 4… of the palette.
    public var references: [Series]
    /// Maximum width of row labels before wrapping, in pixels.
    public var labelWidth: Double
    static let padding = 0.1

    public init(subject: Series, references: [Series], labelWidth: Double = 160) {
        self.subject = subject
        self.references = references
        self.labelWidth = labelWidth
    }

    var all: [Series] { [subject] + references }

    public var xDomain: ScaleDomain? { .spanning(all.flatMap { $0.points.flatMap(\.measure.domainValues) }, includingZero: true) }
    public var yDomain: ScaleDomain? { .categories(subject.points.map(\.label), padding: Self.padding) }

    var rowStep: Double {
        let lines = subject.points.map { TextLayout.wrap($0.label, maxWidth: labelWidth).count }.max() ?? 1
        return max(30, Double(lines) * TextLayout.lineHeight + 14)
    }

    public func layout(x: ScaleDomain?, y: ScaleDomain?, format: ValueFormat) -> LayoutNeeds {
        let widestLabel = subject.points.map { TextLayout.width($0.label) }.max() ?? 0
        let widestValue = subject.points.map { TextLayout.width(format.text($0.measure), size: 11, bold: true) }.max() ?? 0
        return LayoutNeeds(left: min(widestLabel, labelWidth) + 20, right: widestValue + 20,
                           plotHeight: BandScale.length(count: subject.points.count, step: rowStep, padding: Self.padding))
    }

    public var summary: MarkSummary? {
        let points = all.flatMap(\.points)
        return MarkSummary(kind: "Points comparés à \(references.count) référence\(references.count > 1 ? "s" : "")",
                           measures: points.map(\.measure))
    }

    public func legendEntries(palette: Palette) -> [LegendEntry] {
        all.indices.map { LegendEntry(all[$0].name, swatch: .marker(palette.shape($0), color: palette.color($0), filled: true)) }
            + LegendEntry.statusEntries(for: all.flatMap { $0.points.map(\.measure) }, markers: true)
            + (subject.points.contains { $0.measure.status == .none } ? [.missing] : [])
    }

    public func render(in context: PlotContext) -> [SVGNode] {
        guard let x = context.x?.linear, let y = context.y?.band else { return [] }
        let rows = subject.points.compactMap { point -> SVGNode? in
            guard let center = y.center(of: point.label) else { return nil }
            var nodes = [TextLayout.wrappedLabel(point.label, x: context.left - 8, y: center, maxWidth: labelWidth),
                         SVGNode("line", ["x1": context.left, "y1": center, "x2": context.right, "y2": center,
                                          "stroke": "#eeeeee"])]
            for index in all.indices {
                guard let measure = all[index].measure(for: point.label) else { continue }
                nodes += marker(measure, series: index, y: center, x: x, context: context)
            }
            nodes.append(SVGNode("text", ["x": context.right + 8, "y": center + 4, "font-size": 11, "font-weight": "bold",
                                          "fill": point.measure.status == .none ? Palette.muted : Palette.ink],
                                 text: context.format.text(point.measure)))
            return .group(["class": "row"], nodes)
        }
        let zero = SVGNode("line", ["x1": x(0), "y1": context.top, "x2": x(0), "y2": context.bottom, "stroke": Palette.muted])
        return [.group(["class": "dots"], [zero] + rows)]
    }

    private func marker(_ measure: Measure, series index: Int, y: Double, x: LinearScale, context: PlotContext) -> [SVGNode] {
        let color = context.palette.color(index), shape = context.palette.shape(index)
        let size: Double = index == 0 ? 11 : 9
        let title = SVGNode("title", text: "\(all[index].name)\u{00A0}: \(context.format.text(measure))")
        var nodes: [SVGNode] = []
        switch measure.status {
        case .ok, .approximate:
            guard let value = measure.value else { return [] }
            if index == 0 {
                nodes.append(SVGNode("line", ["x1": x(0), "y1": y, "x2": x(value), "y2": y, "stroke": color, "stroke-width": 2]))
            }
            nodes.append(shape.node(x: x(value), y: y, size: size, color: color, filled: measure.status == .ok))
        case .masked(let lower, let upper):
            let end = upper.map { x($0) } ?? x(lower) + BarPainter.openEnd
            nodes.append(SVGNode("line", ["x1": x(lower), "y1": y, "x2": end, "y2": y, "stroke": color,
                                          "stroke-width": 2, "stroke-dasharray": "2 2"]))
            nodes.append(shape.node(x: x(lower), y: y, size: size, color: color, filled: false))
        case .none:
            return []
        }
        return [.group(["class": index == 0 ? "subject" : "reference"], [title] + nodes)]
    }
}
