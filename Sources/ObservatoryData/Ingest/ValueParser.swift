import ObservatoryCore

/// Turns a cell into a value and its status, as the dataset's spec says.
struct ValueParser: Sendable {
    let masked: Set<String>
    let missing: Set<String>

    init(_ values: IngestSpec.Values) {
        masked = Set(values.masked)
        missing = Set(values.missing)
    }

    enum Parsed {
        case value(Double)
        case masked
        case missing
        case invalid(String)
    }

    func parse(_ cell: Cell) -> Parsed {
        switch cell {
        case .number(let value): return value.isFinite ? .value(value) : .invalid(cell.stringValue)
        case .empty: return .missing
        case .error: return .missing
        case .bool, .date: return .invalid(cell.stringValue)
        case .text:
            let text = cell.trimmed
            if masked.contains(text) { return .masked }
            if text.isEmpty || missing.contains(text) { return .missing }
            return Self.number(text).map { .value($0) } ?? .invalid(text)
        }
    }

    /// `1 234,5`, `1234.5`, `-0,3`, `30.0` → a number; thousands separators may be spaces.
    static func number(_ text: String) -> Double? {
        if let value = Double(text), value.isFinite { return value }
        var cleaned = ""
        cleaned.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case " ", "\u{A0}", "\u{202F}": continue
            case ",": cleaned.append(".")
            default: cleaned.unicodeScalars.append(scalar)
            }
        }
        guard let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }
}

/// Codes as publishers write them, normalised: `1.0` → `1`, padded with zeros to a width.
public enum CodeNormalizer {
    /// Left-pads an all-digit code with zeros (`1001` → `01001`).
    public static func pad(_ code: String, to width: Int) -> String {
        code.count < width && !code.isEmpty && code.allSatisfy(\.isNumber)
            ? String(repeating: "0", count: width - code.count) + code : code
    }

    /// `1.0` → `1`, then padded to `pad` digits when given.
    public static func normalize(_ raw: String, pad: Int?) -> String {
        if pad == nil && !raw.hasSuffix(".0") { return raw }
        var code = raw
        if code.hasSuffix(".0"), code.dropLast(2).allSatisfy(\.isNumber), code.count > 2 { code.removeLast(2) }
        if let pad, code.count < pad, !code.isEmpty, code.allSatisfy({ $0.isASCII && $0.isNumber }) {
            code = String(repeating: "0", count: pad - code.count) + code
        }
        return code
    }
}

extension Period {
    /// A period from a publisher's label: `2023`, `2023-T3`, `cumul 2022-2023` (its last year),
    /// `2019.0` (a year stored as a number).
    static func loose(_ text: String) -> Period? {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(".0") { trimmed.removeLast(2) }
        if let period = Period(parsing: trimmed) { return period }
        let years = trimmed.split(whereSeparator: { !$0.isNumber }).filter { $0.count == 4 }
        return years.last.flatMap { Int(String($0)) }.map { Period.year($0) }
    }
}
