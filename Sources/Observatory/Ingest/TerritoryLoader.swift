import Foundation
import ObservatoryCore
import ObservatoryData
import ObservatoryStore

/// Builds the territories and their memberships: INSEE's commune → ZE / département / région
/// composition, France Travail's commune → bassin BMO lexicon, and the committees' custom basins.
enum TerritoryLoader {
    /// The names of the geography levels above a set of communes: full when every commune of a
    /// unit lies in one parent, partial for each parent otherwise.
    static func rollUp(_ unitCommunes: [TerritoryID: Set<String>], communeParents: [String: TerritoryID]) -> [Membership] {
        var memberships: [Membership] = []
        for (unit, communes) in unitCommunes.sorted(by: { $0.key < $1.key }) {
            let parents = Set(communes.compactMap { communeParents[$0] })
            for parent in parents.sorted() {
                memberships.append(Membership(member: unit, parent: parent, isPartial: parents.count > 1))
            }
        }
        return memberships
    }

    /// INSEE's `Composition_communale` sheet: communes, ZE2020, départements, régions, France.
    static func loadComposition(_ table: any SheetReader, spec: IngestSpec, source: String,
                                into database: ObservatoryDatabase) throws -> (summary: String, notes: [String]) {
        let header: HeaderLocation = if case .row(let row) = spec.header { .row(row) } else { .firstRowContaining(["CODGEO", "ZE2020"]) }
        var territories: [TerritoryID: String] = [.france: "France"]
        var memberships: [Membership] = []
        var zoneCommunes: [TerritoryID: Set<String>] = [:]
        var depOfCommune: [String: TerritoryID] = [:]
        var regOfCommune: [String: TerritoryID] = [:]
        var depRegions: [TerritoryID: Set<TerritoryID>] = [:]
        try table.forEachDataRow(header: header, requiring: ["CODGEO", "LIBGEO", "ZE2020", "LIBZE2020", "DEP", "REG"]) { row in
            let code = row["CODGEO"]!.trimmed
            guard !code.isEmpty else { return }
            let commune = TerritoryID(.commune, code)
            let zone = TerritoryID(.zoneEmploi, row["ZE2020"]!.trimmed)
            let dep = TerritoryID(.departement, row["DEP"]!.trimmed)
            let reg = TerritoryID(.region, row["REG"]!.trimmed)
            territories[commune] = row["LIBGEO"]!.trimmed
            territories[zone] = row["LIBZE2020"]!.trimmed
            memberships += [Membership(member: commune, parent: zone), Membership(member: commune, parent: dep),
                            Membership(member: commune, parent: reg), Membership(member: commune, parent: .france)]
            zoneCommunes[zone, default: []].insert(code)
            depOfCommune[code] = dep
            regOfCommune[code] = reg
            depRegions[dep, default: []].insert(reg)
        }
        memberships += rollUp(zoneCommunes, communeParents: depOfCommune)
        memberships += rollUp(zoneCommunes, communeParents: regOfCommune)
        for (dep, regions) in depRegions {
            for reg in regions { memberships.append(Membership(member: dep, parent: reg, isPartial: regions.count > 1)) }
            memberships.append(Membership(member: dep, parent: .france))
        }
        for reg in Set(regOfCommune.values) { memberships.append(Membership(member: reg, parent: .france)) }
        for zone in zoneCommunes.keys { memberships.append(Membership(member: zone, parent: .france)) }
        // Départements and régions get their names from the files that give them (BMO, chômage).
        let (named, cut) = Self.capped(territories.map { Territory(id: $0.key, name: $0.value) }.sorted { $0.id < $1.id })
        try database.replaceTerritories(source: source, territories: named, memberships: memberships)
        let interregional = zoneCommunes.keys.filter { zone in Set(zoneCommunes[zone]!.compactMap { regOfCommune[$0] }).count > 1 }
        return ("\(depOfCommune.count) communes, \(zoneCommunes.count) zones d'emploi, \(depRegions.count) départements, "
                + "\(Set(regOfCommune.values).count) régions",
                (interregional.isEmpty ? [] : ["\(interregional.count) zones d'emploi span several régions (partial memberships): "
                                               + interregional.sorted().map(\.code).joined(separator: ", ")]) + cut)
    }

