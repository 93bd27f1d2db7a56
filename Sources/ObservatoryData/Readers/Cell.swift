import Foundation

/// One cell of a table row, as the file stores it: the readers never guess numbers out of text.
///
/// CSV fields are always `.text` (or `.empty`); XLSX cells keep their stored type, so BMO's
/// numbers-stored-as-text stay `.text("231")` and the dataset layer decides how to parse them.
public enum Cell: Sendable, Hashable {
    /// Text, exactly as stored (not trimmed). Never empty: an empty string is `.empty`.
    case text(String)
    /// A number stored as a number.
    case number(Double)
    /// A boolean (`t="b"` in XLSX).
    case bool(Bool)
    /// A number whose cell style is a date format: the Excel serial day number
    /// (see ``ExcelDate``), kept as stored so nothing is lost to time zones.
    case date(serial: Double)
    /// A spreadsheet error value such as `#REF!` or `#N/A`.
    case error(String)
    /// No value: an absent cell, an empty field or an empty string.
    case empty

    /// Makes a text cell, or `.empty` for an empty string.
    @inlinable
    public static func textOrEmpty(_ string: String) -> Cell {
        string.isEmpty ? .empty : .text(string)
    }

    /// Whether the cell holds nothing.
    @inlinable
    public var isEmpty: Bool {
        if case .empty = self { return true }
        return false
    }

    /// The value as text: text as stored, integral numbers without a decimal part
    /// (`2401`, not `2401.0`), other numbers in Swift's shortest round-trip form (`10.5`),
    /// booleans as `TRUE`/`FALSE`, dates as their serial number, errors as their code,
    /// and `""` for an empty cell.
    public var stringValue: String {
        switch self {
        case .text(let text): text
        case .number(let value), .date(let value): Cell.format(value)
        case .bool(let value): value ? "TRUE" : "FALSE"
        case .error(let code): code
        case .empty: ""
        }
    }

    /// ``stringValue`` without leading and trailing white space (including no-break spaces
    /// and line ends), as column names and codes are compared.
    public var trimmed: String {
        switch self {
        case .text(let text): Cell.trim(text)
        case .empty: ""
        default: stringValue
        }
    }

    /// The number of a `.number` or `.date` cell; `nil` for any other cell (text is not parsed).
    public var numberValue: Double? {
        switch self {
        case .number(let value), .date(let value): value
        default: nil
        }
    }

    /// The text of a `.text` cell; `nil` for any other cell.
    public var textValue: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    static func format(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 {
            return String(Int64(value))
        }
        return value.description
    }

    /// Trims white space and line ends; fast path when there is nothing to trim.
    static func trim(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else {
            return text
        }
        if !isSpace(first) && !isSpace(last) { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }
}

extension Cell: CustomStringConvertible {
    public var description: String {
        switch self {
        case .text(let text): "\"\(text)\""
        case .number(let value): Cell.format(value)
        case .bool(let value): value ? "TRUE" : "FALSE"
        case .date(let serial): "date(\(Cell.format(serial)))"
        case .error(let code): code
        case .empty: "empty"
        }
    }
}
