import ObservatoryCore

/// Maps ordered periods to positions proportional to elapsed time; labels in French.
public struct TimeScale: Sendable, Equatable {
    /// The periods, sorted and without duplicates.
    public let periods: [Period]
    /// Pixel positions of the first and last period.
    public let start: Double, end: Double

    /// A time scale; a single period sits in the middle of the range.
    public init(periods: [Period], range: (start: Double, end: Double)) {
        self.periods = Array(Set(periods)).sorted()
        self.start = range.start
        self.end = range.end
    }

    /// The position of `period`, proportional to its ordinal between the first and last period.
    public func callAsFunction(_ period: Period) -> Double {
        guard let first = periods.first, let last = periods.last, last.ordinal > first.ordinal else {
            return (start + end) / 2
        }
        let share = Double(period.ordinal - first.ordinal) / Double(last.ordinal - first.ordinal)
        return start + share * (end - start)
    }

    /// At most `maxCount` periods to label, evenly thinned, always including the first.
    public func ticks(maxCount: Int) -> [Period] {
        guard periods.count > maxCount, maxCount > 0 else { return periods }
        let stride = Int((Double(periods.count) / Double(maxCount)).rounded(.up))
        return periods.enumerated().filter { $0.offset % stride == 0 }.map(\.element)
    }

    /// The French label of `period`: `2023`, `T3 2023`, `septembre 2023`.
    public func label(_ period: Period) -> String { period.frenchLabel }
}
