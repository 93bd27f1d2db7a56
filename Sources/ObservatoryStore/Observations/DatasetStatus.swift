import Foundation
import ObservatoryCore

/// What the store holds for one dataset, for `observatory status`.
public struct DatasetStatus: Sendable, Hashable {
    public var dataset: DatasetID
    /// Its vintages, oldest label first (labels compared with their numbers as numbers).
    public var vintages: [VintageSummary]

    public init(dataset: DatasetID, vintages: [VintageSummary]) {
        self.dataset = dataset
        self.vintages = vintages
    }

    /// Observations over all vintages.
    public var rowCount: Int { vintages.reduce(0) { $0 + $1.rowCount } }
    /// Masked cells over all vintages.
    public var maskedCount: Int { vintages.reduce(0) { $0 + $1.maskedCount } }
    /// The latest download among the vintages; `nil` when none records one.
    public var lastFetchedAt: Date? { vintages.compactMap(\.provenance.fetchedAt).max() }
    /// The latest ingest among the vintages; `nil` when there is no vintage.
    public var lastIngestedAt: Date? { vintages.map(\.ingestedAt).max() }
}
