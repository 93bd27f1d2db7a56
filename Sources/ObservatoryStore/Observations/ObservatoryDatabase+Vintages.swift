import Foundation
import GRDB
import ObservatoryCore

extension ObservatoryDatabase {
    /// Replaces the observations of one dataset vintage, whole or not at all.
    ///
    /// In one write transaction: records the provenance, deletes the vintage's previous
    /// observations, lets `load` append the new ones, and stores the counts per status. Other
    /// vintages and datasets are not touched. Readers see the previous vintage until the commit.
    /// - Parameter load: appends the observations; may be called with millions of rows.
    /// - Returns: the stored vintage, with its counts.
    /// - Throws: `StoreError.loadFailed` when `load` throws, `StoreError.observationRejected`
    ///   when SQLite refuses an observation that `load` did not catch,
    ///   `StoreError.provenanceRejected` for a malformed provenance (a sha256 that is not 64
    ///   lower-case hex digits…), `StoreError.ingestFailed` otherwise. In every case the
    ///   transaction is rolled back and the previous state of the vintage is kept.
    @discardableResult
    public func replaceVintage(_ provenance: VintageProvenance,
                               load: (inout ObservationWriter) throws -> Void) throws -> VintageSummary {
        let kept = keptDescription(provenance)
        let ingestedAt = now()
        do {
            return try writer.write { db in
                let vintageID = try upsertVintage(db, provenance, ingestedAt: ingestedAt)
                try db.execute(sql: "DELETE FROM observation WHERE vintage_id = ?", arguments: [vintageID])
                var observations = try ObservationWriter(db: db, vintageID: vintageID)
                try load(&observations)
                try observations.flush()
                try Self.replaceLabels(db, dataset: provenance.dataset, vintage: provenance.vintage,
                                       labels: observations.labels)
                try db.execute(sql: """
                    UPDATE dataset_vintage
                    SET row_count = ?, present_count = ?, masked_count = ?, missing_count = ?
                    WHERE id = ?
                    """, arguments: [observations.count, observations.presentCount, observations.maskedCount,
                                     observations.missingCount, vintageID])
                return VintageSummary(provenance: provenance, ingestedAt: ingestedAt,
                                      presentCount: observations.presentCount,
                                      maskedCount: observations.maskedCount,
                                      missingCount: observations.missingCount)
            }
        } catch let rejected as RejectedObservation {
            throw StoreError.observationRejected(dataset: provenance.dataset, vintage: provenance.vintage,
                                                 row: rejected.row, observation: rejected.observation,
                                                 reason: rejected.reason, kept: kept)
        } catch let rejected as RejectedProvenance {
            throw StoreError.provenanceRejected(dataset: provenance.dataset, vintage: provenance.vintage,
                                                reason: rejected.reason, kept: kept)
        } catch let error as DatabaseError {
            throw StoreError.ingestFailed(dataset: provenance.dataset, vintage: provenance.vintage,
                                          reason: StoreError.reason(error), kept: kept)
        } catch {
            throw StoreError.loadFailed(dataset: provenance.dataset, vintage: provenance.vintage,
                                        kept: kept, underlying: error)
        }
    }

    /// The sha256 of the file the stored vintage was read from; `nil` when the vintage was never
    /// ingested. An ingest compares it with the new file's and skips an unchanged file.
    public func ingestedSHA256(dataset: DatasetID, vintage: String) throws -> String? {
        try read("the sha256 of \(dataset) \(vintage)") { db in
            try String.fetchOne(db, sql: "SELECT sha256 FROM dataset_vintage WHERE dataset = ? AND vintage = ?",
                                arguments: [dataset.rawValue, vintage])
        }
    }

    /// The stored vintages of `dataset`, oldest label first (`2022` before `2023`, `v99`
    /// before `v460`); empty when the dataset was never ingested.
    public func vintages(of dataset: DatasetID) throws -> [VintageSummary] {
        try read("the vintages of \(dataset)") { db in
            try Self.vintageSummaries(db, sql: "WHERE dataset = ?", [dataset.rawValue])
        }
    }

