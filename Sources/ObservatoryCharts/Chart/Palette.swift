/// Series colours and shapes. The default is Okabe–Ito, which stays distinct for colour-blind
/// readers; each series also gets its own marker shape so that colour never carries meaning alone.
public struct Palette: Sendable, Equatable {
    /// Colours in series order, as `#rrggbb`.
    public var colors: [String]
    /// Shapes in series order.
    public var shapes: [MarkerShape]

    public init(colors: [String], shapes: [MarkerShape] = MarkerShape.allCases) {
        self.colors = colors
        self.shapes = shapes
    }

    /// Okabe–Ito, strongest contrasts first (yellow last: weak on white).
    public static let okabeIto = Palette(colors: ["#0072B2", "#E69F00", "#009E73", "#D55E00",
                                                  "#CC79A7", "#56B4E9", "#000000", "#F0E442"])

    /// The colour of series `index` (cycling).
    public func color(_ index: Int) -> String { colors[index % colors.count] }
    /// The shape of series `index` (cycling).
    public func shape(_ index: Int) -> MarkerShape { shapes[index % shapes.count] }

    /// Ink for text and axes.
    public static let ink = "#222222"
    /// Secondary ink for ticks, footers and notes.
    public static let muted = "#595959"
    /// Gridlines.
    public static let grid = "#dddddd"
}

/// A marker shape, so that series and reference territories differ by more than colour.
public enum MarkerShape: String, Sendable, CaseIterable {
    case circle, diamond, square, triangle, cross

    /// The shape centred on (`x`, `y`), about `size` pixels across; hollow when `filled` is false.
    public func node(x: Double, y: Double, size: Double = 9, color: String, filled: Bool = true) -> SVGNode {
        let r = size / 2
        let fill = filled ? color : "#ffffff"
        switch self {
        case .circle:
            return SVGNode("circle", ["cx": x, "cy": y, "r": r, "fill": fill, "stroke": color, "stroke-width": 1.5])
        case .square:
            let s = r * 0.9
            return SVGNode("rect", ["x": x - s, "y": y - s, "width": 2 * s, "height": 2 * s, "fill": fill,
                                    "stroke": color, "stroke-width": 1.5])
        case .diamond:
            return polygon([(x, y - r * 1.2), (x + r * 1.2, y), (x, y + r * 1.2), (x - r * 1.2, y)], fill, color)
        case .triangle:
            return polygon([(x, y - r * 1.15), (x + r * 1.1, y + r * 0.85), (x - r * 1.1, y + r * 0.85)], fill, color)
        case .cross:
            let d = r * 0.9
            let path = "M\(SVGNumber.format(x - d)),\(SVGNumber.format(y - d))L\(SVGNumber.format(x + d)),\(SVGNumber.format(y + d))"
                + "M\(SVGNumber.format(x - d)),\(SVGNumber.format(y + d))L\(SVGNumber.format(x + d)),\(SVGNumber.format(y - d))"
            return SVGNode("path", ["d": path, "fill": "none", "stroke": color, "stroke-width": filled ? 2.5 : 1.5])
        }
    }

    private func polygon(_ points: [(Double, Double)], _ fill: String, _ stroke: String) -> SVGNode {
        let text = points.map { SVGNumber.format($0.0) + "," + SVGNumber.format($0.1) }.joined(separator: " ")
        return SVGNode("polygon", ["points": text, "fill": fill, "stroke": stroke, "stroke-width": 1.5])
    }
}
