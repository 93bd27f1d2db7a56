import Foundation
import GRDB
import ObservatoryCore

/// A territory's boundary as a file publishes it: a GeoJSON `Polygon` or `MultiPolygon` geometry
/// in longitude/latitude (WGS84), kept as text so that what the store holds is what was read.
public struct Boundary: Sendable, Hashable {
    public var id: TerritoryID
    public var name: String
    /// The GeoJSON geometry object, compact JSON.
    public var geometry: String
    /// `dataset/file` it was read from.
    public var source: String

    public init(id: TerritoryID, name: String, geometry: String, source: String) {
        self.id = id
        self.name = name
        self.geometry = geometry
        self.source = source
    }
}

extension ObservatoryDatabase {
    /// Replaces the boundaries one file gives for one geography, whole or not at all.
    /// - Throws: `StoreError.rowRejected` for a duplicate code or a geometry that is not JSON;
    ///   the previous boundaries of the source are then kept.
    public func replaceBoundaries(source: String, geography: Geography, boundaries: [Boundary]) throws {
        try replace("boundaries of source '\(source)'") { db in
            try db.execute(sql: "DELETE FROM boundary WHERE source = ? AND geography = ?",
                           arguments: [source, geography.rawValue])
            let insert = try db.makeStatement(sql: """
                INSERT INTO boundary (source, geography, code, name, geometry) VALUES (?, ?, ?, ?, ?)
                """)
            for boundary in boundaries {
                try Self.insert(insert, [source, geography.rawValue, boundary.id.code, boundary.name, boundary.geometry],
                                row: "boundary of \(boundary.id)")
            }
        }
    }

    /// The boundaries of a geography, by code. When several files give the same territory (a
    /// regional file and a national one), the one with the longest geometry text, the most
    /// detailed, is kept; ties go to the first source in name order.
    public func boundaries(geography: Geography) throws -> [Boundary] {
        try read("boundaries of \(geography.rawValue)") { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT source, code, name, geometry FROM boundary WHERE geography = ?
                ORDER BY code, length(geometry) DESC, source
                """, arguments: [geography.rawValue])
            var result: [Boundary] = []
            for row in rows {
                let code: String = row["code"]
                if result.last?.id.code == code { continue }
                result.append(Boundary(id: TerritoryID(geography, code), name: row["name"], geometry: row["geometry"],
                                       source: row["source"]))
            }
            return result
        }
    }

    /// The sources (`dataset/file`) boundaries were read from, for provenance.
    public func boundarySources() throws -> [String] {
        try read("boundary sources") { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT source FROM boundary ORDER BY source")
        }
    }
}
