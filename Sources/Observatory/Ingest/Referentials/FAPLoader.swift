import Foundation
import ObservatoryData
import ObservatoryStore

/// Loads one FAP file; each file of the `fap` dataset is its own source, and its catalogue
/// entry names its layout (`ingest: {options: {layout: …}}`):
///
/// - `fap2021-labels` — DARES `Intitules_FAP2021.csv`: one row per FAP341 code with its FAP228,
///   FAP86 and FAP22 codes and labels. Each code is stored once, at the coarsest level that
///   publishes it (`A0X40` is both a FAP341 and a FAP228 code, with one label), its parent
///   being the code one level up in the same row.
/// - `fap2009-rome` — DARES `fap225_rome.csv` (`Fap;Rome;intitule_rome`, windows-1252):
///   FAP-2009 → ROME v3 links; `NA` marks a FAP without ROME.
/// - `fap-pcs` — DARES `FAP_PCS.csv` (`Fap;PCS;intitule_PCS`): FAP-2009 → PCS-2003. The labels
///   are the PCS's, and the store has no PCS table: the file is read and checked, nothing stored.
/// - `pcs-rome` — France Travail's `table-correspondance-pcs-rome.csv` (no header, FAP;PCS;ROME,
///   blank-filled: a blank FAP cell continues the FAP above). Between the blocks it carries the
///   FAP-2009 domain (`D`) and family (`D0Z`) labels, which are stored (levels `FAP22`, `FAP87`;
///   the footnote marks `*` dropped), and footnotes, which are skipped. Its FAP → PCS column is
///   not stored (no PCS table).
///
/// The nomenclature is FAP-2021 for `fap2021-labels`, FAP-2009 otherwise; the option
/// `nomenclature: FAP-2009|FAP-2021` overrides it.
enum FAPLoader {
    enum Layout: String, CaseIterable {
        case fap2021Labels = "fap2021-labels"
        case fap2009Rome = "fap2009-rome"
        case fapPCS = "fap-pcs"
        case pcsRome = "pcs-rome"
    }

    static func load(_ input: ReferentialInput, into database: ObservatoryDatabase) throws -> ReferentialReport {
        let layout = try input.layout(Layout.self)
        var nomenclature: FAPNomenclature = layout == .fap2021Labels ? .fap2021 : .fap2009
        if let value = input.spec.options["nomenclature"] {
            guard let chosen = FAPNomenclature(rawValue: value) else {
                throw ReferentialError.badOption(file: input.fileName, option: "nomenclature", value: value,
                                                 allowed: FAPNomenclature.allCases.map(\.rawValue))
            }
            nomenclature = chosen
        }
        var content = FAPContent()
        let reader = try input.csvReader(input.file, delimiter: ";")
        switch layout {
        case .fap2021Labels: try readLabels(reader, input, nomenclature, &content)
        case .fap2009Rome: try readFAPRome(reader, input, nomenclature, &content)
        case .fapPCS: try readFAPPCS(reader, input, &content)
        case .pcsRome: try readPCSRome(reader, input, nomenclature, &content)
        }
        let stored = try database.replaceFAP(source: input.sourceName, labels: content.labels, romeLinks: content.links)
        let g = ReferentialText.grouped
        var parts: [String] = []
        if !content.labels.isEmpty { parts.append("\(g(content.labels.count)) \(nomenclature.rawValue) labels") }
        if !content.links.isEmpty { parts.append("\(g(content.links.count)) \(nomenclature.rawValue) → ROME links") }
        if content.pcsPairs > 0 { parts.append("\(g(content.pcsPairs)) FAP → PCS pairs read, not stored") }
        return ReferentialReport(rows: stored.rowCount, summary: parts.joined(separator: ", "), notes: content.notes)
    }

    struct FAPContent {
        var labels: [FAPLabel] = []
        var links: [FAPRomeLink] = []
        var pcsPairs = 0
        var notes: [String] = []
        private var seenLinks = Set<String>()

