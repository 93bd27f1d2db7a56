import ObservatoryCore

/// French text of a value in its unit, saying when it is a lower bound, an interval, an
/// approximation or no value: `103 448`, `au moins 1 234 (12 cellules masquées)`,
/// `≈ 6,7 % (approché, 43 % de couverture)`, `pas de valeur : division par zéro`.
public enum ValueFormatter {
    /// The number alone, in the unit's format.
    public static func number(_ value: Double, unit: Unit) -> String {
        switch unit {
        case .count: FrenchFormat.number(value, decimals: abs(value) < 10 && value != value.rounded() ? 1 : 0)
        case .percent: FrenchFormat.percent(value)
        case .points: FrenchFormat.signed(value) + FrenchFormat.unitSpace + "pt"
        case .perThousand: FrenchFormat.number(value, decimals: 1) + FrenchFormat.unitSpace + "‰"
        case .ratio: abs(value) <= 1 ? FrenchFormat.percent(value * 100) : FrenchFormat.number(value, decimals: 2)
        case .index: FrenchFormat.number(value, decimals: 2)
        case .euros: FrenchFormat.number(value) + FrenchFormat.unitSpace + "€"
        case .scalar: FrenchFormat.number(value, decimals: value == value.rounded() ? 0 : 2)
        case .boolean: value != 0 ? "oui" : "non"
        }
    }

    /// The value with what is known of it; `detail: false` keeps the « ≈ » of an estimate but not
    /// the sentence that says how it was estimated.
    public static func text(_ value: Value, unit: Unit, detail: Bool = true) -> String {
        describe(value, unit: unit, detail: detail, english: false)
    }

    /// ``text(_:unit:detail:)`` in English, for the CLI (the numbers in the unit's format, as the
    /// pages write them): `at least 1 234, at most 1 300 (2 masked cells)`, `no value: division by zero`.
    public static func englishText(_ value: Value, unit: Unit, detail: Bool = true) -> String {
        describe(value, unit: unit, detail: detail, english: true)
    }

    /// One sentence in either language: only the words differ.
    private static func describe(_ value: Value, unit: Unit, detail: Bool, english: Bool) -> String {
        guard let lower = value.lower else {
            return english ? "no value: " + (value.missingReason?.english ?? "missing data")
                : "pas de valeur : " + (value.missingReason?.french ?? "donnée manquante")
        }
        let count = value.maskedCells
        let cells = english ? "\(count) masked cell\(count > 1 ? "s" : "")" : maskedCells(count)
        let masked = count > 0 ? " (" + cells + ")" : ""
        let (atLeast, atMost, between, and) = english ? ("at least", "at most", "between", "and") : ("au moins", "au plus", "entre", "et")
        var text: String
        if let upper = value.upper, upper != lower {
            text = unit == .count && masked != ""
                ? "\(atLeast) \(number(lower, unit: unit)), \(atMost) \(number(upper, unit: unit))"
                : "\(between) \(number(lower, unit: unit)) \(and) \(number(upper, unit: unit))"
        } else if value.upper == nil {
            text = "\(atLeast) \(number(lower, unit: unit))"
        } else {
            text = number(lower, unit: unit)
        }
        text += masked
        if let extent = value.extent, !extent.isExact {
            text = "≈ " + text + (detail ? " (" + (english ? englishExtentText(extent) : extentText(extent)) + ")" : "")
        }
        return text
    }

    /// `1 cellule masquée`, `12 cellules masquées`.
    public static func maskedCells(_ count: Int) -> String {
        "\(FrenchFormat.number(Double(count))) cellule\(count > 1 ? "s" : "") masquée\(count > 1 ? "s" : "")"
    }

    /// The short status label used in tables and CSV.
    public static func statusLabel(_ status: Value.Status) -> String {
        switch status {
        case .ok: "ok"
        case .masked: "masqué"
        case .approximate: "approché"
        case .noValue: "pas de valeur"
        }
    }
}

extension ValueFormatter {
    /// `estimé : 35 % réparti selon les emplois salariés (recensement)`, `la source couvre 97 % du territoire (population …)`.
    public static func extentText(_ extent: Extent) -> String { describe(extent, english: false) }

    /// ``extentText(_:)`` in English, for the CLI: `estimated: 35 % of the territory shared out by salaried jobs (census)`.
    public static func englishExtentText(_ extent: Extent) -> String { describe(extent, english: true) }

    private static func describe(_ extent: Extent, english: Bool) -> String {
        let key = english ? extent.key.englishLabel : extent.key.frenchLabel
        func percent(_ fraction: Double) -> String { english ? MissingReason.percent(fraction) : share(fraction) }
        var parts: [String] = []
        if extent.weightedMean {
            parts.append(english ? "estimated: mean of the source's units weighted by \(key)"
                : "estimé : moyenne des unités de la source pondérée par \(key)")
        } else if extent.apportioned > 0.000_001 {
            parts.append(english ? "estimated: \(percent(extent.apportioned)) of the territory shared out by \(key)"
                : "estimé : \(percent(extent.apportioned)) du territoire réparti selon \(key)")
        }
        if extent.coverage < 0.999_999 {
            parts.append(english ? "the source covers \(percent(extent.coverage)) of the territory, weighted by \(key)"
                : "la source couvre \(percent(extent.coverage)) du territoire, pondéré par \(key)")
        }
        return parts.joined(separator: english ? "; " : " ; ")
    }

    /// A share in French: `35 %`, `0,3 %` below 1 %, `99,6 %` just under 100 %.
    public static func share(_ fraction: Double) -> String {
        let percent = fraction * 100
        let decimals = percent < 1 || (percent > 99 && percent < 100) ? 1 : 0
        return FrenchFormat.percent(percent, decimals: decimals)
    }
}
