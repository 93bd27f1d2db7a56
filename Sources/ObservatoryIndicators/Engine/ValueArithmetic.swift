import Foundation

/// Interval arithmetic on values: a masked sum is [present cells, present + bound × masked cells],
/// and every operation keeps what is known of its result.
extension Value {
    /// `a op b` with intervals, masked cells, coverage and sources carried.
    public static func combine(_ a: Value, _ b: Value, _ operation: BinaryOperator) -> Value {
        guard let aLow = a.lower, let bLow = b.lower else {
            // The first input's reason, else the second's, else "missing input", carried as ids
            // (looking a reason up and interning it again was a tenth of the competences' time).
            var result = Value(lower: nil, upper: nil, maskedCells: a.maskedCells + b.maskedCells, reason: nil,
                               sourceIDs: a.sourceIDs.union(b.sourceIDs))
            result.reasonID = a.reasonID != 0 ? a.reasonID : b.reasonID != 0 ? b.reasonID : ReasonRegistry.missingInput
            return result
        }
        // What both inputs tell of the result (``Value/carrying(_:)`` applied to a and then b, built once).
        var base = Value(lower: nil, upper: nil, maskedCells: a.maskedCells + b.maskedCells, extent: Extent.merge(a.extent, b.extent),
                         reason: nil, sourceIDs: a.sourceIDs.union(b.sourceIDs))
        base.reasonID = a.reasonID != 0 ? a.reasonID : b.reasonID
        var result = base
        switch operation {
        case .add:
            result.lower = aLow + bLow
            result.upper = a.upper.flatMap { au in b.upper.map { au + $0 } }
        case .subtract:
            guard let aHigh = a.upper, let bHigh = b.upper else {
                return reasonless(base, id: ReasonRegistry.unboundedDifference)
            }
            result.lower = aLow - bHigh
            result.upper = aHigh - bLow
        case .multiply:
            guard let aHigh = a.upper, let bHigh = b.upper else {
                if aLow >= 0 && bLow >= 0 { result.lower = aLow * bLow; result.upper = nil; break }
                return reasonless(base, id: ReasonRegistry.unboundedProduct)
            }
            let (p1, p2, p3, p4) = (aLow * bLow, aLow * bHigh, aHigh * bLow, aHigh * bHigh)
            result.lower = least(p1, p2, p3, p4)
            result.upper = greatest(p1, p2, p3, p4)
        case .divide:
            let bHigh = b.upper
            if bLow == 0 && bHigh == 0 { return reasonless(base, id: ReasonRegistry.divisionByZero) }
            if bLow <= 0, bHigh.map({ $0 >= 0 }) ?? true, !(bLow == bHigh) {
                return reasonless(base, id: ReasonRegistry.maskedDenominator)
            }
            if a.upper == nil {
                return reasonless(base, id: ReasonRegistry.unboundedMaskedNumerator)
            }
            let aHigh = a.upper!
            if let bHigh {
                let (q1, q2, q3, q4) = (aLow / bLow, aLow / bHigh, aHigh / bLow, aHigh / bHigh)
                result.lower = least(q1, q2, q3, q4)
                result.upper = greatest(q1, q2, q3, q4)
            } else {
                // Unbounded positive denominator: the quotient lies between 0 and a/b_low.
                result.lower = min(0, aLow / bLow)
                result.upper = max(0, aHigh / bLow)
            }
        default:
            // Comparisons and logic give 1 or 0, only on exact values.
            guard a.status != .masked && b.status != .masked, let aValue = a.lower, let bValue = b.lower else {
                return reasonless(base, id: ReasonRegistry.comparisonNeedsExactValues)
            }
            let truth: Bool
            switch operation {
            case .less: truth = aValue < bValue
            case .lessOrEqual: truth = aValue <= bValue
            case .greater: truth = aValue > bValue
            case .greaterOrEqual: truth = aValue >= bValue
            case .equal: truth = aValue == bValue
            case .notEqual: truth = aValue != bValue
            case .and: truth = aValue != 0 && bValue != 0
            case .or: truth = aValue != 0 || bValue != 0
            default: truth = false
            }
            result.lower = truth ? 1 : 0
            result.upper = result.lower
        }
        return result.finite()
    }

    /// The first smallest of four ends (as `[…].min()` picks it: -0 and 0 keep their order), without an array.
    private static func least(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> Double {
        var result = a
        if b < result { result = b }
        if c < result { result = c }
        if d < result { result = d }
        return result
    }

    /// The first greatest of four ends (as `[…].max()` picks it).
    private static func greatest(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> Double {
        var result = a
        if result < b { result = b }
        if result < c { result = c }
        if result < d { result = d }
        return result
    }

    /// `factor × value` for an exact factor.
    public func scaled(by factor: Double) -> Value {
        var result = self
        guard let lower else { return self }
        let scaledLower = lower * factor, scaledUpper = upper.map { $0 * factor }
        if factor >= 0 {
            result.lower = scaledLower
            result.upper = scaledUpper
        } else {
            guard let scaledUpper else { return Self.reasonless(self, id: ReasonRegistry.unboundedNegation) }
            result.lower = scaledUpper
            result.upper = scaledLower
        }
        return result.finite()
    }

    /// `base` without a value, for the reason numbered `id` (the arithmetic's reasons are
    /// numbered once, not interned again for every value).
    private static func reasonless(_ base: Value, id: UInt32) -> Value {
        var result = base
        result.lower = nil
        result.upper = nil
        result.reasonID = id
        return result
    }

    /// This value, or "no value" when an end is not finite.
    public func finiteOrNone() -> Value { finite() }

    /// Replaces a non-finite end by "no value".
    @inline(__always)
    func finite() -> Value {
        // A missing end counts as finite (0); one test for both ends.
        if ((lower ?? 0) - (lower ?? 0)) + ((upper ?? 0) - (upper ?? 0)) == 0 { return self }
        return Self.reasonless(self, id: ReasonRegistry.notFinite)
    }
}
