import Foundation
import ObservatoryCore
import Testing
@testable import ObservatoryData

/// Labels and names from data are cut before they reach the store, and said to be; messages
/// quote at most a short piece of a line.
@Suite struct LabelCapTests {
    @Test func longLabelsAndNamesAreCutAndCounted() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("bmo.csv")
        let longLabel = String(repeating: "Aide-soignant ", count: 5_000)
        let longName = "=HYPERLINK(\"http://x\",\"y\")" + String(repeating: "é", count: 2_000)
        try Data("""
            bassin;nom_bassin;code;libelle;projets
            2402;\(longName);J1Z80;\(longLabel);12
            2402;\(longName);T4Z60;Conducteurs;3
            2403;Vierzon;J1Z80;\(longLabel);4

            """.utf8).write(to: url)
        var spec = IngestSpec(kind: .observations)
        spec.delimiter = ";"
        spec.territory = .column(.init(name: "bassin"), .bassinBMO, nameColumn: "nom_bassin")
        spec.period = .fixed("2024")
        spec.dimensions = [.init(name: "metier", column: .init(name: "code"))]
        spec.labels = ["metier": "libelle"]
        spec.measures = [.init(name: "projets", column: "projets")]
        let extractor = ObservationExtractor(file: url, displayName: "bmo.csv", spec: spec, vintage: "2024",
                                             workDirectory: directory.url)
        var count = 0
        let report = try extractor.forEachObservation { _ in count += 1 }
        #expect(count == 3)
        let label = try #require(report.labels["metier"]?["J1Z80"])
        #expect(label.count == TextCap.label && label.hasSuffix("…") && longLabel.hasPrefix(label.dropLast()))
        #expect(report.labels["metier"]?["T4Z60"] == "Conducteurs")
        let name = try #require(report.territoryNames[TerritoryID(.bassinBMO, "2402")])
        #expect(name.count == TextCap.label && name.hasSuffix("…"))
        #expect(report.territoryNames[TerritoryID(.bassinBMO, "2403")] == "Vierzon")
        #expect(report.cutLabels == 2)
        #expect(report.notes.contains("2 labels or territory names longer than 500 characters were cut (…)"))
    }

    @Test func messagesQuoteAtMostAShortPieceOfALine() {
        let line = String(repeating: "x", count: 100_000)
        let message = IngestError.notANumber(source: "f.csv", row: 3, column: "projets", text: line).description
        #expect(message.count < 400 && message.contains(String(repeating: "x", count: 199) + "…"))
        #expect(IngestError.duplicateKey(source: "f.csv", row: 3, key: line).description.count < 400)
        #expect(TextCap.cut("court", 200) == "court" && TextCap.cut("abcdef", 4) == "abc…")
    }
}
