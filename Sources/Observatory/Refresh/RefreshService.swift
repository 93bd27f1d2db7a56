import Crypto
import Foundation
import Logging
import ObservatoryCore
import ObservatoryData
import ObservatoryExport
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

    /// `Taux de chômage — Vierzon, T3 2023 : 10,2 % → 10,5 % (+0,3 pt)`, in French for the site's
    /// Changements page.
    public var text: String { line(english: false) }

    /// ``text`` in English for the CLI: `Taux de chômage — Vierzon, T3 2023: 10,2 % → no value: division by zero`.
    public var englishText: String { line(english: true) }

    /// One sentence for both: the words of the values and the punctuation differ.
    private func line(english: Bool) -> String {
        let unit = indicator.unit
        func say(_ value: Value) -> String {
            english ? ValueFormatter.englishText(value, unit: unit, detail: false) : ValueFormatter.text(value, unit: unit, detail: false)
        }
        var line = "\(indicator.definition.title)\(label) — \(territoryName), \(period.frenchLabel)\(english ? ":" : " :") "
            + "\(before.map(say) ?? "—") → \(say(after))"
        if let delta { line += " (\(delta))" }
        if let extent = after.extent, !extent.isExact {
            line += english ? "; " + ValueFormatter.englishExtentText(extent) : " ; " + ValueFormatter.extentText(extent)
        }
        return line
    }

    private var label: String { key.map { " [\($0)]" } ?? "" }

    /// The move of an exact value: `+0,3 pt`, `+120`.
    private var delta: String? {
        let unit = indicator.unit
        guard let before, before.lower == before.upper, after.lower == after.upper, let a = before.lower, let b = after.lower, a != b else { return nil }
        return unit == .percent || unit == .points ? ValueFormatter.number(b - a, unit: .points)
            : FrenchFormat.signed(b - a, decimals: unit == .count ? 0 : 2)
    }
}

/// What a refresh did, stage by stage.
public struct RefreshReport: Sendable {
    public var fetch: FetchSummary
    public var ingest: IngestSummary
    /// Values recomputed; `nil` when no indicator's inputs changed and nothing was recomputed.
    public var computed: Int?
    /// The indicators recomputed, and how many were read back unchanged.
    public var recomputed: [String]
    public var reused: Int
    /// Values that moved since the last published refresh (the last one that wrote its site).
    public var changes: [ValueChange]
    /// Files ingested with new content since the last published refresh, this run's and those of
    /// runs that ended before writing their site.
    public var newFiles: [String] = []
    /// Values added to the history (`Cache/history/`): those that differ from their last record.
    public var historyRecords = 0
    public var territories: Int
    /// What the failed datasets' indicators show instead: their last good values.
    public var kept: [String]
    /// The export, or `nil` when the site was already up to date.
    public var export: SiteExportSummary?
    public var pages: Int
    public var output: URL?
    /// Why the export was skipped, if it was.
    public var exportNote: String?

    public var isFailure: Bool { !fetch.blockingFailures.isEmpty || ingest.isFailure }
}

/// The main job: fetch → ingest → compute → export, each stage skipping what did not change,
/// then the values that moved since the last refresh, on the terminal and as a page of the site.
public struct RefreshService: Sendable {
    public var layout: ProjectLayout
    public var transport: any HTTPTransport
    public var logger: Logger
    /// The time history records are dated with (the wall clock; tests fix it).
    public var now: @Sendable () -> Date = { Date() }

    public init(layout: ProjectLayout, transport: any HTTPTransport, logger: Logger) {
        self.layout = layout
        self.transport = transport
        self.logger = logger
    }

    public var snapshotFile: URL { layout.cache.appendingPathComponent("last-values.json") }
    public var computedFolder: URL { layout.cache.appendingPathComponent("computed", isDirectory: true) }

    public enum Scope: Sendable {
        case region(String)
        case france
    }

