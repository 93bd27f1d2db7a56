import Foundation

/// How the fetch of one file ended.
public enum FetchOutcome: Sendable {
    /// New bytes were downloaded and are now the cached file; `previous` is what they replaced.
    case downloaded(ManifestEntry, previous: ManifestEntry?)
    /// The publisher answered 304 (or the same bytes arrived again): the cached file stands.
    case notModified(ManifestEntry)
    /// Nothing changed in the cache; `kept` is the cached file still in use, if any.
    case failed(FetchFailure)

    public var entry: ManifestEntry? {
        switch self {
        case .downloaded(let entry, _), .notModified(let entry): entry
        case .failed(let failure): failure.kept
        }
    }
}

/// A download that did not replace the cached file, with the reason and what was kept.
public struct FetchFailure: Error, Sendable, CustomStringConvertible {
    public var file: RemoteFile
    public var reason: String
    public var attempts: Int
    /// The cached version still in use, if there is one.
    public var kept: ManifestEntry?
    /// The HTTP status of the last answer, when there was one.
    public var status: Int?

    public init(file: RemoteFile, reason: String, attempts: Int, kept: ManifestEntry?, status: Int? = nil) {
        self.file = file
        self.reason = reason
        self.attempts = attempts
        self.kept = kept
        self.status = status
    }

    public var description: String {
        var text = "download failed: \(file.url) \(reason)"
        if attempts > 1 { text += " (\(attempts) attempts)" }
        if let kept {
            text += "; the cached file from \(ManifestEntry.dayFormatter.string(from: kept.fetchedAt)) is still in use"
        } else {
            text += "; nothing is cached for \(file.label)"
        }
        return text
    }
}

/// Progress of a fetch, for live displays and logs.
public enum FetchEvent: Sendable {
    case started(RemoteFile, attempt: Int)
    case progress(RemoteFile, received: Int64, total: Int64?)
    case retrying(RemoteFile, attempt: Int, delay: Double, reason: String)
    case finished(RemoteFile, FetchOutcome)
}

/// Errors of the fetch module that are not a single file's failure.
public enum FetchError: Error, Sendable, CustomStringConvertible {
    case manifestUnreadable(path: String, reason: String)
    case resolution(url: String, reason: String)

    public var description: String {
        switch self {
        case .manifestUnreadable(let path, let reason): "cannot read the manifest \(path): \(reason)"
        case .resolution(let url, let reason): "cannot resolve \(url): \(reason)"
        }
    }
}

extension ManifestEntry {
    /// `2026-03-14 09:30 UTC`, how dates of downloads are shown in messages.
    public static func displayDate(_ date: Date) -> String { dayFormatter.string(from: date) }

    static let dayFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter
    }()
}
