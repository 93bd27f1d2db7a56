import Foundation
import ObservatoryCore
import ObservatoryData
import ObservatoryStore

/// The memberships of the store, in memory: which communes make each territory, and how a
/// territory is assembled from the units a dataset is published for.
final class GeographyIndex: @unchecked Sendable {
    /// How a territory's value is assembled from a dataset's units.
    struct Composition {
        var units: [(territory: TerritoryID, weight: Double)]
        var exact: Bool
        /// Share of the used units' communes that lie in the territory (approximate values).
        var coverage: Double?
        var note: String
        /// A dimension that locates rows in the territory (BMO's `dep`).
        var dimensionFilter: (String, String)?
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

    func compose(_ territory: TerritoryID, from index: MeasureIndex, dataset: DatasetDefinition?) -> Composition {
        let key = "\(index.dataset)|\(territory)"
        lock.lock()
        if let known = compositions[key] { lock.unlock(); return known }
        lock.unlock()
        let result = build(territory, index: index, dataset: dataset)
        lock.lock()
        compositions[key] = result
        lock.unlock()
        return result
    }

    private func build(_ territory: TerritoryID, index: MeasureIndex, dataset: DatasetDefinition?) -> Composition {
        if index.rows[territory] != nil {
            return Composition(units: [(territory, 1)], exact: true, coverage: nil, note: "published for \(territory)")
        }
        // The most detailed geography the measure is published for.
        guard let main = index.territories.max(by: { $0.value.count < $1.value.count })?.key else {
            return Composition(units: [], exact: false, coverage: nil, note: "no data")
        }
        let units = index.territories[main] ?? []
        let dimensions = dataset?.files.first?.ingest?.dimensions.map(\.name) ?? []
        if dimensions.contains(territory.geography.rawValue) {
            let candidates = index.units(where: territory.geography.rawValue, is: territory.code)
            return Composition(units: candidates.map { ($0, 1) }, exact: true, coverage: nil,
                               note: "exact: rows of \(main.label) with \(territory.geography.rawValue) = \(territory.code)",
                               dimensionFilter: (territory.geography.rawValue, territory.code))
        }
        if territory == .france {
            return Composition(units: units.map { ($0, 1) }, exact: true, coverage: nil, note: "exact: sum of the " + Self.count(units.count, main))
        }
        let mine = communes[territory] ?? []
        // Units the referentials place in the territory.
        let direct = (children[territory] ?? []).filter { $0.member.geography == main }
        if !direct.isEmpty {
            var used: [(TerritoryID, Double)] = []
            var inside = 0, total = 0
            for child in direct {
                let theirs = communes[child.member] ?? []
                let shared = mine.isEmpty ? theirs.count : theirs.intersection(mine).count
                let weight = child.partial && !theirs.isEmpty ? Double(shared) / Double(theirs.count) : 1
                used.append((child.member, weight))
                inside += child.partial ? shared : theirs.count
                total += theirs.count
            }
            let exact = !direct.contains { $0.partial }
            return Composition(units: used, exact: exact, coverage: exact || total == 0 ? nil : Double(inside) / Double(total),
                               note: (exact ? "exact: sum of " : "approximate: ") + Self.count(used.count, main)
                               + (exact ? "" : ", partly inside (values shared out by number of communes)"))
        }
        guard !mine.isEmpty else {
            return Composition(units: [], exact: false, coverage: nil,
                               note: "no \(main.label) data covers \(territory) (no membership links them)")
        }
        if main == .commune {
            let used = mine.sorted().map { (TerritoryID(.commune, $0), 1.0) }
            return Composition(units: used, exact: true, coverage: nil, note: "exact: sum of " + Self.count(used.count, .commune))
        }
        var byUnit: [TerritoryID: Int] = [:]
        var unplaced = 0
        for code in mine {
            if let unit = communeParent[main]?[code] { byUnit[unit, default: 0] += 1 } else { unplaced += 1 }
        }
        guard !byUnit.isEmpty else {
            return Composition(units: [], exact: false, coverage: nil, note: "none of the communes of \(territory) is in a \(main.label)")
        }
        var used: [(TerritoryID, Double)] = []
        var inside = 0, total = 0
        for (unit, count) in byUnit.sorted(by: { $0.key < $1.key }) {
            let size = max(communes[unit]?.count ?? count, count)
            used.append((unit, Double(count) / Double(size)))
            inside += count
            total += size
        }
        let exact = inside == total && unplaced == 0
        let coverage = Double(inside) / Double(max(total, 1))
        return Composition(units: used, exact: exact, coverage: exact ? nil : coverage,
                           note: exact ? "exact: union of " + Self.count(used.count, main)
                               : "approximate: " + Self.count(used.count, main) + ", of whose communes \(Int((coverage * 100).rounded())) % lie in \(territory)"
                               + (unplaced > 0 ? "; \(unplaced) communes in none" : ""))
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