    public func run(catalog: Catalog, options: FetchOptions, scope: Scope, output: URL? = nil,
                    formats: Set<ExportFormat> = ExportFormat.site, acceptShrink: Set<DatasetID> = [],
                    progress: @escaping @Sendable (String) -> Void = { _ in },
                    events: @escaping @Sendable (FetchEvent) -> Void = { _ in }) async throws -> RefreshReport {
        progress("fetching")
        let fetch = try await FetchService(layout: layout, transport: transport, logger: logger)
            .run(catalog: catalog, options: options, events: events)
        progress("ingesting")
        let database = try ObservatoryDatabase.open(at: layout.storeFile)
        let ingest = try await IngestService(layout: layout, logger: logger).run(catalog: catalog, acceptShrink: acceptShrink,
                                                                                  database: database, progress: progress)
        // Nothing new at all: no file downloaded or ingested, and everything the last published
        // refresh was made from (config, ingested files, scope, the site's stamp) the same. The
        // pages, the values and the change report are then those already published.
        let runStamp = try refreshStamp(scope: scope, output: output, formats: formats, database: database)
        if fetch.downloaded.isEmpty, ingest.ingested.isEmpty, ingest.failures.isEmpty, fetch.blockingFailures.isEmpty,
           !ingest.customTerritoriesWritten, PendingChanges.load(layout).files.isEmpty, let output,
           let last = LastRefresh.load(lastRefreshFile), last.stamp == runStamp,
           (try? String(contentsOf: output.appendingPathComponent(".observatory-stamp"), encoding: .utf8)) == last.siteStamp,
           FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path) || !formats.contains(.html) {
            return RefreshReport(fetch: fetch, ingest: ingest, computed: nil, recomputed: [], reused: last.indicators, changes: [],
                                 territories: last.territories, kept: [], export: nil, pages: last.pages, output: output,
                                 exportNote: "site up to date")
        }
        let compute = ComputeService(layout: layout)
        let library = try compute.library(catalog: catalog)
        let exporter = ExportService(layout: layout, logger: logger)
        let dashboards = try exporter.dashboards(library: library)

        // What the pages need, and the scope's own territories.
        let exportScope: ExportScope = switch scope {
        case .region(let code): .region(code)
        case .france: .france
        }
        let requests = try exporter.requests(dashboards: dashboards, scope: exportScope, database: database)
        // The measures, memberships and referentials, read once for the plan, the compute and the export.
        let data = try StoreIndicatorData(database: database, catalog: catalog)
        let plan = try exporter.plan(requests: requests, catalog: catalog, database: database, data: data)
        let scoped = switch scope {
        case .region(let code): try compute.defaultTerritories(database: database, region: code)
        case .france: try compute.allTerritories(database: database)
        }
        let territories = Array(Set(scoped).union(plan.territories)).sorted()

        // Compute: each indicator whose inputs changed; the others are read back.
        let fingerprints = ComputedCache.fingerprints(library: library, ingested: try database.ingestedFiles(),
                                                      territoryFiles: territoryFilesDigest(), territories: territories, catalog: catalog)
        let cache = ComputedCache(folder: computedFolder)
        // The maps read the boundaries, which no indicator fingerprint covers.
        let boundaries = try database.ingestedFiles().filter { $0.kind == IngestSpec.Kind.boundaries.rawValue }
            .map { "\($0.dataset)/\($0.file)=\($0.sha256)" }.sorted()
        let siteFingerprints = fingerprints.merging(["@boundaries": boundaries.joined(separator: ",")]) { a, _ in a }
        var values = cache.loadSeries(library.indicators.map(\.id), fingerprints: fingerprints)
        var recomputed: [String] = []
        var computedCount = 0
        let stale = library.indicators.map(\.id).filter { values[$0] == nil }
        // The stale indicators in one pass: they share the evaluator's memo (an indicator read by
        // others, the competences of the same métiers) instead of computing it again each.
        if !stale.isEmpty {
            // Each indicator's values are saved and kept as they come (in `stale`'s order), never
            // the run's whole list at once: that list and a copy grouped by indicator were 244 MB
            // of the national refresh's 545 MB heap peak (heaptrack). A file is encoded and
            // written on a queue of its own while the next indicators compute.
            let saving = DispatchQueue(label: "refresh.computed-cache")
            let saved = DispatchGroup()
            let saveFailure = ConcurrentResults<Void>(count: 1)
            defer { saved.wait() }
            try compute.compute(library: library, data: data, indicators: stale, territories: territories, progress: { id in
                progress("computing \(id) for \(territories.count) territories")
            }) { list in
                let id = stale[recomputed.count]
                guard list.allSatisfy({ $0.indicator.id == id }) else {
                    throw UsageError.invalid("internal: values of \(list.first?.indicator.id ?? "?") delivered for \(id)")
                }
                let fingerprint = fingerprints[id] ?? ""
                saving.async(group: saved) {
                    do { try cache.save(id, fingerprint: fingerprint, values: list) } catch { saveFailure.set(0, .failure(error)) }
                }
                for value in list { values[id, default: [:]][value.territory, default: []].append((value.period, value.result)) }
                recomputed.append(id)
                computedCount += list.count
            }
            data.forgetMeasures()
            saved.wait()
            if case .failure(let error)? = saveFailure.values.first, !(error is CancellationError) { throw error }
        }
        for (indicator, byTerritory) in values {
            for (territory, series) in byTerritory { values[indicator]![territory] = series.sorted { $0.period < $1.period } }
        }
        // History: what this run computed of the indicators a démarche follows, dated; an
        // indicator read back unchanged adds nothing (its values are those already recorded),
        // unless it has no history yet. Other indicators are not recorded: every value of every
        // territory, each refresh, would weigh more than the site.
        let recordedAt = now()
        let demarcheService = DemarcheService(layout: layout)
        let followed = Set(try demarcheService.load(library: library).demarches.flatMap { $0.indicators.map(\.indicator) })
        let historyRecorded = try demarcheService.record(values.filter {
            followed.contains($0.key) && (recomputed.contains($0.key) || !demarcheService.history.exists($0.key))
        }, at: recordedAt)

