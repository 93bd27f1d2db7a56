import Foundation

/// The commune weight that measures a territory's share of a unit: what is measured where it is
/// known (census figures of the INSEE comparateur), the number of communes only as a last resort.
public enum ApportionKey: String, Sendable, Hashable, CaseIterable, Codable {
    case salariedJobs = "salaried-jobs"
    case jobs
    case activePopulation = "active-population"
    case population
    case communes

    /// The INSEE comparateur measure holding the weight per commune; `nil` for the commune count.
    public var censusMeasure: String? {
        switch self {
        case .salariedJobs: "emplois_salaries"
        case .jobs: "emplois"
        case .activePopulation: "actifs_15_64"
        case .population: "population"
        case .communes: nil
        }
    }

    /// `les emplois salariés (recensement)`, for « réparti selon … » and « pondéré par … ».
    public var frenchLabel: String {
        switch self {
        case .salariedJobs: "les emplois salariés (recensement)"
        case .jobs: "les emplois (recensement)"
        case .activePopulation: "la population active (recensement)"
        case .population: "la population (recensement)"
        case .communes: "le nombre de communes, faute de poids connu"
        }
    }

    public var englishLabel: String {
        switch self {
        case .salariedJobs: "salaried jobs (census)"
        case .jobs: "jobs at the place of work (census)"
        case .activePopulation: "active population aged 15-64 (census)"
        case .population: "population (census)"
        case .communes: "number of communes (no weight known)"
        }
    }
}
