import ObservatoryCore

/// The dictionaries of one extraction's ``ObservationBatch``es: each measure, territory, period
/// and dimension set numbered in order of first sight, equal values (as Swift compares them)
/// sharing one number. Each batch is given the entries added since the previous one.
struct ObservationDictionaryBuilder {
    /// Values numbered from 0 in order of first sight, and how many a batch has been given.
    struct Numbering<Value: Hashable> {
        private(set) var values: [Value] = []
        private var index: [Value: Int32] = [:]
        private var sent = 0

        subscript(number: Int) -> Value { values[number] }

        mutating func number(_ value: Value) -> (number: Int32, isNew: Bool) {
            if let known = index[value] { return (known, false) }
            let number = Int32(values.count)
            values.append(value)
            index[value] = number
            return (number, true)
        }

        /// The values numbered since the previous call.
        mutating func unsent() -> [Value] {
            defer { sent = values.count }
            return Array(values[sent...])
        }
    }

    private(set) var measures = Numbering<String>()
    private(set) var territories = Numbering<TerritoryID>()
    private(set) var periods = Numbering<Period>()
    private(set) var dimensionSets = Numbering<[String: String]>()

    mutating func measure(_ name: String) -> Int32 { measures.number(name).number }

    mutating func territory(_ id: TerritoryID) -> (number: Int32, isNew: Bool) { territories.number(id) }

    mutating func period(_ period: Period) -> Int32 { periods.number(period).number }

    mutating func dimensionSet(_ dimensions: [String: String]) -> Int32 { dimensionSets.number(dimensions).number }

    /// Gives `batch` the entries added since the previous call.
    mutating func fill(_ batch: inout ObservationBatch) {
        batch.newMeasures = measures.unsent()
        batch.newTerritories = territories.unsent()
        batch.newPeriods = periods.unsent()
        batch.newDimensionSets = dimensionSets.unsent()
    }
}
