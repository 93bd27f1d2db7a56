import Foundation
import ObservatoryCore
@testable import ObservatoryData
import Testing

@Suite struct CatalogTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func shippedCatalogueLoads() throws {
        let catalog = try Catalog.load(directory: Self.repository.appendingPathComponent("Indicators/datasets"),
                                       displayRoot: Self.repository)
        #expect(catalog.datasets.count >= 19)
        let bmo = try #require(catalog.dataset("bmo"))
        #expect(bmo.files.map(\.vintage) == ["2023", "2024"])
        #expect(bmo.files.allSatisfy { $0.format == .xlsx })
        let urssaf = try #require(catalog.dataset("urssaf-ze")?.files.first)
        #expect(urssaf.source.directURL == "https://open.urssaf.fr/api/explore/v2.1/catalog/datasets/effectifs-salaries-et-masse-salariale-du-secteur-prive-par-zone-demploi/exports/csv?delimiter=%3B&with_bom=true")
        guard case .dataGouv(let id, let pattern) = try #require(catalog.dataset("rncp")?.files.first).source else {
            Issue.record("rncp resolves through data.gouv.fr")
            return
        }
        #expect(id == "5eebbc067a14b6fecc9c9976" && pattern.hasPrefix("export-fiches-rncp"))
        #expect(catalog.dataset("lheo")?.covers == [TerritoryID(.region, "24")])
        #expect(catalog.dataset("bmo")?.covers == [])
    }

    @Test func coversListsTerritories() throws {
        let bad = Self.header + """
            covers: [reg:24, Centre]
            files:
              - name: a.csv
                vintage: "2024"
                format: csv
                url: https://example.org/a.csv
            """
        let found = try diagnostics(["bmo.yaml": bad])
        #expect(found == ["bmo.yaml:6:18: error: 'covers' lists territories as geography:code (reg:24, dep:18), not 'Centre'"], "\(found)")
    }

    /// Writes `files` into a temporary catalogue folder and returns every diagnostic, as text.
    func diagnostics(_ files: [String: String]) throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        do {
            _ = try Catalog.load(directory: folder, displayRoot: folder)
            return []
        } catch let error as DiagnosticsError {
            return error.diagnostics.map { $0.description.components(separatedBy: "\n")[0] }
        }
    }

    static let header = """
        id: bmo
        title: BMO
        publisher: France Travail
        licence: Licence Ouverte
        landing_page: https://www.francetravail.org/

        """

    @Test func everyMistakeIsReportedAtOnceWithItsPosition() throws {
        let bad = Self.header + """
            files:
              - name: a.xlsx
                vintage: "2024"
                format: xls
                url: https://example.org/a.xlsx
              - name: b.csv
                vintage: "2024"
                fromat: csv
                url: ftp://example.org/b.csv
              - name: c.csv
                format: csv
                url: https://example.org/c.csv
                datagouv: {dataset: x, resource: "*"}
            """
        let found = try diagnostics(["bmo.yaml": bad, "tension.yaml": Self.header + "files: []\n"])
        #expect(found == [
            "bmo.yaml:9:13: error: 'format' must be one of zip, xlsx, xml, csv, json, not 'xls'; did you mean 'xlsx'?",
            "bmo.yaml:13:5: error: unknown key 'fromat' in a file entry; did you mean 'format'?",
            "bmo.yaml:11:5: error: missing required key 'format'",
            "bmo.yaml:14:10: error: 'url' must start with https:// or http://",
            "bmo.yaml:15:5: error: missing required key 'vintage'",
            "bmo.yaml:15:5: error: a file has one source, not several (url, datagouv)",
            "tension.yaml:1:5: error: dataset id 'bmo' must match its file name 'tension.yaml'",
            "tension.yaml:6:8: error: 'files' must list at least one file",
        ])
    }

    @Test func anOpendatasoftPortalMustBeHTTP() throws {
        let local = Self.header + """
            files:
              - name: a.csv
                vintage: "2024"
                format: csv
                opendatasoft: {portal: "file:///etc", dataset: passwd}
            """
        let found = try diagnostics(["bmo.yaml": local])
        #expect(found == ["bmo.yaml:10:28: error: 'portal' must start with https:// or http://, not 'file:///etc'"], "\(found)")
    }

    @Test(arguments: [
        ("", "x.yaml: error: the file is empty"),
        ("id: [unclosed", "x.yaml:2:1: error: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence"),
        ("- a\n- b\n", "x.yaml:1:1: error: a dataset file must be a mapping of keys to values, not a list"),
        ("id: Bad_Id\n", "x.yaml:1:5: error: dataset id 'Bad_Id' must use lower-case letters, digits and dashes"),
    ])
    func malformedFiles(text: String, expected: String) throws {
        #expect(try diagnostics(["x.yaml": text]).first == expected)
    }
}
