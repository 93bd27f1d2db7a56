import ObservatoryCore

/// Which observations of one dataset measure to read.
public struct ObservationQuery: Sendable, Hashable {
    /// Which vintages to read.
    public enum Vintages: Sendable, Hashable {
        /// Every stored vintage, oldest label first (yearly surveys such as BMO).
        case all
        /// Only the latest vintage label that holds the measure (revised series such as the
        /// unemployment rates, where each vintage republishes the whole history).
        case latest
        /// Only the named vintage.
        case only(String)
    }

    public var dataset: DatasetID
    public var measure: String
    public var vintages: Vintages
    /// Only territories of this geography; `nil` for all.
    public var geography: Geography?
    /// Only these territories; `nil` for all.
    public var territories: Set<TerritoryID>?
    /// Only periods in this range (of the same kind as its bounds); `nil` for all.
    public var periods: ClosedRange<Period>?
    /// Only observations whose dimensions include each of these `key = value` pairs.
    public var dimensions: [String: String]

    public init(dataset: DatasetID, measure: String, vintages: Vintages = .all, geography: Geography? = nil,
                territories: Set<TerritoryID>? = nil, periods: ClosedRange<Period>? = nil,
                dimensions: [String: String] = [:]) {
        self.dataset = dataset
        self.measure = measure
        self.vintages = vintages
        self.geography = geography
        self.territories = territories
        self.periods = periods
        self.dimensions = dimensions
    }
}
