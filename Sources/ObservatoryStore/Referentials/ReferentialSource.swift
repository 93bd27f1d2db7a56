import Foundation
import GRDB

/// The kinds of referential, each replaced per source.
public enum ReferentialKind: String, Sendable, Hashable, CaseIterable {
    case rome, fap, formacode, training, certification
}

/// One stored source of a referential, e.g. (`rome`, `rome-v460`).
public struct ReferentialSource: Sendable, Hashable {
    public var kind: ReferentialKind
    public var name: String
    public var replacedAt: Date
    /// Rows stored for it, all tables together.
    public var rowCount: Int
}

extension ObservatoryDatabase {
    /// The stored referential sources, by kind then name.
    public func referentialSources() throws -> [ReferentialSource] {
        try read("the referential sources") { db in
            try Row.fetchAll(db, sql: "SELECT kind, name, replaced_at, row_count FROM referential_source")
                .compactMap { row -> ReferentialSource? in
                    guard let kind = ReferentialKind(rawValue: row[0]) else { return nil }
                    return ReferentialSource(kind: kind, name: row[1], replacedAt: row[2], rowCount: row[3])
                }
                .sorted { ($0.kind.rawValue, $0.name) < ($1.kind.rawValue, $1.name) }
        }
    }

    /// Removes a referential source and all its rows; does nothing when it is not stored.
    public func removeReferential(_ kind: ReferentialKind, source: String) throws {
        try replace("\(kind.rawValue) referential '\(source)'") { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM referential_source WHERE kind = ? AND name = ?",
                                              arguments: [kind.rawValue, source]) else { return }
            for table in Self.tables(of: kind) {
                try db.execute(sql: "DELETE FROM \(table) WHERE source_id = ?", arguments: [id])
            }
            try db.execute(sql: "DELETE FROM referential_source WHERE id = ?", arguments: [id])
        }
    }

    /// Replaces every row of a referential source in one transaction: `body` inserts the new
    /// rows for the source id it is given.
    func replaceReferential(_ kind: ReferentialKind, source: String, rowCount: Int,
                            _ body: (Database, Int64) throws -> Void) throws -> ReferentialSource {
        let replacedAt = now()
        return try replace("\(kind.rawValue) referential '\(source)'") { db in
            let id = try Int64.fetchOne(db, sql: """
                INSERT INTO referential_source (kind, name, revision, replaced_at, row_count)
                VALUES (?, ?, (SELECT coalesce(max(revision), 0) + 1 FROM referential_source), ?, ?)
                ON CONFLICT (kind, name) DO UPDATE SET
                    revision = excluded.revision, replaced_at = excluded.replaced_at, row_count = excluded.row_count
                RETURNING id
                """, arguments: [kind.rawValue, source, replacedAt, rowCount])!
            for table in Self.tables(of: kind) {
                try db.execute(sql: "DELETE FROM \(table) WHERE source_id = ?", arguments: [id])
            }
            try body(db, id)
            return ReferentialSource(kind: kind, name: source, replacedAt: replacedAt, rowCount: rowCount)
        }
    }

    /// The tables of a kind, referencing tables before the tables they reference.
    static func tables(of kind: ReferentialKind) -> [String] {
        switch kind {
        case .rome: ["mobility_link", "competence_link", "competence", "rome_appellation", "rome_metier"]
        case .fap: ["fap_rome_qualification", "fap_rome", "fap_label"]
        case .formacode: ["rome_formacode", "formacode"]
        case .training: ["training_session", "training_offer_code", "training_offer"]
        case .certification: ["certification_block", "certification_code", "certification"]
        }
    }

    /// An SQL condition on `alias.source_id`: any source of `kind` when argument `?1` is NULL,
    /// else the source it names.
    static func sourceCondition(_ kind: ReferentialKind, alias: String) -> String {
        "(?1 IS NULL OR \(alias).source_id = (SELECT id FROM referential_source WHERE kind = '\(kind.rawValue)' AND name = ?1))"
    }
}

extension Array where Element: Hashable {
    /// The elements without repeats, first occurrence kept: several sources may give the same row.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
