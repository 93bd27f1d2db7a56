import Foundation
import Testing
@testable import ObservatoryData

/// The XLSX reader on generated workbooks covering every cell type and layout corner.
@Suite struct XLSXFixtureTests {
    static let sharedStrings = [
        "<si><t>Code</t></si>",
        "<si><r><rPr><b/></rPr><t>Rich </t></r><r><t xml:space=\"preserve\">text</t></r></si>",
        "<si><t>phon</t><rPh sb=\"0\" eb=\"1\"><t>ignored</t></rPh></si>",
        "<si><t>A &amp; B &lt;c&gt; &#233;t&#xE9; &#x2019;</t></si>",
        "<si><t></t></si>",
    ]

    static let styles = """
        <numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>\
        <numFmt numFmtId="165" formatCode="#,##0&quot; days&quot;"/><numFmt numFmtId="166" formatCode="[Red]0.00"/></numFmts>\
        <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>\
        <cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/>\
        <xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="22"/></cellXfs>
        """

    static let rows = """
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c>\
        <c r="E1" t="s"><v>3</v></c><c r="F1" t="s"><v>4</v></c></row>\
        <row r="3"><c r="A3" t="inlineStr"><is><t>0123</t></is></c><c r="B3" t="str"><f>A1&amp;"x"</f><v>Codex</v></c>\
        <c r="C3" t="b"><v>1</v></c><c r="D3" t="e"><v>#N/A</v></c><c r="E3" t="n"><v>-1.5E-3</v></c><c r="F3"><v>00042</v></c></row>\
        <row><c><v>1</v></c><c s="1"><v>45000</v></c><c s="2"><v>45000.5</v></c><c s="3"><v>7</v></c>\
        <c s="4"><v>8</v></c><c s="5"><v>45000.25</v></c></row>\
        <row r="6" spans="1:3"><c r="B6" s="1" t="s"><v>0</v></c></row>\
        <row r="7"><c r="A7" s="1"/><c r="B7"/></row>\
        <row r="8"><c r="AA8" t="inlineStr"><is><r><t>multi</t></r><r><t>run</t></r></is></c></row>\
        <row r="9"/>
        """

    private func workbook(prefix: String = "", rows: String = XLSXFixtureTests.rows, date1904: Bool = false) throws
        -> (TemporaryDirectory, XLSXReader) {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("fixture.xlsx")
        try ArchiveBuilder.xlsx(at: url, sheets: [("Données", rows), ("Vide", "")], sharedStrings: Self.sharedStrings,
                                styles: Self.styles, date1904: date1904, prefix: prefix)
        return (directory, try XLSXReader(url: url))
    }

