/// The names a formula may use besides functions and indicators: datasets, their measures and
/// their dimensions. The application implements it from the dataset catalogue.
public protocol FormulaSymbols: Sendable {
    /// The measures of a dataset with their units; `nil` when there is no such dataset.
    func measures(ofDataset id: String) -> [String: Unit]?
    /// The dimension names of a dataset (`metier`, `famille`); empty for an unknown dataset.
    func dimensions(ofDataset id: String) -> [String]
    /// Every dataset id, for "did you mean" suggestions.
    var datasetIDs: [String] { get }
}
