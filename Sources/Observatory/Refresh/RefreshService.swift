import Crypto
import Foundation
import Logging
import ObservatoryCore
import ObservatoryData
import ObservatoryFetch
import ObservatoryIndicators
import ObservatoryStore

/// One indicator value that moved since the last refresh.
public struct ValueChange: Sendable {
    public var indicator: CheckedIndicator
    public var territory: TerritoryID
    public var territoryName: String
    public var period: Period
    public var key: String?
    public var before: Value?
    public var after: Value
}

/// What a refresh did, stage by stage.
public struct RefreshReport: Sendable {
    public var fetch: FetchSummary
    public var ingest: IngestSummary
    /// `nil` when nothing changed and the values were not recomputed.
    public var computed: Int?
    public var changes: [ValueChange]
    public var territories: Int

    public var isFailure: Bool { !fetch.blockingFailures.isEmpty || ingest.isFailure }
}

/// The main job: fetch → ingest → compute, each stage skipping what did not change, then the
/// values that moved since the last refresh.
public struct RefreshService: Sendable {
    public var layout: ProjectLayout
    public var transport: any HTTPTransport
    public var logger: Logger

    public init(layout: ProjectLayout, transport: any HTTPTransport, logger: Logger) {
        self.layout = layout
        self.transport = transport
        self.logger = logger
    }

    public var snapshotFile: URL { layout.cache.appendingPathComponent("last-values.json") }

    public enum Scope: Sendable {
        case region(String)
        case france
    }

    public func run(catalog: Catalog, options: FetchOptions, scope: Scope,
                    progress: @escaping @Sendable (String) -> Void = { _ in },
                    events: @escaping @Sendable (FetchEvent) -> Void = { _ in }) async throws -> RefreshReport {
        progress("fetching")
        let fetch = try await FetchService(layout: layout, transport: transport, logger: logger)
            .run(catalog: catalog, options: options, events: events)
        progress("ingesting")
        let database = try ObservatoryDatabase.open(at: layout.storeFile)
        let ingest = try await IngestService(layout: layout, logger: logger).run(catalog: catalog, database: database, progress: progress)
        let compute = ComputeService(layout: layout)
        let library = try compute.library(catalog: catalog)
        let territories = switch scope {
        case .region(let code): try compute.defaultTerritories(database: database, region: code)
        case .france: try compute.allTerritories(database: database)
        }
        let fingerprint = try Self.fingerprint(library: library, database: database, territories: territories)
        let previous = ValueSnapshot.load(snapshotFile)
        if previous?.fingerprint == fingerprint {
            return RefreshReport(fetch: fetch, ingest: ingest, computed: nil, changes: [], territories: territories.count)
        }
        progress("computing \(library.indicators.count) indicators for \(territories.count) territories")
        let data = try StoreIndicatorData(database: database, catalog: catalog)
        let values = try compute.compute(library: library, data: data, territories: territories)
        let names = Dictionary(try database.territories().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var snapshot: [String: ValueSnapshot.Entry] = [:]
        var changes: [ValueChange] = []
        for computed in values {
            let entries: [(String?, Value)] = switch computed.result {
            case .scalar(let value): [(nil, value)]
            case .table(let table): table.entries.map { ($0.key, $0.value) }
            }
            for (key, value) in entries {
                let id = ValueSnapshot.key(computed.indicator.id, computed.territory, computed.period, key)
                let entry = ValueSnapshot.entry(value)
                snapshot[id] = entry
                let before = previous?.values[id]
                if previous != nil && before != entry {
                    changes.append(ValueChange(indicator: computed.indicator, territory: computed.territory,
                                               territoryName: names[computed.territory] ?? computed.territory.description,
                                               period: computed.period, key: key,
                                               before: before.map { Value(lower: $0.lower, upper: $0.upper, maskedCells: $0.maskedCells,
                                                                          coverage: nil, reason: nil, sources: []) },
                                               after: value))
                }
            }
        }
        try ValueSnapshot(fingerprint: fingerprint, values: snapshot).save(snapshotFile)
        return RefreshReport(fetch: fetch, ingest: ingest, computed: values.count, changes: changes, territories: territories.count)
    }

    /// The indicator files, the ingested files' checksums and the territories: equal fingerprints, equal values.
    static func fingerprint(library: IndicatorLibrary, database: ObservatoryDatabase, territories: [TerritoryID]) throws -> String {
        var text = library.indicators.map { "\($0.id)=\($0.definition.formula)|\($0.definition.periods)" }.sorted().joined(separator: "\n")
        text += try database.ingestedFiles().map { "\($0.dataset)/\($0.file)=\($0.sha256)" }.joined(separator: "\n")
        text += territories.map(\.description).joined(separator: ",")
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
