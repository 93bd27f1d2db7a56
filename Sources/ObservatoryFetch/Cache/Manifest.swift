import Foundation

/// What the cache knows of one downloaded file: where it came from, its validators and checksum.
public struct ManifestEntry: Sendable, Hashable, Codable {
    /// One earlier version of the file.
    public struct Version: Sendable, Hashable, Codable {
        public var sha256: String
        public var size: Int64
        public var fetchedAt: Date
        public var lastModified: String?
    }

    public var dataset: String
    public var file: String
    public var vintage: String?
    /// The URL requested (the publisher's, or the mirror's).
    public var url: String
    /// The URL of the final response, after redirects.
    public var finalURL: String
    /// HTTP status of the download that produced this file (200, or 206 for a resumed one).
    public var status: Int
    public var etag: String?
    public var lastModified: String?
    public var contentType: String?
    public var size: Int64
    public var sha256: String
    /// When the current bytes were downloaded.
    public var fetchedAt: Date
    /// When the publisher was last asked (a 304 updates this, not `fetchedAt`).
    public var checkedAt: Date
    /// Seconds the download took.
    public var duration: Double
    /// Attempts the download needed (1 when the first succeeded).
    public var attempts: Int
    /// Earlier versions, newest first.
    public var history: [Version]

    public init(dataset: String, file: String, vintage: String?, url: String, finalURL: String, status: Int,
                etag: String?, lastModified: String?, contentType: String?, size: Int64, sha256: String,
                fetchedAt: Date, checkedAt: Date, duration: Double, attempts: Int, history: [Version]) {
        self.dataset = dataset
        self.file = file
        self.vintage = vintage
        self.url = url
        self.finalURL = finalURL
        self.status = status
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.fetchedAt = fetchedAt
        self.checkedAt = checkedAt
        self.duration = duration
        self.attempts = attempts
        self.history = history
    }
}

/// The manifest of one dataset: one entry per file, stored as `Cache/manifest/<dataset>.json`.
public struct DatasetManifest: Sendable, Hashable, Codable {
    public var dataset: String
    public var files: [String: ManifestEntry]

    public init(dataset: String, files: [String: ManifestEntry] = [:]) {
        self.dataset = dataset
        self.files = files
    }
}
