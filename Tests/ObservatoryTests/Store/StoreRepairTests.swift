import Foundation
import Logging
@testable import Observatory
import ObservatoryCore
import ObservatoryStore
import Testing

/// Pages of the store overwritten with garbage are found before a writer or `status` runs, and
/// `repair` rebuilds the store from the downloaded files.
@Suite(.serialized, .enabled(if: IngestPaths.hasSharedData, IngestPaths.absent))
struct StoreRepairTests {
    /// Overwrites `pages` pages of 4 KiB in the middle of `url` with random bytes.
    static func damage(_ url: URL, pages: Int = 4) throws {
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber).intValue
        let handle = try FileHandle(forUpdating: url)
        defer { try? handle.close() }
        var generator = SystemRandomNumberGenerator()
        #expect(size > 64 * 4096, "the store is written back from its log")
        try handle.seek(toOffset: UInt64(size / 2 / 4096 * 4096))
        try handle.write(contentsOf: Data((0..<(pages * 4096)).map { _ in UInt8.random(in: 0...255, using: &generator) }))
    }

    @Test func damagedPagesAreFoundAndRepairRebuildsTheStore() async throws {
        let bench = try IngestBench()
        try await bench.place("dares-tensions", "evol_tensions.csv", from: IngestPaths.shared("dares-portraitstatmetiers/evol_tensions.csv"))
        #expect(try await bench.ingest(["dares-tensions"]).failures.isEmpty)
        let count = try bench.database.observationCount()
        #expect(count > 1000)
        try bench.database.close()
        try FileManager.default.createDirectory(at: bench.layout.cache.appendingPathComponent("computed"), withIntermediateDirectories: true)

        let check = StoreCheck(layout: bench.layout)
        #expect(try check.verify(), "a first check runs quick_check")
        #expect(try !check.verify(), "an unchanged store is not read again")

        try Self.damage(bench.layout.storeFile)
        let damage = try #require(throws: StoreCheck.Damage.self) { try check.verify() }
        #expect(damage.description.hasPrefix("the store \(bench.layout.storeFile.path) is damaged (SQLite quick_check: "), "\(damage)")
        #expect(damage.description.hasSuffix("run observatory repair to set it aside and rebuild it from the downloaded files"))
        #expect(throws: StoreCheck.Damage.self, "still damaged on the next run") { try check.verify() }

        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let report = try await RepairService(layout: bench.layout, logger: Logger(label: "test")).run(catalog: bench.catalog, now: now)
        #expect(report.damagedCopy?.lastPathComponent == "observatory.sqlite.damaged-20270115-080000")
        #expect(report.cleared.contains("computed"))
        #expect(report.ingest.failures.isEmpty)
        #expect(report.ingest.result("dares-tensions", "evol_tensions.csv")?.isIngested == true)
        #expect(report.observations == count)
        #expect(try check.verify(), "the rebuilt store is checked once")
        let reopened = try ObservatoryDatabase.open(at: bench.layout.storeFile)
        #expect(try reopened.observationCount() == count)
        #expect(!FileManager.default.fileExists(atPath: bench.layout.cache.appendingPathComponent("computed").path))
    }

    /// A run that only reads the store leaves its bytes as they were (the write-ahead log is
    /// kept, so GRDB does not create and drop a table at each open), and the run's restamp keeps
    /// the next run from checking it again.
    @Test func readingTheStoreLeavesItAsItWasAndIsNotCheckedAgain() async throws {
        let bench = try IngestBench()
        try await bench.place("dares-tensions", "evol_tensions.csv", from: IngestPaths.shared("dares-portraitstatmetiers/evol_tensions.csv"))
        #expect(try await bench.ingest(["dares-tensions"]).failures.isEmpty)
        try bench.database.close()
        // As a command does: open, read, and let the store go (closing copies the kept log back).
        func reopenAndRead() throws {
            let database = try ObservatoryDatabase.open(at: bench.layout.storeFile)
            #expect(try database.observationCount() > 1000)
        }
        try reopenAndRead()
        let before = try Data(contentsOf: bench.layout.storeFile)
        let check = StoreCheck(layout: bench.layout)
        #expect(try check.verify())
        for _ in 0..<3 {
            try reopenAndRead()
            #expect(try Data(contentsOf: bench.layout.storeFile) == before, "reading the store changed its bytes")
            check.restamp()
            #expect(try !check.verify(), "a store only read is not checked again")
        }
    }
}
