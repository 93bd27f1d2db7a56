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
/// - `fap2021-tree` — DARES `Dares_Arborescence_FAP2021.xlsx`: the sheet `niveaux_emboités`
///   (option `sheet` overrides it) holds the four levels side by side, read as `fap2021-labels`.
/// - `rome-qualif-fap` — DARES `Dares_Table_passage_ROME_Qualif_to_FAP2021_pour_programme.csv`
///   (`ROME;Intitule_ROME;Qualif;FAP341;Intitule_FAP341`, windows-1252): each (ROME v3 code,
///   qualification 0–9) pair goes to one FAP341 code. Every row is stored with its qualification
///   (the crosswalk weighs a FAP's ROME codes by their rows), and each distinct FAP → ROME pair
///   as a link.
///
/// The nomenclature is FAP-2021 for the three FAP-2021 layouts, FAP-2009 otherwise; the option
/// `nomenclature: FAP-2009|FAP-2021` overrides it.
enum FAPLoader {
    enum Layout: String, CaseIterable {
        case fap2021Labels = "fap2021-labels"
        case fap2009Rome = "fap2009-rome"
        case fapPCS = "fap-pcs"
        case pcsRome = "pcs-rome"
        case fap2021Tree = "fap2021-tree"
        case romeQualifFAP = "rome-qualif-fap"

        var isFAP2021: Bool { [.fap2021Labels, .fap2021Tree, .romeQualifFAP].contains(self) }
    }

    static func load(_ input: ReferentialInput, into database: ObservatoryDatabase) throws -> ReferentialReport {
        let layout = try input.layout(Layout.self)
        var nomenclature: FAPNomenclature = layout.isFAP2021 ? .fap2021 : .fap2009
        if let value = input.spec.options["nomenclature"] {
            guard let chosen = FAPNomenclature(rawValue: value) else {
                throw ReferentialError.badOption(file: input.fileName, option: "nomenclature", value: value,
                                                 allowed: FAPNomenclature.allCases.map(\.rawValue))
            }
            nomenclature = chosen
        }
        var content = FAPContent()
        switch layout {
        case .fap2021Tree:
            let sheet = input.spec.options["sheet"] ?? "niveaux_emboités"
            try readLabels(try XLSXReader(url: input.file).sheet(named: sheet), input, nomenclature, &content)
        case .romeQualifFAP: try readPassage(try input.csvReader(input.file, delimiter: ";"), input, nomenclature, &content)
        case .fap2021Labels: try readLabels(try input.csvReader(input.file, delimiter: ";"), input, nomenclature, &content)
        case .fap2009Rome: try readFAPRome(try input.csvReader(input.file, delimiter: ";"), input, nomenclature, &content)
        case .fapPCS: try readFAPPCS(try input.csvReader(input.file, delimiter: ";"), input, &content)
        case .pcsRome: try readPCSRome(try input.csvReader(input.file, delimiter: ";"), input, nomenclature, &content)
        }
        if !content.qualifications.isEmpty { content.notes.append(try retiredRomeNote(content.qualifications, database)) }
        let stored = try database.replaceFAP(source: input.sourceName, labels: content.labels, romeLinks: content.links,
                                             qualifications: content.qualifications)
        let g = ReferentialText.grouped
        var parts: [String] = []
        if !content.labels.isEmpty { parts.append("\(g(content.labels.count)) \(nomenclature.rawValue) labels") }
        if !content.links.isEmpty { parts.append("\(g(content.links.count)) \(nomenclature.rawValue) → ROME links") }
        if !content.qualifications.isEmpty {
            parts.append("\(g(content.qualifications.count)) (ROME, qualification) → \(nomenclature.rawValue) rows")
        }
        if content.pcsPairs > 0 { parts.append("\(g(content.pcsPairs)) FAP → PCS pairs read, not stored") }
        return ReferentialReport(rows: stored.rowCount, summary: parts.joined(separator: ", "), notes: content.notes)
    }

