import Foundation
@testable import ObservatoryIndicators

/// Helpers of the formula tests.
enum FormulaFixtures {
    /// The names the tests' formulas may use, shaped like the real catalogue.
    static let symbols = StaticSymbols([
        "bmo": .init(measures: ["met": .count, "xmet": .count, "smet": .count], dimensions: ["metier", "famille", "dep"]),
        "urssaf-ze": .init(measures: ["effectifs": .count]),
        "urssaf-commune-ape": .init(measures: ["effectifs": .count, "etablissements": .count],
                                    dimensions: ["ape", "secteur_na17", "secteur_na38", "secteur_na88"]),
        "chomage-ze": .init(measures: ["taux": .percent]),
        "dares-tensions": .init(measures: ["tension": .index], dimensions: ["fap"]),
        "salaires": .init(measures: ["masse": .euros]),
    ])

    /// A compact, unambiguous rendering of a syntax tree: `(+ 1 (* 2 3))`, `(share (by bmo.met 'metier))`.
    static func render(_ expression: ObservatoryIndicators.Expression) -> String {
        switch expression {
        case .number(let value, _): FormulaValidator.format(value)
        case .text(let text, _): "\"\(text)\""
        case .measure(let reference):
            "\(reference.dataset).\(reference.measure)" + (reference.filters.isEmpty ? "" :
                "[" + reference.filters.map(render).joined(separator: ", ") + "]")
        case .indicator(let name, _): name
        case .name(let name, _): "'\(name)"
        case .unary(let op, let operand, _): "(\(op.rawValue) \(render(operand)))"
        case .binary(let op, let left, let right, _): "(\(op.rawValue) \(render(left)) \(render(right)))"
        case .call(let name, let arguments, _): "(\(([name] + arguments.map(render)).joined(separator: " ")))"
        }
    }

    /// `famille = "A"`, `metier not in ("A", "B")`: one value renders as `=`, several as `in`.
    static func render(_ filter: DimensionFilter) -> String {
        if filter.values.count == 1 { return "\(filter.dimension) \(filter.negated ? "!=" : "=") \"\(filter.values[0])\"" }
        let values = filter.values.map { "\"\($0)\"" }.joined(separator: ", ")
        return "\(filter.dimension) \(filter.negated ? "not in" : "in") (\(values))"
    }

    /// A temporary folder, removed by the caller.
    static func temporaryFolder(_ prefix: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
