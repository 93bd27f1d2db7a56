
/// Distinct byte strings, numbered 0, 1, 2… in order of first sight: an open-addressing hash
/// table over one arena, so that looking up a field costs a hash and a compare and makes no
/// `String`. The hash is seeded per process (a file cannot be crafted to collide), which changes
/// only where entries sit in the table, never their numbers.
struct ByteInterner {
    private var arena: [UInt8] = []
    /// Entry `i` is `arena[offsets[i] ..< offsets[i + 1]]`.
    private var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Entry number + 1 per slot; 0 = empty.
    private var table: [Int32]
    private var mask: Int
    /// The last entry looked up: fields repeat row after row (a commune over its 600 rows).
    private var last: Int32 = -1

    private static let seed: UInt64 = .random(in: .min ... .max) | 1

    init() {
        table = Array(repeating: 0, count: 64)
        mask = 63
    }

    /// The number of distinct byte strings seen.
    var count: Int { hashes.count }

    /// The number of `bytes`, numbering it if new.
    @inline(__always)
    mutating func index(of bytes: UnsafeBufferPointer<UInt8>) -> (index: Int32, isNew: Bool) {
        if last >= 0 && equals(Int(last), bytes) { return (last, false) }
        let hash = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { break }
            let index = Int(entry - 1)
            if hashes[index] == hash && equals(index, bytes) {
                last = Int32(index)
                return (last, false)
            }
            slot = (slot + 1) & mask
        }
        let index = Int32(hashes.count)
        arena.append(contentsOf: bytes)
        offsets.append(arena.count)
        hashes.append(hash)
        table[slot] = index + 1
        if hashes.count * 2 > table.count { grow() }
        last = index
        return (index, true)
    }

    @inline(__always)
    private func equals(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[index], length = offsets[index + 1] - start
        guard length == bytes.count else { return false }
        if length == 0 { return true }
        return arena.withUnsafeBufferPointer { stored in
            Self.same(UnsafeRawPointer(stored.baseAddress! + start), UnsafeRawPointer(bytes.baseAddress!), length)
        }
    }

    /// Whether `count` bytes at `a` and `b` are equal; eight at a time (fields are short: a call
    /// to `memcmp` costs more than the compare).
    @inline(__always)
    private static func same(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
        var i = 0
        while i + 8 <= count {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < count {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }

    private mutating func grow() {
        let size = table.count * 2
        table = Array(repeating: 0, count: size)
        mask = size - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(index + 1)
        }
    }

    /// Eight bytes at a time, multiply-xorshift mixed (in the manner of wyhash, not a cryptographic hash).
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = seed ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        guard let base = bytes.baseAddress else { return mix(h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            h = mix(h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(base[i]) << shift
                shift += 8
                i += 1
            }
            h = mix(h ^ tail)
        }
        return mix(h)
    }

    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        let product = x.multipliedFullWidth(by: 0xA076_1D64_78BD_642F)
        return product.high ^ product.low
    }
}
