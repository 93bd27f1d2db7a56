import Foundation
import ObservatoryCore
import ObservatoryData
import ObservatoryIndicators
import ObservatoryStore

/// The memberships of the store, in memory: which communes make each territory, and how a
/// territory is assembled from the units a dataset is published for.
final class GeographyIndex: @unchecked Sendable {
    /// How a territory's value is assembled from a dataset's units.
    struct Composition {
        /// The units and the share of each that lies in the territory (1 for whole units), for sums.
        var units: [(territory: TerritoryID, weight: Double)]
        /// The weight of the territory's part of each unit (`K(territory ∩ unit)`), for weighted means of rates.
        var meanWeights: [Double] = []
        /// What the value covers; `nil` when exact.
        var extent: Extent?
        var note: String
        /// Why there is no value, when no unit reaches the territory.
        var missing: MissingReason?
        /// A dimension that locates rows in the territory (BMO's `dep`).
        var dimensionFilter: (String, String)?
        /// For rates: why the units' values are not the territory's (it is a small part of them).
        var borrowed: MissingReason?

        var exact: Bool { extent == nil }
    }

    /// commune code → its unit, per geography.
    private var communeParent: [Geography: [String: TerritoryID]] = [:]
    /// territory → its communes (from every source: ZE, bassins, départements, custom basins).
    private var communes: [TerritoryID: Set<String>] = [:]
    /// member → parents, for every membership.
    private var parents: [TerritoryID: [(parent: TerritoryID, partial: Bool)]] = [:]
    /// parent → members, for every membership.
    private var children: [TerritoryID: [(member: TerritoryID, partial: Bool)]] = [:]
    private let lock = NSLock()
    private var compositions: [String: Composition] = [:]

    init(database: ObservatoryDatabase) throws {
        for membership in try database.memberships(memberGeography: nil, parentGeography: nil) {
            parents[membership.member, default: []].append((membership.parent, membership.isPartial))
            children[membership.parent, default: []].append((membership.member, membership.isPartial))
            if membership.member.geography == .commune {
                communes[membership.parent, default: []].insert(membership.member.code)
                if !membership.isPartial { communeParent[membership.parent.geography, default: [:]][membership.member.code] = membership.parent }
            }
        }
    }

    /// The INSEE codes of the territory's communes; `nil` for France (every commune).
    func communeCodes(of territory: TerritoryID) -> Set<String>? {
        if territory == .france { return nil }
        if territory.geography == .commune { return [territory.code] }
        return communes[territory] ?? []
    }

    /// The territory's parent of a geography: a full membership first, else the partial one
    /// holding most of its communes.
    func parent(of territory: TerritoryID, in geography: Geography) -> TerritoryID? {
        let candidates = (parents[territory] ?? []).filter { $0.parent.geography == geography }
        if let full = candidates.first(where: { !$0.partial }) { return full.parent }
        let mine = communes[territory] ?? []
        return candidates.max { (communes[$0.parent] ?? []).intersection(mine).count < (communes[$1.parent] ?? []).intersection(mine).count }?.parent
    }

    func compose(_ territory: TerritoryID, from index: MeasureIndex, dataset: DatasetDefinition?,
                 key: ApportionKey, weights: KeyWeights?) -> Composition {
        let cacheKey = "\(index.dataset)|\(key.rawValue)|\(territory)"
        lock.lock()
        if let known = compositions[cacheKey] { lock.unlock(); return known }
        lock.unlock()
        let result = build(territory, index: index, dataset: dataset, weights: weights ?? .communeCount)
        lock.lock()
        compositions[cacheKey] = result
        lock.unlock()
        return result
    }

