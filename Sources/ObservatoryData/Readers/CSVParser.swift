/// The byte-level CSV state machine behind ``CSVReader``: finds records and field spans in a
/// buffer, unescapes quoted fields in place and checks their encoding; fields are decoded only
/// when read (``CSVRecord``). Records are parsed only when complete in the buffer; otherwise
/// the caller reads more and the record is scanned again from its start.
/// A struct, not a class, so that property access in the hot loop is checked statically;
/// the owner calls ``release()`` when done.
struct CSVParser {
    enum LineEndMode { case plain, nelUTF8, nelByte }

    private enum Terminator { case delimiter, lineEnd(Int), endOfData, needMore, other }

    let file: String
    let delimiter: UInt8
    let lineEndMode: LineEndMode
    private(set) var encoding: TextEncoding
    let declared: Bool
    /// Set when UTF-8 was guessed from an all-ASCII sample: the first invalid field switches
    /// the file to windows-1252 (every earlier field was ASCII, so nothing decoded differs).
    private var tentative: Bool
    /// Physical line on which the next record starts.
    private(set) var line = 1
    /// Whether the last record scanned ended with the data rather than a line end.
    private var endedWithData = false

    private static let quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
    private let special: UnsafeMutablePointer<Bool>
    private let quotedSpecial: UnsafeMutablePointer<Bool>
    private var starts = RawBuffer<Int>(), ends = RawBuffer<Int>(), kinds = RawBuffer<UInt8>()
    private var scratch: [UInt8] = []

    init(file: String, delimiter: UInt8, encoding: TextEncoding, declared: Bool, tentative: Bool) {
        self.file = file
        self.delimiter = delimiter
        self.encoding = encoding
        self.declared = declared
        self.tentative = tentative
        switch encoding {
        case .utf8: lineEndMode = .nelUTF8
        case .isoLatin1: lineEndMode = .nelByte
        case .windows1252: lineEndMode = .plain
        }
        special = .allocate(capacity: 256)
        special.initialize(repeating: false, count: 256)
        quotedSpecial = .allocate(capacity: 256)
        quotedSpecial.initialize(repeating: false, count: 256)
        let nelLead: UInt8? = lineEndMode == .nelUTF8 ? 0xC2 : lineEndMode == .nelByte ? 0x85 : nil
        for byte in [delimiter, Self.lf, Self.cr] + (nelLead.map { [$0] } ?? []) { special[Int(byte)] = true }
        for byte in [Self.quote, Self.lf, Self.cr] + (nelLead.map { [$0] } ?? []) { quotedSpecial[Int(byte)] = true }
    }

    func release() {
        special.deallocate()
        quotedSpecial.deallocate()
        starts.deallocate()
        ends.deallocate()
        kinds.deallocate()
    }

    /// Finds every complete record in `p[position...]`, unescapes its quoted fields in place,
    /// checks that every field is text in the file's encoding, and appends the non-empty records
    /// to `records`. On an error, the records before the faulty one are in `records`.
    /// - Returns: the position of the first unparsed byte (the start of an incomplete record).
    mutating func tokenize(_ p: UnsafeMutableBufferPointer<UInt8>, from position: Int, eof: Bool,
                           into records: inout CSVRecordSpans) throws -> Int {
        guard let base = p.baseAddress else { return position }
        var pos = position
        let count = p.count
        while pos < count {
            guard let (end, innerLines) = try scanRecord(UnsafePointer(base), start: pos, count: count, eof: eof) else { break }
            let recordLine = line
            if !isBlankRecord() {
                try check(base, recordStart: pos, recordEnd: end, recordLine: recordLine)
                for k in 0..<starts.count {
                    var end = ends[k]
                    if kinds[k] == 2 { end = starts[k] + unescape(base + starts[k], count: end - starts[k]) }
                    records.fieldStarts.append(Int32(truncatingIfNeeded: starts[k]))
                    records.fieldEnds.append(Int32(truncatingIfNeeded: end))
                }
                records.recordStarts.append(Int32(truncatingIfNeeded: records.fieldStarts.count))
                records.lines.append(recordLine)
                records.lastEndsWithoutLineEnd = endedWithData
            }
            line += innerLines + 1
            pos = end
        }
        return pos
    }

