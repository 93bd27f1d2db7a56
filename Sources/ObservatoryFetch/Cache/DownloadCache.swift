import Foundation

/// The download cache: files under `downloads/<dataset>/<file>`, manifests under `manifest/<dataset>.json`.
///
/// A file is replaced only by an atomic rename of a complete, checked download; the manifest is
/// rewritten atomically after it. An actor, so that concurrent downloads of one dataset do not
/// lose each other's manifest updates.
public actor DownloadCache {
    public nonisolated let root: URL
    private var manifests: [String: DatasetManifest] = [:]

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

    /// Records `entry` and rewrites the dataset's manifest atomically.
    func record(_ entry: ManifestEntry) throws {
        var manifest = try manifest(dataset: entry.dataset)
        manifest.files[entry.file] = entry
        try FileManager.default.createDirectory(at: manifestDirectory, withIntermediateDirectories: true)
        let data = try Self.encoder.encode(manifest)
        try data.write(to: manifestURL(dataset: entry.dataset), options: .atomic)
        manifests[entry.dataset] = manifest
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
