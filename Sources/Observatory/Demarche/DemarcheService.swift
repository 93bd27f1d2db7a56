import Foundation
import ObservatoryCore
import ObservatoryData
import ObservatoryExport
import ObservatoryIndicators
import ObservatoryStore

/// The démarches of `Indicators/demarches/`: read and checked, the series of their indicators
/// computed for their territories (every period, whatever the dashboards show), recorded in the
/// history, and the history read back for their pages.
public struct DemarcheService: Sendable {
    public var layout: ProjectLayout

    public init(layout: ProjectLayout) { self.layout = layout }

    public var directory: URL { layout.indicators.appendingPathComponent("demarches", isDirectory: true) }
    public var history: ValueHistory { ValueHistory(folder: layout.cache.appendingPathComponent("history", isDirectory: true)) }
    var seriesFolder: URL { layout.cache.appendingPathComponent("computed/demarches", isDirectory: true) }

    /// Reads every démarche, checked against the library and the custom basins; throws
    /// ``DiagnosticsError`` listing every problem (warnings are returned).
    public func load(library: IndicatorLibrary) throws -> (demarches: [DemarcheDefinition], warnings: [Diagnostic]) {
        let basins = try? CustomTerritory.loadAll(directory: layout.territoriesDirectory, displayRoot: layout.root)
        return try DemarcheLoader.load(directory: directory, displayRoot: layout.root, library: library,
                                       customBasins: basins.map { Set($0.map(\.id)) })
    }

    /// The library with the followed indicators computed for every period (`periods: series`):
    /// a start and a trajectory need the past, even of an indicator a dashboard shows at its latest.
    static func seriesLibrary(_ library: IndicatorLibrary, followed: Set<String>) -> IndicatorLibrary {
        IndicatorLibrary(indicators: library.indicators.map { indicator in
            guard followed.contains(indicator.id) else { return indicator }
            var copy = indicator
            copy.definition.periods = .series
            return copy
        })
    }

    /// The followed indicators' series for the démarches' territories, read back from
    /// `Cache/computed/demarches/` when their inputs did not change, computed otherwise.
    public func series(demarches: [DemarcheDefinition], library: IndicatorLibrary, catalog: Catalog,
                       database: ObservatoryDatabase, data shared: StoreIndicatorData? = nil) throws -> [String: [TerritoryID: ExportData.Series]] {
        let followed = Set(demarches.flatMap { $0.indicators.map(\.indicator) })
        guard !followed.isEmpty else { return [:] }
        let territories = Array(Set(demarches.flatMap(\.territories))).sorted()
        let known = Set(try database.territories().map(\.id))
        let present = territories.filter { known.contains($0) || $0 == .france }
        let seriesLibrary = Self.seriesLibrary(library, followed: followed)
        let fingerprints = ComputedCache.fingerprints(library: seriesLibrary, ingested: try database.ingestedFiles(),
                                                      territoryFiles: ComputedCache.territoryFilesDigest(layout), territories: present, catalog: catalog)
        let cache = ComputedCache(folder: seriesFolder)
        var values: [String: [TerritoryID: ExportData.Series]] = [:]
        var stale: [String] = []
        for id in followed.sorted() {
            if let stored = cache.load(id, fingerprint: fingerprints[id] ?? "") {
                for (territory, period, result) in stored { values[id, default: [:]][territory, default: []].append((period, result)) }
            } else {
                stale.append(id)
            }
        }
        if !stale.isEmpty, !present.isEmpty {
            let data = try shared ?? StoreIndicatorData(database: database, catalog: catalog)
            let computed = try ComputeService(layout: layout).compute(library: seriesLibrary, data: data, indicators: stale, territories: present)
            let byIndicator = Dictionary(grouping: computed, by: \.indicator.id)
            for id in stale {
                let list = byIndicator[id] ?? []
                try cache.save(id, fingerprint: fingerprints[id] ?? "", values: list)
                for value in list { values[id, default: [:]][value.territory, default: []].append((value.period, value.result)) }
            }
        }
        for (id, byTerritory) in values {
            for (territory, list) in byTerritory { values[id]![territory] = list.sorted { $0.period < $1.period } }
        }
        return values
    }

    /// Records `values` in the history, dated `date`; only what differs from the last record of
    /// each value is written. Returns the number of records added.
    @discardableResult
    public func record(_ values: [String: [TerritoryID: ExportData.Series]], at date: Date) throws -> Int {
        var count = 0
        for id in values.keys.sorted() { count += try history.record(id, series: values[id]!, at: date) }
        return count
    }

    /// The history of the indicators the démarches follow.
    public func records(for demarches: [DemarcheDefinition]) -> [String: [HistoryRecord]] {
        var result: [String: [HistoryRecord]] = [:]
        let territories = Set(demarches.flatMap(\.territories))
        for id in Set(demarches.flatMap { $0.indicators.map(\.indicator) }).sorted() { result[id] = history.load(id, territories: territories) }
        return result
    }
}
