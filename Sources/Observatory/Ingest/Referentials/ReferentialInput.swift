import Foundation
import ObservatoryCore
import ObservatoryData

/// One cached file of a referential dataset (ROME, FAP, Formacode, LHEO, RNCP), ready to load.
public struct ReferentialInput: Sendable {
    /// The cached file.
    public var file: URL
    public var dataset: DatasetID
    /// The catalogue's entry for the file (name, vintage, ingest spec).
    public var catalogFile: CatalogFile
    /// The ingest spec (the dataset's, with the file's overrides).
    public var spec: IngestSpec
    /// A scratch folder for extracted ZIP members, removed by the caller.
    public var workDirectory: URL

    public init(file: URL, dataset: DatasetID, catalogFile: CatalogFile, spec: IngestSpec, workDirectory: URL) {
        self.file = file
        self.dataset = dataset
        self.catalogFile = catalogFile
        self.spec = spec
        self.workDirectory = workDirectory
    }

    /// The store's source name of this file's referential: `<dataset>/<file name>`.
    public var sourceName: String { "\(dataset)/\(catalogFile.name)" }
}

/// What loading a referential file stored.
public struct ReferentialReport: Sendable {
    /// Rows stored, all tables together.
    public var rows: Int
    /// One line for `observatory ingest` and `status`: `1 584 métiers, 118 923 competence links, …`.
    public var summary: String
    /// Anything worth telling an analyst (codes that could not be placed, skipped rows).
    public var notes: [String]

    public init(rows: Int, summary: String, notes: [String] = []) {
        self.rows = rows
        self.summary = summary
        self.notes = notes
    }
}
