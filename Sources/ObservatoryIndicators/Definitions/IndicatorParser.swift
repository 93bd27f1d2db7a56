import Foundation
import ObservatoryConfig
import ObservatoryCore

/// Reads one indicator YAML file, reporting every mistake of the file at once, formula syntax
/// included (with file positions).
enum IndicatorParser {
    static let keys = ["id", "title", "description", "unit", "formula", "geography", "periods", "breakdown",
                       "compare", "thresholds", "direction", "source", "chart", "section", "min_coverage"]
    /// Units an indicator may be declared in: not `scalar` nor `boolean`, which only formulas have.
    static let declarableUnits = Unit.allCases.filter { $0 != .scalar && $0 != .boolean }.map(\.rawValue)

    /// What a file gave, even when parts of it are wrong, so that its formula is still checked.
    struct Parsed {
        var source: ConfigSource
        /// The complete definition; `nil` when the file has a problem.
        var definition: IndicatorDefinition?
        /// The parsed formula; `nil` when missing or not parseable.
        var expression: Expression?
        /// Where the formula starts in the file.
        var formulaStart: SourceLocation?
        var declaredUnit: Unit?
        /// `nil` when the chart is missing or wrong: the table check is then left to that error.
        var allowsTable: Bool?
        var breakdown: (dimension: String, location: SourceLocation)?
    }

    static func parse(_ source: ConfigSource, fileStem: String, into diagnostics: DiagnosticCollector) -> Parsed? {
        let before = diagnostics.diagnostics.count
        guard let root = source.parse(into: diagnostics),
              let mapping = root.mapping("an indicator file", into: diagnostics) else { return nil }
        var parsed = Parsed(source: source)
        mapping.checkKeys(allowed: keys, context: "an indicator", into: diagnostics)
        let id = mapping.string("id", required: true, into: diagnostics)
        if let id, let node = mapping["id"] {
            if !IndicatorDefinition.isValidID(id) {
                diagnostics.add(node.error("indicator id '\(id)' must use lower-case letters, digits and '_', "
                    + "starting with a letter"))
            } else if id != fileStem {
                diagnostics.add(node.error("indicator id '\(id)' must match its file name '\(fileStem).yaml'"))
            } else if ["and", "or", "not", "in"].contains(id) {
                diagnostics.add(node.error("indicator id '\(id)' is a word of the formula language"))
            }
        }
        let title = mapping.string("title", required: true, into: diagnostics)
        let description = mapping.string("description", required: true, into: diagnostics)
        let unit = mapping.choice("unit", declarableUnits, required: true, into: diagnostics).flatMap(Unit.init(rawValue:))
        parsed.declaredUnit = unit
        let formula = mapping.string("formula", required: true, into: diagnostics)
        if let formula, let node = mapping["formula"] {
            let map = FormulaSourceMap(node: node)
            let start = formula.unicodeScalars.prefix { FormulaLexer.isSpace($0) }.count
            parsed.formulaStart = map.location(atOffset: start)
            do {
                parsed.expression = try FormulaParser.parse(formula, sourceMap: map)
            } catch {
                for problem in error.problems {
                    diagnostics.add(source.diagnostic(problem.message, line: problem.location.line,
                                                      column: problem.location.column))
                }
            }
        }
        let geography = mapping.choice("geography", Geography.allCases.map(\.rawValue), required: true,
                                       into: diagnostics).flatMap(Geography.init(rawValue:))
        let periods = parsePeriods(mapping, into: diagnostics)
        let breakdown = parseBreakdown(mapping, into: diagnostics)
        if let breakdown { parsed.breakdown = (breakdown.value.dimension, breakdown.location) }
        let compare = parseCompare(mapping, into: diagnostics)
        let thresholds = parseThresholds(mapping, into: diagnostics)
        let direction = mapping.choice("direction", IndicatorDefinition.Direction.allCases.map(\.rawValue),
                                       required: true, into: diagnostics)
            .flatMap(IndicatorDefinition.Direction.init(rawValue:))
        let sourceNote = mapping.string("source", required: true, into: diagnostics)
        let chart = mapping.choice("chart", IndicatorDefinition.Chart.allCases.map(\.rawValue), required: true,
                                   into: diagnostics).flatMap(IndicatorDefinition.Chart.init(rawValue:))
        let section = mapping.string("section", into: diagnostics)
        let minCoverage = mapping.double("min_coverage", into: diagnostics)
        if let minCoverage, !(0...1).contains(minCoverage) {
            diagnostics.add(mapping["min_coverage"]!.error("min_coverage must be a share between 0 and 1 (0.95 for 95 %)"))
        }
        // A breakdown written wrongly still means "shows a table": its own error suffices.
        if let chart { parsed.allowsTable = mapping["breakdown"] != nil || chart.showsTables }
        guard diagnostics.diagnostics.count == before, let id, let title, let description, let unit, let formula,
              let geography, let periods, let direction, let sourceNote, let chart else { return parsed }
        parsed.definition = IndicatorDefinition(
            id: id, title: title, description: description.trimmingCharacters(in: .whitespacesAndNewlines),
            unit: unit, formula: formula, geography: geography, periods: periods, breakdown: breakdown?.value,
            compare: compare, thresholds: thresholds, direction: direction, source: sourceNote, chart: chart,
            section: section, minCoverage: minCoverage ?? IndicatorDefinition.defaultMinCoverage, path: source.path)
        return parsed
    }

