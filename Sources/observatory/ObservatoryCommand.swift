import ArgumentParser
import Foundation
import Logging
import Observatory

@main
struct ObservatoryCommand: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "observatory",
        abstract: "Territorial employment–competence observatory: fetch public datasets, compute indicators, export dashboards.",
        version: version,
        subcommands: [RefreshCommand.self, FetchCommand.self, IngestCommand.self, StatusCommand.self, TerritoriesCommand.self,
                      CheckCommand.self, ComputeCommand.self, ExplainCommand.self, ExportCommand.self, RepairCommand.self])
}

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("project"), help: "The project folder (holding Indicators/ and Cache/); default: found from the current folder upwards.")
    var project: String?

    @Option(help: "The cache folder (default: <project>/Cache).")
    var cache: String?

    @Flag(name: .shortAndLong, help: "Log what the libraries do (info level).")
    var verbose = false

    func layout() throws -> ProjectLayout {
        let cacheURL = cache.map { URL(fileURLWithPath: $0, isDirectory: true) }
        if let project {
            return ProjectLayout(root: URL(fileURLWithPath: project, isDirectory: true), cache: cacheURL)
        }
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        guard let found = ProjectLayout.find(from: here) else {
            throw ValidationError("no Indicators/datasets folder here or above \(here.path); run from the project folder or pass --project")
        }
        return ProjectLayout(root: found.root, cache: cacheURL)
    }

    func logger(_ label: String) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .info : .warning
        return logger
    }
}

/// Ends the command with exit status 1 after its output said what failed.
struct Failure: Error, CustomStringConvertible {
    let description: String
}

/// Prints to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
