import Foundation
import ObservatoryCore
import ObservatoryData
import ObservatoryIndicators
import ObservatoryStore

/// One indicator's result for one territory and period.
public struct ComputedValue: Sendable {
    public var indicator: CheckedIndicator
    public var territory: TerritoryID
    public var period: Period
    public var result: EvaluationResult
}

/// The store holds no observation.
public struct EmptyStoreError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var description: String {
        "the store \(path) holds no observations: nothing to compute; run observatory fetch, then observatory ingest"
    }
}

/// The compute use case: every indicator of the library for the chosen territories and periods.
public struct ComputeService: Sendable {
    public var layout: ProjectLayout

    public init(layout: ProjectLayout) { self.layout = layout }

    /// Throws ``EmptyStoreError`` when the store holds no observation: there is nothing to compute.
    public func requireObservations(database: ObservatoryDatabase) throws {
        guard try database.datasetStatuses().contains(where: { $0.rowCount > 0 }) else {
            throw EmptyStoreError(path: layout.storeFile.path)
        }
    }

    public var indicatorsDirectory: URL { layout.indicators.appendingPathComponent("indicators", isDirectory: true) }

    /// Reads and checks the indicator library against the catalogue; throws ``DiagnosticsError``.
    public func library(catalog: Catalog) throws -> IndicatorLibrary {
        try IndicatorLibrary.load(directory: indicatorsDirectory, displayRoot: layout.root, symbols: CatalogSymbols(catalog: catalog))
    }

    /// The periods to compute an indicator for: its latest period with data, all of them, or the one it names.
    public func periods(of indicator: CheckedIndicator, library: IndicatorLibrary, data: StoreIndicatorData) throws -> [Period] {
        guard let primary = Self.primaryMeasure(indicator, library: library) else { return [] }
        var available = try data.periods(of: primary)
        if available.isEmpty {
            // The first source is not in the store (`coalesce(official, estimate)` without the official series).
            for reference in Self.measures(indicator, library: library) where available.isEmpty {
                available = try data.periods(of: reference)
            }
        }
        switch indicator.definition.periods {
        case .latest:
            // The newest period any source of the formula has, among periods of the primary's kind.
            let kind = available.last?.kind
            let newest = try Self.allPeriods(indicator, library: library, data: data).filter { $0.kind == kind }.last
            return (newest ?? available.last).map { [$0] } ?? []
        case .series: return available
        case .period(let period): return [period]
        }
    }

    /// The periods any measure of the formula has data for, oldest first.
    static func allPeriods(_ indicator: CheckedIndicator, library: IndicatorLibrary, data: StoreIndicatorData) throws -> [Period] {
        var found: Set<Period> = []
        for reference in measures(indicator, library: library) { found.formUnion(try data.periods(of: reference)) }
        return found.sorted()
    }

    static func measures(_ indicator: CheckedIndicator, library: IndicatorLibrary) -> [MeasureReference] {
        var found: [MeasureReference] = []
        var seen: Set<String> = []
        func walk(_ expression: ObservatoryIndicators.Expression) {
            switch expression {
            case .measure(let reference): found.append(reference)
            case .indicator(let id, _): if seen.insert(id).inserted, let other = library.indicator(id) { walk(other.expression) }
            case .unary(_, let operand, _): walk(operand)
            case .binary(_, let left, let right, _): walk(left); walk(right)
            case .call(_, let arguments, _): arguments.forEach(walk)
            default: break
            }
        }
        walk(indicator.expression)
        return found
    }

    /// The first measure the formula reads (through other indicators if needed): its periods are the indicator's.
    static func primaryMeasure(_ indicator: CheckedIndicator, library: IndicatorLibrary) -> MeasureReference? {
        measures(indicator, library: library).first
    }

    /// Computes `indicators` (all when empty) for `territories`.
    public func compute(library: IndicatorLibrary, data: StoreIndicatorData, indicators: [String] = [],
                        territories: [TerritoryID], progress: (String) -> Void = { _ in }) throws -> [ComputedValue] {
        var values: [ComputedValue] = []
        try compute(library: library, data: data, indicators: indicators, territories: territories, progress: progress) {
            values.append(contentsOf: $0)
        }
        return values
    }