    private func build(_ territory: TerritoryID, index: MeasureIndex, dataset: DatasetDefinition?, weights: KeyWeights) -> Composition {
        if index.rows[territory] != nil {
            return Composition(units: [(territory, 1)], meanWeights: [1], note: "published for \(territory)")
        }
        // The most detailed geography the measure is published for.
        guard let main = index.territories.max(by: { $0.value.count < $1.value.count })?.key else {
            return Composition(units: [], note: "no data", missing: .noData)
        }
        let dimensions = dataset?.files.first?.ingest?.dimensions.map(\.name) ?? []
        if dimensions.contains(territory.geography.rawValue) {
            let candidates = index.units(where: territory.geography.rawValue, is: territory.code)
            let missing = MissingReason.noRowsWithDimension(geography: main, dimension: territory.geography.rawValue, code: territory.code)
            return Composition(units: candidates.map { ($0, 1) }, meanWeights: candidates.map { _ in 1 },
                               note: missing.english, missing: candidates.isEmpty ? missing : nil,
                               dimensionFilter: (territory.geography.rawValue, territory.code))
        }
        let mine = territory == .france ? (communes[.france] ?? []) : (communes[territory] ?? [])
        if territory == .france && main != .commune { return composeFrance(mine, index: index, main: main, weights: weights) }
        guard !mine.isEmpty else { return composeFromMembers(territory, main: main) }
        // Each commune of the territory in its unit of the data's geography, weighed by the key.
        var inside: [TerritoryID: Double] = [:]
        var total = 0.0, unplaced = 0.0
        // In code order: floating sums in a set's order would differ in the last bits between runs.
        for code in mine.sorted() {
            let weight = weights.weight(code)
            total += weight
            let unit = main == .commune ? TerritoryID(.commune, code) : communeParent[main]?[code]
            if let unit { inside[unit, default: 0] += weight } else { unplaced += weight }
        }
        guard total > 0 else {
            let missing = MissingReason.noCommuneWeight(territory: territory, key: weights.key)
            return Composition(units: [], note: missing.english, missing: missing)
        }
        var units: [(TerritoryID, Double)] = []
        var meanWeights: [Double] = []
        var covered = 0.0, apportioned = 0.0, unitsTotal = 0.0
        var coveredDepartements: Set<String> = []
        for (unit, part) in inside.sorted(by: { $0.key < $1.key }) where index.rows[unit] != nil {
            let whole = main == .commune ? part : weights.total(of: communes[unit] ?? [])
            // Within a millionth of whole is whole: the key's sums are added in another order.
            let share = whole > 0 && part / whole < 0.999_999 ? part / whole : 1
            units.append((unit, share))
            meanWeights.append(part)
            covered += part
            unitsTotal += max(whole, part)
            if share < 0.999_999 { apportioned += part }
            if main == .commune, let dep = communeParent[.departement]?[unit.code] { coveredDepartements.insert(dep.code) }
        }
        if units.isEmpty {
            let missing = MissingReason.noUnitCovers(geography: main, territory: territory, unlinked: false)
            return Composition(units: [], note: missing.english, missing: missing)
        }
        // Shares within half a per mille of whole are whole: lexicons lag the COG by a few small communes.
        let coverage = covered / total >= 0.9995 ? 1 : covered / total
        let apportionedShare = apportioned / total <= 0.0005 ? 0 : apportioned / total >= 0.9995 ? 1 : apportioned / total
        let exact = coverage >= 0.999_999 && apportionedShare <= 0.000_001
        let coveredBy = coverage < 0.5 && !coveredDepartements.isEmpty && coveredDepartements.count <= 3
            ? (coveredDepartements.count == 1 ? "département " : "départements ") + coveredDepartements.sorted().joined(separator: ", ")
            : nil
        var note = (exact ? "exact: " : "approximate: ") + (main == .commune ? "sum of " : "") + Self.count(units.count, main)
        if !exact {
            note += "; the data cover \(Self.percent(coverage)) of \(territory)" + (coveredBy.map { " (\($0))" } ?? "")
            if apportionedShare > 0 {
                note += ", \(Self.percent(apportionedShare)) of it shared out from units partly inside ("
                    + units.filter { $0.1 < 1 }.prefix(8).map { "\($0.0.code) × \(String(format: "%.3f", $0.1))" }.joined(separator: ", ")
                    + (units.filter { $0.1 < 1 }.count > 8 ? ", …" : "") + ")"
            }
            note += ", weighted by \(weights.key.englishLabel)"
        }
        if unplaced > 0 { note += "; \(Self.percent(unplaced / total)) of it in no \(main.label)" }
        // A rate or index of a département or région is that territory's, never a smaller one's (the
        // Cher's count of métiers in tension is not Vierzon's): only a union of whole ones takes it.
        // Units of the territory's own scale (zones d'emploi, bassins) give a weighted mean instead.
        let mainUnit = zip(units, meanWeights).max { $0.1 < $1.1 }
        let borrowed = [.departement, .region].contains(main) && apportionedShare > 0 && mainUnit != nil
            ? MissingReason.borrowedFromUnit(territory: territory, share: mainUnit!.0.1, unit: mainUnit!.0.0, key: weights.key, geography: main)
            : nil
        return Composition(units: units, meanWeights: meanWeights,
                           extent: exact ? nil : Extent(coverage: min(1, coverage), apportioned: apportionedShare, key: weights.key,
                                                         coveredBy: coveredBy),
                           note: note, borrowed: borrowed)
    }

