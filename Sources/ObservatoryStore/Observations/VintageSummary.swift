import Foundation
import ObservatoryCore

/// A stored vintage: its provenance, when it was ingested and how many cells of each status it has.
public struct VintageSummary: Sendable, Hashable {
    public var provenance: VintageProvenance
    /// When the store recorded it (the store's clock).
    public var ingestedAt: Date
    /// Observations stored; always `presentCount + maskedCount + missingCount`.
    public var rowCount: Int
    public var presentCount: Int
    /// Cells hidden by the publisher (secret statistique).
    public var maskedCount: Int
    public var missingCount: Int

    public var dataset: DatasetID { provenance.dataset }
    public var vintage: String { provenance.vintage }

    public init(provenance: VintageProvenance, ingestedAt: Date, presentCount: Int, maskedCount: Int,
                missingCount: Int) {
        self.provenance = provenance
        self.ingestedAt = ingestedAt
        self.rowCount = presentCount + maskedCount + missingCount
        self.presentCount = presentCount
        self.maskedCount = maskedCount
        self.missingCount = missingCount
    }
}
