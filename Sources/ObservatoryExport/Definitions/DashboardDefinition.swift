import Foundation
import ObservatoryConfig
import ObservatoryCore
import ObservatoryIndicators

/// A dashboard as analysts define it in `Indicators/dashboards/<id>.yaml`: its sections and their
/// indicators, for one page per territory, or one page following a filière across a région.
public struct DashboardDefinition: Sendable, Hashable {
    /// What the dashboard follows.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// One page per territory of the listed geographies.
        case territory
        /// One page for a filière (a set of sectors and métiers) across the territories of a région.
        case filiere
    }

    /// An indicator placed on the dashboard, with the chart it is drawn with.
    public struct Item: Sendable, Hashable {
        public var indicator: String
        /// Overrides the indicator's own chart.
        public var chart: IndicatorDefinition.Chart?
        /// A note printed under the chart.
        public var note: String?

        public init(indicator: String, chart: IndicatorDefinition.Chart? = nil, note: String? = nil) {
            self.indicator = indicator
            self.chart = chart
            self.note = note
        }
    }

    /// A headline number, with the indicator whose series draws its sparkline.
    public struct KeyFigure: Sendable, Hashable {
        public var indicator: String
        public var sparkline: String?

        public init(indicator: String, sparkline: String? = nil) {
            self.indicator = indicator
            self.sparkline = sparkline
        }
    }

    /// A choropleth of one indicator across the territories of a geography, drawn on the pages of
    /// régions (territory dashboards) or on the filière's page.
    public struct MapItem: Sendable, Hashable {
        public enum Classification: String, Sendable, Hashable, CaseIterable { case quantile, jenks }
        public var indicator: String
        /// The territories coloured: `bassin-bmo`, `ze2020`, `dep`, `epci`.
        public var geography: Geography
        public var classification: Classification
        /// 4 to 6.
        public var classes: Int
        /// Outline the committees' custom basins over the map.
        public var outlineCustom: Bool

        public init(indicator: String, geography: Geography, classification: Classification = .quantile, classes: Int = 5,
                    outlineCustom: Bool = false) {
            self.indicator = indicator
            self.geography = geography
            self.classification = classification
            self.classes = classes
            self.outlineCustom = outlineCustom
        }
    }

    public struct Section: Sendable, Hashable {
        public var title: String
        public var intro: String?
        public var items: [Item]

        public init(title: String, intro: String? = nil, items: [Item]) {
            self.title = title
            self.intro = intro
            self.items = items
        }

        /// The anchor of the section on its page: `chomage-et-demandeurs-d-emploi`.
        public var anchor: String { Slug.make(title) }
    }

    /// Lower-case letters, digits and dashes: the file name without `.yaml`.
    public var id: String
    public var title: String
    public var description: String?
    public var kind: Kind
    /// For a territory dashboard: the geographies that get a page.
    public var geographies: [Geography]
    /// For a filière dashboard: the région followed, and the geography of its territories compared.
    public var region: String?
    public var scale: Geography?
    public var keyFigures: [KeyFigure]
    /// Scalar indicators compared across the territory and its peers (a heat table).
    public var peerTable: [String]
    public var sections: [Section]
    /// Choropleths of the région's territories (section « Cartes »).
    public var maps: [MapItem] = []
    /// The file, as shown in messages.
    public var path: String

    public init(id: String, title: String, description: String? = nil, kind: Kind, geographies: [Geography] = [],
                region: String? = nil, scale: Geography? = nil, keyFigures: [KeyFigure] = [], peerTable: [String] = [],
                sections: [Section], path: String) {
        self.id = id
        self.title = title
        self.description = description
        self.kind = kind
        self.geographies = geographies
        self.region = region
        self.scale = scale
        self.keyFigures = keyFigures
        self.peerTable = peerTable
        self.sections = sections
        self.path = path
    }

    /// Every indicator the dashboard reads.
    public var indicatorIDs: [String] {
        var seen: Set<String> = []
        let all = keyFigures.flatMap { [$0.indicator] + ($0.sparkline.map { [$0] } ?? []) } + peerTable
            + sections.flatMap { $0.items.map(\.indicator) } + maps.map(\.indicator)
        return all.filter { seen.insert($0).inserted }
    }
}

/// URL- and anchor-safe names: `Chômage et demandeurs d'emploi` → `chomage-et-demandeurs-d-emploi`.
public enum Slug {
    public static func make(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "fr_FR"))
            .lowercased()
        var result = ""
        var lastDash = true
        for scalar in folded.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                result.unicodeScalars.append(scalar)
                lastDash = false
            } else if !lastDash {
                result += "-"
                lastDash = true
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result.isEmpty ? "x" : result
    }

    /// The file name of a territory's page and data: `custom-vierzon`, `ze2020-2401`.
    public static func territory(_ id: TerritoryID) -> String {
        id.geography.rawValue + "-" + make(id.code)
    }
}
