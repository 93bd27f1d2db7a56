import ObservatoryCore
@testable import ObservatoryIndicators
import Testing

/// The competence, crosswalk and passerelle functions on a small referential.
/// INVENTED FIXTURE: the codes below are shaped like FAP and ROME codes, but the links,
/// competences and counts are made up for the tests; they describe no real métier.
struct SkillsData: IndicatorData {
    static let bassin = TerritoryID(.bassinBMO, "9901")
    static let year = Period.year(2023)
    var tables: [String: [String: Value]]

    static let referential = SkillsReferential(
        crosswalks: [.init(nomenclature: "FAP-2009", codes: ["F1Z01", "F1Z02", "F1Z03", "F1Z04"],
                           links: ["F1Z01": ["A0001"], "F1Z02": ["A0002", "A0003", "Z9999"], "F1Z03": ["Z9999"]],
                           sources: [])],
        metiers: ["A0001", "A0002", "A0003", "A0004"],
        transitions: ["A0002": ["ecologique"], "A0003": ["numerique", "ecologique"]],
        competences: [
            "A0001": [.init(code: "c1", kind: "savoir-faire", isCore: true), .init(code: "c2", kind: "savoir", isCore: false)],
            "A0002": [.init(code: "c1", kind: "savoir-faire", isCore: false), .init(code: "c3", kind: "savoir-etre", isCore: false)],
            "A0003": [.init(code: "c1", kind: "savoir-faire", isCore: true), .init(code: "c2", kind: "savoir", isCore: true),
                      .init(code: "c4", kind: "savoir-faire", isCore: true)],
            "A0004": [.init(code: "c4", kind: "savoir-faire", isCore: false)],
        ],
        competenceLabels: ["c1": "Souder", "c2": "Lire un plan", "c3": "Rigueur", "c4": "Programmer un automate"],
        mobility: ["A0001": ["A0003", "A0004"], "A0002": ["A0001"]],
        romeSources: [])

    func measure(_ reference: MeasureReference, groupBy: String?, territory: TerritoryID, period: Period) throws -> MeasureAccess {
        let cells = (tables[reference.measure] ?? [:]).filter { key, _ in
            reference.filters.allSatisfy { $0.values.contains(key) != $0.negated }
        }
        return MeasureAccess(result: .table(Table(dimension: groupBy ?? "metier",
                                                  entries: cells.keys.sorted().map { .init(key: $0, value: cells[$0]!) })))
    }
    func periods(of reference: MeasureReference) throws -> [Period] { [Self.year] }
    func reference(_ name: String, of territory: TerritoryID) throws -> TerritoryID? { nil }
    func skills() throws -> SkillsReferential? { Self.referential }
}

@Suite struct SkillsTests {
    static let data = SkillsData(tables: [
        "met": ["F1Z01": .exact(100), "F1Z02": .exact(60), "F1Z03": .exact(30), "F1Z04": .masked(bound: 3, sources: [])],
        "demandeurs": ["A0001": .exact(50), "A0002": .exact(2), "A0003": .exact(10), "A0004": .exact(5)],
        "offres": ["A0001": .exact(10), "A0002": .exact(20), "A0003": .exact(40), "A0004": .exact(1)],
    ])

    func run(_ formula: String) throws -> (EvaluationResult, [TraceEntry]) {
        let expression = try FormulaParser.parse(formula)
        let evaluator = Evaluator(data: Self.data, formulas: [:])
        let result = try evaluator.evaluate(expression, territory: SkillsData.bassin, period: SkillsData.year)
        return (result, evaluator.trace)
    }

    @Test func crosswalkWeightsOfAFAPSumToOne() {
        let crosswalk = SkillsData.referential.crosswalks[0]
        for fap in crosswalk.links.keys {
            let weights = SkillsMath.weights(of: fap, crosswalk, metiers: SkillsData.referential.metiers)
            guard !weights.isEmpty else { continue }
            #expect(abs(weights.map(\.weight).reduce(0, +) - 1) < 1e-12, "\(fap)")
        }
        // Z9999 is not a ROME 4.0 métier: F1Z02 is shared between its two known métiers only.
        #expect(SkillsMath.weights(of: "F1Z02", crosswalk, metiers: SkillsData.referential.metiers).map(\.rome) == ["A0002", "A0003"])
    }

    @Test func toRomeKeepsTheMappedTotalAndListsTheUnmapped() throws {
        let (result, trace) = try run("to_rome(by(bmo.met, metier))")
        let table = try #require(result.table)
        #expect(table.dimension == "rome")
        #expect(table["A0001"]?.number == 100 && table["A0002"]?.number == 30 && table["A0003"]?.number == 30)
        let (unmapped, _) = try run("unmapped(by(bmo.met, metier))")
        #expect(unmapped.table?.entries.map(\.key) == ["F1Z03", "F1Z04"], "no ROME 4.0 métier, no link: listed, not dropped")
        #expect(trace.contains { $0.input.hasPrefix("crosswalk FAP-2009 → ROME") && ($0.note ?? "").contains("F1Z03") })
    }

