import ArgumentParser
import Foundation
import Observatory
import ObservatoryCore
import ObservatoryFetch
import ObservatoryIndicators

struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "The main job: fetch every dataset, ingest what changed, recompute the indicators and report what moved.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Fetch each file from BASE/<dataset id>/<file name> instead of the publishers.")
    var mirror: String?

    @Flag(help: "Do not connect: use the cache only.")
    var offline = false

    @Option(help: "The région whose territories are computed (INSEE code).")
    var region = "24"

    @Flag(help: "Compute every territory of France instead of one région.")
    var all = false

    @Option(help: "Files downloaded at once.")
    var concurrency = 4

    func validate() throws {
        if let mirror, !(mirror.hasPrefix("http://") || mirror.hasPrefix("https://")) {
            throw ValidationError("--mirror must be an http:// or https:// URL, not '\(mirror)'")
        }
        if offline && mirror != nil { throw ValidationError("--offline cannot be combined with --mirror") }
    }

    func run() async throws {
        let layout = try global.layout()
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
        do {
            report = try await service.run(catalog: catalog, options: options, scope: all ? .france : .region(region),
                                           progress: { printError($0) }, events: { display.handle($0) })
        } catch let error as DiagnosticsError {
            display.finish()
            printError(error.description)
            throw ExitCode(1)
        }
        display.finish()
        print(RefreshReportText.render(report))
        if report.isFailure { throw ExitCode(1) }
    }
}

enum RefreshReportText {
    static func render(_ report: RefreshReport) -> String {
        var lines: [String] = ["Refresh report", ""]
        lines.append("Fetch: \(report.fetch.downloaded.count) downloaded, \(report.fetch.notModified.count) not modified, \(report.fetch.failures.count) failed")
        for item in report.fetch.downloaded { lines.append("  new file: \(item.dataset.id)/\(item.file.name) (\(item.file.vintage))") }
        for item in report.fetch.failures {
            if case .failed(let reason, _) = item.result { lines.append("  failed\(item.dataset.optional ? " (optional)" : ""): \(reason)") }
        }
        lines.append("Ingest: \(report.ingest.ingested.count) ingested, \(report.ingest.unchanged.count) unchanged, \(report.ingest.failures.count) failed")
        for item in report.ingest.ingested { lines.append("  new vintage: \(item.dataset.id) \(item.file.vintage) (\(item.file.name))") }
        for item in report.ingest.failures {
            lines.append("  failed: \(item.dataset.id)/\(item.file.name) — \(IngestReport.describe(item.result)); its last good values are kept")
        }
        if let computed = report.computed {
            lines.append("Compute: \(computed) values for \(report.territories) territories")
            if report.changes.isEmpty {
                lines.append("  first refresh, or no value moved")
            } else {
                lines.append("  \(report.changes.count) values moved:")
                for change in report.changes.prefix(60) {
                    let label = change.key.map { " [\($0)]" } ?? ""
                    let before = change.before.map { ValueFormatter.text($0, unit: change.indicator.unit) } ?? "—"
                    var line = "  \(change.indicator.definition.title)\(label) — \(change.territoryName), \(change.period.frenchLabel) : \(before) → \(ValueFormatter.text(change.after, unit: change.indicator.unit))"
                    if let old = change.before, old.status == .ok, change.after.status == .ok, let a = old.lower, let b = change.after.lower {
                        let unit: ObservatoryIndicators.Unit = change.indicator.unit == .percent ? .points : change.indicator.unit
                        line += " (\(unit == .points ? ValueFormatter.number(b - a, unit: .points) : FrenchFormat.signed(b - a)))"
                    }
                    lines.append(line)
                }
                if report.changes.count > 60 { lines.append("  … and \(report.changes.count - 60) more") }
            }
        } else {
            lines.append("Compute: nothing changed since the last refresh (same files, same indicators): values not recomputed")
        }
        return lines.joined(separator: "\n")
    }
}
