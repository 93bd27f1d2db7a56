import ArgumentParser
import Foundation
import Observatory
import ObservatoryFetch

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "What the cache holds per dataset: files, checksums, when fetched, what changed.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let layout = try global.layout()
        let catalog = try loadCatalog(layout)
        let cache = DownloadCache(root: layout.cache)
        let now = Date()
        for dataset in catalog.datasets {
            print("\(dataset.id)\(dataset.optional ? " (optional)" : "") — \(dataset.title) [\(dataset.publisher)]")
            for file in dataset.files {
                guard let entry = try await cache.entry(dataset: dataset.id.rawValue, file: file.name) else {
                    print("  \(file.name) (\(file.vintage)): not downloaded")
                    continue
                }
                var line = "  \(file.name) (\(file.vintage)): \(Format.bytes(entry.size)), sha256 \(entry.sha256.prefix(12))…, fetched \(Format.date(entry.fetchedAt)) (\(Format.age(now.timeIntervalSince(entry.fetchedAt))) ago), checked \(Format.age(now.timeIntervalSince(entry.checkedAt))) ago"
                if let earlier = entry.history.first {
                    line += "\n    changed since the previous download of \(Format.date(earlier.fetchedAt)) (sha256 \(earlier.sha256.prefix(12))…, \(Format.bytes(earlier.size)))"
                } else {
                    line += "\n    unchanged since first downloaded"
                }
                print(line)
            }
        }
    }
}
