import Crypto
import Foundation
import Logging
import ObservatoryCore
import ObservatoryData
import ObservatoryFetch
import ObservatoryStore

/// The ingest use case: every downloaded catalogue file into the store, each in its own
/// transaction, skipping files whose checksum did not change. A failure keeps the previous vintage.
public struct IngestService: Sendable {
    public var layout: ProjectLayout
    public var logger: Logger
    /// Whether a file ingested with new content is added to `Cache/pending-changes.json` for the
    /// next change report (``PendingChanges``); `repair` re-reads old files and does not.
    public var recordsNewFiles = true

    public init(layout: ProjectLayout, logger: Logger) {
        self.layout = layout
        self.logger = logger
    }

    /// Territories first (other files are checked against them), then observations, then referentials.
    static func order(_ kind: IngestSpec.Kind) -> Int {
        switch kind {
        case .zoneEmploiComposition: 0
        case .bassinLexicon, .communeMembership: 1
        case .observations: 2
        default: 3
        }
    }

    /// Ingests the files of `datasets` (all when empty); `force` re-reads unchanged files. A file
    /// giving less than half the observations of the vintage it replaces is held back (the stored
    /// vintage kept, the file failed) unless its dataset is in `acceptShrink`.
    public func run(catalog: Catalog, datasets: [DatasetID] = [], force: Bool = false,
                    acceptShrink: Set<DatasetID> = [], database: ObservatoryDatabase,
                    progress: @Sendable (String) -> Void = { _ in }) async throws -> IngestSummary {
        let chosen = try FetchService.choose(datasets, in: catalog)
        removeLeftoverWork()
        let cache = DownloadCache(root: layout.cache)
        let jobs = chosen.flatMap { dataset in dataset.files.map { (dataset, $0) } }
            .sorted { Self.order($0.1.ingest?.kind ?? .none) < Self.order($1.1.ingest?.kind ?? .none) }
        var items: [IngestSummary.Item] = []
        var territoriesChanged = false
        var membershipChanged = false
        let successions = try CommuneSuccessions.load(layout.successionsFile, displayRoot: layout.root)
        // A changed succession table re-reads the lexicon and the basins it applies to.
        let successionsStamp = Self.hash(successions.text)
        let successionsChanged = try database.ingestedFile(dataset: "territories", file: "successions")?.sha256 != successionsStamp
        for (dataset, file) in jobs {
            guard let spec = file.ingest, spec.kind != .none else {
                items.append(.init(dataset: dataset, file: file, result: .notIngested))
                continue
            }
            guard let entry = try await cache.entry(dataset: dataset.id.rawValue, file: file.name) else {
                items.append(.init(dataset: dataset, file: file, result: .notDownloaded))
                continue
            }
            // Files named, not coded, are matched again when the names they match against changed.
            if !force, !(successionsChanged && spec.kind == .bassinLexicon), !(membershipChanged && spec.matchTerritoryByName),
               try database.ingestedFile(dataset: dataset.id, file: file.name)?.sha256 == entry.sha256 {
                items.append(.init(dataset: dataset, file: file, result: .unchanged))
                continue
            }
            progress("ingesting \(dataset.id)/\(file.name)")
            let previousSHA = try database.ingestedFile(dataset: dataset.id, file: file.name)?.sha256
            let started = Date()
            let result = ingest(dataset, file, spec: spec, entry: entry, cache: cache, successions: successions,
                                acceptShrink: acceptShrink.contains(dataset.id), database: database)
            if case .ingested(let summary, _) = result {
                logger.info("ingested", metadata: ["dataset.id": "\(dataset.id)", "file": "\(file.name)",
                                                   "summary": "\(summary)", "seconds": "\(Date().timeIntervalSince(started))"])
                if [.zoneEmploiComposition, .bassinLexicon, .communeMembership].contains(spec.kind) { territoriesChanged = true }
                if spec.kind == .communeMembership { membershipChanged = true }
                // Written before the next file is read: a run killed later still reports this file.
                if recordsNewFiles, previousSHA != entry.sha256 {
                    try PendingChanges.record(.init(dataset: dataset.id.rawValue, datasetTitle: dataset.title, file: file.name,
                                                    vintage: file.vintage, sha256: entry.sha256, ingestedAt: Date()), in: layout)
                }
            }
            items.append(.init(dataset: dataset, file: file, result: result))
        }
        if successionsChanged {
            try database.recordIngestedFile(IngestedFile(
                dataset: "territories", file: "successions", vintage: "config", kind: "commune-successions",
                sha256: successionsStamp, url: nil, fetchedAt: nil, ingestedAt: Date(),
                summary: "\(successions.successors.count) former commune codes", notes: []))
        }
        var custom: IngestSummary.Result?
        do {
            let basins = try CustomTerritory.loadAll(directory: layout.territoriesDirectory, displayRoot: layout.root)
            // Deterministic: the basins' own content, not dictionary order.
            let fingerprint = basins.map { "\($0.id)|\($0.name)|\($0.communes.sorted())|\($0.wholeTerritories)|\($0.peers)" }
                .joined(separator: "\n")
            let previous = try database.ingestedFile(dataset: "territories", file: "custom")
            if !basins.isEmpty && (force || territoriesChanged || successionsChanged || previous?.sha256 != Self.hash(fingerprint)) {
                let (summary, notes) = try TerritoryLoader.loadCustom(basins, successions: successions, into: database)
                try database.recordIngestedFile(IngestedFile(
                    dataset: "territories", file: "custom", vintage: "config", kind: "custom-territories",
                    sha256: Self.hash(fingerprint), url: nil, fetchedAt: nil, ingestedAt: Date(),
                    summary: summary, notes: notes))
                custom = .ingested(summary: summary, notes: notes)
            } else if !basins.isEmpty {
                custom = .unchanged
            }
        } catch {
            custom = .failed("\(error)")
        }
        if items.contains(where: { if case .ingested = $0.result { true } else { false } }) {
            try? database.shrinkLog()
        }
        return IngestSummary(items: items, customTerritories: custom)
    }

