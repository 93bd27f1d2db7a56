import ArgumentParser
import Foundation
import Observatory
import ObservatoryCore
import ObservatoryExport
import ObservatoryFetch
import ObservatoryIndicators

struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "The main job: fetch every dataset, ingest what changed, recompute what depends on it, write the dashboards and report what moved.",
        discussion: """
        Default: the Centre-Val de Loire territories (région, départements, zones d'emploi, bassins BMO), the custom \
        basins and France, written to <project>/site. Each stage skips what did not change. Exits 1 when a dataset \
        failed (its indicators keep their last good values).
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var runLock: RunLockOptions
    @OptionGroup var site: SiteOptions

    @Option(help: "Fetch each file from BASE/<dataset id>/<file name> instead of the publishers.")
    var mirror: String?

    @Flag(help: "Do not connect: use the cache only.")
    var offline = false

    @Option(help: "The région whose territories are computed and exported (INSEE code).")
    var region = "24"

    @Flag(help: "Every territory of France instead of one région.")
    var all = false

    @Option(name: .customLong("accept-shrink"), help: "A dataset whose new file may give less than half the observations of the vintage it replaces; repeatable.")
    var acceptShrink: [String] = []

    @Option(help: "Files downloaded at once.")
    var concurrency = 4

    @Flag(help: "Compute but write no site.")
    var noExport = false

    func validate() throws {
        if let mirror, !(mirror.hasPrefix("http://") || mirror.hasPrefix("https://")) {
            throw ValidationError("--mirror must be an http:// or https:// URL, not '\(mirror)'")
        }
        if offline && mirror != nil { throw ValidationError("--offline cannot be combined with --mirror") }
        _ = try site.formats()
    }

    func run() async throws {
        let layout = try global.layout()
        let lock = try runLock.acquire(layout, command: "refresh")
        defer { lock.release() }
        try requireSoundStore(layout)
        let catalog = try loadCatalog(layout)
        var options = FetchOptions()
        options.mirror = mirror
        options.offline = offline
        options.concurrency = concurrency
        options.overrides = try SourceOverrides.load(layout.sourceOverridesFile, displayRoot: layout.root)
        let service = RefreshService(layout: layout, transport: CurlTransport(version: ObservatoryCommand.version),
                                     logger: global.logger("observatory.refresh"))
        let display = FetchProgressDisplay(interactive: isatty(STDERR_FILENO) == 1)
        let report: RefreshReport
        let started = Date()
        do {
            report = try await service.run(catalog: catalog, options: options, scope: all ? .france : .region(region),
                                           output: noExport ? nil : site.outputURL(layout), formats: try site.formats(),
                                           acceptShrink: Set(acceptShrink.map { DatasetID($0) }), progress: { printError($0) }, events: { display.handle($0) })
        } catch let error as DiagnosticsError {
            display.finish()
            printError(error.description)
            printError("\(error.diagnostics.count) problem(s) in the config: run observatory check")
            throw ExitCode(1)
        }
        display.finish()
        // Nothing was written to the store (the service has closed it): keep its check stamp.
        if report.ingest.ingested.isEmpty, report.ingest.failures.isEmpty, !report.ingest.customTerritoriesWritten {
            StoreCheck(layout: layout).restamp()
        }
        print(RefreshReportText.render(report, seconds: Date().timeIntervalSince(started), html: (try? site.formats().contains(.html)) ?? true))
        if report.isFailure { throw ExitCode(1) }
    }
}

enum RefreshReportText {
    static func render(_ report: RefreshReport, seconds: Double? = nil, html: Bool = true) -> String {
        var lines: [String] = ["Refresh report", ""]
        lines.append("Fetch: \(report.fetch.downloaded.count) downloaded, \(report.fetch.notModified.count) not modified, \(report.fetch.failures.count) failed")
        for item in report.fetch.downloaded { lines.append("  new file: \(item.dataset.id)/\(item.file.name) (\(item.file.vintage))") }
        for item in report.fetch.failures {
            if case .failed(let reason, _) = item.result { lines.append("  failed\(item.dataset.optional ? " (optional)" : ""): \(reason)") }
        }
        lines.append("Ingest: \(report.ingest.ingested.count) ingested, \(report.ingest.unchanged.count) unchanged, \(report.ingest.failures.count) failed")
        for item in report.ingest.ingested { lines.append("  new vintage: \(item.dataset.id) \(item.file.vintage) (\(item.file.name))") }
        for item in report.ingest.failures {
            lines.append("  failed: \(item.dataset.id)/\(item.file.name) — \(item.result); its last good values are kept")
        }
        for line in report.kept { lines.append("  kept: \(line)") }
        let thisRun = Set(report.ingest.ingested.map { "\($0.dataset.title) — \($0.file.vintage) (\($0.file.name))" })
        for file in report.newFiles where !thisRun.contains(file) {
            lines.append("  new since the last published refresh (a run that ended before its site): \(file)")
        }
        if let computed = report.computed {
            lines.append("Compute: \(report.recomputed.count) indicators recomputed (\(computed) values for \(report.territories) territories), \(report.reused) unchanged")
            lines.append("  recomputed: \(report.recomputed.joined(separator: ", "))")
            if report.changes.isEmpty { lines.append("  first refresh, or no value moved") }
        } else {
            lines.append("Compute: nothing changed since the last refresh (same files, same indicators): no value recomputed")
        }
        if !report.changes.isEmpty {
            lines.append("  \(report.changes.count) values moved since the last published refresh:")
            for change in report.changes.prefix(60) { lines.append("  " + change.englishText) }
            if report.changes.count > 60 { lines.append("  … and \(report.changes.count - 60) more (all on the site's Changements page)") }
        }
        if report.historyRecords > 0 {
            lines.append("History: \(report.historyRecords) values recorded in Cache/history (new or changed since their last record)")
        }
        if let export = report.export, let output = report.output {
            lines.append(ExportReport.text(export, output: output, seconds: nil, html: html))
        } else if let note = report.exportNote {
            lines.append("Export: \(note)" + (report.output.map { " (\(report.pages) pages in \($0.path))" } ?? ""))
        }
        if let seconds { lines.append(String(format: "Done in %.1f s.", seconds)) }
        return lines.joined(separator: "\n")
    }
}
