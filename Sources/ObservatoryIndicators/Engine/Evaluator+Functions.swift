import Foundation
import ObservatoryCore

extension Evaluator {
    func call(_ name: String, _ arguments: [Expression], territory: TerritoryID, period: Period) throws -> EvaluationResult {
        // A function of a table whose table has no value for the territory says why, not "needs a
        // table". The table is evaluated once: the function reads it back, not evaluates it again
        // (nested table functions would otherwise evaluate their innermost argument 2^depth times).
        if Self.takesTableFirst.contains(name), let first = arguments.first {
            let key = PreEvaluated(expression: first, territory: territory, period: period)
            if preEvaluated[key] == nil {
                let evaluated = try evaluate(first, territory: territory, period: period)
                if case .scalar(let missing) = evaluated, !missing.hasValue { return .scalar(missing) }
                preEvaluated[key] = evaluated
                defer { preEvaluated[key] = nil }
                return try callEvaluated(name, arguments, territory: territory, period: period)
            }
        }
        return try callEvaluated(name, arguments, territory: territory, period: period)
    }

    private func callEvaluated(_ name: String, _ arguments: [Expression], territory: TerritoryID, period: Period) throws -> EvaluationResult {
        func value(_ index: Int, at place: TerritoryID = territory, _ when: Period = period) throws -> EvaluationResult {
            try evaluate(arguments[index], territory: place, period: when)
        }
        func table(_ index: Int, at place: TerritoryID = territory, _ when: Period = period) throws -> Table? {
            try value(index, at: place, when).table
        }
        if let result = try callSkills(name, arguments, territory: territory, period: period) { return result }
        let n = Self.wholeNumber(arguments.count > 1 ? arguments[1] : nil)
        switch name {
        case "if":
            let condition = try value(0)
            guard let truth = condition.scalar else { return .scalar(.none(.functionNeeds(function: "if", .singleCondition))) }
            guard let number = truth.number, truth.status != .masked else {
                return .scalar(.none(truth.missingReason ?? .conditionHasNoValue, sourceIDs: truth.sourceIDs))
            }
            return try value(number != 0 ? 1 : 2)
        case "coalesce":
            // The first argument that is the territory's own value; else the first that has a value.
            var last = EvaluationResult.scalar(.none(.noArgumentHasValue))
            var firstEstimate: EvaluationResult?
            for index in arguments.indices {
                last = try value(index)
                guard let scalar = last.scalar else { return last }
                if scalar.hasValue && (scalar.extent?.isExact ?? true) { return last }
                if scalar.hasValue && firstEstimate == nil { firstEstimate = last }
            }
            return firstEstimate ?? last
        case "by":
            guard case .measure(let reference) = arguments[0], let dimension = Self.name(arguments[1]) else {
                return .scalar(.none(.functionNeeds(function: "by", .measureAndDimension)))
            }
            let access = try data.measure(reference, groupBy: dimension, territory: territory, period: period)
            if recordsTrace { trace.append(TraceEntry(input: "by(\(reference.text), \(dimension))", territory: territory, period: period,
                                    result: access.result, note: access.note)) }
            return access.result
        case "sum", "mean", "min", "max", "count":
            guard let entries = try table(0) else { return try value(0) }
            return .scalar(Self.reduce(name, entries))
        case "share":
            guard let entries = try table(0) else { return .scalar(.none(.functionNeeds(function: "share", .table))) }
            return .table(Self.shares(entries))
        case "part":
            // A part never exceeds its whole: the interval a masked numerator or denominator
            // gives is kept within [0, 1].
            return Self.zip(try value(0), try value(1)) { part, whole in
                var ratio = Value.combine(part, whole, .divide)
                guard let lower = ratio.lower else { return ratio }
                ratio.lower = min(max(lower, 0), 1)
                ratio.upper = min(max(ratio.upper ?? 1, 0), 1)
                return ratio
            }
        case "percent":
            return Self.map(try value(0)) { $0.scaled(by: 100) }
        case "per1000":
            return Self.map(try value(0)) { $0.scaled(by: 1000) }
        case "lag":
            return try value(0, period.advanced(by: -(n ?? 1)))
        case "change", "pct_change", "cagr":
            let steps = n ?? 1
            let now = try value(0)
            let before = try value(0, period.advanced(by: -steps))
            return Self.zip(now, before) { current, earlier in
                switch name {
                case "change": return Value.combine(current, earlier, .subtract)
                case "pct_change":
                    return Value.combine(Value.combine(current, earlier, .divide), .exact(1), .subtract).scaled(by: 100)
                default:
                    let ratio = Value.combine(current, earlier, .divide)
                    let years = Double(steps) / Self.periodsPerYear(period)
                    guard let low = ratio.lower, let high = ratio.upper, low > 0 else {
                        return Value.none(ratio.missingReason ?? .functionNeeds(function: "cagr", .positiveValues), sourceIDs: ratio.sourceIDs)
                    }
                    var result = ratio
                    result.lower = (pow(low, 1 / years) - 1) * 100
                    result.upper = (pow(high, 1 / years) - 1) * 100
                    return result.finite()
                }
            }
        case "rolling_mean":
            let steps = n ?? 1
            var total = try value(0)
            for back in stride(from: 1, to: steps, by: 1) {
                total = Self.zip(total, try value(0, period.advanced(by: -back))) { Value.combine($0, $1, .add) }
            }
            return Self.map(total) { $0.scaled(by: 1 / Double(steps)) }
        case "rank", "zscore", "top":
            guard let entries = try table(0) else { return .scalar(.none(.functionNeeds(function: name, .table))) }
            if name == "top" {
                // The ranking rests on every entry: the masked cells under it stay those of the whole table.
                // Origins only of the entries kept: a page keeps twenty competences, not the
                // thousands the table had.
                let kept = entries.ranked(first: n ?? 10)
                return .table(Table(dimension: entries.dimension, entries: kept, sharedMaskedCells: entries.sharedMaskedCells,
                                    maskedOrigins: entries.maskedOrigins.map { origins in
                                        Dictionary(uniqueKeysWithValues: kept.compactMap { entry in origins[entry.key].map { (entry.key, $0) } })
                                    }))
            }
            return .table(name == "rank" ? Self.ranks(entries) : Self.zscores(entries))
        case "gap":
            guard let reference = Self.name(arguments[1]), let place = try data.reference(reference, of: territory) else {
                return .scalar(.none(.noComparison(territory: territory, reference: Self.name(arguments[1]))))
            }
            return Self.zip(try value(0), try value(0, at: place)) { Value.combine($0, $1, .subtract) }
        case "at":
            guard let reference = Self.name(arguments[1]), let place = try data.reference(reference, of: territory) else {
                return .scalar(.none(.noComparison(territory: territory, reference: Self.name(arguments[1]))))
            }
            return try value(0, at: place)
        case "lq", "krugman":
            guard let reference = Self.name(arguments[1]), let place = try data.reference(reference, of: territory) else {
                return .scalar(.none(.noReferenceTerritory(territory)))
            }
            guard let local = try table(0), let wide = try table(0, at: place) else { return .scalar(.none(.functionNeeds(function: name, .table))) }
            let localShares = Self.shares(local), wideShares = Self.shares(wide)
            if name == "lq" {
                return .table(Table(dimension: local.dimension, entries: localShares.entries.map { entry in
                    .init(key: entry.key, value: Value.combine(entry.value, wideShares[entry.key] ?? .none(.absentFrom(place)), .divide))
                }))
            }
            return .scalar(Self.krugman(localShares, wideShares))
        case "hhi":
            guard let entries = try table(0) else { return .scalar(.none(.functionNeeds(function: "hhi", .table))) }
            let shares = Self.shares(entries)
            return .scalar(shares.entries.reduce(Value.exact(0)) { Value.combine($0, Value.combine($1.value, $1.value, .multiply), .add) })
        case "shift_share":
            let steps = n ?? 1
            guard let reference = Self.name(arguments[2]), let place = try data.reference(reference, of: territory) else {
                return .scalar(.none(.noReferenceTerritory(territory)))
            }
            guard let now = try table(0), let before = try table(0, period.advanced(by: -steps)),
                  let wideNow = try table(0, at: place), let wideBefore = try table(0, at: place, period.advanced(by: -steps)) else {
                return .scalar(.none(.functionNeeds(function: "shift_share", .table)))
            }
            return .table(ShiftShare.components(local: (before, now), reference: (wideBefore, wideNow)))
        default:
            return .scalar(.none(.unknownFunction(name)))
        }
    }

    static func wholeNumber(_ expression: Expression?) -> Int? {
        if case .number(let value, _)? = expression, value >= 1, value == value.rounded() { return Int(value) }
        return nil
    }

    static func name(_ expression: Expression) -> String? {
        switch expression {
        case .name(let name, _), .indicator(let name, _), .text(let name, _): name
        default: nil
        }
    }

    static func periodsPerYear(_ period: Period) -> Double {
        switch period.kind {
        case .year: 1
        case .quarter: 4
        case .month: 12
        }
    }

    static let takesTableFirst: Set<String> = Set(FunctionCatalog.all.filter { $0.arguments.first == .table }.map(\.name))
}
