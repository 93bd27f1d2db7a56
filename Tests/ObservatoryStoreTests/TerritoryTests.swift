import Foundation
import ObservatoryCore
import ObservatoryStore
import Testing

struct TerritoryTests {
    let store: ObservatoryDatabase
    let chateaurouxCommune = TerritoryID(.commune, "36044")
    let deols = TerritoryID(.commune, "36063")
    let zoneChateauroux = TerritoryID(.zoneEmploi, "2405")
    let indre = TerritoryID(.departement, "36")
    let centre = TerritoryID(.region, "24")
    let cosne = TerritoryID(.zoneEmploi, "0056")

    init() throws {
        store = try ObservatoryDatabase.inMemory(now: fixedNow)
        try store.replaceTerritories(source: "insee-ze2020@2022", territories: [
            Territory(id: chateaurouxCommune, name: "Châteauroux"), Territory(id: deols, name: "Déols"),
            Territory(id: zoneChateauroux, name: "Châteauroux"), Territory(id: indre, name: "Indre"),
            Territory(id: centre, name: "Centre-Val de Loire"), Territory(id: cosne, name: "Cosne-Cours-sur-Loire"),
        ], memberships: [
            Membership(member: chateaurouxCommune, parent: zoneChateauroux),
            Membership(member: deols, parent: zoneChateauroux),
            Membership(member: chateaurouxCommune, parent: indre),
            Membership(member: deols, parent: indre),
            Membership(member: zoneChateauroux, parent: centre),
            Membership(member: cosne, parent: centre, isPartial: true),
        ])
        try store.replaceTerritories(source: "bmo-bassins@2019", territories: [
            Territory(id: chateauroux, name: "CHATEAUROUX"), Territory(id: bourges, name: "Bourges"),
        ], memberships: [Membership(member: chateaurouxCommune, parent: chateauroux)])
    }

    @Test(arguments: ["chateauroux", "CHÂTEAUROUX", "châteauroux", "teaurou"])
    func searchIgnoresCaseAndAccents(text: String) throws {
        let found = try store.territories(nameContains: text)
        #expect(found.map(\.id) == [chateaurouxCommune, zoneChateauroux, chateauroux])
    }

    @Test func searchIgnoresPunctuationAndFiltersByGeography() throws {
        #expect(try store.territories(geography: .zoneEmploi, nameContains: "cosne cours").map(\.id) == [cosne])
        #expect(try store.territories(geography: .commune, nameContains: "DEOLS").map(\.name) == ["Déols"])
        #expect(try store.territories(geography: .bassinBMO).map(\.id) == [bourges, chateauroux])
        #expect(try store.territories(nameContains: "vierzon").isEmpty)
    }

    @Test func findsOneTerritory() throws {
        #expect(try store.territory(indre) == Territory(id: indre, name: "Indre"))
        #expect(try store.territory(TerritoryID(.departement, "99")) == nil)
    }

    @Test func listsMembersAndParents() throws {
        #expect(try store.members(of: zoneChateauroux).map(\.member) == [chateaurouxCommune, deols])
        #expect(try store.members(of: centre, geography: .zoneEmploi)
            == [Membership(member: cosne, parent: centre, isPartial: true), Membership(member: zoneChateauroux, parent: centre)])
        #expect(try store.parents(of: chateaurouxCommune).map(\.parent) == [zoneChateauroux, chateauroux, indre])
        #expect(try store.parents(of: chateaurouxCommune, geography: .bassinBMO).map(\.parent) == [chateauroux])
        #expect(try store.parents(of: chateaurouxCommune, source: "bmo-bassins@2019").count == 1)
        // Memberships are not chained: a commune is not listed under its zone's region.
        #expect(try store.members(of: centre, geography: .commune).isEmpty)
    }

    @Test func replacingASourceLeavesTheOthers() throws {
        try store.replaceTerritories(source: "bmo-bassins@2019", territories: [
            Territory(id: bourges, name: "Bourges"),
        ], memberships: [])
        #expect(try store.territories(geography: .bassinBMO).map(\.id) == [bourges])
        #expect(try store.parents(of: chateaurouxCommune).map(\.parent) == [zoneChateauroux, indre])
        #expect(try store.territories(geography: .commune).count == 2)
        let sources = try store.territorySources()
        #expect(sources.map(\.name) == ["bmo-bassins@2019", "insee-ze2020@2022"])
        #expect(sources.map(\.territoryCount) == [1, 6])
    }

    @Test func theLatestReplacedSourceNamesATerritory() throws {
        try store.replaceTerritories(source: "gpect", territories: [Territory(id: indre, name: "Indre (36)")],
                                     memberships: [])
        #expect(try store.territory(indre)?.name == "Indre (36)")
        try store.replaceTerritories(source: "insee-ze2020@2022", territories: [Territory(id: indre, name: "Indre")],
                                     memberships: [])
        #expect(try store.territory(indre)?.name == "Indre")
    }

    @Test func aDuplicateMembershipIsRefusedAndTheSourceKept() throws {
        #expect {
            try store.replaceTerritories(source: "bmo-bassins@2019", territories: [], memberships: [
                Membership(member: deols, parent: chateauroux), Membership(member: deols, parent: chateauroux),
            ])
        } throws: { error in
            guard case .rowRejected(_, let row, _)? = error as? StoreError else { return false }
            return row.contains("commune:36063") && "\(error)".contains("are kept")
        }
        #expect(try store.parents(of: chateaurouxCommune, source: "bmo-bassins@2019").map(\.parent) == [chateauroux])
        #expect(try store.territory(bourges)?.name == "Bourges")
    }

    @Test func aTerritoryCannotBeItsOwnMember() throws {
        #expect(throws: StoreError.self) {
            try store.replaceTerritories(source: "x", territories: [],
                                         memberships: [Membership(member: indre, parent: indre)])
        }
    }
}
