import ObservatoryData
import ObservatoryStore

/// Loads the cached file of a referential dataset — ROME, FAP, Formacode, LHEO training offers,
/// RNCP/RS certifications — into the store.
///
/// Every record is built and checked in memory first; the store is written once, at the end, by
/// the one `replace…` call of the kind, which swaps the source (`input.sourceName`) in a single
/// transaction. A file that fails to read, or rows the store refuses, thus leave the previously
/// stored version untouched.
public enum ReferentialLoader {
    /// Loads `input` (whose spec.kind is .rome, .fap, .formacode, .lheo or .rncp) into `database`, replacing that source atomically.
    ///
    /// - Returns: the rows stored, a one-line summary and notes about what was skipped or could not
    ///   be stored.
    /// - Throws: ``ReferentialError/notLoaded(source:reason:)`` whose reason is the first problem
    ///   found (a missing ZIP member or column, a malformed code with its line, a row the store
    ///   refused); the stored version of the source is then unchanged.
    public static func load(_ input: ReferentialInput, into database: ObservatoryDatabase) throws -> ReferentialReport {
        do {
            switch input.spec.kind {
            case .rome: return try RomeLoader.load(input, into: database)
            case .fap: return try FAPLoader.load(input, into: database)
            case .formacode: return try FormacodeLoader.load(input, into: database)
            case .lheo: return try LHEOLoader.load(input, into: database)
            case .rncp: return try RNCPLoader.load(input, into: database)
            default:
                throw ReferentialError.unsupportedKind(file: input.fileName, kind: input.spec.kind.rawValue)
            }
        } catch let error as ReferentialError {
            if case .notLoaded = error { throw error }
            throw ReferentialError.notLoaded(source: input.sourceName, reason: error.description)
        } catch {
            throw ReferentialError.notLoaded(source: input.sourceName, reason: String(describing: error))
        }
    }
}
