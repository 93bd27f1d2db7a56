import ObservatoryCore
import ObservatoryIndicators

/// A value as a follow-up reads it: an interval whose ends may be unknown, the masked cells under
/// it, whether it is an estimate, or why there is none. Exact when both ends are known and equal.
public struct Reading: Sendable, Hashable, Codable {
    /// `nil`: unknown (unbounded) on that side.
    public var lower: Double?
    public var upper: Double?
    public var maskedCells: Int
    public var approximate: Bool
    /// Why there is no value, in French as the pages say it; `nil` when there is one.
    public var missing: String?

    public init(lower: Double?, upper: Double?, maskedCells: Int = 0, approximate: Bool = false, missing: String? = nil) {
        self.lower = lower
        self.upper = upper
        self.maskedCells = maskedCells
        self.approximate = approximate
        self.missing = missing
    }

    /// A computed value: a masked value keeps its interval, an estimate its mark, a missing value its reason.
    public init(_ value: Value) {
        guard let lower = value.lower else {
            self.init(lower: nil, upper: nil, missing: value.missingReason?.french ?? "donnée manquante")
            return
        }
        self.init(lower: lower, upper: value.upper, maskedCells: value.maskedCells,
                  approximate: value.extent.map { !$0.isExact } ?? false)
    }

    public static func exact(_ number: Double) -> Reading { Reading(lower: number, upper: number) }

    public var hasValue: Bool { missing == nil }
    public var isExact: Bool { missing == nil && lower != nil && lower == upper }
    /// `ok`, `masked` (an interval, or a bound unknown), `approximate` or `no_value`, as on the dashboards.
    public var status: String {
        if missing != nil { return "no_value" }
        if !isExact || maskedCells > 0 { return "masked" }
        return approximate ? "approximate" : "ok"
    }
}

/// Which way a change went, told from its whole interval.
public enum ChangeDirection: String, Sendable, Hashable, Codable {
    case up, down, stable
    /// The interval holds both rises and falls.
    case undetermined
    case noValue = "no_value"
}

/// Whether a target is met, told from the whole interval of the value or change.
public enum TargetStatus: String, Sendable, Hashable, Codable {
    case met, notMet = "not_met", undetermined, noValue = "no_value"
}

/// The arithmetic of a follow-up: changes and differences of intervals, their direction, targets.
public enum FollowUpMath {
    /// Below this, a change is zero (sums of shares leave 1e-15 residues).
    static let tolerance = 1e-9

    /// `later − earlier`: the change of [a, b] from [c, d] is [a − d, b − c]; masked cells add up,
    /// an estimate on either side makes an estimate, and no value on either side gives none.
    public static func change(from earlier: Reading, to later: Reading) -> Reading {
        if let missing = later.missing ?? earlier.missing { return Reading(lower: nil, upper: nil, missing: missing) }
        let lower = later.lower.flatMap { a in earlier.upper.map { a - $0 } }
        let upper = later.upper.flatMap { b in earlier.lower.map { b - $0 } }
        return Reading(lower: lower.map(clean), upper: upper.map(clean), maskedCells: later.maskedCells + earlier.maskedCells,
                       approximate: later.approximate || earlier.approximate)
    }

    /// The difference in changes, territory against a comparison: the same interval subtraction.
    public static func difference(_ territory: Reading, _ comparison: Reading) -> Reading {
        change(from: comparison, to: territory)
    }

    static func clean(_ x: Double) -> Double { abs(x) < tolerance ? 0 : x }

    public static func direction(of change: Reading) -> ChangeDirection {
        guard change.hasValue else { return .noValue }
        if let lower = change.lower, lower > tolerance { return .up }
        if let upper = change.upper, upper < -tolerance { return .down }
        if let lower = change.lower, let upper = change.upper, abs(lower) <= tolerance, abs(upper) <= tolerance { return .stable }
        return .undetermined
    }

