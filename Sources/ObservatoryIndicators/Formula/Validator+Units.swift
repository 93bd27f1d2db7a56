/// Why two units do not combine; the validator places the message at the operator.
struct UnitMismatch: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension FormulaValidator {
    /// The unit of `op x`.
    static func unary(_ op: UnaryOperator, _ unit: Unit) -> Result<Unit, UnitMismatch> {
        switch op {
        case .negate:
            unit == .boolean ? .failure(UnitMismatch("'-' needs a number, not \(unit.phrase); use 'not'")) : .success(unit)
        case .not:
            unit == .boolean ? .success(.boolean)
                : .failure(UnitMismatch("'not' needs a truth value (a comparison), not \(unit.phrase)"))
        }
    }

    /// The unit of `l op r`:
    /// - `+` and `−` need the same unit (a plain number adapts); percent − percent is a percent;
    /// - `×`: a plain number or a ratio keeps the other side's unit;
    /// - `÷`: by a plain number or a ratio keeps the unit; X ÷ X (same unit) is a ratio;
    /// - comparisons need compatible units and give a truth value; `and`/`or` need truth values.
    static func binary(_ op: BinaryOperator, _ l: Unit, _ r: Unit) -> Result<Unit, UnitMismatch> {
        switch op {
        case .and, .or:
            guard l == .boolean && r == .boolean else {
                let offending = l == .boolean ? r : l
                return .failure(UnitMismatch("'\(op.rawValue)' needs truth values (comparisons) on both sides, "
                    + "not \(offending.phrase)"))
            }
            return .success(.boolean)
        case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual:
            guard l == r || l == .scalar || r == .scalar, l != .boolean || r == .boolean, r != .boolean || l == .boolean else {
                return .failure(UnitMismatch("cannot compare \(l.phrase) with \(r.phrase)"))
            }
            return .success(.boolean)
        default:
            break
        }
        if l == .boolean || r == .boolean {
            return .failure(UnitMismatch("'\(op.rawValue)' needs numbers, not a truth value (a comparison); "
                + "use if(condition, a, b)"))
        }
        switch op {
        case .add, .subtract:
            if l == r || r == .scalar { return .success(l) }
            if l == .scalar { return .success(r) }
            let message = op == .add ? "cannot add \(l.phrase) to \(r.phrase)" : "cannot subtract \(r.phrase) from \(l.phrase)"
            return .failure(UnitMismatch(message + conversionHint(l, r)))
        case .multiply:
            if r == .scalar || r == .ratio { return .success(l) }
            if l == .scalar || l == .ratio { return .success(r) }
            return .failure(UnitMismatch("cannot multiply \(l.phrase) by \(r.phrase)"))
        default:
            if r == .scalar || r == .ratio { return .success(l) }
            if l == r { return .success(.ratio) }
            return .failure(UnitMismatch("cannot divide \(l.phrase) by \(r.phrase)"))
        }
    }

    private static func conversionHint(_ l: Unit, _ r: Unit) -> String {
        switch Set([l, r]) {
        case [.percent, .ratio]: "; turn the ratio into a percent with percent(…)"
        case [.perThousand, .ratio]: "; turn the ratio into a rate per 1,000 with per1000(…)"
        case [.percent, .points]: "; in points: change(x, n) over time, gap(x, region) to a reference"
        default: ""
        }
    }

    /// Units of the values given to `if` branches or `coalesce`: the same, a plain number adapting.
    static func unify(_ units: [Unit]) -> Unit? {
        let concrete = Set(units.filter { $0 != .scalar })
        if concrete.count > 1 { return nil }
        return concrete.first ?? .scalar
    }
}

extension Unit {
    /// How messages name a value of this unit: "a percent", "a count".
    var phrase: String {
        switch self {
        case .count: "a count"
        case .ratio: "a ratio"
        case .percent: "a percent"
        case .points: "points"
        case .perThousand: "a rate per 1,000"
        case .index: "an index"
        case .euros: "euros"
        case .scalar: "a number"
        case .boolean: "a truth value (a comparison)"
        }
    }
}
