import Foundation
@testable import Observatory
import ObservatoryCore
import ObservatoryData
import ObservatoryStore
import Testing
import ZIPFoundation

/// Files that cannot be read fail with a message naming the file and the problem, and the store
/// keeps what it had.
@Suite(.serialized, .enabled(if: IngestPaths.hasSharedData, IngestPaths.absent))
struct IngestFailureTests {
    static let bmo2024 = IngestPaths.shared("francetravail-bmo/Base_open_data_BMO_2024_CVL-subset.xlsx")
    static let bmo2023 = IngestPaths.shared("francetravail-bmo/Base_open_data_23_CVL-subset.xlsx")

    /// A bench whose store already holds BMO 2024 (the CVL subset).
    func benchWith2024() async throws -> (IngestBench, VintageSummary) {
        let bench = try IngestBench()
        try await bench.place("bmo", "Base_open_data_BMO_2024.xlsx", from: Self.bmo2024)
        #expect(try await bench.ingest(["bmo"]).failures.isEmpty)
        return (bench, try #require(try bench.database.vintage("2024", of: "bmo")))
    }

    @Test func aMissingColumnIsNamedWithWhatWasFound() async throws {
        let (bench, before) = try await benchWith2024()
        // Next year's file arrives with last year's layout (BE23 where BE24 is expected).
        try await bench.place("bmo", "Base_open_data_BMO_2024.xlsx", from: Self.bmo2023)
        bench.override("bmo") { dataset in
            dataset.files[dataset.files.firstIndex { $0.vintage == "2024" }!].ingest!.sheet = .position(2)
        }
        let reason = try #require(try await bench.ingest(["bmo"]).result("bmo", "Base_open_data_BMO_2024.xlsx")?.failure)
        #expect(reason.contains("Base_open_data_BMO_2024.xlsx, sheet BMO_2023_open_data: columns BE24, NOMBE24 not found; found: annee, Code métier BMO, Nom métier BMO, Famille_met, Lbl_fam_met, BE23, NOMBE23"), "\(reason)")
        #expect(reason.contains("the previous 2024 vintage (7878 observations from Base_open_data_BMO_2024.xlsx"))
        #expect(reason.hasSuffix("is kept"))
        #expect(try bench.database.vintage("2024", of: "bmo") == before, "the previous vintage stands")
    }

    @Test func aTruncatedWorkbookKeepsThePreviousVintage() async throws {
        let (bench, before) = try await benchWith2024()
        let bytes = try Data(contentsOf: Self.bmo2024)
        let truncated = bench.folder.appendingPathComponent("truncated.xlsx")
        try bytes.prefix(bytes.count * 2 / 3).write(to: truncated)
        try await bench.place("bmo", "Base_open_data_BMO_2024.xlsx", from: truncated)
        let reason = try #require(try await bench.ingest(["bmo"]).result("bmo", "Base_open_data_BMO_2024.xlsx")?.failure)
        #expect(reason.contains("Base_open_data_BMO_2024.xlsx"), "\(reason)")
        #expect(try bench.database.vintage("2024", of: "bmo") == before)
        #expect(try bench.database.ingestedFile(dataset: "bmo", file: "Base_open_data_BMO_2024.xlsx")?.sha256 == before.provenance.sha256)
    }

    @Test func aLatin1FileDeclaredUTF8IsRefusedWithItsLine() async throws {
        let bench = try IngestBench()
        try await bench.place("dares-metiers", "serie_demandeurs_emploi_A_ABC.csv",
                              from: IngestPaths.shared("dares-portraitstatmetiers/serie_demandeurs_emploi_A_ABC.csv"))
        bench.override("dares-metiers") { dataset in
            dataset.files[0].ingest!.encoding = "utf-8"
        }
        let reason = try #require(try await bench.ingest(["dares-metiers"]).result("dares-metiers", "serie_demandeurs_emploi_A_ABC.csv")?.failure)
        #expect(reason.contains("serie_demandeurs_emploi_A_ABC.csv:"), "\(reason)")
        #expect(reason.contains("invalid UTF-8"), "\(reason)")
        #expect(try bench.database.vintage("1997-2019", of: "dares-metiers") == nil)
    }

    @Test func aZipMemberEscapingItsFolderIsRefused() async throws {
        let bench = try IngestBench()
        try await bench.placeFromMirror(["ze2020"])
        #expect(try await bench.ingest(["ze2020"]).failures.isEmpty)
        let communes = try bench.database.territories(geography: .commune).count
        // The same workbook, but stored in the ZIP under a name that climbs out of the folder.
        let evil = bench.folder.appendingPathComponent("evil.zip")
        let archive = try Archive(url: evil, accessMode: .create)
        let workbook = try Data(contentsOf: IngestPaths.shared("insee-ze2020/ZE2020_au_01-01-2022_CVL-subset.xlsx"))
        try archive.addEntry(with: "../ZE2020_au_01-01-2022.xlsx", type: .file, uncompressedSize: Int64(workbook.count),
                             provider: { position, size in workbook.subdata(in: Int(position)..<Int(position) + size) })
        try await bench.place("ze2020", "ZE2020_au_01-01-2022.zip", from: evil)
        let reason = try #require(try await bench.ingest(["ze2020"]).result("ze2020", "ZE2020_au_01-01-2022.zip")?.failure)
        #expect(reason.contains("../ZE2020_au_01-01-2022.xlsx"), "\(reason)")
        #expect(try bench.database.territories(geography: .commune).count == communes)
    }

    @Test func anEntityBombKeepsThePreviousTrainingOffers() async throws {
        let bench = try IngestBench()
        try await bench.place("lheo", "offres-formation-cvl.xml",
                              from: IngestPaths.shared("lheo-intercarif-cvl/intercarif_lheo22_offre-07_10_AFPA-Veigne_2018.REDACTED.xml"))
        #expect(try await bench.ingest(["lheo"]).failures.isEmpty)
        let before = try bench.database.trainingOffers()
        #expect(before.count == 1)
        let bomb = bench.folder.appendingPathComponent("bomb.xml")
        var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lheo [\n <!ENTITY a \"aaaaaaaaaa\">\n"
        for level in 1...9 { text += " <!ENTITY a\(level) \"" + String(repeating: "&a\(level == 1 ? "" : String(level - 1));", count: 10) + "\">\n" }
        text += "]>\n<lheo xmlns=\"http://www.lheo.org/2.2\"><offres><formation numero=\"x\"><intitule-formation>&a9;</intitule-formation></formation></offres></lheo>\n"
        try text.write(to: bomb, atomically: true, encoding: .utf8)
        try await bench.place("lheo", "offres-formation-cvl.xml", from: bomb)
        let reason = try #require(try await bench.ingest(["lheo"]).result("lheo", "offres-formation-cvl.xml")?.failure)
        #expect(reason.contains("offres-formation-cvl.xml"), "\(reason)")
        #expect(reason.lowercased().contains("entit"), "\(reason)")
        #expect(try bench.database.trainingOffers() == before)
    }
}
