import Foundation

/// The download cache: files under `downloads/<dataset>/<file>`, manifests under `manifest/<dataset>.json`.
///
/// A file is replaced only by an atomic rename of a complete, checked download; the manifest is
/// rewritten atomically after it. An actor, so that concurrent downloads of one dataset do not
/// lose each other's manifest updates.
public actor DownloadCache {
    public nonisolated let root: URL
    /// Each dataset's manifest as it is on disk.
    private var manifests: [String: DatasetManifest] = [:]
    /// Entries recorded but not yet written, numbered in the order they came.
    private var pending: [String: [(number: Int, entry: ManifestEntry)]] = [:]
    private var lastNumber = 0
    /// The manifest write in progress for a dataset: the manifest it writes and the last entry
    /// number it holds (which also names the write).
    private var writing: [String: ManifestWrite] = [:]

    private struct ManifestWrite {
        var manifest: DatasetManifest
        var upTo: Int
        var task: Task<Void, any Error>
    }

    public init(root: URL) {
        self.root = root
    }

    public nonisolated var downloadsDirectory: URL { root.appendingPathComponent("downloads", isDirectory: true) }
    public nonisolated var manifestDirectory: URL { root.appendingPathComponent("manifest", isDirectory: true) }

    /// Where the current version of a file lives (it may not exist yet).
    public nonisolated func fileURL(dataset: String, file: String) -> URL {
        downloadsDirectory.appendingPathComponent(dataset, isDirectory: true).appendingPathComponent(file)
    }

    nonisolated func partialURL(dataset: String, file: String) -> URL {
        downloadsDirectory.appendingPathComponent(dataset, isDirectory: true).appendingPathComponent(".\(file).partial")
    }

    nonisolated func partialInfoURL(dataset: String, file: String) -> URL {
        downloadsDirectory.appendingPathComponent(dataset, isDirectory: true).appendingPathComponent(".\(file).partial.json")
    }

    nonisolated func manifestURL(dataset: String) -> URL {
        manifestDirectory.appendingPathComponent("\(dataset).json")
    }

    /// The manifest of a dataset, empty when nothing was downloaded yet.
    public func manifest(dataset: String) throws -> DatasetManifest {
        if let cached = manifests[dataset] { return cached }
        let url = manifestURL(dataset: dataset)
        guard FileManager.default.fileExists(atPath: url.path) else { return DatasetManifest(dataset: dataset) }
        do {
            let manifest = try Self.decoder.decode(DatasetManifest.self, from: Data(contentsOf: url))
            manifests[dataset] = manifest
            return manifest
        } catch {
            throw FetchError.manifestUnreadable(path: url.path, reason: "\(error)")
        }
    }

    /// The entry of one file, when it is in the cache and its bytes are present.
    public func entry(dataset: String, file: String) throws -> ManifestEntry? {
        guard let entry = try manifest(dataset: dataset).files[file],
              FileManager.default.fileExists(atPath: fileURL(dataset: dataset, file: file).path) else { return nil }
        return entry
    }

    /// Every manifest in the cache, by dataset id.
    public func allManifests() throws -> [DatasetManifest] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: manifestDirectory.path)) ?? []
        return try names.filter { $0.hasSuffix(".json") }.sorted()
            .map { try manifest(dataset: String($0.dropLast(5))) }
    }

    /// Records `entry` and rewrites the dataset's manifest atomically; returns once a manifest
    /// holding `entry` is on disk, or throws when the write that held it failed.
    ///
    /// Entries of one dataset recorded while its manifest is being written go into the next write
    /// together (files that finish together would otherwise each encode and write the whole
    /// manifest, one after the other). The write itself happens off the actor.
    func record(_ entry: ManifestEntry) async throws {
        let dataset = entry.dataset
        var manifest = try manifest(dataset: dataset)
        lastNumber += 1
        let number = lastNumber
        pending[dataset, default: []].append((number, entry))
        while true {
            if writing[dataset] == nil {
                // No write in progress: this one writes every entry waiting, this entry included.
                manifest = manifests[dataset] ?? manifest
                let batch = pending[dataset] ?? []
                for (_, waiting) in batch { manifest.files[waiting.file] = waiting }
                let (url, directory, snapshot) = (manifestURL(dataset: dataset), manifestDirectory, manifest)
                writing[dataset] = ManifestWrite(manifest: snapshot, upTo: batch.last?.number ?? number, task: Task.detached {
                    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                    try Self.encoder.encode(snapshot).write(to: url, options: .atomic)
                })
            }
            let write = writing[dataset]!
            let result = await write.task.result
            settle(dataset, write: write.upTo, result: result)
            guard write.upTo >= number else { continue }
            if case .failure(let error) = result { throw error }
            return
        }
    }

    /// Bookkeeping once the write named `upTo` ended, done by whichever waiter comes back first.
    private func settle(_ dataset: String, write upTo: Int, result: Result<Void, any Error>) {
        guard let write = writing[dataset], write.upTo == upTo else { return }
        writing[dataset] = nil
        pending[dataset]?.removeAll { $0.number <= upTo }
        if case .success = result { manifests[dataset] = write.manifest }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

/// What is remembered of an interrupted download, to resume it with `Range` + `If-Range`.
struct PartialInfo: Codable {
    var url: String
    var etag: String?
    var lastModified: String?
    /// The validator sent in `If-Range`: a strong ETag, else Last-Modified.
    var ifRange: String? {
        if let etag, !etag.hasPrefix("W/") { return etag }
        return lastModified
    }
}
