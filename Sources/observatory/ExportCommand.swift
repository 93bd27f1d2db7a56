import ArgumentParser
import Foundation
import Observatory
import ObservatoryCore
import ObservatoryData
import ObservatoryExport

/// `--format`, `--out` and the territory choice, shared by export and refresh.
struct SiteOptions: ParsableArguments {
    @Option(name: .customLong("out"), help: "The site folder (default: <project>/site, git-ignored).")
    var output: String?

    @Option(help: "What to write, comma-separated among json, svg, html, csv and charts (each page's charts as data, with their series; not written by default).")
    var format: String = "json,svg,html,csv"

    func formats() throws -> Set<ExportFormat> {
        var result: Set<ExportFormat> = []
        for part in format.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            guard let format = ExportFormat(rawValue: part) else {
                throw ValidationError("unknown format '\(part)' in --format; use json, svg, html, csv or charts, comma-separated")
            }
            result.insert(format)
        }
        guard !result.isEmpty else { throw ValidationError("--format names no format") }
        return result
    }

    func outputURL(_ layout: ProjectLayout) -> URL {
        output.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? layout.root.appendingPathComponent("site", isDirectory: true)
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the dashboards: an HTML page, JSON, CSV and SVG charts per territory, an index and a methods page.",
        discussion: """
        Default: the Centre-Val de Loire territories (région, départements, zones d'emploi, bassins BMO), \
        the custom basins and France, into <project>/site. Reads the store: run `observatory refresh` or \
        `observatory ingest` first. A file whose bytes did not change is not rewritten.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var runLock: RunLockOptions
    @OptionGroup var site: SiteOptions

    @Option(name: .customLong("territory"), help: "A territory as geography:code (custom:vierzon, bassin-bmo:2402); repeatable.")
    var territories: [String] = []

    @Option(help: "The région whose territories get a page (INSEE code).")
    var region: String = "24"

    @Flag(help: "Every territory of France.")
    var all = false

    func validate() throws {
        for territory in territories where TerritoryID(parsing: territory) == nil {
            throw ValidationError("'\(territory)' is not a territory: write geography:code, e.g. custom:vierzon (geographies: \(Geography.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if all && !territories.isEmpty { throw ValidationError("--all and --territory exclude each other") }
        _ = try site.formats()
    }

    func run() async throws {
        let layout = try global.layout()
        let lock = try runLock.acquire(layout, command: "export")
        defer { lock.release() }
        try requireSoundStore(layout)
        let catalog = try loadCatalog(layout)
        let service = ExportService(layout: layout, logger: global.logger("export"))
        let scope: ExportScope = all ? .france : territories.isEmpty ? .region(region) : .territories(territories.compactMap(TerritoryID.init(parsing:)))
        let output = site.outputURL(layout)
        let started = Date()
        let summary: SiteExportSummary
        do {
            summary = try service.run(catalog: catalog, scope: scope, formats: try site.formats(), output: output) { printError($0) }
        } catch let error as DiagnosticsError {
            printError(error.description)
            printError("\(error.diagnostics.count) problem(s) in the config: run observatory check")
            throw ExitCode(1)
        } catch let error as UsageError {
            throw ValidationError(error.description)
        }
        print(ExportReport.text(summary, output: output, seconds: Date().timeIntervalSince(started),
                                html: try site.formats().contains(.html)))
    }
}

enum ExportReport {
    /// `html`: whether the pages were written as HTML (an SVG- or JSON-only export has no index.html to open).
    static func text(_ summary: SiteExportSummary, output: URL, seconds: Double?, html: Bool) -> String {
        var text = "Export: \(summary.pages) pages, \(summary.charts) charts, "
            + (summary.maps > 0 ? "\(summary.maps) maps, " : "") + "\(summary.files) files in \(output.path)"
        if let seconds { text += String(format: " (%.1f s)", seconds) }
        if summary.maps > 0 { text += String(format: "\n  maps drawn in %.2f s", summary.mapSeconds) }
        text += "\n  \(summary.written) written, \(summary.unchanged) unchanged"
        if !summary.removed.isEmpty { text += ", \(summary.removed.count) removed (pages no longer exported)" }
        if html { text += "\n  open \(output.appendingPathComponent("index.html").path)" }
        return text
    }
}
