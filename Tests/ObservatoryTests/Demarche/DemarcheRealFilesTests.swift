import Foundation
@testable import Observatory
import ObservatoryCore
import ObservatoryData
import ObservatoryExport
import ObservatoryIndicators
import Testing

/// A démarche's changes on the real published files, start and latest recomputed here from the
/// raw rows (read with the XLSX reader, not with the engine).
@Suite(.serialized, .enabled(if: IngestPaths.hasSharedData, IngestPaths.absent))
struct DemarcheRealFilesTests {
    static func document(_ demarche: DemarcheDefinition, bench: IngestBench) throws -> DemarcheDocument {
        let library = try ComputeService(layout: bench.layout).library(catalog: bench.catalog)
        let series = try DemarcheService(layout: bench.layout).series(demarches: [demarche], library: library, catalog: bench.catalog,
                                                                      database: bench.database)
        var data = ExportData(library: library, values: [:], names: [:], references: [:], peers: [:], labels: [:], datasets: [:])
        data.demarches = [demarche]
        data.demarcheValues = series
        return DemarcheBuilder(data: data).document(demarche)
    }

    /// The rate of a zone d'emploi for a quarter, from INSEE's wide sheet.
    static func rate(zone: String, quarter: String) throws -> Double {
        let reader = try XLSXReader(url: IngestPaths.shared("insee-chomage-ze/chomage-zone-t1-2003-t3-2023.xlsx")).sheet(named: "txcho_ze")
        var found: Double?
        try reader.forEachDataRow(header: .row(6)) { row in
            if row["ZE2020"]?.trimmed == zone, let text = row[quarter]?.trimmed { found = Double(text) }
        }
        return try #require(found, "no rate for \(zone) in \(quarter)")
    }

    @Test func unemploymentInVierzonSince2021AgainstBlois() async throws {
        let bench = try IngestBench()
        try await bench.place("chomage-ze", "chomage-zone-t1-2003-t3-2023.xlsx", from: IngestPaths.shared("insee-chomage-ze/chomage-zone-t1-2003-t3-2023.xlsx"))
        #expect(try await bench.ingest(["chomage-ze"]).failures.isEmpty)
        let vierzon = TerritoryID(.zoneEmploi, "2415"), blois = TerritoryID(.zoneEmploi, "2401")
        let demarche = DemarcheDefinition(id: "vierzon-2021", title: "Vierzon", territory: vierzon, start: .year(2021),
                                          indicators: [.init(indicator: "chomage_serie_longue", target: .init(direction: .down))], peers: [blois])
        let followed = try #require(try Self.document(demarche, bench: bench).indicators.first)
        let row = try #require(followed.rows.first), peer = try #require(followed.rows.last)
        // From the first quarter of the start year to the latest published.
        #expect(row.start?.period == "2021-T1" && row.latest?.period == "2023-T3")
        let start = try Self.rate(zone: "2415", quarter: "2021-T1"), latest = try Self.rate(zone: "2415", quarter: "2023-T3")
        #expect(row.start?.lower == start && row.start?.status == "ok")
        #expect(row.latest?.lower == latest && latest == 10.5, "Vierzon, 2023-T3")
        #expect(abs(row.change.lower! - (latest - start)) < 1e-9 && row.change.lower == row.change.upper)
        let bloisChange = try Self.rate(zone: "2401", quarter: "2023-T3") - Self.rate(zone: "2401", quarter: "2021-T1")
        #expect(abs(peer.change.lower! - bloisChange) < 1e-9)
        #expect(abs(peer.difference!.lower! - ((latest - start) - bloisChange)) < 1e-9)
        #expect(followed.target?.status == (latest < start ? "met" : "not_met"))
        #expect(followed.sources.contains { $0.hasPrefix("chomage-ze/") })
    }

    /// Σ of a BMO column over a bassin's rows, and the count of masked cells.
    static func plainSum(_ file: String, sheet: String, bassinColumn: String, bassin: String, measure: String) throws -> (Double, Int) {
        let reader = try XLSXReader(url: IngestPaths.shared(file)).sheet(named: sheet)
        var total = 0.0, masked = 0
        try reader.forEachDataRow(header: .row(1)) { row in
            guard row[bassinColumn]?.trimmed == bassin, let cell = row[measure]?.trimmed else { return }
            if cell == "*" { masked += 1 } else { total += Double(cell) ?? 0 }
        }
        return (total, masked)
    }

    @Test func recruitmentProjectsOfTheVierzonBassinAsIntervals() async throws {
        let bench = try IngestBench()
        try await bench.place("bmo", "Base_open_data_BMO_2023.xlsx", from: IngestPaths.shared("francetravail-bmo/Base_open_data_23_CVL-subset.xlsx"))
        try await bench.place("bmo", "Base_open_data_BMO_2024.xlsx", from: IngestPaths.shared("francetravail-bmo/Base_open_data_BMO_2024_CVL-subset.xlsx"))
        #expect(try await bench.ingest(["bmo"]).failures.isEmpty)
        let bassin = TerritoryID(.bassinBMO, "2402")
        let demarche = DemarcheDefinition(id: "vierzon-2021", title: "Vierzon", territory: bassin, start: .year(2021),
                                          indicators: [.init(indicator: "bmo_projets_difficiles")])
        let followed = try #require(try Self.document(demarche, bench: bench).indicators.first)
        let row = try #require(followed.rows.first)
        #expect(row.start?.period == "2023" && row.latest?.period == "2024")
        #expect(followed.notes.contains("Première période publiée depuis le début de la démarche (2021) : 2023."))
        let (s, sm) = try Self.plainSum("francetravail-bmo/Base_open_data_23_CVL-subset.xlsx", sheet: "BMO_2023_open_data",
                                        bassinColumn: "BE23", bassin: "2402", measure: "xmet")
        let (l, lm) = try Self.plainSum("francetravail-bmo/Base_open_data_BMO_2024_CVL-subset.xlsx", sheet: "BMO_2024_open_data",
                                        bassinColumn: "BE24", bassin: "2402", measure: "xmet")
        #expect(sm > 0 && lm > 0, "masked cells on both sides: the change must be an interval")
        // Start [s, s + 4·sm], latest [l, l + 4·lm] (a masked cell is 1 to 4 projects): change [l − (s + 4·sm), l + 4·lm − s].
        #expect(row.start?.lower == s && row.start?.upper == s + 4 * Double(sm) && row.start?.maskedCells == sm)
        #expect(row.latest?.lower == l && row.latest?.upper == l + 4 * Double(lm))
        #expect(row.change.lower == l - (s + 4 * Double(sm)) && row.change.upper == l + 4 * Double(lm) - s)
        #expect(row.change.status == "masked" && row.change.maskedCells == sm + lm)
    }
}
