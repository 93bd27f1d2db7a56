import Foundation
import ObservatoryCore

/// Evaluates a validated formula for one territory and period, reading measures through
/// ``IndicatorData``; records every input it read (for `observatory explain`).
public final class Evaluator: @unchecked Sendable {
    public let data: any IndicatorData
    /// The formulas of other indicators, by id, for indicator references.
    private let formulas: [String: Expression]
    private var memo: [String: EvaluationResult] = [:]
    /// A table function's first argument, evaluated once by ``call`` and read back by the function.
    struct PreEvaluated: Hashable {
        var expression: Expression
        var territory: TerritoryID
        var period: Period
    }
    var preEvaluated: [PreEvaluated: EvaluationResult] = [:]
    /// The inputs read, in order.
    public internal(set) var trace: [TraceEntry] = []

    public init(data: any IndicatorData, formulas: [String: Expression]) {
        self.data = data
        self.formulas = formulas
    }

    /// Forgets the trace (the memo of indicator values is kept).
    public func resetTrace() { trace = [] }

    public func evaluate(_ expression: Expression, territory: TerritoryID, period: Period) throws -> EvaluationResult {
        if !preEvaluated.isEmpty, let known = preEvaluated[PreEvaluated(expression: expression, territory: territory, period: period)] {
            return known
        }
        switch expression {
        case .number(let number, _):
            return .scalar(.exact(number))
        case .text(let text, _):
            return .scalar(.none("the text \"\(text)\" is not a number"))
        case .name(let name, _):
            return .scalar(.none("'\(name)' is not a value"))
        case .measure(let reference):
            let access = try data.measure(reference, groupBy: nil, territory: territory, period: period)
            trace.append(TraceEntry(input: reference.text, territory: territory, period: period,
                                    result: access.result, note: access.note))
            return access.result
        case .indicator(let id, _):
            let key = "\(id)|\(territory)|\(period)"
            if let known = memo[key] { return known }
            guard let formula = formulas[id] else { return .scalar(.none("unknown indicator '\(id)'")) }
            let result = try evaluate(formula, territory: territory, period: period)
            memo[key] = result
            return result
        case .unary(let op, let operand, _):
            let value = try evaluate(operand, territory: territory, period: period)
            return Self.map(value) { op == .negate ? $0.scaled(by: -1) : Value.combine(.exact(1), $0, .subtract) }
        case .binary(let op, let left, let right, _):
            let l = try evaluate(left, territory: territory, period: period)
            let r = try evaluate(right, territory: territory, period: period)
            return Self.zip(l, r) { Value.combine($0, $1, op) }
        case .call(let name, let arguments, _):
            return try call(name, arguments, territory: territory, period: period)
        }
    }

    /// Applies `transform` to a number or to every entry of a table.
    static func map(_ result: EvaluationResult, _ transform: (Value) -> Value) -> EvaluationResult {
        switch result {
        case .scalar(let value): .scalar(transform(value))
        case .table(let table): .table(Table(dimension: table.dimension, entries: table.entries.map { entry in
            var mapped = entry
            mapped.value = transform(entry.value)
            return mapped
        }, sharedMaskedCells: table.sharedMaskedCells, maskedOrigins: table.maskedOrigins))
        }
    }

    /// Combines two results: number with number, entry by entry for tables (a number applies to every entry).
    static func zip(_ a: EvaluationResult, _ b: EvaluationResult, _ combine: (Value, Value) -> Value) -> EvaluationResult {
        switch (a, b) {
        case let (.scalar(x), .scalar(y)): return .scalar(combine(x, y))
        case let (.table(t), .scalar(y)): return map(.table(t)) { combine($0, y) }
        case let (.scalar(x), .table(t)): return map(.table(t)) { combine(x, $0) }
        case let (.table(t), .table(u)):
            let keys = Array(Set(t.entries.map(\.key)).union(u.entries.map(\.key))).sorted()
            let shared = t.sharedMaskedCells == nil && u.sharedMaskedCells == nil ? nil : t.maskedCells + u.maskedCells
            // By key once: a table of a few thousand competences made this quadratic.
            let left = Dictionary(t.entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            let right = Dictionary(u.entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            return .table(Table(dimension: t.dimension, entries: keys.map { key in
                .init(key: key, value: combine(left[key] ?? .none("no \(t.dimension) \(key)"), right[key] ?? .none("no \(u.dimension) \(key)")))
            }, sharedMaskedCells: shared))
        }
    }
}

extension MeasureReference {
    /// The reference as an analyst writes it.
    public var text: String {
        var text = "\(dataset).\(measure)"
        if !filters.isEmpty {
            text += "[" + filters.map { filter in
                filter.values.count == 1
                    ? "\(filter.dimension) \(filter.negated ? "!=" : "=") \"\(filter.values[0])\""
                    : "\(filter.dimension) \(filter.negated ? "not in" : "in") (" + filter.values.map { "\"\($0)\"" }.joined(separator: ", ") + ")"
            }.joined(separator: ", ") + "]"
        }
        return text
    }
}
