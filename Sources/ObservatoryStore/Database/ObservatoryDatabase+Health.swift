import Foundation
import GRDB

extension ObservatoryDatabase {
    /// SQLite's `PRAGMA quick_check` on the store file at `url`, opened read-only and not migrated:
    /// the pages, b-trees and records are well formed (indexes are not compared with their
    /// tables). A file that cannot be opened as a database counts as damaged.
    /// - Returns: one line per problem, at most `limit`; empty when the file is sound or absent.
    public static func quickCheck(at url: URL, limit: Int = 10) -> [String] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: url.path, configuration: configuration)
            defer { try? queue.close() }
            let lines = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(\(max(1, limit)))") }
            return lines == ["ok"] ? [] : lines
        } catch {
            return [StoreError.reason(error)]
        }
    }

    /// Writes the log into the database file and closes the store's connections (a later use
    /// throws); for moving the file or checking it.
    public func close() throws {
        do {
            try writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            try writer.close()
        } catch {
            throw StoreError.queryFailed(what: "closing \(writer.path)", reason: StoreError.reason(error))
        }
    }

    /// How many observations the store holds, every dataset and vintage together.
    public func observationCount() throws -> Int {
        try read("the observation count") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM observation") ?? 0 }
    }
}
