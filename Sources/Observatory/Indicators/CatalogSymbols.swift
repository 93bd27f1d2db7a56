import ObservatoryCore
import ObservatoryData
import ObservatoryIndicators

/// The names formulas may use, from the dataset catalogue: each dataset's measures (with their
/// declared units, a count by default) and dimensions.
public struct CatalogSymbols: FormulaSymbols {
    let catalog: Catalog

    public init(catalog: Catalog) { self.catalog = catalog }

    public func measures(ofDataset id: String) -> [String: Unit]? {
        guard let dataset = catalog.dataset(DatasetID(id)) else { return nil }
        var result: [String: Unit] = [:]
        for file in dataset.files {
            guard let spec = file.ingest, spec.kind == .observations else { continue }
            for name in spec.measures.map(\.name) + spec.wide.map(\.measure) {
                result[name] = spec.units[name].flatMap(Unit.init(rawValue:)) ?? .count
            }
        }
        return result
    }

    public func dimensions(ofDataset id: String) -> [String] {
        guard let dataset = catalog.dataset(DatasetID(id)) else { return [] }
        return Array(Set(dataset.files.compactMap(\.ingest).flatMap { $0.dimensions.map(\.name) })).sorted()
    }

    public var datasetIDs: [String] {
        catalog.datasets.filter { $0.files.contains { $0.ingest?.kind == .observations } }.map(\.id.rawValue)
    }
}
