import Foundation

/// A replaceable set of territory names and memberships, e.g. `insee-ze2020@2022`.
public struct TerritorySource: Sendable, Hashable {
    public var name: String
    public var replacedAt: Date
    public var territoryCount: Int
    public var membershipCount: Int
}
