/// A map described as data, like ``ChartSpec``: what dashboards store in their JSON. The shapes
/// are not part of it: ``render(geometry:outlines:)`` takes them, already projected to a plane.
/// It knows nothing of labour markets.
public struct MapSpec: Sendable, Hashable, Codable {
    /// The drawing.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Territories coloured by class of value, with a legend.
        case choropleth
        /// A small map situating the highlighted territories among the others, no legend.
        case locator
    }

    /// How class breaks are computed (see ``ClassBreaks``).
    public struct Classification: Sendable, Hashable, Codable {
        public enum Method: String, Sendable, Hashable, Codable {
            case quantile, jenks
        }

        public var method: Method
        /// The number of classes asked for, kept within 4…6; fewer when there are fewer
        /// distinct values.
        public var classCount: Int

        public init(method: Method = .quantile, classCount: Int = 5) {
            self.method = method
            self.classCount = classCount
        }

        /// The class count actually asked of ``ClassBreaks``.
        var clampedCount: Int { min(6, max(4, classCount)) }
    }

    /// The colour scheme (see MAPMARKS-NOTES.md for the sources).
    public enum PaletteKind: String, Sendable, Hashable, Codable {
        /// ColorBrewer YlGnBu, light for low values.
        case sequential
        /// ColorBrewer BrBG centred on zero, for changes.
        case diverging
    }

    /// One territory's value.
    public struct Item: Sendable, Hashable, Codable {
        /// The key of the feature in the geometry (``MapGeometry/Feature/id``).
        public var id: String
        /// The name shown in labels and tooltips.
        public var name: String
        /// The value when known (the estimate when approximate), else `nil`.
        public var value: Double?
        /// `ok`, `masked`, `approximate` or `no_value`.
        public var status: Status
        /// For masked values: the bounds known (`nil` when unknown).
        public var lower: Double?
        public var upper: Double?

        public typealias Status = ChartSpec.Point.Status

        public init(id: String, name: String, value: Double?, status: Status = .ok,
                    lower: Double? = nil, upper: Double? = nil) {
            self.id = id
            self.name = name
            self.value = value
            self.status = status
            self.lower = lower
            self.upper = upper
        }

        /// The value used for classes: known or estimated values only, never masked or missing ones.
        var classifiedValue: Double? {
            switch status {
            case .ok, .approximate: value.flatMap { $0.isFinite ? $0 : nil }
            case .masked, .noValue: nil
            }
        }
    }

    /// A layer of thick outlines drawn over the map (such as custom zones), named in the legend.
    public struct OutlineLayer: Sendable, Hashable, Codable {
        /// The key of its geometry in ``render(geometry:outlines:)``'s `outlines`.
        public var id: String
        /// The legend text, such as `zones d'étude`.
        public var label: String

        public init(id: String, label: String) {
            self.id = id
            self.label = label
        }
    }

    public var kind: Kind
    public var title: String
    public var subtitle: String?
    /// The unit of the values, above the legend (`en % de la population active`), or `nil`.
    public var unitLabel: String?
    public var format: ChartSpec.Format
    public var decimals: Int
    public var source: String?
    public var vintage: String?
    public var classification: Classification
    public var palette: PaletteKind
    public var items: [Item]
    /// The ids of the territories a locator map highlights.
    public var highlight: [String]
    public var outlines: [OutlineLayer]
    /// Size in pixels; `nil` for the kind's default (640 × 480, a locator 220 × 220).
    public var width: Double?
    public var height: Double?
    /// Element id prefix, unique on a page; derived from the title by default.
    public var id: String?

    public init(kind: Kind, title: String, subtitle: String? = nil, unitLabel: String? = nil,
                format: ChartSpec.Format = .number, decimals: Int = 0, source: String? = nil, vintage: String? = nil,
                classification: Classification = Classification(), palette: PaletteKind = .sequential,
                items: [Item], highlight: [String] = [], outlines: [OutlineLayer] = [],
                width: Double? = nil, height: Double? = nil, id: String? = nil) {
        self.kind = kind
        self.title = title
        self.subtitle = subtitle
        self.unitLabel = unitLabel
        self.format = format
        self.decimals = decimals
        self.source = source
        self.vintage = vintage
        self.classification = classification
        self.palette = palette
        self.items = items
        self.highlight = highlight
        self.outlines = outlines
        self.width = width
        self.height = height
        self.id = id
    }

    /// Optional keys may be left out of the JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(kind: try c.decode(Kind.self, forKey: .kind), title: try c.decode(String.self, forKey: .title),
                  subtitle: try c.decodeIfPresent(String.self, forKey: .subtitle),
                  unitLabel: try c.decodeIfPresent(String.self, forKey: .unitLabel),
                  format: try c.decodeIfPresent(ChartSpec.Format.self, forKey: .format) ?? .number,
                  decimals: try c.decodeIfPresent(Int.self, forKey: .decimals) ?? 0,
                  source: try c.decodeIfPresent(String.self, forKey: .source),
                  vintage: try c.decodeIfPresent(String.self, forKey: .vintage),
                  classification: try c.decodeIfPresent(Classification.self, forKey: .classification) ?? Classification(),
                  palette: try c.decodeIfPresent(PaletteKind.self, forKey: .palette) ?? .sequential,
                  items: try c.decodeIfPresent([Item].self, forKey: .items) ?? [],
                  highlight: try c.decodeIfPresent([String].self, forKey: .highlight) ?? [],
                  outlines: try c.decodeIfPresent([OutlineLayer].self, forKey: .outlines) ?? [],
                  width: try c.decodeIfPresent(Double.self, forKey: .width),
                  height: try c.decodeIfPresent(Double.self, forKey: .height),
                  id: try c.decodeIfPresent(String.self, forKey: .id))
    }

    /// The value format of the kit.
    public var valueFormat: ValueFormat { ChartSpec.valueFormat(format, decimals) }

    /// The class breaks, `[minimum, upper₁, …, maximum]` (classes + 1 values), computed from the
    /// known and estimated values and the middle of each interval known at both ends (a masked
    /// value: the thresholds then fall where the territories are, even when secrecy leaves most
    /// of them as intervals); missing values and half-open intervals never count; empty when
    /// there is no such value. An interval still takes a class colour only when it lies wholly
    /// in the class. Inner thresholds lie halfway between the last value of a class and the first
    /// of the next. Class `i` holds `breaks[i] < v ≤ breaks[i + 1]` (see ``ClassBreaks``).
    public func classBreaks() -> [Double] {
        let values = breakValues
        var breaks: [Double]
        switch classification.method {
        case .quantile: breaks = ClassBreaks.quantile(values, classes: classification.clampedCount)
        case .jenks: breaks = ClassBreaks.jenks(values, classes: classification.clampedCount)
        }
        // Each inner threshold moves to the middle of the gap above it: no value changes class,
        // and an interval whose middle is the top of its class is not cut by the threshold.
        let sorted = values.sorted()
        if breaks.count > 2 {
            for index in 1..<(breaks.count - 1) {
                if let next = sorted.first(where: { $0 > breaks[index] }), next <= breaks[index + 1] {
                    breaks[index] = (breaks[index] + next) / 2
                }
            }
        }
        return breaks
    }

    /// What the breaks are computed from: values, and the middles of bounded intervals.
    var breakValues: [Double] {
        items.compactMap { item -> Double? in
            if let value = item.classifiedValue { return value }
            guard item.status == .masked, let lower = item.lower, let upper = item.upper, lower.isFinite, upper.isFinite,
                  lower <= upper else { return nil }
            return (lower + upper) / 2
        }
    }

    /// One class of the legend: its range, colour and French label.
    public struct ValueClass: Sendable, Hashable {
        /// The smallest and largest values of the items in the class.
        public var lower: Double, upper: Double
        /// `#rrggbb`.
        public var color: String
        /// `5,2 % à 7,1 %`, or a single value when both ends print alike.
        public var label: String
    }

    /// The classes in increasing order, as the legend shows them; empty without values.
    public func valueClasses() -> [ValueClass] {
        let breaks = classBreaks()
        guard breaks.count >= 2 else { return [] }
        let count = breaks.count - 1
        // A class spans its members: values, and the bounds of the intervals lying wholly in it.
        var values = items.compactMap(\.classifiedValue)
        for item in items where item.status == .masked {
            guard let lower = item.lower, let upper = item.upper, lower.isFinite, upper.isFinite,
                  let low = ClassBreaks.classIndex(of: lower, breaks: breaks), low == ClassBreaks.classIndex(of: upper, breaks: breaks)
            else { continue }
            values += [lower, upper]
        }
        let ranges: [(lower: Double, upper: Double)] = (0..<count).map { index in
            let members = values.filter { ClassBreaks.classIndex(of: $0, breaks: breaks) == index }
            return (members.min() ?? breaks[index], members.max() ?? breaks[index + 1])
        }
        let colors = palette == .diverging ? MapColors.diverging(ranges) : MapColors.sequential(count)
        let format = valueFormat
        return zip(ranges, colors).map { range, color in
            let low = format.text(range.lower), high = format.text(range.upper)
            return ValueClass(lower: range.lower, upper: range.upper, color: color,
                              label: low == high ? low : low + " à " + high)
        }
    }
}
