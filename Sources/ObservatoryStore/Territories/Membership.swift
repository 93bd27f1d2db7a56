import ObservatoryCore

/// `member` lies in `parent` according to a referential: a commune in its zone d'emploi, a zone in
/// its département, a commune in a custom GPECT basin.
public struct Membership: Sendable, Hashable {
    public var member: TerritoryID
    public var parent: TerritoryID
    /// Whether only part of `member` lies in `parent` (an interregional zone d'emploi and the
    /// region of one of its parts): sums over the members of `parent` are then approximate.
    public var isPartial: Bool

    public init(member: TerritoryID, parent: TerritoryID, isPartial: Bool = false) {
        self.member = member
        self.parent = parent
        self.isPartial = isPartial
    }
}
