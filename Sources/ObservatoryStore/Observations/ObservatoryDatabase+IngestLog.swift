import Foundation
import GRDB
import ObservatoryCore

/// What the store remembers of one ingested catalogue file.
public struct IngestedFile: Sendable, Hashable {
    public var dataset: DatasetID
    public var file: String
    public var vintage: String
    /// The ingest kind (`observations`, `rome`, `ze-composition`…).
    public var kind: String
    public var sha256: String
    public var url: String?
    public var fetchedAt: Date?
    public var ingestedAt: Date
    /// One line: what the file gave (`50 437 rows, 151 311 observations, 9 196 masked`).
    public var summary: String
    public var notes: [String]

    public init(dataset: DatasetID, file: String, vintage: String, kind: String, sha256: String, url: String?,
                fetchedAt: Date?, ingestedAt: Date, summary: String, notes: [String]) {
        self.dataset = dataset
        self.file = file
        self.vintage = vintage
        self.kind = kind
        self.sha256 = sha256
        self.url = url
        self.fetchedAt = fetchedAt
        self.ingestedAt = ingestedAt
        self.summary = summary
        self.notes = notes
    }
}

extension ObservatoryDatabase {
    /// Records that a file was ingested (replacing the previous record of the same file).
    public func recordIngestedFile(_ record: IngestedFile) throws {
        let notes = String(decoding: try JSONEncoder().encode(record.notes), as: UTF8.self)
        try replace("the ingest record of \(record.dataset)/\(record.file)") { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO ingested_file
                (dataset, file, vintage, kind, sha256, url, fetched_at, ingested_at, summary, notes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.dataset.rawValue, record.file, record.vintage, record.kind, record.sha256,
                                 record.url, record.fetchedAt, record.ingestedAt, record.summary, notes])
        }
    }

    /// The record of a file's last ingest; `nil` when it was never ingested.
    public func ingestedFile(dataset: DatasetID, file: String) throws -> IngestedFile? {
        try ingestedFiles().first { $0.dataset == dataset && $0.file == file }
    }

    /// Every ingested file, by dataset then file.
    public func ingestedFiles() throws -> [IngestedFile] {
        try read("the ingest records") { db in
            try Row.fetchAll(db, sql: """
                SELECT dataset, file, vintage, kind, sha256, url, fetched_at, ingested_at, summary, notes
                FROM ingested_file ORDER BY dataset, file
                """).map { row in
                let notesText: String = row[9]
                let notes = (try? JSONDecoder().decode([String].self, from: Data(notesText.utf8))) ?? []
                return IngestedFile(dataset: DatasetID(row[0] as String), file: row[1], vintage: row[2], kind: row[3],
                                    sha256: row[4], url: row[5], fetchedAt: row[6], ingestedAt: row[7],
                                    summary: row[8], notes: notes)
            }
        }
    }

    /// Labels of a dimension's codes in a dataset (the latest vintage's label wins).
    public func dimensionLabels(dataset: DatasetID, dimension: String) throws -> [String: String] {
        try read("the labels of \(dataset) \(dimension)") { db in
            var labels: [String: String] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT vintage, code, label FROM dimension_label WHERE dataset = ? AND dimension = ?
                """, arguments: [dataset.rawValue, dimension])
            for row in rows.sorted(by: { VintageOrder.precedes($0[0] as String, $1[0] as String) }) {
                labels[row[1]] = row[2]
            }
            return labels
        }
    }

    static func replaceLabels(_ db: Database, dataset: DatasetID, vintage: String,
                              labels: [String: [String: String]]) throws {
        try db.execute(sql: "DELETE FROM dimension_label WHERE dataset = ? AND vintage = ?",
                       arguments: [dataset.rawValue, vintage])
        let statement = try db.cachedStatement(sql: """
            INSERT INTO dimension_label (dataset, vintage, dimension, code, label) VALUES (?, ?, ?, ?, ?)
            """)
        for (dimension, codes) in labels {
            for (code, label) in codes {
                try statement.execute(arguments: [dataset.rawValue, vintage, dimension, code, label])
            }
        }
    }
}
