extension MalformedIndicatorCases {
    /// `formula: <text>` as line 5 of `bad.yaml`: the formula starts at column 10.
    static func f(_ text: String) -> String { "formula: \(text)" }

    static let formulas: [Case] = [
        // Syntax
        .formula("unclosed parenthesis", "percent(bmo.xmet / bmo.met", [
            d("bad.yaml:5:36", "expected ')' to close the call of 'percent' opened at 5:17", f("percent(bmo.xmet / bmo.met")),
        ]),
        .formula("dangling operator", "bmo.met +", [
            d("bad.yaml:5:19", "unexpected end of formula after '+'", f("bmo.met +")),
        ]),
        .formula("filter value without quotes", "percent(bmo.xmet[famille = A] / bmo.met)", [
            d("bad.yaml:5:37", "a filter value must be a text in double quotes: write \"A\"",
              f("percent(bmo.xmet[famille = A] / bmo.met)")),
        ]),
        .formula("filter with single quotes", "percent(bmo.xmet[famille = 'A'] / bmo.met)", [
            d("bad.yaml:5:37", "texts are written in double quotes, not single quotes",
              f("percent(bmo.xmet[famille = 'A'] / bmo.met)")),
        ]),
        .formula("unterminated text in a quoted formula", "'percent(bmo.xmet[famille = \"A] / bmo.met)'", [
            d("bad.yaml:5:38", "unterminated text: the closing '\"' is missing",
              f("'percent(bmo.xmet[famille = \"A] / bmo.met)'")),
        ]),
        .formula("unknown character", "percent(bmo.xmet ; bmo.met)", [
            d("bad.yaml:5:27", "unexpected character ';'", f("percent(bmo.xmet ; bmo.met)")),
        ]),
        .formula("two values without an operator", "percent(bmo.xmet bmo.met)", [
            d("bad.yaml:5:27", "expected ',' or ')' in the call of 'percent' opened at 5:17, found 'bmo'",
              f("percent(bmo.xmet bmo.met)")),
        ]),
        // Names
        .formula("unknown dataset", "percent(bmo2025.xmet / bmo.met)", [
            d("bad.yaml:5:18", "unknown dataset 'bmo2025'; did you mean 'bmo'?", f("percent(bmo2025.xmet / bmo.met)")),
        ]),
        .formula("unknown measure", "percent(bmo.xmett / bmo.met)", [
            d("bad.yaml:5:18", "unknown measure 'xmett' of dataset 'bmo'; did you mean 'xmet'? (its measures: met, smet, xmet)",
              f("percent(bmo.xmett / bmo.met)")),
        ]),
        .formula("unknown dimension in a filter", "percent(bmo.xmet[familles = \"A\"] / bmo.met)", [
            d("bad.yaml:5:27", "unknown dimension 'familles' of dataset 'bmo'; did you mean 'famille'? "
              + "(its dimensions: dep, famille, metier)", f("percent(bmo.xmet[familles = \"A\"] / bmo.met)")),
        ]),
        .formula("unknown dimension in by", "percent(share(by(bmo.met, metiers)))", [
            d("bad.yaml:5:36", "unknown dimension 'metiers' of dataset 'bmo'; did you mean 'metier'? "
              + "(its dimensions: dep, famille, metier)", f("percent(share(by(bmo.met, metiers)))")),
        ]),
        .formula("unknown indicator", "percent(bmo.xmet / bmo.met) - projets", [
            d("bad.yaml:5:40", "unknown indicator 'projets'", f("percent(bmo.xmet / bmo.met) - projets")),
        ]),
        .formula("unknown function", "pourcent(bmo.xmet / bmo.met)", [
            d("bad.yaml:5:10", "unknown function 'pourcent'; did you mean 'percent'?", f("pourcent(bmo.xmet / bmo.met)")),
        ]),
        // Arity and argument kinds
        .formula("too many arguments", "percent(bmo.xmet, bmo.met)", [
            d("bad.yaml:5:10", "'percent' takes 1 argument, not 2: percent(ratio)", f("percent(bmo.xmet, bmo.met)")),
        ]),
        .formula("a number where a table is needed", "sum(bmo.met)", unit: "count", [
            d("bad.yaml:5:14", "the first argument of 'sum' must be a table, such as by(dataset.measure, dimension), "
              + "not a single number", f("sum(bmo.met)")),
        ]),
        .formula("count argument below 1", "top(by(bmo.met, metier), 0)", unit: "count", chart: "ranked_bar", [
            d("bad.yaml:5:35", "the second argument of 'top' must be a whole number ≥ 1, not 0", f("top(by(bmo.met, metier), 0)")),
        ]),
        .formula("unknown reference territory", "lq(by(bmo.met, metier), pays)", unit: "index", chart: "ranked_bar", [
            d("bad.yaml:5:34", "unknown reference territory 'pays' (references: departement, region, france)",
              f("lq(by(bmo.met, metier), pays)")),
        ]),
        // Units
        .formula("percent plus count", "percent(bmo.xmet / bmo.met) + bmo.met", [
            d("bad.yaml:5:38", "cannot add a percent to a count", f("percent(bmo.xmet / bmo.met) + bmo.met")),
        ]),
        .formula("ratio declared as percent", "bmo.xmet / bmo.met", [
            d("bad.yaml:5:10", "the formula gives a ratio but the indicator is declared in 'percent'; "
              + "wrap the formula in percent(…)", f("bmo.xmet / bmo.met")),
        ]),
        .formula("count declared as percent", "bmo.met", [
            d("bad.yaml:5:10", "the formula gives a count but the indicator is declared in 'percent'", f("bmo.met")),
        ]),
        .formula("table shown as a number", "percent(share(by(bmo.met, metier)))", chart: "number", [
            d("bad.yaml:5:10", "the formula gives a table (a value per code); give the indicator a 'breakdown' or a "
              + "chart that shows tables (bar, ranked_bar, grouped_bar, stacked_bar, heat_table), or total it with sum(…)",
              f("percent(share(by(bmo.met, metier)))")),
        ]),
        .formula("a comparison as the formula", "bmo.met > 100", unit: "count", [
            d("bad.yaml:5:10", "the formula gives a truth value (a comparison), not a number; the indicator is declared "
              + "in 'count'", f("bmo.met > 100")),
        ]),
        // Positions in quoted and block scalars
        .formula("double-quoted formula with escapes", "\"percent(bmo.xmet[famille = \\\"A\\\"] / bmoo.met)\"", [
            d("bad.yaml:5:47", "unknown dataset 'bmoo'; did you mean 'bmo'?",
              f("\"percent(bmo.xmet[famille = \\\"A\\\"] / bmoo.met)\"")),
        ]),
        .formula("literal block formula", "|\n  # projets difficiles / projets\n  percent(\n    bmo.xmet / bmoo.met)", [
            d("bad.yaml:8:16", "unknown dataset 'bmoo'; did you mean 'bmo'?", "    bmo.xmet / bmoo.met)"),
        ]),
        .formula("folded block formula", ">\n  percent(bmo.xmet\n  / bmo.met", [
            d("bad.yaml:7:12", "expected ')' to close the call of 'percent' opened at 6:10", "  / bmo.met"),
        ]),
    ]

