/// How a territory is filled: a colour, and hatching over it for estimated values and
/// intervals (hatch lines white over dark colours, dark over light ones).
struct TerritoryFill: Equatable {
    enum Hatch: String { case estimated, masked }

    var color: String
    var hatch: Hatch?

    /// The id of the hatch pattern, or `nil` without hatching.
    func patternID(prefix: String) -> String? {
        hatch.map { prefix + "-" + $0.rawValue + (MapColors.isDark(color) ? "-light" : "") }
    }
}

/// Draws territories, outline layers and the legend of a ``MapSpec``.
struct MapPainter {
    let spec: MapSpec
    let prefix: String
    let items: [String: MapSpec.Item]
    let breaks: [Double]
    let colors: [String]

    init(spec: MapSpec, prefix: String) {
        self.spec = spec
        self.prefix = prefix
        items = spec.itemsByID
        breaks = spec.classBreaks()
        colors = spec.valueClasses().map(\.color)
    }

    /// The colour of the class of `value`, or `nil` without classes.
    private func classColor(_ value: Double) -> String? {
        ClassBreaks.classIndex(of: value, breaks: breaks).map { colors[$0] }
    }

    /// The fill of an item: its class colour; for an interval, the class colour only when the
    /// whole interval falls in one class, else white (an interval is never drawn as the class of
    /// one of its bounds); grey for no value.
    func fill(_ item: MapSpec.Item?) -> TerritoryFill {
        guard let item else { return TerritoryFill(color: MapColors.noValue) }
        switch item.status {
        case .ok, .approximate:
            guard let value = item.classifiedValue, let color = classColor(value) else { return TerritoryFill(color: MapColors.noValue) }
            return TerritoryFill(color: color, hatch: item.status == .approximate ? .estimated : nil)
        case .masked:
            let lower = item.lower ?? -.infinity, upper = item.upper ?? .infinity
            guard lower.isFinite || upper.isFinite, breaks.count >= 2 else { return TerritoryFill(color: "#ffffff", hatch: .masked) }
            let low = ClassBreaks.classIndex(of: lower.isFinite ? lower : -Double.greatestFiniteMagnitude, breaks: breaks)
            let high = ClassBreaks.classIndex(of: upper.isFinite ? upper : Double.greatestFiniteMagnitude, breaks: breaks)
            if let low, low == high { return TerritoryFill(color: colors[low], hatch: .masked) }
            return TerritoryFill(color: "#ffffff", hatch: .masked)
        case .noValue:
            return TerritoryFill(color: MapColors.noValue)
        }
    }

    /// `Bassin A : 7,2 %`, `… : ≈ 7,2 % (estimé)`, `… : 5 à 10 (intervalle, secret statistique)`, `… : n.d.`.
    func tooltip(_ item: MapSpec.Item?, featureID: String) -> String {
        let name = item?.name ?? featureID
        let format = spec.valueFormat
        guard let item else { return name + "\u{00A0}: n.d." }
        let text: String
        switch item.status {
        case .ok: text = item.classifiedValue.map { format.text($0) } ?? "n.d."
        case .approximate: text = item.classifiedValue.map { "≈\u{00A0}" + format.text($0) + " (estimé)" } ?? "n.d."
        case .noValue: text = "n.d."
        case .masked:
            switch (item.lower, item.upper) {
            case let (lower?, upper?): text = format.text(lower) + " à " + format.text(upper) + " (intervalle, secret statistique)"
            case let (lower?, nil): text = "≥\u{00A0}" + format.text(lower) + " (intervalle, secret statistique)"
            case let (nil, upper?): text = "≤\u{00A0}" + format.text(upper) + " (intervalle, secret statistique)"
            case (nil, nil): text = "secret statistique"
            }
        }
        return name + "\u{00A0}: " + text
    }

    /// The territories' group, holding their shared style: even-odd fill (holes, multipolygons)
    /// and thin white borders.
    static func territories(_ children: [SVGNode]) -> SVGNode {
        .group(["class": "territories", "fill-rule": "evenodd", "stroke": "#ffffff", "stroke-width": 0.8,
                "stroke-linejoin": "round"], children)
    }

