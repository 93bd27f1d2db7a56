import Foundation
@testable import Observatory
import ObservatoryCore
import ObservatoryData
import ObservatoryStore
import Testing

/// A file large enough for the store to write runs of it while it is still being read: typed,
/// masked cells kept, and a cell that fails late leaves the previous vintage whole.
@Suite(.serialized)
struct IngestLargeFileTests {
    static let rows = 200_000

    /// The DARES jobseekers layout (defm-communes), commune by commune, about 1 cell in 50 masked.
    static func jobseekers(_ bench: IngestBench, name: String, shift: Int = 0, badLine: Int? = nil) throws -> URL {
        var text = "\u{FEFF}Date;Code région;Région;Code commune;Commune;Catégorie;Sexe;Tranche d'âge;Nombre de demandeurs d'emploi\r\n"
        let categories = ["A", "B", "C", "ABC", "D"]
        let breakdowns = [("Total", "Total"), ("Femmes", "Total"), ("Hommes", "Total"), ("Total", "Moins de 25 ans"),
                          ("Total", "De 25 à 49 ans"), ("Total", "50 ans et plus")]
        text.reserveCapacity(rows * 90)
        for row in 0..<rows {
            let commune = String(format: "%05d", 18_001 + row / 120)
            let quarter = "\(2020 + (row / 30) % 4)-T4"
            let (sex, age) = breakdowns[row % 6]
            let value = row + 2 == badLine ? "n/a" : row % 50 == 7 ? "*" : "\(5 * ((row + shift) % 400))"
            text += "\(quarter);24;Centre-Val de Loire;\(commune);Commune \(commune);\(categories[(row / 6) % 5]);\(sex);\(age);\(value)\r\n"
        }
        let url = bench.folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func aLargeFileIsTypedAndALateBadCellKeepsThePreviousVintage() async throws {
        let bench = try IngestBench()
        let file = "dares_defm_communales-brutes.csv"
        try await bench.place("defm-communes", file, from: try Self.jobseekers(bench, name: "good.csv"))
        let first = try await bench.ingest(["defm-communes"])
        #expect(first.failures.isEmpty, "\(first.failures.map(\.result))")
        let before = try #require(try bench.database.vintage("latest", of: "defm-communes"))
        #expect(before.rowCount == Self.rows && before.maskedCount == Self.rows / 50)
        let query = ObservationQuery(dataset: "defm-communes", measure: "defm")
        let stored = try bench.database.observations(query)
        #expect(stored.filter { $0.status == .masked }.allSatisfy { $0.value == nil }, "a masked cell is not a zero")
        #expect(stored.allSatisfy { $0.territory.geography == .commune })
        #expect(stored.first { $0.territory.code == "18001" && $0.period == .quarter(2020, 4)
            && $0.dimensions == ["categorie": "A", "sexe": "Total", "age": "Total"] }?.value == 0)

        // The same layout with other numbers and, near its end, a cell that is not one.
        let bad = Self.rows - 1_000
        try await bench.place("defm-communes", file, from: try Self.jobseekers(bench, name: "bad.csv", shift: 1, badLine: bad))
        let reason = try #require(try await bench.ingest(["defm-communes"]).result("defm-communes", file)?.failure)
        #expect(reason.contains("row \(bad), column Nombre de demandeurs d'emploi: 'n/a' is not a number"), "\(reason)")
        #expect(reason.contains("is kept"), "\(reason)")
        #expect(try bench.database.vintage("latest", of: "defm-communes") == before)
        #expect(try bench.database.observations(query) == stored)
        #expect(try bench.database.ingestedFile(dataset: "defm-communes", file: file)?.sha256 == before.provenance.sha256)
    }
}
