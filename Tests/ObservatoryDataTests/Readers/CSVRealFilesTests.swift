import Foundation
import Testing
@testable import ObservatoryData

/// Expected facts of one real CSV, counted independently with Python's `csv` module
/// (rows = records with at least one non-empty field, header excluded; cells = their fields).
struct CSVCase: Sendable, CustomTestStringConvertible {
    let path: String
    let rows: Int
    let cells: Int
    let delimiter: Unicode.Scalar
    let encoding: TextEncoding
    /// First cell of the first row (the header, or the first record without header).
    let first: String
    /// First cell of the last row.
    let last: String
    let header: Bool

    init(_ path: String, rows: Int, cells: Int, delimiter: Unicode.Scalar, encoding: TextEncoding,
         first: String, last: String, header: Bool = true) {
        self.path = path
        self.rows = rows
        self.cells = cells
        self.delimiter = delimiter
        self.encoding = encoding
        self.first = first
        self.last = last
        self.header = header
    }

    var testDescription: String { path }
}

/// Every CSV of `../shared/data` (the DERIVED ROME 12-code subsets aside), read whole.
@Suite(.enabled(if: SharedData.isAvailable, SharedData.absent))
struct CSVRealFilesTests {
    static let cases: [CSVCase] = [
        CSVCase("dares-defm-communales/POP_CHOMAGE_DARES_dep91-Essonne.csv", rows: 11640, cells: 139692, delimiter: ";", encoding: .utf8, first: "Date", last: "2024-T4"),
        CSVCase("dares-fap2021/Intitules_FAP2021.csv", rows: 341, cells: 2736, delimiter: ";", encoding: .utf8, first: "Code_FAP341", last: "X0X01"),
        CSVCase("dares-portraitstatmetiers/FAP_PCS.csv", rows: 486, cells: 1461, delimiter: ";", encoding: .windows1252, first: "Fap", last: "X0Z01"),
        CSVCase("dares-portraitstatmetiers/evol_tensions.csv", rows: 2367, cells: 7104, delimiter: ",", encoding: .utf8, first: "fap", last: "W1Z"),
        CSVCase("dares-portraitstatmetiers/fap225_rome.csv", rows: 765, cells: 2298, delimiter: ";", encoding: .windows1252, first: "Fap", last: "X0Z01"),
        CSVCase("dares-portraitstatmetiers/input_carte2.csv", rows: 1130, cells: 6786, delimiter: ";", encoding: .utf8, first: "code_reg", last: "94"),
        CSVCase("dares-portraitstatmetiers/input_carte3.csv", rows: 1130, cells: 6786, delimiter: ";", encoding: .utf8, first: "code_reg", last: "94"),
        CSVCase("dares-portraitstatmetiers/serie_demandeurs_emploi_A_ABC.csv", rows: 14256, cells: 57028, delimiter: ",", encoding: .windows1252, first: "Fap3", last: "ZZZZZ"),
        CSVCase("dares-portraitstatmetiers/tensions.csv", rows: 31034, cells: 465525, delimiter: ",", encoding: .utf8, first: "fap", last: "W1Z"),
        CSVCase("education-inserjeunes/fr-en-inserjeunes-cfa.csv", rows: 11314, cells: 181040, delimiter: ";", encoding: .utf8, first: "Année", last: "cumul 2022-2023"),
        CSVCase("francetravail-mobiville/cities-tension-utf8.csv", rows: 27053, cells: 216432, delimiter: ";", encoding: .utf8, first: "annee", last: "2020"),
        CSVCase("francetravail-mobiville/lexique-bassins.csv", rows: 35357, cells: 282864, delimiter: ",", encoding: .utf8, first: "CODE_COMMUNE_INSEE", last: "2B366"),
        CSVCase("francetravail-mobiville/table-correspondance-pcs-rome.csv", rows: 929, cells: 2787, delimiter: ";", encoding: .utf8, first: "A0Z40", last: "", header: false),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_arborescence_secteur_activite_v460_utf8.csv", rows: 3303, cells: 26432, delimiter: ",", encoding: .utf8, first: "code_sect_activite", last: "101"),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_arborescence_thematique_v460_utf8.csv", rows: 1348, cells: 6745, delimiter: ",", encoding: .utf8, first: "code_theme", last: "017"),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_coherence_item_v460_utf8.csv", rows: 104219, cells: 312660, delimiter: ",", encoding: .utf8, first: "code_rome", last: "N4403"),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_composition_bloc_v460_utf8.csv", rows: 8, cells: 18, delimiter: ",", encoding: .utf8, first: "code_compo_bloc", last: "8"),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_cr_gd_dp_appellations_v460_utf8.csv", rows: 14828, cells: 148290, delimiter: ",", encoding: .utf8, first: "code_grand_domaine", last: ""),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_cr_gd_dp_v460_utf8.csv", rows: 1584, cells: 9510, delimiter: ",", encoding: .utf8, first: "code_rome", last: "N4403"),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_descriptif_rubrique_v460_utf8.csv", rows: 3, cells: 16, delimiter: ",", encoding: .utf8, first: "code_rubrique", last: "3"),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_domaine_professionnel_v460_utf8.csv", rows: 110, cells: 222, delimiter: ",", encoding: .utf8, first: "code_domaine_professionnel", last: "N44"),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_grand_domaine_v460_utf8.csv", rows: 14, cells: 30, delimiter: ",", encoding: .utf8, first: "code_grand_domaine", last: "N"),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_item_v460_utf8.csv", rows: 33850, cells: 101553, delimiter: ",", encoding: .utf8, first: "code_ogr", last: "513769"),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_liens_rome_referentiels_v460_utf8.csv", rows: 118923, cells: 475696, delimiter: ",", encoding: .utf8, first: "code_rome", last: "N4403"),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_referentiel_code_rome_riasec_v460_utf8.csv", rows: 1584, cells: 4755, delimiter: ",", encoding: .utf8, first: "code_rome", last: "N4403"),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_referentiel_macro_competence_riasec_v460_utf8.csv", rows: 507, cells: 1524, delimiter: ",", encoding: .utf8, first: "code_ogr", last: "405056"),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_secteur_activite_v460_utf8.csv", rows: 35, cells: 108, delimiter: ",", encoding: .utf8, first: "code_sect_activite", last: "101"),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_secteur_naf_v460_utf8.csv", rows: 89, cells: 270, delimiter: ",", encoding: .utf8, first: "code_tech_secteur_naf", last: "89"),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_sous_secteur_activite_v460_utf8.csv", rows: 40, cells: 164, delimiter: ",", encoding: .utf8, first: "code_ss_sect_activite", last: "153"),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_themes_v460_utf8.csv", rows: 17, cells: 54, delimiter: ",", encoding: .utf8, first: "code_theme", last: "017"),
        CSVCase("francetravail-rome4-v460/apostrophe-normalized/unix_type_referentiel_v460_utf8.csv", rows: 0, cells: 2, delimiter: ",", encoding: .utf8, first: "code_type_referentiel", last: "code_type_referentiel"),
        CSVCase("francetravail-rome4-v460/pristine/unix_arborescence_centre_interet_v460_utf8.csv", rows: 4444, cells: 26670, delimiter: ",", encoding: .utf8, first: "code_centre_interet", last: "30"),
        CSVCase("francetravail-rome4-v460/pristine/unix_centre_interet_v460_utf8.csv", rows: 30, cells: 93, delimiter: ",", encoding: .utf8, first: "code_centre_interet", last: "30"),
        CSVCase("francetravail-rome4-v460/pristine/unix_referentiel_appellation_v460_utf8.csv", rows: 13120, cells: 170573, delimiter: ",", encoding: .utf8, first: "code_ogr", last: "513911"),
        CSVCase("francetravail-rome4-v460/pristine/unix_referentiel_code_rome_v460_utf8.csv", rows: 1584, cells: 15850, delimiter: ",", encoding: .utf8, first: "code_rome", last: "N4403"),
        CSVCase("francetravail-rome4-v460/pristine/unix_referentiel_competence_v460_utf8.csv", rows: 18317, cells: 219816, delimiter: ",", encoding: .utf8, first: "code_ogr", last: "514890"),
        CSVCase("francetravail-rome4-v460/pristine/unix_referentiel_contexte_travail_v460_utf8.csv", rows: 179, cells: 720, delimiter: ",", encoding: .utf8, first: "code_ogr", last: "513769"),
        CSVCase("francetravail-rome4-v460/pristine/unix_referentiel_savoir_v460_utf8.csv", rows: 15354, cells: 92130, delimiter: ",", encoding: .utf8, first: "code_ogr_savoir", last: "515351"),
        CSVCase("francetravail-rome4-v460/pristine/unix_rubrique_mobilite_v460_utf8.csv", rows: 14912, cells: 44739, delimiter: ",", encoding: .utf8, first: "code_rome", last: "N4403"),
        CSVCase("francetravail-rome4-v460/pristine/unix_texte_v460_utf8.csv", rows: 11980, cells: 59905, delimiter: ",", encoding: .utf8, first: "code_rome", last: "N4403"),
        CSVCase("lheo-schema/FCod-utf-8.csv", rows: 3048, cells: 44223, delimiter: ";", encoding: .utf8, first: "11001", last: "99999", header: false),
        CSVCase("lheo-schema/RomeFCod-utf-8.csv", rows: 466, cells: 1398, delimiter: ";", encoding: .utf8, first: "11111", last: "61332", header: false),
        CSVCase("urssaf-commune-ape/etablissements-et-effectifs-salaries-au-niveau-commune-x-ape-last_5communes.csv", rows: 149, cells: 7950, delimiter: ";", encoding: .utf8, first: "Région", last: "Normandie"),
        CSVCase("urssaf-commune-ape/etablissements-et-effectifs-salaries-au-niveau-commune-x-ape-last_ZE-Rouen.csv", rows: 9338, cells: 494967, delimiter: ";", encoding: .utf8, first: "Région", last: "Normandie"),
        CSVCase("urssaf-ze-quarterly/urssaf_emploi_ze_quarterly_raw.csv", rows: 19420, cells: 116526, delimiter: ",", encoding: .utf8, first: "annee", last: "2025"),
    ]

    @Test(arguments: cases)
    func rowsCellsAndDialect(_ expected: CSVCase) throws {
        let reader = CSVReader(url: SharedData.url(expected.path))
        let dialect = try reader.dialect()
        #expect(dialect.delimiter == expected.delimiter)
        #expect(dialect.encoding == expected.encoding)
        var rows = 0, cells = 0
        var first: Cell?, last: Cell?
        try reader.forEachRow { _, row in
            rows += 1
            cells += row.count
            if first == nil { first = row[0] }
            last = row[0]
        }
        #expect(rows == expected.rows + (expected.header ? 1 : 0))
        #expect(cells == expected.cells)
        #expect(first?.stringValue == expected.first)
        #expect(last?.stringValue == expected.last)
    }

    /// SOURCES.md says 35 356 rows; the file has 35 357 data records (its last line has no
    /// line end, which `wc -l` does not count).
    @Test func lexiqueBassinsCountsItsUnterminatedLastLine() throws {
        let reader = CSVReader(url: SharedData.url("francetravail-mobiville/lexique-bassins.csv"))
        var rows: [DataRow] = []
        let columns = try reader.forEachDataRow(header: .row(1), requiring: ["CODE_COMMUNE_INSEE", "BE19"]) { rows.append($0) }
        #expect(rows.count == 35_357)
        #expect(columns.names == ["CODE_COMMUNE_INSEE", "REG_CREDOC", "REG", "DEP", "CCOMMUNE", "NOMCOM", "BE19", "NOMBE19"])
        #expect(rows.last?["NOMCOM"] == .text("Chisa"))
        #expect(rows.filter { $0["REG"] == .text("24") }.count == 1_776)
    }

    /// DARES's "Latin-1" file is windows-1252: `œ` is 0x9C and `…` 0x85 (not a line end).
    /// It has 768 records after the header, 3 of them `;;` (all fields empty, not reported).
    @Test func fap225RomeIsWindows1252() throws {
        let rows = try CSVReader(url: SharedData.url("dares-portraitstatmetiers/fap225_rome.csv")).rows()
        #expect(rows.count == 766)
        #expect(rows.first(where: { $0.number == 45 })?.cells[2] == .text("Préparation du gros œuvre et des travaux publics"))
        #expect(rows.first(where: { $0.number == 188 })?.cells[2]
                == .text("Préparation de matières et produits industriels (broyage, mélange, …)"))
        #expect(rows.first(where: { $0.number == 223 })?.cells[2] == .text("Assemblage – montage d'articles en cuirs, peaux"))
    }

    @Test func daresTensionHeaderHasATrailingSpace() throws {
        let reader = CSVReader(url: SharedData.url("dares-portraitstatmetiers/tensions.csv"))
        let columns = try reader.columnMap(header: .row(1), requiring: ["Tension", "Catégorie Tension", "niveau_geo"])
        #expect(columns.index(of: "Tension") == 2)
        #expect(columns.index(of: "Tension ") == 2)
        var first: DataRow?
        try reader.forEachDataRow(header: .row(1)) { first = $0; throw StopReading() }
        #expect(first?["fap"] == .text("A0Z40"))
        #expect(first?["Emploi moyen"] == .text("63100"))
    }

    @Test func intitulesFAP2021HasBOMAndCRLF() throws {
        let reader = CSVReader(url: SharedData.url("dares-fap2021/Intitules_FAP2021.csv"))
        let dialect = try reader.dialect()
        #expect(dialect.hasByteOrderMark)
        let rows = try reader.rows(limit: 2)
        #expect(rows[0].cells.map(\.stringValue) == ["Code_FAP341", "Intitulé_FAP341", "Code_FAP228", "Intitulé_FAP228",
                                                     "Code_FAP86", "Intitulé_FAP86", "Code_FAP22", "Intitulé_FAP22"])
        #expect(rows[1].cells.allSatisfy { !($0.textValue ?? "").hasSuffix("\r") })
    }

    @Test func formacodeHasNoHeader() throws {
        let reader = CSVReader(url: SharedData.url("lheo-schema/FCod-utf-8.csv"))
        var count = 0
        var first: DataRow?
        let names = ["code", "LIBELLE", "libelle"] + (4...15).map { "c\($0)" }
        try reader.forEachDataRow(header: .absent(columnNames: names)) { row in
            if first == nil { first = row }
            count += 1
        }
        #expect(count == 3_048)
        #expect(first?.number == 1)
        #expect(first?["code"] == .text("11001"))
        #expect(first?["libelle"] == .text("théorie graphes"))
    }

    @Test func urssafZoneQuarterlyKeys() throws {
        let reader = CSVReader(url: SharedData.url("urssaf-ze-quarterly/urssaf_emploi_ze_quarterly_raw.csv"))
        var cvl2024T4 = 0.0
        try reader.forEachDataRow(header: .row(1), requiring: ["annee", "trimestre", "code_zone_d_emploi",
                                                               "effectifs_salaries_cvs"]) { row in
            guard row["annee"] == .text("2024"), row["trimestre"] == .text("4"),
                  let code = Int(row["code_zone_d_emploi"]?.stringValue ?? ""), (2401...2415).contains(code) else { return }
            cvl2024T4 += Double(row["effectifs_salaries_cvs"]?.stringValue ?? "") ?? .nan
        }
        #expect(cvl2024T4 == 636_707)
    }
}
