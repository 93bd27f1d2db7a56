import Foundation
import ObservatoryCore
import ObservatoryIndicators
import ObservatoryStore

/// All observations of one dataset measure, in memory, indexed by territory and period; where
/// vintages overlap, the latest vintage wins.
final class MeasureIndex: @unchecked Sendable {
    struct Row {
        var dimensions: [String: String]
        var value: Double?
        var status: CellStatus
        var source: Int
    }

    let dataset: String
    let measure: String
    private(set) var rows: [TerritoryID: [Period: [Row]]] = [:]
    private(set) var sources: [Provenance] = []
    /// Each of ``sources`` as a one-id set of ``ProvenanceRegistry/shared``.
    private(set) var sourceSets: [SourceSet] = []
    private(set) var periods: [Period] = []
    private(set) var geographies: Set<Geography> = []
    /// Territories per geography, sorted.
    private(set) var territories: [Geography: [TerritoryID]] = [:]

    init(dataset: DatasetID, measure: String, database: ObservatoryDatabase) throws {
        self.dataset = dataset.rawValue
        self.measure = measure
        let vintages = try database.vintages(of: dataset)
        var sourceIndex: [String: Int] = [:]
        for (index, vintage) in vintages.enumerated() {
            let p = vintage.provenance
            sources.append(Provenance(dataset: dataset.rawValue, vintage: p.vintage, file: p.sourceFile, sha256: p.sha256,
                                      fetchedAt: p.fetchedAt))
            sourceIndex[p.vintage] = index
        }
        // A vintage republishes whole tables: for each territory and period, the latest vintage's rows win.
        var bucketSource: [TerritoryID: [Period: Int]] = [:]
        try database.forEachObservation(ObservationQuery(dataset: dataset, measure: measure)) { vintage, observation in
            let source = sourceIndex[vintage] ?? 0
            let row = Row(dimensions: observation.dimensions, value: observation.value, status: observation.status, source: source)
            let current = bucketSource[observation.territory]?[observation.period]
            if current == nil || source > current! {
                bucketSource[observation.territory, default: [:]][observation.period] = source
                rows[observation.territory, default: [:]][observation.period] = [row]
            } else if source == current! {
                rows[observation.territory]![observation.period]!.append(row)
            }
        }
        sourceSets = sources.map { SourceSet(ids: [ProvenanceRegistry.shared.id($0)]) }
        periods = Array(Set(rows.values.flatMap(\.keys))).sorted()
        geographies = Set(rows.keys.map(\.geography))
        territories = Dictionary(grouping: rows.keys.sorted(), by: \.geography)
    }

    private var unitsByDimension: [String: [String: [TerritoryID]]] = [:]
    private let lock = NSLock()

    /// The territories having at least one row whose `dimension` is `value` (scanned once per dimension).
    func units(where dimension: String, is value: String) -> [TerritoryID] {
        lock.lock()
        defer { lock.unlock() }
        if unitsByDimension[dimension] == nil {
            var found: [String: Set<TerritoryID>] = [:]
            for (territory, periods) in rows {
                for bucket in periods.values {
                    for row in bucket { if let code = row.dimensions[dimension] { found[code, default: []].insert(territory) } }
                }
            }
            unitsByDimension[dimension] = found.mapValues { $0.sorted() }
        }
        return unitsByDimension[dimension]?[value] ?? []
    }

    /// The data period that answers a requested one: the same; for a year on quarterly data, the
    /// year's last quarter present; for a quarter on yearly data, its year.
    func align(_ period: Period) -> Period? {
        guard let kind = periods.first?.kind else { return nil }
        if kind == period.kind { return periods.contains(period) ? period : nil }
        if period.kind == .year { return periods.last { $0.year == period.year } }
        if kind == .year { return periods.first { $0.year == period.year } }
        return periods.last { $0.year == period.year && $0 <= Period.quarter(period.year, 4) }
    }
}
