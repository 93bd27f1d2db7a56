/// A character encoding of a text file.
///
/// Only the encodings French public data actually uses. `windows-1252` and ISO-8859-1
/// differ in 0x80–0x9F: 1252 has `€ ’ œ … –` there (DARES's "Latin-1" files are really
/// 1252: `fap225_rome.csv` has `œ` as 0x9C and `…` as 0x85), ISO-8859-1 has C1 controls,
/// among them NEL (0x85), which the CSV reader then takes as a line end.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case utf8 = "utf-8"
    case isoLatin1 = "iso-8859-1"
    case windows1252 = "windows-1252"

    /// Parses a configuration label: `utf-8`, `utf8`, `latin-1`, `latin1`, `iso-8859-1`,
    /// `cp1252`, `windows-1252` (case-insensitive); `nil` otherwise.
    public init?(label: String) {
        switch label.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1": self = .isoLatin1
        case "windows-1252", "cp1252", "win-1252", "cp-1252": self = .windows1252
        default: return nil
        }
    }

    public var description: String { rawValue }

    /// Unicode scalars of bytes 0x80–0x9F in windows-1252. The five bytes 1252 leaves
    /// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 control of the same value, as
    /// in Latin-1 (and as the WHATWG decoder does), so decoding 1252 never fails.
    static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// Decodes bytes of a single-byte encoding (never fails).
    static func decodeSingleByte(_ bytes: UnsafeBufferPointer<UInt8>, windows1252: Bool) -> String {
        var nonASCII = 0
        for byte in bytes where byte >= 0x80 { nonASCII += 1 }
        if nonASCII == 0 { return String(decoding: bytes, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: bytes.count + nonASCII * 2) { out in
            var o = 0
            for byte in bytes {
                var scalar = UInt32(byte)
                if byte < 0x80 {
                    out[o] = byte
                    o += 1
                    continue
                }
                if windows1252 && byte < 0xA0 { scalar = windows1252High[Int(byte) - 0x80] }
                if scalar < 0x800 {
                    out[o] = UInt8(0xC0 | (scalar >> 6))
                    out[o + 1] = UInt8(0x80 | (scalar & 0x3F))
                    o += 2
                } else {
                    out[o] = UInt8(0xE0 | (scalar >> 12))
                    out[o + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                    out[o + 2] = UInt8(0x80 | (scalar & 0x3F))
                    o += 3
                }
            }
            return o
        }
    }

    /// The offset of the first byte that is not part of valid UTF-8, or `nil` when all are
    /// valid. When `allowTruncatedEnd` is set, an incomplete sequence at the very end is
    /// accepted (it may continue in the next chunk).
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>, allowTruncatedEnd: Bool = false) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let length: Int
            var minSecond: UInt8 = 0x80, maxSecond: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; minSecond = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; maxSecond = 0x9F
            case 0xF0: length = 4; minSecond = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; maxSecond = 0x8F
            default: return i
            }
            for k in 1..<length {
                if i + k >= n { return allowTruncatedEnd ? nil : i }
                let b = bytes[i + k]
                let low: UInt8 = k == 1 ? minSecond : 0x80
                let high: UInt8 = k == 1 ? maxSecond : 0xBF
                if b < low || b > high { return i }
            }
            i += length
        }
        return nil
    }

    /// Guesses the encoding of a file's first bytes: valid UTF-8 (or pure ASCII) → UTF-8;
    /// otherwise windows-1252, unless the sample has 0x85 bytes and no CR or LF at all
    /// (a Latin-1 file whose lines end with NEL).
    static func detect(_ sample: UnsafeBufferPointer<UInt8>, isWholeFile: Bool) -> TextEncoding {
        if firstInvalidUTF8(sample, allowTruncatedEnd: !isWholeFile) == nil { return .utf8 }
        var hasNEL = false
        for byte in sample {
            if byte == 0x0A || byte == 0x0D { return .windows1252 }
            if byte == 0x85 { hasNEL = true }
        }
        return hasNEL ? .isoLatin1 : .windows1252
    }
}
