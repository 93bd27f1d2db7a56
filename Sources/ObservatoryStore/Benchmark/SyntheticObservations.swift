import ObservatoryCore

/// A deterministic stream of made-up observations shaped like a large survey (measures ×
/// territories × métiers × periods, about 1 cell in 20 masked and 1 in 50 missing), for
/// benchmarks of the ingest. Nothing here is real data.
///
/// Rows come period by period, then métier by métier, then territory by territory, with the
/// measures of one cell together: the scattered key order of a file sorted by métier, the
/// harder case for the store's B-tree.
public struct SyntheticObservations: Sequence, Sendable {
    public var count: Int
    public var measures: [String]
    public var territoryCount: Int
    public var metierCount: Int

    /// - Parameter count: the number of observations produced.
    public init(count: Int, measures: [String] = ["met", "xmet", "smet"], territoryCount: Int = 400,
                metierCount: Int = 200) {
        self.count = count
        self.measures = measures
        self.territoryCount = territoryCount
        self.metierCount = metierCount
    }

    public func makeIterator() -> Iterator {
        Iterator(spec: self, territories: (0..<territoryCount).map { TerritoryID(.bassinBMO, "B\($0)") },
                 metiers: (0..<metierCount).map { ["metier": "M\($0)"] })
    }

    public struct Iterator: IteratorProtocol {
        let spec: SyntheticObservations
        let territories: [TerritoryID]
        let metiers: [[String: String]]
        var produced = 0

        public mutating func next() -> Observation? {
            guard produced < spec.count else { return nil }
            defer { produced += 1 }
            var rest = produced
            let measure = rest % spec.measures.count; rest /= spec.measures.count
            let territory = rest % territories.count; rest /= territories.count
            let metier = rest % metiers.count; rest /= metiers.count
            let period = Period.year(2000 + rest)
            let cell = produced / spec.measures.count
            let status: CellStatus = cell % 20 == 7 ? .masked : (cell % 50 == 3 ? .missing : .present)
            return Observation(measure: spec.measures[measure], territory: territories[territory],
                               period: period, dimensions: metiers[metier],
                               value: status == .present ? Double(produced % 997) : nil, status: status)
        }
    }
}

extension ObservatoryDatabase {
    /// Replaces vintage `vintage` of `dataset` with `count` synthetic observations, as a
    /// benchmark of the ingest path (time it from outside; nothing is timed here).
    @discardableResult
    public func replaceVintageWithSyntheticObservations(count: Int, dataset: DatasetID = "synthetic",
                                                        vintage: String = "1") throws -> VintageSummary {
        let provenance = VintageProvenance(dataset: dataset, vintage: vintage, sourceFile: "synthetic",
                                           sha256: String(repeating: "0", count: 64),
                                           notes: ["synthetic observations for benchmarks"])
        return try replaceVintage(provenance) { writer in
            try writer.append(contentsOf: SyntheticObservations(count: count))
        }
    }
}
