import Foundation

/// Colour schemes of the maps, from ColorBrewer (Cynthia Brewer, Mark Harrower, The
/// Pennsylvania State University, colorbrewer2.org, Apache 2.0): both are marked colour-blind
/// safe there. Each class count has its own scheme, as ColorBrewer designs them, light to dark.
enum MapColors {
    /// YlGnBu (sequential, yellow–green–blue), 3 to 6 classes.
    static let yellowGreenBlue: [Int: [String]] = [
        3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
        4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
        5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
        6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
    ]

    /// BrBG (diverging, brown–white–blue-green), odd sizes 3 to 11: brown below zero, neutral in
    /// the middle, blue-green above.
    static let brownBlueGreen: [Int: [String]] = [
        3: ["#d8b365", "#f5f5f5", "#5ab4ac"],
        5: ["#a6611a", "#dfc27d", "#f5f5f5", "#80cdc1", "#018571"],
        7: ["#8c510a", "#d8b365", "#f6e8c3", "#f5f5f5", "#c7eae5", "#5ab4ac", "#01665e"],
        9: ["#8c510a", "#bf812d", "#dfc27d", "#f6e8c3", "#f5f5f5", "#c7eae5", "#80cdc1", "#35978f", "#01665e"],
        11: ["#543005", "#8c510a", "#bf812d", "#dfc27d", "#f6e8c3", "#f5f5f5", "#c7eae5", "#80cdc1", "#35978f",
             "#01665e", "#003c30"],
    ]

    /// Territories without a value (never a class colour).
    static let noValue = "#bdbdbd"
    /// Every territory of a locator map.
    static let locatorFill = "#d9d9d9"
    /// The highlighted territory of a locator map (Okabe–Ito blue, the kit's first series colour).
    static let accent = Palette.okabeIto.color(0)

    /// `count` sequential colours, light to dark.
    static func sequential(_ count: Int) -> [String] {
        switch count {
        case ..<1: []
        case 1: ["#7fcdbb"]
        case 2: ["#edf8b1", "#2c7fb8"]
        default: yellowGreenBlue[min(count, 6)]!
        }
    }

    /// Diverging colours for classes given by their value ranges, centred on zero: classes wholly
    /// below zero take the brown side, wholly above the blue-green side, each darker further from
    /// zero; a class that reaches zero takes the neutral middle. When all six classes fall on one
    /// side (more than the scheme's five steps), the one nearest zero takes the neutral colour.
    static func diverging(_ ranges: [(lower: Double, upper: Double)]) -> [String] {
        let negative = ranges.filter { $0.upper < 0 }.count
        let positive = ranges.filter { $0.lower > 0 }.count
        let side = max(negative, positive, 1)
        let scheme = brownBlueGreen[min(2 * side + 1, 11)]!
        let middle = scheme.count / 2
        let shift = side > 5 ? 1 : 0
        return ranges.enumerated().map { index, range in
            if range.upper < 0 { return scheme[middle - (negative - index) + shift] }
            if range.lower > 0 { return scheme[middle + (index - (ranges.count - positive)) + 1 - shift] }
            return scheme[middle]
        }
    }

    /// Whether lines drawn over `hex` should be white rather than dark (relative luminance).
    static func isDark(_ hex: String) -> Bool {
        let digits = Array(hex.dropFirst())
        guard digits.count == 6 else { return false }
        func channel(_ i: Int) -> Double {
            let value = Double(Int(String(digits[i..<i + 2]), radix: 16) ?? 0) / 255
            return value <= 0.04045 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
        return luminance < 0.2
    }
}
