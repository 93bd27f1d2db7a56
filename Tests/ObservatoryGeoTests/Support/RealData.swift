import Foundation
import ObservatoryData
import ObservatoryGeo
import Testing

/// The real published files in `<repo>/../shared/data` (never copied into the repo), read once
/// and shared by the tests that need them.
enum RealData {
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // Support
        .deletingLastPathComponent() // ObservatoryGeoTests
        .deletingLastPathComponent() // Tests
        .deletingLastPathComponent() // the repository

    static let root = repository.deletingLastPathComponent().appendingPathComponent("shared/data")

    static let isAvailable = FileManager.default.fileExists(atPath: url(communesFile).path)

    static let absent: Comment = "../shared/data/ign-contours absent (expected beside the repository): tests on the real boundaries skipped"

    static let communesFile = "ign-contours/communes-centre-val-de-loire.geojson"
    static let departementsFile = "ign-contours/departements-centre-val-de-loire.geojson"
    static let franceDepartementsFile = "ign-contours/departements-version-simplifiee.geojson"
    static let regionsFile = "ign-contours/regions-version-simplifiee.geojson"

    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    static func features(_ path: String) throws -> [GeoFeature] {
        try GeoJSONReader.read(Data(contentsOf: url(path)), source: path)
    }

    struct Layer: Sendable {
        var features: [GeoFeature]
        var successions: CommuneSuccessions
        var shapes: [String: PlaneShape]
        var merged: [String: [String]]
        /// Union of every commune (exact), the région's outline.
        var regionArea: Double
    }

    /// The 2018 communes, successions applied (read once).
    static let layer: Result<Layer, any Error> = Result {
        let features = try RealData.features(communesFile)
        let successions = try CommuneSuccessions.load(repository.appendingPathComponent("Indicators/communes/successions.csv"),
                                                      displayRoot: repository)
        let layer = try Dissolver.communeLayer(features: features, successions: successions.current)
        return Layer(features: features, successions: successions, shapes: layer.shapes, merged: layer.merged,
                     regionArea: Geo.unionArea(Array(layer.shapes.values)))
    }

    /// Commune (code in force) → bassin BMO 2019, from France Travail's lexique (REG 24). The
    /// successor's own row decides its bassin; `conflicts` lists the former communes the lexique
    /// puts in another bassin than their successor.
    static func bassins(_ successions: CommuneSuccessions) throws -> (groups: [String: [String]], conflicts: [String]) {
        let text = try String(contentsOf: url("francetravail-mobiville/lexique-bassins.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        let code = header.firstIndex(of: "CODE_COMMUNE_INSEE")!, region = header.firstIndex(of: "REG")!, basin = header.firstIndex(of: "BE19")!
        let rows = lines.dropFirst().filter { $0.count == header.count && $0[region] == "24" }
        var basinOf: [String: String] = [:]
        for fields in rows where successions.current(fields[code]) == fields[code] { basinOf[fields[code]] = fields[basin] }
        var conflicts: [String] = []
        for fields in rows where successions.current(fields[code]) != fields[code] {
            let current = successions.current(fields[code])
            if let known = basinOf[current] {
                if known != fields[basin] { conflicts.append(fields[code]) }
            } else {
                basinOf[current] = fields[basin]
            }
        }
        return (Dictionary(grouping: basinOf.keys.sorted()) { basinOf[$0]! }, conflicts.sorted())
    }

    /// Commune → zone d'emploi 2020 (INSEE, composition at 1 January 2022, Centre-Val de Loire subset).
    static func zonesEmploi(_ successions: CommuneSuccessions) throws -> [String: [String]] {
        let book = try XLSXReader(url: url("insee-ze2020/ZE2020_au_01-01-2022_CVL-subset.xlsx"))
        var groups: [String: [String]] = [:]
        _ = try book.sheet(named: "Composition_communale")
            .forEachDataRow(header: .firstRowContaining(["CODGEO", "ZE2020"]), requiring: ["CODGEO", "ZE2020"]) { row in
                groups[row["ZE2020"]!.stringValue, default: []].append(successions.current(row["CODGEO"]!.stringValue))
            }
        return groups
    }
}

/// Relative difference |a − b| / b.
func relativeDifference(_ a: Double, _ b: Double) -> Double { abs(a - b) / abs(b) }
