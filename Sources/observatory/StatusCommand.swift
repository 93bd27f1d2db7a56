import ArgumentParser
import Foundation
import Observatory
import ObservatoryFetch
import ObservatoryStore

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Per dataset: files downloaded (checksum, when, what changed) and vintages stored (rows, masked cells).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let layout = try global.layout()
        try requireSoundStore(layout)
        let catalog = try loadCatalog(layout)
        let cache = DownloadCache(root: layout.cache)
        let database = FileManager.default.fileExists(atPath: layout.storeFile.path)
            ? try ObservatoryDatabase.open(at: layout.storeFile) : nil
        let statuses = try database?.datasetStatuses() ?? []
        let ingested = try database?.ingestedFiles() ?? []
        let now = Date()
        for dataset in catalog.datasets {
            print("\(dataset.id)\(dataset.optional ? " (optional)" : "") — \(dataset.title) [\(dataset.publisher)]")
            for file in dataset.files {
                guard let entry = try await cache.entry(dataset: dataset.id.rawValue, file: file.name) else {
                    print("  \(file.name) (\(file.vintage)): not downloaded")
                    continue
                }
                print("  \(file.name) (\(file.vintage)): \(Format.bytes(entry.size)), sha256 \(entry.sha256.prefix(12))…, "
                      + "fetched \(Format.date(entry.fetchedAt)) (\(Format.age(now.timeIntervalSince(entry.fetchedAt))) ago), "
                      + "checked \(Format.age(now.timeIntervalSince(entry.checkedAt))) ago")
                if let earlier = entry.history.first {
                    print("    changed since the download of \(Format.date(earlier.fetchedAt)) (sha256 \(earlier.sha256.prefix(12))…, \(Format.bytes(earlier.size)))")
                }
                if let record = ingested.first(where: { $0.dataset == dataset.id && $0.file == file.name }) {
                    let stale = record.sha256 != entry.sha256 ? " — the downloaded file is newer: run observatory ingest" : ""
                    print("    ingested \(Format.date(record.ingestedAt)): \(record.summary)\(stale)")
                } else if file.ingest != nil {
                    print("    not ingested yet")
                }
            }
            if let status = statuses.first(where: { $0.dataset == dataset.id }) {
                for vintage in status.vintages {
                    print("  vintage \(vintage.vintage): \(vintage.rowCount) observations, \(vintage.maskedCount) masked, "
                          + "\(vintage.missingCount) missing — from \(vintage.provenance.sourceFile)")
                }
            }
        }
    }
}
