import Foundation
@testable import Observatory
import ObservatoryCore
import ObservatoryData
import ObservatoryExport
import ObservatoryIndicators
import Testing

/// `Cache/history/`: each refresh's values, dated; nothing added when nothing changed; a value
/// that changed with its file shows as a revision on the follow-up page, one that changed with
/// the same file as a recomputation.
@Suite struct ValueHistoryTests {
    static let basin = TerritoryID(.custom, "vierzon")
    static func file(_ sha: String) -> Provenance {
        Provenance(dataset: "chomage-ze", vintage: "2023-T3", file: "chomage-zone.xlsx", sha256: String(repeating: sha, count: 32),
                   fetchedAt: Date(timeIntervalSince1970: 1_780_000_000))
    }
    static func series(_ latest: Double, _ sha: String) -> [TerritoryID: ExportData.Series] {
        [basin: [(.quarter(2021, 1), .scalar(.exact(9.0, sources: [file(sha)]))),
                 (.quarter(2023, 3), .scalar(.exact(latest, sources: [file(sha)])))]]
    }
    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func aRefreshThatChangesNothingAddsNothingARevisedFileShowsAsARevision() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = ValueHistory(folder: folder)
        #expect(try history.record("chomage_taux", series: Self.series(12.3, "aa"), at: Self.date("2026-01-05T06:15:00Z")) == 2)
        let bytes = try Data(contentsOf: history.url("chomage_taux"))
        // The same values again: no noise, not a byte added.
        #expect(try history.record("chomage_taux", series: Self.series(12.3, "aa"), at: Self.date("2026-02-02T06:15:00Z")) == 0)
        #expect(try Data(contentsOf: history.url("chomage_taux")) == bytes)
        // INSEE republishes its file (another checksum): the latest rate is revised, the start is not.
        #expect(try history.record("chomage_taux", series: Self.series(12.8, "bb"), at: Self.date("2026-04-06T06:15:00Z")) == 2,
                "the start keeps its value but comes from the new file: recorded, not a revision")
        // A crash mid-append leaves half a line: the next append starts on a line of its own.
        let handle = try FileHandle(forWritingTo: history.url("chomage_taux"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"recorded_at\":\"2026-04-".utf8))
        try handle.close()
        // Same file, another value: the formula or the basin changed.
        #expect(try history.record("chomage_taux", series: Self.series(12.6, "bb"), at: Self.date("2026-05-04T06:15:00Z")) == 1)
        let records = history.load("chomage_taux")
        #expect(records.count == 5, "the cut line is skipped, every whole line kept")

        let demarche = DemarcheDefinition(id: "vierzon-2021", title: "Vierzon", territory: Self.basin, start: .year(2021),
                                          meetings: [.init(date: "2026-03-12", label: "Comité")],
                                          indicators: [.init(indicator: "chomage_taux")])
        let library = try ComputeService(layout: ProjectLayout(root: IngestPaths.repository))
            .library(catalog: try Catalog.load(directory: IngestPaths.repository.appendingPathComponent("Indicators/datasets")))
        var data = ExportData(library: library, values: [:], names: [Self.basin: "Bassin de Vierzon"], references: [:], peers: [:],
                              labels: [:], datasets: [:])
        data.demarches = [demarche]
        data.demarcheValues = ["chomage_taux": Self.series(12.6, "bb")]
        data.history = ["chomage_taux": records]
        let document = DemarcheBuilder(data: data).document(demarche)
        let followed = try #require(document.indicators.first)
        let row = try #require(followed.rows.first)
        #expect(row.revisions.map(\.kind) == ["revision", "recomputation"])
        #expect(row.revisions[0].text == "révisé le 6 avril 2026 : 12,3\u{00A0}% → 12,8\u{00A0}%")
        #expect(row.revisions[0].newFiles == ["chomage-ze/2023-T3/chomage-zone.xlsx (sha256 bbbbbbbbbbbb…)"])
        #expect(row.revisions[1].text.hasPrefix("recalculé le 4 mai 2026 (mêmes fichiers"))
        // At the meeting of 12 March the page showed 12,3 %: read back, though the file was revised since.
        let since = try #require(followed.sinceLastMeeting)
        #expect(since.shown?.text == "12,3\u{00A0}%" && since.moved)
        #expect(since.text.hasPrefix("Depuis la réunion du 12 mars 2026 (même période, valeur révisée) : 12,3\u{00A0}% (T3 2023) → 12,6\u{00A0}% (T3 2023)"))
        let html = DemarchePage(document: document).render()
        #expect(html.contains("révisé le 6 avril 2026 : 12,3\u{00A0}% → 12,8\u{00A0}%"))
    }

    /// A national refresh records every territory; a démarche reads its own. Reading some
    /// territories gives the same records as reading all and keeping theirs, and the lines are
    /// `JSONEncoder`'s bytes (the history's format since it was first written).
    @Test func readingSomeTerritoriesSkipsTheOthersAndLinesAreJSONEncodersBytes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = ValueHistory(folder: folder)
        let zone = TerritoryID(.zoneEmploi, "2415"), france = TerritoryID.france
        var series = Self.series(12.3, "aa")
        series[zone] = [(.quarter(2023, 3), .scalar(.none(.noData)))]
        // A key and a reason holding the field's own text must not be taken for it.
        series[france] = [(.year(2024), .table(Table(dimension: "metier", entries: [
            .init(key: "\"territory\":\"ze2020:2415\"", value: .exact(3, sources: [Self.file("cc")]))])))]
        #expect(try history.record("chomage_taux", series: series, at: Self.date("2026-01-05T06:15:00Z")) == 4)
        let all = history.load("chomage_taux")
        #expect(all.count == 4)
        for wanted in [Set([zone]), Set([Self.basin, france]), Set<TerritoryID>()] {
            #expect(history.load("chomage_taux", territories: wanted) == all.filter { wanted.contains($0.territory) })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var expected = Data()
        for record in all { expected.append(try encoder.encode(record)); expected.append(0x0A) }
        #expect(try Data(contentsOf: history.url("chomage_taux")) == expected)
    }
}
