import Crypto
import Foundation
import ObservatoryCore
import ObservatoryData
import ObservatoryExport
import ObservatoryIndicators
import ObservatoryStore

/// One indicator's computed values, kept in `Cache/computed/<id>.json` with the fingerprint of
/// everything they were computed from: an indicator whose inputs did not change is read back,
/// not recomputed.
struct ComputedCache {
    let folder: URL

    /// How values are computed and stored; a new one recomputes every indicator, and makes the
    /// next refresh's stamp differ (an upgraded observatory does not leave a site made by the old).
    /// v2: coverage weighted by what is measured, apportionment keys, rates as weighted means.
    /// v3: masked cells shared by a crosswalk's entries counted once; FAP-2021 crosswalk.
    /// v4: entries keep their details (a passerelle's competences to acquire were lost when read back).
    /// v5: training offers are no value outside the territories their catalogue covers.
    /// v6: why a value is missing is stored as a ``MissingReason``, not as its English text.
    static let version = "v6"

    struct StoredValue: Codable, Hashable {
        var lower: Double?
        var upper: Double?
        var masked: Int
        var extent: Extent?
        var reason: MissingReason?
        /// Indexes into the file's provenance list.
        var sources: [Int]
    }

    struct StoredEntry: Codable, Hashable {
        var key: String
        var value: StoredValue
        /// The entry's French texts (a passerelle's competences still to acquire); absent when none.
        var details: [String]?
    }

    struct StoredResult: Codable, Hashable {
        var territory: TerritoryID
        var period: Period
        var scalar: StoredValue?
        var dimension: String?
        var entries: [StoredEntry]?
        /// The table's masked cells counted once, when its entries share cells.
        var sharedMasked: Int?
    }

    struct File: Codable {
        var fingerprint: String
        var provenance: [Provenance]
        var results: [StoredResult]
    }

    func url(_ indicator: String) -> URL { folder.appendingPathComponent("\(indicator).json") }

    /// The values stored for `indicator` if they were computed from `fingerprint`.
    func load(_ indicator: String, fingerprint: String) -> [(TerritoryID, Period, EvaluationResult)]? {
        guard let data = try? Data(contentsOf: url(indicator)),
              let file = try? JSONDecoder().decode(File.self, from: data), file.fingerprint == fingerprint else { return nil }
        func value(_ stored: StoredValue) -> Value {
            Value(lower: stored.lower, upper: stored.upper, maskedCells: stored.masked, extent: stored.extent, reason: stored.reason,
                  sources: Set(stored.sources.compactMap { $0 < file.provenance.count ? file.provenance[$0] : nil }))
        }
        return file.results.map { result in
            if let scalar = result.scalar { return (result.territory, result.period, .scalar(value(scalar))) }
            return (result.territory, result.period, .table(Table(dimension: result.dimension ?? "",
                                                                  entries: (result.entries ?? []).map {
                                                                      .init(key: $0.key, value: value($0.value), details: $0.details ?? [])
                                                                  },
                                                                  sharedMaskedCells: result.sharedMasked)))
        }
    }

    /// The stored values of each of `indicators` whose fingerprint matches, by territory in file
    /// order; an indicator absent from the result has to be computed. The files are decoded in
    /// parallel: one after another they were a third of the national export's time before its
    /// first page.
    func loadSeries(_ indicators: [String], fingerprints: [String: String]) -> [String: [TerritoryID: ExportData.Series]] {
        let loaded = ConcurrentResults<[TerritoryID: ExportData.Series]?>(count: indicators.count)
        DispatchQueue.concurrentPerform(iterations: indicators.count) { index in
            let id = indicators[index]
            loaded.set(index, .success(load(id, fingerprint: fingerprints[id] ?? "").map { stored in
                var byTerritory: [TerritoryID: ExportData.Series] = [:]
                for (territory, period, result) in stored { byTerritory[territory, default: []].append((period, result)) }
                return byTerritory
            }))
        }
        var values: [String: [TerritoryID: ExportData.Series]] = [:]
        for (id, result) in zip(indicators, loaded.values) {
            if case .success(let byTerritory?) = result { values[id] = byTerritory }
        }
        return values
    }

    func save(_ indicator: String, fingerprint: String, values: [ComputedValue]) throws {
        try Self.write(encoded(fingerprint: fingerprint, values: values), to: url(indicator), folder: folder)
    }

