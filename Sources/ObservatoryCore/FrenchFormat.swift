import Foundation

/// Numbers as French readers write them: `103 448`, `6,7 %`, `−0,3 pt`, with a narrow no-break
/// space between thousands and a no-break space before units. Deterministic (no locale lookup).
public enum FrenchFormat {
    /// Thousands separator (U+202F) and the space before a unit (U+00A0).
    public static let thousands = "\u{202F}"
    public static let unitSpace = "\u{00A0}"

    /// `1234567.891` → `1 234 567,9` with one decimal; `−` (U+2212) for negatives.
    public static func number(_ value: Double, decimals: Int = 0) -> String {
        guard value.isFinite else { return "–" }
        let factor = pow(10, Double(decimals))
        var rounded = (abs(value) * factor).rounded() / factor
        if rounded == 0 { rounded = 0 }
        let negative = value < 0 && rounded != 0
        let integer = Int64(rounded.rounded(.down))
        var digits = String(integer)
        var grouped = ""
        while digits.count > 3 {
            grouped = thousands + String(digits.suffix(3)) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        if decimals > 0 {
            let fraction = Int64(((rounded - Double(integer)) * factor).rounded())
            var text = String(fraction)
            while text.count < decimals { text = "0" + text }
            grouped += "," + text
        }
        return (negative ? "\u{2212}" : "") + grouped
    }

    /// `6.7` → `6,7 %`.
    public static func percent(_ value: Double, decimals: Int = 1) -> String {
        number(value, decimals: decimals) + unitSpace + "%"
    }

    /// A signed change: `+0,3`, `−1,2`.
    public static func signed(_ value: Double, decimals: Int = 1) -> String {
        let text = number(value, decimals: decimals)
        return value > 0 && !text.allSatisfy({ $0 == "0" || $0 == "," }) ? "+" + text : text
    }
}
