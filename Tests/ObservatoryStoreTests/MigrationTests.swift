import Foundation
import ObservatoryCore
import ObservatoryStore
import Testing

struct MigrationTests {
    @Test func anEmptyFileIsMigratedAndReopened() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let store = try ObservatoryDatabase.open(at: directory.databaseURL, now: fixedNow)
            #expect(try store.datasetStatuses().isEmpty)
            #expect(try store.territories().isEmpty)
            #expect(try store.referentialSources().isEmpty)
            try store.replaceVintage(provenance()) { try $0.append(met(bourges, "A0Z40", 12)) }
        }
        #expect(FileManager.default.fileExists(atPath: directory.databaseURL.path))
        let reopened = try ObservatoryDatabase.open(at: directory.databaseURL, now: fixedNow)
        let vintages = try reopened.vintages(of: "bmo")
        #expect(vintages.map(\.vintage) == ["2023"])
        #expect(try reopened.observations(ObservationQuery(dataset: "bmo", measure: "met")) == [met(bourges, "A0Z40", 12)])
    }

    @Test func aFileThatIsNotADatabaseIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(at: directory.databaseURL.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 4096).write(to: directory.databaseURL)
        #expect {
            _ = try ObservatoryDatabase.open(at: directory.databaseURL)
        } throws: { error in
            "\(error)".contains(directory.databaseURL.path)
        }
    }

    @Test func anInMemoryStoreStartsEmpty() throws {
        let store = try ObservatoryDatabase.inMemory()
        #expect(try store.vintages(of: "bmo").isEmpty)
    }
}
