import Foundation
@testable import Observatory
import ObservatoryCore
import ObservatoryIndicators
import Testing

/// `Cache/computed`: what is read back is what was computed, so that a page made from read-back
/// values is the page a fresh computation makes.
@Suite struct ComputedCacheTests {
    @Test func tablesComeBackWithTheirEntriesDetailsSourcesAndExtents() throws {
        let bench = try IngestBench()
        let library = try ComputeService(layout: bench.layout).library(catalog: bench.catalog)
        let indicator = try #require(library.indicator("passerelles_metiers"))
        let source = Provenance(dataset: "rome4", vintage: "v460", file: "RefRomeCsv.zip", sha256: String(repeating: "b", count: 64),
                                fetchedAt: Date(timeIntervalSince1970: 1_700_000_000))
        var estimated = Value.exact(0.25, sources: [source])
        estimated.extent = Extent(coverage: 0.97, apportioned: 0.1, key: .population, coveredBy: "département 18")
        let table = Table(dimension: "passerelle", entries: [
            .init(key: "C1503>C1501", value: estimated, details: ["Réglementation de la copropriété (cœur de métier)", "Économie de la construction",
                                                                  "Vérifier le montage/assemblage"]),
            .init(key: "N4102>N4103", value: .none(.other("no tension"), sources: [source])),
        ], sharedMaskedCells: 2)
        let computed = [ComputedValue(indicator: indicator, territory: TerritoryID(.bassinBMO, "2415"), period: .year(2020), result: .table(table)),
                        ComputedValue(indicator: indicator, territory: .france, period: .year(2020), result: .scalar(.masked(bound: 4, sources: [source])))]
        let cache = ComputedCache(folder: bench.layout.cache.appendingPathComponent("computed"))
        try cache.save(indicator.id, fingerprint: "f1", values: computed)
        #expect(cache.load(indicator.id, fingerprint: "another") == nil, "values of other inputs are not read back")
        let loaded = try #require(cache.load(indicator.id, fingerprint: "f1"))
        #expect(loaded.count == 2)
        #expect(loaded[0].0 == TerritoryID(.bassinBMO, "2415") && loaded[0].1 == .year(2020))
        #expect(loaded[0].2 == .table(table), "entries, details, extents, reasons and sources as computed")
        #expect(loaded[0].2.table?.entries.first?.details.count == 3)
        #expect(loaded[1].2 == computed[1].result)
        // `JSONEncoder`'s bytes with sorted keys and slashes kept (files written by `JSONEncoder`
        // itself, with `\/`, read the same): identical values give identical files.
        let written = try Data(contentsOf: cache.url(indicator.id))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let file = try JSONDecoder().decode(ComputedCache.File.self, from: written)
        #expect(try encoder.encode(file) == written)
        #expect(file.provenance == [source], "a source shared by every value is listed once")
    }
}
