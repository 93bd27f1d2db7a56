import Foundation
import ObservatoryCore
@testable import ObservatoryStore
import Testing

/// Observations written as coded batches: the same store as one at a time, runs written during
/// the load rolled back with it, refusals naming the row.
struct BatchWriteTests {
    /// `observations` as batches of `size` rows, each bringing the dictionary entries its rows
    /// use first; with `reversed`, every entry is declared in the first batch, last first.
    static func batches(_ observations: [Observation], size: Int, reversed: Bool = false) -> [ObservationBatch] {
        var measures: [String: Int32] = [:], territories: [TerritoryID: Int32] = [:]
        var periods: [Period: Int32] = [:], sets: [[String: String]: Int32] = [:]
        var result: [ObservationBatch] = []
        var batch = ObservationBatch()
        func number<Key: Hashable>(_ key: Key, _ table: inout [Key: Int32], _ new: inout [Key]) -> Int32 {
            if let known = table[key] { return known }
            table[key] = Int32(table.count)
            new.append(key)
            return table[key]!
        }
        if reversed {
            for observation in observations.reversed() {
                _ = number(observation.measure, &measures, &batch.newMeasures)
                _ = number(observation.territory, &territories, &batch.newTerritories)
                _ = number(observation.period, &periods, &batch.newPeriods)
                _ = number(observation.dimensions, &sets, &batch.newDimensionSets)
            }
        }
        for observation in observations {
            batch.append(measure: number(observation.measure, &measures, &batch.newMeasures),
                         territory: number(observation.territory, &territories, &batch.newTerritories),
                         period: number(observation.period, &periods, &batch.newPeriods),
                         dimensionSet: number(observation.dimensions, &sets, &batch.newDimensionSets),
                         value: observation.value ?? 0, status: observation.status)
            if batch.count == size {
                result.append(batch)
                batch = ObservationBatch()
            }
        }
        if batch.count > 0 { result.append(batch) }
        return result
    }

    /// `count` observations of one measure in key order: territory by territory (each new one
    /// after the others), then period, then métier.
    static func inKeyOrder(_ count: Int) -> [Observation] {
        (0..<count).map { row in
            Observation(measure: "met", territory: TerritoryID(.bassinBMO, String(format: "T%06d", row / 100)),
                        period: .year(2000 + (row / 10) % 10), dimensions: ["metier": "M\(row % 10)"],
                        value: row % 17 == 3 ? nil : Double(row % 1000), status: row % 17 == 3 ? .masked : .present)
        }
    }

    @Test(arguments: [false, true])
    func batchesStoreWhatOneAtATimeStores(reversed: Bool) throws {
        let observations = Array(SyntheticObservations(count: 30_000))
        let one = try ObservatoryDatabase.inMemory(now: fixedNow)
        let batched = try ObservatoryDatabase.inMemory(now: fixedNow)
        let single = try one.replaceVintage(provenance()) { try $0.append(contentsOf: observations) }
        let coded = try batched.replaceVintage(provenance()) { writer in
            for batch in Self.batches(observations, size: 997, reversed: reversed) { try writer.append(batch) }
        }
        #expect(single == coded)
        #expect(coded.rowCount == 30_000 && coded.maskedCount > 0 && coded.missingCount > 0)
        for measure in ["met", "xmet", "smet"] {
            let query = ObservationQuery(dataset: "bmo", measure: measure)
            #expect(try one.observations(query) == batched.observations(query))
        }
    }

    @Test func runsWrittenDuringALoadAreUndoneWithIt() throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        try store.replaceVintage(provenance()) { try $0.append(met(bourges, "A0Z40", 10)) }
        let rows = Self.inKeyOrder(ObservationWriter.runSize * 2 + 5_000)
        #expect(throws: StoreError.self) {
            try store.replaceVintage(provenance(sha256: sha("c"))) { writer in
                for batch in Self.batches(rows, size: 4_096) { try writer.append(batch) }
                throw TestFailure.boom
            }
        }
        #expect(try store.observations(ObservationQuery(dataset: "bmo", measure: "met")) == [met(bourges, "A0Z40", 10)])
        #expect(try store.vintages(of: "bmo").map(\.rowCount) == [1])
        #expect(try store.ingestedSHA256(dataset: "bmo", vintage: "2023") == sha("a"))
    }

    @Test(arguments: [false, true])
    func rowsInAnyOrderAreAllStored(reversed: Bool) throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        var rows = Self.inKeyOrder(ObservationWriter.runSize + 3_000)
        if reversed { rows.reverse() }
        let summary = try store.replaceVintage(provenance()) { writer in
            for batch in Self.batches(rows, size: 8_192) { try writer.append(batch) }
        }
        #expect(summary.rowCount == rows.count)
        #expect(summary.maskedCount == rows.filter { $0.status == .masked }.count)
        let stored = try store.observations(ObservationQuery(dataset: "bmo", measure: "met"))
        #expect(Set(stored) == Set(rows))
        #expect(stored.count == rows.count)
    }

    @Test func aDuplicateOfAWrittenRunIsRefusedNamingItsRow() throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        try store.replaceVintage(provenance()) { try $0.append(met(bourges, "A0Z40", 10)) }
        var rows = Self.inKeyOrder(ObservationWriter.runSize + 10)
        rows.append(rows[0])
        #expect {
            try store.replaceVintage(provenance(sha256: sha("d"))) { writer in
                for batch in Self.batches(rows, size: 50_000) { try writer.append(batch) }
            }
        } throws: { error in
            guard case .observationRejected(_, _, let row, let observation, _, let kept)? = error as? StoreError else { return false }
            return row == rows.count && observation == rows[0] && kept.contains("is kept")
        }
        #expect(try store.observations(ObservationQuery(dataset: "bmo", measure: "met")) == [met(bourges, "A0Z40", 10)])
    }
}
