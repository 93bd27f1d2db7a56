import GRDB
import ObservatoryCore

extension ObservatoryDatabase {
    /// Every dimension's code labels, all datasets together (`metier` → `S0Z40` → `Bouchers`);
    /// the latest vintage's label wins, then the first dataset in id order.
    public func allDimensionLabels() throws -> [String: [String: String]] {
        try read("the dimension labels") { db in
            let rows = try Row.fetchAll(db, sql: "SELECT dataset, vintage, dimension, code, label FROM dimension_label ORDER BY dataset DESC")
            var labels: [String: [String: String]] = [:]
            for row in rows.sorted(by: { VintageOrder.precedes($0[1] as String, $1[1] as String) }) {
                labels[row[2] as String, default: [:]][row[3] as String] = row[4] as String
            }
            return labels
        }
    }
}
