/// A territory label placed on a map: its text and its box in pixels.
public struct MapLabel: Sendable, Hashable {
    /// The feature labelled.
    public var featureID: String
    public var text: String
    /// The centre of the box (the text is centred on it).
    public var x: Double, y: Double
    /// The box, measured with ``TextLayout/width(_:size:bold:)`` at ``MapLabel/fontSize``.
    public var width: Double, height: Double

    /// Label size in pixels.
    public static let fontSize: Double = 11

    public var minX: Double { x - width / 2 }
    public var maxX: Double { x + width / 2 }
    public var minY: Double { y - height / 2 }
    public var maxY: Double { y + height / 2 }

    /// Whether the two boxes overlap or come closer than `gap` pixels.
    public func overlaps(_ other: MapLabel, gap: Double = 0) -> Bool {
        minX < other.maxX + gap && other.minX < maxX + gap && minY < other.maxY + gap && other.minY < maxY + gap
    }

    /// The `<text>` element; its style is on the group (``group(_:)``).
    var node: SVGNode {
        SVGNode("text", ["x": x, "y": y + Self.fontSize * 0.35], text: text)
    }

    /// The labels' group, holding their shared style: centred, with a white halo so that they
    /// read on dark classes and hatching.
    static func group(_ labels: [MapLabel]) -> SVGNode {
        .group(["class": "labels", "text-anchor": "middle", "font-size": fontSize, "fill": Palette.ink, "stroke": "#ffffff",
                "stroke-width": 3, "stroke-linejoin": "round", "paint-order": "stroke"], labels.map(\.node))
    }

    /// Greedy placement, biggest territories first (area of their largest ring): a label is left
    /// out when its box would overlap a label already placed or leave the map frame.
    static func place(_ candidates: [(featureID: String, text: String, anchor: (x: Double, y: Double), size: Double)],
                      within frame: (left: Double, top: Double, width: Double, height: Double)) -> [MapLabel] {
        let order = candidates.indices.sorted {
            candidates[$0].size != candidates[$1].size ? candidates[$0].size > candidates[$1].size
                : candidates[$0].featureID < candidates[$1].featureID
        }
        var placed: [MapLabel] = []
        for index in order {
            let candidate = candidates[index]
            let label = MapLabel(featureID: candidate.featureID, text: candidate.text, x: candidate.anchor.x,
                                 y: candidate.anchor.y, width: TextLayout.width(candidate.text, size: fontSize) + 2,
                                 height: fontSize + 3)
            guard label.minX >= frame.left, label.maxX <= frame.left + frame.width,
                  label.minY >= frame.top, label.maxY <= frame.top + frame.height,
                  !placed.contains(where: { $0.overlaps(label, gap: 1) }) else { continue }
            placed.append(label)
        }
        return placed
    }
}
