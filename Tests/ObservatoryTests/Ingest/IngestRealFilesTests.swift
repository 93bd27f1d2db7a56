import Foundation
@testable import Observatory
import ObservatoryCore
import ObservatoryData
import ObservatoryStore
import Testing

/// The ingest on the real published files; expected figures were computed from the files with
/// independent scripts (python csv / zipfile), or come from SOURCES.md and the publishers.
@Suite(.serialized, .enabled(if: IngestPaths.hasSharedData, IngestPaths.absent))
struct IngestRealFilesTests {
    func sum(_ observations: [Observation]) -> Double {
        observations.compactMap(\.value).reduce(0, +)
    }

    @Test func bmoCentreValDeLoireKeepsMaskedCells() async throws {
        let bench = try IngestBench()
        try await bench.place("bmo", "Base_open_data_BMO_2023.xlsx", from: IngestPaths.shared("francetravail-bmo/Base_open_data_23_CVL-subset.xlsx"))
        try await bench.place("bmo", "Base_open_data_BMO_2024.xlsx", from: IngestPaths.shared("francetravail-bmo/Base_open_data_BMO_2024_CVL-subset.xlsx"))
        let summary = try await bench.ingest(["bmo"])
        #expect(summary.failures.isEmpty, "\(summary.failures.map(\.result))")
        for (vintage, rows, projects, masked, allMasked, difficult) in [("2023", 2624, 101_990.0, 552, 3509, 71_267.0),
                                                                          ("2024", 2626, 98_613.0, 611, 3696, 60_272.0)] {
            let met = try bench.database.observations(ObservationQuery(dataset: "bmo", measure: "met", vintages: .only(vintage)))
            #expect(met.count == rows)
            #expect(sum(met) == projects, "Σ numeric met, Centre-Val de Loire \(vintage)")
            #expect(met.filter { $0.status == .masked }.count == masked)
            #expect(met.filter { $0.status == .masked }.allSatisfy { $0.value == nil }, "a masked cell is not a zero")
            let xmet = try bench.database.observations(ObservationQuery(dataset: "bmo", measure: "xmet", vintages: .only(vintage)))
            #expect(sum(xmet) == difficult)
            let stored = try #require(try bench.database.vintage(vintage, of: "bmo"))
            #expect(stored.maskedCount == allMasked && stored.rowCount == rows * 3)
            #expect(Set(met.map(\.territory)).count == 22)
            #expect(met.allSatisfy { $0.territory.geography == .bassinBMO })
        }
        // The file's own vocabulary is kept: bassin names, métier labels, bassin → département.
        #expect(try bench.database.territory(TerritoryID(.bassinBMO, "2402"))?.name.uppercased() == "VIERZON")
        #expect(try bench.database.dimensionLabels(dataset: "bmo", dimension: "metier")["A0X40"] != nil)
        #expect(try bench.database.parents(of: TerritoryID(.bassinBMO, "2402")).contains { $0.parent == TerritoryID(.departement, "18") })
    }

    @Test func bmoFullFileRowCount() async throws {
        let bench = try IngestBench()
        try await bench.place("bmo", "Base_open_data_BMO_2023.xlsx", from: IngestPaths.shared("francetravail-bmo/Base_open_data_23.xlsx"))
        let summary = try await bench.ingest(["bmo"])
        guard case .ingested(let line, _)? = summary.result("bmo", "Base_open_data_BMO_2023.xlsx") else {
            Issue.record("\(summary.items.map(\.result))")
            return
        }
        #expect(line.hasPrefix("50437 rows, 151311 observations"))
        let met = try bench.database.observations(ObservationQuery(dataset: "bmo", measure: "met"))
        #expect(sum(met) == 3_013_134, "Σ numeric met, France 2023 (SOURCES.md)")
        #expect(met.filter { $0.status == .masked }.count == 9196)
    }

    @Test func unemploymentRatesByZone() async throws {
        let bench = try IngestBench()
        try await bench.place("chomage-ze", "chomage-zone-t1-2003-t3-2023.xlsx", from: IngestPaths.shared("insee-chomage-ze/chomage-zone-t1-2003-t3-2023.xlsx"))
        #expect(try await bench.ingest(["chomage-ze"]).failures.isEmpty)
        let vierzon = try bench.database.observations(ObservationQuery(
            dataset: "chomage-ze", measure: "taux_chomage", territories: [TerritoryID(.zoneEmploi, "2415")]))
        #expect(vierzon.count == 83, "2003-T1 … 2023-T3")
        #expect(vierzon.first { $0.period == .quarter(2023, 3) }?.value == 10.5)
        #expect(vierzon.first { $0.period == .quarter(2003, 1) }?.value == 9.5)
        let zones = try bench.database.observations(ObservationQuery(dataset: "chomage-ze", measure: "taux_chomage",
                                                                     periods: .quarter(2023, 3) ... .quarter(2023, 3)))
        #expect(zones.count == 302)
    }

