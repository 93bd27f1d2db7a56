import ObservatoryCore

/// How values are printed, always in French (`103 448`, `6,7 %`, `+0,3`).
public enum ValueFormat: Sendable, Hashable {
    /// A plain number with `decimals` decimals.
    case number(decimals: Int)
    /// A percentage: `6.7` → `6,7 %`.
    case percent(decimals: Int)
    /// A signed change: `+0,3`.
    case signed(decimals: Int)

    /// The value printed with this format's decimals.
    public func text(_ value: Double) -> String { text(value, decimals: decimals) }

    /// The value printed with `decimals` decimals (axes use the tick step's).
    public func text(_ value: Double, decimals: Int) -> String {
        switch self {
        case .number: FrenchFormat.number(value, decimals: decimals)
        case .percent: FrenchFormat.percent(value, decimals: decimals)
        case .signed: FrenchFormat.signed(value, decimals: decimals)
        }
    }

    /// The label of a measure: `6,7 %`, `≈ 6,7 %`, `≥ 5`, `5 à 10`, or `n.d.`.
    public func text(_ measure: Measure) -> String {
        switch measure.status {
        case .ok: return measure.value.map { text($0) } ?? "n.d."
        case .approximate: return measure.value.map { "≈\u{00A0}" + text($0) } ?? "n.d."
        case .none: return "n.d."
        case .masked(let lower, let upper):
            if let upper { return text(lower) + " à " + text(upper) }
            return "≥\u{00A0}" + text(lower)
        }
    }

    /// The format's own number of decimals.
    public var decimals: Int {
        switch self {
        case .number(let d), .percent(let d), .signed(let d): d
        }
    }
}
