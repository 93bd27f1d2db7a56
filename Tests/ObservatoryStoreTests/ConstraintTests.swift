import Foundation
import ObservatoryCore
import ObservatoryStore
import Testing

/// SQLite, not Swift, refuses rows that break the store's invariants.
struct ConstraintTests {
    static let invalidCells: [Observation] = {
        var presentWithoutValue = met(bourges, "A0Z40", nil)
        presentWithoutValue.status = .present
        var maskedWithValue = met(bourges, "A0Z40", nil, status: .masked)
        maskedWithValue.value = 3
        var missingWithValue = met(bourges, "A0Z40", nil, status: .missing)
        missingWithValue.value = 0
        return [presentWithoutValue, maskedWithValue, missingWithValue, met(bourges, "A0Z40", .nan),
                met(bourges, "A0Z40", .infinity), met(bourges, "A0Z40", 1, year: 2023)]
    }()

    @Test(arguments: invalidCells.indices)
    func anInvalidCellIsRefusedAndThePreviousVintageKept(index: Int) throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        try store.replaceVintage(provenance()) { try $0.append(met(chateauroux, "B0Z20", 7)) }
        let cell = Self.invalidCells[index]
        #expect {
            try store.replaceVintage(provenance(sha256: sha("b"))) { writer in
                try writer.append(met(bourges, "A0Z40", 1))
                if index == Self.invalidCells.count - 1 { try writer.append(met(bourges, "A0Z40", 2)) } // duplicate key
                else { try writer.append(cell) }
            }
        } throws: { error in
            guard case .observationRejected(_, _, let row, _, _, let kept)? = error as? StoreError else { return false }
            return row == 2 && kept.contains("previous 2023 vintage")
        }
        #expect(try store.observations(ObservationQuery(dataset: "bmo", measure: "met")) == [met(chateauroux, "B0Z20", 7)])
    }

    @Test func aDuplicateIsReportedWithItsPositionInTheLoad() throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        let cells = (0..<199).map { met(bourges, "M\($0)", Double($0)) }
        #expect {
            try store.replaceVintage(provenance()) { writer in
                try writer.append(contentsOf: cells)
                try writer.append(met(bourges, "M10", 3))
            }
        } throws: { error in
            guard case .observationRejected(_, _, let row, let observation, let reason, _)? = error as? StoreError
            else { return false }
            return row == 200 && observation == met(bourges, "M10", 3) && reason.contains("duplicate")
        }
        #expect(try store.vintages(of: "bmo").isEmpty)
    }

    @Test func anIngestLeavesNoDanglingKeys() throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        try store.replaceVintageWithSyntheticObservations(count: 5_000)
        try store.replaceTerritories(source: "s", territories: [Territory(id: bourges, name: "Bourges")],
                                     memberships: [Membership(member: TerritoryID(.commune, "18033"), parent: bourges)])
        #expect(try store.integrityProblems().isEmpty)
    }

    @Test(arguments: ["", "ABC", String(repeating: "A", count: 64), String(repeating: "g", count: 64)])
    func aMalformedSHA256IsRefused(digest: String) throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        #expect {
            try store.replaceVintage(provenance(sha256: digest)) { _ in }
        } throws: { error in
            guard case .provenanceRejected? = error as? StoreError else { return false }
            return "\(error)".contains("nothing was stored")
        }
    }

    @Test func anEmptyVintageLabelIsRefused() throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        #expect(throws: StoreError.self) {
            try store.replaceVintage(provenance("bmo", "")) { _ in }
        }
    }
}