    /// France: every unit of the data whole; the coverage is the weight of the communes in units that have data.
    private func composeFrance(_ all: Set<String>, index: MeasureIndex, main: Geography, weights: KeyWeights) -> Composition {
        let units = index.territories[main] ?? []
        var covered = 0.0, total = 0.0
        for code in all.sorted() {
            let weight = weights.weight(code)
            total += weight
            if let unit = communeParent[main]?[code], index.rows[unit] != nil { covered += weight }
        }
        let coverage = total > 0 && covered / total < 0.9995 ? covered / total : 1
        return Composition(units: units.map { ($0, 1) }, meanWeights: units.map { _ in 1 },
                           extent: coverage < 1 ? Extent(coverage: coverage, apportioned: 0, key: weights.key) : nil,
                           note: (coverage < 1 ? "approximate: " : "exact: ") + "sum of the " + Self.count(units.count, main)
                               + (coverage < 1 ? ", covering \(Self.percent(coverage)) of France, weighted by \(weights.key.englishLabel)" : "")
                               + (all.isEmpty ? " (coverage unknown: no commune composition in the store)" : ""))
    }

    /// A territory known only by its members (no commune links it): the units the referentials place in it.
    private func composeFromMembers(_ territory: TerritoryID, main: Geography) -> Composition {
        let direct = (children[territory] ?? []).filter { $0.member.geography == main }
        guard !direct.isEmpty else {
            let missing = MissingReason.noUnitCovers(geography: main, territory: territory, unlinked: true)
            return Composition(units: [], note: missing.english, missing: missing)
        }
        let partial = direct.contains { $0.partial }
        return Composition(units: direct.map { ($0.member, 1) }, meanWeights: direct.map { _ in 1 },
                           extent: partial ? Extent(coverage: 1, apportioned: 1, key: .communes) : nil,
                           note: (partial ? "approximate: " : "exact: sum of ") + Self.count(direct.count, main)
                               + (partial ? ", some only partly inside (no commune to weigh them)" : ""))
    }

    static func percent(_ share: Double) -> String {
        let value = share * 100
        return String(format: value < 1 || (value > 99 && value < 100) ? "%.1f %%" : "%.0f %%", value)
    }

    /// `1 bassin BMO`, `3 zones d'emploi`.
    static func count(_ n: Int, _ geography: Geography) -> String {
        let label = geography.label
        guard n > 1 else { return "\(n) \(label)" }
        if label.hasPrefix("zone ") { return "\(n) zones" + label.dropFirst(4) }
        if label.hasPrefix("bassin ") { return "\(n) bassins" + label.dropFirst(6) }
        return "\(n) \(label)s"
    }
}
