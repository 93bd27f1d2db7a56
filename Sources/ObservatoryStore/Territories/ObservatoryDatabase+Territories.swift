import Foundation
import GRDB
import ObservatoryCore

extension ObservatoryDatabase {
    /// Replaces the territory names and memberships of one referential source (e.g.
    /// `insee-ze2020@2022`, `bmo-bassins@2019`, `gpect-custom`), whole or not at all. Other
    /// sources are not touched. A territory named by several sources takes the name of the
    /// latest replaced one.
    /// - Throws: `StoreError.rowRejected` for a duplicate territory or membership, an empty
    ///   name, a territory member of itself; the previous content of the source is then kept.
    @discardableResult
    public func replaceTerritories(source: String, territories: [Territory],
                                   memberships: [Membership]) throws -> TerritorySource {
        let replacedAt = now()
        return try replace("territories of source '\(source)'") { db in
            let sourceID = try Int64.fetchOne(db, sql: """
                INSERT INTO territory_source (name, revision, replaced_at)
                VALUES (?, (SELECT coalesce(max(revision), 0) + 1 FROM territory_source), ?)
                ON CONFLICT (name) DO UPDATE SET revision = excluded.revision, replaced_at = excluded.replaced_at
                RETURNING id
                """, arguments: [source, replacedAt])!
            try db.execute(sql: "DELETE FROM territory_name WHERE source_id = ?", arguments: [sourceID])
            try db.execute(sql: "DELETE FROM membership WHERE source_id = ?", arguments: [sourceID])
            let insertName = try db.makeStatement(sql: """
                INSERT INTO territory_name (source_id, territory_id, name, search_key) VALUES (?, ?, ?, ?)
                """)
            for territory in territories {
                let id = try territoryID(db, territory.id)
                try Self.insert(insertName, [sourceID, id, territory.name, SearchKey.fold(territory.name)],
                                row: "territory \(territory.id) '\(territory.name)'")
            }
            let insertMembership = try db.makeStatement(sql: """
                INSERT INTO membership (source_id, member_id, parent_id, is_partial) VALUES (?, ?, ?, ?)
                """)
            for membership in memberships {
                try Self.insert(insertMembership, [sourceID, try territoryID(db, membership.member),
                                                   try territoryID(db, membership.parent), membership.isPartial],
                                row: "membership of \(membership.member) in \(membership.parent)")
            }
            return TerritorySource(name: source, replacedAt: replacedAt, territoryCount: territories.count,
                                   membershipCount: memberships.count)
        }
    }

    /// The named territories, in geography then code order.
    /// - Parameters:
    ///   - geography: only this geography; `nil` for all.
    ///   - nameContains: only names containing this text, ignoring case, accents and
    ///     punctuation (`chateauroux` finds `Châteauroux`); `nil` for all.
    public func territories(geography: Geography? = nil, nameContains: String? = nil) throws -> [Territory] {
        let pattern = nameContains.map { "%" + SearchKey.fold($0) + "%" }
        return try read("territories") { db in
            try Self.namedTerritories(db, sql: """
                WHERE (?1 IS NULL OR t.geography = ?1)
                  AND (?2 IS NULL OR n.territory_id IN (SELECT territory_id FROM territory_name
                                                        WHERE search_key LIKE ?2))
                """, arguments: [geography?.rawValue, pattern])
        }
    }

    /// The territory and its name; `nil` when no source names it.
    public func territory(_ id: TerritoryID) throws -> Territory? {
        try read("territory \(id)") { db in
            try Self.namedTerritories(db, sql: "WHERE t.geography = ? AND t.code = ?",
                                      arguments: [id.geography.rawValue, id.code]).first
        }
    }

    /// The memberships whose parent is `parent` (the communes of a zone, the zones of a
    /// département…), members in order. Only memberships a source states: they are not
    /// chained, since a zone only partly in a region does not put all its communes in it.
    /// - Parameters:
    ///   - geography: only members of this geography; `nil` for all.
    ///   - source: only memberships of this source; `nil` for all sources.
    public func members(of parent: TerritoryID, geography: Geography? = nil,
                        source: String? = nil) throws -> [Membership] {
        try read("the members of \(parent)") { db in
            try Self.memberships(db, sql: "p.geography = ?2 AND p.code = ?3 AND (?4 IS NULL OR m.geography = ?4)",
                                 arguments: [source, parent.geography.rawValue, parent.code, geography?.rawValue])
        }
    }