    @Test func coverageSharesAddUp() throws {
        let (mapped, _) = try run("mapped_share(by(bmo.met, metier))")
        let (unmappedTotal, _) = try run("sum(unmapped(by(bmo.met, metier))) / sum(by(bmo.met, metier))")
        let m = try #require(mapped.scalar), u = try #require(unmappedTotal.scalar)
        // With a masked cell both are intervals, which hold shares adding up to 1.
        #expect(m.lower! + u.lower! <= 1 + 1e-12 && m.upper! + u.upper! >= 1 - 1e-12)
        #expect(m.maskedCells == 1)
        // Without it, exactly.
        let (exactMapped, _) = try run("mapped_share(by(bmo.met[metier != \"F1Z04\"], metier))")
        let (exactUnmapped, _) = try run("sum(unmapped(by(bmo.met[metier != \"F1Z04\"], metier))) / sum(by(bmo.met[metier != \"F1Z04\"], metier))")
        #expect(abs(exactMapped.scalar!.number! + exactUnmapped.scalar!.number! - 1) < 1e-12)
        #expect(exactMapped.scalar?.number == 160.0 / 190)
    }

    @Test func nestedTableFunctionsReadTheirInnermostTableOnce() throws {
        // Each table function checks its table before using it: it must read it back, not evaluate it
        // again (six levels evaluated the BMO rows 2^6 times, and `explain` listed each read twice).
        let (result, trace) = try run("top(percent(share(competences(to_rome(by(bmo.met, metier)), \"all\", 2))), 3)")
        #expect(result.table?.entries.count == 3)
        #expect(trace.filter { $0.input.hasPrefix("by(bmo.met, metier)") }.count == 1, "\(trace.map(\.input))")
        #expect(trace.filter { $0.input.hasPrefix("ROME competence links") }.count == 1, "\(trace.map(\.input))")
    }

    @Test func competencesWeighTheCoeurDeMetier() throws {
        let (result, trace) = try run("competences(to_rome(by(bmo.met, metier)), \"all\", 2)")
        let table = try #require(result.table)
        // c1: A0001 core 100×2 + A0002 30×1 + A0003 core 30×2.
        #expect(table["c1"]?.number == 290 && table["c3"]?.number == 30 && table["c4"]?.number == 60)
        let (savoirFaire, _) = try run("competences(to_rome(by(bmo.met, metier)), \"savoir-faire\", 1)")
        #expect(savoirFaire.table?.entries.map(\.key) == ["c1", "c4"])
        #expect(trace.contains { $0.input.hasPrefix("by(bmo.met, metier)") }, "the BMO rows read")
        #expect(trace.contains { $0.input.hasPrefix("ROME competence links") }, "the ROME links read")
    }

