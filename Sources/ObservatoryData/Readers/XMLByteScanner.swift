#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal pull tokenizer for machine-written XML (OOXML parts), working on raw bytes.
///
/// It reports start, empty and end tags with the *local* name (a `x:` prefix is dropped),
/// text and CDATA runs; it skips comments, processing instructions and the XML declaration,
/// and refuses DTDs (OOXML forbids them, and refusing them rules out entity expansion).
/// A token cut by the end of the buffer yields `.needMore` unless the buffer is final.
struct XMLByteScanner {
    enum Kind { case start, empty, end, text, cdata }

    struct Token {
        var kind: Kind
        /// Local name (start, empty, end) or content (text, cdata), as offsets in the buffer.
        var range: Range<Int>
        /// Raw attribute text of a start or empty tag.
        var attributes: Range<Int>
    }

    enum Step { case token(Token), needMore, end }

    struct Failure: Error { let message: String }

    /// Offset of the next unread byte.
    var position = 0
    /// How far an unfinished token starting at ``position`` was scanned (from its start), and
    /// the quote it was inside: the next call goes on from there instead of scanning the token
    /// again from its start, so a long token fed in small chunks costs its length, not its square.
    private var resume: (offset: Int, quote: UInt8)?
    /// ``byteClasses``, copied once so the hot loop does not check the lazy global each time.
    private let classes = XMLByteScanner.byteClasses

    /// 1 for the bytes that matter inside a tag (`>`, `"`, `'`), 0 for the others. Written
    /// once, read-only afterwards.
    nonisolated(unsafe) private static let byteClasses: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        table.initialize(repeating: 0, count: 256)
        for byte in [UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'")] { table[Int(byte)] = 1 }
        return UnsafePointer(table)
    }()