    @Test func everyCellType() throws {
        let (directory, book) = try workbook()
        _ = directory
        #expect(book.sheetNames == ["Données", "Vide"])
        let rows = try book.sheet(named: "Données").rows()
        #expect(rows.map(\.number) == [1, 3, 4, 6, 8])
        #expect(rows[0].cells == [.text("Code"), .empty, .text("Rich text"), .text("phon"), .text("A & B <c> été ’")])
        #expect(rows[1].cells == [.text("0123"), .text("Codex"), .bool(true), .error("#N/A"), .number(-0.0015), .number(42)])
        #expect(rows[2].cells == [.number(1), .date(serial: 45000), .date(serial: 45000.5), .number(7), .number(8),
                                  .date(serial: 45000.25)])
        #expect(rows[3].cells == [.empty, .text("Code")])
        #expect(rows[4].cells.count == 27)
        #expect(rows[4][26] == .text("multirun"))
        #expect(try book.sheet(at: 2).countRows() == 0)
    }

    @Test func prefixedElementsAreRead() throws {
        let prefixed = "<x:row r=\"2\"><x:c r=\"B2\" t=\"inlineStr\"><x:is><x:t>préfixe</x:t></x:is></x:c><x:c r=\"C2\"><x:v>3.25</x:v></x:c></x:row>"
        let (directory, book) = try workbook(prefix: "x", rows: prefixed)
        _ = directory
        let rows = try book.sheet(named: "Données").rows()
        #expect(rows == [Row(number: 2, cells: [.empty, .text("préfixe"), .number(3.25)])])
    }

    @Test func date1904IsReported() throws {
        let (directory, book) = try workbook(date1904: true)
        _ = directory
        #expect(book.usesDate1904)
        #expect(try book.sheet(at: 1).usesDate1904)
    }

    @Test(arguments: [
        ("<row r=\"1\"><c r=\"A1\"><v>abc</v></c></row>", "near row 1: 'abc' in cell A1 is not a number"),
        ("<row r=\"2\"><c r=\"C2\" t=\"s\"><v>99</v></c></row>", "near row 2: cell C2 points to shared string '99', out of range (5 strings)"),
        ("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>", "near row 1: bad cell reference '1A'"),
        ("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&nbsp;</t></is></c></row>", "near row 1: unknown entity &nbsp;"),
    ])
    func malformedCellsAreErrorsNamingTheRow(_ rows: String, _ detail: String) throws {
        let (directory, book) = try workbook(rows: rows)
        _ = directory
        let error = try #require(throws: XLSXError.self) { try book.sheet(at: 1).countRows() }
        #expect(error == .malformed(file: "fixture.xlsx", part: "sheet Données (xl/worksheets/sheet1.xml)", detail: detail))
    }

    @Test func excelSerialDates() throws {
        func day(_ serial: Double, _ uses1904: Bool = false) -> String? {
            ExcelDate.components(fromSerial: serial, uses1904: uses1904).map {
                String(format: "%04d-%02d-%02d %02d:%02d", $0.year!, $0.month!, $0.day!, $0.hour!, $0.minute!)
            }
        }
        #expect(day(1) == "1900-01-01 00:00")
        #expect(day(59) == "1900-02-28 00:00")
        #expect(day(60) == nil) // Excel's 29 February 1900
        #expect(day(61) == "1900-03-01 00:00")
        #expect(day(45000) == "2023-03-15 00:00")
        #expect(day(45000.5) == "2023-03-15 12:00")
        #expect(day(0, true) == "1904-01-01 00:00")
        #expect(day(43538, true) == "2023-03-15 00:00")
        #expect(ExcelDate.date(fromSerial: -1) == nil)
    }

    @Test func dateFormatDetection() {
        #expect(XLSXPackageParts.isDateFormat("dd/mm/yyyy"))
        #expect(XLSXPackageParts.isDateFormat("d\\ mmmm\\ yyyy"))
        #expect(XLSXPackageParts.isDateFormat("[$-40C]d mmm yy"))
        #expect(!XLSXPackageParts.isDateFormat("#,##0\" days\""))
        #expect(!XLSXPackageParts.isDateFormat("[Red]0.00"))
        #expect(!XLSXPackageParts.isDateFormat("_-* #,##0\\ _€_-;\\-* #,##0\\ _€_-;_-* \"-\"??\\ _€_-;_-@_-"))
        #expect(!XLSXPackageParts.isDateFormat("General"))
    }

    @Test func relationshipTargets() {
        #expect(XLSXPackageParts.resolve("worksheets/sheet1.xml", baseFolder: "xl/") == "xl/worksheets/sheet1.xml")
        #expect(XLSXPackageParts.resolve("/xl/worksheets/sheet2.xml", baseFolder: "xl/") == "xl/worksheets/sheet2.xml")
        #expect(XLSXPackageParts.resolve("../media/image1.png", baseFolder: "xl/worksheets/") == "xl/media/image1.png")
    }

    @Test(arguments: [("2023", 2023.0), ("-6.7", -6.7), ("10.5", 10.5), ("0.05", 0.05), ("1.5E-3", 0.0015),
                      ("123456789012345678", 123456789012345678.0), ("0.1", 0.1), ("3.14159265358979", 3.14159265358979)])
    func numberParsing(_ text: String, _ expected: Double) {
        let value = Array(text.utf8).withUnsafeBufferPointer { NumberParsing.double($0) }
        #expect(value == expected)
    }

    @Test func numberParsingRejectsNonNumbers() {
        for text in ["", ".", "-", "abc", "1,5"] {
            #expect(Array(text.utf8).withUnsafeBufferPointer { NumberParsing.double($0) } == nil, "\(text)")
        }
    }
}
