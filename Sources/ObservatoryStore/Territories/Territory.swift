import ObservatoryCore

/// A named territory, as a referential names it: `Territory(id: TerritoryID(.commune, "36044"), name: "Châteauroux")`.
public struct Territory: Sendable, Hashable {
    public var id: TerritoryID
    /// The French name, as published.
    public var name: String

    public init(id: TerritoryID, name: String) {
        self.id = id
        self.name = name
    }
}
