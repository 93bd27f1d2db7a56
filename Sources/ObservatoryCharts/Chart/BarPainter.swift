/// Draws one bar according to its status, for vertical and horizontal bar marks alike:
/// solid for `.ok`; solid to the lower bound then hatched and outlined to the upper bound for
/// `.masked`; pale with a dashed outline for `.approximate`; an `n.d.` label for `.none`.
struct BarPainter {
    enum Orientation { case vertical, horizontal }

    let orientation: Orientation
    /// The value scale (y for vertical bars, x for horizontal ones).
    let scale: LinearScale
    let hatchID: String
    /// Pixels added beyond a lower bound when a masked value has no upper bound.
    static let openEnd: Double = 14

    /// A rectangle between two values, across `band` … `band + thickness`.
    func rect(_ a: Double, _ b: Double, band: Double, thickness: Double, _ style: KeyValuePairs<String, any SVGAttributeValue>) -> SVGNode {
        rect(pixels: scale(a), scale(b), band: band, thickness: thickness, style)
    }

    func rect(pixels pa: Double, _ pb: Double, band: Double, thickness: Double,
              _ style: KeyValuePairs<String, any SVGAttributeValue>) -> SVGNode {
        let low = min(pa, pb), length = abs(pb - pa)
        var node = orientation == .vertical
            ? SVGNode("rect", ["x": band, "y": low, "width": thickness, "height": length])
            : SVGNode("rect", ["x": low, "y": band, "width": length, "height": thickness])
        for (name, value) in style { node = node.with(name, value) }
        return node
    }

    /// The bar for `measure` from `base` (0 unless stacked).
    func draw(_ measure: Measure, band: Double, thickness: Double, color: String, base: Double = 0) -> [SVGNode] {
        switch measure.status {
        case .ok:
            guard let value = measure.value else { return [] }
            return [rect(base, base + value, band: band, thickness: thickness, ["fill": color])]
        case .approximate:
            guard let value = measure.value else { return [] }
            return [rect(base, base + value, band: band, thickness: thickness,
                         ["fill": color, "fill-opacity": 0.3, "stroke": color, "stroke-width": 1.5,
                          "stroke-dasharray": "4 2"])]
        case .masked(let lower, let upper):
            let solid = rect(base, base + lower, band: band, thickness: thickness, ["fill": color])
            let start = scale(base + lower)
            let direction: Double = orientation == .vertical ? -1 : 1
            let end = upper.map { scale(base + $0) } ?? start + direction * Self.openEnd
            let hatched = rect(pixels: start, end, band: band, thickness: thickness,
                               ["fill": "url(#\(hatchID))", "stroke": color, "stroke-width": 1.5,
                                "stroke-dasharray": upper == nil ? "2 2" : "none"])
            return [solid, hatched]
        case .none:
            return []
        }
    }

    /// The pixel where the bar ends (for value labels), or `nil` for `.none`.
    func end(of measure: Measure, base: Double = 0) -> Double? {
        if case .masked(let lower, nil) = measure.status {
            let direction: Double = orientation == .vertical ? -1 : 1
            return scale(base + lower) + direction * Self.openEnd
        }
        return measure.reach.map { scale(base + $0) }
    }

    /// The hatch pattern referenced by masked bars; one per chart, in `<defs>`.
    static func hatchPattern(id: String) -> SVGNode {
        SVGNode("pattern", ["id": id, "width": 6, "height": 6, "patternUnits": "userSpaceOnUse",
                            "patternTransform": "rotate(45)"], children: [
            SVGNode("rect", ["width": 6, "height": 6, "fill": "#ffffff"]),
            SVGNode("line", ["x1": 0, "y1": 0, "x2": 0, "y2": 6, "stroke": Palette.muted, "stroke-width": 2]),
        ])
    }
}