        mutating func link(_ fap: String, _ rome: String, _ nomenclature: FAPNomenclature) {
            guard seenLinks.insert(fap + "/" + rome).inserted else { return }
            links.append(FAPRomeLink(fapCode: fap, romeCode: rome, nomenclature: nomenclature))
        }
    }

    static let levels2021 = ["FAP22", "FAP86", "FAP228", "FAP341"]

    private static func readLabels(_ reader: CSVReader, _ input: ReferentialInput, _ nomenclature: FAPNomenclature,
                                   _ content: inout FAPContent) throws {
        let columns = levels2021.flatMap { ["Code_\($0)", "Intitulé_\($0)"] }
        let map = try reader.columnMap(header: .row(1), requiring: columns)
        let indices = try columns.map { try map.requireIndex(of: $0) }
        var byCode: [String: Int] = [:]
        try reader.forEachDataRow(header: .row(1)) { row in
            var parent: String?
            for (level, name) in levels2021.enumerated() {
                let code = row[indices[2 * level]].trimmed, label = row[indices[2 * level + 1]].trimmed
                guard !code.isEmpty, !label.isEmpty else {
                    throw ReferentialError.invalidValue(file: input.fileName, line: row.number,
                                                        column: code.isEmpty ? "Code_\(name)" : "Intitulé_\(name)",
                                                        value: "", expected: "a code and its label at every level")
                }
                if let known = byCode[code] {
                    guard content.labels[known].label == label else {
                        throw ReferentialError.inconsistent(file: input.fileName, line: row.number, detail:
                            "\(code) is labelled '\(label)' at level \(name) but '\(content.labels[known].label)' at level \(content.labels[known].level ?? "?")")
                    }
                } else {
                    byCode[code] = content.labels.count
                    content.labels.append(FAPLabel(code: code, label: label, nomenclature: nomenclature, level: name,
                                                   parentCode: parent))
                }
                parent = code
            }
        }
        guard !content.labels.isEmpty else { throw ReferentialError.empty(file: input.fileName, what: "FAP label") }
    }

    private static func readFAPRome(_ reader: CSVReader, _ input: ReferentialInput, _ nomenclature: FAPNomenclature,
                                    _ content: inout FAPContent) throws {
        let map = try reader.columnMap(header: .row(1), requiring: ["Fap", "Rome"])
        let fap = try map.requireIndex(of: "Fap"), rome = try map.requireIndex(of: "Rome")
        var withoutRome: [String] = []
        try reader.forEachDataRow(header: .row(1)) { row in
            let code = row[fap].trimmed, target = row[rome].trimmed
            guard FAPCode.shape(code) == .detailed else {
                throw ReferentialError.invalidValue(file: input.fileName, line: row.number, column: "Fap", value: code,
                                                    expected: "a FAP code like A0Z40 (is the encoding right?)")
            }
            if target.isEmpty || target == "NA" { withoutRome.append(code); return }
            guard ReferentialText.isRomeCode(target) else {
                throw ReferentialError.invalidValue(file: input.fileName, line: row.number, column: "Rome", value: target,
                                                    expected: "a ROME code like A1416, or NA")
            }
            content.link(code, target, nomenclature)
        }
        guard !content.links.isEmpty else { throw ReferentialError.empty(file: input.fileName, what: "FAP → ROME link") }
        if !withoutRome.isEmpty {
            content.notes.append("\(withoutRome.count) FAP codes without ROME (NA): \(ReferentialText.examples(withoutRome))")
        }
    }

