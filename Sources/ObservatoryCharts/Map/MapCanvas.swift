/// Where the parts of a map go: header, map frame, legend column (choropleths) and source.
struct MapCanvas {
    let width: Double, height: Double
    let header: [SVGNode]
    let map: (left: Double, top: Double, width: Double, height: Double)
    let legend: (left: Double, top: Double)
    let unitLines: [String]
    /// The legend rows, each label wrapped to the column (at most two lines).
    let legendRows: [(entry: MapLegendEntry, lines: [String])]
    let footer: [SVGNode]

    static let margin = ChartMargins()
    static let legendGap: Double = 16

    init(spec: MapSpec, geometry: MapGeometry, outlines: Set<String>) {
        guard spec.kind == .choropleth else {
            width = spec.width ?? 220
            height = spec.height ?? 220
            header = []
            map = (4, 4, max(10, width - 8), max(10, height - 8))
            legend = (0, 0)
            unitLines = []
            legendRows = []
            footer = []
            return
        }
        let margin = Self.margin
        let width = spec.width ?? 640
        var header: [SVGNode] = []
        var cursor = margin.top + 16
        header.append(SVGNode("text", ["x": margin.left, "y": cursor, "font-size": 16, "font-weight": "bold",
                                       "fill": Palette.ink], text: spec.title))
        if let subtitle = spec.subtitle {
            cursor += 18
            header.append(SVGNode("text", ["x": margin.left, "y": cursor, "font-size": 12, "fill": Palette.muted],
                                  text: subtitle))
        }
        cursor += 14

        // The legend column is as wide as its longest label, within 120…240 px; longer labels wrap.
        let entries = spec.legendEntries(geometry, outlines: outlines)
        let widest = entries.map { TextLayout.width($0.label, size: 11) }.max() ?? 0
        let legendWidth = min(240, max(120, widest + MapLegendEntry.labelOffset + 4))
        let unitLines = spec.unitLabel.map { TextLayout.wrap($0, maxWidth: legendWidth, maxLines: 3, size: 11) } ?? []
        let legendRows = entries.map { entry in
            (entry, TextLayout.wrap(entry.label, maxWidth: legendWidth - MapLegendEntry.labelOffset, maxLines: 2, size: 11))
        }
        let legendHeight = Double(unitLines.count) * 14 + (unitLines.isEmpty ? 0 : 6)
            + legendRows.reduce(0) { $0 + MapLegendEntry.height(lines: $1.1.count) }

        let footerLines = spec.source.map {
            TextLayout.wrap(ChartFooter(source: $0, vintage: spec.vintage).text, maxWidth: width - margin.left - margin.right,
                            maxLines: 3, size: 11)
        } ?? []
        let footerHeight: Double = footerLines.isEmpty ? 0 : 18 + Double(footerLines.count - 1) * 13
        let mapWidth = max(40, width - margin.left - margin.right - legendWidth - Self.legendGap)
        var mapHeight = max(40, (spec.height ?? 480) - cursor - footerHeight - margin.bottom)
        // Without a height asked for, the map is as tall as the territories fitted to its width.
        if spec.height == nil, let bounds = geometry.bounds, bounds.maxX > bounds.minX {
            mapHeight = min(mapHeight, mapWidth * (bounds.maxY - bounds.minY) / (bounds.maxX - bounds.minX))
        }
        // Grow rather than cut the legend when it is taller than the map.
        let height = cursor + max(mapHeight, legendHeight) + footerHeight + margin.bottom + (footerLines.isEmpty ? 0 : 8)

        self.width = width
        self.height = height
        self.header = header
        self.unitLines = unitLines
        self.legendRows = legendRows
        map = (margin.left, cursor, mapWidth, mapHeight)
        legend = (width - margin.right - legendWidth, cursor)
        let footerTop = height - margin.bottom - footerHeight
        if footerLines.count == 1 {
            footer = [SVGNode("text", ["x": margin.left, "y": footerTop + 12, "font-size": 11, "fill": Palette.muted],
                              text: footerLines[0])]
        } else if !footerLines.isEmpty {
            footer = [SVGNode("text", ["font-size": 11, "fill": Palette.muted], children: footerLines.enumerated().map { index, line in
                SVGNode("tspan", ["x": margin.left, "y": footerTop + 12 + Double(index) * 13], text: line)
            })]
        } else {
            footer = []
        }
    }
}
