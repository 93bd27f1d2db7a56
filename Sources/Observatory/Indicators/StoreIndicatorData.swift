import Foundation
import ObservatoryCore
import ObservatoryData
import ObservatoryIndicators
import ObservatoryStore

/// ``IndicatorData`` over the store: measures aggregated from the data's units to any territory —
/// exactly where the territory is a union of them, approximately (with coverage) otherwise. A ZE
/// value is never used for a bassin BMO: territories are always typed by geography.
public final class StoreIndicatorData: IndicatorData, @unchecked Sendable {
    let database: ObservatoryDatabase
    let catalog: Catalog
    private let lock = NSLock()
    private var indexes: [String: MeasureIndex] = [:]
    /// Measure accesses already answered, per measure reference (with its breakdown), then per
    /// territory and period: indicators share measures and reference territories.
    private var answers: [String: [String: MeasureAccess]] = [:]
    private var references: [String: TerritoryID?] = [:]
    let geography: GeographyIndex
    /// The ROME, FAP and training referentials, read once.
    let referentials = ReferentialCache()

    public init(database: ObservatoryDatabase, catalog: Catalog) throws {
        self.database = database
        self.catalog = catalog
        geography = try GeographyIndex(database: database)
    }

    func index(_ dataset: String, _ measure: String) throws -> MeasureIndex {
        let key = "\(dataset).\(measure)"
        lock.lock()
        defer { lock.unlock() }
        if let known = indexes[key] { return known }
        let index = try MeasureIndex(dataset: DatasetID(dataset), measure: measure, database: database)
        indexes[key] = index
        return index
    }

    /// The unit declared for a measure in the catalogue (a count unless said otherwise).
    func unit(_ dataset: String, _ measure: String) -> String {
        catalog.dataset(DatasetID(dataset))?.files.compactMap { $0.ingest?.units[measure] }.first ?? "count"
    }

    /// The key that shares a measure out among communes: as the catalogue says, population otherwise.
    func apportionKey(_ dataset: String, _ measure: String) -> ApportionKey {
        catalog.dataset(DatasetID(dataset))?.files.compactMap { $0.ingest?.apportion[measure] }.first ?? .population
    }

    private var keyWeights: [ApportionKey: KeyWeights?] = [:]

    /// The commune weights of a key, read once; `nil` when the comparateur is not in the store.
    func weights(_ key: ApportionKey) throws -> KeyWeights? {
        lock.lock()
        defer { lock.unlock() }
        if let known = keyWeights[key] { return known }
        let loaded = try KeyWeights.load(key, database: database)
        keyWeights[key] = .some(loaded)
        return loaded
    }

    func maskedBound(_ dataset: String) -> Double? {
        catalog.dataset(DatasetID(dataset))?.files.compactMap { $0.ingest?.values.maskedBound }.first
    }

    public func periods(of reference: MeasureReference) throws -> [Period] {
        try index(reference.dataset, reference.measure).periods
    }

    public func reference(_ name: String, of territory: TerritoryID) throws -> TerritoryID? {
        let key = "\(name)|\(territory)"
        lock.lock()
        if let known = references[key] { lock.unlock(); return known }
        lock.unlock()
        let found = findReference(name, of: territory)
        lock.lock()
        references[key] = found
        lock.unlock()
        return found
    }

    private func findReference(_ name: String, of territory: TerritoryID) -> TerritoryID? {
        switch name {
        case "france": return territory == .france ? nil : .france
        case "region": return territory.geography == .region || territory == .france ? nil : geography.parent(of: territory, in: .region)
        case "departement":
            return [.departement, .region, .france].contains(territory.geography) ? nil : geography.parent(of: territory, in: .departement)
        default: return nil
        }
    }

    public func measure(_ reference: MeasureReference, groupBy: String?, territory: TerritoryID,
                        period: Period) throws -> MeasureAccess {
        let measureKey = reference.text + "|" + (groupBy ?? "")
        let key = "\(territory)|\(period)"
        lock.lock()
        if let known = answers[measureKey]?[key] { lock.unlock(); return known }
        lock.unlock()
        let answer = try assemble(reference, groupBy: groupBy, territory: territory, period: period)
        lock.lock()
        answers[measureKey, default: [:]][key] = answer
        lock.unlock()
        return answer
    }

    /// Forgets every measure read and answered (memberships, weights and referentials are kept):
    /// a run done computing holds no measure through its export; what is read again is read anew.
    public func forgetMeasures() {
        lock.lock()
        defer { lock.unlock() }
        answers = [:]
        indexes = [:]
    }

    /// Forgets the answers of every measure but those of `kept` (dataset.measure names): a run
    /// over every territory keeps in memory only what the next indicators read.
    public func forgetAnswers(keeping kept: Set<String>) {
        lock.lock()
        defer { lock.unlock() }
        answers = answers.filter { key, _ in kept.contains(String(key.prefix { $0 != "[" && $0 != "|" })) }
    }

