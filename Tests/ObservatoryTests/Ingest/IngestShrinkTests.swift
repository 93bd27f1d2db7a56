import Foundation
import Logging
@testable import Observatory
import ObservatoryCore
import ObservatoryData
import ObservatoryStore
import Testing

/// A republished file that collapses to less than half of the vintage it replaces is held back
/// unless the user accepts it; a file cut inside a row is an error, not a row skipped.
@Suite(.serialized, .enabled(if: IngestPaths.hasSharedData, IngestPaths.absent))
struct IngestShrinkTests {
    static let series = IngestPaths.shared("dares-portraitstatmetiers/evol_tensions.csv")

    func ingest(_ bench: IngestBench, accept: Set<DatasetID> = []) async throws -> IngestSummary {
        try await IngestService(layout: bench.layout, logger: Logger(label: "test")).run(
            catalog: bench.catalog, datasets: ["dares-tensions"], acceptShrink: accept, database: bench.database)
    }

    func variant(_ bench: IngestBench, _ name: String, _ transform: ([Substring]) -> String) throws -> URL {
        let text = try String(contentsOf: Self.series, encoding: .utf8)
        let url = bench.folder.appendingPathComponent(name)
        try transform(text.split(separator: "\n", omittingEmptySubsequences: false)).write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func aCollapsedFileIsHeldBackUnlessAccepted() async throws {
        let bench = try IngestBench()
        try await bench.place("dares-tensions", "evol_tensions.csv", from: Self.series)
        #expect(try await ingest(bench).failures.isEmpty)
        let before = try #require(try bench.database.vintage("2011-2019", of: "dares-tensions"))
        // A third of the rows, every line whole.
        let third = try variant(bench, "third.csv") { lines in lines.prefix(lines.count / 3).joined(separator: "\n") + "\n" }
        try await bench.place("dares-tensions", "evol_tensions.csv", from: third)
        let held = try await ingest(bench)
        let reason = try #require(held.result("dares-tensions", "evol_tensions.csv")?.failure)
        #expect(reason.contains("less than half of the \(before.rowCount) stored for this vintage: held back"), "\(reason)")
        #expect(reason.contains("--accept-shrink dares-tensions"))
        #expect(held.isFailure)
        #expect(try bench.database.vintage("2011-2019", of: "dares-tensions") == before)
        let accepted = try await ingest(bench, accept: ["dares-tensions"])
        #expect(accepted.failures.isEmpty)
        #expect(try #require(try bench.database.vintage("2011-2019", of: "dares-tensions")).rowCount < before.rowCount / 2)
    }

    @Test func aFileCutInsideARowIsAnError() async throws {
        let bench = try IngestBench()
        try await bench.place("dares-tensions", "evol_tensions.csv", from: Self.series)
        #expect(try await ingest(bench).failures.isEmpty)
        let before = try #require(try bench.database.vintage("2011-2019", of: "dares-tensions"))
        // The download stops in the middle of the last line, most rows still there.
        let cut = try variant(bench, "cut.csv") { lines in
            let kept = lines.filter { !$0.isEmpty }
            return kept.dropLast().joined(separator: "\n") + "\n" + kept.last!.prefix(3)
        }
        try await bench.place("dares-tensions", "evol_tensions.csv", from: cut)
        let reason = try #require(try await ingest(bench).result("dares-tensions", "evol_tensions.csv")?.failure)
        #expect(reason.contains("evol_tensions.csv:"), "\(reason)")
        #expect(reason.contains("the file ends inside this line"), "\(reason)")
        #expect(try bench.database.vintage("2011-2019", of: "dares-tensions") == before)
    }
}
