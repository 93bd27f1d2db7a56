import Foundation
@testable import Observatory
import ObservatoryCore
import ObservatoryData
import ObservatoryIndicators
import ObservatoryStore
import Testing

/// The shipped indicators on the real BMO files, checked against sums computed here with plain
/// arithmetic over the file's rows (read with the XLSX reader, not with the engine).
@Suite(.serialized, .enabled(if: IngestPaths.hasSharedData, IngestPaths.absent))
struct ComputeRealFilesTests {
    /// Σ numeric and count of `*` of a column over the rows where `column == value`.
    func plainSum(_ file: String, sheet: String, measure: String, where column: String, is value: String) throws -> (Double, Int) {
        let reader = try XLSXReader(url: IngestPaths.shared(file)).sheet(named: sheet)
        var total = 0.0, masked = 0
        try reader.forEachDataRow(header: .row(1)) { row in
            guard row[column]?.trimmed == value, let cell = row[measure] else { return }
            if cell.trimmed == "*" { masked += 1 } else { total += Double(cell.trimmed) ?? 0 }
        }
        return (total, masked)
    }

    @Test func bmoProjectsForADepartementAndTheRegion() async throws {
        let bench = try IngestBench()
        try await bench.place("bmo", "Base_open_data_BMO_2023.xlsx", from: IngestPaths.shared("francetravail-bmo/Base_open_data_23_CVL-subset.xlsx"))
        #expect(try await bench.ingest(["bmo"]).failures.isEmpty)
        let service = ComputeService(layout: bench.layout)
        let library = try service.library(catalog: bench.catalog)
        let data = try StoreIndicatorData(database: bench.database, catalog: bench.catalog)
        let values = try service.compute(library: library, data: data, indicators: ["bmo_projets", "bmo_part_difficiles"],
                                         territories: [TerritoryID(.departement, "37"), TerritoryID(.region, "24")])
        func value(_ id: String, _ territory: TerritoryID) -> Value? {
            values.first { $0.indicator.id == id && $0.territory == territory && $0.period == .year(2023) }?.result.scalar
        }
        let file = "francetravail-bmo/Base_open_data_23_CVL-subset.xlsx"
        let (dep37, masked37) = try plainSum(file, sheet: "BMO_2023_open_data", measure: "met", where: "Dept", is: "37")
        let projects37 = try #require(value("bmo_projets", TerritoryID(.departement, "37")))
        #expect(projects37.lower == dep37 && projects37.maskedCells == masked37)
        #expect(projects37.upper == dep37 + 4 * Double(masked37), "4 per masked cell: France Travail masks 1 to 4 projects")
        #expect((projects37.lower!...projects37.upper!).contains(27_053), "Indre-et-Loire 2023, published total")
        let region = try #require(value("bmo_projets", TerritoryID(.region, "24")))
        #expect(region.lower == 101_990 && region.maskedCells == 552)
        #expect((region.lower!...region.upper!).contains(103_448), "Centre-Val de Loire 2023, published total")
        #expect(region.sources.map(\.dataset) == ["bmo"] && region.sources.first?.vintage == "2023")
        // A ratio of aggregates, its interval from the masked cells' bounds.
        let (difficult, _) = try plainSum(file, sheet: "BMO_2023_open_data", measure: "xmet", where: "REG", is: "24")
        let share = try #require(value("bmo_part_difficiles", TerritoryID(.region, "24")))
        #expect(share.status == .masked)
        #expect(share.lower! <= 100 * difficult / 101_990 && 100 * difficult / 101_990 <= share.upper! + 1e-9)
    }

    @Test func zoneAndBassinOfTheSameCodeNeverMix() async throws {
        let bench = try IngestBench()
        try await bench.place("bmo", "Base_open_data_BMO_2023.xlsx", from: IngestPaths.shared("francetravail-bmo/Base_open_data_23_CVL-subset.xlsx"))
        try await bench.place("chomage-ze", "chomage-zone-t1-2003-t3-2023.xlsx", from: IngestPaths.shared("insee-chomage-ze/chomage-zone-t1-2003-t3-2023.xlsx"))
        #expect(try await bench.ingest(["bmo", "chomage-ze"]).failures.isEmpty)
        let service = ComputeService(layout: bench.layout)
        let library = try service.library(catalog: bench.catalog)
        let data = try StoreIndicatorData(database: bench.database, catalog: bench.catalog)
        let values = try service.compute(library: library, data: data, indicators: ["chomage_taux"],
                                         territories: [TerritoryID(.zoneEmploi, "2415"), TerritoryID(.bassinBMO, "2415")])
        #expect(values.first { $0.territory.geography == .zoneEmploi }?.result.scalar?.number == 10.5, "Vierzon, 2023-T3")
        let bassin = try #require(values.first { $0.territory.geography == .bassinBMO }?.result.scalar)
        #expect(bassin.number != 10.5, "bassin BMO 2415 (Tours) gets no ZE 2415 (Vierzon) rate")
    }
}

/// The bound per masked BMO cell is the publisher's rule, read back from the files themselves.
@Suite(.enabled(if: IngestPaths.hasSharedData, IngestPaths.absent))
struct BMOMaskedBoundTests {
    @Test(arguments: [("francetravail-bmo/Base_open_data_23.xlsx", "BMO_2023_open_data"),
                      ("francetravail-bmo/Base_open_data_BMO_2024.xlsx", "BMO_2024_open_data")])
    func noCellUnderFiveIsPublishedSoAMaskedCellHidesOneToFour(file: String, sheet: String) throws {
        let reader = try XLSXReader(url: IngestPaths.shared(file)).sheet(named: sheet)
        var smallest = Double.infinity, fives = 0, masked = 0
        try reader.forEachDataRow(header: .row(1)) { row in
            for column in ["met", "xmet", "smet"] {
                guard let text = row[column]?.trimmed else { continue }
                if text == "*" { masked += 1; continue }
                if let number = Double(text), number > 0 { smallest = min(smallest, number); if number == 5 { fives += 1 } }
            }
        }
        #expect(smallest == 5 && fives > 1_000 && masked > 10_000)
        let catalog = try Catalog.load(directory: IngestPaths.repository.appendingPathComponent("Indicators/datasets"))
        #expect(catalog.dataset("bmo")?.files.first?.ingest?.values.maskedBound == 4)
    }
}
