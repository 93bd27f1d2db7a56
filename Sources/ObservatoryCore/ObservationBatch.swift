/// Observations as integers: what an extraction hands to the store, a batch at a time.
///
/// A row's measure, territory, period and dimension set are indices into four dictionaries
/// that grow from batch to batch of one extraction: each batch carries only the entries it adds
/// (`newMeasures`…), in index order, so a consumer appends them to its own arrays and reads
/// `territories[Int(rows[i].territory)]`.
public struct ObservationBatch: Sendable, Equatable {
    /// Dictionary entries added by this batch, continuing the indices of the previous batches.
    public var newMeasures: [String] = []
    public var newTerritories: [TerritoryID] = []
    public var newPeriods: [Period] = []
    public var newDimensionSets: [[String: String]] = []
    /// The rows, in the order of the file.
    public var rows: [CodedObservation] = []

    public init() {}

    /// The number of rows.
    public var count: Int { rows.count }

    /// Appends a row whose indices are already in the dictionaries.
    @inlinable
    public mutating func append(measure: Int32, territory: Int32, period: Int32, dimensionSet: Int32,
                                value: Double, status: CellStatus) {
        rows.append(CodedObservation(measure: measure, territory: territory, period: period, dimensionSet: dimensionSet,
                                     value: status == .present ? value : 0, status: status))
    }
}

/// One row of an ``ObservationBatch``: dictionary indices, the value of a present cell (0
/// otherwise: a masked or missing cell has no value, and its status says which).
public struct CodedObservation: Sendable, Hashable {
    public var measure: Int32
    public var territory: Int32
    public var period: Int32
    public var dimensionSet: Int32
    public var value: Double
    public var status: CellStatus

    @inlinable
    public init(measure: Int32, territory: Int32, period: Int32, dimensionSet: Int32, value: Double, status: CellStatus) {
        self.measure = measure
        self.territory = territory
        self.period = period
        self.dimensionSet = dimensionSet
        self.value = value
        self.status = status
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
        let coded = batch.rows[row]
        return Observation(measure: measures[Int(coded.measure)], territory: territories[Int(coded.territory)],
                           period: periods[Int(coded.period)], dimensions: dimensionSets[Int(coded.dimensionSet)],
                           value: coded.status == .present ? coded.value : nil, status: coded.status)
    }
}
