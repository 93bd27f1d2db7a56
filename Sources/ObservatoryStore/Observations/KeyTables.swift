import Foundation
import GRDB
import ObservatoryCore

/// The dictionary tables that turn measures, territories, periods and dimension sets into small
/// integers, so that an observation row is five integers, a value and a status.
/// Rows are created on first use and never deleted: they are keys, not data.
enum KeyTables {
    static func measureID(_ db: Database, _ name: String) throws -> Int64 {
        try idOrInsert(db, select: "SELECT id FROM measure WHERE name = ?",
                       insert: "INSERT INTO measure (name) VALUES (?)", [name])
    }

    static func territoryID(_ db: Database, _ territory: TerritoryID) throws -> Int64 {
        try idOrInsert(db, select: "SELECT id FROM territory WHERE geography = ? AND code = ?",
                       insert: "INSERT INTO territory (geography, code) VALUES (?, ?)",
                       [territory.geography.rawValue, territory.code])
    }

    static func periodID(_ db: Database, _ period: Period) throws -> Int64 {
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM period WHERE label = ?"),
                                       arguments: [period.description]) {
            return id
        }
        try db.cachedStatement(sql: """
            INSERT INTO period (label, kind, year, number, ordinal) VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [period.description, period.kind.rawValue, period.year,
                                     period.index, period.ordinal])
        return db.lastInsertedRowID
    }

    static func dimensionSetID(_ db: Database, _ dimensions: [String: String]) throws -> Int64 {
        let canonical = canonicalText(dimensions)
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM dimension_set WHERE canonical = ?"),
                                       arguments: [canonical]) {
            return id
        }
        try db.cachedStatement(sql: "INSERT INTO dimension_set (canonical) VALUES (?)")
            .execute(arguments: [canonical])
        let id = db.lastInsertedRowID
        let insert = try db.cachedStatement(sql: "INSERT INTO dimension (dimension_set_id, name, value) VALUES (?, ?, ?)")
        for (name, value) in dimensions {
            try insert.execute(arguments: [id, name, value])
        }
        return id
    }

    private static func idOrInsert(_ db: Database, select: String, insert: String,
                                   _ arguments: StatementArguments) throws -> Int64 {
        if let id = try Int64.fetchOne(db.cachedStatement(sql: select), arguments: arguments) {
            return id
        }
        try db.cachedStatement(sql: insert).execute(arguments: arguments)
        return db.lastInsertedRowID
    }

    // MARK: Dimension sets as text

    /// Sorted `key=value` pairs joined by `&`; `%`, `&` and `=` are percent-escaped.
    static func canonicalText(_ dimensions: [String: String]) -> String {
        dimensions.sorted { $0.key < $1.key }
            .map { escape($0.key) + "=" + escape($0.value) }
            .joined(separator: "&")
    }

    /// The inverse of `canonicalText`.
    static func dimensions(fromCanonical text: String) -> [String: String] {
        guard !text.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            result[unescape(parts[0])] = parts.count > 1 ? unescape(parts[1]) : ""
        }
        return result
    }

    private static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "%" || $0 == "&" || $0 == "=" }) else { return text }
        return text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "&", with: "%26")
            .replacingOccurrences(of: "=", with: "%3D")
    }

    private static func unescape(_ text: Substring) -> String {
        guard text.contains("%") else { return String(text) }
        return text.replacingOccurrences(of: "%26", with: "&")
            .replacingOccurrences(of: "%3D", with: "=")
            .replacingOccurrences(of: "%25", with: "%")
    }
}
