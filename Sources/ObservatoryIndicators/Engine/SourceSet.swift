import Foundation

/// The sources of a value as small integer ids (a bitset): a union is a few `OR`s, not a set of
/// strings hashed again at every operation. The ids index ``ProvenanceRegistry/shared``; a set is
/// expanded to dataset, vintage, file, checksum and fetch time only where a person reads it
/// (export, explain, the computed cache).
public struct SourceSet: Sendable, Hashable {
    /// Ids 0–63 and 64–127, inline.
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    /// Ids from 128 on, 64 to a word, interned in ``WideSourceWords`` (0 while none): the set holds
    /// no reference, so a value copies as plain bytes. Equal sets have equal ids (interned without
    /// trailing empty words).
    private var wide: UInt32 = 0

    public init() {}

    public static let empty = SourceSet()

    public init(ids: some Sequence<Int>) {
        for id in ids { insert(id) }
    }

    public var isEmpty: Bool { low == 0 && high == 0 && wide == 0 }

    public mutating func insert(_ id: Int) {
        precondition(id >= 0, "a source id is never negative")
        switch id {
        case ..<64: low |= 1 << UInt64(id)
        case ..<128: high |= 1 << UInt64(id - 64)
        default:
            let word = (id - 128) / 64
            var words = WideSourceWords.words(wide)
            if words.count <= word { words.append(contentsOf: repeatElement(0, count: word + 1 - words.count)) }
            words[word] |= 1 << UInt64((id - 128) % 64)
            wide = WideSourceWords.id(words)
        }
    }

    public func contains(_ id: Int) -> Bool {
        switch id {
        case ..<0: return false
        case ..<64: return low & (1 << UInt64(id)) != 0
        case ..<128: return high & (1 << UInt64(id - 64)) != 0
        default:
            let word = (id - 128) / 64
            let words = WideSourceWords.words(wide)
            guard word < words.count else { return false }
            return words[word] & (1 << UInt64((id - 128) % 64)) != 0
        }
    }

    public mutating func formUnion(_ other: SourceSet) {
        low |= other.low
        high |= other.high
        guard other.wide != 0, other.wide != wide else { return }
        guard wide != 0 else { wide = other.wide; return }
        var mine = WideSourceWords.words(wide)
        let theirs = WideSourceWords.words(other.wide)
        if mine.count < theirs.count { mine.append(contentsOf: repeatElement(0, count: theirs.count - mine.count)) }
        for (index, word) in theirs.enumerated() { mine[index] |= word }
        wide = WideSourceWords.id(mine)
    }

    public func union(_ other: SourceSet) -> SourceSet {
        var result = self
        result.formUnion(other)
        return result
    }

    /// The ids, ascending.
    public var ids: [Int] {
        var result: [Int] = []
        func add(_ word: UInt64, from base: Int) {
            var bits = word
            while bits != 0 {
                result.append(base + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        add(low, from: 0)
        add(high, from: 64)
        for (index, word) in WideSourceWords.words(wide).enumerated() { add(word, from: 128 + index * 64) }
        return result
    }
}

/// Every source the process has met, each with a small id for ``SourceSet``: interned once, read
/// back at export and explain. Append-only: an id means the same file for the life of the process.
public final class ProvenanceRegistry: @unchecked Sendable {
    public static let shared = ProvenanceRegistry()

    private let sources = Interner<Provenance>()

    public init() {}

    /// The id of a source, given on first sight.
    public func id(_ provenance: Provenance) -> Int { sources.id(provenance) }

    public func set(_ sources: some Sequence<Provenance>) -> SourceSet {
        var result = SourceSet()
        for source in sources { result.insert(id(source)) }
        return result
    }

    public func provenance(_ id: Int) -> Provenance { sources.element(id) }

    /// The sources of a set, in full.
    public func expand(_ set: SourceSet) -> Set<Provenance> {
        let wanted = set.ids
        return wanted.isEmpty ? [] : Set(sources.elements(wanted))
    }
}

/// Texts a value carries (where its data lie) as small ids, so that a value
/// holds no reference and copies as plain bytes; id 0 is "no text".
enum TextRegistry {
    private static let texts = Interner<String>(reserving: "")

    static func id(_ text: String?) -> UInt32 { text.map { UInt32(texts.id($0)) } ?? 0 }

    static func text(_ id: UInt32) -> String? { id == 0 ? nil : texts.element(Int(id)) }
}

/// Why values have no value, as small ids, for the same reason; id 0 is "no reason".
enum ReasonRegistry {
    private static let reasons = Interner<MissingReason>(reserving: .other(""))

    static func id(_ reason: MissingReason?) -> UInt32 { reason.map { UInt32(reasons.id($0)) } ?? 0 }

    static func reason(_ id: UInt32) -> MissingReason? { id == 0 ? nil : reasons.element(Int(id)) }

    /// The arithmetic's most frequent reasons, numbered once.
    static let missingInput = id(.missingInput)
    static let notFinite = id(.notFinite)
    static let divisionByZero = id(.divisionByZero)
    static let maskedDenominator = id(.maskedDenominator)
    static let unboundedMaskedNumerator = id(.unboundedMaskedNumerator)
    static let unboundedDifference = id(.unboundedDifference)
    static let unboundedProduct = id(.unboundedProduct)
    static let unboundedNegation = id(.unboundedNegation)
    static let comparisonNeedsExactValues = id(.comparisonNeedsExactValues)
}

/// Source sets past id 127, interned (they are rare: a run meets a few dozen files), so that a
/// ``SourceSet`` holds no reference; id 0 is "none".
enum WideSourceWords {
    private static let sets = Interner<[UInt64]>(reserving: [])

    /// The id of `words` (trailing empty words dropped, so that equal sets have equal ids).
    static func id(_ words: [UInt64]) -> UInt32 {
        var words = words
        while words.last == 0 { words.removeLast() }
        return UInt32(sets.id(words))
    }

    static func words(_ id: UInt32) -> [UInt64] { id == 0 ? [] : sets.element(Int(id)) }
}

/// Values numbered on first sight, for the life of the process (append-only, locked): a value
/// then travels as its number.
final class Interner<Element: Hashable>: @unchecked Sendable {
    private let lock = NSLock()
    private var all: [Element] = []
    private var ids: [Element: Int] = [:]

    /// `reserving` takes id 0 (the "nothing" of the callers that need one).
    init(reserving first: Element? = nil) {
        if let first { _ = id(first) }
    }

    func id(_ element: Element) -> Int {
        lock.lock()
        defer { lock.unlock() }
        if let known = ids[element] { return known }
        all.append(element)
        ids[element] = all.count - 1
        return all.count - 1
    }

    func element(_ id: Int) -> Element {
        lock.lock()
        defer { lock.unlock() }
        return all[id]
    }

    func elements(_ wanted: [Int]) -> [Element] {
        lock.lock()
        defer { lock.unlock() }
        return wanted.map { all[$0] }
    }
}
