import Foundation
import Logging
import ObservatoryCore
import ObservatoryData
import ObservatoryExport
import ObservatoryIndicators
import ObservatoryStore

/// Which territories get a page.
public enum ExportScope: Sendable, Equatable {
    /// A région's départements, zones d'emploi and bassins BMO, the région, France and the custom basins.
    case region(String)
    /// Every territory of France.
    case france
    /// These territories only (their references and peers are computed for the comparisons).
    case territories([TerritoryID])
}

/// The export use case: computes what the dashboards show and writes the static site.
public struct ExportService: Sendable {
    public var layout: ProjectLayout
    public var logger: Logger

    public init(layout: ProjectLayout, logger: Logger) {
        self.layout = layout
        self.logger = logger
    }

    public var dashboardsDirectory: URL { layout.indicators.appendingPathComponent("dashboards", isDirectory: true) }
    public var schemasDirectory: URL { layout.root.appendingPathComponent("Schemas", isDirectory: true) }
    /// The last refresh report that changed something, shown as the "Changements" page.
    public var changeReportFile: URL { layout.cache.appendingPathComponent("last-changes.json") }

    /// Reads the dashboards, checked against the library; throws ``DiagnosticsError``.
    public func dashboards(library: IndicatorLibrary) throws -> [DashboardDefinition] {
        try DashboardLoader.load(directory: dashboardsDirectory, displayRoot: layout.root, library: library)
    }

    /// The pages of the scope.
    public func requests(dashboards: [DashboardDefinition], scope: ExportScope, database: ObservatoryDatabase) throws -> [PageRequest] {
        let compute = ComputeService(layout: layout)
        let territories: [TerritoryID] = switch scope {
        case .region(let code): try compute.defaultTerritories(database: database, region: code)
        case .france: try compute.allTerritories(database: database)
        case .territories(let list): list
        }
        var requests: [PageRequest] = []
        for dashboard in dashboards {
            switch dashboard.kind {
            case .territory:
                for territory in territories where dashboard.geographies.contains(territory.geography) {
                    requests.append(.territory(dashboard, territory))
                }
            case .filiere:
                guard let code = dashboard.region, let scale = dashboard.scale else { continue }
                let region = TerritoryID(.region, code)
                if case .territories(let list) = scope, !list.contains(region) { continue }
                if case .region(let chosen) = scope, chosen != code { continue }
                let members = try database.memberships(memberGeography: scale, parentGeography: .region)
                    .filter { $0.parent == region }.map(\.member)
                requests.append(.filiere(dashboard, region: region, territories: Array(Set(members)).sorted()))
            }
        }
        return requests
    }

    /// What the pages need: each territory's references and peers, and which indicators each
    /// territory (page, reference or peer) must have values for.
    public struct Plan: Sendable {
        public var references: [TerritoryID: [(role: IndicatorDefinition.Comparison, territory: TerritoryID)]]
        public var peers: [TerritoryID: [TerritoryID]]
        public var needed: [TerritoryID: Set<String>]
        public var names: [TerritoryID: String]

        /// Every territory with a value on some page.
        public var territories: [TerritoryID] { needed.keys.sorted() }
    }