    @Test func salariedJobsSumTheRegionalPartsOfAZone() async throws {
        let bench = try IngestBench()
        try await bench.place("urssaf-ze", "effectifs-salaries-ze.csv", from: IngestPaths.shared("urssaf-ze-quarterly/urssaf_emploi_ze_quarterly_raw.csv"))
        #expect(try await bench.ingest(["urssaf-ze"]).failures.isEmpty)
        let cvs = try bench.database.observations(ObservationQuery(dataset: "urssaf-ze", measure: "effectifs",
                                                                   periods: .quarter(2024, 4) ... .quarter(2024, 4)))
        #expect(cvs.first { $0.territory.code == "7527" }?.value == 15_711, "three parts summed")
        #expect(cvs.first { $0.territory.code == "2415" }?.value == 9_062)
        #expect(sum(cvs) == 20_258_944)
        #expect(try bench.database.vintage("latest", of: "urssaf-ze")?.rowCount == 17_080 * 3)
    }

    @Test func zoneAndBassinOfTheSameCodeAreDifferentTerritories() async throws {
        let bench = try IngestBench()
        try await bench.placeFromMirror(["ze2020", "bassins-bmo"])
        let summary = try await bench.ingest(["ze2020", "bassins-bmo"])
        #expect(summary.failures.isEmpty, "\(summary.failures.map(\.result))")
        #expect(try bench.database.territory(TerritoryID(.zoneEmploi, "2401"))?.name == "Blois")
        #expect(try bench.database.territory(TerritoryID(.bassinBMO, "2401"))?.name == "BOURGES")
        #expect(try bench.database.territory(TerritoryID(.zoneEmploi, "2415"))?.name == "Vierzon")
        #expect(try bench.database.territory(TerritoryID(.bassinBMO, "2415"))?.name == "TOURS")
        #expect(try bench.database.territories(geography: .commune).count == 34_955)
        #expect(try bench.database.territories(geography: .zoneEmploi).count == 306)
        // Vierzon (18279) is in ZE 2415 and in bassin 2402, never in bassin 2415.
        let parents = try bench.database.parents(of: TerritoryID(.commune, "18279")).map(\.parent)
        #expect(parents.contains(TerritoryID(.zoneEmploi, "2415")) && parents.contains(TerritoryID(.bassinBMO, "2402")))
        #expect(!parents.contains(TerritoryID(.bassinBMO, "2415")))
        // Sainte-Lunaise (18222, bassin 2401 in the 2019 lexicon) merged into Corquoy (18073, bassin 2404):
        // the commune nouvelle is in one bassin, its own, and the ingest says so.
        let corquoy = try bench.database.parents(of: TerritoryID(.commune, "18073")).map(\.parent).filter { $0.geography == .bassinBMO }
        #expect(corquoy == [TerritoryID(.bassinBMO, "2404")])
        let lexicon = try #require(summary.result("bassins-bmo", "lexique-bassins.csv"))
        guard case .ingested(_, let lexiconNotes) = lexicon else { Issue.record("lexicon: \(lexicon)"); return }
        #expect(lexiconNotes.contains { $0.contains("18073 in 2404 (also 2401)") }, "\(lexiconNotes)")
        // An interregional zone sits only partly in each of its régions.
        let dreux = try bench.database.parents(of: TerritoryID(.zoneEmploi, "0057"), geography: .region)
        #expect(dreux.count > 1 && dreux.allSatisfy(\.isPartial))
        // The five GPECT basins of the workshops, from their communes; unknown codes are reported.
        guard case .ingested(let line, let notes)? = summary.customTerritories else {
            Issue.record("custom territories: \(String(describing: summary.customTerritories))")
            return
        }
        #expect(line.hasPrefix("5 custom basins"))
        let vierzon = try bench.database.members(of: TerritoryID(.custom, "vierzon"), geography: .commune)
        #expect((20...26).contains(vierzon.count), "26 communes in 2019, fewer where communes merged since")
        // The region's former codes reach their communes nouvelles: none is left out.
        #expect(!notes.contains { $0.contains("not in the ZE2020 composition") })
        #expect(notes.contains { $0.contains("41082 (line") && $0.contains("→ 41059") }, "Feings, in the Blois basin")
        #expect(vierzon.contains { $0.member.code == "18279" })
        #expect(try bench.database.parents(of: TerritoryID(.custom, "vierzon"), geography: .departement).map(\.parent) == [TerritoryID(.departement, "18")])
    }

    @Test func anUnchangedFileIsNotReadAgainAndAChangedOneReplacesItsVintage() async throws {
        let bench = try IngestBench()
        let subset = IngestPaths.shared("francetravail-bmo/Base_open_data_23_CVL-subset.xlsx")
        try await bench.place("bmo", "Base_open_data_BMO_2023.xlsx", from: subset)
        #expect(try await bench.ingest(["bmo"]).result("bmo", "Base_open_data_BMO_2023.xlsx")?.isIngested == true)
        let first = try #require(try bench.database.vintage("2023", of: "bmo"))
        #expect(try await bench.ingest(["bmo"]).result("bmo", "Base_open_data_BMO_2023.xlsx")?.isUnchanged == true)
        #expect(try bench.database.vintage("2023", of: "bmo")?.ingestedAt == first.ingestedAt)
        // The full national file arrives under the same name: the vintage is replaced whole.
        try await bench.place("bmo", "Base_open_data_BMO_2023.xlsx", from: IngestPaths.shared("francetravail-bmo/Base_open_data_23.xlsx"))
        #expect(try await bench.ingest(["bmo"]).result("bmo", "Base_open_data_BMO_2023.xlsx")?.isIngested == true)
        #expect(try bench.database.vintage("2023", of: "bmo")?.rowCount == 50_437 * 3)
    }
}
