import Foundation
import ObservatoryCharts
import ObservatoryCore
import ObservatoryIndicators

/// The JSON of one dashboard page, described by `Schemas/dashboard.schema.json`. Keys are written
/// in snake_case and sorted, so the same values give the same bytes.
public struct DashboardDocument: Sendable, Hashable, Codable {
    /// 4: a chart comes without its series (its numbers are the values), a value without the
    /// bounds that are the value itself and without `masked_cells` when none is; 3: a value names
    /// its files by position in the page's `sources`; a table indicator keeps the entries its
    /// chart shows and counts the others in `omitted_entries` (they are in the page's CSV);
    /// 2: pages gain `locator` and `maps`.
    public static let schemaVersion = 4

    public var schemaVersion: Int
    /// The dashboard definition: id, title, kind.
    public var dashboard: DashboardRef
    /// The page's territory; for a filière page, the région followed.
    public var territory: TerritoryRef
    /// The département, région and France the territory is compared with.
    public var references: [ReferenceRef]
    /// Territories of the same kind it is compared with.
    public var peers: [TerritoryRef]
    public var keyFigures: [KeyFigureDoc]
    public var sections: [SectionDoc]
    /// Territory and peers side by side, or `nil` when the dashboard has no peer table.
    public var peerTable: PeerTableDoc?
    /// Every file a number on the page came from.
    public var sources: [SourceDoc]
    /// Where the territory lies: highlighted among its région's départements (a région among
    /// France's régions); `nil` without boundaries.
    public var locator: MapDoc?
    /// Choropleths of indicators across the région's territories (région and filière pages).
    public var maps: [MapDoc]?
    /// The région's GeoJSON files, one per geography, with the page's indicators (région pages).
    public var geojson: [GeoJSONRef]?
    /// The follow-up pages of the démarches on this territory; `nil` when there is none.
    public var demarches: [DemarcheLink]?

    public init(dashboard: DashboardRef, territory: TerritoryRef, references: [ReferenceRef], peers: [TerritoryRef],
                keyFigures: [KeyFigureDoc], sections: [SectionDoc], peerTable: PeerTableDoc?, sources: [SourceDoc],
                locator: MapDoc? = nil, maps: [MapDoc]? = nil, geojson: [GeoJSONRef]? = nil) {
        self.locator = locator
        self.maps = maps
        self.geojson = geojson
        self.schemaVersion = Self.schemaVersion
        self.dashboard = dashboard
        self.territory = territory
        self.references = references
        self.peers = peers
        self.keyFigures = keyFigures
        self.sections = sections
        self.peerTable = peerTable
        self.sources = sources
    }
}

public struct DashboardRef: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var kind: String
    public var description: String?
}

public struct TerritoryRef: Sendable, Hashable, Codable {
    /// `geography:code`, such as `custom:vierzon`.
    public var id: String
    public var geography: String
    /// The geography in French: `bassin BMO`.
    public var geographyLabel: String
    public var code: String
    public var name: String
    /// The page's file name without extension: `custom-vierzon`.
    public var slug: String

    public init(id: TerritoryID, name: String) {
        self.id = id.description
        self.geography = id.geography.rawValue
        self.geographyLabel = id.geography.label
        self.code = id.code
        self.name = name
        self.slug = Slug.territory(id)
    }
}

public struct ReferenceRef: Sendable, Hashable, Codable {
    /// `departement`, `region` or `france`.
    public var role: String
    public var territory: TerritoryRef
    /// The reference's series, written once for every page compared with it, relative to the
    /// site root: `data/reference/dep-18.json` (``ReferenceDocument``) and its CSV.
    public var json: String?
    public var csv: String?

    /// `filed`: the reference's values are written once in their own files (a dashboard's
    /// references), not on the page.
    public init(role: String, territory: TerritoryRef, filed: Bool = false) {
        self.role = role
        self.territory = territory
        json = filed ? "data/reference/\(territory.slug).json" : nil
        csv = filed ? "csv/reference/\(territory.slug).csv" : nil
    }

    /// The values of this reference on a page: its territory in its role.
    func holds(_ value: ValueDoc) -> Bool { value.role == role && value.territory == territory.id }
}

