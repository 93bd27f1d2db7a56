import Foundation
import Logging
@testable import Observatory
import ObservatoryCore
import ObservatoryExport
import ObservatoryFetch
import Testing

/// A refresh that ends after its ingest and compute but before its site (killed, or `--no-export`)
/// publishes nothing: the next run reports every value moved and every file ingested since the
/// last site was written, though it recomputes nothing itself.
@Suite(.serialized, .enabled(if: IngestPaths.hasSharedData, IngestPaths.absent))
struct ChangeReportAfterCrashTests {
    @Test func aRunThatDidNotPublishIsReportedByTheNextOne() async throws {
        let bench = try IngestBench()
        try await bench.place("bmo", "Base_open_data_BMO_2023.xlsx", from: IngestPaths.shared("francetravail-bmo/Base_open_data_23_CVL-subset.xlsx"))
        try await bench.place("bmo", "Base_open_data_BMO_2024.xlsx", from: IngestPaths.shared("francetravail-bmo/Base_open_data_BMO_2024_CVL-subset.xlsx"))
        let service = RefreshService(layout: bench.layout, transport: CurlTransport(version: "test"), logger: Logger(label: "test"))
        var options = FetchOptions()
        options.offline = true
        let site = bench.folder.appendingPathComponent("site")
        func refresh(publish: Bool) async throws -> RefreshReport {
            try await service.run(catalog: bench.catalog, options: options, scope: .region("24"), output: publish ? site : nil,
                                  formats: [.json])
        }
        let first = try await refresh(publish: true)
        #expect(first.export != nil && first.changes.isEmpty)
        #expect(PendingChanges.load(bench.layout).files.isEmpty, "published: nothing pending")

        // BMO 2024 is republished; the run computes the new values and ends before its site.
        try await bench.place("bmo", "Base_open_data_BMO_2024.xlsx", from: IngestPaths.shared("francetravail-bmo/Base_open_data_BMO_2024.xlsx"))
        let crashed = try await refresh(publish: false)
        #expect(crashed.ingest.ingested.map(\.file.name) == ["Base_open_data_BMO_2024.xlsx"])
        #expect(!crashed.recomputed.isEmpty && !crashed.changes.isEmpty)
        #expect(PendingChanges.load(bench.layout).files.map(\.file) == ["Base_open_data_BMO_2024.xlsx"])

        // The rerun ingests and recomputes nothing, and still reports every move and the new file.
        let rerun = try await refresh(publish: true)
        #expect(rerun.ingest.ingested.isEmpty && rerun.recomputed.isEmpty)
        #expect(rerun.changes.map(\.text) == crashed.changes.map(\.text))
        #expect(rerun.newFiles.contains { $0.contains("Base_open_data_BMO_2024.xlsx") }, "\(rerun.newFiles)")
        let page = try #require(ExportService(layout: bench.layout, logger: Logger(label: "test")).loadChangeReport())
        #expect(page.moved == crashed.changes.map(\.text))
        #expect(page.newVintages.contains { $0.contains("Base_open_data_BMO_2024.xlsx") })
        #expect(page.downloaded.contains("bmo/Base_open_data_BMO_2024.xlsx (2024)"), "\(page.downloaded)")
        #expect(PendingChanges.load(bench.layout).files.isEmpty)

        // Published: the run after reports nothing new.
        let after = try await refresh(publish: true)
        #expect(after.changes.isEmpty && after.newFiles.isEmpty)
    }
}