    private func assemble(_ reference: MeasureReference, groupBy: String?, territory: TerritoryID,
                          period: Period) throws -> MeasureAccess {
        let index = try index(reference.dataset, reference.measure)
        guard let dataPeriod = index.align(period) else {
            return MeasureAccess(result: empty(groupBy, .noDataForPeriod(measure: "\(reference.dataset).\(reference.measure)", period: period)))
        }
        let additive = ["count", "euros"].contains(unit(reference.dataset, reference.measure))
        let key = apportionKey(reference.dataset, reference.measure)
        let composition = geography.compose(territory, from: index, dataset: catalog.dataset(DatasetID(reference.dataset)),
                                            key: key, weights: try weights(key))
        guard !composition.units.isEmpty else {
            return MeasureAccess(result: empty(groupBy, composition.missing ?? .noData), note: composition.note)
        }
        if !additive && (!composition.exact || composition.units.count > 1) {
            if let borrowed = composition.borrowed {
                return MeasureAccess(result: .scalar(.none(borrowed)), note: composition.note)
            }
            return weightedMean(reference, index: index, composition: composition, period: dataPeriod, groupBy: groupBy,
                                territory: territory)
        }
        let bound = maskedBound(reference.dataset)
        // Plain sums per group, turned into values once: [lower, upper] over present and masked cells.
        struct Sum {
            var lower = 0.0
            var upper: Double? = 0
            var masked = 0
            var sources = SourceSet()
        }
        var sums: [String: Sum] = [:]
        let total = groupBy == nil ? "" : nil
        var anyRow = false
        for unit in composition.units {
            let weight = additive ? unit.weight : 1
            for row in index.rows[unit.territory]?[dataPeriod] ?? [] where matches(row, reference.filters, composition.dimensionFilter) {
                anyRow = true
                guard row.status != .missing else { continue }
                let key = total ?? row.dimensions[groupBy!] ?? ""
                var sum = sums[key] ?? Sum()
                if row.status == .present {
                    let value = row.value! * weight
                    sum.lower += value
                    sum.upper = sum.upper.map { $0 + value }
                } else {
                    sum.masked += 1
                    sum.upper = sum.upper.flatMap { upper in bound.map { upper + $0 * weight } }
                }
                sum.sources.formUnion(index.sourceSets[row.source])
                sums[key] = sum
            }
        }
        var groups: [String: Value] = [:]
        for (key, sum) in sums {
            groups[key] = Value(lower: sum.lower, upper: sum.upper, maskedCells: sum.masked, extent: composition.extent, reason: nil,
                                sourceIDs: sum.sources).finiteOrNone()
        }
        guard anyRow else {
            return MeasureAccess(result: empty(groupBy, .noDataForTerritory(measure: reference.text, territory: territory, period: dataPeriod)),
                                 note: composition.note)
        }
        if let groupBy {
            let table = Table(dimension: groupBy, entries: groups.keys.sorted().map {
                .init(key: $0, value: groups[$0] ?? .none(.onlyMissingCells(measure: nil)))
            })
            return MeasureAccess(result: .table(table), note: composition.note)
        }
        return MeasureAccess(result: .scalar(groups[""] ?? .none(.onlyMissingCells(measure: reference.text))), note: composition.note)
    }

    /// A rate for a territory the units only partly fit: the units' rates weighted by the territory's
    /// part of each (active population for unemployment), an estimate said as such.
    private func weightedMean(_ reference: MeasureReference, index: MeasureIndex, composition: GeographyIndex.Composition,
                              period: Period, groupBy: String?, territory: TerritoryID) -> MeasureAccess {
        struct Mean {
            var lower = 0.0, upper = 0.0, weight = 0.0
            var sources = SourceSet()
        }
        var means: [String: Mean] = [:]
        for (position, unit) in composition.units.enumerated() {
            let weight = composition.meanWeights[position]
            for row in index.rows[unit.territory]?[period] ?? [] where matches(row, reference.filters, composition.dimensionFilter) {
                guard row.status == .present, let value = row.value else { continue }
                let key = groupBy.map { row.dimensions[$0] ?? "" } ?? ""
                var mean = means[key] ?? Mean()
                mean.lower += value * weight
                mean.upper += value * weight
                mean.weight += weight
                mean.sources.formUnion(index.sourceSets[row.source])
                means[key] = mean
            }
        }
        var extent = composition.extent ?? Extent(coverage: 1, apportioned: 0, key: key(reference))
        extent.weightedMean = true
        var groups: [String: Value] = [:]
        for (key, mean) in means where mean.weight > 0 {
            groups[key] = Value(lower: mean.lower / mean.weight, upper: mean.upper / mean.weight, maskedCells: 0,
                                extent: extent, reason: nil, sourceIDs: mean.sources)
                .finiteOrNone()
        }
        let note = composition.note + "; a mean of the units' values weighted by each one's part in the territory"
        guard !groups.isEmpty else {
            return MeasureAccess(result: empty(groupBy, .noDataForTerritory(measure: reference.text, territory: territory, period: period)), note: note)
        }
        if let groupBy {
            return MeasureAccess(result: .table(Table(dimension: groupBy, entries: groups.keys.sorted().map { .init(key: $0, value: groups[$0]!) })),
                                 note: note)
        }
        return MeasureAccess(result: .scalar(groups[""]!), note: note)
    }

    private func key(_ reference: MeasureReference) -> ApportionKey { apportionKey(reference.dataset, reference.measure) }

    private func matches(_ row: MeasureIndex.Row, _ filters: [DimensionFilter], _ extra: (String, String)?) -> Bool {
        if let extra, row.dimensions[extra.0] != extra.1 { return false }
        for filter in filters {
            let value = row.dimensions[filter.dimension] ?? ""
            if filter.values.contains(value) == filter.negated { return false }
        }
        return true
    }

    /// No row for the territory: the reason, for a breakdown as for a total (an empty table would
    /// lose it, and the page would say « pas de valeur » without saying why).
    private func empty(_ groupBy: String?, _ reason: MissingReason) -> EvaluationResult {
        .scalar(.none(reason))
    }
}
