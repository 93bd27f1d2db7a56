import Foundation
@testable import Observatory
import ObservatoryCore
import ObservatoryStore
import Testing

/// The IGN boundaries are a dataset like the others: fetched files ingested into the store with
/// their checksum; a broken file keeps the boundaries already there.
@Suite(.serialized, .enabled(if: IngestPaths.hasSharedData, IngestPaths.absent))
struct BoundaryIngestTests {
    @Test func theFourFilesReachTheStoreAndABrokenOneKeepsTheLastGoodBoundaries() async throws {
        let bench = try IngestBench()
        try await bench.placeFromMirror(["ign-contours"])
        let summary = try await bench.ingest(["ign-contours"])
        for file in ["communes-centre-val-de-loire.geojson", "departements-centre-val-de-loire.geojson",
                     "departements-version-simplifiee.geojson", "regions-version-simplifiee.geojson"] {
            #expect(summary.result("ign-contours", file)?.isIngested == true, "\(file)")
        }
        #expect(try bench.database.boundaries(geography: .commune).count == 1_776)
        let departements = try bench.database.boundaries(geography: .departement)
        #expect(departements.count == 96)
        // The région's own file is the more detailed one: it wins for its six départements.
        #expect(departements.first { $0.id.code == "18" }?.source == "ign-contours/departements-centre-val-de-loire.geojson")
        #expect(departements.first { $0.id.code == "75" }?.source == "ign-contours/departements-version-simplifiee.geojson")
        #expect(try bench.database.boundaries(geography: .region).first { $0.id.code == "24" }?.name == "Centre-Val de Loire")
        let logged = try #require(try bench.database.ingestedFile(dataset: "ign-contours", file: "communes-centre-val-de-loire.geojson"))
        #expect(logged.sha256.count == 64)

        // A truncated file is refused and the communes stay as they were.
        let broken = bench.folder.appendingPathComponent("broken.geojson")
        let text = try Data(contentsOf: IngestPaths.shared("ign-contours/communes-centre-val-de-loire.geojson"))
        try text.prefix(text.count / 2).write(to: broken)
        try await bench.place("ign-contours", "communes-centre-val-de-loire.geojson", from: broken)
        let again = try await bench.ingest(["ign-contours"])
        let failure = try #require(again.result("ign-contours", "communes-centre-val-de-loire.geojson")?.failure)
        #expect(failure.contains("not JSON"))
        #expect(try bench.database.boundaries(geography: .commune).count == 1_776)
    }
}