    private static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), slash = UInt8(ascii: "/")
    private static let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'")

    mutating func next(_ base: UnsafePointer<UInt8>, count: Int, final: Bool) throws(Failure) -> Step {
        while true {
            if let step = try scan(base, count: count, final: final) { return step }
        }
    }

    /// One step; `nil` after skipping a comment or processing instruction.
    private mutating func scan(_ base: UnsafePointer<UInt8>, count: Int, final: Bool) throws(Failure) -> Step? {
        let start = position
        let progress = resume
        resume = nil
        guard start < count else { return final ? .end : .needMore }
        if base[start] != Self.lt {
            let i = Self.find(Self.lt, base, from: start + 1, to: count) ?? count
            if i == count && !final {
                // A text run cut by the end of the buffer is handed over in pieces (never an
                // entity cut in two), so a long run is scanned once and never held whole.
                let cut = Self.textCut(base, from: start, to: count)
                guard cut > start else { return .needMore }
                position = cut
                return .token(Token(kind: .text, range: start..<cut, attributes: 0..<0))
            }
            position = i
            return .token(Token(kind: .text, range: start..<i, attributes: 0..<0))
        }
        guard start + 1 < count else { return try incomplete(final) }
        let second = base[start + 1]
        if second == UInt8(ascii: "?") {
            guard let end = find("?>", base, from: max(start + 2, start + (progress?.offset ?? 0)), count: count) else {
                return try incomplete(final, scanned: count - start - 1)
            }
            position = end + 2
            return nil
        }
        if second == UInt8(ascii: "!") {
            if matches("<!--", base, at: start, count: count) {
                guard let end = find("-->", base, from: max(start + 4, start + (progress?.offset ?? 0)), count: count) else {
                    return try incomplete(final, scanned: count - start - 2)
                }
                position = end + 3
                return nil
            }
            if matches("<![CDATA[", base, at: start, count: count) {
                guard let end = find("]]>", base, from: max(start + 9, start + (progress?.offset ?? 0)), count: count) else {
                    return try incomplete(final, scanned: count - start - 2)
                }
                position = end + 3
                return .token(Token(kind: .cdata, range: (start + 9)..<end, attributes: 0..<0))
            }
            if count - start < 9 && !final { return .needMore }
            throw Failure(message: "DTD or declaration not allowed here")
        }
        // A tag: find its '>' outside quoted attribute values; one table look-up per byte.
        var i = start + max(1, progress?.offset ?? 1)
        var quote = progress?.quote ?? 0
        while true {
            if quote != 0 {
                while i < count && base[i] != quote { i += 1 }
                guard i < count else { return try incomplete(final, scanned: i - start, quote: quote) }
                i += 1
                quote = 0
            }
            while i < count && classes[Int(base[i])] == 0 { i += 1 }
            guard i < count else { return try incomplete(final, scanned: i - start) }
            let b = base[i]
            if b == Self.gt { break }
            i += 1
            quote = b
        }
        position = i + 1
        if second == Self.slash {
            let name = localName(base, from: start + 2, to: i)
            return .token(Token(kind: .end, range: name.name, attributes: 0..<0))
        }
        let isEmpty = base[i - 1] == Self.slash
        let contentEnd = isEmpty ? i - 1 : i
        let name = localName(base, from: start + 1, to: contentEnd)
        return .token(Token(kind: isEmpty ? .empty : .start, range: name.name, attributes: name.end..<contentEnd))
    }

    /// The offset of the first `byte` in `base[from..<to]`.
    @inline(__always)
    static func find(_ byte: UInt8, _ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
    }

    /// Where a text run known up to `to` can be cut: before a trailing `&` whose `;` has not come
    /// yet (a reference is at most a dozen bytes).
    static func textCut(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var i = to
        while i > from && to - i < 16 {
            i -= 1
            if base[i] == UInt8(ascii: ";") { return to }
            if base[i] == UInt8(ascii: "&") { return i }
        }
        return to
    }

    private func incomplete(_ final: Bool) throws(Failure) -> Step {
        if final { throw Failure(message: "document ends inside a tag") }
        return .needMore
    }

    /// ``incomplete(_:)``, noting how far the token was scanned (`scanned` bytes from its start,
    /// inside `quote` if not 0) for the next call.
    private mutating func incomplete(_ final: Bool, scanned: Int, quote: UInt8 = 0) throws(Failure) -> Step {
        let step = try incomplete(final)
        resume = (max(0, scanned), quote)
        return step
    }

    /// The local name of a tag starting at `from`, and where the name ends.
    private func localName(_ base: UnsafePointer<UInt8>, from: Int, to limit: Int) -> (name: Range<Int>, end: Int) {
        var i = from
        var nameStart = from
        while i < limit {
            let b = base[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == Self.slash { break }
            if b == UInt8(ascii: ":") { nameStart = i + 1 }
            i += 1
        }
        return (nameStart..<i, i)
    }

    private func matches(_ literal: StaticString, _ base: UnsafePointer<UInt8>, at i: Int, count: Int) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard i + n <= count else { return false }
        let p = literal.utf8Start
        for k in 0..<n where base[i + k] != p[k] { return false }
        return true
    }

    private func find(_ literal: StaticString, _ base: UnsafePointer<UInt8>, from: Int, count: Int) -> Int? {
        let first = literal.utf8Start[0]
        var i = from
        while let hit = Self.find(first, base, from: i, to: count) {
            if matches(literal, base, at: hit, count: count) { return hit }
            i = hit + 1
        }
        return nil
    }

    // MARK: - Helpers on token bytes

    /// Whether the bytes in `range` spell `name`.
    static func equals(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, _ name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount else { return false }
        let p = name.utf8Start
        var k = 0
        for i in range {
            if base[i] != p[k] { return false }
            k += 1
        }
        return true
    }

    /// Calls `body` with the local name and raw value range of each attribute.
    static func forEachAttribute(_ base: UnsafePointer<UInt8>, _ range: Range<Int>,
                                 _ body: (_ name: Range<Int>, _ value: Range<Int>) throws -> Void) rethrows {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            while i < end && (base[i] == 0x20 || base[i] == 0x09 || base[i] == 0x0A || base[i] == 0x0D) { i += 1 }
            guard i < end else { return }
            var nameStart = i
            while i < end && base[i] != UInt8(ascii: "=") && base[i] != 0x20 {
                if base[i] == UInt8(ascii: ":") { nameStart = i + 1 }
                i += 1
            }
            let name = nameStart..<i
            while i < end && base[i] != quote && base[i] != apostrophe { i += 1 }
            guard i < end else { return }
            let delimiter = base[i]
            let valueStart = i + 1
            i = valueStart
            while i < end && base[i] != delimiter { i += 1 }
            try body(name, valueStart..<min(i, end))
            i += 1
        }
    }

    /// The raw value range of the attribute whose local name is `name`.
    static func attribute(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, _ name: StaticString) -> Range<Int>? {
        var found: Range<Int>?
        forEachAttribute(base, range) { attributeName, value in
            if found == nil && equals(base, attributeName, name) { found = value }
        }
        return found
    }
}
