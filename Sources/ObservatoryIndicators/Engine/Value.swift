import Foundation
import ObservatoryCore

/// Where a number came from: a dataset vintage, its file and checksum, and when it was fetched.
public struct Provenance: Sendable, Hashable, Comparable, Codable {
    public var dataset: String
    public var vintage: String
    public var file: String
    public var sha256: String
    public var fetchedAt: Date?

    public init(dataset: String, vintage: String, file: String, sha256: String, fetchedAt: Date?) {
        self.dataset = dataset
        self.vintage = vintage
        self.file = file
        self.sha256 = sha256
        self.fetchedAt = fetchedAt
    }

    /// A total order (every field), so that a set of sources always sorts to the same list: two
    /// files of one dataset vintage must not swap places between runs.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        if (lhs.dataset, lhs.vintage, lhs.file, lhs.sha256) != (rhs.dataset, rhs.vintage, rhs.file, rhs.sha256) {
            return (lhs.dataset, lhs.vintage, lhs.file, lhs.sha256) < (rhs.dataset, rhs.vintage, rhs.file, rhs.sha256)
        }
        return (lhs.fetchedAt?.timeIntervalSince1970 ?? -.infinity) < (rhs.fetchedAt?.timeIntervalSince1970 ?? -.infinity)
    }
}

/// A computed number with what is known of it: exact, a lower bound over masked cells (with an
/// upper bound where the dataset states one per masked cell), approximate (a territory that is
/// not a union of the data's units), or no value with the reason. Never `inf`, `NaN` or a silent 0.
public struct Value: Sendable, Hashable {
    /// The lower end (the value itself when exact); `nil` when there is no value.
    public var lower: Double?
    /// The upper end; equal to `lower` when exact, `nil` when unbounded (masked cells without a bound).
    public var upper: Double?
    /// Masked cells under the value.
    public var maskedCells: Int
    /// What the value covers of its territory; `nil` when it is the territory's own, whole value.
    public var extent: Extent?
    /// The share (0–1) of the territory the source covers, weighted by what is measured; `nil` when whole.
    public var coverage: Double? { extent.map(\.coverage) }
    /// Why there is no value.
    public var missingReason: MissingReason? {
        get { ReasonRegistry.reason(reasonID) }
        set { reasonID = ReasonRegistry.id(newValue) }
    }
    /// Why there is no value, in English (``MissingReason/english``).
    public var reason: String? { missingReason?.english }
    /// ``missingReason`` as an id (0 for none): a value holds no reference and copies as plain bytes.
    var reasonID: UInt32
    /// The files the value rests on, as ids (unions are bit operations).
    public var sourceIDs: SourceSet
    /// The files the value rests on, in full (expanded from ``sourceIDs``).
    public var sources: Set<Provenance> {
        get { ProvenanceRegistry.shared.expand(sourceIDs) }
        set { sourceIDs = ProvenanceRegistry.shared.set(newValue) }
    }

    public enum Status: String, Sendable, Hashable, Codable {
        case ok, masked, approximate, noValue = "no_value"
    }

    public init(lower: Double?, upper: Double?, maskedCells: Int, extent: Extent? = nil, reason: MissingReason?, sources: Set<Provenance>) {
        self.init(lower: lower, upper: upper, maskedCells: maskedCells, extent: extent, reason: reason,
                  sourceIDs: ProvenanceRegistry.shared.set(sources))
    }

    public init(lower: Double?, upper: Double?, maskedCells: Int, extent: Extent? = nil, reason: MissingReason?, sourceIDs: SourceSet) {
        self.lower = lower
        self.upper = upper
        self.maskedCells = maskedCells
        self.extent = extent
        reasonID = ReasonRegistry.id(reason)
        self.sourceIDs = sourceIDs
    }

    /// A masked cell: at least 0, at most `bound` when the dataset states one.
    public static func masked(bound: Double?, sources: Set<Provenance>) -> Value {
        Value(lower: 0, upper: bound, maskedCells: 1, reason: nil, sources: sources)
    }

    public static func exact(_ number: Double, sources: Set<Provenance>) -> Value {
        exact(number, sourceIDs: ProvenanceRegistry.shared.set(sources))
    }

    public static func exact(_ number: Double, sourceIDs: SourceSet = .empty) -> Value {
        guard number.isFinite else { return .none(.notFinite) }
        return Value(lower: number, upper: number, maskedCells: 0, reason: nil, sourceIDs: sourceIDs)
    }

    public static func none(_ reason: MissingReason, sources: Set<Provenance>) -> Value {
        none(reason, sourceIDs: ProvenanceRegistry.shared.set(sources))
    }

    public static func none(_ reason: MissingReason, sourceIDs: SourceSet = .empty) -> Value {
        Value(lower: nil, upper: nil, maskedCells: 0, reason: reason, sourceIDs: sourceIDs)
    }

    public var status: Status {
        if lower == nil { return .noValue }
        if maskedCells > 0 || upper != lower { return .masked }
        if let extent, !extent.isExact { return .approximate }
        return .ok
    }

    /// The number itself when exact or approximate; the lower bound ("at least") when masked.
    public var number: Double? { lower }

    /// Whether the value is a known number, whatever its status.
    public var hasValue: Bool { lower != nil }

    /// The interval is known at both ends.
    public var isBounded: Bool { lower != nil && upper != nil }

    /// Merges what two inputs tell of a result: masked cells add up, the narrowest extent stays, sources join.
    func carrying(_ other: Value) -> Value {
        var result = self
        result.maskedCells = maskedCells + other.maskedCells
        result.extent = Extent.merge(extent, other.extent)
        result.sourceIDs.formUnion(other.sourceIDs)
        if result.reasonID == 0, result.lower == nil { result.reasonID = other.reasonID }
        return result
    }
}
