import ObservatoryCore

/// The dictionaries of one extraction's ``ObservationBatch``es: each measure, territory, period
/// and dimension set numbered in order of first sight, equal values (as Swift compares them)
/// sharing one number. Each batch is given the entries added since the previous one.
struct ObservationDictionaryBuilder {
    private(set) var measures: [String] = []
    private(set) var territories: [TerritoryID] = []
    private(set) var periods: [Period] = []
    private(set) var dimensionSets: [[String: String]] = []
    private var measureIndex: [String: Int32] = [:]
    private var territoryIndex: [TerritoryID: Int32] = [:]
    private var periodIndex: [Period: Int32] = [:]
    private var dimensionSetIndex: [[String: String]: Int32] = [:]
    private var sent = (measures: 0, territories: 0, periods: 0, dimensionSets: 0)

    mutating func measure(_ name: String) -> Int32 {
        if let known = measureIndex[name] { return known }
        let number = Int32(measures.count)
        measures.append(name)
        measureIndex[name] = number
        return number
    }

    mutating func territory(_ id: TerritoryID) -> (number: Int32, isNew: Bool) {
        if let known = territoryIndex[id] { return (known, false) }
        let number = Int32(territories.count)
        territories.append(id)
        territoryIndex[id] = number
        return (number, true)
    }

    mutating func period(_ period: Period) -> Int32 {
        if let known = periodIndex[period] { return known }
        let number = Int32(periods.count)
        periods.append(period)
        periodIndex[period] = number
        return number
    }

    mutating func dimensionSet(_ dimensions: [String: String]) -> Int32 {
        if let known = dimensionSetIndex[dimensions] { return known }
        let number = Int32(dimensionSets.count)
        dimensionSets.append(dimensions)
        dimensionSetIndex[dimensions] = number
        return number
    }

    /// Gives `batch` the entries added since the previous call.
    mutating func fill(_ batch: inout ObservationBatch) {
        batch.newMeasures = Array(measures[sent.measures...])
        batch.newTerritories = Array(territories[sent.territories...])
        batch.newPeriods = Array(periods[sent.periods...])
        batch.newDimensionSets = Array(dimensionSets[sent.dimensionSets...])
        sent = (measures.count, territories.count, periods.count, dimensionSets.count)
    }
}
