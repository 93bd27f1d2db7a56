/// Character data of machine-written XML: entity decoding and UTF-8 checking on bytes.
enum XMLText {
    struct Failure: Error { let message: String }

    /// Appends the bytes of `range`, with `&amp; &lt; &gt; &quot; &apos; &#233; &#x2019;`
    /// decoded, to `output`.
    static func append(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, to output: inout [UInt8]) throws(Failure) {
        var i = range.lowerBound
        let end = range.upperBound
        var runStart = i
        while i < end {
            if base[i] != UInt8(ascii: "&") { i += 1; continue }
            output.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart))
            var j = i + 1
            while j < end && base[j] != UInt8(ascii: ";") && j - i < 12 { j += 1 }
            guard j < end, base[j] == UInt8(ascii: ";") else {
                throw Failure(message: "unterminated character reference")
            }
            try appendEntity(UnsafeBufferPointer(start: base + i + 1, count: j - i - 1), to: &output)
            i = j + 1
            runStart = i
        }
        output.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: end - runStart))
    }

    /// The decoded text of `range`.
    static func string(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) throws(Failure) -> String {
        var hasSpecial = false
        for i in range where base[i] == UInt8(ascii: "&") || base[i] >= 0x80 {
            hasSpecial = true
            break
        }
        if !hasSpecial { return String(decoding: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count), as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count)
        try append(base, range, to: &bytes)
        return try string(bytes)
    }

    /// Checks that `bytes` are UTF-8 and makes a String.
    static func string(_ bytes: [UInt8]) throws(Failure) -> String {
        try bytes.withUnsafeBufferPointer { (buffer) throws(Failure) -> String in
            var ascii = true
            for byte in buffer where byte >= 0x80 { ascii = false; break }
            if !ascii, let offset = TextEncoding.firstInvalidUTF8(buffer) {
                throw Failure(message: "invalid UTF-8 byte \(hex(buffer[offset]))")
            }
            return String(decoding: buffer, as: UTF8.self)
        }
    }

    private static func appendEntity(_ name: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) throws(Failure) {
        let text = String(decoding: name, as: UTF8.self)
        switch text {
        case "amp": output.append(UInt8(ascii: "&"))
        case "lt": output.append(UInt8(ascii: "<"))
        case "gt": output.append(UInt8(ascii: ">"))
        case "quot": output.append(UInt8(ascii: "\""))
        case "apos": output.append(UInt8(ascii: "'"))
        default:
            var value: UInt32?
            if text.hasPrefix("#x") || text.hasPrefix("#X") {
                value = UInt32(text.dropFirst(2), radix: 16)
            } else if text.hasPrefix("#") {
                value = UInt32(text.dropFirst(), radix: 10)
            }
            guard let value, let scalar = Unicode.Scalar(value), value != 0 else {
                throw Failure(message: "unknown entity &\(text);")
            }
            output.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
    }
}
