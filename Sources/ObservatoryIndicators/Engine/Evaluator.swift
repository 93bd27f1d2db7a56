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
    /// The inputs read, in order (while ``recordsTrace``).
    public internal(set) var trace: [TraceEntry] = []
    /// Whether to record the inputs read: `explain` wants them, a run over every territory does not.
    public var recordsTrace = true
    /// Whether to keep each call's result (by its canonical text, territory and period) until
    /// ``forgetCalls()``: indicators evaluated one after another for a territory then compute a
    /// sub-formula they share once.
    public var sharesCalls = false
    struct CallKey: Hashable {
        var canonical: String
        var territory: TerritoryID
        var period: Period
    }
    private var calls: [CallKey: EvaluationResult] = [:]

    /// Forgets the calls kept by ``sharesCalls``.
    public func forgetCalls() { calls.removeAll(keepingCapacity: true) }

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
            return .scalar(.none(.notANumber(text: text)))
        case .name(let name, _):
            return .scalar(.none(.notAValue(name: name)))
        case .measure(let reference):
            let access = try data.measure(reference, groupBy: nil, territory: territory, period: period)
            if recordsTrace { trace.append(TraceEntry(input: reference.text, territory: territory, period: period,
                                    result: access.result, note: access.note)) }
            return access.result
        case .indicator(let id, _):
            let key = "\(id)|\(territory)|\(period)"
            if let known = memo[key] { return known }
            guard let formula = formulas[id] else { return .scalar(.none(.unknownIndicator(id))) }
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
            guard sharesCalls else { return try call(name, arguments, territory: territory, period: period) }
            let key = CallKey(canonical: expression.canonical, territory: territory, period: period)
            if let known = calls[key] { return known }
            let result = try call(name, arguments, territory: territory, period: period)
            calls[key] = result
            return result
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
    /// A number with no value makes no table: every entry would be that same missing value, so
    /// the result is the missing value itself, as a table function gives for a territory its
    /// table says nothing of (thousands of « pas de valeur » rows said one thing).
    static func zip(_ a: EvaluationResult, _ b: EvaluationResult, _ combine: (Value, Value) -> Value) -> EvaluationResult {
        switch (a, b) {
        case let (.scalar(x), .scalar(y)): return .scalar(combine(x, y))
        case let (.scalar(x), .table) where !x.hasValue: return .scalar(x)
        case let (.table, .scalar(y)) where !y.hasValue: return .scalar(y)
        case let (.table(t), .scalar(y)): return map(.table(t)) { combine($0, y) }
        case let (.scalar(x), .table(t)): return map(.table(t)) { combine(x, $0) }
        case let (.table(t), .table(u)):
            let shared = t.sharedMaskedCells == nil && u.sharedMaskedCells == nil ? nil : t.maskedCells + u.maskedCells
            if let merged = mergeSorted(t, u, combine) { return .table(Table(dimension: t.dimension, entries: merged, sharedMaskedCells: shared)) }
            let keys = Array(Set(t.entries.map(\.key)).union(u.entries.map(\.key))).sorted()
            // By key once: a table of a few thousand competences made this quadratic.
            let left = Dictionary(t.entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            let right = Dictionary(u.entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            return .table(Table(dimension: t.dimension, entries: keys.map { key in
                .init(key: key, value: combine(left[key] ?? .none(.absentKey(dimension: t.dimension, key: key)), right[key] ?? .none(.absentKey(dimension: u.dimension, key: key))))
            }, sharedMaskedCells: shared))
        }
    }
}

extension Evaluator {
    /// Two tables whose keys are each strictly ascending (every table the engine builds), combined
    /// entry by entry in one pass over both: the same entries, in the same order, as joining by
    /// key through dictionaries; `nil` when a table's keys are not in order.
    static func mergeSorted(_ t: Table, _ u: Table, _ combine: (Value, Value) -> Value) -> [Table.Entry]? {
        func ascending(_ table: Table) -> Bool {
            var previous: String?
            for entry in table.entries {
                if let previous, !(previous < entry.key) { return false }
                previous = entry.key
            }
            return true
        }
        guard ascending(t), ascending(u) else { return nil }
        var result: [Table.Entry] = []
        result.reserveCapacity(max(t.entries.count, u.entries.count))
        var i = 0, j = 0
        while i < t.entries.count || j < u.entries.count {
            if j == u.entries.count || (i < t.entries.count && t.entries[i].key < u.entries[j].key) {
                let key = t.entries[i].key
                result.append(.init(key: key, value: combine(t.entries[i].value, .none(.absentKey(dimension: u.dimension, key: key)))))
                i += 1
            } else if i == t.entries.count || u.entries[j].key < t.entries[i].key {
                let key = u.entries[j].key
                result.append(.init(key: key, value: combine(.none(.absentKey(dimension: t.dimension, key: key)), u.entries[j].value)))
                j += 1
            } else {
                result.append(.init(key: t.entries[i].key, value: combine(t.entries[i].value, u.entries[j].value)))
                i += 1
                j += 1
            }
        }
        return result
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
