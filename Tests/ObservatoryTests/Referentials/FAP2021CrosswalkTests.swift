import Foundation
@testable import Observatory
import ObservatoryCore
import ObservatoryData
import ObservatoryIndicators
import ObservatoryStore
import Testing

/// BMO 2024 (FAP-2021 codes at the 228 level) → FAP341 → ROME 4.0 through DARES's tree and
/// ROME × qualification passage table, on the real files, against what this test computes itself
/// from the raw rows (plain text splitting and the XLSX reader, not the engine).
@Suite(.serialized, .enabled(if: IngestPaths.hasSharedData, IngestPaths.absent))
struct FAP2021CrosswalkTests {
    static let passage = "dares-fap2021/Dares_Table_passage_ROME_Qualif_to_FAP2021_pour_programme.csv"
    static let bmo2024 = "francetravail-bmo/Base_open_data_BMO_2024_CVL-subset.xlsx"

    /// FAP228 code → ROME code → (ROME, qualification) rows, from the two DARES files read as text.
    static func rawRows() throws -> [String: [String: Int]] {
        let labels = try String(contentsOf: IngestPaths.shared("dares-fap2021/Intitules_FAP2021.csv"), encoding: .utf8)
        var parent: [String: String] = [:]
        for line in labels.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            parent[fields[0].trimmingCharacters(in: .whitespaces)] = fields[2].trimmingCharacters(in: .whitespaces)
        }
        let text = try String(contentsOf: IngestPaths.shared(passage), encoding: .windowsCP1252)
        var rows: [String: [String: Int]] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            let fap228 = try #require(parent[fields[3]], "FAP341 \(fields[3]) is in the tree")
            rows[fap228, default: [:]][fields[0], default: 0] += 1
        }
        return rows
    }

    /// Per métier code, Σ numeric `met` and the number of `*` cells of one bassin in the raw file.
    static func rawProjects(bassin: String) throws -> [String: (sum: Double, masked: Int)] {
        let reader = try XLSXReader(url: IngestPaths.shared(bmo2024)).sheet(named: "BMO_2024_open_data")
        var result: [String: (sum: Double, masked: Int)] = [:]
        try reader.forEachDataRow(header: .row(1)) { row in
            guard let code = row["BE24"]?.trimmed, code == bassin, let metier = row["Code métier BMO"]?.trimmed,
                  let met = row["met"]?.trimmed else { return }
            var cell = result[metier] ?? (0, 0)
            if met == "*" { cell.masked += 1 } else { cell.sum += Double(met) ?? 0 }
            result[metier] = cell
        }
        return result
    }

    /// A store with BMO 2023 and 2024 (the région's rows), the FAP files and the ROME 4.0 v460.
    static func bench() async throws -> IngestBench {
        let bench = try IngestBench()
        try await bench.place("bmo", "Base_open_data_BMO_2023.xlsx", from: IngestPaths.shared("francetravail-bmo/Base_open_data_23_CVL-subset.xlsx"))
        try await bench.place("bmo", "Base_open_data_BMO_2024.xlsx", from: IngestPaths.shared(bmo2024))
        try await bench.placeFromMirror(["fap", "rome4"])
        let summary = try await bench.ingest(["rome4", "fap", "bmo"])
        #expect(summary.failures.isEmpty, "\(summary.failures)")
        return bench
    }

    @Test func weightsSumToOneAndFollowTheQualificationRows() async throws {
        let bench = try await Self.bench()
        let data = try StoreIndicatorData(database: bench.database, catalog: bench.catalog)
        let referential = try #require(try data.skills())
        let crosswalk = try #require(referential.crosswalks.first { $0.nomenclature == "FAP-2021" })
        let raw = try Self.rawRows()
        #expect(raw.count == 226, "226 of the 228 FAP228 codes have ROME codes")
        for (fap, romes) in raw {
            let weights = SkillsMath.weights(of: fap, crosswalk, metiers: referential.metiers)
            #expect(abs(weights.map(\.weight).reduce(0, +) - 1) < 1e-12, "\(fap)")
            let total = Double(romes.values.reduce(0, +))
            #expect(weights.map(\.rome) == romes.keys.sorted(), "\(fap)")
            for (rome, weight) in weights { #expect(abs(weight - Double(romes[rome]!) / total) < 1e-12, "\(fap) \(rome)") }
        }
        // Politicians and clergy have no ROME métier: unmapped, listed.
        for fap in ["X0X00", "X0X01"] { #expect(SkillsMath.weights(of: fap, crosswalk, metiers: referential.metiers).isEmpty) }
        // Every ROME v3 code of the table is still a ROME 4.0 (v460) métier: none is left out.
        #expect(SkillsMath.retiredRomeCodes(crosswalk, metiers: referential.metiers).isEmpty)
        // With a ROME that lacks some of them, they are reported and left out of the weights.
        let partial: Set<String> = ["A1403", "J1305"]
        #expect(SkillsMath.retiredRomeCodes(crosswalk, metiers: partial).contains("A1407"))
        #expect(SkillsMath.weights(of: "A0X41", crosswalk, metiers: partial).map(\.rome) == ["A1403"])
        // The catalogue, not the codes, chooses the crosswalk of each survey.
        #expect(referential.declared["bmo/2024/metier"] == "FAP-2021" && referential.declared["bmo/2023/metier"] == "FAP-2009")
        let ingest = try bench.database.ingestedFiles().first { $0.file == "Dares_Table_passage_ROME_Qualif_to_FAP2021_pour_programme.csv" }
        #expect(ingest?.notes.contains("all 532 ROME v3 codes exist in the stored ROME 4.0") == true)
    }

    @Test func competencesOf2024OnTheRegionAndItsBassins() async throws {
        let bench = try await Self.bench()
        let service = ComputeService(layout: bench.layout)
        let library = try service.library(catalog: bench.catalog)
        let data = try StoreIndicatorData(database: bench.database, catalog: bench.catalog)
        let bassins = (1...22).map { TerritoryID(.bassinBMO, String(format: "24%02d", $0)) }
        let values = try service.compute(library: library, data: data,
                                         indicators: ["competences_correspondance_rome", "competences_en_demande",
                                                      "competences_metiers_non_rapproches"],
                                         territories: [TerritoryID(.region, "24")] + bassins)
        func result(_ id: String, _ territory: TerritoryID, _ year: Int = 2024) -> EvaluationResult? {
            values.first { $0.indicator.id == id && $0.territory == territory && $0.period == .year(year) }?.result
        }
        for territory in [TerritoryID(.region, "24")] + bassins {
            let share = try #require(result("competences_correspondance_rome", territory)?.scalar, "\(territory)")
            #expect(try #require(share.lower) >= 95, "\(territory): \(share)")
            let left = result("competences_metiers_non_rapproches", territory)?.table?.entries.map(\.key) ?? []
            #expect(Set(left).isSubset(of: ["X0X00", "X0X01"]), "\(territory): \(left)")
        }

        // Bassin 2402: its top competences recomputed here from the raw rows.
        let bassin = TerritoryID(.bassinBMO, "2402")
        let projects = try Self.rawProjects(bassin: "2402")
        let rows = try Self.rawRows()
        let competences = try bench.database.allMetierCompetences()
        var scores: [String: Double] = [:]
        var maskedUnder: [String: Set<String>] = [:]
        var mappedMasked = 0
        for (metier, cell) in projects {
            guard let romes = rows[metier] else { continue }
            mappedMasked += cell.masked
            let total = Double(romes.values.reduce(0, +))
            for (rome, count) in romes {
                for use in competences[rome] ?? [] {
                    scores[use.code, default: 0] += cell.sum * Double(count) / total * (use.isCore ? 2 : 1)
                    if cell.masked > 0 { maskedUnder[use.code, default: []].insert(metier) }
                }
            }
        }
        let expected = scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(20)
        let table = try #require(result("competences_en_demande", bassin)?.table)
        #expect(table.entries.map(\.key) == expected.map(\.key))
        for (entry, want) in zip(table.entries, expected) {
            #expect(abs(try #require(entry.value.lower) - want.value) < 1e-6, "\(entry.key)")
            // Each competence's masked cells: those of the métiers whose ROME métiers call for it, once each.
            let cells = (maskedUnder[entry.key] ?? []).reduce(0) { $0 + projects[$1]!.masked }
            #expect(entry.value.maskedCells == cells, "\(entry.key)")
            #expect(entry.value.maskedCells <= mappedMasked)
        }
        // A masked cell is counted once per métier, not once per ROME métier or competence it reaches.
        #expect(mappedMasked > 0)
        #expect(table.maskedCells == mappedMasked)
        #expect(table.entries.reduce(0) { $0 + $1.value.maskedCells } > mappedMasked, "each entry says what it rests on")
        // 2023 (FAP-2009): the bassin's 35 masked cells, never more under one competence (it showed 81).
        let earlier = try #require(result("competences_en_demande", bassin, 2023)?.table)
        #expect(earlier.maskedCells == 35)
        #expect(earlier.entries.allSatisfy { $0.value.maskedCells <= 35 })
    }
}
