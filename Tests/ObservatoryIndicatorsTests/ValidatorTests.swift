@testable import ObservatoryIndicators
import Testing

@Suite struct ValidatorTests {
    static let validator = FormulaValidator(
        symbols: FormulaFixtures.symbols,
        indicators: ["emploi": FormulaType(unit: .count), "chomage_taux": FormulaType(unit: .percent),
                     "emploi_par_secteur": FormulaType(unit: .count, isTable: true)],
        unresolvedIndicators: ["en_erreur"])

    /// The type as text, or the problems as `line:column: message`.
    static func check(_ formula: String) throws -> String {
        let outcome = validator.check(try FormulaParser.parse(formula))
        if let type = outcome.type { return type.description }
        return outcome.problems.map(\.description).joined(separator: " | ")
    }

    @Test(arguments: [
        // Literals and references
        ("1", "scalar"),
        ("bmo.met", "count"),
        ("chomage-ze.taux", "percent"),
        ("emploi", "count"),
        ("emploi_par_secteur", "table of count"),
        // + and −
        ("bmo.met + bmo.xmet", "count"),
        ("bmo.met + 1", "count"),
        ("1 - chomage-ze.taux", "percent"),
        ("chomage-ze.taux - chomage_taux", "percent"),
        ("-bmo.met", "count"),
        // × and ÷
        ("bmo.xmet / bmo.met", "ratio"),
        ("chomage-ze.taux / chomage_taux", "ratio"),
        ("bmo.met / 2", "count"),
        ("bmo.met * 1000", "count"),
        ("2 * bmo.met", "count"),
        ("bmo.met * (bmo.xmet / bmo.met)", "count"),
        ("(bmo.xmet / bmo.met) * salaires.masse", "euros"),
        ("bmo.met / (bmo.xmet / bmo.met)", "count"),
        ("1 / hhi(by(bmo.met, metier))", "scalar"),
        ("percent(bmo.xmet / bmo.met)", "percent"),
        ("per1000(bmo.met / urssaf-ze.effectifs)", "per1000"),
        // Comparisons and logic
        ("bmo.met > 100", "boolean"),
        ("bmo.met > emploi", "boolean"),
        ("bmo.met > 1 and chomage_taux < 10 or not emploi == 0", "boolean"),
        // Functions
        ("by(bmo.met, metier)", "table of count"),
        (#"by(bmo.met[famille = "A"], metier)"#, "table of count"),
        ("by(urssaf-commune-ape.effectifs, secteur_na17)", "table of count"),
        ("sum(by(bmo.met, metier))", "count"),
        ("count(by(bmo.met, metier) > 100)", "count"),
        ("share(by(bmo.met, metier))", "table of ratio"),
        ("percent(share(by(bmo.met, metier)))", "table of percent"),
        ("top(by(bmo.met, metier), 10)", "table of count"),
        ("rank(emploi_par_secteur)", "table of index"),
        ("zscore(by(dares-tensions.tension, fap))", "table of index"),
        ("lq(by(urssaf-commune-ape.effectifs, secteur_na17), region)", "table of index"),
        ("hhi(by(urssaf-commune-ape.effectifs, secteur_na17))", "ratio"),
        ("krugman(emploi_par_secteur, france)", "ratio"),
        ("shift_share(emploi_par_secteur, 5, france)", "table of count"),
        ("lag(emploi, 1)", "count"),
        ("change(chomage_taux, 4)", "points"),
        ("change(emploi, 1)", "count"),
        ("pct_change(emploi, 1)", "percent"),
        ("cagr(emploi, 5)", "percent"),
        ("rolling_mean(chomage_taux, 4)", "percent"),
        ("at(chomage_taux, departement)", "percent"),
        ("gap(chomage_taux, region)", "points"),
        ("if(bmo.met > 0, bmo.xmet, 0)", "count"),
        ("if(bmo.met > 0, 0, bmo.xmet)", "count"),
        ("coalesce(emploi, bmo.met, 0)", "count"),
        ("lag(emploi_par_secteur, 1)", "table of count"),
    ])
    func infersTypes(formula: String, expected: String) throws {
        let actual = try Self.check(formula)
        #expect(actual == expected)
    }

    @Test(arguments: [
        // Names
        ("bmo2025.met", "1:1: unknown dataset 'bmo2025'; did you mean 'bmo'?"),
        ("bmoo.met", "1:1: unknown dataset 'bmoo'; did you mean 'bmo'?"),
        ("insee.pop", "1:1: unknown dataset 'insee'"),
        ("emploi-urssaf-ze.effectifs", "1:1: unknown dataset 'emploi-urssaf-ze'; did you mean 'urssaf-ze'? (to subtract, put spaces around '-')"),
        ("bmo.mett", "1:1: unknown measure 'mett' of dataset 'bmo'; did you mean 'met'? (its measures: met, smet, xmet)"),
        ("bmo.projets", "1:1: unknown measure 'projets' of dataset 'bmo' (its measures: met, smet, xmet)"),
        (#"bmo.met[familles = "A"]"#, "1:9: unknown dimension 'familles' of dataset 'bmo'; did you mean 'famille'? (its dimensions: dep, famille, metier)"),
        (#"urssaf-ze.effectifs[dep = "37"]"#, "1:21: unknown dimension 'dep' of dataset 'urssaf-ze' (it has no dimension)"),
        (#"bmo.met[dep = "18", dep = "36"]"#, "1:21: the dimension 'dep' is filtered twice; list its values with in (…)"),
        ("by(bmo.met, metiers)", "1:13: unknown dimension 'metiers' of dataset 'bmo'; did you mean 'metier'? (its dimensions: dep, famille, metier)"),
        ("emplois", "1:1: unknown indicator 'emplois'; did you mean 'emploi'?"),
        ("tension_moyenne", "1:1: unknown indicator 'tension_moyenne'"),
        ("bmo", "1:1: 'bmo' is a dataset: name one of its measures, such as bmo.met"),
        ("share", "1:1: 'share' is a function: call it with its arguments, share(table)"),
        ("region", "1:1: 'region' is a reference territory: it is only an argument of at, gap, lq, krugman, shift_share"),
        ("en_erreur + 1", ""),
        ("somme(by(bmo.met, metier))", "1:1: unknown function 'somme'; did you mean 'sum'?"),
        ("sharee(x)", "1:1: unknown function 'sharee'; did you mean 'share'? | 1:8: unknown indicator 'x'"),
        // Arity
        ("share(by(bmo.met, metier), 2)", "1:1: 'share' takes 1 argument, not 2: share(table)"),
        ("lag(emploi)", "1:1: 'lag' takes 2 arguments, not 1: lag(x, n)"),
        ("coalesce(emploi)", "1:1: 'coalesce' takes at least 2 arguments, not 1: coalesce(a, b, …)"),
        ("if(emploi > 1, emploi)", "1:1: 'if' takes 3 arguments, not 2: if(condition, a, b)"),
        // Argument kinds
        ("sum(bmo.met)", "1:5: the first argument of 'sum' must be a table, such as by(dataset.measure, dimension), not a single number"),
        ("by(emploi, metier)", "1:4: the first argument of 'by' must be a dataset measure such as bmo.met"),
        ("by(bmo.met, \"metier\")", "1:13: the second argument of 'by' must be a dimension name, such as metier"),
        ("lag(emploi, 0)", "1:13: the second argument of 'lag' must be a whole number ≥ 1, not 0"),
        ("lag(emploi, 1.5)", "1:13: the second argument of 'lag' must be a whole number ≥ 1, not 1.5"),
        ("top(emploi_par_secteur, emploi)", "1:25: the second argument of 'top' must be a whole number ≥ 1 written in the formula, such as 5"),
        ("lag(emploi, -1)", "1:13: the second argument of 'lag' must be a whole number ≥ 1 written in the formula, such as 5"),
        ("lq(emploi_par_secteur, regoin)", "1:24: unknown reference territory 'regoin'; did you mean 'region'? (references: departement, region, france)"),
        ("at(emploi, 2)", "1:12: the second argument of 'at' must be a reference territory: departement, region, france"),
        ("if(emploi, 1, 0)", "1:4: the first argument of 'if' must be a condition such as x > 0, not a count"),
        ("lag(emploi > 1, 1)", "1:5: the first argument of 'lag' must be a number, not a truth value (a comparison); use if(condition, a, b)"),
        (#"bmo.met + "A""#, #"1:11: a text in double quotes can only be a filter value, such as bmo.met[famille = "A"]"#),
        // Units
        ("chomage_taux + emploi", "1:14: cannot add a percent to a count"),
        ("emploi - chomage_taux", "1:8: cannot subtract a percent from a count"),
        ("chomage_taux + bmo.xmet / bmo.met", "1:14: cannot add a percent to a ratio; turn the ratio into a percent with percent(…)"),
        ("chomage_taux - change(chomage_taux, 1)", "1:14: cannot subtract points from a percent; in points: change(x, n) over time, gap(x, region) to a reference"),
        ("emploi * emploi", "1:8: cannot multiply a count by a count"),
        ("emploi / salaires.masse", "1:8: cannot divide a count by euros"),
        ("1 / emploi", "1:3: cannot divide a number by a count"),
        ("emploi > chomage_taux", "1:8: cannot compare a count with a percent"),
        ("emploi and bmo.met > 1", "1:8: 'and' needs truth values (comparisons) on both sides, not a count"),
        ("not emploi", "1:1: 'not' needs a truth value (a comparison), not a count"),
        ("-(emploi > 1)", "1:1: '-' needs a number, not a truth value (a comparison); use 'not'"),
        ("(emploi > 1) + 1", "1:14: '+' needs numbers, not a truth value (a comparison); use if(condition, a, b)"),
        ("if(emploi > 1, emploi, chomage_taux)", "1:1: the two branches of 'if' must have the same unit, not a count and a percent"),
        ("coalesce(chomage_taux, emploi)", "1:1: the arguments of 'coalesce' must have the same unit, not a percent and a count"),
        ("percent(emploi)", "1:1: 'percent' turns a ratio into a percent, not a count; divide first, such as percent(bmo.xmet / bmo.met)"),
        ("per1000(chomage_taux)", "1:1: 'per1000' turns a ratio into a rate per 1,000, not a percent; divide first, such as per1000(bmo.xmet / bmo.met)"),
        // Every problem is reported, each once
        ("bmoo.met + emploi * chomage_taux + x", "1:1: unknown dataset 'bmoo'; did you mean 'bmo'? | 1:19: cannot multiply a count by a percent | 1:36: unknown indicator 'x'"),
    ])
    func problems(formula: String, expected: String) throws {
        let actual = try Self.check(formula)
        #expect(actual == expected)
    }

    @Test(arguments: [
        (FormulaType(unit: .ratio), Unit.ratio, false, ""),
        (FormulaType(unit: .scalar), Unit.percent, false, ""),
        (FormulaType(unit: .ratio), Unit.percent, false,
         "1:1: the formula gives a ratio but the indicator is declared in 'percent'; wrap the formula in percent(…)"),
        (FormulaType(unit: .ratio), Unit.perThousand, false,
         "1:1: the formula gives a ratio but the indicator is declared in 'per1000'; wrap the formula in per1000(…)"),
        (FormulaType(unit: .percent), Unit.points, false,
         "1:1: the formula gives a percent but the indicator is declared in 'points'; in points: change(x, n) over time, gap(x, region) to a reference"),
        (FormulaType(unit: .count), Unit.percent, false, "1:1: the formula gives a count but the indicator is declared in 'percent'"),
        (FormulaType(unit: .boolean), Unit.count, false,
         "1:1: the formula gives a truth value (a comparison), not a number; the indicator is declared in 'count'"),
        (FormulaType(unit: .count, isTable: true), Unit.count, true, ""),
        (FormulaType(unit: .count, isTable: true), Unit.count, false,
         "1:1: the formula gives a table (a value per code); give the indicator a 'breakdown' or a chart that shows tables (bar, ranked_bar, grouped_bar, stacked_bar, heat_table), or total it with sum(…)"),
    ])
    func declaredUnit(type: FormulaType, declared: Unit, allowsTable: Bool, expected: String) {
        let problems = Self.validator.checkDeclared(type, declared: declared, allowsTable: allowsTable,
                                                    at: SourceLocation(line: 1, column: 1))
        #expect(problems.map(\.description).joined(separator: " | ") == expected)
    }

    @Test func dependenciesListMeasuresAndIndicators() throws {
        let expression = try FormulaParser.parse(
            #"percent(bmo.xmet[famille = "A"] / bmo.met) + lag(x, 1) - x + by(urssaf-ze.effectifs, dep) * y"#)
        let dependencies = FormulaDependencies(of: expression)
        #expect(dependencies.measures.map(\.description) == ["bmo.met", "bmo.xmet", "urssaf-ze.effectifs"])
        #expect(dependencies.datasets.map(\.rawValue) == ["bmo", "urssaf-ze"])
        #expect(dependencies.indicators == ["x", "y"])
    }
}
