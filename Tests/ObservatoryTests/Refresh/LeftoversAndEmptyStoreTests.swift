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
