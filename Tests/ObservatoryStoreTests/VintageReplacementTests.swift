import Foundation
import ObservatoryCore
import ObservatoryStore
import Testing

struct VintageReplacementTests {
    let query = ObservationQuery(dataset: "bmo", measure: "met")

    @Test func reReplacingAVintageRemovesItsOldRowsAndKeepsTheOthers() throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        try store.replaceVintage(provenance("bmo", "2023")) { writer in
            try writer.append(met(bourges, "A0Z40", 10))
            try writer.append(met(bourges, "A1Z40", 20))
        }
        try store.replaceVintage(provenance("bmo", "2024")) { try $0.append(met(bourges, "A0X40", 30, year: 2024)) }
        try store.replaceVintage(provenance("tension", "2023")) { try $0.append(met(bourges, "A0Z40", 99)) }

        let summary = try store.replaceVintage(provenance("bmo", "2023", sha256: sha("b"))) { writer in
            try writer.append(met(chateauroux, "B0Z20", 5))
        }

        #expect(summary.rowCount == 1)
        var all = ObservationQuery(dataset: "bmo", measure: "met")
        all.vintages = .only("2023")
        #expect(try store.observations(all) == [met(chateauroux, "B0Z20", 5)])
        all.vintages = .only("2024")
        #expect(try store.observations(all) == [met(bourges, "A0X40", 30, year: 2024)])
        #expect(try store.observations(ObservationQuery(dataset: "tension", measure: "met")) == [met(bourges, "A0Z40", 99)])
        #expect(try store.ingestedSHA256(dataset: "bmo", vintage: "2023") == sha("b"))
    }

    @Test func aThrowingLoadLeavesThePreviousVintage() throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        try store.replaceVintage(provenance()) { try $0.append(met(bourges, "A0Z40", 10)) }

        #expect {
            try store.replaceVintage(provenance(sha256: sha("c"))) { writer in
                try writer.append(met(chateauroux, "B0Z20", 5))
                throw TestFailure.boom
            }
        } throws: { error in
            guard case .loadFailed(_, _, let kept, let underlying)? = error as? StoreError else { return false }
            return underlying is TestFailure && kept.contains("is kept") && "\(error)".contains("bmo 2023")
        }
        #expect(try store.observations(query) == [met(bourges, "A0Z40", 10)])
        #expect(try store.ingestedSHA256(dataset: "bmo", vintage: "2023") == sha("a"))
        #expect(try store.vintages(of: "bmo").map(\.rowCount) == [1])
    }

    @Test func aFailedFirstIngestLeavesNothing() throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        #expect(throws: StoreError.self) {
            try store.replaceVintage(provenance()) { writer in
                try writer.append(met(bourges, "A0Z40", 10))
                throw TestFailure.boom
            }
        }
        #expect(try store.ingestedSHA256(dataset: "bmo", vintage: "2023") == nil)
        #expect(try store.datasetStatuses().isEmpty)
        #expect(try store.measures(of: "bmo").isEmpty)
    }

    @Test func aThrowingLoadLeavesThePreviousVintageInTheFileAfterReopening() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let store = try ObservatoryDatabase.open(at: directory.databaseURL, now: fixedNow)
            try store.replaceVintage(provenance()) { try $0.append(met(bourges, "A0Z40", 10)) }
            _ = try? store.replaceVintage(provenance(sha256: sha("c"))) { writer in
                try writer.append(contentsOf: SyntheticObservations(count: 10_000))
                throw TestFailure.boom
            }
        }
        let reopened = try ObservatoryDatabase.open(at: directory.databaseURL, now: fixedNow)
        #expect(try reopened.observations(query) == [met(bourges, "A0Z40", 10)])
        #expect(try reopened.ingestedSHA256(dataset: "bmo", vintage: "2023") == sha("a"))
    }

    /// Copies the database files while an ingest is half done, as a crash would leave them on
    /// disk, and opens the copy: it must hold the previous vintage.
    @Test func aCrashMidIngestLeavesThePreviousVintageOnDisk() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let crashCopy = directory.url.appendingPathComponent("crash").appendingPathComponent("copy.sqlite")
        try FileManager.default.createDirectory(at: crashCopy.deletingLastPathComponent(), withIntermediateDirectories: true)
        let store = try ObservatoryDatabase.open(at: directory.databaseURL, now: fixedNow)
        try store.replaceVintage(provenance()) { try $0.append(met(bourges, "A0Z40", 10)) }
        try store.replaceVintage(provenance(sha256: sha("d"))) { writer in
            try writer.append(contentsOf: SyntheticObservations(count: 20_000))
            for suffix in ["", "-wal"] {
                let source = URL(fileURLWithPath: directory.databaseURL.path + suffix)
                if FileManager.default.fileExists(atPath: source.path) {
                    try FileManager.default.copyItem(at: source, to: URL(fileURLWithPath: crashCopy.path + suffix))
                }
            }
        }
        let recovered = try ObservatoryDatabase.open(at: crashCopy, now: fixedNow)
        #expect(try recovered.observations(query) == [met(bourges, "A0Z40", 10)])
        #expect(try recovered.ingestedSHA256(dataset: "bmo", vintage: "2023") == sha("a"))
        #expect(try store.ingestedSHA256(dataset: "bmo", vintage: "2023") == sha("d"))
    }

    @Test func maskedAndMissingCellsKeepTheirStatusWithoutValue() throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        let cells = [met(bourges, "A0Z40", 12), met(bourges, "A1Z40", nil, status: .masked),
                     met(bourges, "A2Z40", nil, status: .missing)]
        let summary = try store.replaceVintage(provenance(notes: ["552 cellules masquées"])) {
            try $0.append(contentsOf: cells)
        }
        #expect(summary.presentCount == 1)
        #expect(summary.maskedCount == 1)
        #expect(summary.missingCount == 1)
        let read = try store.observations(query)
        #expect(read == cells)
        #expect(read.map(\.value) == [12, nil, nil])
        let stored = try #require(try store.vintage("2023", of: "bmo"))
        #expect(stored == summary)
        #expect(stored.provenance.notes == ["552 cellules masquées"])
        #expect(stored.ingestedAt == fixedNow())
    }

    @Test func ingestedSHA256IsNilForAnUnknownVintage() throws {
        let store = try ObservatoryDatabase.inMemory()
        try store.replaceVintage(provenance(sha256: sha("e"))) { _ in }
        #expect(try store.ingestedSHA256(dataset: "bmo", vintage: "2023") == sha("e"))
        #expect(try store.ingestedSHA256(dataset: "bmo", vintage: "2022") == nil)
        #expect(try store.ingestedSHA256(dataset: "tension", vintage: "2023") == nil)
    }
}
