import Foundation

/// Fixed-size buffers shared by every ``FileWriter`` of the process, kept once given back.
///
/// A fresh buffer costs a page fault and a zeroed page for every 4 KB on first touch, as much
/// as writing the bytes to the page cache; recycling them keeps that cost to the first transfers.
final class ChunkPool: @unchecked Sendable {
    /// The pool of the downloads: chunks of 256 KiB, up to 32 kept (4 per transfer, 8 transfers).
    static let shared = ChunkPool(chunkSize: 256 << 10, maxRetained: 32)

    let chunkSize: Int
    let maxRetained: Int
    private let lock = NSLock()
    private var retained: [UnsafeMutableRawBufferPointer] = []

    init(chunkSize: Int, maxRetained: Int) {
        precondition(chunkSize > 0 && maxRetained >= 0)
        self.chunkSize = chunkSize
        self.maxRetained = maxRetained
    }

    deinit {
        for chunk in retained { chunk.deallocate() }
    }

    /// A buffer of `chunkSize` bytes, recycled when one is kept.
    func take() -> UnsafeMutableRawBufferPointer {
        lock.lock()
        let chunk = retained.popLast()
        lock.unlock()
        return chunk ?? UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
    }

    /// Takes `chunks` back (buffers from ``take()``), keeping up to `maxRetained` of them.
    func giveBack(_ chunks: [UnsafeMutableRawBufferPointer]) {
        lock.lock()
        let kept = min(chunks.count, maxRetained - retained.count)
        retained.append(contentsOf: chunks.prefix(max(0, kept)))
        lock.unlock()
        for chunk in chunks.dropFirst(max(0, kept)) { chunk.deallocate() }
    }

    /// Buffers kept for reuse now.
    var retainedCount: Int {
        lock.lock(); defer { lock.unlock() }
        return retained.count
    }
}