    static let library: [Case] = [
        Case("cycle of three", [
            "a.yaml": IndicatorFiles.indicator("a", "b + 1"),
            "b.yaml": IndicatorFiles.indicator("b", "2 * c"),
            "c.yaml": IndicatorFiles.indicator("c", "bmo.met - a"),
        ], [
            d("a.yaml:5:10", "indicator cycle: a → b → c → a", "formula: b + 1"),
            d("b.yaml:5:14", "indicator cycle: a → b → c → a", "formula: 2 * c"),
            d("c.yaml:5:20", "indicator cycle: a → b → c → a", "formula: bmo.met - a"),
        ]),
        Case("indicator using itself", ["a.yaml": IndicatorFiles.indicator("a", "lag(a, 1) + bmo.met")], [
            d("a.yaml:5:14", "indicator cycle: a → a", "formula: lag(a, 1) + bmo.met"),
        ]),
        Case("duplicate id", [
            "dup.yaml": IndicatorFiles.indicator("dup", "bmo.met"),
            "dup.yml": IndicatorFiles.indicator("dup", "bmo.xmet"),
        ], ["dup.yml: error: indicator 'dup' is defined twice: also in dup.yaml"]),
        Case("unknown indicator with a suggestion", [
            "emploi.yaml": IndicatorFiles.indicator("emploi", "urssaf-ze.effectifs"),
            "double.yaml": IndicatorFiles.indicator("double", "emplois * 2"),
        ], [d("double.yaml:5:10", "unknown indicator 'emplois'; did you mean 'emploi'?", "formula: emplois * 2")]),
        Case("units flow from the indicators used", [
            "emploi.yaml": IndicatorFiles.indicator("emploi", "urssaf-ze.effectifs"),
            "taux.yaml": IndicatorFiles.indicator("taux", "chomage-ze.taux", unit: "percent"),
            "somme.yaml": IndicatorFiles.indicator("somme", "taux + emploi"),
        ], [d("somme.yaml:5:15", "cannot add a percent to a count", "formula: taux + emploi")]),
        Case("an indicator whose YAML is broken is still known", [
            "a.yaml": IndicatorFiles.indicator("a", "b * 2"),
            "b.yaml": "id: b\nformula: [bmo.met\n",
        ], [d("b.yaml:3:1", "invalid YAML: did not find expected ',' or ']' while parsing a flow sequence", "")]),
        Case("a broken indicator does not cascade", [
            "a.yaml": IndicatorFiles.indicator("a", "b * 2"),
            "b.yaml": IndicatorFiles.indicator("b", "bmo.met", unit: "personnes"),
        ], [
            d("b.yaml:4:7", "'unit' must be one of count, ratio, percent, points, per1000, index, euros, not 'personnes'",
              "unit: personnes"),
        ]),
    ]
}
