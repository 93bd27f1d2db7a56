/// Number parsing straight from bytes, for XLSX `<v>` values.
enum NumberParsing {
    /// A non-negative or negative decimal integer of at most 18 digits; `nil` otherwise.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 19 else { return nil }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        guard i < bytes.count else { return nil }
        var value = 0
        while i < bytes.count {
            let digit = Int(bytes[i]) - 48
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
            i += 1
        }
        return negative ? -value : value
    }

    /// 10^0 … 10^22, all exact in a Double.
    private static let powersOfTen: [Double] = (0...22).map { n in
        var result = 1.0
        for _ in 0..<n { result *= 10 }
        return result
    }

    /// A decimal number as XLSX writes it (`2023`, `-6.7`, `1.5E-3`). Simple forms with at most
    /// 15 significant digits are computed exactly (Clinger's fast path: both operands are exact
    /// doubles, so one division rounds correctly); anything else goes through `Double(_:)`.
    static func double(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !bytes.isEmpty else { return nil }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        var sawDigit = false
        var simple = i < bytes.count
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else if b >= 48 && b <= 57 {
                sawDigit = true
                if mantissa == 0 && b == 48 && !seenPoint {
                    // leading zero: not significant
                } else {
                    mantissa = mantissa &* 10 &+ UInt64(b - 48)
                    digits += 1
                }
                if seenPoint { fractionDigits += 1 }
            } else {
                simple = false
                break
            }
            i += 1
        }
        if simple && !sawDigit { return nil }
        if simple && digits <= 15 && fractionDigits <= 22 {
            var value = Double(mantissa)
            if fractionDigits > 0 { value /= powersOfTen[fractionDigits] }
            return negative ? -value : value
        }
        return Double(String(decoding: bytes, as: UTF8.self))
    }
}
