import Foundation
@testable import Observatory
import ObservatoryCore
import ObservatoryData
import ObservatoryIndicators
import Testing

/// A regional training catalogue says nothing of the territories outside its région: their
/// training offers are no value, never zero.
@Suite(.serialized, .enabled(if: IngestPaths.hasSharedData, IngestPaths.absent))
struct TrainingCoverageTests {
    @Test func offersOutsideTheCataloguesRegionAreNoValue() async throws {
        let bench = try IngestBench()
        try await bench.placeFromMirror(["ze2020", "insee-appartenance", "lheo"])
        let summary = try await bench.ingest(["ze2020", "insee-appartenance", "lheo"])
        #expect(summary.failures.isEmpty, "\(summary.failures)")
        #expect(bench.catalog.dataset("lheo")?.covers == [TerritoryID(.region, "24")])
        let data = try StoreIndicatorData(database: bench.database, catalog: bench.catalog)
        // The catalogue's one offer: a plasterer's course at Veigné (37266), ROME F1604.
        let touraine = try #require(try data.trainingSupply(for: TerritoryID(.departement, "37")))
        #expect(touraine.offersUncovered == nil && touraine.offers == ["F1604": 1])
        let region = try #require(try data.trainingSupply(for: TerritoryID(.region, "24")))
        #expect(region.offersUncovered == nil && region.offers == ["F1604": 1])
        let cher = try #require(try data.trainingSupply(for: TerritoryID(.departement, "18")))
        #expect(cher.offersUncovered == nil && cher.offers.isEmpty, "inside the région, no offer is a true zero")
        for outside in [TerritoryID(.departement, "75"), TerritoryID(.region, "27"), .france] {
            let supply = try #require(try data.trainingSupply(for: outside))
            #expect(supply.offersUncovered?.english == "the lheo dataset covers only reg:24, and this territory is not wholly inside it", "\(outside)")
        }
    }
}
