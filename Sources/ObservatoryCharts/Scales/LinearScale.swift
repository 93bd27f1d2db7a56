import Foundation

/// Maps a continuous domain to a pixel range; ticks on 1-2-5 steps.
public struct LinearScale: Sendable, Equatable {
    /// The data interval.
    public let domain: ClosedRange<Double>
    /// Pixel position of `domain.lowerBound` and of `domain.upperBound` (may be decreasing, as for y).
    public let range: (start: Double, end: Double)

    /// A scale over `domain`; a zero-width domain is widened so that positions stay finite.
    public init(domain: ClosedRange<Double>, range: (start: Double, end: Double)) {
        if domain.lowerBound == domain.upperBound {
            let v = domain.lowerBound
            self.domain = v == 0 ? 0...1 : (v > 0 ? 0...v : v...0)
        } else {
            self.domain = domain
        }
        self.range = range
    }

    public static func == (lhs: LinearScale, rhs: LinearScale) -> Bool {
        lhs.domain == rhs.domain && lhs.range.start == rhs.range.start && lhs.range.end == rhs.range.end
    }

    /// The pixel position of `value`.
    public func callAsFunction(_ value: Double) -> Double {
        let span = domain.upperBound - domain.lowerBound
        return range.start + (value - domain.lowerBound) / span * (range.end - range.start)
    }

    /// The same scale with its domain extended outwards to whole multiples of the tick step.
    public func niced(count: Int = 5) -> LinearScale {
        LinearScale(domain: Self.niceDomain(domain, count: count), range: range)
    }

    /// About `count` round tick values inside the domain.
    public func ticks(count: Int = 5) -> [Double] {
        let step = Self.tickStep(for: domain, count: count)
        let first = (domain.lowerBound / step - 1e-9).rounded(.up)
        let last = (domain.upperBound / step + 1e-9).rounded(.down)
        guard first <= last else { return [] }
        return stride(from: first, through: last, by: 1).map { Self.multiple($0, of: step) }
    }

    /// Decimals needed to print ticks of this scale (0 for steps ≥ 1).
    public func tickDecimals(count: Int = 5) -> Int {
        let step = Self.tickStep(for: domain, count: count)
        return max(0, Int((-log10(step)).rounded(.up)))
    }

    /// The 1-2-5 step giving about `count` intervals over `domain`.
    public static func tickStep(for domain: ClosedRange<Double>, count: Int) -> Double {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(max(1, count))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let normalised = raw / magnitude
        // Thresholds at the geometric means (√2, √10, √50), as d3 does: the step whose tick count
        // is nearest to `count`.
        let factor: Double = normalised >= 50.0.squareRoot() ? 10 : normalised >= 10.0.squareRoot() ? 5
            : normalised >= 2.0.squareRoot() ? 2 : 1
        return factor * magnitude
    }

    /// `k × step` without binary noise (33 × 0.2 = 6.6, not 6.6000000000000005), never `-0`.
    static func multiple(_ k: Double, of step: Double) -> Double {
        let value = step < 1 ? k / (1 / step).rounded() : k * step
        return value == 0 ? 0 : value
    }

    /// `domain` widened to multiples of its tick step (0…97 → 0…100 for five ticks).
    public static func niceDomain(_ domain: ClosedRange<Double>, count: Int = 5) -> ClosedRange<Double> {
        var lower = domain.lowerBound, upper = domain.upperBound
        if lower == upper { (lower, upper) = lower == 0 ? (0, 1) : (min(0, lower), max(0, upper)) }
        // Niceing can widen the span enough to change the step: repeat until the step is stable.
        var previous = 0.0
        for _ in 0..<10 {
            let step = tickStep(for: lower...upper, count: count)
            if step == previous { break }
            previous = step
            lower = multiple((lower / step + 1e-9).rounded(.down), of: step)
            upper = multiple((upper / step - 1e-9).rounded(.up), of: step)
        }
        return lower...upper
    }
}
