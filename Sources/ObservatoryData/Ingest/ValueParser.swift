import Foundation
import ObservatoryCore

/// Turns a cell into a value and its status, as the dataset's spec says.
struct ValueParser: Sendable {
    let masked: Set<String>
    let missing: Set<String>
    /// The tokens in Unicode NFC, as bytes: equal bytes are equal strings, and an ASCII field
    /// (NFC already) that differs from all of them is no token.
    private let maskedBytes: [[UInt8]]
    private let missingBytes: [[UInt8]]

    init(_ values: IngestSpec.Values) {
        masked = Set(values.masked)
        missing = Set(values.missing)
        maskedBytes = values.masked.map { Array($0.precomposedStringWithCanonicalMapping.utf8) }
        missingBytes = values.missing.map { Array($0.precomposedStringWithCanonicalMapping.utf8) }
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

    /// The result of ``parse(_:)`` for a text cell of these UTF-8 bytes, when it can be told
    /// without decoding them: a token, or a plain decimal (`-12`, `30.5`) of at most 15
    /// significant digits, computed exactly as `Double(String)` rounds it. `nil`: decode and
    /// call ``parse(_:)``.
    @inline(__always)
    func parse(bytes: UnsafeBufferPointer<UInt8>) -> Parsed? {
        guard let first = bytes.first, let last = bytes.last,
              first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F else { return nil } // may need trimming
        if !maskedBytes.isEmpty || !missingBytes.isEmpty {
            for token in maskedBytes where Self.equal(bytes, token) { return .masked }
            for token in missingBytes where Self.equal(bytes, token) { return .missing }
        }
        // A plain decimal is ASCII, hence NFC: it equals no token it differs from byte for byte.
        return Self.plainDecimal(bytes).map { .value($0) }
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ token: [UInt8]) -> Bool {
        bytes.count == token.count && token.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, token.count) == 0 }
    }

    /// 10^0 … 10^22, all exact in a Double.
    private static let powersOfTen: [Double] = (0...22).map { n in
        var result = 1.0
        for _ in 0..<n { result *= 10 }
        return result
    }

    /// `-?[0-9]+(\.[0-9]+)?` with at most 15 significant digits: the mantissa and the power of ten
    /// are exact doubles, so one division rounds correctly (Clinger's fast path), as `Double(String)` does.
    static func plainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = bytes.count
        var i = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0, integerDigits = 0, fractionDigits = 0
        while i < n, bytes[i] &- 48 < 10 {
            if mantissa != 0 || bytes[i] != 48 { digits += 1 }
            mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
            integerDigits += 1
            i += 1
        }
        guard integerDigits > 0 else { return nil }
        if i < n {
            guard bytes[i] == UInt8(ascii: "."), i + 1 < n else { return nil }
            i += 1
            while i < n, bytes[i] &- 48 < 10 {
                if mantissa != 0 || bytes[i] != 48 { digits += 1 }
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                fractionDigits += 1
                i += 1
            }
            guard i == n, fractionDigits > 0 else { return nil }
        }
        guard digits <= 15, fractionDigits <= 22 else { return nil }
        var value = Double(mantissa)
        if fractionDigits > 0 { value /= powersOfTen[fractionDigits] }
        return negative ? -value : value
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
