import Foundation
import Testing
@testable import ObservatoryData

/// Hostile worksheets: one huge cell, a huge run of whitespace, a huge tag. Each is read in one
/// pass (text runs go to the parser in pieces) or refused with the limit it broke.
@Suite struct XLSXLimitTests {
    private func sheet(_ rows: String) throws -> (TemporaryDirectory, XLSXSheet) {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("hostile.xlsx")
        try ArchiveBuilder.xlsx(at: url, sheets: [("S", rows)])
        return (directory, try XLSXReader(url: url).sheet(at: 1))
    }

    private func rows(_ sheet: XLSXSheet) throws -> [(Int, [Cell])] {
        var rows: [(Int, [Cell])] = []
        try sheet.forEachRow { rows.append(($0, $1)) }
        return rows
    }

    @Test func aFourMegabyteInlineStringIsRefusedNamingPartAndRow() throws {
        let big = String(repeating: "x", count: 4 << 20)
        let (directory, sheet) = try sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>\(big)</t></is></c></row>")
        _ = directory
        let error = try #require(throws: XLSXError.self) { try sheet.countRows() }
        #expect(error == .malformed(file: "hostile.xlsx", part: "sheet S (xl/worksheets/sheet1.xml)",
                                    detail: "near row 2: cell B2 holds more than 1048576 bytes of text (limit)"))
    }

    @Test func longTextWithReferencesCutByChunksComesOutWhole() throws {
        // 1.2 MB of XML, 400 KB of text: chunk boundaries fall inside `&amp;` and inside `é`.
        let unit = "é&amp;é", text = String(repeating: unit, count: 80_000)
        let (directory, sheet) = try sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\(text)</t></is></c></row>")
        _ = directory
        let read = try rows(sheet)
        #expect(read.count == 1)
        #expect(read.first?.1.first == .text(String(repeating: "é&é", count: 80_000)))
    }

    @Test func whitespaceBetweenRowsIsScannedOnceAndNotHeld() throws {
        let spaces = String(repeating: " ", count: 16 << 20)
        let (directory, sheet) = try sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\(spaces)<row r=\"2\"><c r=\"A2\"><v>2</v></c></row>")
        _ = directory
        #expect(try rows(sheet).map(\.0) == [1, 2])
        // The feeder hands text over as it comes: nothing piles up between chunks.
        var feeder = XMLChunkFeeder()
        var texts = 0
        let chunk = Data(repeating: UInt8(ascii: " "), count: 1 << 18)
        try feeder.feed(Data("<sheetData>".utf8), final: false) { _, _ in true }
        for _ in 0..<64 {
            try feeder.feed(chunk, final: false) { _, token in
                if token.kind == .text { texts += 1 }
                return true
            }
            #expect(feeder.bufferedBytes == 0)
        }
        #expect(texts == 64)
    }

    /// Found by `scripts/fuzz xlsx`: a `</c>` before any `<c>` of its row indexed the row's cells at -1 and trapped.
    @Test func aCellEndWithoutItsStartIsAnErrorNotATrap() throws {
        let (directory, sheet) = try sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><v>2</v></c></row>")
        _ = directory
        let error = try #require(throws: XLSXError.self) { try sheet.countRows() }
        #expect(error == .malformed(file: "hostile.xlsx", part: "sheet S (xl/worksheets/sheet1.xml)",
                                    detail: "near row 2: a cell ends (</c>) where none started"))
    }

    /// Found by `scripts/fuzz xlsx` (a 10-minute run): a negative style index on a number cell indexed
    /// the date styles at -1 and trapped; it is a style that is not a date.
    @Test func aNegativeStyleIsNotADateNorATrap() throws {
        let (directory, sheet) = try sheet("<row r=\"1\"><c r=\"A1\" s=\"-1\"><v>1.5</v></c></row>")
        _ = directory
        #expect(try sheet.countRows() == 1)
    }

    /// Found by `scripts/fuzz xlsx`: a reference of many letters overflowed the column number and trapped.
    @Test func aCellReferenceOfManyLettersIsAnErrorNotATrap() throws {
        let reference = String(repeating: "Z", count: 40) + "1"
        let (directory, sheet) = try sheet("<row r=\"1\"><c r=\"\(reference)\"><v>1</v></c></row>")
        _ = directory
        let error = try #require(throws: XLSXError.self) { try sheet.countRows() }
        #expect(error == .malformed(file: "hostile.xlsx", part: "sheet S (xl/worksheets/sheet1.xml)",
                                    detail: "near row 1: bad cell reference '\(reference)'"))
        let data = Data(reference.utf8)
        let fourLetters = Data("ABCD1".utf8)
        data.withUnsafeBytes { #expect(WorksheetParser.columnIndex($0.bindMemory(to: UInt8.self).baseAddress!, 0..<data.count) == nil) }
        fourLetters.withUnsafeBytes { #expect(WorksheetParser.columnIndex($0.bindMemory(to: UInt8.self).baseAddress!, 0..<5) == nil) }
        Data("XFD7".utf8).withUnsafeBytes { #expect(WorksheetParser.columnIndex($0.bindMemory(to: UInt8.self).baseAddress!, 0..<4) == 16383) }
    }

    /// Found by `scripts/fuzz xlsx` (a timeout): an unfinished tag was scanned again from its start
    /// at every chunk, so a long one fed in small chunks cost the square of its length.
    @Test func aLongTagInSmallChunksIsScannedOnce() throws {
        var feeder = XMLChunkFeeder()
        var names: [String] = []
        let handler: (UnsafePointer<UInt8>, XMLByteScanner.Token) throws -> Bool = { base, token in
            if token.kind == .start || token.kind == .empty {
                names.append(String(decoding: UnsafeBufferPointer(start: base + token.range.lowerBound, count: token.range.count), as: UTF8.self))
            }
            return true
        }
        let started = Date()
        let pieces = ["<row a=\"", String(repeating: "x>'", count: 200_000), "\"/>", "<!--", String(repeating: "-", count: 200_000), "-->",
                      "<![CDATA[", String(repeating: "]", count: 200_000), "]]>", "<c/>"]
        let document = Data(pieces.joined().utf8)
        var offset = 0
        while offset < document.count {
            try feeder.feed(document.subdata(in: offset..<min(offset + 64, document.count)), final: false, handler)
            offset += 64
        }
        try feeder.feed(Data(), final: true, handler)
        #expect(names == ["row", "c"])
        // Scanned again at each chunk, this took minutes in a debug build.
        #expect(Date().timeIntervalSince(started) < 5, "\(Date().timeIntervalSince(started)) s")
    }

    @Test func aTagLongerThanTheTokenLimitIsRefused() throws {
        let attribute = String(repeating: "y", count: 5 << 20)
        let (directory, sheet) = try sheet("<row r=\"1\" x=\"\(attribute)\"><c r=\"A1\"><v>1</v></c></row>")
        _ = directory
        let error = try #require(throws: XLSXError.self) { try sheet.countRows() }
        #expect(error.description.contains("longer than 4194304 bytes (limit)"))
    }
}
