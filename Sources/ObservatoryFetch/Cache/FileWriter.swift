import Crypto
import Foundation
import ObservatoryCore

/// Writes one file and hashes its bytes on a serial queue of its own, so that the thread that
/// receives them (libcurl's multi loop, shared by every transfer) only copies them into a buffer.
///
/// The bytes are gathered into chunks (of the pool's size, recycled across files); each full chunk
/// goes to the queue, which hashes it (SHA-256) and writes it with one `write` call, in the order
/// given. At most `maxChunks` chunks exist at once: when all are waiting for the disk, ``append(_:)`` waits for one to come
/// back, so memory stays bounded however fast the network is. A failed write is remembered:
/// the next ``append(_:)`` returns `false` (which aborts the transfer), and ``finish(sync:)``
/// reports it, so a failed file is never taken for a complete one.
final class FileWriter: @unchecked Sendable {
    /// Why the file could not be written.
    struct Failure: Sendable, Hashable {
        var message: String
        /// A full disk or a permission problem, not fixed by downloading again.
        var isPermanent: Bool
    }

    /// What the queue wrote, read once ``finish(sync:)`` returned.
    struct Result: Sendable {
        /// Bytes in the file.
        var size: Int64
        /// The first bytes of the file, up to `prefixLength`.
        var prefix: [UInt8]
        /// The hex SHA-256 of the file.
        var sha256: String
        var failure: Failure?
    }

    /// Writes up to `count` bytes to a descriptor, like `write(2)`: the count written, or -1 with `errno`.
    typealias WriteCall = @Sendable (_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int
    /// `write(2)` itself; tests give a stand-in that fails.
    static let systemWrite: WriteCall = { Foundation.write($0, $1, $2) }

    let path: String
    let pool: ChunkPool
    private let writeCall: WriteCall
    var chunkSize: Int { pool.chunkSize }
    let maxChunks: Int
    let prefixLength: Int
    private let queue: DispatchQueue

    // The producer's side (the thread calling append): the chunk being filled.
    private var current: UnsafeMutableRawBufferPointer?
    private var currentCount = 0
    private var finished = false

    // Shared: chunks ready for reuse, and the first failure.
    private let condition = NSCondition()
    private var free: [UnsafeMutableRawBufferPointer] = []
    private var allocated: [UnsafeMutableRawBufferPointer] = []
    private var failure: Failure?

    // The queue's side.
    private var descriptor: Int32
    private var hasher = SHA256()
    private var size: Int64
    private var prefix: [UInt8]

    /// Takes over `descriptor`, open for writing at offset `size`, whose first `size` bytes were
    /// already hashed into `hasher` (a resumed download) and begin with `prefix`.
    init(descriptor: Int32, path: String, size: Int64 = 0, hasher: SHA256 = SHA256(), prefix: [UInt8] = [],
         pool: ChunkPool = .shared, maxChunks: Int = 4, prefixLength: Int = 1024, write: @escaping WriteCall = systemWrite) {
        precondition(maxChunks > 0)
        writeCall = write
        self.descriptor = descriptor
        self.path = path
        self.size = size
        self.hasher = hasher
        self.prefix = prefix
        self.pool = pool
        self.maxChunks = maxChunks
        self.prefixLength = prefixLength
        queue = DispatchQueue(label: "observatory.write")
    }

    deinit {
        // Every queued job holds the writer, so none is left here.
        if descriptor >= 0 { _ = Foundation.close(descriptor) }
        pool.giveBack(allocated)
    }

    /// Whether a write failed; the transfer should stop.
    var hasFailed: Bool {
        condition.lock(); defer { condition.unlock() }
        return failure != nil
    }

    /// Copies `bytes` to be written after everything given before. Returns `false` once a write
    /// has failed. Called from one thread at a time.
    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        precondition(!finished, "append after finish")
        if hasFailed { return false }
        var offset = 0
        while offset < bytes.count {
            let chunk = current ?? takeChunk()
            current = chunk
            let count = min(chunkSize - currentCount, bytes.count - offset)
            (chunk.baseAddress! + currentCount).copyMemory(from: bytes.baseAddress! + offset, byteCount: count)
            currentCount += count
            offset += count
            if currentCount == chunkSize { submitCurrent() }
        }
        return true
    }

