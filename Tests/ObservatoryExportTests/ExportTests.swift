import Foundation
import ObservatoryCharts
import ObservatoryConfig
import ObservatoryCore
import ObservatoryExport
import ObservatoryIndicators
import Testing

/// Golden JSON, HTML and CSV of the fixture page, compared byte for byte;
/// `OBSERVATORY_UPDATE_GOLDEN=1` rewrites them.
@Suite struct ExportGoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let updating = ProcessInfo.processInfo.environment["OBSERVATORY_UPDATE_GOLDEN"] == "1"

    static func page() throws -> (files: [String: Data], document: DashboardDocument) {
        let data = try ExportFixture.data()
        let dashboard = try ExportFixture.dashboard(library: data.library)
        let export = SiteExport(builder: DashboardBuilder(data: data))
        let page = try export.render(.territory(dashboard, ExportFixture.basin))
        return (Dictionary(page.files, uniquingKeysWith: { a, _ in a }), page.document)
    }

    @Test(arguments: ["territoire/custom-alpha.html", "data/territoire/custom-alpha.json", "csv/territoire/custom-alpha.csv",
                      "svg/territoire/custom-alpha/top_metiers.svg", "svg/territoire/custom-alpha/comparaison.svg"])
    func matchesGoldenFile(path: String) throws {
        let files = try Self.page().files
        let bytes = try #require(files[path], "the page did not produce \(path); it produced \(files.keys.sorted())")
        let url = Self.folder.appendingPathComponent(path.replacingOccurrences(of: "/", with: "__"))
        if Self.updating {
            try bytes.write(to: url)
            return
        }
        let golden = try #require(try? Data(contentsOf: url), "missing \(url.path); run with OBSERVATORY_UPDATE_GOLDEN=1")
        #expect(bytes == golden, "\(path) differs from its golden file; rerun with OBSERVATORY_UPDATE_GOLDEN=1 and review the diff")
    }

    @Test func sameDataSameBytes() throws {
        let first = try Self.page().files, second = try Self.page().files
        #expect(first == second)
    }

    @Test func markupInNamesAndLabelsComesOutInertAndIntact() throws {
        let (files, document) = try Self.page()
        let html = String(decoding: try #require(files["territoire/custom-alpha.html"]), as: UTF8.self)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<b>gras</b>"))
        #expect(html.contains(#"Bassin &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Co&quot; l'Ouest"#))
        #expect(html.contains(#"Aides &amp; &quot;soignants&quot; &lt;b&gt;gras&lt;/b&gt;"#))
        for (path, bytes) in files where path.hasSuffix(".svg") {
            let svg = String(decoding: bytes, as: UTF8.self)
            #expect(!svg.contains("<script") && !svg.contains("<b>"), "\(path) carries raw markup")
        }
        // The JSON keeps the exact text.
        let json = try #require(files["data/territoire/custom-alpha.json"])
        let decoded = try DocumentJSON.decode(DashboardDocument.self, from: json)
        #expect(decoded.territory.name == ExportFixture.hostileName)
        // What the JSON gives: the page without its references' values (in their own files) and omitted entries.
        #expect(decoded == document.published)
        let labels = decoded.sections.flatMap(\.indicators).flatMap(\.values).compactMap(\.label)
        #expect(labels.contains(ExportFixture.hostileLabel))
        // The CSV quotes the fields that need it.
        let csv = String(decoding: try #require(files["csv/territoire/custom-alpha.csv"]), as: UTF8.self)
        #expect(csv.contains(#""Aides & ""soignants"" <b>gras</b>""#))
    }

    /// Schema 4: the JSON leaves out what the rest says (bounds that are the value, zero masked
    /// cells, the charts' series, which are the values) and reading it gives the page's values back.
    @Test func theJSONSaysEachThingOnce() throws {
        let (files, document) = try Self.page()
        let json = try #require(files["data/territoire/custom-alpha.json"])
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let indicators = (object["sections"] as? [[String: Any]] ?? []).flatMap { $0["indicators"] as? [[String: Any]] ?? [] }
        let values = indicators.flatMap { $0["values"] as? [[String: Any]] ?? [] }
        let exact = values.filter { $0["status"] as? String == "ok" }
        let masked = values.filter { $0["status"] as? String == "masked" }
        #expect(!exact.isEmpty && exact.allSatisfy { $0["lower"] == nil && $0["upper"] == nil && $0["masked_cells"] == nil })
        #expect(!masked.isEmpty && masked.allSatisfy { $0["lower"] != nil && ($0["masked_cells"] as? Int ?? 0) > 0 })
        let charts = indicators.compactMap { $0["chart"] as? [String: Any] }
        #expect(!charts.isEmpty && charts.allSatisfy { ($0["series"] as? [Any])?.isEmpty == true })
        // Reading restores the bounds: an exact value is its own interval.
        let decoded = try DocumentJSON.decode(DashboardDocument.self, from: json)
        let shown = document.published.sections.flatMap(\.indicators).flatMap(\.values)
        #expect(decoded.sections.flatMap(\.indicators).flatMap(\.values) == shown)
        #expect(shown.filter { $0.status == "ok" }.allSatisfy { $0.lower == $0.value && $0.upper == $0.value })
        // A value's text is as a table cell gives it; the page writes the whole explanation.
        let projects = try #require(shown.first { $0.status == "masked" })
        #expect(projects.text == "1\u{202F}413 à 1\u{202F}530")
        #expect(document.sections.flatMap(\.indicators).flatMap(\.values).contains { $0.text == "au moins 1\u{202F}413, au plus 1\u{202F}530 (39 cellules masquées)" })
        // The page still draws every chart from the whole document.
        #expect(document.sections.flatMap(\.indicators).compactMap(\.chart).allSatisfy { !$0.series.isEmpty })
    }

    /// Data tables as a reader scans them: what every row shares is said once (in the caption or
    /// a column's head), values are short and their signs explained under the table.
    @Test func dataTablesSayWhatTheirRowsShareOnce() throws {
        let html = String(decoding: try #require(try Self.page().files["territoire/custom-alpha.html"]), as: UTF8.self)
        // The peer table: a row per territory, a column per indicator with its period.
        #expect(html.contains("<thead><tr><th scope=\"col\">Territoire</th><th scope=\"col\">Taux de chômage (T4 2024)</th><th scope=\"col\">Projets de recrutement (2024)</th></tr></thead>"))
        #expect(html.contains("<tr><th scope=\"row\">Bassin Bêta</th><td class=\"num status-ok\">8,8\u{00A0}%</td><td class=\"num status-ok\">2\u{202F}655</td></tr>"))
        // A table of one territory and one period: both in the caption, the code heads the row.
        #expect(html.contains("<caption>Métiers les plus recherchés — Bassin &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Co&quot; l'Ouest, 2024</caption>"))
        #expect(html.contains("<tr><th scope=\"row\">S1X40</th><td>Aides &amp; &quot;soignants&quot; &lt;b&gt;gras&lt;/b&gt;</td><td class=\"num status-masked\">0 à 30</td></tr>"))
        // Masked and estimated: both signs.
        var estimated = try DocumentJSON.decode(ValueDoc.self, from: Data("""
            {"territory": "ze2020:2405", "role": "subject", "period": "2024", "status": "masked", "value": 5228, "lower": 5228,
             "upper": 5403, "masked_cells": 104, "coverage": 1, "apportioned": 0.73, "apportion_key": "salaried-jobs", "text": "", "sources": []}
            """.utf8))
        #expect(DashboardBuilder.shortText(estimated, unit: .count) == "≈\u{00A0}5\u{202F}228 à 5\u{202F}403")
        estimated.apportionKey = nil
        #expect(DashboardBuilder.shortText(estimated, unit: .count) == "5\u{202F}228 à 5\u{202F}403")
        // Each missing value's reason is under its table.
        #expect(html.contains("n.d. : pas de valeur (pas de donnée chomage-ze.taux pour ce territoire en T4 2024)"))
    }

    @Test func maskedAndMissingValuesAreNeverZeros() throws {
        let document = try Self.page().document
        let values = document.sections.flatMap(\.indicators).flatMap(\.values)
        let masked = try #require(values.first { $0.key == nil && $0.status == "masked" })
        #expect(masked.lower == 1_413 && masked.upper == 1_530 && masked.maskedCells == 39)
        #expect(masked.text.contains("au moins 1"))
        let missing = try #require(values.first { $0.territory == "dep:18" && $0.status == "no_value" })
        #expect(missing.value == nil)
        #expect(missing.reason == "pas de donnée chomage-ze.taux pour ce territoire en T4 2024")
        let approximate = try #require(values.first { $0.status == "approximate" })
        #expect(approximate.coverage == 1 && approximate.apportioned == 0.13 && approximate.apportionKey == "active-population")
        #expect(approximate.text.contains("pondérée par la population active"))
        // The chart draws the masked entry with its bounds, not as 0.
        let top = try #require(document.sections.flatMap(\.indicators).first { $0.id == "top_metiers" }?.chart)
        let point = try #require(top.series.first?.points.first { $0.label == ExportFixture.hostileLabel })
        #expect(point.status == .masked && point.value == nil && point.lower == 0 && point.upper == 30)
        // Every value names its files by position in the page's list, where each is listed with its checksum.
        for value in values where value.status != "no_value" {
            #expect(!value.sources.isEmpty && value.sources.allSatisfy(document.sources.indices.contains) && value.sources == value.sources.sorted())
        }
        let projets = try #require(values.first { $0.territory == "dep:18" && $0.text.contains("9") && $0.status == "ok" })
        #expect(projets.sources.map { document.sources[$0].id } == ["bmo/2024/BMO_2024.xlsx"])
        #expect(document.sources.first { $0.dataset == "bmo" }?.fetchedAt == "2026-05-28T20:26:40Z")
    }

    /// A series' data table is a row per period and a column per territory, each value short, with
    /// what its signs mean and why a value is missing under it.
    @Test func aSeriesTableIsARowPerPeriod() throws {
        // French numbers take narrow no-break spaces; plain spaces here, to read the test.
        let html = String(decoding: try #require(try Self.page().files["territoire/custom-alpha.html"]), as: UTF8.self)
            .replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(of: "\u{00A0}", with: " ")
        let start = try #require(html.range(of: "<caption>Taux de chômage depuis 2023</caption>"))
        let table = String(html[start.lowerBound...].prefix(2_000))
        #expect(table.contains("<th scope=\"col\">Période</th><th scope=\"col\">Bassin &lt;script&gt;"))
        #expect(table.contains("<th scope=\"col\">Centre-Val de Loire</th><th scope=\"col\">France</th></tr>"))
        #expect(table.contains("<tr><th scope=\"row\">T3 2024</th><td class=\"num status-no_value\">n.d.</td><td class=\"num status-ok\">7,5 %</td>"))
        #expect(table.contains("n.d. : pas de valeur (seulement des cellules manquantes dans la source)"))
        // A masked value keeps its bounds, never 0.
        let projets = try #require(html.range(of: "<caption>Projets de recrutement</caption>"))
        #expect(html[projets.lowerBound...].prefix(1_500).contains("<td class=\"num status-masked\">1 413 à 1 530</td>"))
    }

    /// A table keeps on the page (HTML and JSON) the entries its chart shows; the CSV keeps every entry.
    @Test func aTableKeepsTheEntriesItsChartShowsAndTheCSVKeepsThemAll() throws {
        let (files, document) = try Self.page()
        let top = try #require(document.sections.flatMap(\.indicators).first { $0.id == "top_metiers" })
        let points = try #require(top.chart?.series.first?.points)
        let drawn = points.compactMap(\.label)
        #expect(drawn.count == 3)
        #expect(top.values.compactMap(\.label) == top.values.compactMap(\.label).filter(drawn.contains) && top.values.count == 3)
        #expect(top.omittedEntries == 1 && top.allValues?.count == 4)
        let json = String(decoding: try #require(files["data/territoire/custom-alpha.json"]), as: UTF8.self)
        #expect(json.contains("\"omitted_entries\":1") && !json.contains("T4Z61") && !json.contains("all_values"))
        let csv = String(decoding: try #require(files["csv/territoire/custom-alpha.csv"]), as: UTF8.self)
        #expect(csv.contains("top_metiers;Métiers les plus recherchés;count;custom:alpha;") && csv.contains(";T4Z61;Conducteurs sur rails;;;;no_value;0;"))
        let html = String(decoding: try #require(files["territoire/custom-alpha.html"]), as: UTF8.self)
        #expect(!html.contains("Conducteurs sur rails"))
        #expect(html.contains("l'autre entrée est dans le"))
        #expect(html.contains("href=\"../csv/territoire/custom-alpha.csv\""))
    }

    @Test func csvIsForSpreadsheets() throws {
        let csv = try #require(try Self.page().files["csv/territoire/custom-alpha.csv"])
        #expect(csv.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: csv.dropFirst(3), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == CSVExport.header.joined(separator: ";"))
        #expect(lines.contains { $0.hasPrefix("chomage;Taux de chômage;percent;custom:alpha;") && $0.contains(";7,9;7,9;7,9;approximate;0;1;0,13;active-population;") })
        #expect(CSVExport.number(1234.5) == "1234,5" && CSVExport.number(2_751_069) == "2751069" && CSVExport.number(nil) == "")
    }
}

@Suite struct DashboardDefinitionTests {
    @Test func everyMistakeIsReportedAtOnceWithItsPosition() throws {
        let library = try ExportFixture.library()
        let source = ConfigSource(path: "Indicators/dashboards/bad.yaml", text: """
            id: bad
            title: Mauvais
            kind: territoire
            geographies: [custom, zone]
            key_figures: [chomge]
            peer_table: [top_metiers]
            sections:
              - title: Chômage
                indicators: [chomage, {indicator: projets, chart: camembert}]
                extra: 1
            """)
        let diagnostics = DiagnosticCollector()
        #expect(DashboardLoader.parse(source, stem: "bad", library: library, into: diagnostics) == nil)
        let lines = diagnostics.diagnostics.map(\.description).joined(separator: "\n")
        #expect(lines.contains("Indicators/dashboards/bad.yaml:3:7: error: 'kind' must be one of territory, filiere, not 'territoire'; did you mean 'territory'?"))
        #expect(lines.contains("Indicators/dashboards/bad.yaml:4:23: error: unknown geography 'zone'"))
        #expect(lines.contains("Indicators/dashboards/bad.yaml:5:15: error: unknown indicator 'chomge'; did you mean 'chomage'?"))
        #expect(lines.contains("Indicators/dashboards/bad.yaml:6:14: error: indicator 'top_metiers' gives a table"))
        #expect(lines.contains("Indicators/dashboards/bad.yaml:9:55: error: 'chart' must be one of"))
        #expect(lines.contains("Indicators/dashboards/bad.yaml:10:5: error: unknown key 'extra' in a section"))
        #expect(diagnostics.diagnostics.filter { $0.severity == .error }.count == 6)
    }

    @Test func slugs() {
        #expect(Slug.make("Chômage et demandeurs d'emploi") == "chomage-et-demandeurs-d-emploi")
        #expect(Slug.territory(TerritoryID(.bassinBMO, "2402")) == "bassin-bmo-2402")
        #expect(Slug.make("«»") == "x")
    }
}

/// The whole site written to disk, then checked with the tools its readers use.
@Suite(.serialized) struct SiteTests {
    static func writeSite() throws -> (root: URL, summary: SiteExportSummary) {
        let data = try ExportFixture.data()
        let dashboard = try ExportFixture.dashboard(library: data.library)
        let root = try ExportFixture.temporaryFolder("site")
        var schemas: [String: Data] = [:]
        for name in ["dashboard.schema.json", "index.schema.json"] {
            schemas[name] = try Data(contentsOf: repositoryRoot.appendingPathComponent("Schemas/\(name)"))
        }
        let summary = try SiteExport(builder: DashboardBuilder(data: data))
            .write([.territory(dashboard, ExportFixture.basin), .territory(dashboard, ExportFixture.peer)], to: SiteWriter(root: root),
                   methods: MethodsData(datasets: [], library: data.library), changes: nil, schemas: schemas, removeStale: true)
        return (root, summary)
    }

    static func files(_ root: URL, suffix: String) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        return (enumerator?.allObjects as? [URL] ?? []).filter { $0.path.hasSuffix(suffix) }.sorted { $0.path < $1.path }
    }

    /// The département's, région's and France's values are written once, in their own files; a
    /// page's JSON and CSV point there, its HTML still shows them.
    @Test func referencesAreWrittenOnceAndThePagesPointToThem() throws {
        let (root, _) = try Self.writeSite()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try ExportFixture.data()
        let dashboard = try ExportFixture.dashboard(library: data.library)
        let full = DashboardBuilder(data: data).document(dashboard, territory: ExportFixture.basin)
        let page = try DocumentJSON.decode(DashboardDocument.self, from: Data(contentsOf: root.appendingPathComponent("data/territoire/custom-alpha.json")))
        #expect(page.references.map(\.json) == ["data/reference/dep-18.json", "data/reference/reg-24.json", "data/reference/fr-fr.json"])
        let pageValues = page.sections.flatMap(\.indicators).flatMap(\.values)
        #expect(!pageValues.isEmpty && pageValues.allSatisfy { $0.role == "subject" || $0.role == "peer" })
        // The région's file holds, for each indicator compared with it, what the page showed of it, with the same files.
        let region = try DocumentJSON.decode(ReferenceDocument.self, from: Data(contentsOf: root.appendingPathComponent("data/reference/reg-24.json")))
        #expect(region.role == "region" && region.territory.id == "reg:24")
        let compared = full.sections.flatMap(\.indicators).filter { $0.values.contains { $0.territory == "reg:24" } }
        #expect(!compared.isEmpty && region.indicators.map(\.id) == compared.map(\.id).sorted())
        for indicator in compared {
            let shown = indicator.values.filter { $0.territory == "reg:24" }
            let filed = try #require(region.indicators.first { $0.id == indicator.id }).values
            #expect(filed.map(\.text) == shown.map(\.text) && filed.map(\.period) == shown.map(\.period))
            #expect(filed.map { $0.sources.map { region.sources[$0].id } } == shown.map { $0.sources.map { full.sources[$0].id } })
        }
        let pageCSV = try String(contentsOf: root.appendingPathComponent("csv/territoire/custom-alpha.csv"), encoding: .utf8)
        let regionCSV = try String(contentsOf: root.appendingPathComponent("csv/reference/reg-24.csv"), encoding: .utf8)
        #expect(!pageCSV.contains(";reg:24;") && regionCSV.contains(";reg:24;Centre-Val de Loire;region;2024;"))
        let html = try String(contentsOf: root.appendingPathComponent("territoire/custom-alpha.html"), encoding: .utf8)
        #expect(html.contains("<th scope=\"row\">Centre-Val de Loire</th>") && html.contains("href=\"../data/reference/reg-24.json\""))
    }

    @Test func secondExportRewritesNothingAndStalePagesGo() throws {
        let (root, first) = try Self.writeSite()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(first.written == first.files && first.unchanged == 0)
        let stale = root.appendingPathComponent("territoire/custom-gamma.html")
        try Data("old".utf8).write(to: stale)
        let data = try ExportFixture.data()
        let dashboard = try ExportFixture.dashboard(library: data.library)
        let writer = SiteWriter(root: root)
        let second = try SiteExport(builder: DashboardBuilder(data: data))
            .write([.territory(dashboard, ExportFixture.basin), .territory(dashboard, ExportFixture.peer)], to: writer,
                   methods: MethodsData(datasets: [], library: data.library), changes: nil, schemas: [:], removeStale: true)
        #expect(second.written == 0, "rewrote \(writer.written)")
        #expect(second.removed == ["territoire/custom-gamma.html"])
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }

    @Test func anExportOfOneFormatLeavesTheOthersFilesAlone() throws {
        let (root, _) = try Self.writeSite()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try ExportFixture.data()
        let dashboard = try ExportFixture.dashboard(library: data.library)
        let summary = try SiteExport(builder: DashboardBuilder(data: data), formats: [.svg])
            .write([.territory(dashboard, ExportFixture.basin), .territory(dashboard, ExportFixture.peer)], to: SiteWriter(root: root),
                   methods: nil, changes: nil, schemas: [:], removeStale: true)
        #expect(summary.removed.isEmpty, "an SVG-only export removed \(summary.removed)")
        for file in ["territoire/custom-alpha.html", "data/territoire/custom-alpha.json", "csv/territoire/custom-alpha.csv"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path), "\(file) is gone")
        }
    }

    @Test(.enabled(if: ExternalTool.xmllint.isAvailable && ExternalTool.rsvgConvert.isAvailable,
                   "skipped: xmllint or rsvg-convert is absent (apt-get install libxml2-utils librsvg2-bin)"))
    func everySVGIsWellFormedAndRenders() throws {
        let (root, _) = try Self.writeSite()
        defer { try? FileManager.default.removeItem(at: root) }
        let svgs = Self.files(root, suffix: ".svg")
        #expect(svgs.count >= 6)
        let lint = try ExternalTool.xmllint.run(["--noout"] + svgs.map(\.path))
        #expect(lint.status == 0, "xmllint: \(lint.errorOutput)")
        for svg in svgs {
            let png = svg.deletingPathExtension().appendingPathExtension("png")
            let result = try ExternalTool.rsvgConvert.run(["-o", png.path, svg.path])
            #expect(result.status == 0, "rsvg-convert failed on \(svg.lastPathComponent): \(result.errorOutput)")
            let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
            #expect(size > 300, "\(svg.lastPathComponent) renders to \(size) bytes")
        }
        // The HTML pages parse as HTML without errors.
        for page in Self.files(root, suffix: ".html") {
            let result = try ExternalTool.xmllint.run(["--html", "--noout", page.path])
            let errors = result.errorOutput.split(separator: "\n").filter { !$0.contains("Tag svg invalid") && !$0.contains("Tag ") && $0.contains("error") }
            #expect(errors.isEmpty, "\(page.lastPathComponent): \(errors.joined(separator: "\n"))")
        }
    }

    @Test(.enabled(if: ExternalTool.hasJSONSchema, "skipped: /usr/bin/python3 with jsonschema is absent (apt-get install python3-jsonschema)"))
    func everyJSONValidatesAgainstTheSchemas() throws {
        let (root, _) = try Self.writeSite()
        defer { try? FileManager.default.removeItem(at: root) }
        let script = repositoryRoot.appendingPathComponent("scripts/validate-json").path
        let valid = try ExternalTool.python.run([script, root.path])
        #expect(valid.status == 0, "\(valid.output)\(valid.errorOutput)")
        // The index, two pages and the series of their département, région and France, written once.
        #expect(valid.output.contains("6 JSON files checked") && valid.output.contains("0 error(s)"), "\(valid.output)")
        // The validator is not a rubber stamp: a masked value without its bound, an unknown status.
        let file = root.appendingPathComponent("data/territoire/custom-alpha.json")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"status\":\"approximate\"", with: "\"status\":\"estimated\"")
        try Data(text.utf8).write(to: file)
        let invalid = try ExternalTool.python.run([script, root.path])
        #expect(invalid.status == 1)
        #expect(invalid.output.contains("'estimated' is not one of"), "\(invalid.output)")
    }

    @Test(.enabled(if: ExternalTool.chromium.isAvailable, "skipped: chromium is absent (apt-get install chromium)"))
    func chromiumShowsTheDashboardWithoutConsoleErrors() throws {
        let (root, _) = try Self.writeSite()
        defer { try? FileManager.default.removeItem(at: root) }
        // Text and charts cover part of the page, in many colours.
        let shot = try ExternalTool.screenshot(root.appendingPathComponent("territoire/custom-alpha.html"), in: root)
        #expect(shot.ink > 0.02 && shot.colours > 20, "the screenshot is nearly blank or dull: \(shot.stats)")
    }
}

/// Names and labels from data never reach a spreadsheet as formulas; our numbers stay numbers.
@Suite struct CSVInjectionTests {
    @Test func formulaLikeTextIsNeutralisedNumbersAreNot() throws {
        var data = try ExportFixture.data()
        let formula = #"=HYPERLINK("http://x","y")"#
        data.names[ExportFixture.basin] = formula
        data.labels["metier"]?["J1Z80"] = "@SUM(1+1)"
        data.labels["metier"]?["T4Z60"] = "-2+3"
        let dashboard = try ExportFixture.dashboard(library: data.library)
        let page = try SiteExport(builder: DashboardBuilder(data: data)).render(.territory(dashboard, ExportFixture.basin))
        let csv = try #require(page.files.first { $0.0.hasPrefix("csv/") }?.1)
        let text = String(decoding: csv.dropFirst(3), as: UTF8.self)
        #expect(text.contains(#";"'=HYPERLINK(""http://x"",""y"")";"#))
        #expect(!text.contains(#";"=HYPERLINK"#))
        #expect(text.contains(";'@SUM(1+1);") && text.contains(";'-2+3;"))
        for field in ["=1", "+1", "-1", "@1", "\t1", "\r1"] { #expect(CSVExport.neutralised(field) == "'" + field) }
        #expect(CSVExport.neutralised("Vierzon") == "Vierzon" && CSVExport.neutralised("") == "")
        #expect(CSVExport.number(-3.5) == "-3,5")
        // A negative number we write stays a number in its column.
        var negative = try ExportFixture.data()
        negative.values["projets"]?[ExportFixture.basin] = [(.year(2024), ExportFixture.exact(-3.5, ExportFixture.bmo))]
        let other = try SiteExport(builder: DashboardBuilder(data: negative)).render(.territory(dashboard, ExportFixture.basin))
        let otherText = String(decoding: try #require(other.files.first { $0.0.hasPrefix("csv/") }?.1), as: UTF8.self)
        #expect(otherText.contains(";-3,5;-3,5;-3,5;"))
    }
}

/// The same store gives the same bytes: sets of sources (several files of one dataset vintage)
/// reach the page in one order whatever the order the set iterates in.
@Suite struct DeterministicOrderTests {
    static let files = (1...8).map {
        Provenance(dataset: "demandeurs-epci", vintage: "2024-T4", file: "epci-\($0).csv",
                   sha256: String(repeating: "\($0)", count: 64), fetchedAt: Date(timeIntervalSince1970: 1_780_000_000))
    }

    /// The same sources, as a set whose iteration order depends on its capacity and insertion order.
    static func sources(capacity: Int, reversed: Bool) -> Set<Provenance> {
        var set = Set<Provenance>(minimumCapacity: capacity)
        for file in reversed ? files.reversed() : files { set.insert(file) }
        return set
    }

    static func pageFiles(capacity: Int, reversed: Bool) throws -> [String: Data] {
        var data = try ExportFixture.data()
        let value = Value.exact(12.5, sources: sources(capacity: capacity, reversed: reversed))
        data.values["chomage"]?[ExportFixture.basin] = [(.quarter(2024, 4), .scalar(value))]
        let dashboard = try ExportFixture.dashboard(library: data.library)
        let page = try SiteExport(builder: DashboardBuilder(data: data)).render(.territory(dashboard, ExportFixture.basin))
        return Dictionary(page.files, uniquingKeysWith: { a, _ in a })
    }

    @Test func sourcesSortTheSameWhateverTheSetOrder() throws {
        let orders = [8, 64, 1024].flatMap { capacity in [false, true].map { Self.sources(capacity: capacity, reversed: $0) } }
        let iterations = Set(orders.map { Array($0) })
        #expect(iterations.count > 1, "the sets should iterate in different orders for this test to mean something")
        for set in orders { #expect(set.sorted() == Self.files) }
        let reference = try Self.pageFiles(capacity: 8, reversed: false)
        for capacity in [64, 1024] {
            for reversed in [false, true] {
                let other = try Self.pageFiles(capacity: capacity, reversed: reversed)
                for (path, bytes) in reference { #expect(other[path] == bytes, "\(path) differs between two builds of the same data") }
            }
        }
    }
}
