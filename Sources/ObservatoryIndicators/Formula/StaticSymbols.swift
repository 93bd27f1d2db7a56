/// In-memory ``FormulaSymbols``, for tests and tools.
public struct StaticSymbols: FormulaSymbols {
    /// One dataset's measures (with units) and dimensions.
    public struct Dataset: Sendable, Hashable {
        public var measures: [String: Unit]
        public var dimensions: [String]

        public init(measures: [String: Unit], dimensions: [String] = []) {
            self.measures = measures
            self.dimensions = dimensions
        }
    }

    /// Dataset id → its measures and dimensions.
    public var datasets: [String: Dataset]

    public init(_ datasets: [String: Dataset] = [:]) { self.datasets = datasets }

    public func measures(ofDataset id: String) -> [String: Unit]? { datasets[id]?.measures }
    public func dimensions(ofDataset id: String) -> [String] { datasets[id]?.dimensions ?? [] }
    public var datasetIDs: [String] { datasets.keys.sorted() }
}
