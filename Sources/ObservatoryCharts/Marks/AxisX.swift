/// The horizontal axis under the plot: tick labels in French, optional vertical gridlines.
/// Works with linear (values), band (categories, wrapped on two lines) and time (periods) scales.
public struct AxisX: Mark {
    /// Draws vertical gridlines at linear ticks.
    public var grid: Bool
    /// Approximate number of ticks on a linear scale.
    public var tickCount: Int

    public init(grid: Bool = false, tickCount: Int = 5) {
        self.grid = grid
        self.tickCount = tickCount
    }

    public var xDomain: ScaleDomain? { nil }
    public var yDomain: ScaleDomain? { nil }

    public func layout(x: ScaleDomain?, y: ScaleDomain?, format: ValueFormat) -> LayoutNeeds {
        switch x {
        case .categories?: return LayoutNeeds(bottom: 38)
        case .values(let range)?:
            let scale = LinearScale(domain: range, range: (0, 1))
            let last = scale.ticks(count: tickCount).last.map { format.text($0, decimals: scale.tickDecimals(count: tickCount)) } ?? ""
            return LayoutNeeds(right: TextLayout.width(last, size: 11) / 2 + 4, bottom: 24)
        case .periods(let periods)?:
            // Time scales keep a 12 px inset; the end labels are centred on the first and last period.
            let half = (periods.map { TextLayout.width($0.frenchLabel, size: 11) }.max() ?? 0) / 2
            return LayoutNeeds(left: half - 8, right: half - 8, bottom: 24)
        default: return LayoutNeeds(bottom: 24)
        }
    }

    public func render(in context: PlotContext) -> [SVGNode] {
        let baseline = context.bottom
        var nodes: [SVGNode] = []
        let label = { (x: Double, text: String) in
            SVGNode("text", ["x": x, "y": baseline + 17, "text-anchor": "middle", "font-size": 11,
                             "fill": Palette.muted], text: text)
        }
        switch context.x {
        case .linear(let scale)?:
            let decimals = scale.tickDecimals(count: tickCount)
            for tick in scale.ticks(count: tickCount) {
                let x = scale(tick)
                if grid {
                    nodes.append(SVGNode("line", ["x1": x, "y1": context.top, "x2": x, "y2": baseline,
                                                  "stroke": tick == 0 ? Palette.muted : Palette.grid]))
                }
                nodes.append(label(x, context.format.text(tick, decimals: decimals)))
            }
        case .band(let scale)?:
            for category in scale.domain {
                guard let center = scale.center(of: category) else { continue }
                nodes.append(TextLayout.wrappedLabel(category, x: center, y: baseline + 19, maxWidth: scale.step - 4,
                                                     anchor: "middle", size: 11, color: Palette.muted))
            }
        case .time(let scale)?:
            let widest = scale.periods.map { TextLayout.width($0.frenchLabel, size: 11) }.max() ?? 40
            let fit = max(1, Int(context.width / (widest + 12)))
            for period in scale.ticks(maxCount: fit) {
                nodes.append(label(scale(period), scale.label(period)))
            }
        case nil:
            return []
        }
        nodes.append(SVGNode("line", ["x1": context.left, "y1": baseline, "x2": context.right, "y2": baseline,
                                      "stroke": Palette.muted]))
        return [.group(["class": "axis-x"], nodes)]
    }
}