    private static func readFAPPCS(_ reader: CSVReader, _ input: ReferentialInput, _ content: inout FAPContent) throws {
        let map = try reader.columnMap(header: .row(1), requiring: ["Fap", "PCS"])
        let fap = try map.requireIndex(of: "Fap"), pcs = try map.requireIndex(of: "PCS")
        var faps = Set<String>()
        try reader.forEachDataRow(header: .row(1)) { row in
            let code = row[fap].trimmed, target = row[pcs].trimmed
            guard FAPCode.shape(code) == .detailed, !target.isEmpty else {
                throw ReferentialError.invalidValue(file: input.fileName, line: row.number, column: target.isEmpty ? "PCS" : "Fap",
                                                    value: target.isEmpty ? target : code,
                                                    expected: "a FAP code like A0Z40 and a PCS code (is the encoding right?)")
            }
            faps.insert(code)
            content.pcsPairs += 1
        }
        guard content.pcsPairs > 0 else { throw ReferentialError.empty(file: input.fileName, what: "FAP → PCS pair") }
        content.notes.append("\(ReferentialText.grouped(content.pcsPairs)) FAP → PCS-2003 pairs (\(faps.count) FAP codes) "
            + "read but not stored: the store has no PCS table, and the file's labels are the PCS's, not the FAP's")
    }

    private static func readPCSRome(_ reader: CSVReader, _ input: ReferentialInput, _ nomenclature: FAPNomenclature,
                                    _ content: inout FAPContent) throws {
        var current: String?
        var footnotes = 0, fapCodes = Set<String>(), withoutRome = Set<String>()
        try reader.forEachDataRow(header: .absent(columnNames: ["fap", "pcs", "rome"])) { row in
            let first = row[0].trimmed, second = row[1].trimmed, rome = row[2].trimmed
            switch FAPCode.shape(first) {
            case .detailed:
                current = first
                fapCodes.insert(first)
                withoutRome.insert(first)
            case .domain, .family:
                let label = second.trimmingCharacters(in: CharacterSet(charactersIn: "* ").union(.whitespaces))
                guard !label.isEmpty else {
                    throw ReferentialError.invalidValue(file: input.fileName, line: row.number, column: "2", value: second,
                                                        expected: "the label of FAP \(first)")
                }
                let isDomain = FAPCode.shape(first) == .domain
                content.labels.append(FAPLabel(code: first, label: label, nomenclature: nomenclature,
                                               level: isDomain ? "FAP22" : "FAP87",
                                               parentCode: isDomain ? nil : String(first.prefix(1))))
                current = nil
                return
            case .blank:
                guard current != nil || (second.isEmpty && rome.isEmpty) else {
                    throw ReferentialError.inconsistent(file: input.fileName, line: row.number,
                                                        detail: "a row without FAP code continues no FAP (after a label or a note)")
                }
            case .other:
                footnotes += 1
                current = nil
                return
            }
            if !second.isEmpty { content.pcsPairs += 1 }
            guard !rome.isEmpty, let fap = current else { return }
            guard ReferentialText.isRomeCode(rome) else {
                throw ReferentialError.invalidValue(file: input.fileName, line: row.number, column: "3", value: rome,
                                                    expected: "a ROME code like A1416, or blank")
            }
            withoutRome.remove(fap)
            content.link(fap, rome, nomenclature)
        }
        guard !content.links.isEmpty else { throw ReferentialError.empty(file: input.fileName, what: "FAP → ROME link") }
        let g = ReferentialText.grouped
        content.notes.append("\(g(fapCodes.count)) FAP codes, \(g(fapCodes.count - withoutRome.count)) with ROME codes; "
            + "\(g(content.pcsPairs)) FAP → PCS pairs not stored (no PCS table); \(footnotes) footnote lines skipped")
    }
}

/// The shapes of FAP-2009 codes in France Travail's table.
enum FAPCode: Equatable {
    case domain, family, detailed, blank, other

    /// `D` domain, `D0Z` family, `D0Z20` detailed family; anything else is a footnote.
    static func shape(_ text: String) -> FAPCode {
        let b = Array(text.utf8)
        func letter(_ i: Int) -> Bool { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b[i]) }
        func digit(_ i: Int) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[i]) }
        switch b.count {
        case 0: return .blank
        case 1 where letter(0): return .domain
        case 3 where letter(0) && digit(1) && letter(2): return .family
        case 5 where letter(0) && digit(1) && letter(2) && digit(3) && digit(4): return .detailed
        default: return .other
        }
    }
}
