import Foundation
import ObservatoryCore

/// Where one vintage of a dataset came from, recorded with its observations.
public struct VintageProvenance: Sendable, Hashable {
    public var dataset: DatasetID
    /// The publisher's release label: `2023`, `2022`, `v460`.
    public var vintage: String
    /// The file the observations were read from, e.g. `Base_open_data_23.xlsx`.
    public var sourceFile: String
    /// The SHA-256 of that file, 64 lower-case hex digits.
    public var sha256: String
    /// The download URL; `nil` for a file placed by hand.
    public var url: String?
    /// When the file was downloaded; `nil` when unknown.
    public var fetchedAt: Date?
    /// The reader's warnings, in order.
    public var notes: [String]

    public init(dataset: DatasetID, vintage: String, sourceFile: String, sha256: String,
                url: String? = nil, fetchedAt: Date? = nil, notes: [String] = []) {
        self.dataset = dataset
        self.vintage = vintage
        self.sourceFile = sourceFile
        self.sha256 = sha256
        self.url = url
        self.fetchedAt = fetchedAt
        self.notes = notes
    }
}
