import Crypto
import Foundation
import ObservatoryCore
@testable import ObservatoryFetch
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The writer that takes the disk and the hash off libcurl's thread: the same bytes and checksum
/// however the body is cut, buffers bounded, order kept, and a failed write never taken for a file.
@Suite struct FileWriterTests {
    /// A new empty file, open for writing; removed with its folder when the test ends.
    final class Scratch: @unchecked Sendable {
        let folder: URL
        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("writer-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: folder) }

        func open(_ name: String = "body") -> (path: String, descriptor: Int32) {
            let path = folder.appendingPathComponent(name).path
            return (path, Glibc.open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644))
        }
    }

    /// Counts the bytes a stand-in `write` let through, from any thread.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var total = 0
        func add(_ count: Int) -> Int { lock.withLock { total += count; return total } }
    }

    /// Appends `body` in pieces of 1…`largest` bytes (a fixed pseudo-random sequence).
    static func append(_ body: [UInt8], to writer: FileWriter, largest: Int) -> Bool {
        var offset = 0
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        while offset < body.count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let count = min(body.count - offset, 1 + Int(state >> 33) % largest)
            let accepted = body[offset..<offset + count].withUnsafeBytes { writer.append($0) }
            if !accepted { return false }
            offset += count
        }
        return true
    }

    @Test(arguments: [1, 100, 4096, 10_000, 70_000])
    func anyCuttingGivesTheSameBytesAndChecksum(largest: Int) async throws {
        let scratch = try Scratch()
        let (path, descriptor) = scratch.open()
        let body = csvBytes(largest == 1 ? 20_000 : 300_000, seed: largest)
        // Small chunks and only two of them: many hand-overs, waits and reuses.
        let pool = ChunkPool(chunkSize: 4096, maxRetained: 8)
        let writer = FileWriter(descriptor: descriptor, path: path, pool: pool, maxChunks: 2)
        #expect(Self.append(body, to: writer, largest: largest))
        let result = await writer.finish(sync: true)
        #expect(result.failure == nil)
        #expect(result.size == Int64(body.count))
        #expect(result.sha256 == FetchHarness.sha256(body))
        #expect(result.prefix == Array(body.prefix(1024)))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(body))
        // A writer that keeps up reuses one buffer; never more than two, all given back.
        #expect((1...2).contains(pool.retainedCount), "\(pool.retainedCount) buffers back in the pool")
    }

    @Test func aSlowDiskHoldsTheSenderInsteadOfBuffering() async throws {
        let scratch = try Scratch()
        let (path, descriptor) = scratch.open()
        let body = csvBytes(200_000, seed: 3)
        let pool = ChunkPool(chunkSize: 8192, maxRetained: 64)
        let slow: FileWriter.WriteCall = { descriptor, bytes, count in
            usleep(2_000)
            return Glibc.write(descriptor, bytes, count)
        }
        let writer = FileWriter(descriptor: descriptor, path: path, pool: pool, maxChunks: 3, write: slow)
        #expect(Self.append(body, to: writer, largest: 50_000))
        let result = await writer.finish(sync: false)
        #expect(result.sha256 == FetchHarness.sha256(body) && result.size == Int64(body.count))
        #expect((1...3).contains(pool.retainedCount), "never more than three buffers for one file, however slow the disk")
    }

    @Test func resumedBytesCountInTheChecksum() async throws {
        let scratch = try Scratch()
        let body = csvBytes(100_000, seed: 9)
        let head = Array(body.prefix(30_000))
        let (path, descriptor) = scratch.open()
        _ = head.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress!, $0.count) }
        var hasher = SHA256()
        hasher.update(data: head)
        let writer = FileWriter(descriptor: descriptor, path: path, size: Int64(head.count), hasher: hasher,
                                prefix: Array(head.prefix(1024)))
        #expect(Self.append(Array(body.dropFirst(30_000)), to: writer, largest: 9_000))
        let result = await writer.finish(sync: true)
        #expect(result.size == Int64(body.count) && result.sha256 == FetchHarness.sha256(body))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(body))
    }

    @Test func restartForgetsWhatCameBefore() async throws {
        let scratch = try Scratch()
        let (path, descriptor) = scratch.open()
        let first = csvBytes(50_000, seed: 1)
        let second = csvBytes(40_000, seed: 2)
        let writer = FileWriter(descriptor: descriptor, path: path, pool: ChunkPool(chunkSize: 4096, maxRetained: 4))
        #expect(Self.append(first, to: writer, largest: 5_000))
        writer.restart()
        #expect(Self.append(second, to: writer, largest: 5_000))
        let result = await writer.finish(sync: true)
        #expect(result.size == Int64(second.count) && result.sha256 == FetchHarness.sha256(second))
        #expect(result.prefix == Array(second.prefix(1024)))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(second))
    }

    @Test func bookkeepingRunsAfterTheBytesGivenBeforeIt() async throws {
        let scratch = try Scratch()
        let (path, descriptor) = scratch.open()
        let body = csvBytes(30_000, seed: 4)
        let writer = FileWriter(descriptor: descriptor, path: path, pool: ChunkPool(chunkSize: 4096, maxRetained: 4))
        #expect(Self.append(Array(body.prefix(10_001)), to: writer, largest: 3_000))
        let seen = Counter()
        writer.perform {
            var status = stat()
            _ = stat(path, &status)
            _ = seen.add(Int(status.st_size))
        }
        #expect(Self.append(Array(body.dropFirst(10_001)), to: writer, largest: 3_000))
        _ = await writer.finish(sync: false)
        #expect(seen.add(0) == 10_001, "the 10 001 bytes appended before were on disk, none after")
    }

    @Test func aFailedWriteStopsTheSenderAndIsReported() async throws {
        let scratch = try Scratch()
        let (path, descriptor) = scratch.open()
        let written = Counter()
        let full: FileWriter.WriteCall = { descriptor, bytes, count in
            if written.add(count) > 20_000 { errno = ENOSPC; return -1 }
            return Glibc.write(descriptor, bytes, count)
        }
        let writer = FileWriter(descriptor: descriptor, path: path, pool: ChunkPool(chunkSize: 4096, maxRetained: 4),
                                maxChunks: 2, write: full)
        // The failure happens on the queue; the sender learns it at a later chunk and stops.
        let accepted = Self.append(csvBytes(2_000_000, seed: 5), to: writer, largest: 4096)
        #expect(!accepted)
        let result = await writer.finish(sync: true)
        #expect(result.failure == FileWriter.Failure(message: "cannot write \(path): disk full (No space left on device)",
                                                     isPermanent: true))
    }
}