        // What moved since the last published refresh (the snapshot is written only once a site
        // is written): every value is compared, whether or not this run recomputed it, so a rerun
        // after a run killed between the ingest and the export reports every move.
        let names = plan.names
        var changes: [ValueChange] = []
        var snapshot: [String: ValueSnapshot.Entry] = [:]
        do {
            // The last snapshot lives only as long as the comparison (it weighs as much as this one).
            let previous = ValueSnapshot.load(snapshotFile)
            // A value is new, not moved, when its indicator had no value for the territory and period.
            let known = Set((previous?.values.keys ?? [:].keys).map { $0.split(separator: "|", omittingEmptySubsequences: false).prefix(3).joined(separator: "|") })
            for indicator in library.indicators {
                for (territory, series) in values[indicator.id] ?? [:] {
                    for (period, result) in series {
                        let entries: [(String?, Value)] = switch result {
                        case .scalar(let value): [(nil, value)]
                        case .table(let table): table.entries.map { ($0.key, $0.value) }
                        }
                        for (key, value) in entries {
                            let id = ValueSnapshot.key(indicator.id, territory, period, key)
                            let entry = ValueSnapshot.entry(value)
                            snapshot[id] = entry
                            let before = previous?.values[id]
                            let isKnown = before != nil || known.contains("\(indicator.id)|\(territory)|\(period)")
                            // Snapshots written before coverage was kept have no extent: not a move.
                            var compared = entry
                            if let before, before.extent == nil { compared.extent = nil }
                            if previous != nil, isKnown, before != compared {
                                changes.append(ValueChange(indicator: indicator, territory: territory,
                                                           territoryName: names[territory] ?? territory.description, period: period, key: key,
                                                           before: before.map { Value(lower: $0.lower, upper: $0.upper, maskedCells: $0.maskedCells,
                                                                                      extent: $0.extent, reason: nil, sources: []) },
                                                           after: value))
                            }
                        }
                    }
                }
            }
        }
        changes.sort { ($0.indicator.id, $0.territoryName, $0.period, $0.key ?? "") < ($1.indicator.id, $1.territoryName, $1.period, $1.key ?? "") }