    @inline(__always)
    private func terminator(_ base: UnsafePointer<UInt8>, _ k: Int, _ count: Int, _ eof: Bool) -> Terminator {
        if k >= count { return eof ? .endOfData : .needMore }
        let b = base[k]
        if b == delimiter { return .delimiter }
        if b == Self.lf { return .lineEnd(1) }
        if b == Self.cr {
            if k + 1 < count { return .lineEnd(base[k + 1] == Self.lf ? 2 : 1) }
            return eof ? .lineEnd(1) : .needMore
        }
        switch lineEndMode {
        case .nelByte where b == 0x85: return .lineEnd(1)
        case .nelUTF8 where b == 0xC2:
            if k + 1 < count { return base[k + 1] == 0x85 ? .lineEnd(2) : .other }
            return eof ? .other : .needMore
        default: return .other
        }
    }

    /// Finds the fields of the record at `start`; `nil` when it is not complete in the buffer.
    private mutating func scanRecord(_ base: UnsafePointer<UInt8>, start: Int, count: Int,
                            eof: Bool) throws -> (end: Int, innerLines: Int)? {
        starts.removeAll()
        ends.removeAll()
        kinds.removeAll()
        endedWithData = false
        var lines = 0
        var i = start
        while true {
            var kind: UInt8 = 0
            var fieldStart = i, fieldEnd = i
            var k = i
            if k < count && base[k] == Self.quote {
                let openedOnLine = line + lines
                k += 1
                var escaped = false
                while true {
                    while k < count && !quotedSpecial[Int(base[k])] { k += 1 }
                    if k >= count {
                        if eof { throw CSVError.unterminatedQuote(file: file, line: openedOnLine) }
                        return nil
                    }
                    let b = base[k]
                    if b == Self.quote {
                        if k + 1 >= count && !eof { return nil }
                        if k + 1 < count && base[k + 1] == Self.quote { escaped = true; k += 2; continue }
                        break
                    }
                    switch terminator(base, k, count, eof) {
                    case .lineEnd(let n): lines += 1; k += n
                    case .needMore: return nil
                    default: k += 1
                    }
                }
                // k is on the closing quote
                fieldStart = escaped ? i : i + 1
                fieldEnd = k
                kind = escaped ? 2 : 1
                k += 1
            }
            // Unquoted content, or text after a closing quote (kept, like spreadsheet programs do).
            var result: Terminator
            while true {
                while k < count && !special[Int(base[k])] { k += 1 }
                result = terminator(base, k, count, eof)
                if case .other = result { k += 1; continue }
                break
            }
            if kind == 0 {
                fieldEnd = k
            } else if k > fieldEnd + 1 {
                kind = 2
                fieldStart = i
                fieldEnd = k
            } else if kind == 2 {
                fieldEnd = k
            }
            switch result {
            case .needMore:
                return nil
            case .delimiter:
                append(fieldStart, fieldEnd, kind)
                i = k + 1
            case .lineEnd(let n):
                append(fieldStart, fieldEnd, kind)
                return (k + n, lines)
            case .endOfData:
                append(fieldStart, fieldEnd, kind)
                endedWithData = true
                return (k, lines)
            case .other:
                preconditionFailure("unreachable")
            }
        }
    }

    @inline(__always)
    private mutating func append(_ start: Int, _ end: Int, _ kind: UInt8) {
        starts.append(start)
        ends.append(end)
        kinds.append(kind)
    }

    private func isBlankRecord() -> Bool {
        for k in 0..<starts.count where ends[k] > starts[k] && !(kinds[k] == 2 && ends[k] - starts[k] == 2) {
            return false
        }
        return true
    }

