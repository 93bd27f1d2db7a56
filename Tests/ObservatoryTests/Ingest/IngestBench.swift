import Crypto
import Foundation
import Logging
@testable import Observatory
import ObservatoryCore
import ObservatoryData
@testable import ObservatoryFetch
import ObservatoryStore
import Testing

/// Paths of the repository and of the real files beside it.
enum IngestPaths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let sharedData = repository.deletingLastPathComponent().appendingPathComponent("shared/data")
    static let hasSharedData = FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("SOURCES.md").path)
    static let absent: Comment = "../shared/data is absent: the ingest tests on the real files are skipped"

    static func shared(_ path: String) -> URL { sharedData.appendingPathComponent(path) }
}

/// A temporary cache seeded with real files as if fetched, the repository's catalogue, and a store.
final class IngestBench: @unchecked Sendable {
    let folder: URL
    let layout: ProjectLayout
    let cache: DownloadCache
    let database: ObservatoryDatabase
    var catalog: Catalog

    init(catalog: Catalog? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        layout = ProjectLayout(root: IngestPaths.repository, cache: folder.appendingPathComponent("Cache"))
        cache = DownloadCache(root: layout.cache)
        database = try ObservatoryDatabase.open(at: layout.storeFile)
        self.catalog = try catalog ?? Catalog.load(directory: layout.datasetsDirectory)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Places `source` in the cache as `dataset/name`, with a manifest entry, as a fetch would.
    func place(_ dataset: String, _ name: String, from source: URL) async throws {
        let target = cache.fileURL(dataset: dataset, file: name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: source, to: target)
        let data = try Data(contentsOf: target)
        let sha = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let now = Date()
        try await cache.record(ManifestEntry(dataset: dataset, file: name, vintage: nil, url: "file://\(source.path)",
                                             finalURL: "file://\(source.path)", status: 200, etag: nil, lastModified: nil,
                                             contentType: nil, size: Int64(data.count), sha256: sha, fetchedAt: now,
                                             checkedAt: now, duration: 0, attempts: 1, history: []))
    }

    /// Places the files of `scripts/shared-data-mirror.tsv` for `datasets` (packing `zip:` entries).
    func placeFromMirror(_ datasets: [String]) async throws {
        let mirror = folder.appendingPathComponent("mirror")
        if !FileManager.default.fileExists(atPath: mirror.path) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", IngestPaths.repository.appendingPathComponent("scripts/make-mirror").path,
                                 IngestPaths.sharedData.path, mirror.path]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        }
        for dataset in datasets {
            let folder = mirror.appendingPathComponent(dataset)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
                try await place(dataset, name, from: folder.appendingPathComponent(name).resolvingSymlinksInPath())
            }
        }
    }

    func ingest(_ datasets: [DatasetID] = [], force: Bool = false) async throws -> IngestSummary {
        try await IngestService(layout: layout, logger: Logger(label: "test")).run(
            catalog: catalog, datasets: datasets, force: force, database: database)
    }

    /// The catalogue with one dataset's files replaced.
    func override(_ dataset: DatasetID, _ change: (inout DatasetDefinition) -> Void) {
        var datasets = catalog.datasets
        let index = datasets.firstIndex { $0.id == dataset }!
        change(&datasets[index])
        catalog = Catalog(datasets: datasets)
    }
}

extension IngestSummary {
    func result(_ dataset: DatasetID, _ file: String) -> Result? {
        items.first { $0.dataset.id == dataset && $0.file.name == file }?.result
    }
}

extension IngestSummary.Result {
    var failure: String? { if case .failed(let reason) = self { reason } else { nil } }
    var isIngested: Bool { if case .ingested = self { true } else { false } }
    var isUnchanged: Bool { if case .unchanged = self { true } else { false } }
}
