import ArgumentParser
import Foundation
import Observatory
import ObservatoryCore
import ObservatoryData

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate all config (datasets, territories, indicators, dashboards, démarches) and print every problem at once.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let layout = try global.layout()
        var diagnostics: [Diagnostic] = []
        var catalog: Catalog?
        do { catalog = try Catalog.load(directory: layout.datasetsDirectory, displayRoot: layout.root) }
        catch let error as DiagnosticsError { diagnostics += error.diagnostics }
        do { _ = try SourceOverrides.load(layout.sourceOverridesFile, displayRoot: layout.root) }
        catch let error as DiagnosticsError { diagnostics += error.diagnostics }
        var basins = 0
        do { basins = try CustomTerritory.loadAll(directory: layout.territoriesDirectory, displayRoot: layout.root).count }
        catch let error as DiagnosticsError { diagnostics += error.diagnostics }
        var indicators = 0
        var dashboards = 0
        var demarches = 0
        if let catalog { diagnostics += NomenclatureCheck.diagnostics(catalog) }
        if let catalog {
            do {
                let library = try ComputeService(layout: layout).library(catalog: catalog)
                indicators = library.indicators.count
                do { dashboards = try ExportService(layout: layout, logger: global.logger("check")).dashboards(library: library).count }
                catch let error as DiagnosticsError { diagnostics += error.diagnostics }
                do {
                    let loaded = try DemarcheService(layout: layout).load(library: library)
                    demarches = loaded.demarches.count
                    diagnostics += loaded.warnings
                } catch let error as DiagnosticsError { diagnostics += error.diagnostics }
            } catch let error as DiagnosticsError {
                diagnostics += error.diagnostics
                diagnostics.append(Diagnostic(file: "Indicators/dashboards", severity: .note,
                                              message: "dashboards and démarches not checked: the indicators have errors"))
            }
        } else {
            diagnostics.append(Diagnostic(file: "Indicators/indicators", severity: .note,
                                          message: "indicators not checked: the dataset catalogue has errors"))
        }
        for diagnostic in diagnostics { printError(diagnostic.description) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        if errors > 0 {
            printError("\(errors) error\(errors > 1 ? "s" : "")\(warnings > 0 ? ", \(warnings) warning\(warnings > 1 ? "s" : "")" : "")")
            throw ExitCode(1)
        }
        print("config OK: \(catalog?.datasets.count ?? 0) datasets, \(basins) custom territories, \(indicators) indicators, \(dashboards) dashboards, \(demarches) démarches"
              + (warnings > 0 ? " (\(warnings) warnings)" : ""))
    }
}
