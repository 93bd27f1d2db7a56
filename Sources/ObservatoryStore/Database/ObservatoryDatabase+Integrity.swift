import GRDB

extension ObservatoryDatabase {
    /// Checks what SQLite does not check on each insert: observation keys that name no
    /// vintage, measure, territory, period or dimension set (the observation table declares no
    /// foreign keys, for ingest speed), and every declared foreign key. Reads the whole store.
    /// - Returns: one line per problem; empty when the store is consistent.
    public func integrityProblems() throws -> [String] {
        try read("the store's integrity") { db in
            var problems: [String] = []
            for (column, table) in [("vintage_id", "dataset_vintage"), ("measure_id", "measure"),
                                    ("territory_id", "territory"), ("period_id", "period"),
                                    ("dimension_set_id", "dimension_set")] {
                let orphans = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM observation o WHERE NOT EXISTS (SELECT 1 FROM \(table) WHERE id = o.\(column))
                    """) ?? 0
                if orphans > 0 {
                    problems.append("\(orphans) observations have a \(column) that names no row of \(table)")
                }
            }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                let table: String = row[0]
                let parent: String = row[2]
                problems.append("a row of \(table) refers to a missing row of \(parent)")
            }
            return problems
        }
    }
}