    private static func parsePeriods(_ mapping: ConfigMapping,
                                     into diagnostics: DiagnosticCollector) -> IndicatorDefinition.Periods? {
        guard let text = mapping.string("periods", required: true, into: diagnostics) else { return nil }
        switch text {
        case "latest": return .latest
        case "series": return .series
        default:
            if let period = Period(parsing: text) { return .period(period) }
            var message = "'periods' must be latest, series or a period such as \"2023\", not '\(text)'"
            if let suggestion = Suggest.closest(to: text, among: ["latest", "series"]) {
                message += "; did you mean '\(suggestion)'?"
            }
            diagnostics.add(mapping["periods"]!.error(message))
            return nil
        }
    }

    /// The breakdown, and where its dimension is written.
    private static func parseBreakdown(_ mapping: ConfigMapping, into diagnostics: DiagnosticCollector)
        -> (value: IndicatorDefinition.Breakdown, location: SourceLocation)? {
        guard let breakdown = mapping.mapping("breakdown", into: diagnostics) else { return nil }
        breakdown.checkKeys(allowed: ["dimension", "top"], context: "'breakdown'", into: diagnostics)
        let dimension = breakdown.string("dimension", required: true, into: diagnostics)
        let top = breakdown.int("top", into: diagnostics)
        if let top, top < 1 {
            diagnostics.add(breakdown["top"]!.error("'top' must be at least 1, not \(top)"))
            return nil
        }
        guard let dimension, let node = breakdown["dimension"] else { return nil }
        return (IndicatorDefinition.Breakdown(dimension: dimension, top: top),
                SourceLocation(line: node.line ?? 1, column: node.column ?? 1))
    }

    private static func parseCompare(_ mapping: ConfigMapping,
                                     into diagnostics: DiagnosticCollector) -> [IndicatorDefinition.Comparison] {
        guard let node = mapping["compare"] else { return [] }
        let items: [ConfigNode]
        if node.scalarText != nil {
            items = [node]
        } else {
            guard let list = node.sequence("'compare'", into: diagnostics) else { return [] }
            items = list
        }
        let choices = IndicatorDefinition.Comparison.allCases.map(\.rawValue)
        var result: [IndicatorDefinition.Comparison] = []
        for item in items {
            guard let text = item.string("each item of 'compare'", into: diagnostics) else { continue }
            guard let comparison = IndicatorDefinition.Comparison(rawValue: text) else {
                var message = "'compare' lists \(choices.joined(separator: ", ")), not '\(text)'"
                if let suggestion = Suggest.closest(to: text, among: choices) { message += "; did you mean '\(suggestion)'?" }
                diagnostics.add(item.error(message))
                continue
            }
            if !result.contains(comparison) { result.append(comparison) }
        }
        return result
    }

    private static func parseThresholds(_ mapping: ConfigMapping,
                                        into diagnostics: DiagnosticCollector) -> [IndicatorDefinition.Threshold] {
        guard let items = mapping.sequence("thresholds", into: diagnostics) else { return [] }
        var thresholds: [IndicatorDefinition.Threshold] = []
        for item in items {
            guard let entry = item.mapping("each threshold", into: diagnostics) else { continue }
            entry.checkKeys(allowed: ["value", "label"], context: "a threshold", into: diagnostics)
            let value = entry.double("value", required: true, into: diagnostics)
            let label = entry.string("label", required: true, into: diagnostics)
            guard let value, let label else { continue }
            if let last = thresholds.last, value <= last.value {
                diagnostics.add(item.error("thresholds must be listed by increasing value: "
                    + "\(FormulaValidator.format(value)) comes after \(FormulaValidator.format(last.value))"))
            }
            thresholds.append(IndicatorDefinition.Threshold(value: value, label: label))
        }
        return thresholds
    }
}