    /// The file's bytes: `JSONEncoder`'s with sorted keys and slashes unescaped, without its cost
    /// (it and expanding every value's sources to sorted sets were the refresh's serial time
    /// between indicators). Files written by `JSONEncoder` (`\/`) decode the same.
    func encoded(fingerprint: String, values: [ComputedValue]) throws -> Data {
        var provenance: [Provenance] = []
        var index: [Provenance: Int] = [:]
        // A run's values share a few source sets: each is expanded and numbered once.
        var idsOfSet: [SourceSet: [Int]] = [:]
        func stored(_ value: Value) -> StoredValue {
            let ids = idsOfSet[value.sourceIDs] ?? {
                let numbered = value.sources.sorted().map { source -> Int in
                    if let known = index[source] { return known }
                    index[source] = provenance.count
                    provenance.append(source)
                    return provenance.count - 1
                }
                idsOfSet[value.sourceIDs] = numbered
                return numbered
            }()
            return StoredValue(lower: value.lower, upper: value.upper, masked: value.maskedCells, extent: value.extent,
                               reason: value.missingReason, sources: ids)
        }
        let results = values.map { computed -> StoredResult in
            switch computed.result {
            case .scalar(let value):
                return StoredResult(territory: computed.territory, period: computed.period, scalar: stored(value), dimension: nil, entries: nil)
            case .table(let table):
                return StoredResult(territory: computed.territory, period: computed.period, scalar: nil, dimension: table.dimension,
                                    entries: table.entries.map {
                                        StoredEntry(key: $0.key, value: stored($0.value), details: $0.details.isEmpty ? nil : $0.details)
                                    },
                                    sharedMasked: table.sharedMaskedCells)
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 256)
        try CompactJSONEncoder.append(File(fingerprint: fingerprint, provenance: provenance, results: results), to: &bytes, snakeCase: false)
        return Data(bytes)
    }

    static func write(_ data: Data, to url: URL, folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }

    /// A digest of the custom basins' files (`Indicators/territories/`).
    static func territoryFilesDigest(_ layout: ProjectLayout) -> String {
        var hasher = SHA256()
        RefreshService.hash(folder: layout.territoriesDirectory, into: &hasher)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Everything an indicator's values depend on: its formula and those of the indicators it
    /// uses, the checksums of the files ingested for the datasets they read and for the
    /// territory compositions, the custom basins, and the territories computed.
    static func fingerprints(library: IndicatorLibrary, ingested: [IngestedFile], territoryFiles: String,
                             territories: [TerritoryID], catalog: Catalog? = nil) -> [String: String] {
        var files = Dictionary(grouping: ingested, by: { $0.dataset.rawValue }).mapValues { list in
            list.map { "\($0.file)=\($0.sha256)" }.sorted().joined(separator: ",")
        }
        // What a dataset declares it covers changes its values as much as its files do.
        for dataset in catalog?.datasets ?? [] where !dataset.covers.isEmpty {
            files[dataset.id.rawValue, default: ""] += "|covers=" + dataset.covers.map(\.description).joined(separator: ",")
        }
        // Compositions, commune successions, EPCI membership and the census weights that share units out.
        let structure = ["ze2020", "bassins-bmo", "territories", "insee-comparateur", "insee-appartenance"].map { "\($0):\(files[$0] ?? "")" }.joined(separator: ";")
        let territoryList = territories.map(\.description).joined(separator: ",")
        var result: [String: String] = [:]
        for indicator in library.indicators {
            var seen: Set<String> = []
            var queue = [indicator.id]
            var parts: [String] = []
            var datasets: Set<String> = []
            while let id = queue.popLast() {
                guard seen.insert(id).inserted, let current = library.indicator(id) else { continue }
                parts.append("\(id)|\(current.definition.formula)|\(current.definition.periods)|\(current.definition.unit.rawValue)"
                             + "|\(current.definition.minCoverage)")
                datasets.formUnion(current.dependencies.datasets.map(\.rawValue))
                // The competence and training functions read the referentials, not a measure.
                if FunctionCatalog.skillFunctions.contains(where: { current.definition.formula.contains("\($0)(") }) {
                    datasets.formUnion(["fap", "rome4", "lheo", "rncp"])
                }
                queue += current.dependencies.indicators
            }
            let text = [version, parts.sorted().joined(separator: "\n"),
                        datasets.sorted().map { "\($0):\(files[$0] ?? "")" }.joined(separator: ";"),
                        structure, territoryFiles, territoryList].joined(separator: "\n#\n")
            result[indicator.id] = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
        }
        return result
    }
}