    /// Runs `work` on the queue, after the bytes appended so far are written (and before those
    /// appended later): for bookkeeping files that must follow the same order.
    func perform(_ work: @escaping @Sendable () -> Void) {
        submitCurrent()
        queue.async(execute: work)
    }

    /// Forgets the bytes given so far and empties the file (a server that restarts a resumed body).
    func restart() {
        currentCount = 0
        queue.async { [self] in
            guard !hasFailed else { return }
            if ftruncate(descriptor, 0) != 0 || lseek(descriptor, 0, SEEK_SET) != 0 { fail(errno: errno); return }
            hasher = SHA256()
            prefix = []
            size = 0
        }
    }

    /// Writes what is left, flushes the file to disk when `sync` (so that a rename that follows is
    /// crash-safe) and closes it. Waits on the writer's queue, never on the caller's thread.
    func finish(sync: Bool) async -> Result {
        precondition(!finished, "finish called twice")
        submitCurrent()
        finished = true
        return await withCheckedContinuation { continuation in
            queue.async { [self] in
                // EINVAL: a file that cannot be synchronised (a device); nothing is lost by going on.
                if sync, !hasFailed, fdatasync(descriptor) != 0, errno != EINVAL { fail(errno: errno) }
                if descriptor >= 0 { _ = Foundation.close(descriptor) }
                descriptor = -1
                let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
                // Every chunk job ran before this one: the buffers are all free, and go back to the pool.
                condition.lock()
                let failure = self.failure
                let chunks = allocated
                allocated = []
                free = []
                condition.unlock()
                pool.giveBack(chunks)
                continuation.resume(returning: Result(size: size, prefix: prefix, sha256: digest, failure: failure))
            }
        }
    }

    // MARK: Producer side

    private func submitCurrent() {
        guard let chunk = current, currentCount > 0 else { return }
        // The chunk passes to the queue whole; the producer takes it back only through `free`.
        let handoff = Handoff(chunk: chunk, count: currentCount)
        current = nil
        currentCount = 0
        queue.async { [self] in
            store(UnsafeRawBufferPointer(start: handoff.chunk.baseAddress, count: handoff.count))
            giveBack(handoff.chunk)
        }
    }

    private struct Handoff: @unchecked Sendable {
        let chunk: UnsafeMutableRawBufferPointer
        let count: Int
    }

    /// A free chunk, a new one while fewer than `maxChunks` exist, else waits for the queue to free one.
    private func takeChunk() -> UnsafeMutableRawBufferPointer {
        condition.lock()
        defer { condition.unlock() }
        while free.isEmpty && allocated.count >= maxChunks { condition.wait() }
        if let chunk = free.popLast() { return chunk }
        let chunk = pool.take()
        allocated.append(chunk)
        return chunk
    }

    // MARK: Queue side

    private func giveBack(_ chunk: UnsafeMutableRawBufferPointer) {
        condition.lock()
        free.append(chunk)
        condition.signal()
        condition.unlock()
    }

    private func store(_ bytes: UnsafeRawBufferPointer) {
        guard !hasFailed else { return }
        if prefix.count < prefixLength { prefix.append(contentsOf: bytes.prefix(prefixLength - prefix.count)) }
        hasher.update(bufferPointer: bytes)
        var offset = 0
        while offset < bytes.count {
            let written = writeCall(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                fail(errno: errno)
                return
            }
            offset += written
        }
        size += Int64(bytes.count)
    }

    private func fail(errno code: Int32) {
        condition.lock()
        if failure == nil {
            failure = Failure(message: "cannot write \(path): \(SystemError.text(errno: code))",
                              isPermanent: SystemError.isPermanent(errno: code))
        }
        condition.unlock()
    }
}
