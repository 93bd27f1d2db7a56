/// Where the parts of a map go: header, map frame, legend column (choropleths) and source.
struct MapCanvas {
    let width: Double, height: Double
    let header: [SVGNode]
    let map: (left: Double, top: Double, width: Double, height: Double)
    let legend: (left: Double, top: Double)
    let unitLines: [String]
    let footer: [SVGNode]

    static let margin = ChartMargins()
    static let legendGap: Double = 16

    init(spec: MapSpec) {
        guard spec.kind == .choropleth else {
            width = spec.width ?? 220
            height = spec.height ?? 220
            header = []
            map = (4, 4, max(10, width - 8), max(10, height - 8))
            legend = (0, 0)
            unitLines = []
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

        // The legend column is as wide as its longest label, within 120…240 px.
        let labels = spec.valueClasses().map(\.label) + [MapLegendEntry.masked.label] + spec.outlines.map(\.label)
        let legendWidth = min(240, max(120, (labels.map { TextLayout.width($0, size: 11) }.max() ?? 0) + 26))
        let unitLines = spec.unitLabel.map { TextLayout.wrap($0, maxWidth: legendWidth, maxLines: 3, size: 11) } ?? []

        let footerLines = spec.source.map {
            TextLayout.wrap(ChartFooter(source: $0, vintage: spec.vintage).text, maxWidth: width - margin.left - margin.right,
                            maxLines: 3, size: 11)
        } ?? []
        let footerHeight: Double = footerLines.isEmpty ? 0 : 18 + Double(footerLines.count - 1) * 13
        var height = spec.height ?? 480
        let mapHeight = max(40, height - cursor - footerHeight - margin.bottom)
        // Grow rather than cut the legend when it is taller than the map.
        let legendHeight = Double(unitLines.count) * 14 + 6 + Double(labels.count + 2) * MapLegendEntry.rowHeight
        height = max(height, cursor + legendHeight + footerHeight + margin.bottom)

        self.width = width
        self.height = height
        self.header = header
        self.unitLines = unitLines
        map = (margin.left, cursor, max(40, width - margin.left - margin.right - legendWidth - Self.legendGap), mapHeight)
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
