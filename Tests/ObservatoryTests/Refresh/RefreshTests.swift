import Foundation
import Logging
@testable import Observatory
import ObservatoryCore
import ObservatoryData
import ObservatoryFetch
import ObservatoryStore
import Testing

/// The main job on files already in the cache (offline): a second run recomputes nothing, and a
/// changed file moves the values that depend on it — and only those.
@Suite(.serialized, .enabled(if: IngestPaths.hasSharedData, IngestPaths.absent))
struct RefreshTests {
    @Test func secondRunIsANoOpAndAChangedFileIsReported() async throws {
        let bench = try IngestBench()
        // Only BMO and the unemployment rates are in the cache, to keep the test short.
        try await bench.place("bmo", "Base_open_data_BMO_2023.xlsx", from: IngestPaths.shared("francetravail-bmo/Base_open_data_23_CVL-subset.xlsx"))
        try await bench.place("bmo", "Base_open_data_BMO_2024.xlsx", from: IngestPaths.shared("francetravail-bmo/Base_open_data_BMO_2024_CVL-subset.xlsx"))
        try await bench.place("chomage-ze", "chomage-zone-t1-2003-t3-2023.xlsx", from: IngestPaths.shared("insee-chomage-ze/chomage-zone-t1-2003-t3-2023.xlsx"))
        let service = RefreshService(layout: bench.layout, transport: CurlTransport(version: "test"), logger: Logger(label: "test"))
        var options = FetchOptions()
        options.offline = true
        // Moves are reported against the values of the last site written.
        let site = bench.folder.appendingPathComponent("site")

        let first = try await service.run(catalog: bench.catalog, options: options, scope: .region("24"), output: site, formats: [.json])
        #expect(first.ingest.failures.isEmpty)
        #expect(first.fetch.failures.allSatisfy { if case .failed(let reason, _) = $0.result { reason.contains("not in the cache") } else { false } })
        #expect(first.ingest.ingested.count == 3)
        let computed = try #require(first.computed)
        #expect(computed > 0 && first.changes.isEmpty, "nothing to compare with on a first run")

        let second = try await service.run(catalog: bench.catalog, options: options, scope: .region("24"), output: site, formats: [.json])
        #expect(second.ingest.unchanged.count == 3 && second.ingest.ingested.isEmpty)
        #expect(second.computed == nil, "same files, same indicators: nothing recomputed")
        #expect(second.changes.isEmpty, "values read back from Cache/computed equal those published: \(second.changes.prefix(3).map(\.text))")

        // BMO 2024 is republished (here the national file replaces the regional subset): only BMO indicators move.
        try await bench.place("bmo", "Base_open_data_BMO_2024.xlsx", from: IngestPaths.shared("francetravail-bmo/Base_open_data_BMO_2024.xlsx"))
        let third = try await service.run(catalog: bench.catalog, options: options, scope: .region("24"), output: site, formats: [.json])
        #expect(third.ingest.ingested.map(\.file.name) == ["Base_open_data_BMO_2024.xlsx"])
        #expect(!third.changes.isEmpty)
        #expect(third.changes.allSatisfy { $0.indicator.dependencies.datasets.contains("bmo") })
        #expect(!third.changes.contains { $0.indicator.id == "chomage_taux" })
    }
}