    /// The memberships whose member is `member` (the zone, département, région, bassin BMO
    /// of a commune…), parents in order; filtered as in `members(of:geography:source:)`.
    public func parents(of member: TerritoryID, geography: Geography? = nil,
                        source: String? = nil) throws -> [Membership] {
        try read("the parents of \(member)") { db in
            try Self.memberships(db, sql: "m.geography = ?2 AND m.code = ?3 AND (?4 IS NULL OR p.geography = ?4)",
                                 arguments: [source, member.geography.rawValue, member.code, geography?.rawValue])
        }
    }

    /// The territory sources, in name order.
    public func territorySources() throws -> [TerritorySource] {
        try read("the territory sources") { db in
            try Row.fetchAll(db, sql: """
                SELECT s.name, s.replaced_at,
                       (SELECT count(*) FROM territory_name n WHERE n.source_id = s.id),
                       (SELECT count(*) FROM membership m WHERE m.source_id = s.id)
                FROM territory_source s ORDER BY s.name
                """).map {
                TerritorySource(name: $0[0], replacedAt: $0[1], territoryCount: $0[2], membershipCount: $0[3])
            }
        }
    }

    private func territoryID(_ db: Database, _ id: TerritoryID) throws -> Int64 {
        do {
            return try KeyTables.territoryID(db, id)
        } catch {
            throw RejectedRow(row: "territory \(id)", reason: StoreError.reason(error))
        }
    }

    /// Territories with the name from their latest replaced source, filtered by `sql` on
    /// `t` (territory) and `n` (its names).
    private static func namedTerritories(_ db: Database, sql filter: String,
                                         arguments: StatementArguments) throws -> [Territory] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT t.geography, t.code, n.name
            FROM territory t
            JOIN territory_name n ON n.territory_id = t.id
            JOIN territory_source s ON s.id = n.source_id
            \(filter)
            ORDER BY t.id, s.revision DESC
            """, arguments: arguments)
        var seen = Set<TerritoryID>()
        var result: [Territory] = []
        for row in rows {
            guard let id = territoryID(row, 0), seen.insert(id).inserted else { continue }
            result.append(Territory(id: id, name: row[2]))
        }
        return result.sorted { $0.id < $1.id }
    }

    /// Memberships joined to their member `m` and parent `p`; argument 1 is the source name.
    private static func memberships(_ db: Database, sql filter: String,
                                    arguments: StatementArguments) throws -> [Membership] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT m.geography, m.code, p.geography, p.code, max(x.is_partial)
            FROM membership x
            JOIN territory m ON m.id = x.member_id
            JOIN territory p ON p.id = x.parent_id
            JOIN territory_source s ON s.id = x.source_id
            WHERE (?1 IS NULL OR s.name = ?1) AND \(filter)
            GROUP BY x.member_id, x.parent_id
            """, arguments: arguments)
        return rows.compactMap { row -> Membership? in
            guard let member = territoryID(row, 0), let parent = territoryID(row, 2) else { return nil }
            return Membership(member: member, parent: parent, isPartial: row[4])
        }
        .sorted { ($0.parent, $0.member) < ($1.parent, $1.member) }
    }

    /// Reads a territory from (geography, code) columns; `nil` for a geography unknown to this
    /// version of the code.
    static func territoryID(_ row: Row, _ index: Int) -> TerritoryID? {
        guard let geography = Geography(rawValue: row[index]) else { return nil }
        return TerritoryID(geography, row[index + 1])
    }
}

extension ObservatoryDatabase {
    /// Every membership whose member and parent have the given geographies (`nil` for any), all
    /// sources together, in one query — for building lookup tables.
    public func memberships(memberGeography: Geography?, parentGeography: Geography?) throws -> [Membership] {
        try read("the memberships") { db in
            try Row.fetchAll(db, sql: """
                SELECT DISTINCT m.geography, m.code, p.geography, p.code, ms.is_partial
                FROM membership ms
                JOIN territory m ON m.id = ms.member_id
                JOIN territory p ON p.id = ms.parent_id
                WHERE (?1 IS NULL OR m.geography = ?1) AND (?2 IS NULL OR p.geography = ?2)
                """, arguments: [memberGeography?.rawValue, parentGeography?.rawValue]).compactMap { row in
                guard let memberGeography = Geography(rawValue: row[0]), let parentGeography = Geography(rawValue: row[2]) else { return nil }
                return Membership(member: TerritoryID(memberGeography, row[1]), parent: TerritoryID(parentGeography, row[3]),
                                  isPartial: row[4])
            }
        }
    }
}
