/// A real gzip stream made of stored (uncompressed) deflate blocks — enough for a client to
/// decode, written here because Foundation on Linux has no compressor.
enum Gzip {
    static func stored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
        var offset = 0
        repeat {
            let length = min(65535, data.count - offset)
            let final: UInt8 = offset + length >= data.count ? 1 : 0
            out.append(final)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<(offset + length)]
            offset += length
        } while offset < data.count
        let crc = crc32(data)
        out += [UInt8(crc & 0xFF), UInt8((crc >> 8) & 0xFF), UInt8((crc >> 16) & 0xFF), UInt8(crc >> 24)]
        let size = UInt32(truncatingIfNeeded: data.count)
        out += [UInt8(size & 0xFF), UInt8((size >> 8) & 0xFF), UInt8((size >> 16) & 0xFF), UInt8(size >> 24)]
        return out
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    /// A gzip bomb: `count` zero bytes (rounded down to 1 + 258·k) as one fixed-Huffman block of
    /// back-references, about 600 times smaller than what it decodes to.
    static func zeros(_ count: Int) -> [UInt8] {
        var out: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
        var bits = BitWriter()
        bits.write(1, count: 1) // final block
        bits.write(1, count: 2) // fixed Huffman codes
        bits.huffman(0x30, length: 8) // literal 0
        let references = (count - 1) / 258
        for _ in 0..<references {
            bits.huffman(0xC5, length: 8) // length 258 (symbol 285)
            bits.huffman(0, length: 5) // distance 1
        }
        bits.huffman(0, length: 7) // end of block
        out += bits.finished
        let size = 1 + references * 258
        let crc = crc32Table(zeroCount: size)
        out += [UInt8(crc & 0xFF), UInt8((crc >> 8) & 0xFF), UInt8((crc >> 16) & 0xFF), UInt8(crc >> 24)]
        let length = UInt32(truncatingIfNeeded: size)
        out += [UInt8(length & 0xFF), UInt8((length >> 8) & 0xFF), UInt8((length >> 16) & 0xFF), UInt8(length >> 24)]
        return out
    }

    /// CRC-32 of `zeroCount` zero bytes, table-driven.
    static func crc32Table(zeroCount: Int) -> UInt32 {
        var table = [UInt32](repeating: 0, count: 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = (c >> 1) ^ (0xEDB8_8320 & (0 &- (c & 1))) }
            table[n] = c
        }
        var crc: UInt32 = 0xFFFF_FFFF
        for _ in 0..<zeroCount { crc = table[Int(crc & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }

    /// Deflate's bit order: values least significant bit first, Huffman codes most significant first.
    struct BitWriter {
        var bytes: [UInt8] = []
        private var current: UInt8 = 0
        private var used = 0

        mutating func bit(_ value: Int) {
            current |= UInt8(value & 1) << used
            used += 1
            if used == 8 { bytes.append(current); current = 0; used = 0 }
        }

        mutating func write(_ value: Int, count: Int) { for i in 0..<count { bit(value >> i) } }
        mutating func huffman(_ code: Int, length: Int) { for i in (0..<length).reversed() { bit(code >> i) } }

        var finished: [UInt8] { used == 0 ? bytes : bytes + [current] }
    }
}
