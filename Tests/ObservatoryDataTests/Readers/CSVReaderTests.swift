import Foundation
import Testing
@testable import ObservatoryData

/// The CSV reader on self-written fixtures (format corners byte for byte).
@Suite struct CSVReaderTests {
    private func rows(_ name: String, _ options: CSVReader.Options = .init()) throws -> [Row] {
        try CSVReader(url: ReaderFixtures.url(name), options: options).rows()
    }

    @Test func nelLineEndsInUTF8() throws {
        let rows = try rows("nel-utf8.csv")
        #expect(rows.map(\.number) == [1, 2, 3, 5])
        #expect(rows[0].cells == [.text("code"), .text("libellé")])
        #expect(rows[1].cells == [.text("A1"), .text("Métier un")])
        #expect(rows[2].cells == [.text("B2"), .text("deux\u{85}lignes")])
        #expect(rows[3].cells == [.text("C3"), .text("fin")])
        let dialect = try CSVReader(url: ReaderFixtures.url("nel-utf8.csv")).dialect()
        #expect(dialect.delimiter == ";" && dialect.encoding == .utf8 && dialect.encodingWasDetected)
    }

    @Test func nelLineEndsInLatin1AreDetected() throws {
        let dialect = try CSVReader(url: ReaderFixtures.url("nel-latin1.csv")).dialect()
        #expect(dialect.encoding == .isoLatin1)
        let rows = try rows("nel-latin1.csv")
        #expect(rows.map(\.cells) == [[.text("code"), .text("libellé")], [.text("A1"), .text("Métier")],
                                      [.text("B2"), .text("café")]])
        #expect(rows.map(\.number) == [1, 2, 3])
    }

    @Test func crLineEndsAndBlankLines() throws {
        let rows = try rows("cr-only.csv")
        #expect(rows.map(\.number) == [1, 2, 4])
        #expect(rows.map(\.cells) == [[.text("a"), .text("b")], [.text("c"), .text("d")], [.text("e"), .text("f")]])
    }

    @Test func quotedFieldsWithCRLFAndBOM() throws {
        let reader = CSVReader(url: ReaderFixtures.url("crlf-quoted.csv"))
        #expect(try reader.dialect().hasByteOrderMark)
        let rows = try reader.rows()
        #expect(rows.map(\.number) == [1, 2, 3, 4, 6, 7])
        #expect(rows[0].cells == [.text("id"), .text("texte"), .text("montant")])
        #expect(rows[1].cells == [.text("1"), .text("point; virgule"), .text("12,5")])
        #expect(rows[2].cells == [.text("2"), .text("guillemets \"doubles\""), .text("3")])
        #expect(rows[3].cells == [.text("3"), .text("deux\r\nlignes"), .text("4")])
        #expect(rows[4].cells == [.text("4"), .empty, .empty])
        #expect(rows[5].cells == [.text("5"), .text("abcdef"), .text("6")])
    }

    /// Every chunk size must give the same rows: records cut anywhere (inside quotes, between
    /// CR and LF, inside a NEL or a UTF-8 sequence) are completed from the next chunk.
    @Test(arguments: ["crlf-quoted.csv", "nel-utf8.csv", "cr-only.csv", "windows1252.csv"])
    func chunkBoundariesDoNotChangeRows(_ name: String) throws {
        let whole = try rows(name)
        for size in [1, 2, 3, 5, 7, 11] {
            var parser = CSVParserHarness(url: ReaderFixtures.url(name), chunkSize: size)
            #expect(try parser.rows() == whole, "chunk size \(size)")
        }
    }

    @Test func latin1DeclaredAsUTF8IsAnErrorNamingFileAndLine() throws {
        let reader = CSVReader(url: ReaderFixtures.url("latin1-declared-utf8.csv"), encoding: .utf8)
        let error = try #require(throws: CSVError.self) { try reader.countRows() }
        #expect(error.description
                == "latin1-declared-utf8.csv:3: invalid UTF-8 byte 0xE9 (declared encoding utf-8; is the file Latin-1?)")
    }

    @Test func windows1252IsDetectedAndDecoded() throws {
        let reader = CSVReader(url: ReaderFixtures.url("windows1252.csv"))
        #expect(try reader.dialect().encoding == .windows1252)
        let rows = try reader.rows()
        #expect(rows.map(\.cells) == [[.text("code"), .text("libellé")], [.text("1"), .text("l’été")],
                                      [.text("2"), .text("€ 10 – œuvre …")]])
    }

    @Test func latin1DeclaredTakesByte85AsALineEnd() throws {
        let rows = try rows("windows1252.csv", .init(encoding: .isoLatin1))
        #expect(rows[1].cells == [.text("1"), .text("l\u{92}été")])
        #expect(rows[2].cells == [.text("2"), .text("\u{80} 10 \u{96} \u{9C}uvre ")])
        #expect(rows.count == 3)
    }

    @Test func detectionSwitchesToWindows1252AfterAnASCIIFirstChunk() throws {
        let directory = try TemporaryDirectory()
        var bytes = Array("a;b\n".utf8)
        for i in 0..<2000 { bytes += Array("x\(i);y\n".utf8) }
        bytes += [0x7A, 0x3B, 0x63, 0x61, 0x66, 0xE9, 0x0A] // z;café in Latin-1
        let url = try directory.file("late.csv", bytes)
        let rows = try CSVReader(url: url, options: .init(chunkSize: 4096)).rows()
        #expect(rows.count == 2002)
        #expect(rows.last?.cells == [.text("z"), .text("café")])
    }

    @Test func detectedUTF8ThenInvalidByteIsAnError() throws {
        let directory = try TemporaryDirectory()
        var bytes = Array("a;é\n".utf8)
        for i in 0..<2000 { bytes += Array("x\(i);y\n".utf8) }
        bytes += [0x7A, 0x3B, 0xE9, 0x0A]
        let url = try directory.file("mixed.csv", bytes)
        let error = try #require(throws: CSVError.self) {
            try CSVReader(url: url, options: .init(chunkSize: 4096)).countRows()
        }
        #expect(error.description
                == "mixed.csv:2002: invalid UTF-8 byte 0xE9 (encoding utf-8 detected from the first bytes; the file mixes encodings)")
    }

    @Test func unterminatedQuoteNamesItsLine() throws {
        let directory = try TemporaryDirectory()
        let url = try directory.file("open.csv", "a,b\n1,2\n3,\"never closed\n4,5\n")
        let error = try #require(throws: CSVError.self) { try CSVReader(url: url).countRows() }
        #expect(error.description == "open.csv:3: quoted field opened on this line is never closed")
    }

    @Test(arguments: [1 << 20, 4096])
    func aFileEndingInsideARowIsAnError(_ chunkSize: Int) throws {
        let directory = try TemporaryDirectory()
        let lines = (1...2_000).map { "\($0);libellé \($0);\($0 * 3)" }.joined(separator: "\n")
        let url = try directory.file("cut.csv", "code;libelle;valeur\n" + lines + "\n2001;libellé 2")
        let reader = CSVReader(url: url, options: .init(chunkSize: chunkSize))
        let error = try #require(throws: CSVError.self) { try reader.forEachDataRow(header: .row(1)) { _ in } }
        #expect(error.description == "cut.csv:2002: the file ends inside this line (2 of 3 fields, no line end): truncated download?")
        // A complete last line without a line end, and a short line that has its line end, are rows.
        let whole = try directory.file("whole.csv", "code;libelle;valeur\n1;a;2\n2;b\n3;c;4")
        var rows = 0
        try CSVReader(url: whole, options: .init(chunkSize: chunkSize)).forEachDataRow(header: .row(1)) { _ in rows += 1 }
        #expect(rows == 3)
        let open = try directory.file("open-end.csv", "code;libelle;valeur\n1;\"a;2")
        #expect(throws: CSVError.unterminatedQuote(file: "open-end.csv", line: 2)) { try CSVReader(url: open).countRows() }
    }

    @Test func aRecordLongerThanTheLimitIsRefusedNotBuffered() throws {
        let directory = try TemporaryDirectory()
        let huge = String(repeating: "x", count: 300_000)
        let url = try directory.file("huge.csv", "a;b\n1;2\n3;\"\(huge)\n4;5\n")
        let options = CSVReader.Options(chunkSize: 4096, maxRecordBytes: 64 << 10)
        let error = try #require(throws: CSVError.self) { try CSVReader(url: url, options: options).countRows() }
        #expect(error.description == "huge.csv:3: the record starting on this line is longer than 65536 bytes (limit): a huge field, or a quote never closed")
        #expect(CSVReader.Options().maxRecordBytes == 16 << 20)
        // Under the limit, a long field is read whole.
        let closed = try directory.file("long.csv", "a;b\n1;2\n3;\"\(huge)\"\n4;5\n")
        let rows = try CSVReader(url: closed, options: .init(chunkSize: 4096, maxRecordBytes: 1 << 20)).rows()
        #expect(rows.count == 4 && rows[2].cells[1] == .text(huge))
    }

    @Test(arguments: [("a;b,c\n", ";"), ("a,b;c,d\n", ","), ("a\tb\tc\n", "\t"), ("\"x;y\",b\n", ","), ("solo\n", ",")])
    func delimiterIsDetectedFromTheFirstLine(_ text: String, _ expected: Character) throws {
        let directory = try TemporaryDirectory()
        let url = try directory.file("d.csv", text)
        #expect(try CSVReader(url: url).dialect().delimiter == Unicode.Scalar(String(expected)))
    }

    @Test func declaredDelimiterWins() throws {
        let directory = try TemporaryDirectory()
        let url = try directory.file("pipe.csv", "a|b;c\n1|2;3\n")
        let rows = try CSVReader(url: url, delimiter: "|").rows()
        #expect(rows[1].cells == [.text("1"), .text("2;3")])
        #expect(throws: CSVError.invalidDelimiter("\"")) { try CSVReader(url: url, delimiter: "\"").countRows() }
    }

    @Test func byteOrderMarkWithSingleByteEncodingIsRefused() throws {
        #expect(throws: CSVError.byteOrderMarkConflict(file: "crlf-quoted.csv", declared: .windows1252)) {
            try CSVReader(url: ReaderFixtures.url("crlf-quoted.csv"), encoding: .windows1252).countRows()
        }
    }

    @Test func missingFileIsReported() {
        let url = URL(fileURLWithPath: "/nonexistent/none.csv")
        #expect(throws: CSVError.unreadable(file: "none.csv", reason: "No such file or directory")) {
            try CSVReader(url: url).countRows()
        }
    }

    @Test func emptyFileHasNoRows() throws {
        let directory = try TemporaryDirectory()
        #expect(try CSVReader(url: directory.file("empty.csv", [])).countRows() == 0)
    }

    @Test func stopReadingEndsEarly() throws {
        let rows = try CSVReader(url: ReaderFixtures.url("crlf-quoted.csv")).rows(limit: 2)
        #expect(rows.map(\.number) == [1, 2])
    }

    @Test func encodingLabels() {
        #expect(TextEncoding(label: "UTF8") == .utf8)
        #expect(TextEncoding(label: "latin1") == .isoLatin1)
        #expect(TextEncoding(label: "ISO-8859-1") == .isoLatin1)
        #expect(TextEncoding(label: "cp1252") == .windows1252)
        #expect(TextEncoding(label: "ebcdic") == nil)
    }
}

