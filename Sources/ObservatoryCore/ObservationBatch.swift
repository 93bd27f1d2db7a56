/// Observations as integers: what an extraction hands to the store, a batch at a time.
///
/// A row's measure, territory, period and dimension set are indices into four dictionaries
/// that grow from batch to batch of one extraction: each batch carries only the entries it adds
/// (`newMeasures`…), in index order, so a consumer appends them to its own arrays and reads
/// `territories[Int(territory[i])]`. Rows are parallel arrays; a masked or missing cell has
/// `value` 0 and its status says which.
public struct ObservationBatch: Sendable, Equatable {
    /// Dictionary entries added by this batch, continuing the indices of the previous batches.
    public var newMeasures: [String] = []
    public var newTerritories: [TerritoryID] = []
    public var newPeriods: [Period] = []
    public var newDimensionSets: [[String: String]] = []

    /// The rows.
    public var measure: [Int32] = []
    public var territory: [Int32] = []
    public var period: [Int32] = []
    public var dimensionSet: [Int32] = []
    /// The value of a present cell; 0 otherwise.
    public var value: [Double] = []
    public var status: [CellStatus] = []

    public init() {}

    /// The number of rows.
    public var count: Int { measure.count }

    /// Appends a row whose indices are already in the dictionaries.
    @inlinable
    public mutating func append(measure: Int32, territory: Int32, period: Int32, dimensionSet: Int32,
                                value: Double, status: CellStatus) {
        self.measure.append(measure)
        self.territory.append(territory)
        self.period.append(period)
        self.dimensionSet.append(dimensionSet)
        self.value.append(status == .present ? value : 0)
        self.status.append(status)
    }

    /// Reserves room for `rows` rows.
    public mutating func reserveCapacity(_ rows: Int) {
        measure.reserveCapacity(rows)
        territory.reserveCapacity(rows)
        period.reserveCapacity(rows)
        dimensionSet.reserveCapacity(rows)
        value.reserveCapacity(rows)
        status.reserveCapacity(rows)
    }
}

/// The dictionaries of a stream of ``ObservationBatch``es, accumulated by their consumer: turns
/// the batches back into ``Observation`` values (for tests, messages and small callers).
public struct ObservationDictionaries: Sendable {
    public private(set) var measures: [String] = []
    public private(set) var territories: [TerritoryID] = []
    public private(set) var periods: [Period] = []
    public private(set) var dimensionSets: [[String: String]] = []

    public init() {}

    /// Adds the entries `batch` brings.
    public mutating func add(_ batch: ObservationBatch) {
        measures += batch.newMeasures
        territories += batch.newTerritories
        periods += batch.newPeriods
        dimensionSets += batch.newDimensionSets
    }

    /// Row `row` of `batch`, whose entries were added.
    public func observation(_ batch: ObservationBatch, _ row: Int) -> Observation {
        Observation(measure: measures[Int(batch.measure[row])], territory: territories[Int(batch.territory[row])],
                    period: periods[Int(batch.period[row])], dimensions: dimensionSets[Int(batch.dimensionSet[row])],
                    value: batch.status[row] == .present ? batch.value[row] : nil, status: batch.status[row])
    }
}
