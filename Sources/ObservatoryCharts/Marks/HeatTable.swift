/// A table of cells (rows × columns, e.g. territories × indicators) tinted by value within each
/// column, the number always printed in the cell. Masked cells show a hatched strip and `≥ x`,
/// approximate ones a dashed outline and `≈ x`, missing ones `n.d.` on white.
///
/// ```swift
/// HeatTable(columns: [.init("Taux de chômage", format: .percent(decimals: 1))],
///           rows: [Series("Tours", [DataPoint("Taux de chômage", 7.1)])])
/// ```
public struct HeatTable: Mark {
    /// A column: its header and how its values are printed.
    public struct Column: Sendable, Hashable {
        public var name: String
        /// The format of this column's values; `nil` uses the chart's.
        public var format: ValueFormat?

        public init(_ name: String, format: ValueFormat? = nil) {
            self.name = name
            self.format = format
        }
    }

    /// The columns, left to right.
    public var columns: [Column]
    /// One series per row: its name is the row label, its points are keyed by column name.
    public var rows: [Series]
    /// Maximum width of row labels, in pixels.
    public var labelWidth: Double
    /// Maximum width of column headers, in pixels.
    public var headerWidth: Double

    /// Lightest and darkest cell colours (a single-hue ramp, readable in greyscale).
    static let light = (r: 0.937, g: 0.953, b: 1.0), dark = (r: 0.031, g: 0.318, b: 0.612)

    public init(columns: [Column], rows: [Series], labelWidth: Double = 170, headerWidth: Double = 150) {
        self.columns = columns
        self.rows = rows
        self.labelWidth = labelWidth
        self.headerWidth = headerWidth
    }

    public var xDomain: ScaleDomain? { .categories(columns.map(\.name), padding: 0.03) }
    public var yDomain: ScaleDomain? { .categories(rows.map(\.name), padding: 0.06) }

    var rowStep: Double {
        let lines = rows.map { TextLayout.wrap($0.name, maxWidth: labelWidth).count }.max() ?? 1
        return max(28, Double(lines) * TextLayout.lineHeight + 10)
    }

    public func layout(x: ScaleDomain?, y: ScaleDomain?, format: ValueFormat) -> LayoutNeeds {
        let headerLines = columns.map { TextLayout.wrap($0.name, maxWidth: headerWidth, size: 11).count }.max() ?? 1
        let widest = rows.map { TextLayout.width($0.name) }.max() ?? 0
        return LayoutNeeds(left: min(widest, labelWidth) + 20, top: Double(headerLines) * TextLayout.lineHeight + 10,
                           plotHeight: BandScale.length(count: rows.count, step: rowStep, padding: 0.06))
    }

    var measures: [Measure] { rows.flatMap { $0.points.map(\.measure) } }

    public var summary: MarkSummary? {
        MarkSummary(kind: "Tableau coloré (\(rows.count) lignes × \(columns.count) colonnes)",
                    measures: measures, count: rows.count * columns.count)
    }

    public func legendEntries(palette: Palette) -> [LegendEntry] {
        [LegendEntry("couleur\u{00A0}: plus foncée quand la valeur est plus élevée dans la colonne",
                     swatch: .ramp(from: Self.hex(0), to: Self.hex(1)))]
            + LegendEntry.statusEntries(for: measures)
            + (rows.contains { row in columns.contains { (row.measure(for: $0.name)?.status ?? DataStatus.none) == DataStatus.none } } ? [.missing] : [])
    }

    public func render(in context: PlotContext) -> [SVGNode] {
        guard let x = context.x?.band, let y = context.y?.band else { return [] }
        var nodes: [SVGNode] = []
        for column in columns {
            guard let center = x.center(of: column.name) else { continue }
            nodes.append(TextLayout.wrappedLabel(column.name, x: center, y: context.top - 4 - TextLayout.lineHeight / 2 - 2,
                                                 maxWidth: min(headerWidth, x.step - 4), anchor: "middle", size: 11))
        }
        for row in rows {
            guard let top = y.position(of: row.name) else { continue }
            nodes.append(TextLayout.wrappedLabel(row.name, x: context.left - 8, y: top + y.bandwidth / 2, maxWidth: labelWidth))
            for column in columns {
                guard let left = x.position(of: column.name) else { continue }
                let measure = row.measure(for: column.name) ?? Measure(nil)
                nodes.append(cell(measure, column: column, left: left, top: top, width: x.bandwidth, height: y.bandwidth,
                                  row: row.name, context: context))
            }
        }
        return [.group(["class": "heat-table"], nodes)]
    }

    private func cell(_ measure: Measure, column: Column, left: Double, top: Double, width: Double, height: Double,
                      row: String, context: PlotContext) -> SVGNode {
        let format = column.format ?? context.format
        let values = rows.compactMap { $0.measure(for: column.name)?.solid }
        let share: Double = {
            guard let v = measure.solid, let low = values.min(), let high = values.max(), high > low else { return 0.5 }
            return (v - low) / (high - low)
        }()
        let rect = SVGNode("rect", ["x": left, "y": top, "width": width, "height": height])
        var children = [SVGNode("title", text: "\(row), \(column.name)\u{00A0}: \(format.text(measure))")]
        var ink = share > 0.55 ? "#ffffff" : Palette.ink
        switch measure.status {
        case .ok:
            children.append(rect.with("fill", Self.hex(share)))
        case .approximate:
            children.append(rect.with("fill", Self.hex(share)).with("stroke", Palette.ink).with("stroke-width", 1.5)
                .with("stroke-dasharray", "4 2"))
        case .masked:
            ink = Palette.ink
            children.append(rect.with("fill", "#ffffff").with("stroke", Palette.muted))
            children.append(SVGNode("rect", ["x": left, "y": top, "width": 8, "height": height, "fill": "url(#\(context.hatchID))"]))
        case .none:
            ink = Palette.muted
            children.append(rect.with("fill", "#ffffff").with("stroke", Palette.grid))
        }
        children.append(SVGNode("text", ["x": left + width / 2, "y": top + height / 2 + 4, "text-anchor": "middle",
                                         "font-size": 12, "fill": ink], text: format.text(measure)))
        return .group(["class": "cell"], children)
    }

    /// The ramp colour at `share` (0…1) as `#rrggbb`.
    static func hex(_ share: Double) -> String {
        let t = min(max(share, 0), 1)
        let channels = [light.r + (dark.r - light.r) * t, light.g + (dark.g - light.g) * t, light.b + (dark.b - light.b) * t]
        let digits = Array("0123456789abcdef")
        return "#" + channels.map { c -> String in
            let v = Int((c * 255).rounded())
            return String(digits[v / 16]) + String(digits[v % 16])
        }.joined()
    }
}
