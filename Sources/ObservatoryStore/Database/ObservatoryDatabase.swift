import Foundation
import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif

/// The observatory's embedded SQLite store: dataset vintages and their observations, territories
/// and their memberships, and the ROME / FAP / Formacode / training referentials.
///
/// Every method is one use case and one transaction: a replacement happens whole or not at all,
/// and a reader never sees half of one. The methods are synchronous and block the calling thread
/// while SQLite works; call them from a thread or task that may block.
public final class ObservatoryDatabase: Sendable {
    /// The file name used inside the cache directory by convention (`Cache/observatory.sqlite`).
    public static let defaultFileName = "observatory.sqlite"

    let writer: any DatabaseWriter
    let now: @Sendable () -> Date

    /// Wraps an open GRDB connection and migrates it to the current schema.
    init(writer: any DatabaseWriter, now: @escaping @Sendable () -> Date) throws {
        self.writer = writer
        self.now = now
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw StoreError.migrationFailed(path: writer.path, reason: StoreError.reason(error))
        }
    }

    /// Opens (creating it and its directory if needed) the store file at `url`, in WAL mode so
    /// that readers go on while an ingest writes, and migrates it to the current schema.
    /// - Parameter now: the clock stamped on ingests and replacements.
    /// - Throws: `StoreError.openFailed` when the file cannot be opened or is not a database,
    ///   `StoreError.migrationFailed` when the schema cannot be brought up to date (the file is
    ///   left as it was).
    public static func open(at url: URL,
                            now: @escaping @Sendable () -> Date = { Date() }) throws -> ObservatoryDatabase {
        let pool: DatabasePool
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            pool = try DatabasePool(path: url.path, configuration: configuration())
        } catch {
            throw StoreError.openFailed(path: url.path, reason: StoreError.reason(error))
        }
        return try ObservatoryDatabase(writer: pool, now: now)
    }

    /// An empty store in memory, for tests and dry runs; it disappears with the value.
    public static func inMemory(now: @escaping @Sendable () -> Date = { Date() }) throws -> ObservatoryDatabase {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: configuration())
        } catch {
            throw StoreError.openFailed(path: ":memory:", reason: StoreError.reason(error))
        }
        return try ObservatoryDatabase(writer: queue, now: now)
    }

    /// Copies the write-ahead log into the store and empties it: after an ingest, so that the
    /// log a large file grew does not stay on disk.
    public func shrinkLog() throws {
        try writer.writeWithoutTransaction { db in _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// The path of the database file (`:memory:` for an in-memory store).
    public var path: String { writer.path }

    static func configuration() -> Configuration {
        var config = Configuration()
        config.label = "observatory"
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            // Keep the write-ahead log when the last connection closes. Otherwise GRDB, finding
            // no log at the next open, creates and drops a table to make one, which rewrites the
            // store's header on every run: a run that read nothing new would change the file,
            // and the store check (which trusts an unchanged size and date) would rerun each time.
            var persist: Int32 = 1
            _ = sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
            // A bulk ingest inserts into a B-tree in key order of its own, not ours: give the
            // writer enough page cache to keep a few million rows' pages without spilling.
            // Readers keep SQLite's default.
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -131072") // KiB: 128 MiB
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
                // No journal_size_limit: with it, closing would truncate the kept log to nothing
                // (see above). An ingest shrinks the log itself when it is done (`shrinkLog()`).
            }
        }
        return config
    }

    /// Runs `updates` in one write transaction, turning any failure into a `StoreError` that
    /// says what was attempted and that the previous content was kept.
    func replace<T>(_ what: String, _ updates: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(updates)
        } catch let error as StoreError {
            throw error
        } catch let rejected as RejectedRow {
            throw StoreError.rowRejected(what: what, row: rejected.row, reason: rejected.reason)
        } catch {
            throw StoreError.replaceFailed(what: what, reason: StoreError.reason(error))
        }
    }

    /// Executes an insert of one referential row, naming the row if SQLite refuses it.
    static func insert(_ statement: Statement, _ arguments: StatementArguments,
                       row: @autoclosure () -> String) throws {
        do {
            try statement.execute(arguments: arguments)
        } catch {
            throw RejectedRow(row: row(), reason: StoreError.reason(error))
        }
    }

    /// Runs `value` in one read transaction, turning any failure into a `StoreError`.
    func read<T>(_ what: String, _ value: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(value)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.queryFailed(what: what, reason: StoreError.reason(error))
        }
    }
}

/// A row SQLite refused during a replacement, described for the error message.
struct RejectedRow: Error {
    var row: String
    var reason: String
}
