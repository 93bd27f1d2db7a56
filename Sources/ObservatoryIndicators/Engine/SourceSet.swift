import Foundation

/// The sources of a value as small integer ids (a bitset): a union is a few `OR`s, not a set of
/// strings hashed again at every operation. The ids index ``ProvenanceRegistry/shared``; a set is
/// expanded to dataset, vintage, file, checksum and fetch time only where a person reads it
/// (export, explain, the computed cache).
public struct SourceSet: Sendable, Hashable {
    /// Ids 0–63 and 64–127, inline.
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    /// Ids from 128 on, 64 to a word; `nil` while none (no allocation for the usual handful of files).
    private var more: [UInt64]?

    public init() {}

    public static let empty = SourceSet()

    public init(ids: some Sequence<Int>) {
        for id in ids { insert(id) }
    }

    public var isEmpty: Bool { low == 0 && high == 0 && (more?.allSatisfy { $0 == 0 } ?? true) }

    public mutating func insert(_ id: Int) {
        precondition(id >= 0, "a source id is never negative")
        switch id {
        case ..<64: low |= 1 << UInt64(id)
        case ..<128: high |= 1 << UInt64(id - 64)
        default:
            let word = (id - 128) / 64
            var words = more ?? []
            if words.count <= word { words.append(contentsOf: repeatElement(0, count: word + 1 - words.count)) }
            words[word] |= 1 << UInt64((id - 128) % 64)
            more = words
        }
    }

    public func contains(_ id: Int) -> Bool {
        switch id {
        case ..<0: return false
        case ..<64: return low & (1 << UInt64(id)) != 0
        case ..<128: return high & (1 << UInt64(id - 64)) != 0
        default:
            let word = (id - 128) / 64
            guard let more, word < more.count else { return false }
            return more[word] & (1 << UInt64((id - 128) % 64)) != 0
        }
    }

    public mutating func formUnion(_ other: SourceSet) {
        low |= other.low
        high |= other.high
        guard let theirs = other.more else { return }
        guard var mine = more else { more = theirs; return }
        if mine.count < theirs.count { mine.append(contentsOf: repeatElement(0, count: theirs.count - mine.count)) }
        for (index, word) in theirs.enumerated() { mine[index] |= word }
        more = mine
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
        for (index, word) in (more ?? []).enumerated() { add(word, from: 128 + index * 64) }
        return result
    }

    /// Equal sets are equal whatever trailing empty words they carry.
    public static func == (lhs: SourceSet, rhs: SourceSet) -> Bool {
        guard lhs.low == rhs.low, lhs.high == rhs.high else { return false }
        let a = lhs.more ?? [], b = rhs.more ?? []
        for index in 0..<max(a.count, b.count) where (index < a.count ? a[index] : 0) != (index < b.count ? b[index] : 0) {
            return false
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(low)
        hasher.combine(high)
        if let more, let last = more.lastIndex(where: { $0 != 0 }) {
            for word in more[...last] { hasher.combine(word) }
        }
    }
}

/// Every source the process has met, each with a small id for ``SourceSet``: interned once, read
/// back at export and explain. Append-only: an id means the same file for the life of the process.
public final class ProvenanceRegistry: @unchecked Sendable {
    public static let shared = ProvenanceRegistry()

    private let lock = NSLock()
    private var all: [Provenance] = []
    private var ids: [Provenance: Int] = [:]

    public init() {}

    /// The id of a source, given on first sight.
    public func id(_ provenance: Provenance) -> Int {
        lock.lock()
        defer { lock.unlock() }
        if let known = ids[provenance] { return known }
        all.append(provenance)
        ids[provenance] = all.count - 1
        return all.count - 1
    }

    public func set(_ sources: some Sequence<Provenance>) -> SourceSet {
        var result = SourceSet()
        for source in sources { result.insert(id(source)) }
        return result
    }

    public func provenance(_ id: Int) -> Provenance {
        lock.lock()
        defer { lock.unlock() }
        return all[id]
    }

    /// The sources of a set, in full.
    public func expand(_ set: SourceSet) -> Set<Provenance> {
        let wanted = set.ids
        guard !wanted.isEmpty else { return [] }
        lock.lock()
        defer { lock.unlock() }
        return Set(wanted.map { all[$0] })
    }
}
