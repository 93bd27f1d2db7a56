import Foundation
import Observatory
import ObservatoryData
import Testing

/// A nomenclature declared in the catalogue must be one the crosswalks know.
@Suite struct NomenclatureCheckTests {
    @Test func theShippedCatalogueDeclaresKnownNomenclatures() throws {
        let catalog = try Catalog.load(directory: IngestPaths.repository.appendingPathComponent("Indicators/datasets"))
        #expect(catalog.declaredNomenclatures["bmo/2023/metier"] == "FAP-2009")
        #expect(catalog.declaredNomenclatures["bmo/2024/metier"] == "FAP-2021")
        #expect(NomenclatureCheck.diagnostics(catalog).isEmpty)
    }

    @Test func aTypoIsAnError() throws {
        var catalog = try Catalog.load(directory: IngestPaths.repository.appendingPathComponent("Indicators/datasets"))
        let index = try #require(catalog.datasets.firstIndex { $0.id == "bmo" })
        catalog.datasets[index].files[0].ingest?.nomenclatures["metier"] = "FAP-2012"
        let problems = NomenclatureCheck.diagnostics(catalog)
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("declared in nomenclature 'FAP-2012', which has no crosswalk; known: FAP-2009, FAP-2021") == true)
    }
}
