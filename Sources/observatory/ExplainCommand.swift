import ArgumentParser
import Foundation
import Observatory
import ObservatoryCore
import ObservatoryIndicators

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show how an indicator is computed for a territory: its formula, each input with its value and sources, the result.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The indicator id.")
    var indicator: String

    @Option(help: "The territory, as geography:code (ze2020:2415).")
    var territory: String

    @Option(help: "The period (2023, 2023-T3); default: the indicator's own periods.")
    var period: String?

    func validate() throws {
        guard TerritoryID(parsing: territory) != nil else { throw ValidationError("'\(territory)' is not a territory: write geography:code, e.g. ze2020:2415") }
        if let period, Period(parsing: period) == nil { throw ValidationError("'\(period)' is not a period (2023, 2023-T3)") }
    }

    func run() async throws {
        let context = try IndicatorContext(global: global)
        guard let checked = context.library.indicator(indicator) else {
            throw ValidationError("unknown indicator '\(indicator)'; the library has: " + context.library.indicators.map(\.id).joined(separator: ", "))
        }
        let place = TerritoryID(parsing: territory)!
        let periods = try period.flatMap(Period.init(parsing:)).map { [$0] } ?? context.service.periods(of: checked, library: context.library, data: context.data)
        let evaluator = Evaluator(data: context.data, formulas: Dictionary(uniqueKeysWithValues: context.library.indicators.map { ($0.id, $0.expression) }))
        print("\(checked.id) — \(checked.definition.title)")
        print("  \(checked.definition.path)")
        print("  formula: \(checked.definition.formula.trimmingCharacters(in: .whitespacesAndNewlines))")
        print("  unit: \(checked.unit.rawValue); territory: \(place) \(context.names[place] ?? "")")
        for period in periods.suffix(4) {
            evaluator.resetTrace()
            let result = try evaluator.evaluate(checked.expression, territory: place, period: period)
                .requiringCoverage(checked.definition.minCoverage, of: place.description)
            print("\n\(period.frenchLabel)")
            for entry in evaluator.trace {
                print("  input \(entry.input) for \(entry.territory) \(context.names[entry.territory] ?? "") at \(entry.period.frenchLabel):")
                print("    " + describe(entry.result, unit: nil))
                if let note = entry.note { print("    how: \(note)") }
                for source in entry.result.sources.sorted() {
                    print("    source: \(source.dataset) vintage \(source.vintage), file \(source.file), sha256 \(source.sha256.prefix(16))…"
                          + (source.fetchedAt.map { ", fetched \(ISO8601DateFormatter().string(from: $0))" } ?? ""))
                }
            }
            print("  result: " + describe(result, unit: checked.unit))
        }
    }

    func describe(_ result: EvaluationResult, unit: ObservatoryIndicators.Unit?) -> String {
        switch result {
        case .scalar(let value): return ValueFormatter.englishText(value, unit: unit ?? .scalar)
        case .table(let table):
            let top = table.ranked.prefix(8).map { "\($0.key): \(ValueFormatter.englishText($0.value, unit: unit ?? .scalar))" }
            return "\(table.entries.count) \(table.dimension) entries" + (top.isEmpty ? "" : "; " + top.joined(separator: "; "))
                + (table.entries.count > 8 ? "; …" : "")
        }
    }
}