/// The series of a département, région or France, written once for the pages compared with it
/// (`data/reference/<slug>.json`, described by `Schemas/reference.schema.json`): a page's JSON
/// and CSV leave its references' values to these files; its HTML still shows them.
public struct ReferenceDocument: Sendable, Hashable, Codable {
    public var schemaVersion: Int
    public var territory: TerritoryRef
    /// `departement`, `region` or `france`: the role of its values on the pages.
    public var role: String
    /// Every indicator a page compares with this territory, with its whole series (every entry
    /// of a table).
    public var indicators: [ReferenceSeriesDoc]
    public var sources: [SourceDoc]

    public init(territory: TerritoryRef, role: String, indicators: [ReferenceSeriesDoc], sources: [SourceDoc]) {
        self.schemaVersion = DashboardDocument.schemaVersion
        self.territory = territory
        self.role = role
        self.indicators = indicators
        self.sources = sources
    }
}

public struct ReferenceSeriesDoc: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var unit: String
    public var values: [ValueDoc]
    public var sources: [String]
}

/// A page's charts as data, with their series (`charts/<dashboard>/<page>.json`, described by
/// `Schemas/charts.schema.json`, written with `--format …,charts`): in the page's order, key
/// figures' sparklines first, then the sections' charts, then the peer table.
public struct ChartDataDocument: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        /// The chart's SVG, relative to the site root.
        public var file: String
        public var chart: ChartSpec
    }

    public var schemaVersion: Int
    /// `territoire/ze2020-2405`: the page's HTML is `<page>.html`, its JSON `data/<page>.json`.
    public var page: String
    public var charts: [Entry]

    public init(page: String, charts: [Entry]) {
        schemaVersion = DashboardDocument.schemaVersion
        self.page = page
        self.charts = charts
    }
}

/// One number with what is known of it.
public struct ValueDoc: Sendable, Hashable, Codable {
    /// The territory the value is for.
    public var territory: String
    /// `subject`, `departement`, `region`, `france` or `peer`.
    public var role: String
    /// Canonical period: `2024`, `2024-T2`, `2024-09`.
    public var period: String
    /// The code of the table entry (`metier` code…), for table indicators.
    public var key: String?
    /// The entry's label in French.
    public var label: String?
    /// `ok`, `masked`, `approximate` or `no_value`.
    public var status: String
    /// The value; for a masked value, its lower bound.
    public var value: Double?
    public var lower: Double?
    /// `nil` with a masked value: no upper bound is known.
    public var upper: Double?
    public var maskedCells: Int
    /// For approximate values: the share (0–1) of the territory the source covers, weighted by ``apportionKey``.
    public var coverage: Double?
    /// For approximate values: the share (0–1) of the territory estimated by sharing out units that lie partly inside.
    public var apportioned: Double?
    /// The commune weight used for coverage and apportionment (`salaried-jobs`, `active-population`, `population`, `communes`).
    public var apportionKey: String?
    /// Why there is no value.
    public var reason: String?
    /// The value written in French, with its status: `au moins 1 238, au plus 1 343 (35 cellules
    /// masquées)` on the page; in the JSON (``DashboardDocument/published``), as a table cell
    /// gives it: `1 238 à 1 343`.
    public var text: String
    /// Positions (from 0) in the page's `sources` of the files the value came from.
    public var sources: [Int]
    /// What the entry carries besides its value, in French: the competences still to acquire
    /// along a passerelle, the transitions a métier is flagged for.
    public var details: [String]?

    enum CodingKeys: String, CodingKey {
        case territory, role, period, key, label, status, value, lower, upper, maskedCells, coverage, apportioned
        case apportionKey, reason, text, sources, details
    }

    /// Whether `bound` is the value itself, as for every exact or approximate value: the JSON then
    /// leaves it out (schema 4), and reading restores it.
    private func boundIsValue(_ bound: Double?) -> Bool {
        status != "masked" && bound != nil && bound == value
    }
}

