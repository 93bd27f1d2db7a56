import Foundation
import Logging
import ObservatoryData
import ObservatoryStore

/// What `repair` did.
public struct RepairReport: Sendable {
    /// Where the damaged store now is (`nil` when there was no store file).
    public var damagedCopy: URL?
    /// Derived files and folders removed (computed values, the check stamp).
    public var cleared: [String]
    /// The forced ingest of every downloaded file.
    public var ingest: IngestSummary
    /// Observations in the rebuilt store.
    public var observations: Int
}

/// Rebuilds a damaged store from the files already downloaded, without the network: the damaged
/// file is moved aside (`observatory.sqlite.damaged-<UTC time>`, its `-wal` and `-shm` beside
/// it), what was computed from it is removed, and every cached file is ingested again. The
/// caller holds the run lock.
public struct RepairService: Sendable {
    public var layout: ProjectLayout
    public var logger: Logger

    public init(layout: ProjectLayout, logger: Logger) {
        self.layout = layout
        self.logger = logger
    }

    public func run(catalog: Catalog, now: Date = Date(),
                    progress: @Sendable (String) -> Void = { _ in }) async throws -> RepairReport {
        let files = FileManager.default
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let store = layout.storeFile
        var aside: URL?
        if files.fileExists(atPath: store.path) {
            var target = store.deletingLastPathComponent().appendingPathComponent("\(store.lastPathComponent).damaged-\(formatter.string(from: now))")
            var suffix = 1
            while files.fileExists(atPath: target.path) {
                suffix += 1
                target = store.deletingLastPathComponent()
                    .appendingPathComponent("\(store.lastPathComponent).damaged-\(formatter.string(from: now))-\(suffix)")
            }
            try files.moveItem(at: store, to: target)
            for companion in ["-wal", "-shm"] where files.fileExists(atPath: store.path + companion) {
                try files.moveItem(atPath: store.path + companion, toPath: target.path + companion)
            }
            aside = target
            logger.info("damaged store moved aside", metadata: ["path": "\(target.path)"])
        }
        var cleared: [String] = []
        for derived in [layout.cache.appendingPathComponent("computed", isDirectory: true), StoreCheck(layout: layout).stampFile]
        where files.fileExists(atPath: derived.path) {
            try files.removeItem(at: derived)
            cleared.append(derived.lastPathComponent)
        }
        let database = try ObservatoryDatabase.open(at: store)
        var service = IngestService(layout: layout, logger: logger)
        // The files were ingested before the damage: not news for the change page.
        service.recordsNewFiles = false
        let ingest = try await service.run(catalog: catalog, force: true, database: database, progress: progress)
        let observations = try database.observationCount()
        try database.close()
        return RepairReport(damagedCopy: aside, cleared: cleared, ingest: ingest, observations: observations)
    }
}