    /// Checks that each field of the record just scanned is text in the file's encoding (UTF-8
    /// guessed from an all-ASCII start switches to windows-1252 at the first field that is not).
    private mutating func check(_ base: UnsafeMutablePointer<UInt8>, recordStart: Int, recordEnd: Int,
                                recordLine: Int) throws {
        guard encoding == .utf8, Self.containsNonASCII(base + recordStart, count: recordEnd - recordStart) else { return }
        let mode = lineEndMode
        for k in 0..<starts.count {
            let start = starts[k], end = ends[k]
            guard end > start, Self.containsNonASCII(base + start, count: end - start) else { continue }
            let invalid: Int?
            if kinds[k] == 2 {
                unescape(UnsafeBufferPointer(start: base + start, count: end - start))
                invalid = scratch.withUnsafeBufferPointer { TextEncoding.firstInvalidUTF8($0) }
            } else {
                invalid = TextEncoding.firstInvalidUTF8(UnsafeBufferPointer(start: base + start, count: end - start))
            }
            guard let offset = invalid else {
                tentative = false
                continue
            }
            if tentative {
                tentative = false
                encoding = .windows1252
                return
            }
            let prefix = Self.countLineEnds(UnsafeBufferPointer(start: base + recordStart, count: start - recordStart), mode)
            if kinds[k] == 2 {
                let byte = scratch[offset]
                let inner = scratch.withUnsafeBufferPointer { Self.countLineEnds(UnsafeBufferPointer(rebasing: $0[0..<offset]), mode) }
                throw CSVError.invalidByte(file: file, line: recordLine + prefix + inner, byte: byte,
                                           encoding: .utf8, declared: declared)
            }
            let lines = Self.countLineEnds(UnsafeBufferPointer(start: base + recordStart, count: start - recordStart + offset), mode)
            throw CSVError.invalidByte(file: file, line: recordLine + lines, byte: base[start + offset],
                                       encoding: .utf8, declared: declared)
        }
    }

    private static func containsNonASCII(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        var i = 0
        let raw = UnsafeRawPointer(bytes)
        while i + 8 <= count {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return true }
            i += 8
        }
        while i < count {
            if bytes[i] >= 0x80 { return true }
            i += 1
        }
        return false
    }

    /// Copies a quoted field without its quotes into `scratch`, `""` becoming `"`, text after
    /// the closing quote kept as is.
    private mutating func unescape(_ raw: UnsafeBufferPointer<UInt8>) {
        scratch.removeAll(keepingCapacity: true)
        var inQuotes = false
        var j = 0
        if raw.first == Self.quote { inQuotes = true; j = 1 }
        while j < raw.count {
            let b = raw[j]
            if inQuotes && b == Self.quote {
                if j + 1 < raw.count && raw[j + 1] == Self.quote { scratch.append(b); j += 2; continue }
                inQuotes = false
                j += 1
                continue
            }
            scratch.append(b)
            j += 1
        }
    }

    /// The same, in place: the result is never longer than the field. Returns its length.
    private func unescape(_ field: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        var inQuotes = false
        var j = 0, o = 0
        if count > 0 && field[0] == Self.quote { inQuotes = true; j = 1 }
        while j < count {
            let b = field[j]
            if inQuotes && b == Self.quote {
                if j + 1 < count && field[j + 1] == Self.quote { field[o] = b; o += 1; j += 2; continue }
                inQuotes = false
                j += 1
                continue
            }
            field[o] = b
            o += 1
            j += 1
        }
        return o
    }

    /// The text of a checked field (see ``tokenize(_:from:eof:into:)``) in `encoding`.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ encoding: TextEncoding) -> String {
        switch encoding {
        case .utf8: String(decoding: bytes, as: UTF8.self)
        case .windows1252: TextEncoding.decodeSingleByte(bytes, windows1252: true)
        case .isoLatin1: TextEncoding.decodeSingleByte(bytes, windows1252: false)
        }
    }

    /// Line ends in some bytes (CRLF counted once), for error positions.
    private static func countLineEnds(_ bytes: UnsafeBufferPointer<UInt8>, _ lineEndMode: LineEndMode) -> Int {
        var n = 0
        var j = 0
        while j < bytes.count {
            let b = bytes[j]
            if b == Self.lf { n += 1 }
            else if b == Self.cr { n += 1; if j + 1 < bytes.count && bytes[j + 1] == Self.lf { j += 1 } }
            else if b == 0x85 && lineEndMode == .nelByte { n += 1 }
            else if b == 0xC2 && lineEndMode == .nelUTF8 && j + 1 < bytes.count && bytes[j + 1] == 0x85 { n += 1; j += 1 }
            j += 1
        }
        return n
    }
}