    /// France Travail's lexicon: commune → bassin BMO, and each bassin in its département and région.
    static func loadLexicon(_ table: any SheetReader, spec: IngestSpec, vintage: String, source: String,
                            successions: CommuneSuccessions = CommuneSuccessions(),
                            into database: ObservatoryDatabase) throws -> (summary: String, notes: [String]) {
        let template = VintageTemplate(vintage: vintage)
        let bassinColumn = spec.options["bassin"].map(template.fill) ?? "BE\(template.year.map { String($0.suffix(2)) } ?? "19")"
        let nameColumn = spec.options["bassin_name"].map(template.fill) ?? "NOM" + bassinColumn
        let known = Set(try database.territories(geography: .commune).map(\.id.code))
        var territories: [TerritoryID: String] = [:]
        var memberships: [Membership] = []
        var bassinCommunes: [TerritoryID: Set<String>] = [:]
        var dep: [String: TerritoryID] = [:]
        var reg: [String: TerritoryID] = [:]
        var unknown: [String] = []
        var succeeded: [String] = []
        // Each commune in force gets one bassin: a commune nouvelle whose former communes the
        // lexicon placed in different bassins stays in the bassin of its own code (its chef-lieu),
        // so that no commune is counted, or drawn, in two bassins.
        var bassinOf: [String: (bassin: TerritoryID, own: Bool)] = [:]
        var split: [String: Set<String>] = [:]
        try table.forEachDataRow(header: .row(1), requiring: ["CODE_COMMUNE_INSEE", "NOMCOM", "DEP", "REG", bassinColumn, nameColumn]) { row in
            let written = CodeNormalizer.pad(row["CODE_COMMUNE_INSEE"]!.trimmed, to: 5)
            let code = successions.current(written)
            if code != written { succeeded.append("\(written) → \(code)") }
            let bassinCode = CodeNormalizer.pad(row[bassinColumn]!.trimmed, to: 4)
            guard !code.isEmpty, !bassinCode.isEmpty else { return }
            let bassin = TerritoryID(.bassinBMO, bassinCode)
            territories[bassin] = row[nameColumn]!.trimmed
            if !known.isEmpty && !known.contains(code) { unknown.append("\(code) \(row["NOMCOM"]!.trimmed)") }
            if let previous = bassinOf[code], previous.bassin != bassin {
                split[code, default: [previous.bassin.code]].insert(bassin.code)
                if written == code { bassinOf[code] = (bassin, true) }
            } else if bassinOf[code] == nil || written == code {
                bassinOf[code] = (bassin, written == code)
            }
            dep[code] = TerritoryID(.departement, CodeNormalizer.pad(row["DEP"]!.trimmed, to: 2))
            reg[code] = TerritoryID(.region, CodeNormalizer.pad(row["REG"]!.trimmed, to: 2))
        }
        for (code, entry) in bassinOf.sorted(by: { $0.key < $1.key }) {
            bassinCommunes[entry.bassin, default: []].insert(code)
            memberships.append(Membership(member: TerritoryID(.commune, code), parent: entry.bassin))
        }
        memberships += rollUp(bassinCommunes, communeParents: dep)
        memberships += rollUp(bassinCommunes, communeParents: reg)
        memberships += bassinCommunes.keys.map { Membership(member: $0, parent: .france) }
        let (named, cut) = Self.capped(territories.map { Territory(id: $0.key, name: $0.value) }.sorted { $0.id < $1.id })
        try database.replaceTerritories(source: source, territories: named, memberships: memberships)
        var notes: [String] = cut
        if !succeeded.isEmpty {
            notes.append("\(succeeded.count) former commune codes of the lexicon placed in their communes nouvelles: "
                         + succeeded.sorted().joined(separator: ", "))
        }
        if !split.isEmpty {
            notes.append("\(split.count) communes nouvelles took over communes of other bassins; each stays in the bassin of its own code: "
                         + split.sorted { $0.key < $1.key }.map { code, bassins in
                             "\(code) in \(bassinOf[code]!.bassin.code) (also \(bassins.subtracting([bassinOf[code]!.bassin.code]).sorted().joined(separator: ", ")))"
                         }.joined(separator: ", "))
        }
        if known.isEmpty {
            notes.append("commune codes not checked: the ZE2020 composition is not ingested yet")
        } else if !unknown.isEmpty {
            notes.append("\(unknown.count) commune codes of the lexicon are not in the commune list of the ZE2020 composition "
                         + "(merged or renamed since): " + unknown.prefix(8).joined(separator: ", ")
                         + (unknown.count > 8 ? ", …" : "") + "; their bassin is recorded, but no commune data reaches them")
        }
        return ("\(bassinCommunes.values.reduce(0) { $0 + $1.count }) communes in \(bassinCommunes.count) bassins BMO", notes)
    }

