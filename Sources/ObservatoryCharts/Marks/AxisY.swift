/// The vertical axis left of the plot: French tick labels and horizontal gridlines on a linear
/// scale; wrapped category labels on a band scale.
public struct AxisY: Mark {
    /// Draws horizontal gridlines at linear ticks.
    public var grid: Bool
    /// Approximate number of ticks on a linear scale.
    public var tickCount: Int
    /// Maximum width of category labels before wrapping, in pixels.
    public var labelWidth: Double

    public init(grid: Bool = true, tickCount: Int = 5, labelWidth: Double = 150) {
        self.grid = grid
        self.tickCount = tickCount
        self.labelWidth = labelWidth
    }

    public var xDomain: ScaleDomain? { nil }
    public var yDomain: ScaleDomain? { nil }

    public func layout(x: ScaleDomain?, y: ScaleDomain?, format: ValueFormat) -> LayoutNeeds {
        switch y {
        case .values(let range)?:
            let scale = LinearScale(domain: range, range: (0, 1))
            let decimals = scale.tickDecimals(count: tickCount)
            let widest = scale.ticks(count: tickCount).map { TextLayout.width(format.text($0, decimals: decimals), size: 11) }.max() ?? 0
            return LayoutNeeds(left: widest + 24, top: 6)
        case .categories(let labels, _)?:
            let widest = labels.map { TextLayout.width($0) }.max() ?? 0
            return LayoutNeeds(left: min(widest, labelWidth) + 28)
        case .periods(let periods)?:
            return LayoutNeeds(left: (periods.map { TextLayout.width($0.frenchLabel, size: 11) }.max() ?? 0) + 24)
        case nil:
            return LayoutNeeds()
        }
    }

    public func render(in context: PlotContext) -> [SVGNode] {
        var nodes: [SVGNode] = []
        let labelX = context.left - 6
        switch context.y {
        case .linear(let scale)?:
            let decimals = scale.tickDecimals(count: tickCount)
            for tick in scale.ticks(count: tickCount) {
                let y = scale(tick)
                if grid || tick == 0 {
                    nodes.append(SVGNode("line", ["x1": context.left, "y1": y, "x2": context.right, "y2": y,
                                                  "stroke": tick == 0 ? Palette.muted : Palette.grid]))
                }
                nodes.append(SVGNode("text", ["x": labelX, "y": y + 4, "text-anchor": "end", "font-size": 11,
                                              "fill": Palette.muted], text: context.format.text(tick, decimals: decimals)))
            }
        case .band(let scale)?:
            for category in scale.domain {
                guard let center = scale.center(of: category) else { continue }
                nodes.append(TextLayout.wrappedLabel(category, x: labelX, y: center, maxWidth: labelWidth))
            }
        case .time(let scale)?:
            for period in scale.ticks(maxCount: max(1, Int(context.height / 18))) {
                nodes.append(SVGNode("text", ["x": labelX, "y": scale(period) + 4, "text-anchor": "end",
                                              "font-size": 11, "fill": Palette.muted], text: scale.label(period)))
            }
        case nil:
            return []
        }
        return [.group(["class": "axis-y"], nodes)]
    }
}
