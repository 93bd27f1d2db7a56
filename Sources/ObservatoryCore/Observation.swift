/// Whether a published cell holds a number.
public enum CellStatus: String, Sendable, Hashable, Codable {
    /// A number was published.
    case present
    /// The publisher hid a small cell (secret statistique, BMO's `*`, `s.s`): not zero, not missing.
    case masked
    /// The cell is empty: nothing was published.
    case missing
}

/// One published number, as the publisher wrote it, typed by territory and period.
public struct Observation: Sendable, Hashable {
    public var measure: String
    public var territory: TerritoryID
    public var period: Period
    /// Breakdown dimensions (`metier` → `A0Z40`, `secteur_na17` → `GZ`), sorted by key when stored.
    public var dimensions: [String: String]
    /// The value; `nil` unless `status == .present`.
    public var value: Double?
    public var status: CellStatus

    public init(measure: String, territory: TerritoryID, period: Period,
                dimensions: [String: String] = [:], value: Double?, status: CellStatus) {
        self.measure = measure
        self.territory = territory
        self.period = period
        self.dimensions = dimensions
        self.value = status == .present ? value : nil
        self.status = status
    }
}
