import Foundation
import ObservatoryCore
@testable import ObservatoryIndicators
import Testing

@Suite struct IndicatorLibraryTests {
    static let files: [String: String] = [
        "emploi.yaml": IndicatorFiles.indicator("emploi", "urssaf-ze.effectifs"),
        "emploi_evolution.yaml": IndicatorFiles.indicator("emploi_evolution", "pct_change(emploi, 1)", unit: "percent"),
        "emploi_cagr.yaml": IndicatorFiles.indicator("emploi_cagr", "cagr(emploi, 5)", unit: "percent"),
        "part_difficile.yaml": """
            id: part_difficile
            title: Part des projets jugés difficiles
            description: >
              Projets de recrutement jugés difficiles par les employeurs, en part de l'ensemble.
            unit: percent
            formula: |
              # projets difficiles / projets
              percent(bmo.xmet / bmo.met)
            geography: bassin-bmo
            periods: "2024"
            breakdown: {dimension: famille, top: 5}
            compare: [departement, region, france, peers]
            thresholds:
              - {value: 40, label: "tendu"}
              - {value: 60, label: "très tendu"}
            direction: lower_is_better
            source: France Travail, enquête BMO
            chart: ranked_bar
            section: Recrutements
            """,
        "secteurs.yaml": IndicatorFiles.indicator("secteurs", "percent(share(by(urssaf-commune-ape.effectifs, secteur_na17)))",
                                                  unit: "percent").replacingOccurrences(of: "chart: line", with: "chart: ranked_bar"),
        "README.md": "# not an indicator",
    ]

    @Test func loadsCheckedIndicatorsInDependencyOrder() throws {
        let library = try IndicatorFiles.load(Self.files).get()
        #expect(library.indicators.map(\.id) == ["emploi", "emploi_cagr", "emploi_evolution", "part_difficile", "secteurs"])

        let evolution = try #require(library.indicator("emploi_evolution"))
        #expect(evolution.unit == .percent && !evolution.isTable)
        #expect(evolution.dependencies.indicators == ["emploi"])
        #expect(evolution.dependencies.measures.isEmpty)

        let part = try #require(library.indicator("part_difficile"))
        #expect(FormulaFixtures.render(part.expression) == "(percent (/ bmo.xmet bmo.met))")
        #expect(part.expression.location == SourceLocation(line: 8, column: 3))
        #expect(part.dependencies.measures.map(\.description) == ["bmo.met", "bmo.xmet"])
        #expect(part.dependencies.datasets == [DatasetID("bmo")])
        let definition = part.definition
        #expect(definition.periods == .period(.year(2024)))
        #expect(definition.breakdown == .init(dimension: "famille", top: 5))
        #expect(definition.compare == [.departement, .region, .france, .peers])
        #expect(definition.thresholds == [.init(value: 40, label: "tendu"), .init(value: 60, label: "très tendu")])
        #expect(definition.direction == .lowerIsBetter && definition.chart == .rankedBar)
        #expect(definition.geography == .bassinBMO && definition.section == "Recrutements")
        #expect(definition.description == "Projets de recrutement jugés difficiles par les employeurs, en part de l'ensemble.")
        #expect(definition.path == "part_difficile.yaml")

        let secteurs = try #require(library.indicator("secteurs"))
        #expect(secteurs.isTable && secteurs.unit == .percent)
    }

    @Test func missingFolderIsAnEmptyLibrary() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString)")
        let library = try IndicatorLibrary.load(directory: folder, symbols: FormulaFixtures.symbols)
        #expect(library.indicators.isEmpty)
    }

    @Test func pathsAreShownRelativeToTheDisplayRoot() throws {
        let root = try FormulaFixtures.temporaryFolder("project")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("Indicators/indicators")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try IndicatorFiles.base(formula: "percent(bmo2025.xmet / bmo.met)")
            .write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try IndicatorLibrary.load(directory: folder, displayRoot: root, symbols: FormulaFixtures.symbols)
            Issue.record("loaded")
        } catch {
            #expect(error.description == """
                Indicators/indicators/bad.yaml:5:18: error: unknown dataset 'bmo2025'; did you mean 'bmo'?
                formula: percent(bmo2025.xmet / bmo.met)
                                 ^
                """)
        }
    }

    @Test(arguments: [
        (#"bmo.met[famille = "A"]"#, "count"),
        ("percent(bmo.xmet / bmo.met)", "percent"),
        ("by(urssaf-commune-ape.effectifs, secteur_na17)", "table of count"),
        ("lq(by(urssaf-commune-ape.effectifs, secteur_na17), region)", "table of index"),
        ("per1000(bmo.met / urssaf-ze.effectifs)", "per1000"),
        ("gap(chomage-ze.taux, region)", "points"),
        ("count(by(dares-tensions.tension, fap) >= 4)", "count"),
    ])
    func guideExamplesAreValid(formula: String, type: String) throws {
        let outcome = FormulaValidator(symbols: FormulaFixtures.symbols).check(try FormulaParser.parse(formula))
        #expect(outcome.problems == [])
        #expect(outcome.type?.description == type)
    }

    /// The analyst guide lists every built-in function as it is written.
    @Test func guideDocumentsEveryFunction() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let guide = try String(contentsOf: repository.appendingPathComponent("Indicators/indicators/README.md"),
                               encoding: .utf8)
        for function in FunctionCatalog.all {
            #expect(guide.contains("| `\(function.usage)` |"), "\(function.name) is not in the guide")
        }
    }
}
