import Foundation
import ObservatoryCore
import ObservatoryIndicators

/// Everything the pages are built from: computed values, territory names, references and
/// peers, the labels of table codes and the datasets' titles. Built by the export use case from
/// the store; pages are pure functions of it.
public struct ExportData: Sendable {
    /// The values of one indicator for one territory, oldest period first.
    public typealias Series = [(period: Period, result: EvaluationResult)]

    public var library: IndicatorLibrary
    public var values: [String: [TerritoryID: Series]]
    public var names: [TerritoryID: String]
    /// The département, région and France of each territory, in that order.
    public var references: [TerritoryID: [(role: IndicatorDefinition.Comparison, territory: TerritoryID)]]
    public var peers: [TerritoryID: [TerritoryID]]
    /// `dimension` → code → French label.
    public var labels: [String: [String: String]]
    /// Dataset id → (title, publisher).
    public var datasets: [String: (title: String, publisher: String?)]
    /// The nomenclature of a dimension's codes per dataset vintage, keyed `dataset/vintage/dimension`
    /// (`bmo/2024/metier` → `FAP-2021`): a value drawing on two vintages of different
    /// nomenclatures gets a note that the comparison crosses the change.
    public var nomenclatures: [String: String] = [:]
    /// The shapes of the territories, for locator maps and choropleths; `nil` without boundaries.
    public var maps: SiteMaps?
    /// The committees' démarches (`Indicators/demarches/`), each with a follow-up page.
    public var demarches: [DemarcheDefinition] = []
    /// The series of the indicators the démarches follow, for their territories, every period
    /// (a dashboard may show only an indicator's latest period).
    public var demarcheValues: [String: [TerritoryID: Series]] = [:]
    /// The values earlier refreshes recorded, per indicator (`Cache/history/`).
    public var history: [String: [HistoryRecord]] = [:]

    public init(library: IndicatorLibrary, values: [String: [TerritoryID: Series]], names: [TerritoryID: String],
                references: [TerritoryID: [(role: IndicatorDefinition.Comparison, territory: TerritoryID)]],
                peers: [TerritoryID: [TerritoryID]], labels: [String: [String: String]],
                datasets: [String: (title: String, publisher: String?)]) {
        self.library = library
        self.values = values
        self.names = names
        self.references = references
        self.peers = peers
        self.labels = labels
        self.datasets = datasets
    }

    public func series(_ indicator: String, _ territory: TerritoryID) -> Series {
        values[indicator]?[territory] ?? []
    }

    public func latest(_ indicator: String, _ territory: TerritoryID) -> (period: Period, result: EvaluationResult)? {
        series(indicator, territory).last
    }

    public func name(_ territory: TerritoryID) -> String {
        names[territory] ?? (territory == .france ? "France" : territory.description)
    }

    public func label(_ dimension: String, _ code: String) -> String {
        labels[dimension]?[code] ?? Self.fixedLabels[code] ?? code
    }

    /// Keys of engine results that are words, not data codes.
    static let fixedLabels: [String: String] = [
        "national": "Effet national", "mix": "Effet de structure", "competitive": "Effet local",
        "regional": "Effet local", "total": "Évolution totale", "change": "Évolution totale",
    ]

    public func ref(_ territory: TerritoryID) -> TerritoryRef { TerritoryRef(id: territory, name: name(territory)) }
}
