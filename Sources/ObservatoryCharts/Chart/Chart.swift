import ObservatoryCore

/// A complete SVG chart: header (title, subtitle, unit), marks drawn over scales built once from
/// all marks, a legend, and a footer with source and vintage.
///
/// ```swift
/// let chart = Chart(title: "Demandeurs d'emploi", unitLabel: "en milliers", format: .number(decimals: 0)) {
///     AxisX(); AxisY(); LineMark([TimeSeries("Tours", points)])
/// }
/// let svg = chart.render()
/// ```
public struct Chart: Sendable {
    /// The title, also the SVG `<title>`.
    public var title: String
    /// A line under the title, or `nil`.
    public var subtitle: String?
    /// The unit of the values, shown above the plot (`en %`, `en milliers`), or `nil`.
    public var unitLabel: String?
    /// Source and vintage, or `nil`.
    public var footer: ChartFooter?
    /// Size in pixels; the height grows when a mark sizes its rows to its labels.
    public var width: Double, height: Double
    /// Minimum space around the plot, in pixels (marks and axes may ask for more).
    public var margins: ChartMargins
    /// How values are printed.
    public var format: ValueFormat
    /// Series colours and shapes.
    public var palette: Palette
    /// Hides header, legend and footer (sparklines); `<title>` and `<desc>` stay.
    public var isCompact: Bool
    /// Prefix of the element ids, unique per chart on a page; derived from the title by default.
    public var id: String
    /// The layers, drawn in order.
    public var marks: [any Mark]

    public init(title: String, subtitle: String? = nil, unitLabel: String? = nil, footer: ChartFooter? = nil,
                width: Double = 640, height: Double = 360, margins: ChartMargins = ChartMargins(),
                format: ValueFormat = .number(decimals: 0), palette: Palette = .okabeIto,
                isCompact: Bool = false, id: String? = nil, @MarkBuilder marks: () -> [any Mark]) {
        self.title = title
        self.subtitle = subtitle
        self.unitLabel = unitLabel
        self.footer = footer
        self.width = width
        self.height = height
        self.margins = margins
        self.format = format
        self.palette = palette
        self.isCompact = isCompact
        self.id = id ?? Chart.slug(title)
        self.marks = marks()
    }

    /// The x and y domains merged from all marks, linear ones made nice.
    public var domains: (x: ScaleDomain?, y: ScaleDomain?) {
        func merge(_ list: [ScaleDomain?]) -> ScaleDomain? {
            let merged = list.compactMap { $0 }.reduce(nil as ScaleDomain?) { $0?.merged(with: $1) ?? $1 }
            if case .values(let range) = merged { return .values(LinearScale.niceDomain(range)) }
            return merged
        }
        return (merge(marks.map(\.xDomain)), merge(marks.map(\.yDomain)))
    }

    /// The one-sentence summary used as `<desc>`: kind, number of data, minimum and maximum.
    public var summaryText: String {
        let summaries = marks.compactMap(\.summary)
        let kind = summaries.first?.kind ?? "Graphique"
        let values = summaries.flatMap(\.values)
        let count = summaries.map(\.count).reduce(0, +)
        let masked = summaries.flatMap(\.maskedBounds)
        let data = count == 1 ? "1 donnée" : "\(FrenchFormat.number(Double(count))) données"
        guard let low = values.min(), let high = values.max() else {
            // Masked values only: their bounds are what the chart draws (it is not empty).
            guard let lowest = masked.map(\.lower).min() else { return kind + "\u{00A0}: aucune donnée disponible." }
            let highest = masked.map { $0.upper ?? $0.lower }.max() ?? lowest
            let all = masked.count == count ? (count == 1 ? ", encadrée" : ", toutes encadrées") : " dont \(FrenchFormat.number(Double(masked.count))) encadrée\(masked.count > 1 ? "s" : "")"
            return kind + "\u{00A0}: \(data)\(all) par le secret statistique, entre \(format.text(lowest)) et \(format.text(highest))."
        }
        let secret = masked.isEmpty ? "" : " ; \(FrenchFormat.number(Double(masked.count))) encadrée\(masked.count > 1 ? "s" : "") par le secret statistique"
        return kind + "\u{00A0}: \(data), de \(format.text(low)) à \(format.text(high))\(secret)."
    }

    /// The legend entries of all marks, without duplicates, status explanations last.
    public var legendEntries: [LegendEntry] {
        var seen: [LegendEntry] = []
        for entry in marks.flatMap({ $0.legendEntries(palette: palette) }) where !seen.contains(entry) {
            seen.append(entry)
        }
        let status: [LegendEntry] = [.masked, .maskedStacked, .maskedMarker, .approximate, .approximateMarker, .missing]
        return seen.filter { !status.contains($0) } + status.filter { seen.contains($0) }
    }

    static func slug(_ text: String) -> String {
        let ascii = text.lowercased().unicodeScalars.map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "-" }
        let words = String(ascii).split(separator: "-").prefix(4)
        return "chart-" + (words.isEmpty ? "x" : words.joined(separator: "-"))
    }
}

/// Source and vintage printed under the chart.
public struct ChartFooter: Sendable, Equatable {
    /// Who published the data, such as `France Travail, Dares`.
    public var source: String
    /// Which release, such as `T3 2024` or `BMO 2024`; `nil` when not known.
    public var vintage: String?

    public init(source: String, vintage: String? = nil) {
        self.source = source
        self.vintage = vintage
    }

    /// `Source : France Travail, Dares — données T3 2024`.
    public var text: String {
        "Source\u{00A0}: " + source + (vintage.map { " — données " + $0 } ?? "")
    }
}

/// Minimum space around the plot, in pixels.
public struct ChartMargins: Sendable, Equatable {
    public var top: Double, right: Double, bottom: Double, left: Double

    public init(top: Double = 12, right: Double = 16, bottom: Double = 10, left: Double = 16) {
        self.top = top
        self.right = right
        self.bottom = bottom
        self.left = left
    }
}

/// Builds the list of marks of a chart.
@resultBuilder
public enum MarkBuilder {
    public static func buildExpression(_ mark: any Mark) -> [any Mark] { [mark] }
    public static func buildBlock(_ parts: [any Mark]...) -> [any Mark] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any Mark]?) -> [any Mark] { part ?? [] }
    public static func buildEither(first: [any Mark]) -> [any Mark] { first }
    public static func buildEither(second: [any Mark]) -> [any Mark] { second }
    public static func buildArray(_ parts: [[any Mark]]) -> [any Mark] { parts.flatMap { $0 } }
}

