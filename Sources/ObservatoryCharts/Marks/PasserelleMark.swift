/// A passerelle diagram: categories of origin on the left, destinations on the right, one link
/// per passerelle whose thickness grows with its value, the value printed at the destination
/// end. Each link carries a `<title>` (`A → B : 22,2 %`) so that every value stays readable.
///
/// ```swift
/// PasserelleMark([.init(from: "Secrétaire", to: "Secrétaire technique", point: DataPoint("", 13.7))])
/// ```
public struct PasserelleMark: Mark {
    /// One passerelle.
    public struct Link: Sendable, Hashable {
        public var from: String
        public var to: String
        /// The value and its status (the label of the point is not used).
        public var measure: Measure

        public init(from: String, to: String, measure: Measure) {
            self.from = from
            self.to = to
            self.measure = measure
        }
    }

    public var links: [Link]
    /// Width of each column of labels before wrapping, in pixels.
    public var labelWidth: Double
    static let rowStep: Double = 34

    public init(_ links: [Link], labelWidth: Double = 190) {
        self.links = links
        self.labelWidth = labelWidth
    }

    var sources: [String] { unique(links.map(\.from)) }
    var targets: [String] { unique(links.map(\.to)) }

    private func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }

    public var xDomain: ScaleDomain? { nil }
    public var yDomain: ScaleDomain? { nil }

    public func layout(x: ScaleDomain?, y: ScaleDomain?, format: ValueFormat) -> LayoutNeeds {
        let rows = Double(max(sources.count, targets.count, 1))
        return LayoutNeeds(left: labelWidth + 14, right: labelWidth + 14, top: 18, plotHeight: rows * Self.rowStep)
    }

    public var summary: MarkSummary? {
        MarkSummary(kind: "Passerelles entre métiers", measures: links.map(\.measure))
    }

    public func legendEntries(palette: Palette) -> [LegendEntry] {
        LegendEntry.statusEntries(for: links.map(\.measure))
    }

    public func render(in context: PlotContext) -> [SVGNode] {
        let sources = self.sources, targets = self.targets
        func rowY(_ index: Int, of count: Int) -> Double {
            // Each column is centred vertically in the plot.
            let offset = (context.height - Double(count) * Self.rowStep) / 2
            return context.top + offset + (Double(index) + 0.5) * Self.rowStep
        }
        let maximum = links.compactMap { $0.measure.solid }.max() ?? 1
        let color = context.palette.color(0)
        let left = context.left, right = context.right
        var nodes: [SVGNode] = [
            SVGNode("text", ["x": left - 8, "y": context.top - 6, "text-anchor": "end", "font-size": 11, "font-weight": "bold",
                             "fill": Palette.muted], text: "Métier d'origine"),
            SVGNode("text", ["x": right + 8, "y": context.top - 6, "font-size": 11, "font-weight": "bold",
                             "fill": Palette.muted], text: "Métier en tension"),
        ]
        for link in links.sorted(by: { ($0.measure.solid ?? -1) < ($1.measure.solid ?? -1) }) {
            guard let i = sources.firstIndex(of: link.from), let j = targets.firstIndex(of: link.to) else { continue }
            let y1 = rowY(i, of: sources.count), y2 = rowY(j, of: targets.count)
            let share = max(0, (link.measure.solid ?? 0) / max(maximum, 1e-9))
            let middle = (left + right) / 2
            let path = "M\(SVGNumber.format(left)) \(SVGNumber.format(y1)) C\(SVGNumber.format(middle)) \(SVGNumber.format(y1)) "
                + "\(SVGNumber.format(middle)) \(SVGNumber.format(y2)) \(SVGNumber.format(right)) \(SVGNumber.format(y2))"
            var stroke = SVGNode("path", ["d": path, "fill": "none", "stroke": color, "stroke-width": 1.5 + 7 * share,
                                          "stroke-opacity": 0.35 + 0.5 * share, "stroke-linecap": "round"])
            switch link.measure.status {
            case .approximate: stroke = stroke.with("stroke-dasharray", "6 3")
            case .masked: stroke = stroke.with("stroke-dasharray", "2 3")
            case .none: stroke = stroke.with("stroke", Palette.muted).with("stroke-dasharray", "1 4")
            case .ok: break
            }
            let text = "\(link.from) → \(link.to) : \(context.format.text(link.measure))"
            nodes.append(.group(["class": "passerelle"], [SVGNode("title", text: text), stroke]))
        }
        for (index, name) in sources.enumerated() {
            let y = rowY(index, of: sources.count)
            nodes.append(SVGNode("circle", ["cx": left, "cy": y, "r": 4, "fill": Palette.ink]))
            nodes.append(TextLayout.wrappedLabel(name, x: left - 10, y: y, maxWidth: labelWidth))
        }
        for (index, name) in targets.enumerated() {
            let y = rowY(index, of: targets.count)
            let best = links.filter { $0.to == name }.compactMap { $0.measure.solid }.max()
            let value = links.first { $0.to == name && $0.measure.solid == best }.map { context.format.text($0.measure) } ?? ""
            nodes.append(SVGNode("circle", ["cx": right, "cy": y, "r": 4, "fill": color]))
            nodes.append(TextLayout.wrappedLabel(name, x: right + 10, y: y, maxWidth: labelWidth - 46, anchor: "start"))
            nodes.append(SVGNode("text", ["x": right + labelWidth + 12, "y": y + 4, "text-anchor": "end", "font-size": 11,
                                          "fill": Palette.muted], text: value))
        }
        return [.group(["class": "passerelles"], nodes)]
    }
}
