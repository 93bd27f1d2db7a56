import Foundation
import GRDB
import ObservatoryCore

extension ObservatoryDatabase {
    /// The observations matching `query`, vintage by vintage (oldest label first), then by
    /// territory, period and dimensions. Masked and missing cells come with a `nil` value.
    /// When `query.vintages` is `.all`, the same cell may come once per vintage: use
    /// `forEachObservation` to know which.
    public func observations(_ query: ObservationQuery) throws -> [Observation] {
        var result: [Observation] = []
        try forEachObservation(query) { _, observation in result.append(observation) }
        return result
    }

    /// Streams the observations matching `query` to `body` with their vintage label, in the
    /// order of `observations(_:)`, without holding them all in memory. All come from one
    /// snapshot of the store, even while an ingest runs. `body` runs inside the read and must
    /// not call the store back (GRDB connections are not reentrant).
    /// - Throws: `StoreError.queryFailed`, or what `body` throws.
    public func forEachObservation(_ query: ObservationQuery,
                                   _ body: (_ vintage: String, _ observation: Observation) throws -> Void) throws {
        try read("observations of \(query.dataset) \(query.measure)") { db in
            guard let measureID = try Int64.fetchOne(db, sql: "SELECT id FROM measure WHERE name = ?",
                                                     arguments: [query.measure]) else { return }
            let (filterSQL, filterArguments) = try Self.filter(query)
            let statement = try db.makeStatement(sql: """
                SELECT t.geography, t.code, p.kind, p.year, p.number, o.dimension_set_id, d.canonical,
                       o.value, o.status
                FROM observation o
                JOIN territory t ON t.id = o.territory_id
                JOIN period p ON p.id = o.period_id
                JOIN dimension_set d ON d.id = o.dimension_set_id
                WHERE o.vintage_id = ? AND o.measure_id = ? \(filterSQL)
                ORDER BY t.geography, t.code, p.kind, p.ordinal, d.canonical
                """)
            var dimensionSets: [Int64: [String: String]] = [:]
            for (vintageID, vintage) in try Self.vintageIDs(db, query, measureID: measureID) {
                var arguments: StatementArguments = [vintageID, measureID]
                arguments += filterArguments
                let rows = try Row.fetchCursor(statement, arguments: arguments)
                while let row = try rows.next() {
                    let setID: Int64 = row[5]
                    let dimensions = dimensionSets[setID] ?? KeyTables.dimensions(fromCanonical: row[6])
                    dimensionSets[setID] = dimensions
                    try body(vintage, Self.observation(row, measure: query.measure, dimensions: dimensions))
                }
            }
        }
    }

    /// The periods `dataset` has observations for, in order; only those of `vintage` when given.
    public func periods(of dataset: DatasetID, vintage: String? = nil) throws -> [Period] {
        try read("the periods of \(dataset)") { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT DISTINCT p.kind, p.year, p.number
                FROM dataset_vintage v
                JOIN observation o ON o.vintage_id = v.id
                JOIN period p ON p.id = o.period_id
                WHERE v.dataset = ? AND (?2 IS NULL OR v.vintage = ?2)
                """, arguments: [dataset.rawValue, vintage])
            return try rows.map { try Self.period($0, kind: 0) }.sorted()
        }
    }

    /// The measures `dataset` has observations for, sorted.
    public func measures(of dataset: DatasetID) throws -> [String] {
        try read("the measures of \(dataset)") { db in
            try String.fetchAll(db, sql: """
                SELECT m.name FROM measure m
                WHERE EXISTS (SELECT 1 FROM dataset_vintage v JOIN observation o
                              ON o.vintage_id = v.id AND o.measure_id = m.id WHERE v.dataset = ?)
                ORDER BY m.name
                """, arguments: [dataset.rawValue])
        }
    }

    /// The vintages to read, oldest label first, among those holding the measure.
    private static func vintageIDs(_ db: Database, _ query: ObservationQuery,
                                   measureID: Int64) throws -> [(Int64, String)] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT v.id, v.vintage FROM dataset_vintage v
            WHERE v.dataset = ?
              AND EXISTS (SELECT 1 FROM observation o WHERE o.vintage_id = v.id AND o.measure_id = ?)
            """, arguments: [query.dataset.rawValue, measureID])
        let all = rows.map { (row: Row) -> (Int64, String) in (row[0], row[1]) }
            .sorted { VintageOrder.precedes($0.1, $1.1) }
        switch query.vintages {
        case .all: return all
        case .latest: return all.last.map { [$0] } ?? []
        case .only(let label): return all.filter { $0.1 == label }
        }
    }

    /// The SQL conditions (each starting with AND) and their arguments for the query's filters.
    private static func filter(_ query: ObservationQuery) throws -> (String, StatementArguments) {
        var sql = ""
        var arguments = StatementArguments()
        if let geography = query.geography {
            sql += " AND t.geography = ?"
            arguments += [geography.rawValue]
        }
        if let territories = query.territories {
            let keys = territories.map(\.description)
            let json = String(decoding: try JSONEncoder().encode(keys), as: UTF8.self)
            sql += " AND t.geography || ':' || t.code IN (SELECT value FROM json_each(?))"
            arguments += [json]
        }
        if let periods = query.periods {
            sql += " AND (p.kind, p.ordinal) BETWEEN (?, ?) AND (?, ?)"
            arguments += [periods.lowerBound.kind.rawValue, periods.lowerBound.ordinal,
                          periods.upperBound.kind.rawValue, periods.upperBound.ordinal]
        }
        for (name, value) in query.dimensions.sorted(by: { $0.key < $1.key }) {
            sql += " AND o.dimension_set_id IN (SELECT dimension_set_id FROM dimension WHERE name = ? AND value = ?)"
            arguments += [name, value]
        }
        return (sql, arguments)
    }

    private static func observation(_ row: Row, measure: String, dimensions: [String: String]) throws -> Observation {
        let geographyName: String = row[0]
        guard let geography = Geography(rawValue: geographyName) else {
            throw UnreadableRow(reason: "unknown geography '\(geographyName)'")
        }
        let status: CellStatus = switch row[8] as Int64 {
        case 0: .present
        case 1: .masked
        default: .missing
        }
        return Observation(measure: measure, territory: TerritoryID(geography, row[1]),
                           period: try period(row, kind: 2), dimensions: dimensions,
                           value: row[7], status: status)
    }

    /// Reads a period from three columns, kind, year, number, starting at `kind`.
    private static func period(_ row: Row, kind index: Int) throws -> Period {
        let kind: String = row[index]
        let year: Int = row[index + 1]
        let number: Int = row[index + 2]
        switch Period.Kind(rawValue: kind) {
        case .year: return .year(year)
        case .quarter: return .quarter(year, number)
        case .month: return .month(year, number)
        case nil: throw UnreadableRow(reason: "unknown period kind '\(kind)'")
        }
    }
}

/// A stored row this version of the code cannot turn into a value.
struct UnreadableRow: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