    /// A target against the latest value (a level to reach) or the change since the start (a direction).
    public static func target(_ target: DemarcheDefinition.Target, latest: Reading, change: Reading) -> TargetStatus {
        if let level = target.value {
            guard latest.hasValue else { return .noValue }
            switch target.direction {
            case .up:
                if let lower = latest.lower, lower >= level - tolerance { return .met }
                if let upper = latest.upper, upper < level - tolerance { return .notMet }
            case .down:
                if let upper = latest.upper, upper <= level + tolerance { return .met }
                if let lower = latest.lower, lower > level + tolerance { return .notMet }
            }
            return .undetermined
        }
        switch (direction(of: change), target.direction) {
        case (.noValue, _): return .noValue
        case (.up, .up), (.down, .down): return .met
        case (.down, .up), (.up, .down), (.stable, _): return .notMet
        case (.undetermined, .up):
            // An interval that cannot be a rise is not met; one that may be is undetermined.
            if let upper = change.upper, upper <= tolerance { return .notMet }
            return .undetermined
        case (.undetermined, .down):
            if let lower = change.lower, lower >= -tolerance { return .notMet }
            return .undetermined
        }
    }

    /// The unit a change is written in: points for a percent, the indicator's unit otherwise.
    public static func changeUnit(_ unit: ObservatoryIndicators.Unit) -> ObservatoryIndicators.Unit {
        unit == .percent ? .points : unit
    }

    /// A level in French: `12,3 %`, `entre 1 413 et 1 530 (39 cellules masquées)`, `≈ 7,9 %`.
    public static func text(_ reading: Reading, unit: ObservatoryIndicators.Unit) -> String {
        guard reading.missing == nil else { return "pas de valeur : " + reading.missing! }
        return phrase(reading, number: { ValueFormatter.number($0, unit: unit) })
    }

    /// A change in French, signed: `+1,2 pt`, `entre −35 et +12`, `au moins +3`, `≈ −0,4 pt`.
    public static func changeText(_ reading: Reading, unit: ObservatoryIndicators.Unit) -> String {
        guard reading.missing == nil else { return "pas de valeur : " + reading.missing! }
        return phrase(reading, number: { signed($0, unit: unit) })
    }

    public static func signed(_ x: Double, unit: ObservatoryIndicators.Unit) -> String {
        switch unit {
        case .percent, .points: return ValueFormatter.number(x, unit: .points)
        case .count: return FrenchFormat.signed(x, decimals: abs(x) < 10 && x != x.rounded() ? 1 : 0)
        case .perThousand: return FrenchFormat.signed(x, decimals: 1) + FrenchFormat.unitSpace + "‰"
        case .euros: return FrenchFormat.signed(x, decimals: 0) + FrenchFormat.unitSpace + "€"
        default: return FrenchFormat.signed(x, decimals: 2)
        }
    }

    private static func phrase(_ reading: Reading, number: (Double) -> String) -> String {
        var text: String
        switch (reading.lower, reading.upper) {
        case let (l?, u?) where l == u || number(l) == number(u): text = number(l)
        case let (l?, u?): text = "entre \(number(l)) et \(number(u))"
        case let (l?, nil): text = "au moins \(number(l))"
        case let (nil, u?): text = "au plus \(number(u))"
        case (nil, nil): text = "indéterminé (bornes inconnues)"
        }
        if reading.maskedCells > 0 {
            text += " (" + ValueFormatter.maskedCells(reading.maskedCells) + ")"
        }
        return reading.approximate ? "≈ " + text : text
    }

    /// The direction in French.
    public static func directionText(_ direction: ChangeDirection) -> String {
        switch direction {
        case .up: "en hausse"
        case .down: "en baisse"
        case .stable: "stable"
        case .undetermined: "sens indéterminé (l'intervalle contient zéro)"
        case .noValue: "pas d'évolution calculable"
        }
    }

    public static func targetText(_ status: TargetStatus, approximate: Bool) -> String {
        let base = switch status {
        case .met: "atteint"
        case .notMet: "non atteint"
        case .undetermined: "indéterminé (l'intervalle est de part et d'autre de la cible)"
        case .noValue: "pas de valeur pour en juger"
        }
        return approximate && (status == .met || status == .notMet) ? base + " (sur une valeur approchée)" : base
    }
}