/// Drives ``CSVReader`` with a chunk size below its 4 KiB floor, to cut records anywhere.
struct CSVParserHarness {
    let url: URL
    let chunkSize: Int

    mutating func rows() throws -> [Row] {
        let bytes = try [UInt8](Data(contentsOf: url))
        let reader = CSVReader(url: url)
        let dialect = try reader.dialect()
        let bom = dialect.hasByteOrderMark ? 3 : 0
        var parser = CSVParser(file: url.lastPathComponent, delimiter: UInt8(ascii: dialect.delimiter),
                               encoding: dialect.encoding, declared: false, tentative: false)
        defer { parser.release() }
        var result: [Row] = []
        var buffer: [UInt8] = []
        var offset = bom
        var position = 0
        while true {
            let end = min(offset + chunkSize, bytes.count)
            buffer += bytes[offset..<end]
            offset = end
            let eof = offset == bytes.count
            var records = CSVRecordSpans()
            defer { records.release() }
            position = try buffer.withUnsafeMutableBufferPointer { pointer in
                let end = try parser.tokenize(pointer, from: position, eof: eof, into: &records)
                var cells: [Cell] = []
                try CSVReader.deliver(records, base: pointer.baseAddress!, encoding: parser.encoding) { record in
                    record.cells(into: &cells)
                    result.append(Row(number: record.line, cells: cells))
                }
                return end
            }
            buffer.removeFirst(position)
            position = 0
            if eof { break }
        }
        return result
    }
}
