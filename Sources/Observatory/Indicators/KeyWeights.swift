import Foundation
import ObservatoryCore
import ObservatoryIndicators
import ObservatoryStore

/// The weight of each commune under an apportionment key: a census count of the INSEE
/// comparateur (salaried jobs, active population, population), or 1 per commune when that
/// dataset is not in the store.
struct KeyWeights: Sendable {
    /// The dataset that gives the weights per commune.
    static let dataset = DatasetID("insee-comparateur")

    let key: ApportionKey
    private let byCommune: [String: Double]?

    /// One per commune: the last resort, said as such.
    static let communeCount = KeyWeights(key: .communes, byCommune: nil)

    private init(key: ApportionKey, byCommune: [String: Double]?) {
        self.key = key
        self.byCommune = byCommune
    }

    /// The key's weights from the store; `nil` when the comparateur is not ingested.
    static func load(_ key: ApportionKey, database: ObservatoryDatabase) throws -> KeyWeights? {
        guard let measure = key.censusMeasure else { return .communeCount }
        var weights: [String: Double] = [:]
        try database.forEachObservation(ObservationQuery(dataset: dataset, measure: measure, vintages: .latest,
                                                         geography: .commune)) { _, observation in
            if let value = observation.value { weights[observation.territory.code, default: 0] += value }
        }
        return weights.isEmpty ? nil : KeyWeights(key: key, byCommune: weights)
    }

    func weight(_ commune: String) -> Double {
        guard let byCommune else { return 1 }
        return byCommune[commune] ?? 0
    }

    func total(of communes: Set<String>) -> Double {
        guard let byCommune else { return Double(communes.count) }
        // In code order, so that the same communes always give the same bits.
        return communes.sorted().reduce(0) { $0 + (byCommune[$1] ?? 0) }
    }
}