    /// One territory of a choropleth, or `nil` when its rings vanish at this size.
    func territory(_ feature: MapGeometry.Feature, frame: MapFrame) -> SVGNode? {
        let d = frame.path(feature.rings)
        guard !d.isEmpty else { return nil }
        let item = items[feature.id]
        let fill = fill(item)
        let title = SVGNode("title", text: tooltip(item, featureID: feature.id))
        let shape = SVGNode("path", ["d": d, "fill": fill.color])
        var children = [title, shape]
        if let pattern = fill.patternID(prefix: prefix) {
            children.append(SVGNode("path", ["d": d, "fill": "url(#\(pattern))"]))
        }
        return .group(["data-id": feature.id], children)
    }

    /// Every territory of a locator map in light grey, the highlighted ones last, in the accent colour.
    func locator(_ geometry: MapGeometry, frame: MapFrame) -> [SVGNode] {
        let highlighted = Set(spec.highlight)
        var plain: [SVGNode] = [], accented: [SVGNode] = []
        for feature in geometry.features {
            let d = frame.path(feature.rings)
            guard !d.isEmpty else { continue }
            if highlighted.contains(feature.id) {
                accented.append(.group(["data-id": feature.id], [
                    SVGNode("title", text: items[feature.id]?.name ?? feature.id),
                    SVGNode("path", ["d": d, "fill": MapColors.accent]),
                ]))
            } else {
                plain.append(SVGNode("path", ["d": d, "fill": MapColors.locatorFill]))
            }
        }
        return plain + accented
    }

    /// An outline layer: thick dark lines, dashed differently for each layer.
    func outlineLayer(_ layer: MapSpec.OutlineLayer, index: Int, geometry: MapGeometry, frame: MapFrame) -> SVGNode {
        let paths = geometry.features.compactMap { feature -> SVGNode? in
            let d = frame.path(feature.rings)
            guard !d.isEmpty else { return nil }
            return SVGNode("path", ["d": d])
        }
        let group = SVGNode.group(["class": "outlines", "data-layer": layer.id, "fill": "none"], [SVGNode("title", text: layer.label)] + paths)
        return MapLegendEntry.outlineStyle(group, index: index)
    }

    /// The hatch patterns the territories and the legend use, in a fixed order.
    func patterns(for geometry: MapGeometry) -> [SVGNode] {
        guard spec.kind == .choropleth else { return [] }
        var ids = Set(geometry.features.compactMap { fill(items[$0.id]).patternID(prefix: prefix) })
        let entries = spec.legendEntries(geometry, outlines: [])
        if entries.contains(.estimated) { ids.insert(prefix + "-estimated") }
        if entries.contains(.masked) { ids.insert(prefix + "-masked") }
        return ids.sorted().map { id in
            let ink = id.hasSuffix("-light") ? "#ffffff" : Palette.ink
            // Thin and half-transparent: the class colour underneath stays readable.
            var lines = [SVGNode("line", ["x1": 3.5, "y1": 0, "x2": 3.5, "y2": 7, "stroke": ink, "stroke-width": 0.8,
                                          "stroke-opacity": 0.6])]
            if id.contains("-masked") {
                lines.append(SVGNode("line", ["x1": 0, "y1": 3.5, "x2": 7, "y2": 3.5, "stroke": ink, "stroke-width": 0.8,
                                              "stroke-opacity": 0.6]))
            }
            return SVGNode("pattern", ["id": id, "width": 7, "height": 7, "patternUnits": "userSpaceOnUse",
                                       "patternTransform": "rotate(45)"], children: lines)
        }
    }

    /// The legend column: the unit, then one row per entry.
    func legend(left: Double, top: Double, unitLines: [String], rows: [(entry: MapLegendEntry, lines: [String])]) -> SVGNode {
        var nodes: [SVGNode] = []
        var y = top
        for line in unitLines {
            y += 12
            nodes.append(SVGNode("text", ["x": left, "y": y, "font-size": 11, "fill": Palette.muted], text: line))
            y += 2
        }
        if !unitLines.isEmpty { y += 6 }
        for (entry, lines) in rows {
            let x = left + MapLegendEntry.labelOffset
            let label = lines.count == 1
                ? SVGNode("text", ["x": x, "y": y + 12, "font-size": 11, "fill": Palette.ink], text: lines[0])
                : SVGNode("text", ["font-size": 11, "fill": Palette.ink], children: lines.enumerated().map { index, line in
                    SVGNode("tspan", ["x": x, "y": y + 12 + Double(index) * 13], text: line)
                })
            nodes.append(.group([:], entry.swatch(x: left, y: y + 2, prefix: prefix) + [label]))
            y += MapLegendEntry.height(lines: lines.count)
        }
        return .group(["class": "legend"], nodes)
    }
}
