import ArgumentParser
import Foundation
import Observatory
import ObservatoryCore
import ObservatoryStore

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read the downloaded files into the SQLite store (Cache/observatory.sqlite), typed by geography, masked cells kept.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var runLock: RunLockOptions

    @Argument(help: "Dataset ids to ingest (default: every dataset).")
    var datasets: [String] = []

    @Flag(help: "Read files again even when their checksum did not change.")
    var force = false

    @Option(name: .customLong("accept-shrink"), help: "A dataset whose new file may give less than half the observations of the vintage it replaces; repeatable.")
    var acceptShrink: [String] = []

    func run() async throws {
        let layout = try global.layout()
        let lock = try runLock.acquire(layout, command: "ingest")
        defer { lock.release() }
        try requireSoundStore(layout)
        let catalog = try loadCatalog(layout)
        let database = try ObservatoryDatabase.open(at: layout.storeFile)
        let service = IngestService(layout: layout, logger: global.logger("observatory.ingest"))
        let interactive = isatty(STDERR_FILENO) == 1
        let summary: IngestSummary
        do {
            summary = try await service.run(catalog: catalog, datasets: datasets.map { DatasetID($0) }, force: force,
                                            acceptShrink: Set(acceptShrink.map { DatasetID($0) }), database: database, progress: { line in
                                                printError(interactive ? "\u{1B}[2K\(line)\u{1B}[1A" : line)
                                            })
        } catch let error as UsageError {
            throw ValidationError(error.description)
        }
        print(IngestReport.render(summary))
        if summary.isFailure { throw ExitCode(1) }
    }
}

enum IngestReport {
    static func render(_ summary: IngestSummary) -> String {
        var lines = ["Ingest summary: \(summary.items.count) files",
                     "  ingested        \(summary.ingested.count)",
                     "  unchanged       \(summary.unchanged.count)",
                     "  failed          \(summary.failures.count)"]
        let notDownloaded = summary.items.filter { if case .notDownloaded = $0.result { true } else { false } }.count
        if notDownloaded > 0 { lines.append("  not downloaded  \(notDownloaded) (run observatory fetch)") }
        var current: DatasetID?
        for item in summary.items {
            if item.dataset.id != current {
                current = item.dataset.id
                lines += ["", "\(item.dataset.id)" + (item.dataset.optional ? " (optional)" : "") + " — \(item.dataset.title)"]
            }
            lines.append("  \(item.file.name) (\(item.file.vintage)): " + describe(item.result))
            if case .ingested(_, let notes) = item.result { lines += notes.map { "    note: \($0)" } }
        }
        if let custom = summary.customTerritories {
            lines += ["", "custom territories (Indicators/territories): " + describe(custom)]
            if case .ingested(_, let notes) = custom { lines += notes.map { "    note: \($0)" } }
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ result: IngestSummary.Result) -> String { result.description }
}