    /// The committees' basins: their communes, and how they sit in départements and régions.
    static func loadCustom(_ basins: [CustomTerritory], successions: CommuneSuccessions = CommuneSuccessions(),
                           into database: ObservatoryDatabase) throws -> (summary: String, notes: [String]) {
        let communeParents = try database.territories(geography: .commune).map(\.id)
        let known = Set(communeParents.map(\.code))
        var territories: [Territory] = []
        var memberships: [Membership] = []
        var notes: [String] = []
        var depOf: [String: TerritoryID] = [:]
        var regOf: [String: TerritoryID] = [:]
        var members: [TerritoryID: Set<String>] = [:]
        for basin in basins {
            var communes = Set(basin.communes.map(successions.current))
            let succeeded = basin.communes.filter { successions.current($0) != $0 }
            if !succeeded.isEmpty {
                notes.append("\(basin.path): " + succeeded.map { code in
                    "commune \(code)" + (basin.communeLines[code].map { " (line \($0))" } ?? "") + " → \(successions.current(code))"
                }.joined(separator: ", ") + ": former codes, counted in the communes nouvelles that took them over")
            }
            for whole in basin.wholeTerritories {
                let inside = try database.members(of: whole, geography: .commune).map(\.member.code)
                if inside.isEmpty { notes.append("\(basin.path): \(whole) has no known commune (is its referential ingested?)") }
                communes.formUnion(inside)
            }
            let unknown = communes.subtracting(known).sorted()
            if !known.isEmpty && !unknown.isEmpty {
                notes.append("\(basin.path): " + unknown.map { code in
                    "commune \(code)" + (basin.communeLines[code].map { " (line \($0))" } ?? "")
                }.joined(separator: ", ") + " not in the ZE2020 composition (merged commune?): left out of the basin")
                communes.subtract(unknown)
            }
            territories.append(Territory(id: basin.territoryID, name: basin.name))
            members[basin.territoryID] = communes
            for code in communes.sorted() {
                memberships.append(Membership(member: TerritoryID(.commune, code), parent: basin.territoryID))
                if depOf[code] == nil {
                    for parent in try database.parents(of: TerritoryID(.commune, code)) {
                        if parent.parent.geography == .departement { depOf[code] = parent.parent }
                        if parent.parent.geography == .region { regOf[code] = parent.parent }
                    }
                }
            }
            memberships.append(Membership(member: basin.territoryID, parent: .france))
        }
        memberships += rollUp(members, communeParents: depOf)
        memberships += rollUp(members, communeParents: regOf)
        try database.replaceTerritories(source: "custom-territories", territories: territories, memberships: memberships)
        return ("\(basins.count) custom basins, \(members.values.reduce(0) { $0 + $1.count }) communes", notes)
    }
}

extension TerritoryLoader {
    /// INSEE's table d'appartenance géographique: each commune's EPCI (sheet `COM`), the EPCIs'
    /// names (sheet `Zones_supra_communales`), and each EPCI in its départements and régions.
    static func loadMembership(_ url: URL, displayName: String, spec: IngestSpec, template: VintageTemplate, work: URL,
                               source: String, into database: ObservatoryDatabase) throws -> (summary: String, notes: [String]) {
        let communes = try TableSource.open(url, displayName: displayName, spec: spec, template: template, workDirectory: work)
        let header: HeaderLocation = if case .row(let row) = spec.header { .row(row) } else { .firstRowContaining(["CODGEO", "EPCI"]) }
        var members: [TerritoryID: Set<String>] = [:]
        var depOf: [String: TerritoryID] = [:], regOf: [String: TerritoryID] = [:]
        var memberships: [Membership] = []
        try communes.forEachDataRow(header: header, requiring: ["CODGEO", "EPCI", "DEP", "REG"]) { row in
            let code = row["CODGEO"]!.trimmed, epci = row["EPCI"]!.trimmed
            // `ZZZZZZZZZ`: the communes in no EPCI (islands).
            guard !code.isEmpty, !epci.isEmpty, epci.allSatisfy(\.isNumber) else { return }
            let id = TerritoryID(.epci, epci)
            if members[id, default: []].insert(code).inserted {
                memberships.append(Membership(member: TerritoryID(.commune, code), parent: id))
            }
            depOf[code] = TerritoryID(.departement, row["DEP"]!.trimmed)
            regOf[code] = TerritoryID(.region, row["REG"]!.trimmed)
        }
        var names: [TerritoryID: String] = [:]
        var namesSpec = spec
        namesSpec.sheet = .name(spec.options["names_sheet"] ?? "Zones_supra_communales")
        let zones = try TableSource.open(url, displayName: displayName, spec: namesSpec, template: template, workDirectory: work)
        try zones.forEachDataRow(header: header, requiring: ["NIVGEO", "CODGEO", "LIBGEO"]) { row in
            guard row["NIVGEO"]!.trimmed == "EPCI" else { return }
            names[TerritoryID(.epci, row["CODGEO"]!.trimmed)] = row["LIBGEO"]!.trimmed
        }
        memberships += rollUp(members, communeParents: depOf)
        memberships += rollUp(members, communeParents: regOf)
        memberships += members.keys.sorted().map { Membership(member: $0, parent: .france) }
        let (territories, cut) = Self.capped(members.keys.sorted().map { Territory(id: $0, name: names[$0] ?? $0.code) })
        try database.replaceTerritories(source: source, territories: territories, memberships: memberships)
        let unnamed = members.keys.filter { names[$0] == nil }.count
        return ("\(depOf.count) communes in \(members.count) EPCIs",
                (unnamed == 0 ? [] : ["\(unnamed) EPCIs have no name in the names sheet"]) + cut)
    }

    /// Names cut to ``TextCap/label`` characters, and the note saying how many were.
    static func capped(_ territories: [Territory]) -> (territories: [Territory], notes: [String]) {
        var cut = 0
        let capped = territories.map { territory -> Territory in
            guard TextCap.exceeds(territory.name, TextCap.label) else { return territory }
            cut += 1
            return Territory(id: territory.id, name: TextCap.cut(territory.name, TextCap.label))
        }
        return (capped, cut == 0 ? [] : ["\(cut) territory names longer than \(TextCap.label) characters were cut (…)"])
    }
}
