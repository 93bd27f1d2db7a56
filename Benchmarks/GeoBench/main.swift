import Foundation
import ObservatoryGeo

// Times the geometry pipeline on the Centre-Val de Loire communes (issue 15): read and project,
// successions, dissolve into the 22 bassins BMO, coverage simplification at 200 m and 1 000 m.
// usage: geo-bench [SHARED_DATA_DIR] [REPOSITORY]   (defaults: ../shared/data and .)
let arguments = CommandLine.arguments
let data = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : "../shared/data")
let repository = URL(fileURLWithPath: arguments.count > 2 ? arguments[2] : ".")
let clock = ContinuousClock()

func timed<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
    var result: T?
    let duration = try clock.measure { result = try body() }
    print("\(label): \(duration)")
    return result!
}

func csvRows(_ url: URL, separator: Character) throws -> [[String]] {
    try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline)
        .filter { !$0.hasPrefix("#") }
        .map { $0.split(separator: separator, omittingEmptySubsequences: false).map(String.init) }
}

let successors = Dictionary(try csvRows(repository.appendingPathComponent("Indicators/communes/successions.csv"), separator: ";")
    .dropFirst().map { ($0[0], $0[2]) }, uniquingKeysWith: { first, _ in first })
let bytes = try Data(contentsOf: data.appendingPathComponent("ign-contours/communes-centre-val-de-loire.geojson"))
let features = try timed("read and project \(bytes.count) bytes") { try GeoJSONReader.read(bytes, source: "communes") }
let layer = try timed("communes in force (\(successors.count) successions)") {
    try Dissolver.communeLayer(features: features) { successors[$0] ?? $0 }
}
let lexique = try csvRows(data.appendingPathComponent("francetravail-mobiville/lexique-bassins.csv"), separator: ",")
var basinOf: [String: String] = [:]
for row in lexique.dropFirst() where row.count == 8 && row[2] == "24" && successors[row[0]] == nil { basinOf[row[0]] = row[6] }
let groups = Dictionary(grouping: basinOf.keys) { basinOf[$0]! }
for round in 1...3 {
    let result = try timed("dissolve \(layer.shapes.count) communes into \(groups.count) bassins (round \(round))") {
        try Dissolver.dissolve(parts: layer.shapes, groups: groups)
    }
    if round == 3 { print("missing: \(result.missing.count) groups, vertices \(result.shapes.values.reduce(0) { $0 + $1.vertexCount })") }
}
for tolerance in [200.0, 1_000.0] {
    let simplified = timed("simplify communes at \(Int(tolerance)) m") { CoverageSimplifier.simplify(layer.shapes, tolerance: tolerance) }
    print("  vertices \(layer.shapes.values.reduce(0) { $0 + $1.vertexCount }) → \(simplified.values.reduce(0) { $0 + $1.vertexCount })")
}