extension ValueDoc {
    /// Leaves out what the rest of the value says: `lower` and `upper` when they are the value
    /// (an exact or approximate value; a masked one keeps both), `masked_cells` when none is.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(territory, forKey: .territory)
        try container.encode(role, forKey: .role)
        try container.encode(period, forKey: .period)
        try container.encodeIfPresent(key, forKey: .key)
        try container.encodeIfPresent(label, forKey: .label)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(value, forKey: .value)
        if !boundIsValue(lower) { try container.encodeIfPresent(lower, forKey: .lower) }
        if !boundIsValue(upper) { try container.encodeIfPresent(upper, forKey: .upper) }
        if maskedCells != 0 { try container.encode(maskedCells, forKey: .maskedCells) }
        try container.encodeIfPresent(coverage, forKey: .coverage)
        try container.encodeIfPresent(apportioned, forKey: .apportioned)
        try container.encodeIfPresent(apportionKey, forKey: .apportionKey)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encode(text, forKey: .text)
        try container.encode(sources, forKey: .sources)
        try container.encodeIfPresent(details, forKey: .details)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        territory = try container.decode(String.self, forKey: .territory)
        role = try container.decode(String.self, forKey: .role)
        period = try container.decode(String.self, forKey: .period)
        key = try container.decodeIfPresent(String.self, forKey: .key)
        label = try container.decodeIfPresent(String.self, forKey: .label)
        status = try container.decode(String.self, forKey: .status)
        value = try container.decodeIfPresent(Double.self, forKey: .value)
        let implied = status == "masked" ? nil : value
        lower = try container.decodeIfPresent(Double.self, forKey: .lower) ?? implied
        upper = try container.decodeIfPresent(Double.self, forKey: .upper) ?? implied
        maskedCells = try container.decodeIfPresent(Int.self, forKey: .maskedCells) ?? 0
        coverage = try container.decodeIfPresent(Double.self, forKey: .coverage)
        apportioned = try container.decodeIfPresent(Double.self, forKey: .apportioned)
        apportionKey = try container.decodeIfPresent(String.self, forKey: .apportionKey)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        text = try container.decode(String.self, forKey: .text)
        sources = try container.decode([Int].self, forKey: .sources)
        details = try container.decodeIfPresent([String].self, forKey: .details)
    }
}

public struct KeyFigureDoc: Sendable, Hashable, Codable {
    public var indicator: String
    public var title: String
    public var unit: String
    public var value: ValueDoc?
    public var comparisons: [ValueDoc]
    /// Sparkline data and its SVG file, relative to the site root.
    public var sparkline: ChartSpec?
    public var sparklineFile: String?
}

public struct SectionDoc: Sendable, Hashable, Codable {
    public var title: String
    public var anchor: String
    public var intro: String?
    public var indicators: [IndicatorDoc]
}

public struct IndicatorDoc: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var description: String
    /// `count`, `percent`, `points`, `ratio`, `per1000`, `index` or `euros`.
    public var unit: String
    public var formula: String
    public var source: String
    public var direction: String
    /// The chart as drawn (`null` when the indicator is shown as a number only).
    public var chart: ChartSpec?
    /// The SVG file, relative to the site root.
    public var chartFile: String?
    /// Every value shown, the territory's and its references' and peers'. A table (an entry per
    /// métier, competence…) keeps, for each territory and period, the entries the chart shows.
    public var values: [ValueDoc]
    /// The table entries left out of ``values``: the page's CSV has them; `nil` when none is.
    public var omittedEntries: Int?
    /// What a reader must know: masked cells, approximations, missing values and why.
    public var notes: [String]
    public var sources: [String]
    /// Every value, the omitted table entries included, for the page's CSV; not in the JSON.
    public var allValues: [ValueDoc]?

    enum CodingKeys: String, CodingKey {
        case id, title, description, unit, formula, source, direction, chart, chartFile, values, omittedEntries, notes, sources
    }

    public init(id: String, title: String, description: String, unit: String, formula: String, source: String,
                direction: String, chart: ChartSpec?, chartFile: String?, values: [ValueDoc], notes: [String], sources: [String]) {
        self.id = id
        self.title = title
        self.description = description
        self.unit = unit
        self.formula = formula
        self.source = source
        self.direction = direction
        self.chart = chart
        self.chartFile = chartFile
        self.values = values
        self.notes = notes
        self.sources = sources
    }

    /// Keeps, of a table's entries, those whose key is in `shown`; the others stay in ``allValues``.
    mutating func keepEntries(_ shown: Set<String>) {
        let kept = values.filter { $0.key.map(shown.contains) ?? true }
        guard kept.count < values.count else { return }
        allValues = values
        omittedEntries = values.count - kept.count
        values = kept
    }
}

