/// A mobility (passerelle) from one métier to another, in the publisher's order.
public struct MobilityLink: Sendable, Hashable {
    public var romeCode: String
    /// The target métier; it may lie outside the stored métiers (subsets).
    public var targetRomeCode: String
    /// `numero_ordre`: lower comes first.
    public var order: Int

    public init(romeCode: String, targetRomeCode: String, order: Int) {
        self.romeCode = romeCode
        self.targetRomeCode = targetRomeCode
        self.order = order
    }
}
