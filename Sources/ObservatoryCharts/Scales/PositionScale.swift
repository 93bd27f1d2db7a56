import ObservatoryCore

/// A finished positional scale for the x or y channel.
public enum PositionScale: Sendable, Equatable {
    case linear(LinearScale)
    case band(BandScale)
    case time(TimeScale)

    /// The linear scale, if this is one.
    public var linear: LinearScale? { if case .linear(let s) = self { s } else { nil } }
    /// The band scale, if this is one.
    public var band: BandScale? { if case .band(let s) = self { s } else { nil } }
    /// The time scale, if this is one.
    public var time: TimeScale? { if case .time(let s) = self { s } else { nil } }
}

/// What a mark needs of one positional channel; the chart merges the domains of all marks.
public enum ScaleDomain: Sendable, Equatable {
    /// A continuous interval (made "nice" by the chart).
    case values(ClosedRange<Double>)
    /// Categories in order, with the band padding the mark prefers.
    case categories([String], padding: Double)
    /// Periods (sorted by the scale).
    case periods([Period])

    /// The union of two domains of the same kind; a domain of another kind is ignored.
    public func merged(with other: ScaleDomain) -> ScaleDomain {
        switch (self, other) {
        case (.values(let a), .values(let b)):
            return .values(min(a.lowerBound, b.lowerBound)...max(a.upperBound, b.upperBound))
        case (.categories(let a, let pa), .categories(let b, let pb)):
            return .categories(a + b.filter { !a.contains($0) }, padding: max(pa, pb))
        case (.periods(let a), .periods(let b)):
            return .periods(a + b)
        default:
            return self
        }
    }

    /// The interval spanned by `values` (ignoring non-finite ones), optionally including zero; `nil` if empty.
    public static func spanning(_ values: [Double], includingZero: Bool = false) -> ScaleDomain? {
        let finite = values.filter(\.isFinite) + (includingZero ? [0] : [])
        guard let low = finite.min(), let high = finite.max() else { return nil }
        return .values(low...high)
    }
}
