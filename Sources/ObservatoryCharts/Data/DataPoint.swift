import ObservatoryCore

/// How a value should be read.
public enum DataStatus: Sendable, Hashable {
    /// A published value.
    case ok
    /// Masked by statistical secrecy: only bounds are known (`upper` is `nil` when unbounded).
    case masked(lower: Double, upper: Double?)
    /// An estimate or a value of lower quality.
    case approximate
    /// No value: drawn as a gap, or as "n.d." where a bar would be.
    case none
}

/// A value with its status, shared by category and time points.
public struct Measure: Sendable, Hashable {
    /// The value; `nil` when unknown (then the status is `.none` unless masked).
    public var value: Double?
    /// How to read the value.
    public var status: DataStatus

    /// A measure; a `nil` value with status `.ok` becomes `.none`.
    public init(_ value: Double?, status: DataStatus = .ok) {
        self.value = value
        self.status = (value == nil && status == .ok) || (value == nil && status == .approximate) ? .none : status
    }

    /// The value a bar reaches: the value, else the masked upper bound, else the lower bound.
    public var reach: Double? {
        if case .masked(let lower, let upper) = status { return value ?? upper ?? lower }
        return status == .none ? nil : value
    }

    /// The value used to rank or stack: the value, else a masked lower bound.
    public var solid: Double? {
        if case .masked(let lower, _) = status { return value ?? lower }
        return status == .none ? nil : value
    }

    /// The numbers this measure contributes to a domain (bounds included).
    public var domainValues: [Double] {
        switch status {
        case .masked(let lower, let upper): [lower] + (upper.map { [$0] } ?? []) + (value.map { [$0] } ?? [])
        case .none: []
        default: value.map { [$0] } ?? []
        }
    }
}

/// A value for a category (a territory, a métier, a sector…).
public struct DataPoint: Sendable, Hashable {
    /// The category label (may be long; marks wrap it).
    public var label: String
    /// The value and its status.
    public var measure: Measure

    /// A point; pass `status` for masked or approximate values.
    public init(_ label: String, _ value: Double?, status: DataStatus = .ok) {
        self.label = label
        self.measure = Measure(value, status: status)
    }
}

/// A value for a period.
public struct TimePoint: Sendable, Hashable {
    /// When.
    public var period: Period
    /// The value and its status.
    public var measure: Measure

    /// A point; a `nil` value is a gap.
    public init(_ period: Period, _ value: Double?, status: DataStatus = .ok) {
        self.period = period
        self.measure = Measure(value, status: status)
    }
}

/// A named set of category points (one colour and one shape in a chart).
public struct Series: Sendable, Hashable {
    /// The series name shown in the legend.
    public var name: String
    /// The points, one per category.
    public var points: [DataPoint]

    public init(_ name: String, _ points: [DataPoint]) {
        self.name = name
        self.points = points
    }

    /// The measure for `label`, or `nil` when the series has no point for it.
    public func measure(for label: String) -> Measure? {
        points.first(where: { $0.label == label })?.measure
    }
}

/// A named set of time points.
public struct TimeSeries: Sendable, Hashable {
    /// The series name shown in the legend.
    public var name: String
    /// The points, in any order (marks sort them).
    public var points: [TimePoint]

    public init(_ name: String, _ points: [TimePoint]) {
        self.name = name
        self.points = points
    }

    /// The points sorted by period.
    public var sorted: [TimePoint] { points.sorted { $0.period < $1.period } }
}

extension Array where Element == Series {
    /// The categories of all series, in first-seen order.
    var categories: [String] {
        var seen: Set<String> = []
        return flatMap { $0.points.map(\.label) }.filter { seen.insert($0).inserted }
    }
}
