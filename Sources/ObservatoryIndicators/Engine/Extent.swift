import Foundation
import ObservatoryCore

/// What a value covers of its territory: the share of the territory its data reach (weighted by
/// what is measured), and the share of it estimated by sharing out units that straddle its border.
/// A value without an extent covers its territory exactly.
public struct Extent: Sendable, Hashable, Codable {
    /// Share (0–1) of the territory the source covers, weighted by ``key``.
    public var coverage: Double
    /// Share (0–1) of the territory whose value is estimated: units that lie partly inside are
    /// shared out by ``key`` (for rates: a mean of the units' rates weighted by ``key``).
    public var apportioned: Double
    /// The weight used for coverage and apportionment.
    public var key: ApportionKey
    /// Where the data lie when they cover part of the territory (`département 91`), for messages.
    public var coveredBy: String? {
        get { TextRegistry.text(coveredByID) }
        set { coveredByID = TextRegistry.id(newValue) }
    }
    /// ``coveredBy`` as an id: an extent holds no reference and copies as plain bytes.
    private var coveredByID: UInt32
    /// A rate estimated as the mean of the units' rates weighted by ``key`` (rates are never summed).
    public var weightedMean: Bool

    public init(coverage: Double, apportioned: Double, key: ApportionKey, coveredBy: String? = nil, weightedMean: Bool = false) {
        self.coverage = coverage
        self.apportioned = apportioned
        self.key = key
        coveredByID = TextRegistry.id(coveredBy)
        self.weightedMean = weightedMean
    }

    private enum CodingKeys: String, CodingKey {
        case coverage, apportioned, key, coveredBy, weightedMean
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(coverage: try container.decode(Double.self, forKey: .coverage),
                  apportioned: try container.decode(Double.self, forKey: .apportioned),
                  key: try container.decode(ApportionKey.self, forKey: .key),
                  coveredBy: try container.decodeIfPresent(String.self, forKey: .coveredBy),
                  weightedMean: try container.decode(Bool.self, forKey: .weightedMean))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(coverage, forKey: .coverage)
        try container.encode(apportioned, forKey: .apportioned)
        try container.encode(key, forKey: .key)
        try container.encodeIfPresent(coveredBy, forKey: .coveredBy)
        try container.encode(weightedMean, forKey: .weightedMean)
    }

    /// Whether the value is the territory's own, whole and unshared.
    public var isExact: Bool { coverage >= 0.999_999 && apportioned <= 0.000_001 && !weightedMean }

    /// What two inputs tell of a result: the smaller coverage, the larger estimated share.
    static func merge(_ a: Extent?, _ b: Extent?) -> Extent? {
        guard let a else { return b }
        guard let b else { return a }
        if a == b { return a }
        var result = a.apportioned >= b.apportioned ? a : b
        result.apportioned = max(a.apportioned, b.apportioned)
        let narrower = a.coverage <= b.coverage ? a : b
        result.coverage = narrower.coverage
        if narrower.coveredByID != 0 { result.coveredByID = narrower.coveredByID }
        result.weightedMean = a.weightedMean || b.weightedMean
        return result
    }
}

extension EvaluationResult {
    /// The result with every value whose data cover less than `minimum` of `territory` turned
    /// into no value, saying how much the source covers and where its data lie.
    public func requiringCoverage(_ minimum: Double, of territory: String) -> EvaluationResult {
        func check(_ value: Value) -> Value {
            guard let extent = value.extent, value.hasValue, extent.coverage < minimum else { return value }
            return .none(.insufficientCoverage(coverage: extent.coverage, territory: territory, coveredBy: extent.coveredBy,
                                               key: extent.key, minimum: minimum), sourceIDs: value.sourceIDs)
        }
        switch self {
        case .scalar(let value): return .scalar(check(value))
        case .table(var table):
            table.entries = table.entries.map { entry in
                var checked = entry
                checked.value = check(entry.value)
                return checked
            }
            return .table(table)
        }
    }
}
