import ArgumentParser
import Foundation
import Observatory
import ObservatoryCore
import ObservatoryStore

struct TerritoriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "territories",
        abstract: "List the territories of the store, typed by geography (ze2020:2415 is not bassin-bmo:2415).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this geography: \(Geography.allCases.map(\.rawValue).joined(separator: ", ")).")
    var geography: String?

    @Option(help: "Only names containing this text (case and accents ignored).")
    var search: String?

    @Flag(help: "Also list each territory's parents (zone, département, région, bassin).")
    var parents = false

    func validate() throws {
        if let geography, Geography(rawValue: geography) == nil {
            throw ValidationError("unknown geography '\(geography)'; use one of \(Geography.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let layout = try global.layout()
        let database = try ObservatoryDatabase.open(at: layout.storeFile)
        let found = try database.territories(geography: geography.flatMap(Geography.init(rawValue:)), nameContains: search)
        if found.isEmpty {
            print(try database.territories().isEmpty
                  ? "No territory in the store yet: run observatory fetch, then observatory ingest."
                  : "No territory matches.")
            return
        }
        for territory in found {
            var line = "\(territory.id)\t\(territory.name)\t(\(territory.id.geography.label))"
            if parents {
                let list = try database.parents(of: territory.id).map { "\($0.parent)" + ($0.isPartial ? " (partly)" : "") }
                if !list.isEmpty { line += "\tin " + Array(Set(list)).sorted().joined(separator: ", ") }
            }
            print(line)
        }
        if found.count > 20 { print("\(found.count) territories") }
    }
}
