import Foundation
import Testing
@testable import ObservatoryData

/// The row model and header location, on an in-memory table.
@Suite struct HeaderAndCellTests {
    struct Table: SheetReader {
        var sourceDescription: String { "table.csv" }
        let rows: [[Cell]]
        func forEachRow(_ body: (Int, [Cell]) throws -> Void) throws {
            do {
                for (index, cells) in rows.enumerated() where cells.contains(where: { !$0.isEmpty }) {
                    try body(index + 1, cells)
                }
            } catch is StopReading {}
        }
    }

    static let table = Table(rows: [
        [.text("Taux de chômage")],
        [],
        [.text(" Code\u{A0}"), .text("Libelle\u{301}"), .text("Tension "), .number(2019)],
        [.text("2401"), .text("Blois"), .number(6.5), .number(7)],
        [.text("2415")],
    ])

    @Test func headerByRowNumber() throws {
        var rows: [DataRow] = []
        let columns = try Self.table.forEachDataRow(header: .row(3), requiring: ["Code", "Libellé", "Tension", "2019"]) {
            rows.append($0)
        }
        #expect(columns.names == ["Code", "Libellé", "Tension", "2019"])
        #expect(rows.map(\.number) == [4, 5])
        #expect(rows[0]["Libellé"] == .text("Blois"))
        #expect(rows[0]["Tension "] == .number(6.5))
        #expect(rows[1]["Tension"] == .empty) // short row
        #expect(rows[1]["Absent"] == nil)
        #expect(rows[1][7] == .empty)
    }

    @Test func headerByContent() throws {
        let columns = try Self.table.columnMap(header: .firstRowContaining(["Code", "Tension"]))
        #expect(columns.headerRowNumber == 3)
        #expect(throws: HeaderError.headerRowNotFound(source: "table.csv", names: ["CODGEO"], searchedRows: 100)) {
            try Self.table.columnMap(header: .firstRowContaining(["CODGEO"]))
        }
    }

    @Test func headerErrors() throws {
        #expect(throws: HeaderError.headerRowMissing(source: "table.csv", row: 9)) {
            try Self.table.columnMap(header: .row(9))
        }
        #expect(throws: HeaderError.headerRowMissing(source: "table.csv", row: 2)) { // blank row
            try Self.table.columnMap(header: .row(2))
        }
        let error = try #require(throws: HeaderError.self) {
            try Self.table.forEachDataRow(header: .row(3), requiring: ["BE25", "NOMBE25"]) { _ in
                Issue.record("no data row may be read before the header is validated")
            }
        }
        #expect(error.description == "table.csv: columns BE25, NOMBE25 not found; found: Code, Libellé, Tension, 2019")
    }

    @Test func absentHeader() throws {
        var numbers: [Int] = []
        let columns = try Self.table.forEachDataRow(header: .absent(columnNames: ["code", "label"])) { numbers.append($0.number) }
        #expect(columns.headerRowNumber == nil)
        #expect(numbers == [1, 3, 4, 5])
    }

    @Test func cellValues() {
        #expect(Cell.number(2401).stringValue == "2401")
        #expect(Cell.number(10.5).stringValue == "10.5")
        #expect(Cell.number(-0.0015).stringValue == "-0.0015")
        #expect(Cell.date(serial: 45000).stringValue == "45000")
        #expect(Cell.bool(true).stringValue == "TRUE")
        #expect(Cell.text("\u{A0} 24 \n").trimmed == "24")
        #expect(Cell.empty.stringValue == "")
        #expect(Cell.textOrEmpty("") == .empty)
        #expect(Cell.number(3).numberValue == 3 && Cell.text("3").numberValue == nil)
        #expect(ColumnMap.normalize("Libelle\u{301} ") == "Libellé")
    }
}
