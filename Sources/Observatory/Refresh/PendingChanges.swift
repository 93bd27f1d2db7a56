import Foundation
import ObservatoryCore

/// The files ingested with new content since the last published refresh, kept in
/// `Cache/pending-changes.json`: written as each file is ingested, cleared only once a refresh
/// has written its change report and its site, so a run killed at any stage after the ingest
/// still has its new files on the next run's « Changements » page.
public struct PendingChanges: Codable, Sendable, Equatable {
    public struct File: Codable, Sendable, Hashable {
        public var dataset: String
        public var datasetTitle: String
        public var file: String
        public var vintage: String
        public var sha256: String
        public var ingestedAt: Date
    }

    public var files: [File] = []

    public init(files: [File] = []) {
        self.files = files
    }

    /// `Cache/pending-changes.json`.
    public static func url(_ layout: ProjectLayout) -> URL { layout.cache.appendingPathComponent("pending-changes.json") }

    public static func load(_ layout: ProjectLayout) -> PendingChanges {
        guard let data = try? Data(contentsOf: url(layout)) else { return PendingChanges() }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return (try? decoder.decode(PendingChanges.self, from: data)) ?? PendingChanges()
    }

    /// Adds `file` (replacing an earlier entry for the same dataset file) and writes the list at once.
    public static func record(_ file: File, in layout: ProjectLayout) throws {
        var pending = load(layout)
        pending.files.removeAll { $0.dataset == file.dataset && $0.file == file.file }
        pending.files.append(file)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        try FileManager.default.createDirectory(at: layout.cache, withIntermediateDirectories: true)
        try encoder.encode(pending).write(to: url(layout), options: .atomic)
    }

    /// Forgets the list once a refresh published it.
    public static func clear(in layout: ProjectLayout) throws {
        if FileManager.default.fileExists(atPath: url(layout).path) { try FileManager.default.removeItem(at: url(layout)) }
    }
}
