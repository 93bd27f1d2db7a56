/// One legend entry: a small drawing and its French label.
public struct LegendEntry: Sendable, Equatable {
    /// The drawing beside the label.
    public enum Swatch: Sendable, Equatable {
        /// A filled square, with the series shape drawn on it in white when given.
        case fill(color: String, shape: MarkerShape?)
        /// A line segment with a marker.
        case line(color: String, shape: MarkerShape)
        /// A lone marker.
        case marker(MarkerShape, color: String, filled: Bool)
        /// Solid then hatched: a masked value drawn from its lower bound.
        case masked
        /// A dashed outline: an approximate value.
        case approximate
        /// The `n.d.` text.
        case missing
        /// A light-to-dark ramp.
        case ramp(from: String, to: String)
    }

    public var swatch: Swatch
    public var label: String

    public init(_ label: String, swatch: Swatch) {
        self.label = label
        self.swatch = swatch
    }

    /// Explains masked values.
    public static let masked = LegendEntry("cellules masquées\u{00A0}: borne basse (plein), borne haute (hachuré)", swatch: .masked)
    /// Explains approximate values.
    public static let approximate = LegendEntry("valeur approchée", swatch: .approximate)
    /// Explains masked segments of a stack, stacked at their lower bound.
    public static let maskedStacked = LegendEntry("cellules masquées\u{00A0}: hachuré, empilé à la borne basse", swatch: .masked)
    /// Explains masked values drawn as markers: hollow at the lower bound, dashed to the upper.
    public static let maskedMarker = LegendEntry("cellules masquées\u{00A0}: marqueur creux à la borne basse, pointillés jusqu'à la borne haute",
                                                 swatch: .marker(.circle, color: Palette.muted, filled: false))
    /// Explains hollow markers (lines, slopes, dots) for approximate values.
    public static let approximateMarker = LegendEntry("valeur approchée (marqueur creux)",
                                                      swatch: .marker(.circle, color: Palette.muted, filled: false))
    /// Explains `n.d.`.
    public static let missing = LegendEntry("donnée non disponible", swatch: .missing)

    /// The status entries needed for `measures`, in a fixed order.
    public static func statusEntries(for measures: [Measure], markers: Bool = false) -> [LegendEntry] {
        var entries: [LegendEntry] = []
        if measures.contains(where: { if case .masked = $0.status { true } else { false } }) {
            entries.append(markers ? .maskedMarker : .masked)
        }
        if measures.contains(where: { $0.status == .approximate }) { entries.append(markers ? .approximateMarker : .approximate) }
        return entries
    }

    /// Where the label starts after the swatch.
    var labelOffset: Double { swatch == .missing ? 28 : 22 }
    var width: Double { labelOffset + TextLayout.width(label, size: 11) + 16 }
}

/// Lays legend entries out in rows under the plot.
struct Legend {
    let entries: [LegendEntry]
    let maxWidth: Double
    static let rowHeight: Double = 18

    /// Entry positions (x offset, row index).
    var placements: [(x: Double, row: Int)] {
        var result: [(Double, Int)] = []
        var x = 0.0, row = 0
        for entry in entries {
            if x > 0 && x + entry.width > maxWidth { x = 0; row += 1 }
            result.append((x, row))
            x += entry.width
        }
        return result
    }

    var height: Double {
        entries.isEmpty ? 0 : Double((placements.last?.row ?? 0) + 1) * Self.rowHeight
    }

    func render(left: Double, top: Double, hatchID: String) -> SVGNode {
        let nodes = zip(entries, placements).map { entry, place -> SVGNode in
            let x = left + place.x, y = top + Double(place.row) * Self.rowHeight + 9
            return .group([:], swatch(entry.swatch, x: x, y: y, hatchID: hatchID) + [
                SVGNode("text", ["x": x + entry.labelOffset, "y": y + 4, "font-size": 11, "fill": Palette.ink], text: entry.label),
            ])
        }
        return .group(["class": "legend"], nodes)
    }

    private func swatch(_ swatch: LegendEntry.Swatch, x: Double, y: Double, hatchID: String) -> [SVGNode] {
        switch swatch {
        case .fill(let color, let shape):
            let square = SVGNode("rect", ["x": x, "y": y - 7, "width": 16, "height": 14, "fill": color])
            return [square] + (shape.map { [$0.node(x: x + 8, y: y, size: 7, color: "#ffffff")] } ?? [])
        case .line(let color, let shape):
            return [SVGNode("line", ["x1": x, "y1": y, "x2": x + 16, "y2": y, "stroke": color, "stroke-width": 2]),
                    shape.node(x: x + 8, y: y, size: 7, color: color)]
        case .marker(let shape, let color, let filled):
            return [shape.node(x: x + 8, y: y, size: 9, color: color, filled: filled)]
        case .masked:
            return [SVGNode("rect", ["x": x, "y": y - 7, "width": 7, "height": 14, "fill": Palette.muted]),
                    SVGNode("rect", ["x": x + 7, "y": y - 7, "width": 9, "height": 14, "fill": "url(#\(hatchID))",
                                     "stroke": Palette.muted, "stroke-width": 1])]
        case .approximate:
            return [SVGNode("rect", ["x": x + 0.5, "y": y - 6.5, "width": 15, "height": 13, "fill": "#ffffff",
                                     "stroke": Palette.muted, "stroke-width": 1.5, "stroke-dasharray": "3 2"])]
        case .missing:
            return [SVGNode("text", ["x": x, "y": y + 4, "font-size": 11, "fill": Palette.muted], text: "n.d.")]
        case .ramp(let from, let to):
            return [SVGNode("rect", ["x": x, "y": y - 7, "width": 8, "height": 14, "fill": from, "stroke": Palette.grid]),
                    SVGNode("rect", ["x": x + 8, "y": y - 7, "width": 8, "height": 14, "fill": to])]
        }
    }
}
