import Foundation
@testable import ObservatoryFetch
import Testing

/// Manifest entries recorded together share writes, and each is on disk when its record returns.
@Suite struct DownloadCacheTests {
    static func entry(_ dataset: String, _ file: String) -> ManifestEntry {
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        return ManifestEntry(dataset: dataset, file: file, vintage: "1", url: "http://127.0.0.1/\(file)",
                             finalURL: "http://127.0.0.1/\(file)", status: 200, etag: "\"\(file)\"", lastModified: nil,
                             contentType: "text/csv", size: 10, sha256: String(repeating: "a", count: 64),
                             fetchedAt: date, checkedAt: date, duration: 0.1, attempts: 1, history: [])
    }

    static func onDisk(_ cache: DownloadCache, _ dataset: String) throws -> DatasetManifest {
        try DownloadCache.decoder.decode(DatasetManifest.self, from: Data(contentsOf: cache.manifestURL(dataset: dataset)))
    }

    @Test func concurrentRecordsAllReachTheManifest() async throws {
        let harness = try FetchHarness()
        let cache = harness.cache
        await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<60 {
                group.addTask {
                    let dataset = index % 3 == 0 ? "other" : "main"
                    try await cache.record(Self.entry(dataset, "file-\(index).csv"))
                    // Returned: the manifest on disk holds this entry.
                    #expect(try Self.onDisk(cache, dataset).files["file-\(index).csv"] != nil)
                }
            }
        }
        let main = try Self.onDisk(cache, "main")
        let other = try Self.onDisk(cache, "other")
        #expect(main.files.count == 40 && other.files.count == 20)
        #expect(try await cache.manifest(dataset: "main") == main)
        #expect(main.files["file-1.csv"] == Self.entry("main", "file-1.csv"))
    }

    @Test func aFailedWriteFailsItsRecordsAndLeavesTheManifestAsItWas() async throws {
        let harness = try FetchHarness()
        let cache = harness.cache
        try await cache.record(Self.entry("main", "kept.csv"))
        let before = try Data(contentsOf: cache.manifestURL(dataset: "main"))
        // The manifest's place is taken by a folder: the atomic rename over it fails.
        let url = cache.manifestURL(dataset: "main")
        try FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url.appendingPathComponent("blocker"), withIntermediateDirectories: true)
        await #expect(throws: (any Error).self) { try await cache.record(Self.entry("main", "lost.csv")) }
        #expect(try await cache.manifest(dataset: "main").files.keys.sorted() == ["kept.csv"])
        try FileManager.default.removeItem(at: url)
        try before.write(to: url)
        try await cache.record(Self.entry("main", "after.csv"))
        #expect(try Self.onDisk(cache, "main").files.keys.sorted() == ["after.csv", "kept.csv"])
    }
}