    struct FAPContent {
        var labels: [FAPLabel] = []
        var links: [FAPRomeLink] = []
        var qualifications: [FAPRomeQualification] = []
        var pcsPairs = 0
        var notes: [String] = []
        private var seenLinks = Set<String>()

        mutating func link(_ fap: String, _ rome: String, _ nomenclature: FAPNomenclature) {
            guard seenLinks.insert(fap + "/" + rome).inserted else { return }
            links.append(FAPRomeLink(fapCode: fap, romeCode: rome, nomenclature: nomenclature))
        }
    }

    static let levels2021 = ["FAP22", "FAP86", "FAP228", "FAP341"]

    private static func readLabels(_ reader: some SheetReader, _ input: ReferentialInput, _ nomenclature: FAPNomenclature,
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

    private static func readPassage(_ reader: CSVReader, _ input: ReferentialInput, _ nomenclature: FAPNomenclature,
                                    _ content: inout FAPContent) throws {
        let map = try reader.columnMap(header: .row(1), requiring: ["ROME", "Qualif", "FAP341"])
        let rome = try map.requireIndex(of: "ROME"), qualif = try map.requireIndex(of: "Qualif")
        let fap = try map.requireIndex(of: "FAP341")
        var seen: [String: String] = [:]
        try reader.forEachDataRow(header: .row(1)) { row in
            let code = row[rome].trimmed, level = row[qualif].trimmed, target = row[fap].trimmed
            guard ReferentialText.isRomeCode(code) else {
                throw ReferentialError.invalidValue(file: input.fileName, line: row.number, column: "ROME", value: code,
                                                    expected: "a ROME code like A1101")
            }
            guard let q = Int(level), (0...9).contains(q) else {
                throw ReferentialError.invalidValue(file: input.fileName, line: row.number, column: "Qualif", value: level,
                                                    expected: "a qualification level 0 to 9")
            }
            guard !target.isEmpty, target.utf8.count <= 6 else {
                throw ReferentialError.invalidValue(file: input.fileName, line: row.number, column: "FAP341", value: target,
                                                    expected: "a FAP341 code like A0X41a (is the encoding right?)")
            }
            if let other = seen.updateValue(target, forKey: "\(code)/\(q)"), other != target {
                throw ReferentialError.inconsistent(file: input.fileName, line: row.number, detail:
                    "\(code) at qualification \(q) goes to \(other) and to \(target)")
            }
            content.qualifications.append(FAPRomeQualification(romeCode: code, qualification: q, fapCode: target,
                                                               nomenclature: nomenclature))
            content.link(target, code, nomenclature)
        }
        guard !content.qualifications.isEmpty else { throw ReferentialError.empty(file: input.fileName, what: "ROME → FAP row") }
        let romes = Set(content.qualifications.map(\.romeCode)), faps = Set(content.qualifications.map(\.fapCode))
        let split = Dictionary(grouping: content.qualifications, by: \.romeCode).filter { Set($0.value.map(\.fapCode)).count > 1 }
        content.notes.append("\(romes.count) ROME v3 codes × qualification → \(faps.count) \(nomenclature.rawValue) codes; "
            + "\(split.count) ROME codes go to several FAP codes depending on the qualification")
    }

    /// The passage table's ROME v3 codes that the stored ROME 4.0 no longer has: reported here
    /// and in the crosswalk's notes, and left out of its weights.
    private static func retiredRomeNote(_ rows: [FAPRomeQualification], _ database: ObservatoryDatabase) throws -> String {
        let current = Set(try database.romeMetiers().map(\.code))
        let codes = Set(rows.map(\.romeCode))
        guard !current.isEmpty else {
            return "no ROME 4.0 in the store yet: its \(codes.count) ROME v3 codes are checked against it when the crosswalk is used"
        }
        let retired = codes.subtracting(current).sorted()
        return retired.isEmpty
            ? "all \(codes.count) ROME v3 codes exist in the stored ROME 4.0"
            : "\(retired.count) of \(codes.count) ROME v3 codes are not in the stored ROME 4.0 (left out of the crosswalk): "
                + ReferentialText.examples(retired, limit: 20)
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
