import Foundation
import Observatory
import ObservatoryData
import ObservatoryStore
import Testing

/// The four files of the `fap` dataset, each loaded with the layout its catalogue entry names.
/// Expected numbers were counted with Python's `csv` module.
@Suite(.enabled(if: ReferentialTestData.isAvailable, ReferentialTestData.absent))
struct FAPLoaderTests {
    static func load(_ name: String, from path: String, into database: ObservatoryDatabase,
                     adjusting adjust: (inout ReferentialInput) -> Void = { _ in }) throws -> ReferentialReport {
        var input = try ReferentialTestData.input("fap", name, file: ReferentialTestData.url(path))
        adjust(&input)
        return try ReferentialTestData.load(input, into: database)
    }

    /// 341 rows; distinct codes per level 341 / 228 / 86 / 22, of which 162 FAP341 codes are also
    /// FAP228 codes with the same label: 179 + 228 + 86 + 22 = 515 labels.
    @Test func fap2021Labels() throws {
        let database = try ObservatoryDatabase.inMemory()
        let report = try Self.load("Intitules_FAP2021.csv", from: "dares-fap2021/Intitules_FAP2021.csv", into: database)
        #expect(report.rows == 515)
        let labels = try database.fapLabels(nomenclature: .fap2021)
        #expect(labels.count == 515)
        let perLevel = Dictionary(grouping: labels, by: { $0.level ?? "" }).mapValues(\.count)
        #expect(perLevel == ["FAP341": 179, "FAP228": 228, "FAP86": 86, "FAP22": 22])
        #expect(try database.fapLabel("A0X41a", nomenclature: .fap2021)
            == FAPLabel(code: "A0X41a", label: "Eleveurs de bovins ou d'équins", nomenclature: .fap2021, level: "FAP341",
                        parentCode: "A0X41"))
        #expect(try database.fapLabel("A0X40", nomenclature: .fap2021)
            == FAPLabel(code: "A0X40", label: "Agriculteurs", nomenclature: .fap2021, level: "FAP228", parentCode: "A0X"))
        #expect(try database.fapLabel("A0X", nomenclature: .fap2021)?.label == "Agriculteurs, éleveurs, sylviculteurs, bûcherons")
        #expect(try database.fapLabel("A", nomenclature: .fap2021)
            == FAPLabel(code: "A", label: "Agriculture, marine, pêche", nomenclature: .fap2021, level: "FAP22"))
    }

    /// DARES's passage table: 5 320 rows = 532 ROME v3 codes × 10 qualifications → 337 FAP341
    /// codes, 1 009 distinct FAP → ROME pairs; 282 ROME codes change FAP with the qualification.
    @Test func fap2021PassageTableKeepsTheQualification() throws {
        let database = try ObservatoryDatabase.inMemory()
        let name = "Dares_Table_passage_ROME_Qualif_to_FAP2021_pour_programme.csv"
        let report = try Self.load(name, from: "dares-fap2021/\(name)", into: database)
        #expect(report.rows == 5_320 + 1_009)
        #expect(report.summary == "1 009 FAP-2021 → ROME links, 5 320 (ROME, qualification) → FAP-2021 rows")
        #expect(report.notes.first == "532 ROME v3 codes × qualification → 337 FAP-2021 codes; "
            + "282 ROME codes go to several FAP codes depending on the qualification")
        #expect(report.notes.last?.hasPrefix("no ROME 4.0 in the store yet") == true)
        let counts = try database.fapRomeQualificationCounts(nomenclature: .fap2021)
        #expect(counts.count == 337)
        #expect(counts.values.reduce(0) { $0 + $1.values.reduce(0, +) } == 5_320)
        #expect(counts["A0X41a"] == ["A1407": 10] && counts["A0X41f"] == ["A1403": 10])
        #expect(try database.romeCodes(forFAP: "A0X41a", nomenclature: .fap2021) == ["A1407"])
        // A ROME code whose qualifications fall in several FAP codes.
        let split = counts.filter { $0.value["J1501"] != nil }
        #expect(split.values.map { $0["J1501"]! }.reduce(0, +) == 10)
        #expect(try database.fapRomeQualificationCounts(nomenclature: .fap2009).isEmpty)
    }

    /// The tree's `niveaux_emboités` sheet holds the same 341 rows as `Intitules_FAP2021.csv`:
    /// the same 515 labels and parents.
    @Test func fap2021TreeGivesTheSameLabelsAsTheCSV() throws {
        let database = try ObservatoryDatabase.inMemory()
        let report = try Self.load("Dares_Arborescence_FAP2021.xlsx", from: "dares-fap2021/Dares_Arborescence_FAP2021.xlsx", into: database)
        #expect(report.rows == 515)
        let tree = try database.fapLabels(nomenclature: .fap2021, source: "fap/Dares_Arborescence_FAP2021.xlsx")
        _ = try Self.load("Intitules_FAP2021.csv", from: "dares-fap2021/Intitules_FAP2021.csv", into: database)
        let csv = try database.fapLabels(nomenclature: .fap2021, source: "fap/Intitules_FAP2021.csv")
        #expect(tree.count == 515 && tree == csv)
    }

    /// 768 rows: 749 FAP → ROME pairs, 16 FAP codes with `NA`, 3 blank rows; windows-1252 with
    /// two `…` (0x85) inside labels.
    @Test func fap2009ToRome() throws {
        let database = try ObservatoryDatabase.inMemory()
        let report = try Self.load("fap225_rome.csv", from: "dares-portraitstatmetiers/fap225_rome.csv", into: database)
        #expect(report.rows == 749)
        #expect(report.summary == "749 FAP-2009 → ROME links")
        #expect(report.notes.first?.hasPrefix("16 FAP codes without ROME (NA): A0Z00, A0Z01, A0Z02") == true)
        #expect(try database.romeCodes(forFAP: "A0Z40", nomenclature: .fap2009) == ["A1416"])
        #expect(try database.romeCodes(forFAP: "E0Z24", nomenclature: .fap2009).contains("H3303"))
        #expect(try database.fapCodes(forRome: "A1416", nomenclature: .fap2009) == ["A0Z40", "A2Z70"])

        // Read as Latin-1, 0x85 is a line end (NEL): the label breaks and the loader says where.
        let latin1 = #expect(throws: ReferentialError.self) {
            try Self.load("fap225_rome.csv", from: "dares-portraitstatmetiers/fap225_rome.csv", into: database) {
                $0.spec.encoding = "iso-8859-1"
            }
        }
        #expect(latin1.map(String.init(describing:))?.contains("fap225_rome.csv:") == true)
        #expect(latin1.map(String.init(describing:))?.contains("column Fap holds ')'") == true)
        #expect(try database.romeCodes(forFAP: "A0Z40", nomenclature: .fap2009) == ["A1416"])
    }

    /// 486 rows FAP-225 → PCS-2003 (225 FAP codes): nothing the store's FAP tables hold.
    @Test func fapToPCSIsReadNotStored() throws {
        let database = try ObservatoryDatabase.inMemory()
        let report = try Self.load("FAP_PCS.csv", from: "dares-portraitstatmetiers/FAP_PCS.csv", into: database)
        #expect(report.rows == 0)
        #expect(report.notes.first?.hasPrefix("486 FAP → PCS-2003 pairs (225 FAP codes) read but not stored") == true)
    }

    /// 1 253 records: 222 FAP-225 codes (208 with ROME), 749 FAP → ROME pairs (the same as
    /// DARES's table), 472 FAP → PCS rows, 12 domain and 52 family labels, 26 footnote lines.
    @Test func pcsRomeTable() throws {
        let database = try ObservatoryDatabase.inMemory()
        let source = "fap/table-correspondance-pcs-rome.csv"
        let report = try Self.load("table-correspondance-pcs-rome.csv", from: "francetravail-mobiville/table-correspondance-pcs-rome.csv",
                                   into: database)
        #expect(report.rows == 749 + 64)
        #expect(report.summary == "64 FAP-2009 labels, 749 FAP-2009 → ROME links, 472 FAP → PCS pairs read, not stored")
        #expect(report.notes == ["222 FAP codes, 208 with ROME codes; 472 FAP → PCS pairs not stored (no PCS table); "
            + "26 footnote lines skipped"])
        #expect(try database.fapLabel("D", nomenclature: .fap2009, source: source)
            == FAPLabel(code: "D", label: "Mécanique, travail des métaux", nomenclature: .fap2009, level: "FAP22"))
        #expect(try database.fapLabel("C1Z", nomenclature: .fap2009, source: source)
            == FAPLabel(code: "C1Z", label: "Ouvriers qualifiés de l'électricité et de l'électronique", nomenclature: .fap2009,
                        level: "FAP87", parentCode: "C"))
        #expect(try database.romeCodes(forFAP: "A0Z41", nomenclature: .fap2009, source: source)
            == ["A1403", "A1407", "A1408", "A1409", "A1410", "A1411"])
        #expect(try database.romeCodes(forFAP: "C2Z70", nomenclature: .fap2009, source: source) == ["H1207", "H1209", "H1504"])
        #expect(try database.romeCodes(forFAP: "A1Z00", nomenclature: .fap2009, source: source).isEmpty)

        // The same links as DARES's table, FAP by FAP.
        _ = try Self.load("fap225_rome.csv", from: "dares-portraitstatmetiers/fap225_rome.csv", into: database)
        for fap in ["A0Z42", "C2Z71", "D2Z40", "T6Z61", "W0Z92", "X0Z00"] {
            #expect(try database.romeCodes(forFAP: fap, nomenclature: .fap2009, source: source)
                == database.romeCodes(forFAP: fap, nomenclature: .fap2009, source: "fap/fap225_rome.csv"))
        }
    }

    @Test func layoutIsRequired() throws {
        let database = try ObservatoryDatabase.inMemory()
        let error = #expect(throws: ReferentialError.self) {
            try Self.load("FAP_PCS.csv", from: "dares-portraitstatmetiers/FAP_PCS.csv", into: database) {
                $0.spec.options = [:]
            }
        }
        #expect(error.map(String.init(describing:))?.hasPrefix(
            "FAP_PCS.csv: needs the option 'layout' (in its catalogue entry: `ingest: {options: {layout: …}}`); "
            + "one of: fap2021-labels, fap2009-rome, fap-pcs, pcs-rome, fap2021-tree, rome-qualif-fap") == true)
    }

    @Test func kindMustBeAReferential() throws {
        let database = try ObservatoryDatabase.inMemory()
        let error = #expect(throws: ReferentialError.self) {
            try Self.load("FAP_PCS.csv", from: "dares-portraitstatmetiers/FAP_PCS.csv", into: database) {
                $0.spec.kind = .observations
            }
        }
        #expect(error.map(String.init(describing:)) == "FAP_PCS.csv: ingest kind 'observations' is not a referential "
            + "(expected rome, fap, formacode, lheo or rncp) — referential 'fap/FAP_PCS.csv' not loaded; "
            + "the stored version, if any, is unchanged")
    }
}