    /// Computes `indicators` (all when empty) for `territories`, giving each indicator's values to
    /// `deliver` as soon as they are known (in the order of the array form), so that a caller
    /// writing them out holds one indicator's values at a time.
    public func compute(library: IndicatorLibrary, data: StoreIndicatorData, indicators: [String] = [],
                        territories: [TerritoryID], progress: (String) -> Void = { _ in },
                        deliver: ([ComputedValue]) throws -> Void) throws {
        let chosen = indicators.isEmpty ? library.indicators : try indicators.map { id in
            guard let indicator = library.indicator(id) else {
                throw UsageError.invalid("unknown indicator '\(id)'; the library has: " + library.indicators.map(\.id).joined(separator: ", "))
            }
            return indicator
        }
        let formulas = Dictionary(uniqueKeysWithValues: library.indicators.map { ($0.id, $0.expression) })
        // Territories are evaluated in parallel, each worker with its own evaluator (and memo of
        // indicator values); the store's measures and compositions are shared and locked. The
        // values come out in the same order as one worker would give them.
        let workers = territories.count < 8 ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let evaluators = (0..<workers).map { _ in
            let evaluator = Evaluator(data: data, formulas: formulas)
            evaluator.recordsTrace = false
            return evaluator
        }
        // Indicators that share a sub-formula (`competences(to_rome(by(bmo.met, metier)), "all", 2)`
        // for the competences in demand, in progress and in decline) are evaluated together,
        // territory by territory, each call computed once for the group and forgotten with the
        // territory; the others one at a time.
        for group in Self.groups(chosen) {
            progress(group.map(\.id).joined(separator: " + "))
            data.forgetAnswers(keeping: Set(group.flatMap { Self.measures($0, library: library).map { "\($0.dataset).\($0.measure)" } }))
            let plans = try group.map { indicator in
                // For the latest period: a territory whose latest value is only an estimate shows its
                // own published value at the latest period that has one (INSEE's rate of a région wins
                // over a mean of its zones), dated as such.
                // Only formulas that read sources of other periods (`coalesce(official, estimate)`) can have one.
                let every = indicator.definition.periods == .latest ? try Self.allPeriods(indicator, library: library, data: data) : []
                let primary = try Self.primaryMeasure(indicator, library: library).map { try data.periods(of: $0) } ?? []
                return (indicator: indicator, periods: try periods(of: indicator, library: library, data: data),
                        fallback: Set(every) == Set(primary) ? [] : Array(every.reversed()))
            }
            for evaluator in evaluators { evaluator.sharesCalls = group.count > 1 }
            let slots = ConcurrentResults<[[ComputedValue]]>(count: territories.count)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let evaluator = evaluators[worker]
                for position in stride(from: worker, to: territories.count, by: workers) {
                    let territory = territories[position]
                    slots.set(position, Result {
                        try plans.map { plan in
                            try plan.periods.map { period in
                                func evaluate(_ period: Period) throws -> EvaluationResult {
                                    try evaluator.evaluate(plan.indicator.expression, territory: territory, period: period)
                                        .requiringCoverage(plan.indicator.definition.minCoverage, of: territory.description)
                                }
                                var result = try evaluate(period)
                                var chosen = period
                                if let value = result.scalar, value.extent?.isExact == false || !value.hasValue {
                                    for earlier in plan.fallback where earlier < period {
                                        let own = try evaluate(earlier)
                                        if let ownValue = own.scalar, ownValue.hasValue, ownValue.extent == nil {
                                            (result, chosen) = (own, earlier)
                                            break
                                        }
                                    }
                                }
                                return ComputedValue(indicator: plan.indicator, territory: territory, period: chosen, result: result)
                            }
                        }
                    })
                    evaluator.forgetCalls()
                }
            }
            let byTerritory = try slots.values.map { try $0.get() }
            for index in group.indices { try deliver(byTerritory.flatMap { $0[index] }) }
        }
    }

    /// Consecutive indicators that share a nested call, as groups (most groups hold one indicator).
    static func groups(_ indicators: [CheckedIndicator]) -> [[CheckedIndicator]] {
        var groups: [[CheckedIndicator]] = []
        var shared: Set<String> = []
        for indicator in indicators {
            let calls = indicator.expression.nestedCalls
            if !groups.isEmpty, !calls.isDisjoint(with: shared) {
                groups[groups.count - 1].append(indicator)
                shared.formUnion(calls)
            } else {
                groups.append([indicator])
                shared = calls
            }
        }
        return groups
    }

    /// Every territory of France of the dashboard geographies, and the custom basins.
    public func allTerritories(database: ObservatoryDatabase) throws -> [TerritoryID] {
        var result: Set<TerritoryID> = [.france]
        for geography in [Geography.zoneEmploi, .bassinBMO, .departement, .region, .custom] {
            for territory in try database.territories(geography: geography) { result.insert(territory.id) }
        }
        return result.sorted()
    }

    /// The territories computed by default: a région, its départements, zones d'emploi and bassins BMO,
    /// the custom basins, and France.
    public func defaultTerritories(database: ObservatoryDatabase, region: String = "24") throws -> [TerritoryID] {
        let regionID = TerritoryID(.region, region)
        var result: Set<TerritoryID> = [regionID, .france]
        for geography in [Geography.departement, .zoneEmploi, .bassinBMO] {
            for membership in try database.memberships(memberGeography: geography, parentGeography: .region)
            where membership.parent == regionID {
                result.insert(membership.member)
            }
        }
        for territory in try database.territories(geography: .custom) { result.insert(territory.id) }
        return result.sorted()
    }
}
