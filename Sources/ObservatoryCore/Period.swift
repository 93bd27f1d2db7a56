import Foundation

/// A period of observation: a year (`2023`), a quarter (`2023-T3`) or a month (`2023-09`).
public struct Period: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable { case year, quarter, month }

    public let kind: Kind
    public let year: Int
    /// Quarter 1–4 or month 1–12; 0 for a year.
    public let index: Int

    public static func year(_ year: Int) -> Period { Period(kind: .year, year: year, index: 0) }
    public static func quarter(_ year: Int, _ quarter: Int) -> Period { Period(kind: .quarter, year: year, index: quarter) }
    public static func month(_ year: Int, _ month: Int) -> Period { Period(kind: .month, year: year, index: month) }

    private init(kind: Kind, year: Int, index: Int) {
        self.kind = kind
        self.year = year
        self.index = index
    }

    /// Parses `2023`, `2023-T3`, `2023T3`, `T3 2023`, `2023-Q3` and `2023-09`; `nil` otherwise.
    public init?(parsing raw: String) {
        let text = raw.trimmingCharacters(in: .whitespaces).uppercased()
        let digits = text.filter(\.isNumber)
        if text.count == 4, let year = Int(text) {
            self = .year(year)
            return
        }
        if text.contains("T") || text.contains("Q") {
            guard digits.count == 5 else { return nil }
            // The year is the 4-digit run; the quarter is the digit after T/Q.
            let parts = text.split(whereSeparator: { !$0.isNumber }).map(String.init)
            guard let yearPart = parts.first(where: { $0.count == 4 }), let year = Int(yearPart),
                  let quarterPart = parts.first(where: { $0.count == 1 }), let quarter = Int(quarterPart),
                  (1...4).contains(quarter) else { return nil }
            self = .quarter(year, quarter)
            return
        }
        let parts = text.split(separator: "-")
        if parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
           (1...12).contains(month) {
            self = .month(year, month)
            return
        }
        return nil
    }

    /// The canonical text: `2023`, `2023-T3`, `2023-09`.
    public var description: String {
        switch kind {
        case .year: String(year)
        case .quarter: "\(year)-T\(index)"
        case .month: "\(year)-" + (index < 10 ? "0\(index)" : "\(index)")
        }
    }

    /// The French label: `2023`, `T3 2023`, `septembre 2023`.
    public var frenchLabel: String {
        switch kind {
        case .year: String(year)
        case .quarter: "T\(index) \(year)"
        case .month: "\(Self.months[index - 1]) \(year)"
        }
    }

    private static let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                                 "août", "septembre", "octobre", "novembre", "décembre"]

    /// A sequential number, so that `ordinal` differences count periods of the same kind.
    public var ordinal: Int {
        switch kind {
        case .year: year
        case .quarter: year * 4 + index - 1
        case .month: year * 12 + index - 1
        }
    }

    /// The period `n` steps later (earlier when negative), of the same kind.
    public func advanced(by n: Int) -> Period {
        switch kind {
        case .year: return .year(year + n)
        case .quarter:
            let o = ordinal + n
            return .quarter(o / 4, o % 4 + 1)
        case .month:
            let o = ordinal + n
            return .month(o / 12, o % 12 + 1)
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        if lhs.kind != rhs.kind { return lhs.kind.rawValue < rhs.kind.rawValue }
        return lhs.ordinal < rhs.ordinal
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = Period(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "not a period: '\(text)'"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