    private func ingest(_ dataset: DatasetDefinition, _ file: CatalogFile, spec: IngestSpec, entry: ManifestEntry,
                        cache: DownloadCache, successions: CommuneSuccessions, acceptShrink: Bool,
                        database: ObservatoryDatabase) -> IngestSummary.Result {
        let url = cache.fileURL(dataset: dataset.id.rawValue, file: file.name)
        let work = layout.cache.appendingPathComponent("tmp/ingest-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: work) }
        do {
            let (summary, notes): (String, [String])
            switch spec.kind {
            case .observations:
                (summary, notes) = try ingestObservations(dataset, file, spec: spec, url: url, entry: entry,
                                                          work: work, acceptShrink: acceptShrink, database: database)
            case .zoneEmploiComposition, .bassinLexicon:
                let table = try TableSource.open(url, displayName: file.name, spec: spec,
                                                 template: VintageTemplate(vintage: file.vintage), workDirectory: work)
                let source = "\(dataset.id)/\(file.name)"
                (summary, notes) = spec.kind == .zoneEmploiComposition
                    ? try TerritoryLoader.loadComposition(table, spec: spec, source: source, into: database)
                    : try TerritoryLoader.loadLexicon(table, spec: spec, vintage: file.vintage, source: source,
                                                      successions: successions, into: database)
            case .communeMembership:
                let source = "\(dataset.id)/\(file.name)"
                (summary, notes) = try TerritoryLoader.loadMembership(url, displayName: file.name, spec: spec,
                                                                      template: VintageTemplate(vintage: file.vintage),
                                                                      work: work, source: source, into: database)
            case .boundaries:
                (summary, notes) = try Self.loadBoundaries(url, file: file, spec: spec, source: "\(dataset.id)/\(file.name)",
                                                           work: work, database: database)
            case .rome, .fap, .formacode, .lheo, .rncp:
                let report = try ReferentialLoader.load(
                    ReferentialInput(file: url, dataset: dataset.id, catalogFile: file, spec: spec, workDirectory: work),
                    into: database)
                (summary, notes) = (report.summary, report.notes)
            case .none:
                return .notIngested
            }
            try database.recordIngestedFile(IngestedFile(
                dataset: dataset.id, file: file.name, vintage: file.vintage, kind: spec.kind.rawValue, sha256: entry.sha256,
                url: entry.url, fetchedAt: entry.fetchedAt, ingestedAt: Date(), summary: summary, notes: notes))
            return .ingested(summary: summary, notes: notes)
        } catch {
            return .failed("\(error)")
        }
    }

    /// A boundaries file (GeoJSON, possibly inside a ZIP): every feature checked, then the
    /// geography's boundaries from this file replaced whole. Codes of communes merged since are
    /// kept as published; the map layer unites them into their successor.
    static func loadBoundaries(_ url: URL, file: CatalogFile, spec: IngestSpec, source: String, work: URL,
                               database: ObservatoryDatabase) throws -> (String, [String]) {
        guard let geographyName = spec.options["geography"], let geography = Geography(rawValue: geographyName) else {
            throw IngestError.configuration(source: file.name,
                                            message: "a boundaries file names its geography: options: {geography: commune}, dep or reg")
        }
        let features = try BoundaryReader.read(url, displayName: file.name,
                                               codeProperty: spec.options["code_property"] ?? "code",
                                               nameProperty: spec.options["name_property"] ?? "nom")
        try database.replaceBoundaries(source: source, geography: geography, boundaries: features.map {
            Boundary(id: TerritoryID(geography, $0.code), name: $0.name, geometry: $0.geometry, source: source)
        })
        let bytes = features.reduce(0) { $0 + $1.geometry.utf8.count }
        return ("\(features.count) \(geography.label) boundaries (\(bytes / 1024) KiB of geometry)", [])
    }

    private func ingestObservations(_ dataset: DatasetDefinition, _ file: CatalogFile, spec: IngestSpec, url: URL,
                                    entry: ManifestEntry, work: URL, acceptShrink: Bool,
                                    database: ObservatoryDatabase) throws -> (String, [String]) {
        var extractor = ObservationExtractor(file: url, displayName: file.name, spec: spec, vintage: file.vintage,
                                             workDirectory: work)
        if spec.matchTerritoryByName, case .column(_, let geography, _)? = spec.territory {
            for territory in try database.territories(geography: geography) where territory.id.code != territory.name {
                extractor.codesByName[NameKey.fold(territory.name)] = territory.id.code
            }
        }
        var report = ExtractionReport()
        let provenance = VintageProvenance(dataset: dataset.id, vintage: file.vintage, sourceFile: file.name,
                                           sha256: entry.sha256, url: entry.url, fetchedAt: entry.fetchedAt)
        // A republished file that collapses (a truncated download, a partial extract) does not
        // replace a vintage twice its size unless the user says it is right.
        let previous = try database.vintage(file.vintage, of: dataset.id)?.rowCount
        try database.replaceVintage(provenance) { writer in
            report = try extractor.run { try writer.append($0) }
            if !acceptShrink, let previous, report.observations * 2 < previous {
                throw IngestError.shrunk(source: file.name, dataset: dataset.id.rawValue, observations: report.observations,
                                         previous: previous)
            }
            writer.labels = report.labels
        }
        if !report.territoryNames.isEmpty || !report.parents.isEmpty {
            let names = report.territoryNames.map { Territory(id: $0.key, name: $0.value) }.sorted { $0.id < $1.id }
            let memberships = report.parents.flatMap { child, parents in
                parents.map { parent in
                    Membership(member: child, parent: parent,
                               isPartial: parents.filter { $0.geography == parent.geography }.count > 1)
                }
            }
            try database.replaceTerritories(source: "\(dataset.id)/\(file.name)", territories: names,
                                            memberships: memberships.sorted { ($0.member, $0.parent) < ($1.member, $1.parent) })
        }
        var notes = report.notes
        if spec.matchTerritoryByName {
            let unmatched = report.unmatchedNames.sorted()
            notes.append("\(report.matchedNames.count) territories named in the file matched to their codes by name"
                         + (unmatched.isEmpty ? "" : "; \(unmatched.count) not found among the store's names (renamed or merged since, "
                            + "or the referential is not ingested), kept under their names and placed nowhere: "
                            + unmatched.prefix(8).joined(separator: ", ") + (unmatched.count > 8 ? ", …" : "")))
        }
        let summary = "\(report.rows) rows, \(report.observations) observations (\(report.present) present, "
            + "\(report.masked) masked, \(report.missing) missing), \(report.territories.count) territories"
        return (summary, notes)
    }

    /// Removes the `Cache/tmp/ingest-*` folders of a run that was killed before it could clean up
    /// (one writer at a time: the run lock is held); returns their names.
    @discardableResult
    public func removeLeftoverWork() -> [String] {
        let tmp = layout.cache.appendingPathComponent("tmp", isDirectory: true)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? []).filter { $0.hasPrefix("ingest-") }.sorted()
        for name in names { try? FileManager.default.removeItem(at: tmp.appendingPathComponent(name)) }
        if !names.isEmpty { logger.info("removed the work folders of an interrupted run", metadata: ["count": "\(names.count)"]) }
        return names
    }

    /// The hex SHA-256 of a text (the fingerprint of the custom territories' config).
    static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