    /// The stored vintage; `nil` when it was never ingested.
    public func vintage(_ vintage: String, of dataset: DatasetID) throws -> VintageSummary? {
        try read("vintage \(vintage) of \(dataset)") { db in
            try Self.vintageSummaries(db, sql: "WHERE dataset = ? AND vintage = ?",
                                      [dataset.rawValue, vintage]).first
        }
    }

    /// What the store holds per dataset, datasets in identifier order.
    public func datasetStatuses() throws -> [DatasetStatus] {
        try read("the dataset statuses") { db in
            let summaries = try Self.vintageSummaries(db, sql: "", [])
            return Dictionary(grouping: summaries, by: \.dataset)
                .map { DatasetStatus(dataset: $0.key, vintages: $0.value) }
                .sorted { $0.dataset < $1.dataset }
        }
    }

    /// Says what is kept if a replacement of this vintage fails, for error messages.
    private func keptDescription(_ provenance: VintageProvenance) -> String {
        guard let previous = try? vintage(provenance.vintage, of: provenance.dataset) else {
            return "nothing was stored for that vintage, and other vintages are untouched"
        }
        return "the previous \(provenance.vintage) vintage (\(previous.rowCount) observations from "
            + "\(previous.provenance.sourceFile), ingested \(previous.ingestedAt)) is kept"
    }

    private func upsertVintage(_ db: Database, _ provenance: VintageProvenance, ingestedAt: Date) throws -> Int64 {
        let notes = String(decoding: try JSONEncoder().encode(provenance.notes), as: UTF8.self)
        do {
            return try Int64.fetchOne(db, sql: """
                INSERT INTO dataset_vintage (dataset, vintage, source_file, sha256, url, fetched_at,
                    ingested_at, row_count, present_count, masked_count, missing_count, notes)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)
                ON CONFLICT (dataset, vintage) DO UPDATE SET
                    source_file = excluded.source_file, sha256 = excluded.sha256, url = excluded.url,
                    fetched_at = excluded.fetched_at, ingested_at = excluded.ingested_at,
                    row_count = 0, present_count = 0, masked_count = 0, missing_count = 0,
                    notes = excluded.notes
                RETURNING id
                """, arguments: [provenance.dataset.rawValue, provenance.vintage, provenance.sourceFile,
                                 provenance.sha256, provenance.url, provenance.fetchedAt, ingestedAt, notes])!
        } catch let error as DatabaseError {
            throw RejectedProvenance(reason: StoreError.reason(error))
        }
    }

    static func vintageSummaries(_ db: Database, sql filter: String,
                                 _ arguments: StatementArguments) throws -> [VintageSummary] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT dataset, vintage, source_file, sha256, url, fetched_at, ingested_at,
                   present_count, masked_count, missing_count, notes
            FROM dataset_vintage \(filter)
            """, arguments: arguments)
        return try rows.map { row in
            let notesText: String = row["notes"]
            let notes = try JSONDecoder().decode([String].self, from: Data(notesText.utf8))
            let provenance = VintageProvenance(
                dataset: DatasetID(row["dataset"]), vintage: row["vintage"], sourceFile: row["source_file"],
                sha256: row["sha256"], url: row["url"], fetchedAt: row["fetched_at"], notes: notes)
            return VintageSummary(provenance: provenance, ingestedAt: row["ingested_at"],
                                  presentCount: row["present_count"], maskedCount: row["masked_count"],
                                  missingCount: row["missing_count"])
        }
        .sorted {
            $0.dataset != $1.dataset ? $0.dataset < $1.dataset : VintageOrder.precedes($0.vintage, $1.vintage)
        }
    }
}

/// A provenance SQLite refused.
struct RejectedProvenance: Error {
    var reason: String
}
