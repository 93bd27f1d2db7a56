import Foundation
import ObservatoryCore
import ObservatoryStore

/// A directory under the system temp directory, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("observatory-store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var databaseURL: URL { url.appendingPathComponent("Cache").appendingPathComponent(ObservatoryDatabase.defaultFileName) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A fixed clock: 2026-03-14 10:00:00 UTC.
let fixedNow: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_773_482_400) }

/// A 64-hex-digit sha256 made of one repeated digit.
func sha(_ digit: Character) -> String { String(repeating: digit, count: 64) }

func provenance(_ dataset: DatasetID = "bmo", _ vintage: String = "2023", sha256: String = sha("a"),
                notes: [String] = []) -> VintageProvenance {
    VintageProvenance(dataset: dataset, vintage: vintage, sourceFile: "Base_open_data_\(vintage).xlsx",
                      sha256: sha256, url: "https://example.invalid/\(vintage).xlsx",
                      fetchedAt: Date(timeIntervalSince1970: 1_773_400_000), notes: notes)
}

let bourges = TerritoryID(.bassinBMO, "2401")
let chateauroux = TerritoryID(.bassinBMO, "2406")

/// `met` of one métier in one bassin for one year.
func met(_ territory: TerritoryID, _ metier: String, _ value: Double?, year: Int = 2023,
         status: CellStatus = .present) -> Observation {
    Observation(measure: "met", territory: territory, period: .year(year), dimensions: ["metier": metier],
                value: value, status: status)
}

enum TestFailure: Error { case boom }
