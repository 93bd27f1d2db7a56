import ArgumentParser
import Foundation
import Observatory
import ObservatoryCore
import ObservatoryData
import ObservatoryIndicators
import ObservatoryStore

struct ComputeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute",
        abstract: "Compute indicators for territories (default: the Centre-Val de Loire territories and the custom basins).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var runLock: RunLockOptions

    @Option(name: .customLong("territory"), help: "A territory as geography:code (ze2020:2415, bassin-bmo:2402, custom:vierzon); repeatable.")
    var territories: [String] = []

    @Option(name: .customLong("indicator"), help: "An indicator id; repeatable (default: all).")
    var indicators: [String] = []

    @Option(help: "table, csv or json.")
    var format: String = "table"

    @Flag(help: "Every territory of France: zones d'emploi, bassins BMO, départements, régions, France and the custom basins.")
    var all = false

    func validate() throws {
        guard ["table", "csv", "json"].contains(format) else { throw ValidationError("--format must be table, csv or json") }
        for territory in territories where TerritoryID(parsing: territory) == nil {
            throw ValidationError("'\(territory)' is not a territory: write geography:code, e.g. ze2020:2415 (geographies: \(Geography.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
    }

    func run() async throws {
        let lock = try runLock.acquire(try global.layout(), command: "compute")
        defer { lock.release() }
        try requireSoundStore(try global.layout())
        let context = try IndicatorContext(global: global)
        do { try context.service.requireObservations(database: context.database) } catch let error as EmptyStoreError {
            printError(error.description)
            throw ExitCode(1)
        }
        let chosen = all ? try context.service.allTerritories(database: context.database)
            : territories.isEmpty ? try context.service.defaultTerritories(database: context.database)
            : territories.compactMap(TerritoryID.init(parsing:))
        // With --verbose, each indicator's time on stderr: where a long run goes.
        var current: (id: String, start: ContinuousClock.Instant)?
        func done() {
            guard global.verbose, let current else { return }
            let elapsed = ContinuousClock.now - current.start
            printError(String(format: "%@: %.2f s", current.id, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        }
        func progress(_ id: String) {
            done()
            current = (id, .now)
        }
        do {
            if format == "csv" {
                // Written an indicator at a time: a run over every territory never holds the whole table.
                var header = true
                try context.service.compute(library: context.library, data: context.data, indicators: indicators,
                                            territories: chosen, progress: progress) { values in
                    ComputedTable.csv(values, names: context.names, header: header) { FileHandle.standardOutput.write(Data($0.utf8)) }
                    header = false
                }
                if header { ComputedTable.csv([], names: context.names) { FileHandle.standardOutput.write(Data($0.utf8)) } }
                done()
                return
            }
            let values = try context.service.compute(library: context.library, data: context.data, indicators: indicators,
                                                     territories: chosen, progress: progress)
            done()
            print(format == "json" ? ComputedTable.json(values) : ComputedTable.text(values, names: context.names))
        } catch let error as UsageError { throw ValidationError(error.description) }
    }
}

/// What compute and explain need: the catalogue, the checked library, the store and its data.
struct IndicatorContext {
    let layout: ProjectLayout
    let catalog: Catalog
    let library: IndicatorLibrary
    let database: ObservatoryDatabase
    let data: StoreIndicatorData
    let service: ComputeService
    let names: [TerritoryID: String]

    init(global: GlobalOptions) throws {
        layout = try global.layout()
        catalog = try loadCatalog(layout)
        service = ComputeService(layout: layout)
        do { library = try service.library(catalog: catalog) } catch let error as DiagnosticsError {
            printError(error.description)
            printError("\(error.diagnostics.count) problem(s) in the indicators: run observatory check")
            throw ExitCode(1)
        }
        guard FileManager.default.fileExists(atPath: layout.storeFile.path) else {
            throw ValidationError("no store at \(layout.storeFile.path): run observatory fetch, then observatory ingest")
        }
        database = try ObservatoryDatabase.open(at: layout.storeFile)
        data = try StoreIndicatorData(database: database, catalog: catalog)
        names = Dictionary(try database.territories().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}
