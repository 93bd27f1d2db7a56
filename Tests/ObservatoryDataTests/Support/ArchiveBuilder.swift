import Foundation
import ZIPFoundation

/// Builds ZIP archives and XLSX workbooks in tests (generated fixtures).
enum ArchiveBuilder {
    /// Writes a ZIP with these members (deflated), in order.
    static func zip(at url: URL, _ members: [(path: String, bytes: [UInt8])]) throws {
        let archive = try Archive(url: url, accessMode: .create)
        for member in members {
            let data = Data(member.bytes)
            try archive.addEntry(with: member.path, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
    }

    /// Writes a minimal XLSX: one worksheet part per sheet, optional shared strings and styles.
    /// `prefix` puts every SpreadsheetML element under a namespace prefix (`x:`), as some
    /// generators do.
    static func xlsx(at url: URL, sheets: [(name: String, rows: String)], sharedStrings: [String]? = nil,
                     styles: String? = nil, date1904: Bool = false, prefix: String = "") throws {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let p = prefix.isEmpty ? "" : prefix + ":"
        let xmlns = prefix.isEmpty ? "xmlns=\"\(main)\"" : "xmlns:\(prefix)=\"\(main)\""
        var members: [(String, String)] = []
        members.append(("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>
            """))
        members.append(("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(relNS)/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """))
        let sheetList = sheets.enumerated().map { index, sheet in
            "<\(p)sheet name=\"\(sheet.name)\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }.joined()
        members.append(("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?><\(p)workbook \(xmlns) xmlns:r="\(relNS)"><\(p)workbookPr\(date1904 ? " date1904=\"1\"" : "")/><\(p)sheets>\(sheetList)</\(p)sheets></\(p)workbook>
            """))
        var rels = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(relNS)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }
        if sharedStrings != nil {
            rels.append("<Relationship Id=\"rIdS\" Type=\"\(relNS)/sharedStrings\" Target=\"sharedStrings.xml\"/>")
        }
        if styles != nil {
            rels.append("<Relationship Id=\"rIdT\" Type=\"\(relNS)/styles\" Target=\"styles.xml\"/>")
        }
        members.append(("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(rels.joined())</Relationships>
            """))
        for (index, sheet) in sheets.enumerated() {
            members.append(("xl/worksheets/sheet\(index + 1).xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?><\(p)worksheet \(xmlns)><\(p)sheetData>\(sheet.rows)</\(p)sheetData></\(p)worksheet>
                """))
        }
        if let sharedStrings {
            members.append(("xl/sharedStrings.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?><\(p)sst \(xmlns) count="\(sharedStrings.count)" uniqueCount="\(sharedStrings.count)">\(sharedStrings.joined())</\(p)sst>
                """))
        }
        if let styles {
            members.append(("xl/styles.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?><\(p)styleSheet \(xmlns)>\(styles)</\(p)styleSheet>
                """))
        }
        try zip(at: url, members.map { ($0.0, Array($0.1.utf8)) })
    }
}
