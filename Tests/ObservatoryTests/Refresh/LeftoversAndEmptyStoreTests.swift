import Foundation
import Logging
@testable import Observatory
import ObservatoryStore
import Testing

/// What a killed run leaves behind is cleared at the next start; an empty store is said to be empty.
@Suite struct LeftoversAndEmptyStoreTests {
    static func project() throws -> ProjectLayout {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("leftovers-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Cache/tmp"), withIntermediateDirectories: true)
        return ProjectLayout(root: root)
    }

    @Test func workFoldersOfAKilledIngestAreRemoved() throws {
        let layout = try Self.project()
        defer { try? FileManager.default.removeItem(at: layout.root) }
        let tmp = layout.cache.appendingPathComponent("tmp")
        for name in ["ingest-A", "ingest-B/inner"] {
            try FileManager.default.createDirectory(at: tmp.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        try Data("keep".utf8).write(to: tmp.appendingPathComponent("other.txt"))
        let removed = IngestService(layout: layout, logger: Logger(label: "test")).removeLeftoverWork()
        #expect(removed == ["ingest-A", "ingest-B"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path) == ["other.txt"])
    }

    @Test func computeOnAnEmptyStoreSaysSo() throws {
        let layout = try Self.project()
        defer { try? FileManager.default.removeItem(at: layout.root) }
        let database = try ObservatoryDatabase.open(at: layout.storeFile)
        let error = try #require(throws: EmptyStoreError.self) { try ComputeService(layout: layout).requireObservations(database: database) }
        #expect(error.description == "the store \(layout.storeFile.path) holds no observations: nothing to compute; run observatory fetch, then observatory ingest")
    }
}

/// Sums over a set of communes have the same last bits whatever order the set iterates in, so
/// an approximate value (and the page that shows it) is the same on every run.
@Suite struct OrderIndependentSumTests {
    @Test func aKeyTotalDoesNotDependOnTheSetOrder() {
        var weights: [String: Double] = [:]
        // 1 + 1e16 is 1e16: the ones count only when added after the two large weights cancel out.
        for index in 0..<62 { weights[String(format: "18%03d", index)] = 1 }
        weights["18900"] = 1e16
        weights["18901"] = -1e16
        let key = KeyWeights(key: .salariedJobs, byCommune: weights)
        let codes = Array(weights.keys)
        var totals: Set<Double> = []
        var orders: Set<[String]> = []
        for capacity in [64, 256, 4096] {
            for reversed in [false, true] {
                var set = Set<String>(minimumCapacity: capacity)
                for code in reversed ? codes.reversed() : codes { set.insert(code) }
                orders.insert(Array(set))
                totals.insert(key.total(of: set))
            }
        }
        #expect(orders.count > 1, "the sets should iterate in different orders for this test to mean something")
        #expect(totals.count == 1, "\(totals)")
    }
}
