import Foundation
import Testing
@testable import ObservatoryData

/// The XLSX reader on the real workbooks of `../shared/data` (mostly the CVL subsets);
/// expected values come from the files' XML read with `unzip -p` + Python regular expressions.
@Suite(.enabled(if: SharedData.isAvailable, SharedData.absent))
struct XLSXRealFilesTests {
    static let bmo23 = "francetravail-bmo/Base_open_data_23_CVL-subset.xlsx"
    static let bmo24 = "francetravail-bmo/Base_open_data_BMO_2024_CVL-subset.xlsx"
    static let ze2020 = "insee-ze2020/ZE2020_au_01-01-2022_CVL-subset.xlsx"
    static let chomage = "insee-chomage-ze/chomage-zone-t1-2003-t3-2023.xlsx"
    static let defm2016 = "francetravail-defm-epci/defm_par_epci_en_decembre_2016.xlsx"

    private func sheet(_ path: String, _ name: String) throws -> XLSXSheet {
        try XLSXReader(url: SharedData.url(path)).sheet(named: name)
    }

    @Test func bmo2023SubsetRowsAndFirstRow() throws {
        let book = try XLSXReader(url: SharedData.url(Self.bmo23))
        #expect(book.sheetNames == ["Description des variables", "BMO_2023_open_data"])
        let sheet = try book.sheet(named: "BMO_2023_open_data")
        #expect(sheet.sourceDescription == "Base_open_data_23_CVL-subset.xlsx, sheet BMO_2023_open_data")
        var rows: [DataRow] = []
        let columns = try sheet.forEachDataRow(header: .row(1), requiring: ["BE23", "met", "xmet", "smet"]) { rows.append($0) }
        #expect(columns.names == ["annee", "Code métier BMO", "Nom métier BMO", "Famille_met", "Lbl_fam_met", "BE23",
                                  "NOMBE23", "Dept", "NomDept", "REG", "NOM_REG", "met", "xmet", "smet"])
        #expect(rows.count == 2_624)
        #expect(rows[0].number == 2)
        #expect(rows[0].cells == [.number(2023), .text("A0Z40"), .text("Agriculteurs salariés"), .text("Z"),
                                  .text("Autres métiers"), .number(2401), .text("BOURGES"), .text("18"), .text("Cher"),
                                  .text("24"), .text("Centre-Val de Loire"), .text("231"), .text("191"), .text("124")])
        #expect(rows.last?.number == 2_625)
        #expect(rows.last?["NOMBE23"] == .text("PITHIVIERS"))
        #expect(rows.last?["xmet"] == .text("*"))
        // SOURCES.md's check: CVL projects = 101 990 numeric + 552 masked cells.
        let met = try columns.requireIndex(of: "met")
        #expect(rows.reduce(0) { $0 + (Int($1[met].stringValue) ?? 0) } == 101_990)
        #expect(rows.filter { $0[met] == .text("*") }.count == 552)
    }

    @Test func bmo2024SubsetHasItsOwnColumnOrder() throws {
        let sheet = try sheet(Self.bmo24, "BMO_2024_open_data")
        var rows: [DataRow] = []
        let columns = try sheet.forEachDataRow(header: .firstRowContaining(["BE24", "met"])) { rows.append($0) }
        #expect(columns.headerRowNumber == 1)
        #expect(columns.index(of: "BE24") == 9)
        #expect(rows.count == 2_626)
        #expect(rows[0].cells == [.number(2024), .text("A0X40"), .text("Agriculteurs"), .text("Z"), .text("Autres métiers"),
                                  .text("24"), .text("Centre-Val de Loire"), .text("18"), .text("Cher"), .number(2401),
                                  .text("BOURGES"), .text("253"), .text("127"), .text("170")])
        let met = try columns.requireIndex(of: "met")
        #expect(rows.reduce(0) { $0 + (Int($1[met].stringValue) ?? 0) } == 98_613)
        #expect(rows.filter { $0[met] == .text("*") }.count == 611)
    }

    @Test func missingColumnIsReportedWithTheColumnsFound() throws {
        let sheet = try sheet(Self.bmo24, "BMO_2024_open_data")
        let error = try #require(throws: HeaderError.self) {
            try sheet.forEachDataRow(header: .row(1), requiring: ["BE25", "met"]) { _ in }
        }
        #expect(error.description == "Base_open_data_BMO_2024_CVL-subset.xlsx, sheet BMO_2024_open_data: column BE25 not found; "
                + "found: annee, Code métier BMO, Nom métier BMO, Famille_met, Lbl_fam_met, REG, NOM_REG, Dept, NomDept, "
                + "BE24, NOMBE24, met, xmet, smet")
    }

    @Test func ze2020HeaderOnRowSix() throws {
        let book = try XLSXReader(url: SharedData.url(Self.ze2020))
        #expect(book.sheetNames == ["ZE2020", "Composition_communale", "Variables", "Documentation"])
        var zones: [DataRow] = []
        let zoneColumns = try book.sheet(named: "ZE2020").forEachDataRow(header: .row(6)) { zones.append($0) }
        #expect(zoneColumns.names == ["ZE2020", "LIBZE2020", "NB_COM"])
        #expect(zones.count == 19)
        #expect(zones.first?.cells == [.text("0056"), .text("Cosne-Cours-sur-Loire"), .number(119)])
        #expect(zones.last?.cells == [.text("2415"), .text("Vierzon"), .number(28)])

        var communes: [DataRow] = []
        let columns = try book.sheet(named: "Composition_communale")
            .forEachDataRow(header: .firstRowContaining(["CODGEO", "ZE2020"])) { communes.append($0) }
        #expect(columns.headerRowNumber == 6)
        #expect(columns.names == ["CODGEO", "LIBGEO", "ZE2020", "LIBZE2020", "ZE2020_PARTIE_REG", "DEP", "REG"])
        #expect(communes.count == 1_757)
        #expect(communes[0].number == 7)
        #expect(communes[0].cells == [.text("18001"), .text("Achères"), .text("2402"), .text("Bourges"), .empty, .text("18"), .text("24")])
        #expect(communes.filter { !($0["ZE2020_PARTIE_REG"]?.isEmpty ?? true) }.count == 207)
        #expect(communes.filter { $0["DEP"] == .text("37") }.count == 272)
    }

    @Test func unemploymentRatesByZone() throws {
        let sheet = try sheet(Self.chomage, "txcho_ze")
        var rates: [String: DataRow] = [:]
        let columns = try sheet.forEachDataRow(header: .row(6), requiring: ["ZE2020", "2003-T1", "2023-T3"]) { row in
            rates[row["ZE2020"]?.stringValue ?? ""] = row
        }
        #expect(columns.names.count == 87)
        #expect(rates.count == 302)
        #expect(rates["2415"]?["LIBZE2020"] == .text("Vierzon"))
        #expect(rates["2415"]?["2023-T3"] == .number(10.5))
        #expect(rates["2401"]?["2003-T1"] == .number(6.7))
        // Row 5 holds labels; two of them carry a date style but are strings: they stay text.
        let labels = try sheet.rows(limit: 4).first { $0.number == 5 }
        #expect(labels?[4] == .text("1er trimestre 2003"))
        #expect(labels?[8] == .text("1er trimestre 2004"))
    }

    @Test func formulaCachedValuesErrorsAndAccentedSheetNames() throws {
        let book = try XLSXReader(url: SharedData.url(Self.defm2016))
        let decomposed = "par cate\u{301}gorie" // é as e + combining accent: found after NFC
        var byRow: [Int: [Cell]] = [:]
        let columns = try book.sheet(named: decomposed).forEachDataRow(header: .row(3)) { byRow[$0.number] = $0.cells }
        #expect(columns.names == ["EPCI", "Catégorie A", "Catégorie B", "Catégorie C", "Catégorie ABC", "Catégorie D",
                                  "Catégorie E", "Catégorie ABCDE"])
        #expect(byRow[4]?.first == .text("Bordeaux Métropole"))
        #expect(byRow[1258]?[4] == .number(185_377)) // =SUM(B1258:D1258), cached value
        let errors = try book.sheet(at: 5).rows().first { $0.number == 196 }
        #expect(errors?[20] == .error("#REF!"))
        #expect(errors?[0] == .text("CA du Nord Basse-Terre"))
    }

    @Test func missingSheetListsTheSheets() throws {
        let book = try XLSXReader(url: SharedData.url(Self.bmo23))
        #expect(throws: XLSXError.self) { try book.sheet(named: "BMO_2025_open_data") }
        do {
            _ = try book.sheet(named: "BMO_2025_open_data")
        } catch {
            #expect("\(error)" == "Base_open_data_23_CVL-subset.xlsx: no sheet named 'BMO_2025_open_data'; "
                    + "sheets: Description des variables, BMO_2023_open_data")
        }
        #expect(try book.sheet(at: 2).name == "BMO_2023_open_data")
        #expect(throws: XLSXError.sheetPositionOutOfRange(file: "Base_open_data_23_CVL-subset.xlsx", position: 3,
                                                          available: book.sheetNames)) { try book.sheet(at: 3) }
    }

    @Test(arguments: [100, 100_000, 162_000])
    func truncatedWorkbookIsAClearError(_ length: Int) throws {
        let directory = try TemporaryDirectory()
        let bytes = try [UInt8](Data(contentsOf: SharedData.url(Self.bmo23)))
        let url = try directory.file("Base_open_data_23.xlsx", Array(bytes.prefix(length)))
        let error = try #require(throws: XLSXError.self) { try XLSXReader(url: url) }
        #expect(error.description == "Base_open_data_23.xlsx: not a readable XLSX (ZIP central directory not found)")
    }

    @Test func htmlPageSavedAsXLSXIsNamedAsSuch() throws {
        let directory = try TemporaryDirectory()
        let url = try directory.file("bmo.xlsx", "<!DOCTYPE html><html><body>503 Service Unavailable</body></html>")
        let error = try #require(throws: XLSXError.self) { try XLSXReader(url: url) }
        #expect(error.description == "bmo.xlsx: not a readable XLSX (ZIP central directory not found; the file looks like an HTML page)")
    }

    /// The one full-size workbook: 26 MB of worksheet XML streamed.
    @Test func bmo2023FullFile() throws {
        let sheet = try sheet("francetravail-bmo/Base_open_data_23.xlsx", "BMO_2023_open_data")
        var rows = 0, total = 0, masked = 0
        var first: [Cell] = []
        try sheet.forEachDataRow(header: .row(1), requiring: ["met"]) { row in
            rows += 1
            if rows == 1 { first = row.cells }
            switch row["met"] {
            case .text("*"): masked += 1
            case .text(let value): total += Int(value) ?? 0
            default: break
            }
        }
        #expect(rows == 50_437)
        #expect(total == 3_013_134)
        #expect(masked == 9_196)
        #expect(first == [.number(2023), .text("A0Z40"), .text("Agriculteurs salariés"), .text("Z"), .text("Autres métiers"),
                          .number(101), .text("BASSIN BASSE-TERRE"), .text("971"), .text("Guadeloupe"), .text("01"),
                          .text("Guadeloupe"), .text("250"), .text("58"), .text("47")])
    }
}
