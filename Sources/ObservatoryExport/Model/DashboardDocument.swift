import Foundation
import ObservatoryCharts
import ObservatoryCore

/// The JSON of one dashboard page, described by `Schemas/dashboard.schema.json`. Keys are written
/// in snake_case and sorted, so the same values give the same bytes.
public struct DashboardDocument: Sendable, Hashable, Codable {
    public static let schemaVersion = 2

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
    /// The value written in French, with its status: `au moins 1 238, au plus 1 343 (35 cellules masquées)`.
    public var text: String
    /// Ids of ``SourceDoc``.
    public var sources: [String]
    /// What the entry carries besides its value, in French: the competences still to acquire
    /// along a passerelle, the transitions a métier is flagged for.
    public var details: [String]?
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
    /// Every value shown, the territory's and its references' and peers'.
    public var values: [ValueDoc]
    /// What a reader must know: masked cells, approximations, missing values and why.
    public var notes: [String]
    public var sources: [String]
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

public enum DocumentJSON {
    /// Sorted keys, snake_case, compact (no indentation: it was 42 % of a page's bytes), a final
    /// newline: the same document, the same bytes.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
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