    @Test func jaccardIsSymmetricAndOneOnItself() {
        let sets = SkillsData.referential.competences.mapValues { Set($0.map(\.code)) }
        for (a, left) in sets {
            #expect(SkillsMath.jaccard(left, left) == 1, "\(a)")
            for right in sets.values { #expect(SkillsMath.jaccard(left, right) == SkillsMath.jaccard(right, left)) }
        }
        #expect(SkillsMath.jaccard(["c1", "c2"], ["c1", "c2", "c4"]) == 2.0 / 3)
    }

    @Test func passerellesFollowMobilityLinksOnly() throws {
        let (result, _) = try run("passerelles(by(d.demandeurs, rome), by(d.offres, rome) / by(d.demandeurs, rome), 5, 1, 2)")
        let table = try #require(result.table)
        // A0001 (50 jobseekers, 0.2 offers each) → A0003 (4 offers each) is a link; → A0004 is not in tension;
        // A0002 has too few jobseekers; nothing leads to A0002 although it is in tension.
        #expect(table.entries.map(\.key) == ["A0001>A0003"])
        let entry = try #require(table.entries.first)
        #expect(entry.value.number == 2.0 / 3)
        #expect(entry.details == ["Programmer un automate (cœur de métier)"])
        for key in table.entries.map(\.key) {
            let parts = key.split(separator: ">").map(String.init)
            #expect(SkillsData.referential.mobility[parts[0]]?.contains(parts[1]) == true)
        }
        let (percent, _) = try run("percent(passerelles(by(d.demandeurs, rome), by(d.offres, rome) / by(d.demandeurs, rome), 5, 1, 2))")
        #expect(percent.table?.entries.first?.details.count == 1, "details survive a map")
    }

    @Test func transitionSharesOfTheMappedProjects() throws {
        let (result, _) = try run("transition_shares(to_rome(by(bmo.met, metier)))")
        let table = try #require(result.table)
        #expect(table["ecologique"]?.number == 60.0 / 160 && table["numerique"]?.number == 30.0 / 160)
        #expect(table["demographique"]?.number == 0)
    }

    @Test func theValidatorChecksTheNewArguments() {
        let validator = FormulaValidator(symbols: FormulaFixtures.symbols)
        let good = validator.check(try! FormulaParser.parse("competences(to_rome(by(bmo.met, metier)), \"savoir-faire\", 2)"))
        #expect(good.problems.isEmpty && good.type == FormulaType(unit: .count, isTable: true))
        let bad = validator.check(try! FormulaParser.parse("competences(to_rome(by(bmo.met, metier)), \"savoirfaire\", 2)"))
        #expect(bad.problems.first?.message.contains("did you mean \"savoir-faire\"") == true)
        let threshold = validator.check(try! FormulaParser.parse("competences(to_rome(by(bmo.met, metier)), \"all\", bmo.met)"))
        #expect(threshold.problems.first?.message.contains("number ≥ 0 written in the formula") == true)
    }
}

/// A masked cell spread by the crosswalk over several ROME métiers, then over their competences,
/// is still one masked cell of the table.
@Suite struct SkillsMaskedCellTests {
    @Test func aSpreadMaskedCellIsCountedOnce() throws {
        let input = Table(dimension: "metier", entries: [.init(key: "F1Z02", value: .masked(bound: 4, sources: [])),
                                                         .init(key: "F1Z01", value: .exact(10))])
        let (rome, _, _) = SkillsMath.toRome(input, SkillsData.referential)
        #expect(rome.entries.map(\.key) == ["A0001", "A0002", "A0003"])
        #expect(rome.entries.reduce(0) { $0 + $1.value.maskedCells } == 2, "each ROME entry rests on the cell")
        #expect(rome.maskedCells == 1)
        #expect(Evaluator.reduce("sum", rome).maskedCells == 1)
        let competences = SkillsMath.competences(rome, kind: "all", coreWeight: 2, SkillsData.referential)
        #expect(competences.maskedCells == 1)
        // c1 is reached from F1Z02 through A0002 and A0003: one cell, not two; c2 through A0003 only.
        #expect(competences["c1"]?.maskedCells == 1 && competences["c2"]?.maskedCells == 1)
        #expect(competences["c1"]?.status == .masked)
        #expect(SkillsMath.transitionShares(rome, SkillsData.referential).entries.allSatisfy { $0.value.maskedCells == 1 })
        // A share reads the total: the table's one cell, not the entry's plus the total's.
        let shares = Evaluator.shares(competences)
        #expect(shares.maskedCells == 1 && shares.entries.allSatisfy { $0.value.maskedCells == 1 })
    }
}

/// The crosswalk a table takes is the one its dataset vintage declares; FAP-2021 codes weigh
/// their ROME métiers by passage-table rows. INVENTED FIXTURE, as ``SkillsData``.
@Suite struct SkillsDeclaredCrosswalkTests {
    static let survey = Provenance(dataset: "bmo", vintage: "2030", file: "BMO_2030.xlsx", sha256: "", fetchedAt: nil)

    static func referential(declaring name: String?) -> SkillsReferential {
        var referential = SkillsData.referential
        referential.crosswalks.append(.init(nomenclature: "FAP-2021", codes: ["F1X01", "F1Z01"],
                                            links: ["F1X01": ["A0001", "A0002"]],
                                            rows: ["F1X01": ["A0001": 3, "A0002": 1]], sources: []))
        referential.declared = name.map { ["bmo/2030/metier": $0] } ?? [:]
        return referential
    }

    static func table(_ codes: [String]) -> Table {
        Table(dimension: "metier", entries: codes.map { .init(key: $0, value: .exact(40, sources: [survey])) })
    }

    @Test func theDeclaredNomenclatureWinsOverTheCodes() {
        // F1Z01 is a FAP-2009 code that the FAP-2021 nomenclature also lists: the declaration decides.
        let declared = SkillsMath.crosswalk(for: Self.table(["F1Z01"]), in: Self.referential(declaring: "FAP-2021"))
        #expect(declared.crosswalk?.nomenclature == "FAP-2021" && declared.declared == "FAP-2021")
        let (rome, unmapped, _) = SkillsMath.toRome(Self.table(["F1Z01"]), Self.referential(declaring: "FAP-2021"))
        #expect(rome.entries.isEmpty && unmapped == ["F1Z01"], "no FAP-2021 link: listed, not read as FAP-2009")
        let recognised = SkillsMath.crosswalk(for: Self.table(["F1Z01", "F1Z02"]), in: Self.referential(declaring: nil))
        #expect(recognised.crosswalk?.nomenclature == "FAP-2009" && recognised.declared == nil)
        let missing = SkillsMath.crosswalk(for: Self.table(["F1X01"]), in: Self.referential(declaring: "FAP-2040"))
        #expect(missing.crosswalk == nil && missing.declared == "FAP-2040")
    }

    @Test func passageRowsWeighTheRomeMetiers() throws {
        let referential = Self.referential(declaring: "FAP-2021")
        let crosswalk = try #require(referential.crosswalks.last)
        let weights = SkillsMath.weights(of: "F1X01", crosswalk, metiers: referential.metiers)
        #expect(weights.map(\.rome) == ["A0001", "A0002"] && weights.map(\.weight) == [0.75, 0.25])
        let (rome, _, _) = SkillsMath.toRome(Self.table(["F1X01"]), referential)
        #expect(rome["A0001"]?.number == 30 && rome["A0002"]?.number == 10)
    }
}
