/// The malformed indicator files and their expected diagnostics, by family.
enum MalformedIndicatorCases {
    /// `file:line:column: error: message`, then the source line and a caret under the column.
    static func d(_ position: String, _ message: String, _ line: String) -> String {
        let column = Int(position.split(separator: ":").last!)!
        return "\(position): error: \(message)\n\(line)\n" + String(repeating: " ", count: column - 1) + "^"
    }

    static let idLine = "id: bad"
    static let formulaLine = "formula: percent(bmo.xmet / bmo.met)"
    typealias Case = MalformedCase

    static let yaml: [Case] = [
        .replacing("YAML: unclosed flow sequence", "title", with: "title: [Part des projets", [
            d("bad.yaml:3:12", "invalid YAML: did not find expected ',' or ']' while parsing a flow sequence",
              "description: Part des projets de recrutement jugés difficiles."),
        ]),
        .replacing("YAML: tab before a value", "unit", with: "unit:\n\tpercent", [
            d("bad.yaml:5:1", "invalid YAML: found character that cannot start any token while scanning for the next token",
              "\tpercent"),
        ]),
        .replacing("YAML: key indented under a value", "title", with: "  title: Part", [
            d("bad.yaml:2:8", "invalid YAML: mapping values are not allowed in this context", "  title: Part"),
        ]),
        Case("YAML: empty file", ["bad.yaml": ""], ["bad.yaml: error: the file is empty"]),
        Case("YAML: a list instead of a mapping", ["bad.yaml": "- id: bad\n"], [
            d("bad.yaml:1:1", "an indicator file must be a mapping of keys to values, not a list", "- id: bad"),
        ]),
        Case("file not in UTF-8", [:], bytes: ["bad.yaml": Array("id: b".utf8) + [0xE9, 0x0A]],
             ["bad.yaml: error: cannot read the file as UTF-8 text"]),
    ]

    static let values: [Case] = [
        .replacing("missing formula", "formula", with: nil, [d("bad.yaml:1:1", "missing required key 'formula'", idLine)]),
        Case("missing title, unit and chart", ["bad.yaml": """
            id: bad
            description: d
            formula: bmo.met
            geography: bassin-bmo
            periods: latest
            direction: neutral
            source: s

            """], [
            d("bad.yaml:1:1", "missing required key 'title'", idLine),
            d("bad.yaml:1:1", "missing required key 'unit'", idLine),
            d("bad.yaml:1:1", "missing required key 'chart'", idLine),
        ]),
        .replacing("unknown key with a suggestion", "formula", with: "formule: percent(bmo.xmet / bmo.met)", [
            d("bad.yaml:1:1", "missing required key 'formula'", idLine),
            d("bad.yaml:5:1", "unknown key 'formule' in an indicator; did you mean 'formula'?",
              "formule: percent(bmo.xmet / bmo.met)"),
        ]),
        .replacing("formula given as a list", "formula", with: "formula: [bmo.met]", [
            d("bad.yaml:5:10", "'formula' must be a value, not a list", "formula: [bmo.met]"),
        ]),
        .replacing("empty formula", "formula", with: "formula: \"  \"", [
            d("bad.yaml:5:10", "'formula' must not be empty", "formula: \"  \""),
        ]),
        .replacing("unknown unit", "unit", with: "unit: pourcent", [
            d("bad.yaml:4:7", "'unit' must be one of count, ratio, percent, points, per1000, index, euros, not 'pourcent'; "
              + "did you mean 'percent'?", "unit: pourcent"),
        ]),
        .replacing("a formula-only unit", "unit", with: "unit: boolean", [
            d("bad.yaml:4:7", "'unit' must be one of count, ratio, percent, points, per1000, index, euros, not 'boolean'",
              "unit: boolean"),
        ]),
        .replacing("unknown geography", "geography", with: "geography: zone_emploi", [
            d("bad.yaml:6:12", "'geography' must be one of commune, ze2020, bassin-bmo, dep, reg, fr, epci, custom, "
              + "etablissement, not 'zone_emploi'", "geography: zone_emploi"),
        ]),
        .replacing("unknown chart", "chart", with: "chart: ranked-bar", [
            d("bad.yaml:10:8", "'chart' must be one of line, bar, ranked_bar, grouped_bar, stacked_bar, lollipop, slope, "
              + "sparkline, heat_table, number, not 'ranked-bar'; did you mean 'ranked_bar'?", "chart: ranked-bar"),
        ]),
        .replacing("unknown direction", "direction", with: "direction: higher", [
            d("bad.yaml:8:12", "'direction' must be one of higher_is_better, lower_is_better, neutral, not 'higher'",
              "direction: higher"),
        ]),
        .replacing("misspelt periods", "periods", with: "periods: lastest", [
            d("bad.yaml:7:10", "'periods' must be latest, series or a period such as \"2023\", not 'lastest'; "
              + "did you mean 'latest'?", "periods: lastest"),
        ]),
        .replacing("impossible quarter", "periods", with: "periods: 2023-T5", [
            d("bad.yaml:7:10", "'periods' must be latest, series or a period such as \"2023\", not '2023-T5'",
              "periods: 2023-T5"),
        ]),
        .adding("unknown comparison", "compare: [region, pays]\n", [
            d("bad.yaml:11:19", "'compare' lists departement, region, france, peers, not 'pays'", "compare: [region, pays]"),
        ]),
        .replacing("id differs from the file name", "id", with: "id: tension", [
            d("bad.yaml:1:5", "indicator id 'tension' must match its file name 'bad.yaml'", "id: tension"),
        ]),
        Case("id with capitals and dashes", ["Part-Difficile.yaml": IndicatorFiles.indicator("Part-Difficile", "bmo.met")], [
            d("Part-Difficile.yaml:1:5", "indicator id 'Part-Difficile' must use lower-case letters, digits and '_', "
              + "starting with a letter", "id: Part-Difficile"),
        ]),
        Case("id is a formula keyword", ["in.yaml": IndicatorFiles.indicator("in", "bmo.met")], [
            d("in.yaml:1:5", "indicator id 'in' is a word of the formula language", "id: in"),
        ]),
        .adding("threshold value not a number", "thresholds:\n  - {value: élevé, label: fort}\n", [
            d("bad.yaml:12:13", "'value' must be a number, not 'élevé'", "  - {value: élevé, label: fort}"),
        ]),
        .adding("thresholds out of order", "thresholds:\n  - {value: 30, label: élevé}\n  - {value: 10, label: faible}\n", [
            d("bad.yaml:13:5", "thresholds must be listed by increasing value: 10 comes after 30",
              "  - {value: 10, label: faible}"),
        ]),
        .adding("thresholds not a list", "thresholds: 1.2\n", [
            d("bad.yaml:11:13", "'thresholds' must be a list, not a value", "thresholds: 1.2"),
        ]),
        .adding("breakdown top not a number", "breakdown: {dimension: metier, top: dix}\n", [
            d("bad.yaml:11:37", "'top' must be a whole number, not 'dix'", "breakdown: {dimension: metier, top: dix}"),
        ]),
        .adding("breakdown given as a value", "breakdown: metier\n", [
            d("bad.yaml:11:12", "'breakdown' must be a mapping of keys to values, not a value", "breakdown: metier"),
        ]),
        .adding("unknown breakdown dimension", "breakdown: {dimension: metiers, top: 10}\n", [
            d("bad.yaml:11:24", "unknown breakdown dimension 'metiers'; did you mean 'metier'? "
              + "(dimensions of bmo: dep, famille, metier)", "breakdown: {dimension: metiers, top: 10}"),
        ]),
    ]
}
