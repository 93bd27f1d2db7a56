import ArgumentParser
import Foundation
import Observatory

struct RepairCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Set a damaged store aside and rebuild it from the files already downloaded (no network).",
        discussion: """
        The store is moved to Cache/observatory.sqlite.damaged-<UTC time>, the computed values (Cache/computed) \
        are removed, and every downloaded file is ingested again. Run observatory refresh afterwards to recompute \
        and export. Exits 1 when a file could not be ingested again.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var runLock: RunLockOptions

    func run() async throws {
        let layout = try global.layout()
        let lock = try runLock.acquire(layout, command: "repair")
        defer { lock.release() }
        let catalog = try loadCatalog(layout)
        let interactive = isatty(STDERR_FILENO) == 1
        let report = try await RepairService(layout: layout, logger: global.logger("observatory.repair")).run(catalog: catalog) { line in
            printError(interactive ? "\u{1B}[2K\(line)\u{1B}[1A" : line)
        }
        var lines: [String] = []
        if let copy = report.damagedCopy {
            lines.append("damaged store moved aside: \(copy.path)")
        } else {
            lines.append("no store file: a new one was built")
        }
        if !report.cleared.isEmpty { lines.append("removed (derived from the old store): " + report.cleared.map { "Cache/\($0)" }.joined(separator: ", ")) }
        lines.append("rebuilt \(layout.storeFile.path): \(report.ingest.ingested.count) files ingested again, "
                     + "\(report.observations) observations, \(report.ingest.failures.count) failed")
        print(lines.joined(separator: "\n"))
        print(IngestReport.render(report.ingest))
        if report.ingest.isFailure { throw ExitCode(1) }
        print("next: observatory refresh (recomputes the indicators and writes the site)")
    }
}
