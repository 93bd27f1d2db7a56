/// One row of a map legend: a swatch and its French label.
struct MapLegendEntry: Equatable {
    enum Swatch: Equatable {
        case fill(String)
        case estimated, masked, missing
        case outline(Int)
    }

    var swatch: Swatch
    var label: String

    static let rowHeight: Double = 18
    /// Where labels start, right of the swatch.
    static let labelOffset: Double = 24

    /// The height of a row whose label takes `lines` lines.
    static func height(lines: Int) -> Double { rowHeight + Double(max(lines, 1) - 1) * 13 }

    static func fill(_ color: String, label: String) -> MapLegendEntry { MapLegendEntry(swatch: .fill(color), label: label) }
    static func outline(_ index: Int, label: String) -> MapLegendEntry { MapLegendEntry(swatch: .outline(index), label: label) }
    /// Hatching over the class colour.
    static let estimated = MapLegendEntry(swatch: .estimated, label: "estimé")
    /// Cross-hatching: a masked value known only by its bounds.
    static let masked = MapLegendEntry(swatch: .masked, label: "intervalle (secret statistique)")
    /// Grey: no value.
    static let missing = MapLegendEntry(swatch: .missing, label: "n.d. (donnée non disponible)")

    /// Thick lines, solid for the first layer, then dashed, then dotted.
    static func outlineStyle(_ node: SVGNode, index: Int) -> SVGNode {
        let styled = node.with("stroke", Palette.ink).with("stroke-width", 2.5).with("stroke-linejoin", "round")
        switch index % 3 {
        case 0: return styled
        case 1: return styled.with("stroke-dasharray", "7 3")
        default: return styled.with("stroke-dasharray", "2 3")
        }
    }

    /// The swatch, 16 × 12 px from (`x`, `y`).
    func swatch(x: Double, y: Double, prefix: String) -> [SVGNode] {
        let box = SVGNode("rect", ["x": x, "y": y, "width": 16, "height": 12])
        switch swatch {
        case .fill(let color):
            return [box.with("fill", color).with("stroke", "#bdbdbd").with("stroke-width", 0.5)]
        case .estimated:
            return [box.with("fill", "#ffffff").with("stroke", "#bdbdbd").with("stroke-width", 0.5),
                    box.with("fill", "url(#\(prefix)-estimated)")]
        case .masked:
            return [box.with("fill", "#ffffff").with("stroke", "#bdbdbd").with("stroke-width", 0.5),
                    box.with("fill", "url(#\(prefix)-masked)")]
        case .missing:
            return [box.with("fill", MapColors.noValue)]
        case .outline(let index):
            return [Self.outlineStyle(SVGNode("line", ["x1": x, "y1": y + 6, "x2": x + 16, "y2": y + 6]), index: index)]
        }
    }
}
