import Foundation
import Logging
import ObservatoryCore
import ObservatoryData
import ObservatoryFetch

/// The fetch use case: every file of the chosen datasets, in parallel, into the download cache.
public struct FetchService: Sendable {
    public var layout: ProjectLayout
    public var transport: any HTTPTransport
    public var logger: Logger

    public init(layout: ProjectLayout, transport: any HTTPTransport, logger: Logger) {
        self.layout = layout
        self.transport = transport
        self.logger = logger
    }

    public var cache: DownloadCache { DownloadCache(root: layout.cache) }

    /// Fetches the files of `datasets` (all when empty). Throws only for problems of the whole run
    /// (an unknown dataset id); each file's failure is in the summary.
    public func run(catalog: Catalog, datasets: [DatasetID] = [], options: FetchOptions,
                    events: @escaping @Sendable (FetchEvent) -> Void = { _ in }) async throws -> FetchSummary {
        let chosen = try Self.choose(datasets, in: catalog)
        let cache = self.cache
        if options.offline { return try await offline(chosen, cache: cache) }

        // `concurrency` bounds the transfers; twice as many files are under way, so that a file
        // being synced, checked and recorded does not hold back the next transfer.
        let fetcher = FileFetcher(transport: transport, cache: cache, options: options.transfer,
                                  retry: options.retry, logger: logger,
                                  slots: TransferSlots(max(1, options.concurrency)))
        let resolver = DataGouvResolver(transport: transport, apiBase: options.dataGouvAPI, options: options.transfer)
        let jobs = chosen.flatMap { dataset in dataset.files.map { (dataset, $0) } }
        var results = [FetchSummary.Item?](repeating: nil, count: jobs.count)
        await withTaskGroup(of: (Int, FetchSummary.Item).self) { group in
            var next = 0
            func startNext() {
                guard next < jobs.count else { return }
                let index = next
                next += 1
                let (dataset, file) = jobs[index]
                group.addTask {
                    let item = await Self.fetchOne(dataset, file, options: options, fetcher: fetcher,
                                                   resolver: resolver, cache: cache, events: events)
                    return (index, item)
                }
            }
            for _ in 0..<2 * max(1, options.concurrency) { startNext() }
            for await (index, item) in group {
                results[index] = item
                startNext()
            }
        }
        return FetchSummary(items: results.compactMap { $0 })
    }

    private static func fetchOne(_ dataset: DatasetDefinition, _ file: CatalogFile, options: FetchOptions,
                                 fetcher: FileFetcher, resolver: DataGouvResolver, cache: DownloadCache,
                                 events: @escaping @Sendable (FetchEvent) -> Void) async -> FetchSummary.Item {
        let url: String
        do {
            url = try await resolveURL(dataset, file, options: options, resolver: resolver)
        } catch {
            let kept = try? await cache.entry(dataset: dataset.id.rawValue, file: file.name)
            return .init(dataset: dataset, file: file, url: nil, result: .failed(reason: "\(error)", kept: kept))
        }
        let remote = RemoteFile(dataset: dataset.id.rawValue, name: file.name, vintage: file.vintage, url: url,
                                format: file.format, expectedSize: file.expectedSize, expectedSHA256: file.expectedSHA256)
        switch await fetcher.fetch(remote, force: options.force, events: events) {
        case .downloaded(let entry, let previous):
            return .init(dataset: dataset, file: file, url: url, result: .downloaded(entry, previous: previous))
        case .notModified(let entry):
            return .init(dataset: dataset, file: file, url: url, result: .notModified(entry))
        case .failed(let failure):
            return .init(dataset: dataset, file: file, url: url, result: .failed(reason: failure.description, kept: failure.kept))
        }
    }

    /// The URL to ask: the mirror's, an override, the catalogue's, or data.gouv's current resource.
    static func resolveURL(_ dataset: DatasetDefinition, _ file: CatalogFile, options: FetchOptions,
                           resolver: DataGouvResolver) async throws -> String {
        if let mirror = options.mirror {
            let base = mirror.hasSuffix("/") ? String(mirror.dropLast()) : mirror
            return "\(base)/\(dataset.id.rawValue)/\(percentEncodePath(file.name))"
        }
        if let override = options.overrides.urls["\(dataset.id)/\(file.name)"] { return override }
        if let direct = file.source.directURL { return direct }
        guard case .dataGouv(let id, let title) = file.source else { preconditionFailure("every other source has a URL") }
        return try await resolver.resolve(dataset: id, titlePattern: title).url
    }

    private func offline(_ datasets: [DatasetDefinition], cache: DownloadCache) async throws -> FetchSummary {
        var items: [FetchSummary.Item] = []
        for dataset in datasets {
            for file in dataset.files {
                if let entry = try await cache.entry(dataset: dataset.id.rawValue, file: file.name) {
                    items.append(.init(dataset: dataset, file: file, url: entry.url, result: .cached(entry)))
                } else {
                    items.append(.init(dataset: dataset, file: file, url: nil,
                                       result: .failed(reason: "offline, and \(dataset.id)/\(file.name) is not in the cache", kept: nil)))
                }
            }
        }
        return FetchSummary(items: items)
    }

    /// The datasets named (all when none), or an error naming the unknown ones.
    public static func choose(_ ids: [DatasetID], in catalog: Catalog) throws -> [DatasetDefinition] {
        if ids.isEmpty { return catalog.datasets }
        var chosen: [DatasetDefinition] = []
        var unknown: [String] = []
        for id in ids {
            if let dataset = catalog.dataset(id) { chosen.append(dataset) } else { unknown.append(id.rawValue) }
        }
        guard unknown.isEmpty else { throw UsageError.unknownDatasets(unknown, known: catalog.datasets.map(\.id.rawValue)) }
        return chosen
    }

    static func percentEncodePath(_ name: String) -> String {
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))
        return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
    }
}

/// A mistake in how a command was called (exit 64).
public enum UsageError: Error, Sendable, CustomStringConvertible {
    case unknownDatasets([String], known: [String])
    case invalid(String)

    public var description: String {
        switch self {
        case .unknownDatasets(let ids, let known):
            "unknown dataset\(ids.count > 1 ? "s" : "") \(ids.map { "'\($0)'" }.joined(separator: ", ")); the catalogue has: \(known.joined(separator: ", "))"
        case .invalid(let message): message
        }
    }
}