/// One GeoJSON file of the site: a région's territories of one geography with their values.
public struct GeoJSONRef: Sendable, Hashable, Codable {
    public var geography: String
    /// `zones d'emploi`, `bassins BMO`…
    public var label: String
    /// Relative to the site root: `geo/reg-24-ze2020.geojson`.
    public var file: String
    public var features: Int
}

/// A map: its spec (the shapes are in the SVG and in the site's GeoJSON), each territory's value
/// and the class breaks the legend states.
public struct MapDoc: Sendable, Hashable, Codable {
    /// The anchor on the page: `carte-bmo-part-difficiles-bassin-bmo`.
    public var id: String
    /// The indicator coloured; `nil` for a locator map.
    public var indicator: String?
    public var title: String
    /// The geography of the territories coloured (`bassin-bmo`), or of the base map.
    public var geography: String
    public var map: MapSpec
    /// The SVG file, relative to the site root.
    public var mapFile: String
    /// The GeoJSON of the geography with every value, relative to the site root.
    public var geojsonFile: String?
    /// `[minimum, upper₁, …, maximum]`, in the unit drawn; empty without values.
    public var classBreaks: [Double]
    /// One value per territory coloured, for the period mapped.
    public var values: [ValueDoc]
    public var notes: [String]
    public var sources: [String]
}

public struct PeerTableDoc: Sendable, Hashable, Codable {
    public var title: String
    public var indicators: [String]
    public var chart: ChartSpec
    public var chartFile: String
    public var values: [ValueDoc]
}

/// One downloaded file a value came from.
public struct SourceDoc: Sendable, Hashable, Codable, Comparable {
    /// `dataset/vintage/file`.
    public var id: String
    public var dataset: String
    public var datasetTitle: String
    public var publisher: String?
    public var vintage: String
    public var file: String
    public var sha256: String
    /// ISO 8601, UTC; `nil` when the file was not fetched by this tool (a local file).
    public var fetchedAt: String?

    /// By id, then every other field: a total order, so sorted sets give the same bytes each run.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        if lhs.id != rhs.id { return lhs.id < rhs.id }
        if lhs.sha256 != rhs.sha256 { return lhs.sha256 < rhs.sha256 }
        if lhs.fetchedAt != rhs.fetchedAt { return (lhs.fetchedAt ?? "") < (rhs.fetchedAt ?? "") }
        return (lhs.datasetTitle, lhs.publisher ?? "") < (rhs.datasetTitle, rhs.publisher ?? "")
    }
}

/// The JSON of the site's index: every page, described by `Schemas/index.schema.json`.
public struct SiteIndexDocument: Sendable, Hashable, Codable {
    public var schemaVersion: Int
    public var title: String
    public var pages: [PageRef]
    public var sources: [SourceDoc]
    /// The démarches' follow-up pages; `nil` when there is none.
    public var demarches: [DemarcheRef]?

    public struct PageRef: Sendable, Hashable, Codable {
        public var dashboard: String
        public var territory: TerritoryRef
        public var html: String
        public var json: String
        public var csv: String
    }

    public init(title: String, pages: [PageRef], sources: [SourceDoc]) {
        self.schemaVersion = DashboardDocument.schemaVersion
        self.title = title
        self.pages = pages
        self.sources = sources
    }
}

