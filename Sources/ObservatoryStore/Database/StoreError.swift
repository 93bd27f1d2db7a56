import GRDB
import ObservatoryCore

/// What went wrong in the store, where, and what was kept.
public enum StoreError: Error, CustomStringConvertible {
    /// The database file could not be opened (missing directory rights, not a database…).
    case openFailed(path: String, reason: String)
    /// The schema could not be brought up to date; the file keeps its previous schema and data.
    case migrationFailed(path: String, reason: String)
    /// The ingest's `load` closure threw; the previous observations of that vintage are kept.
    case loadFailed(dataset: DatasetID, vintage: String, kept: String, underlying: any Error)
    /// SQLite refused an observation (a constraint such as a present cell without a value, or a
    /// duplicate key); the whole ingest was rolled back and the previous vintage kept.
    case observationRejected(dataset: DatasetID, vintage: String, row: Int, observation: Observation,
                             reason: String, kept: String)
    /// A vintage's provenance was refused (a malformed sha256, an empty label…).
    case provenanceRejected(dataset: DatasetID, vintage: String, reason: String, kept: String)
    /// Another ingest failure (disk full, I/O error); the previous vintage is kept.
    case ingestFailed(dataset: DatasetID, vintage: String, reason: String, kept: String)
    /// A referential or territory row was refused; nothing of that replacement was written.
    case rowRejected(what: String, row: String, reason: String)
    /// A replacement failed for another reason; the previous content is kept.
    case replaceFailed(what: String, reason: String)
    /// A read failed.
    case queryFailed(what: String, reason: String)

    public var description: String {
        switch self {
        case let .openFailed(path, reason):
            "cannot open the store \(path): \(reason); nothing was changed"
        case let .migrationFailed(path, reason):
            "cannot migrate the store \(path): \(reason); the file keeps its previous schema and data"
        case let .loadFailed(dataset, vintage, kept, underlying):
            "ingest of \(dataset) \(vintage) failed while loading: \(underlying); \(kept)"
        case let .observationRejected(dataset, vintage, row, observation, reason, kept):
            "ingest of \(dataset) \(vintage) failed: observation #\(row) (\(Self.describe(observation))) "
                + "was refused: \(reason); \(kept)"
        case let .provenanceRejected(dataset, vintage, reason, kept):
            "ingest of \(dataset) \(vintage) failed: its provenance was refused: \(reason); \(kept)"
        case let .ingestFailed(dataset, vintage, reason, kept):
            "ingest of \(dataset) \(vintage) failed: \(reason); \(kept)"
        case let .rowRejected(what, row, reason):
            "replacing \(what) failed: \(row) was refused: \(reason); the previous \(what) are kept"
        case let .replaceFailed(what, reason):
            "replacing \(what) failed: \(reason); the previous \(what) are kept"
        case let .queryFailed(what, reason):
            "reading \(what) failed: \(reason)"
        }
    }

    static func describe(_ observation: Observation) -> String {
        let dimensions = observation.dimensions.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        let value = observation.value.map { String($0) } ?? "NULL"
        return "\(observation.measure) \(observation.territory) \(observation.period)"
            + (dimensions.isEmpty ? "" : " [\(dimensions)]") + " = \(value) (\(observation.status.rawValue))"
    }

    /// A short reason for an underlying error: SQLite's own message for database errors.
    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return constraintReason(error) ?? (error.message ?? "\(error.resultCode)")
        }
        return "\(error)"
    }

    /// Names the constraint family, since SQLite's message alone is terse.
    static func constraintReason(_ error: DatabaseError) -> String? {
        let message = error.message ?? ""
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_PRIMARYKEY, .SQLITE_CONSTRAINT_UNIQUE:
            return "duplicate key (\(message))"
        case .SQLITE_CONSTRAINT_CHECK:
            return "check constraint failed (\(message))"
        case .SQLITE_CONSTRAINT_NOTNULL:
            return "a required value is missing (\(message))"
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return "it refers to a row that does not exist (\(message))"
        case .SQLITE_CONSTRAINT_DATATYPE:
            return "wrong data type (\(message))"
        default:
            return nil
        }
    }
}
