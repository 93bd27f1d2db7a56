import ObservatoryCore
import ObservatoryData

/// What an ingest did, file by file.
public struct IngestSummary: Sendable {
    public enum Result: Sendable {
        /// The file was read and stored: one line of what it gave, and notes for the analyst.
        case ingested(summary: String, notes: [String])
        /// Same checksum as the stored one: nothing to do.
        case unchanged
        /// Not in the download cache.
        case notDownloaded
        /// The catalogue does not ingest this file (`kind: none`, or no `ingest:` section).
        case notIngested
        /// Reading or storing failed; the store keeps what it had.
        case failed(String)
    }

    public struct Item: Sendable {
        public var dataset: DatasetDefinition
        public var file: CatalogFile
        public var result: Result

        public var isFailure: Bool {
            if case .failed = result { return true }
            return false
        }
    }

    public var items: [Item]
    /// The custom basins step (`Indicators/territories`).
    public var customTerritories: Result?

    /// Whether the custom basins were written to the store (read again, or failed part-way).
    public var customTerritoriesWritten: Bool {
        switch customTerritories {
        case nil, .unchanged?, .notIngested?, .notDownloaded?: false
        default: true
        }
    }

    public init(items: [Item], customTerritories: Result? = nil) {
        self.items = items
        self.customTerritories = customTerritories
    }

    public var failures: [Item] { items.filter(\.isFailure) }
    public var ingested: [Item] { items.filter { if case .ingested = $0.result { true } else { false } } }
    public var unchanged: [Item] { items.filter { if case .unchanged = $0.result { true } else { false } } }
    /// Failures that make the command fail: a non-optional dataset that failed, or a custom basin step that failed.
    public var isFailure: Bool {
        items.contains { $0.isFailure && !$0.dataset.optional }
            || { if case .failed = customTerritories { true } else { false } }()
    }
}

extension IngestSummary.Result: CustomStringConvertible {
    /// One line for reports: `ingested — 50 437 rows…`, `FAILED — reason`.
    public var description: String {
        switch self {
        case .ingested(let summary, _): "ingested — \(summary)"
        case .unchanged: "unchanged (same checksum as the stored vintage)"
        case .notDownloaded: "not downloaded"
        case .notIngested: "not ingested (fetched only)"
        case .failed(let reason): "FAILED — \(reason)"
        }
    }
}