    /// `data`: the run's measures and memberships, when the caller has them already (each new
    /// one reads every membership of France again).
    public func plan(requests: [PageRequest], catalog: Catalog, database: ObservatoryDatabase,
                     data shared: StoreIndicatorData? = nil) throws -> Plan {
        let data = try shared ?? StoreIndicatorData(database: database, catalog: catalog)
        let all = try database.territories()
        let names = Dictionary(all.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let regionMemberships = try database.memberships(memberGeography: nil, parentGeography: .region)
        let regionOf = Dictionary(regionMemberships.map { ($0.member, $0.parent) }, uniquingKeysWith: { first, _ in first })
        // A région's members by geography, from the one query above: a query per région and map
        // was 7 of the national refresh's 11 s before its first indicator.
        var regionMembers: [TerritoryID: [Geography: [TerritoryID]]] = [:]
        for membership in regionMemberships { regionMembers[membership.parent, default: [:]][membership.member.geography, default: []].append(membership.member) }
        let customPeers = Dictionary((try? CustomTerritory.loadAll(directory: layout.territoriesDirectory, displayRoot: layout.root))?
            .map { ($0.territoryID, $0.peers) } ?? [], uniquingKeysWith: { first, _ in first })
        let byGeography = Dictionary(grouping: all.map(\.id), by: \.geography)
        var plan = Plan(references: [:], peers: [:], needed: [:], names: names)
        for request in requests {
            switch request {
            case .territory(let dashboard, let territory):
                // A région's maps colour its territories of each mapped geography.
                if territory.geography == .region {
                    for item in dashboard.maps {
                        for member in regionMembers[territory]?[item.geography] ?? [] {
                            plan.needed[member, default: []].insert(item.indicator)
                        }
                    }
                }
                var refs: [(role: IndicatorDefinition.Comparison, territory: TerritoryID)] = []
                for role in [IndicatorDefinition.Comparison.departement, .region, .france] {
                    if let reference = try data.reference(role.rawValue, of: territory) { refs.append((role, reference)) }
                }
                plan.references[territory] = refs
                let peerList = Self.peers(of: territory, byGeography: byGeography, regionOf: regionOf, customPeers: customPeers, names: names)
                plan.peers[territory] = peerList
                for id in [territory] + refs.map(\.territory) + peerList.prefix(DashboardBuilder.maxPeers) {
                    plan.needed[id, default: []].formUnion(dashboard.indicatorIDs)
                }
            case .filiere(let dashboard, let region, let territories):
                plan.references[region] = [(.france, .france)]
                plan.peers[region] = territories
                for id in territories + [region, .france] {
                    plan.needed[id, default: []].formUnion(dashboard.indicatorIDs)
                }
            }
        }
        return plan
    }

    /// Computes what the plan needs and has no value for yet in `values`, territories asking for
    /// the same indicators together.
    public func complete(_ values: inout [String: [TerritoryID: ExportData.Series]], plan: Plan, library: IndicatorLibrary,
                         catalog: Catalog, database: ObservatoryDatabase, data shared: StoreIndicatorData? = nil,
                         progress: @escaping @Sendable (String) -> Void = { _ in }) throws {
        var missing: [TerritoryID: [String]] = [:]
        for (territory, indicators) in plan.needed {
            let absent = indicators.filter { values[$0]?[territory] == nil }.sorted()
            if !absent.isEmpty { missing[territory] = absent }
        }
        guard !missing.isEmpty else { return }
        let data = try shared ?? StoreIndicatorData(database: database, catalog: catalog)
        let groups = Dictionary(grouping: missing.keys.sorted(), by: { missing[$0]! })
        let compute = ComputeService(layout: layout)
        for (indicators, territories) in groups.sorted(by: { $0.key.joined() < $1.key.joined() }) {
            progress("computing \(indicators.count) indicators for \(territories.count) territories")
            for computed in try compute.compute(library: library, data: data, indicators: indicators, territories: territories) {
                values[computed.indicator.id, default: [:]][computed.territory, default: []].append((computed.period, computed.result))
            }
        }
        for (indicator, byTerritory) in values {
            for (territory, series) in byTerritory {
                values[indicator]![territory] = series.sorted { $0.period < $1.period }
            }
        }
    }

    /// The export's data: `values` (completed with whatever the plan still needs), names,
    /// references, peers, code labels and dataset titles.
    public func exportData(plan: Plan, values: consuming [String: [TerritoryID: ExportData.Series]], library: IndicatorLibrary,
                           catalog: Catalog, database: ObservatoryDatabase, recordAt: Date? = nil, data shared: StoreIndicatorData? = nil,
                           progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> ExportData {
        // Owned (a caller done with its values hands them over): completed in place, not copied.
        var values = values
        try complete(&values, plan: plan, library: library, catalog: catalog, database: database, data: shared, progress: progress)
        var datasets: [String: (title: String, publisher: String?)] = [:]
        for dataset in catalog.datasets { datasets[dataset.id.rawValue] = (dataset.title, dataset.publisher) }
        var data = ExportData(library: library, values: values, names: plan.names, references: plan.references, peers: plan.peers,
                              labels: try labels(values: values, database: database), datasets: datasets)
        data.nomenclatures = catalog.declaredNomenclatures
        // The démarches: their indicators' series, recorded in the history (dated `recordAt`),
        // and the history read back for their follow-up pages.
        let demarcheService = DemarcheService(layout: layout)
        let demarches = try demarcheService.load(library: library).demarches
        if !demarches.isEmpty {
            progress("démarches: \(demarches.count) follow-up pages")
            let series = try demarcheService.series(demarches: demarches, library: library, catalog: catalog, database: database, data: shared)
            if let recordAt { try demarcheService.record(series, at: recordAt) }
            data.demarches = demarches
            data.demarcheValues = series
            data.history = demarcheService.records(for: demarches)
        }
        let regions = plan.territories.filter { $0.geography == .region }
        do {
            let started = Date()
            if let (maps, cached) = try MapBuilder(layout: layout).buildReporting(regions: regions, database: database) {
                data.maps = maps
                progress(String(format: "maps: shapes %@ in %.2f s", cached ? "read from Cache/maps" : "built from the boundaries",
                                Date().timeIntervalSince(started)))
            }
        } catch {
            // Pages without maps rather than no pages: the boundaries are checked at ingest, so
            // this is a geometry failure worth reporting, not a reason to lose the site.
            logger.error("maps not drawn", metadata: ["error": "\(error)"])
            progress("maps not drawn: \(error)")
        }
        return data
    }

    /// Labels of every code shown: the datasets' own labels, completed from the referentials
    /// (ROME métiers and competences, Formacode, certifications, passerelles).
    func labels(values: [String: [TerritoryID: ExportData.Series]], database: ObservatoryDatabase) throws -> [String: [String: String]] {
        var labels = try database.allDimensionLabels()
        var codes: [String: Set<String>] = [:]
        for byTerritory in values.values {
            for series in byTerritory.values {
                for (_, result) in series {
                    guard case .table(let table) = result else { continue }
                    for entry in table.entries {
                        codes[table.dimension, default: []].insert(entry.key)
                        if !entry.details.isEmpty {
                            codes[table.dimension == "passerelle" ? "competence" : table.dimension, default: []].formUnion(entry.details)
                        }
                    }
                }
            }
        }
        for (dimension, keys) in codes {
            let missing = keys.filter { labels[dimension]?[$0] == nil }
            guard !missing.isEmpty else { continue }
            for (code, label) in try database.referentialLabels(dimension: dimension, codes: missing.sorted()) {
                labels[dimension, default: [:]][code] = label
            }
        }
        return labels
    }

    /// Territories of the same geography in the same région (other custom basins, or those its
    /// file names, for a custom basin; the other régions for a région).
    static func peers(of territory: TerritoryID, byGeography: [Geography: [TerritoryID]], regionOf: [TerritoryID: TerritoryID],
                      customPeers: [TerritoryID: [TerritoryID]], names: [TerritoryID: String]) -> [TerritoryID] {
        let candidates: [TerritoryID]
        switch territory.geography {
        case .france: return []
        case .region: candidates = byGeography[.region] ?? []
        case .custom:
            if let listed = customPeers[territory], !listed.isEmpty { return listed }
            candidates = byGeography[.custom] ?? []
        default:
            guard let region = regionOf[territory] else { return [] }
            candidates = (byGeography[territory.geography] ?? []).filter { regionOf[$0] == region }
        }
        return candidates.filter { $0 != territory }.sorted {
            // Two territories of one name keep one order: by id after the name.
            switch (names[$0] ?? $0.code).localizedStandardCompare(names[$1] ?? $1.code) {
            case .orderedAscending: true
            case .orderedDescending: false
            case .orderedSame: $0 < $1
            }
        }
    }

    /// The "Données et méthodes" content: the catalogue's datasets with the files in the store.
    public func methods(catalog: Catalog, library: IndicatorLibrary, database: ObservatoryDatabase) throws -> MethodsData {
        let ingested = Dictionary(grouping: try database.ingestedFiles(), by: { $0.dataset.rawValue })
        let datasets = catalog.datasets.sorted { $0.id.rawValue < $1.id.rawValue }.map { dataset in
            let files = (ingested[dataset.id.rawValue] ?? []).sorted { ($0.vintage, $0.file) < ($1.vintage, $1.file) }.map { file in
                let path = layout.cache.appendingPathComponent("downloads/\(dataset.id.rawValue)/\(file.file)").path
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
                return MethodsData.File(name: file.file, vintage: file.vintage, url: file.url, sha256: file.sha256, size: size,
                                        fetchedAt: file.fetchedAt.map(SourceDoc.iso8601))
            }
            return MethodsData.Dataset(id: dataset.id.rawValue, title: dataset.title, publisher: dataset.publisher,
                                       licence: dataset.licence, landingPage: dataset.landingPage,
                                       description: dataset.description, files: files)
        }
        return MethodsData(datasets: datasets, library: library)
    }

    /// The schemas shipped in `Schemas/`, copied into the site.
    public func schemas() -> [String: Data] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: schemasDirectory.path)) ?? []
        var result: [String: Data] = [:]
        for name in names where name.hasSuffix(".json") {
            result[name] = try? Data(contentsOf: schemasDirectory.appendingPathComponent(name))
        }
        return result
    }

    public func loadChangeReport() -> ChangeReport? {
        guard let data = try? Data(contentsOf: changeReportFile) else { return nil }
        return try? DocumentJSON.decode(ChangeReport.self, from: data)
    }

    /// Computes and writes the site for `scope` into `output`.
    public func run(catalog: Catalog, scope: ExportScope, formats: Set<ExportFormat>, output: URL,
                    progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> SiteExportSummary {
        let database = try ObservatoryDatabase.open(at: layout.storeFile)
        let library = try ComputeService(layout: layout).library(catalog: catalog)
        let dashboards = try self.dashboards(library: library)
        guard !dashboards.isEmpty else {
            throw UsageError.invalid("no dashboard in \(dashboardsDirectory.path): add a dashboard definition (see README)")
        }
        let requests = try self.requests(dashboards: dashboards, scope: scope, database: database)
        guard !requests.isEmpty else {
            throw UsageError.invalid("no page to export: the store has none of the chosen territories (run `observatory ingest` first?)")
        }
        let indicatorData = try StoreIndicatorData(database: database, catalog: catalog)
        let plan = try self.plan(requests: requests, catalog: catalog, database: database, data: indicatorData)
        let stored = try storedValues(scope: scope, plan: plan, library: library, catalog: catalog, database: database)
        if !stored.isEmpty { progress("read \(stored.count) indicators from \(computedFolder.path)") }
        let data = try exportData(plan: plan, values: stored, library: library, catalog: catalog, database: database, recordAt: Date(),
                                  data: indicatorData, progress: progress)
        var isPartial = false
        if case .territories = scope { isPartial = true }
        return try write(requests: requests, data: data, catalog: catalog, database: database, formats: formats, output: output,
                         removeStale: !isPartial, progress: progress)
    }

    var computedFolder: URL { layout.cache.appendingPathComponent("computed", isDirectory: true) }

    /// The values the last refresh or export computed for the same territories, read back from
    /// `Cache/computed` for each indicator whose inputs did not change since (its fingerprint):
    /// the export computes only what no run has computed yet.
    func storedValues(scope: ExportScope, plan: Plan, library: IndicatorLibrary, catalog: Catalog,
                      database: ObservatoryDatabase) throws -> [String: [TerritoryID: ExportData.Series]] {
        let compute = ComputeService(layout: layout)
        let scoped: [TerritoryID]
        switch scope {
        case .region(let code): scoped = try compute.defaultTerritories(database: database, region: code)
        case .france: scoped = try compute.allTerritories(database: database)
        case .territories: return [:]
        }
        let territories = Array(Set(scoped).union(plan.territories)).sorted()
        let fingerprints = ComputedCache.fingerprints(library: library, ingested: try database.ingestedFiles(),
                                                      territoryFiles: ComputedCache.territoryFilesDigest(layout), territories: territories, catalog: catalog)
        let cache = ComputedCache(folder: computedFolder)
        return cache.loadSeries(library.indicators.map(\.id), fingerprints: fingerprints)
    }

    /// Writes the pages of `requests` from `data` (only the files whose bytes changed).
    public func write(requests: [PageRequest], data: ExportData, catalog: Catalog, database: ObservatoryDatabase,
                      formats: Set<ExportFormat>, output: URL, removeStale: Bool,
                      progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> SiteExportSummary {
        let export = SiteExport(builder: DashboardBuilder(data: data), formats: formats)
        let writer = SiteWriter(root: output)
        progress("writing \(requests.count) pages to \(output.path)")
        return try export.write(requests, to: writer, methods: try methods(catalog: catalog, library: data.library, database: database),
                                changes: loadChangeReport(), schemas: schemas(), removeStale: removeStale) { done, total in
            if done == total || done % 256 == 0 { progress("written \(done)/\(total) pages") }
        }
    }
}
