import ArgumentParser
import Foundation
import Observatory
import ObservatoryCore
import ObservatoryData
import ObservatoryFetch

struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download the catalogue's datasets into Cache/ (conditional requests, resume, retries, checksums).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var runLock: RunLockOptions

    @Argument(help: "Dataset ids to fetch (default: every dataset of Indicators/datasets).")
    var datasets: [String] = []

    @Option(help: "Fetch each file from BASE/<dataset id>/<file name> instead of the publisher.")
    var mirror: String?

    @Flag(help: "Do not connect: use the cache only and say how old each file is.")
    var offline = false

    @Option(help: "Files downloaded at once.")
    var concurrency = 4

    @Option(name: .customLong("per-host"), help: "Connections to one host at once.")
    var perHost = 4

    @Flag(help: "Download again even when the cached file is current.")
    var force = false

    @Option(name: .customLong("source"), help: "Replace a file's URL: ID/FILE=URL (repeatable).")
    var sources: [String] = []

    @Option(name: .customLong("ca-bundle"), help: "A PEM file of trusted certificate authorities (TLS is always verified).")
    var caBundle: String?

    @Option(name: .customLong("connect-timeout"), help: "Seconds to connect.")
    var connectTimeout: Double = 20

    @Option(name: .customLong("timeout"), help: "Seconds a whole file may take.")
    var timeout: Double = 1800

    @Option(name: .customLong("stall-timeout"), help: "Seconds without data before a transfer counts as stalled.")
    var stallTimeout = 30

    @Option(name: .customLong("max-size"), help: "Largest file accepted once decoded, in megabytes.")
    var maxSizeMB: Int64 = 512

    @Option(help: "Attempts per file, the first included.")
    var attempts = 4

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard perHost >= 1 else { throw ValidationError("--per-host must be at least 1") }
        guard attempts >= 1 else { throw ValidationError("--attempts must be at least 1") }
        if let mirror, !(mirror.hasPrefix("http://") || mirror.hasPrefix("https://")) {
            throw ValidationError("--mirror must be an http:// or https:// URL, not '\(mirror)'")
        }
        for source in sources where SourceOverrides.parseArgument(source) == nil {
            throw ValidationError("--source must read ID/FILE=URL with an http(s) URL, not '\(source)'")
        }
        if offline && (mirror != nil || force) { throw ValidationError("--offline cannot be combined with --mirror or --force") }
    }

    func run() async throws {
        let layout = try global.layout()
        let lock = try runLock.acquire(layout, command: "fetch")
        defer { lock.release() }
        let catalog = try loadCatalog(layout)
        var options = FetchOptions()
        options.mirror = mirror
        options.offline = offline
        options.concurrency = concurrency
        options.perHost = perHost
        options.force = force
        options.overrides = try SourceOverrides.load(layout.sourceOverridesFile, displayRoot: layout.root)
        for source in sources {
            let (key, url) = SourceOverrides.parseArgument(source)!
            options.overrides.urls[key] = url
        }
        for key in options.overrides.unknownKeys(in: catalog) {
            printError("warning: the URL override '\(key)' names no file of the catalogue")
        }
        options.transfer.caBundlePath = caBundle
        options.transfer.connectTimeout = connectTimeout
        options.transfer.totalTimeout = timeout
        options.transfer.stallSeconds = stallTimeout
        options.transfer.maxBytes = maxSizeMB << 20
        options.retry.maxAttempts = attempts

        let transport = CurlTransport(version: ObservatoryCommand.version, maxConnectionsPerHost: perHost)
        let service = FetchService(layout: layout, transport: transport, logger: global.logger("observatory.fetch"))
        let display = FetchProgressDisplay(interactive: isatty(STDERR_FILENO) == 1)
        let summary: FetchSummary
        do {
            summary = try await service.run(catalog: catalog, datasets: datasets.map { DatasetID($0) }, options: options,
                                            events: { display.handle($0) })
        } catch let error as UsageError {
            throw ValidationError(error.description)
        }
        display.finish()
        print(FetchReport.render(summary, offline: offline, now: Date()))
        if !summary.blockingFailures.isEmpty {
            throw ExitCode(1)
        }
    }
}

/// Loads the catalogue, printing every diagnostic and exiting 1 when there are errors.
func loadCatalog(_ layout: ProjectLayout) throws -> Catalog {
    do {
        return try Catalog.load(directory: layout.datasetsDirectory, displayRoot: layout.root)
    } catch let error as DiagnosticsError {
        printError(error.description)
        printError("\(error.diagnostics.count) problem\(error.diagnostics.count > 1 ? "s" : "") in the dataset catalogue")
        throw ExitCode(1)
    }
}