        // Failed datasets: the indicators reading them keep their last good values.
        var kept: [String] = []
        let failedDatasets = Set(fetch.blockingFailures.map(\.dataset.id.rawValue) + ingest.failures.map(\.dataset.id.rawValue))
        for dataset in failedDatasets.sorted() {
            let readers = library.indicators.filter { $0.dependencies.datasets.map(\.rawValue).contains(dataset) }
            let vintages = try database.ingestedFiles().filter { $0.dataset.rawValue == dataset }
            let last = vintages.map { "\($0.file) (\($0.vintage), sha256 \($0.sha256.prefix(12))…)" }.joined(separator: ", ")
            let count = readers.count == 1 ? "1 indicateur garde" : "\(readers.count) indicateurs gardent"
            kept.append("\(dataset) : \(count) les valeurs du dernier fichier valide"
                        + (last.isEmpty ? " (aucun fichier valide : pas de valeur)" : " — \(last)")
                        + (readers.isEmpty ? "" : " : " + readers.map(\.definition.title).joined(separator: ", ")))
        }

        // The change page shows the last refresh that changed something: the files downloaded by
        // this run, and every file ingested with new content since the last published refresh.
        let pending = PendingChanges.load(layout)
        var downloaded = fetch.downloaded.map { "\($0.dataset.id)/\($0.file.name) (\($0.file.vintage))" }
        for file in pending.files where !downloaded.contains("\(file.dataset)/\(file.file) (\(file.vintage))") {
            downloaded.append("\(file.dataset)/\(file.file) (\(file.vintage))")
        }
        let newVintages = pending.files.map { "\($0.datasetTitle) — \($0.vintage) (\($0.file))" }
        let changeReport = ChangeReport(
            date: ISO8601DateFormatter().string(from: Date()),
            downloaded: downloaded,
            newVintages: newVintages,
            moved: changes.map(\.text),
            failed: fetch.failures.compactMap { item -> String? in
                if case .failed(let reason, _) = item.result { return "téléchargement \(item.dataset.id)/\(item.file.name)\(item.dataset.optional ? " (facultatif)" : "") : \(reason)" }
                return nil
            } + ingest.failures.map { "lecture \($0.dataset.id)/\($0.file.name) : \($0.result.description)" },
            kept: kept, computed: recomputed.isEmpty ? nil : computedCount)
        let significant = !changeReport.downloaded.isEmpty || !changeReport.newVintages.isEmpty || !changeReport.moved.isEmpty
            || !ingest.failures.isEmpty || !fetch.blockingFailures.isEmpty
        if significant || exporter.loadChangeReport() == nil {
            try DocumentJSON.encode(changeReport).write(to: exporter.changeReportFile, options: .atomic)
        }

