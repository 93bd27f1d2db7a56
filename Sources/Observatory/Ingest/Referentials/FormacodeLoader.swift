import Foundation
import ObservatoryData
import ObservatoryStore

/// Loads one Centre Inffo Formacode file (`;`, no header); each file is its own source and its
/// catalogue entry names its layout (`ingest: {options: {layout: …}}`):
///
/// - `thesaurus` — `FCod-utf-8.csv`: `code;DESCRIPTEUR;descripteur;type;champ;…` (15 fields for
///   descriptors, 4 for public and modality entries). The stored label is the accented
///   lower-case form (column 3, `plâtrerie`), the upper-case descriptor (column 2) when it is blank.
/// - `rome-formacode` — `RomeFCod-utf-8.csv`: `code ROME;libellé;DESCRIPTEUR 12345$DESCRIPTEUR 12345…`.
///   Links from ROME v3/4 codes (`A1101`) are stored. The file published beside the LHEO schema
///   uses ROME **v2** codes (`11111`), which the store's ROME columns do not take: those rows are
///   counted in a note, not stored, until a ROME v2 → v3 crosswalk exists. An item whose code is
///   not five digits (`TRANSMISSION ENTREPRISE 1326u`) is skipped with a note.
enum FormacodeLoader {
    enum Layout: String, CaseIterable {
        case thesaurus
        case romeFormacode = "rome-formacode"
    }

    static func load(_ input: ReferentialInput, into database: ObservatoryDatabase) throws -> ReferentialReport {
        let reader = try input.csvReader(input.file, delimiter: ";")
        switch try input.layout(Layout.self) {
        case .thesaurus:
            let formacodes = try readThesaurus(reader, input)
            let stored = try database.replaceFormacode(source: input.sourceName, formacodes: formacodes, romeLinks: [])
            return ReferentialReport(rows: stored.rowCount, summary: "\(ReferentialText.grouped(formacodes.count)) Formacodes")
        case .romeFormacode:
            var notes: [String] = []
            let links = try readRomeLinks(reader, input, &notes)
            let stored = try database.replaceFormacode(source: input.sourceName, formacodes: [], romeLinks: links)
            return ReferentialReport(rows: stored.rowCount,
                                     summary: "\(ReferentialText.grouped(links.count)) ROME → Formacode links", notes: notes)
        }
    }

    private static func readThesaurus(_ reader: CSVReader, _ input: ReferentialInput) throws -> [Formacode] {
        var formacodes: [Formacode] = []
        var seen = Set<String>()
        try reader.forEachDataRow(header: .absent(columnNames: ["code", "descripteur", "libelle", "type"])) { row in
            let code = row[0].trimmed
            guard ReferentialText.isDigits(code, count: 5) else {
                throw ReferentialError.invalidValue(file: input.fileName, line: row.number, column: "1", value: code,
                                                    expected: "a five-digit Formacode")
            }
            let label = row[2].trimmed.isEmpty ? row[1].trimmed : row[2].trimmed
            guard !label.isEmpty else {
                throw ReferentialError.invalidValue(file: input.fileName, line: row.number, column: "2", value: "",
                                                    expected: "the label of Formacode \(code)")
            }
            guard seen.insert(code).inserted else {
                throw ReferentialError.inconsistent(file: input.fileName, line: row.number, detail: "Formacode \(code) given twice")
            }
            formacodes.append(Formacode(code: code, label: label))
        }
        guard !formacodes.isEmpty else { throw ReferentialError.empty(file: input.fileName, what: "Formacode") }
        return formacodes
    }

    private static func readRomeLinks(_ reader: CSVReader, _ input: ReferentialInput,
                                      _ notes: inout [String]) throws -> [RomeFormacodeLink] {
        var links: [RomeFormacodeLink] = []
        var seen = Set<String>(), malformed: [String] = []
        var romeV2Codes = Set<String>(), romeV2Links = 0, rows = 0
        try reader.forEachDataRow(header: .absent(columnNames: ["rome", "libelle", "formacodes"])) { row in
            rows += 1
            let rome = row[0].trimmed
            let isV2 = ReferentialText.isDigits(rome, count: 5)
            guard isV2 || ReferentialText.isRomeCode(rome) else {
                throw ReferentialError.invalidValue(file: input.fileName, line: row.number, column: "1", value: rome,
                                                    expected: "a ROME code (A1101, or a ROME v2 code 11111)")
            }
            for item in row[2].trimmed.split(separator: "$") {
                let code = String(item.split(separator: " ").last ?? "")
                guard ReferentialText.isDigits(code, count: 5) else {
                    malformed.append("\(rome): '\(item.trimmingCharacters(in: .whitespaces))' (line \(row.number))")
                    continue
                }
                if isV2 {
                    romeV2Codes.insert(rome)
                    romeV2Links += 1
                } else if seen.insert(rome + "/" + code).inserted {
                    links.append(RomeFormacodeLink(romeCode: rome, formacode: code))
                }
            }
        }
        guard rows > 0 else { throw ReferentialError.empty(file: input.fileName, what: "ROME → Formacode row") }
        let g = ReferentialText.grouped
        if !romeV2Codes.isEmpty {
            notes.append("\(g(romeV2Codes.count)) ROME v2 codes (five digits, e.g. \(romeV2Codes.min()!)) with \(g(romeV2Links)) "
                + "Formacode links not stored: the store holds ROME v3/4 codes (A1101); a ROME v2 → v3 crosswalk is needed")
        }
        if !malformed.isEmpty {
            notes.append("\(malformed.count) Formacode items without a five-digit code skipped: \(ReferentialText.examples(malformed))")
        }
        return links
    }
}
