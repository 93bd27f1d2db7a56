extension Chart {
    /// The complete SVG document: `<svg role="img">` with `<title>` and `<desc>` first.
    /// Identical input gives identical bytes.
    public func render() -> String {
        renderNode().render()
    }

    /// The SVG tree, for callers that embed or inspect it.
    public func renderNode() -> SVGNode {
        let (xDomain, yDomain) = domains
        let needs = marks.reduce(LayoutNeeds()) { $0.union($1.layout(x: xDomain, y: yDomain, format: format)) }

        // Header, top to bottom.
        var header: [SVGNode] = []
        var cursor = margins.top
        if !isCompact {
            cursor += 16
            header.append(SVGNode("text", ["x": margins.left, "y": cursor, "font-size": 16, "font-weight": "bold",
                                           "fill": Palette.ink], text: title))
            if let subtitle {
                cursor += 18
                header.append(SVGNode("text", ["x": margins.left, "y": cursor, "font-size": 12,
                                               "fill": Palette.muted], text: subtitle))
            }
            if let unitLabel {
                cursor += 20
                header.append(SVGNode("text", ["x": margins.left, "y": cursor, "font-size": 11,
                                               "fill": Palette.muted], text: unitLabel))
            }
            cursor += 10
        }
        let plotTop = cursor + needs.top
        let plotLeft = max(margins.left, needs.left)
        let plotWidth = max(10, width - plotLeft - max(margins.right, needs.right))

        let legend = Legend(entries: isCompact ? [] : legendEntries, maxWidth: width - 2 * margins.left)
        // A long source note wraps (up to three lines) instead of running off the chart.
        let footerLines = isCompact ? [] : footer.map { TextLayout.wrap($0.text, maxWidth: width - margins.left - margins.right,
                                                                         maxLines: 3, size: 11) } ?? []
        let footerHeight: Double = footerLines.isEmpty ? 0 : 18 + Double(footerLines.count - 1) * 13
        let below = needs.bottom + (legend.height > 0 ? legend.height + 8 : 0) + footerHeight + margins.bottom
        let plotHeight = needs.plotHeight ?? max(10, height - plotTop - below)
        let totalHeight = needs.plotHeight == nil ? height : plotTop + plotHeight + below

        let context = PlotContext(
            x: Self.scale(xDomain, from: plotLeft, to: plotLeft + plotWidth, inset: 12),
            y: Self.scale(yDomain, from: plotTop + plotHeight, to: plotTop, inset: 8),
            left: plotLeft, top: plotTop, width: plotWidth, height: plotHeight,
            format: format, palette: palette, idPrefix: id)

        var body: [SVGNode] = [
            SVGNode("title", ["id": id + "-title"], text: title),
            SVGNode("desc", ["id": id + "-desc"], text: summaryText),
            SVGNode("defs", children: [BarPainter.hatchPattern(id: context.hatchID)]),
            SVGNode("rect", ["width": width, "height": totalHeight, "fill": "#ffffff"]),
        ]
        body += header
        body.append(.group(["class": "plot"], marks.flatMap { $0.render(in: context) }))
        var y = plotTop + plotHeight + needs.bottom + 8
        if legend.height > 0 {
            body.append(legend.render(left: margins.left, top: y, hatchID: context.hatchID))
            y += legend.height
        }
        if footerLines.count == 1 {
            body.append(SVGNode("text", ["x": margins.left, "y": y + 12, "font-size": 11, "fill": Palette.muted],
                                text: footerLines[0]))
        } else if !footerLines.isEmpty {
            body.append(SVGNode("text", ["font-size": 11, "fill": Palette.muted], children: footerLines.enumerated().map { index, line in
                SVGNode("tspan", ["x": margins.left, "y": y + 12 + Double(index) * 13], text: line)
            }))
        }
        return SVGNode("svg", [
            "xmlns": "http://www.w3.org/2000/svg", "width": width, "height": totalHeight,
            "viewBox": "0 0 \(SVGNumber.format(width)) \(SVGNumber.format(totalHeight))",
            "role": "img", "aria-labelledby": "\(id)-title \(id)-desc",
            "font-family": "'Helvetica Neue', Arial, 'Liberation Sans', sans-serif",
        ], children: body)
    }

    /// A finished scale for a merged domain over a pixel interval; time scales keep an inset
    /// so that the first and last points are not on the edge.
    static func scale(_ domain: ScaleDomain?, from start: Double, to end: Double, inset: Double) -> PositionScale? {
        switch domain {
        case .values(let range)?:
            return .linear(LinearScale(domain: range, range: (start, end)))
        case .categories(let labels, let padding)?:
            let (a, b) = start < end ? (start, end) : (end, start)
            return .band(BandScale(domain: labels, range: (a, b), padding: padding))
        case .periods(let periods)?:
            let direction: Double = end > start ? 1 : -1
            return .time(TimeScale(periods: periods, range: (start + direction * inset, end - direction * inset)))
        case nil:
            return nil
        }
    }
}
