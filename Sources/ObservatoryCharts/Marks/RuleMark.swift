import ObservatoryCore

/// Vertical rules at chosen periods of a time axis, each labelled above the plot: the start of a
/// follow-up (solid) and the meetings (dashed), like Observable Plot's `ruleX`. The rules extend
/// the time domain, so a rule after the last data still shows.
///
/// ```swift
/// RuleMark([.init(.year(2021), label: "Début", style: .solid), .init(.year(2023), label: "Réunion", style: .dashed)])
/// ```
public struct RuleMark: Mark {
    public struct Rule: Sendable, Hashable {
        public enum Style: String, Sendable, Hashable { case solid, dashed }
        public var period: Period
        public var label: String
        public var style: Style

        public init(_ period: Period, label: String, style: Style) {
            self.period = period
            self.label = label
            self.style = style
        }
    }

    public var rules: [Rule]

    public init(_ rules: [Rule]) { self.rules = rules }

    public var xDomain: ScaleDomain? { rules.isEmpty ? nil : .periods(rules.map(\.period)) }
    public var yDomain: ScaleDomain? { nil }

    /// One line of labels above the plot per rule sharing its neighbour's place (up to three).
    public func layout(x: ScaleDomain?, y: ScaleDomain?, format: ValueFormat) -> LayoutNeeds {
        LayoutNeeds(top: rules.isEmpty ? 0 : 14 * Double(min(3, rules.count)))
    }

    public var summary: MarkSummary? { nil }

    public func render(in context: PlotContext) -> [SVGNode] {
        guard let x = context.x?.time, !rules.isEmpty else { return [] }
        let rows = min(3, rules.count)
        var nodes: [SVGNode] = []
        // Several rules at one period (two meetings in one year) share one line, labels joined.
        let grouped = Dictionary(grouping: rules, by: \.period)
        for (index, period) in grouped.keys.sorted().enumerated() {
            let group = grouped[period]!
            let px = x(period)
            let solid = group.contains { $0.style == .solid }
            var line = SVGNode("line", ["x1": px, "y1": context.top, "x2": px, "y2": context.bottom,
                                        "stroke": Palette.ink, "stroke-width": solid ? 1.5 : 1])
            if !solid { line = line.with("stroke-dasharray", "4 3") }
            let labelY = context.top - 4 - 14 * Double(index % rows)
            let text = group.map(\.label).joined(separator: " · ")
            let anchor = px > context.right - 60 ? "end" : px < context.left + 60 ? "start" : "middle"
            nodes.append(.group(["class": "rule", "data-period": period.description], [
                line,
                SVGNode("text", ["x": px, "y": labelY, "font-size": 10, "text-anchor": anchor, "fill": Palette.ink], text: text),
            ]))
        }
        return nodes
    }
}