        // Export: skipped when nothing it reads changed since the site was written.
        var report = RefreshReport(fetch: fetch, ingest: ingest, computed: recomputed.isEmpty ? nil : computedCount, recomputed: recomputed,
                                   reused: library.indicators.count - recomputed.count, changes: changes, territories: territories.count,
                                   kept: kept, export: nil, pages: requests.count, output: output, exportNote: nil)
        report.newFiles = newVintages
        report.historyRecords = historyRecorded
        // The stamps once this run's change report is written: the site shows it.
        let stamp = try exportStamp(fingerprints: siteFingerprints, requests: requests, formats: formats)
        let publishedRunStamp = try refreshStamp(scope: scope, output: output, formats: formats, database: database)
        // Published: the site shows these values and this report; the next report starts from here.
        // The snapshot as the bytes it is saved as, so that the export does not run beside a
        // dictionary of every value of the run (a third of the national refresh's peak memory).
        let snapshotData = try ValueSnapshot(fingerprint: fingerprints.values.sorted().joined(), values: snapshot).encoded()
        snapshot = [:]
        func publish() throws {
            try ValueSnapshot.write(snapshotData, to: snapshotFile)
            try PendingChanges.clear(in: layout)
            try LastRefresh(stamp: publishedRunStamp, siteStamp: stamp, pages: requests.count, territories: territories.count,
                            indicators: library.indicators.count).save(lastRefreshFile)
        }
        guard let output, !requests.isEmpty else {
            report.exportNote = requests.isEmpty ? "no dashboard page for this scope" : "no output folder"
            // Nothing is published: the next run that writes a site reports these moves and files again.
            return report
        }
        let stampFile = output.appendingPathComponent(".observatory-stamp")
        if let old = try? String(contentsOf: stampFile, encoding: .utf8), old == stamp,
           FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path) || !formats.contains(.html) {
            report.exportNote = "site up to date"
            try publish()
            return report
        }
        // The run's values pass to the export, which completes them in place: no second copy.
        let exportData = try exporter.exportData(plan: plan, values: consume values, library: library, catalog: catalog, database: database,
                                                 recordAt: recordedAt, data: data, progress: progress)
        report.export = try exporter.write(requests: requests, data: exportData, catalog: catalog, database: database, formats: formats,
                                           output: output, removeStale: true, progress: progress)
        try Data(stamp.utf8).write(to: stampFile, options: .atomic)
        try publish()
        return report
    }

    /// `Cache/last-refresh.json`: what the last published refresh was made from.
    public var lastRefreshFile: URL { layout.cache.appendingPathComponent("last-refresh.json") }

    /// Everything a published site depends on besides the fetched files: the config folders
    /// (datasets, indicators, dashboards, territories, commune successions), the schemas, the
    /// files in the store with their checksums, the scope, the output and the formats.
    func refreshStamp(scope: Scope, output: URL?, formats: Set<ExportFormat>, database: ObservatoryDatabase) throws -> String {
        var hasher = SHA256()
        let exporter = ExportService(layout: layout, logger: logger)
        hasher.update(data: Data("observatory-refresh-v1|\(ComputedCache.version)|\(scope)|\(output?.standardizedFileURL.path ?? "-")|".utf8))
        hasher.update(data: Data(formats.map(\.rawValue).sorted().joined(separator: ",").utf8))
        for folder in [layout.datasetsDirectory, ComputeService(layout: layout).indicatorsDirectory, exporter.dashboardsDirectory,
                       layout.territoriesDirectory, layout.successionsFile.deletingLastPathComponent(), exporter.schemasDirectory,
                       DemarcheService(layout: layout).directory] {
            hasher.update(data: Data(folder.path.utf8))
            Self.hash(folder: folder, into: &hasher)
        }
        for file in try database.ingestedFiles().map({ "\($0.dataset)/\($0.file)/\($0.vintage)=\($0.sha256)" }).sorted() {
            hasher.update(data: Data((file + "\n").utf8))
        }
        hasher.update(data: (try? Data(contentsOf: exporter.changeReportFile)) ?? Data())
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The custom basins' files, which shape the territories.
    func territoryFilesDigest() -> String {
        ComputedCache.territoryFilesDigest(layout)
    }

    /// Every file of `folder`, names and bytes, in name order.
    static func hash(folder: URL, into hasher: inout SHA256) {
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() {
            hasher.update(data: Data(name.utf8))
            hasher.update(data: (try? Data(contentsOf: folder.appendingPathComponent(name))) ?? Data())
        }
    }

    /// What the site is made of: the values' fingerprints, the dashboards' files, the pages, the
    /// formats, the change report, the schemas and the tool's version.
    func exportStamp(fingerprints: [String: String], requests: [PageRequest], formats: Set<ExportFormat>) throws -> String {
        var hasher = SHA256()
        hasher.update(data: Data("observatory-export-v2-maps".utf8))
        for key in fingerprints.keys.sorted() { hasher.update(data: Data("\(key)=\(fingerprints[key]!)\n".utf8)) }
        for request in requests { hasher.update(data: Data(request.path.utf8)) }
        hasher.update(data: Data(formats.map(\.rawValue).sorted().joined(separator: ",").utf8))
        let exporter = ExportService(layout: layout, logger: logger)
        for folder in [exporter.dashboardsDirectory, exporter.schemasDirectory, ComputeService(layout: layout).indicatorsDirectory,
                       DemarcheService(layout: layout).directory] {
            Self.hash(folder: folder, into: &hasher)
        }
        hasher.update(data: (try? Data(contentsOf: exporter.changeReportFile)) ?? Data())
        return hasher.finalize().map { String(format: "%02x", $0) }.joined() + "\n"
    }
}

/// What the last published refresh was made from (``RefreshService/refreshStamp``) and what it
/// wrote: the stamp of its site, and the counts its report gives.
struct LastRefresh: Codable {
    var stamp: String
    var siteStamp: String
    var pages: Int
    var territories: Int
    var indicators: Int

    static func load(_ url: URL) -> LastRefresh? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(LastRefresh.self, from: data)
    }

    func save(_ url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}
