import ObservatoryCore

extension MapSpec {
    /// The SVG document: `<svg role="img">` with `<title>` and `<desc>` first, territories filled
    /// even-odd, then the outline layers, the labels, the legend and the source. `outlines` holds
    /// the geometry of each ``OutlineLayer`` by id, in the same plane as `geometry` (the map is
    /// fitted to `geometry` alone). Identical input gives identical bytes.
    public func render(geometry: MapGeometry, outlines: [String: MapGeometry] = [:]) -> String {
        renderNode(geometry: geometry, outlines: outlines).render()
    }

    /// The SVG tree, for callers that embed or inspect it.
    public func renderNode(geometry: MapGeometry, outlines: [String: MapGeometry] = [:]) -> SVGNode {
        let canvas = MapCanvas(spec: self, geometry: geometry, outlines: Set(outlines.keys))
        let prefix = elementID
        let frame = geometry.bounds.map {
            MapFrame(bounds: $0, left: canvas.map.left, top: canvas.map.top, width: canvas.map.width, height: canvas.map.height)
        }
        let painter = MapPainter(spec: self, prefix: prefix)
        var body: [SVGNode] = [
            SVGNode("title", ["id": prefix + "-title"], text: title),
            SVGNode("desc", ["id": prefix + "-desc"], text: summaryText(geometry)),
        ]
        let patterns = painter.patterns(for: geometry)
        if !patterns.isEmpty { body.append(SVGNode("defs", children: patterns)) }
        body.append(SVGNode("rect", ["width": canvas.width, "height": canvas.height, "fill": "#ffffff"]))
        body += canvas.header
        if let frame {
            switch kind {
            case .choropleth:
                body.append(MapPainter.territories(geometry.features.compactMap { painter.territory($0, frame: frame) }))
                for (index, layer) in self.outlines.enumerated() {
                    guard let shapes = outlines[layer.id] else { continue }
                    body.append(painter.outlineLayer(layer, index: index, geometry: shapes, frame: frame))
                }
                body.append(MapLabel.group(labels(geometry, frame: frame, canvas: canvas)))
            case .locator:
                body.append(MapPainter.territories(painter.locator(geometry, frame: frame)))
            }
        }
        if kind == .choropleth {
            body.append(painter.legend(left: canvas.legend.left, top: canvas.legend.top, unitLines: canvas.unitLines,
                                       rows: canvas.legendRows))
        }
        body += canvas.footer
        return SVGNode("svg", [
            "xmlns": "http://www.w3.org/2000/svg", "width": canvas.width, "height": canvas.height,
            "viewBox": "0 0 \(SVGNumber.format(canvas.width)) \(SVGNumber.format(canvas.height))",
            "role": "img", "aria-labelledby": "\(prefix)-title \(prefix)-desc",
            "font-family": "'Helvetica Neue', Arial, 'Liberation Sans', sans-serif",
        ], children: body)
    }

    /// The territory labels that fit, as drawn by ``render(geometry:outlines:)`` with the same
    /// arguments (none on a locator map).
    public func labelLayout(geometry: MapGeometry, outlines: [String: MapGeometry] = [:]) -> [MapLabel] {
        let canvas = MapCanvas(spec: self, geometry: geometry, outlines: Set(outlines.keys))
        guard kind == .choropleth, let bounds = geometry.bounds else { return [] }
        let frame = MapFrame(bounds: bounds, left: canvas.map.left, top: canvas.map.top, width: canvas.map.width,
                             height: canvas.map.height)
        return labels(geometry, frame: frame, canvas: canvas)
    }

    private func labels(_ geometry: MapGeometry, frame: MapFrame, canvas: MapCanvas) -> [MapLabel] {
        let names = itemsByID.mapValues(\.name)
        let candidates = geometry.features.compactMap { feature -> (featureID: String, text: String, anchor: (x: Double, y: Double), size: Double)? in
            guard let anchor = feature.anchor, let ring = feature.largestRing else { return nil }
            return (feature.id, names[feature.id] ?? feature.id, frame(anchor), abs(MapGeometry.Feature.signedArea(ring)))
        }
        return MapLabel.place(candidates, within: canvas.map)
    }

    /// Items by id, the first one winning.
    var itemsByID: [String: Item] {
        Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The id prefix of the elements.
    var elementID: String {
        id ?? "map-" + Chart.slug(title).dropFirst("chart-".count)
    }

    /// The one-sentence `<desc>`.
    func summaryText(_ geometry: MapGeometry) -> String {
        let items = itemsByID
        let count = geometry.features.count
        let territories = count == 1 ? "1 territoire" : "\(FrenchFormat.number(Double(count))) territoires"
        switch kind {
        case .locator:
            let names = highlight.map { items[$0]?.name ?? $0 }
            guard !names.isEmpty else { return "Carte de situation de " + territories + "." }
            return "Carte de situation\u{00A0}: " + names.joined(separator: ", ") + " parmi " + territories + "."
        case .choropleth:
            let classes = valueClasses()
            let joined = geometry.features.map { items[$0.id] }
            guard let first = classes.first, let last = classes.last else {
                return "Carte choroplèthe de " + territories + "\u{00A0}: aucune donnée disponible."
            }
            let method = classification.method == .jenks ? "seuils naturels de Jenks" : "quantiles"
            var text = "Carte choroplèthe de " + territories + " en \(classes.count) classes (\(method)), de "
                + valueFormat.text(first.lower) + " à " + valueFormat.text(last.upper)
            var notes: [String] = []
            let estimated = joined.filter { $0?.status == .approximate && $0?.classifiedValue != nil }.count
            let masked = joined.filter { $0?.status == .masked }.count
            let missing = joined.filter { $0 == nil || $0?.status == .noValue || ($0?.status != .masked && $0?.classifiedValue == nil) }.count
            if estimated > 0 { notes.append("\(estimated) estimé" + (estimated > 1 ? "s" : "")) }
            if masked > 0 { notes.append("\(masked) en intervalle (secret statistique)") }
            if missing > 0 { notes.append("\(missing) sans donnée (n.d.)") }
            if !notes.isEmpty { text += "\u{00A0}; " + notes.joined(separator: ", ") }
            return text + "."
        }
    }

    /// The legend: classes, then the statuses present on the map, then the outline layers drawn
    /// (those whose geometry is in `outlines`).
    func legendEntries(_ geometry: MapGeometry, outlines: Set<String>) -> [MapLegendEntry] {
        let items = itemsByID
        let joined = geometry.features.map { items[$0.id] }
        var entries = valueClasses().map { MapLegendEntry.fill($0.color, label: $0.label) }
        if joined.contains(where: { $0?.status == .approximate && $0?.classifiedValue != nil }) {
            entries.append(.estimated)
        }
        if joined.contains(where: { $0?.status == .masked }) { entries.append(.masked) }
        if joined.contains(where: { $0 == nil || ($0?.status != .masked && $0?.classifiedValue == nil) }) {
            entries.append(.missing)
        }
        for (index, layer) in self.outlines.enumerated() where outlines.contains(layer.id) {
            entries.append(.outline(index, label: layer.label))
        }
        return entries
    }
}
