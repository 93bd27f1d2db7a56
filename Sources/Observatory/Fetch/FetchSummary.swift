import Foundation
import ObservatoryCore
import ObservatoryData
import ObservatoryFetch

/// What a fetch did, file by file.
public struct FetchSummary: Sendable {
    public enum Result: Sendable {
        case downloaded(ManifestEntry, previous: ManifestEntry?)
        case notModified(ManifestEntry)
        /// Offline: the cached file, not checked with the publisher.
        case cached(ManifestEntry)
        case failed(reason: String, kept: ManifestEntry?)
    }

    public struct Item: Sendable {
        public var dataset: DatasetDefinition
        public var file: CatalogFile
        public var url: String?
        public var result: Result

        public var isFailure: Bool {
            if case .failed = result { return true }
            return false
        }
    }

    public var items: [Item]

    public init(items: [Item]) { self.items = items }

    public var downloaded: [Item] { items.filter { if case .downloaded = $0.result { true } else { false } } }
    public var notModified: [Item] { items.filter { if case .notModified = $0.result { true } else { false } } }
    public var failures: [Item] { items.filter(\.isFailure) }
    /// Failures of datasets that are not optional: these make the command fail.
    public var blockingFailures: [Item] { failures.filter { !$0.dataset.optional } }
}