extension DashboardDocument {
    /// The document as its JSON gives it: the values of the references that have their own file
    /// are left to that file (the HTML page, made from the whole document, still shows them), a
    /// table's omitted entries are not carried, and (schema 4) a chart comes without its series,
    /// its numbers being the indicator's `values` and the references' files, drawn in its SVG,
    /// and a value's `text` is short.
    public var published: DashboardDocument {
        var copy = self
        let filed = references.filter { $0.json != nil }
        for section in copy.sections.indices {
            for index in copy.sections[section].indicators.indices {
                copy.sections[section].indicators[index].values.removeAll { value in filed.contains { $0.holds(value) } }
                copy.sections[section].indicators[index].allValues = nil
                copy.sections[section].indicators[index].chart?.series = []
            }
        }
        for index in copy.keyFigures.indices { copy.keyFigures[index].sparkline?.series = [] }
        copy.peerTable?.chart.series = []
        // Short texts (`≈ 5 228 à 5 403`): the explanation the page writes out is in the value's
        // own fields (bounds, masked cells, coverage, apportionment, reason).
        var units: [String: String] = [:]
        for section in copy.sections.indices {
            for index in copy.sections[section].indicators.indices {
                let unit = copy.sections[section].indicators[index].unit
                units[copy.sections[section].indicators[index].id] = unit
                ValueDoc.shorten(&copy.sections[section].indicators[index].values, unit: unit)
            }
        }
        for index in copy.keyFigures.indices {
            let unit = copy.keyFigures[index].unit
            units[copy.keyFigures[index].indicator] = unit
            copy.keyFigures[index].value?.shorten(unit: unit)
            ValueDoc.shorten(&copy.keyFigures[index].comparisons, unit: unit)
        }
        if let table = copy.peerTable {
            for index in table.values.indices {
                if let key = table.values[index].key, let unit = units[key] { copy.peerTable!.values[index].shorten(unit: unit) }
            }
        }
        if let maps = copy.maps {
            for index in maps.indices {
                if let indicator = maps[index].indicator, let unit = units[indicator] { ValueDoc.shorten(&copy.maps![index].values, unit: unit) }
            }
        }
        return copy
    }

    /// Every value of the page's sections, the omitted table entries included, but not its
    /// references' values when they have their own file: the page's CSV.
    public var csvValues: [(indicator: IndicatorDoc, values: [ValueDoc])] {
        let filed = references.filter { $0.json != nil }
        return sections.flatMap(\.indicators).map { indicator in
            (indicator, (indicator.allValues ?? indicator.values).filter { value in !filed.contains { $0.holds(value) } })
        }
    }

    /// Turns the values' file numbers, handed out while the page was built, into positions in
    /// ``sources``: `positions[number]`.
    mutating func renumberSources(_ positions: [Int]) {
        func renumber(_ values: inout [ValueDoc]) {
            for index in values.indices { values[index].renumberSources(positions) }
        }
        for index in keyFigures.indices {
            keyFigures[index].value?.renumberSources(positions)
            renumber(&keyFigures[index].comparisons)
        }
        for section in sections.indices {
            for indicator in sections[section].indicators.indices {
                renumber(&sections[section].indicators[indicator].values)
                if sections[section].indicators[indicator].allValues != nil {
                    renumber(&sections[section].indicators[indicator].allValues!)
                }
            }
        }
        if peerTable != nil { renumber(&peerTable!.values) }
        if locator != nil { renumber(&locator!.values) }
        if maps != nil { for index in maps!.indices { renumber(&maps![index].values) } }
    }
}

extension ReferenceDocument {
    /// The document as its JSON gives it: values with short texts, as on the pages' JSON.
    public var published: ReferenceDocument {
        var copy = self
        for index in copy.indicators.indices { ValueDoc.shorten(&copy.indicators[index].values, unit: copy.indicators[index].unit) }
        return copy
    }

    mutating func renumberSources(_ positions: [Int]) {
        for indicator in indicators.indices {
            for index in indicators[indicator].values.indices { indicators[indicator].values[index].renumberSources(positions) }
        }
    }
}

extension ValueDoc {
    /// The text a table cell gives: `7,2 %`, `≈ 7,5 %`, `1 413 à 1 530`, `≥ 12`, `n.d.`.
    mutating func shorten(unit: String) {
        text = DashboardBuilder.shortText(self, unit: ObservatoryIndicators.Unit(rawValue: unit) ?? .scalar)
    }

    static func shorten(_ values: inout [ValueDoc], unit: String) {
        for index in values.indices { values[index].shorten(unit: unit) }
    }

    /// The value's file numbers, handed out while its page was built, as positions in the page's
    /// sorted `sources`: `positions[number]`.
    mutating func renumberSources(_ positions: [Int]) {
        sources = sources.map { positions[$0] }.sorted()
    }
}

public enum DocumentJSON {
    /// Sorted keys, snake_case, compact (no indentation: it was 42 % of a page's bytes), a final
    /// newline: the same document, the same bytes. Written by ``CompactJSONEncoder``, byte for
    /// byte what ``foundationEncode(_:)`` gives, faster.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        var data = try CompactJSONEncoder.encode(value)
        data.append(0x0A)
        return data
    }

    /// The same bytes from Foundation's `JSONEncoder` (the reference the tests compare with).
    public static func foundationEncode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: data)
    }
}
