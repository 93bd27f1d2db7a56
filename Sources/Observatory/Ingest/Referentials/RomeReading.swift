import Foundation
import ObservatoryCore
import ObservatoryData
import ObservatoryStore

/// A member extracted from the ZIP; `label` names it in messages (`RefRomeCsv.zip/unix_….csv`).
struct ExtractedTable {
    var url: URL
    var label: String
}

/// Counts what ``RomeReading/rows(_:_:_:)`` cut.
final class CutCount {
    var count = 0
}

/// One pass over the members, building the records; problems that do not stop the load are
/// collected in `notes`.
struct RomeReading {
    let input: ReferentialInput
    let tables: [RomeLoader.Member: ExtractedTable]
    var notes: [String] = []

    private var rubriqueKinds: [String: CompetenceKind] = ["1": .savoirFaire, "2": .savoirEtre, "3": .savoir]
    private var itemKinds: [String: (label: String, kind: CompetenceKind?)] = [:]
    /// Position of each link in the links array, by `code_rome/code_ogr`.
    private var linkIndex: [String: Int] = [:]
    /// Values (labels) longer than ``TextCap/label`` characters, stored cut.
    private let cut = CutCount()

    init(input: ReferentialInput, tables: [RomeLoader.Member: ExtractedTable]) {
        self.input = input
        self.tables = tables
    }

    mutating func read() throws -> RomeReferential {
        try readRubriques()
        try readItems()
        let metiers = try readMetiers()
        let known = Set(metiers.map(\.code))
        let appellations = try readAppellations(known)
        var competences = try readCompetences()
        var links = try readLinks(known, &competences)
        try readCoherence(&links)
        let mobility = try readMobility(known)
        if cut.count > 0 { notes.append("\(cut.count) labels longer than \(TextCap.label) characters were cut (…)") }
        return RomeReferential(metiers: metiers, appellations: appellations, competences: Array(competences.values)
                                   .sorted { $0.code < $1.code }, competenceLinks: links, mobilityLinks: mobility)
    }

    // MARK: - Tables

    /// Calls `body` with the trimmed values of `columns`, for each data row of a member.
    func rows(_ member: RomeLoader.Member, _ columns: [String],
              _ body: (_ line: Int, _ values: [String]) throws -> Void) throws {
        guard let table = tables[member] else { return }
        let reader = try input.csvReader(table.url, delimiter: ",", encoding: .utf8)
        let map = try reader.columnMap(header: .row(1), requiring: columns)
        let indices = try columns.map { try map.requireIndex(of: $0) }
        let cut = self.cut
        try reader.forEachDataRow(header: .row(1)) { row in
            try body(row.number, indices.map { index in
                let value = row[index].trimmed
                guard TextCap.exceeds(value, TextCap.label) else { return value }
                cut.count += 1
                return TextCap.cut(value, TextCap.label)
            })
        }
    }

    func invalid(_ member: RomeLoader.Member, _ line: Int, _ column: String, _ value: String,
                 _ expected: String) -> ReferentialError {
        .invalidValue(file: tables[member]?.label ?? input.fileName, line: line, column: column, value: value,
                      expected: expected)
    }

    static func kind(fromLabel label: String) -> CompetenceKind? {
        let folded = ReferentialText.folded(label)
        if folded.hasPrefix("savoir-faire") || folded.hasPrefix("savoir faire") { return .savoirFaire }
        if folded.hasPrefix("savoir-etre") || folded.hasPrefix("savoir etre") { return .savoirEtre }
        if folded == "savoir" || folded == "savoirs" || folded.hasPrefix("connaissance") { return .savoir }
        return nil
    }

    private mutating func readRubriques() throws {
        guard tables[.rubriques] != nil else {
            notes.append("no unix_descriptif_rubrique member: rubriques read as 1 = savoir-faire, 2 = savoir-être, 3 = savoirs")
            return
        }
        var kinds: [String: CompetenceKind] = [:]
        try rows(.rubriques, ["code_rubrique", "libelle_rubrique"]) { line, values in
            guard let kind = Self.kind(fromLabel: values[1]) else {
                throw invalid(.rubriques, line, "libelle_rubrique", values[1], "Savoir-faire, Savoir-être… or Savoirs")
            }
            kinds[values[0]] = kind
        }
        if !kinds.isEmpty { rubriqueKinds = kinds }
    }

    private mutating func readItems() throws {
        var items: [String: (label: String, kind: CompetenceKind?)] = [:]
        let kinds = rubriqueKinds
        try rows(.items, ["code_ogr", "libelle", "code_rubrique"]) { _, values in
            items[values[0]] = (values[1], kinds[values[2]])
        }
        itemKinds = items
    }

    private func readMetiers() throws -> [RomeMetier] {
        let columns = ["code_rome", "libelle_rome", "transition_eco", "transition_num", "transition_demo",
                       "emploi_reglemente", "emploi_cadre", "code_rome_parent"]
        var metiers: [RomeMetier] = []
        var seen = Set<String>()
        try rows(.metiers, columns) { line, v in
            guard ReferentialText.isRomeCode(v[0]) else { throw invalid(.metiers, line, "code_rome", v[0], "a ROME code like J1501") }
            guard seen.insert(v[0]).inserted else {
                throw ReferentialError.inconsistent(file: tables[.metiers]!.label, line: line, detail: "métier \(v[0]) given twice")
            }
            guard !v[1].isEmpty else { throw invalid(.metiers, line, "libelle_rome", "", "the métier's label") }
            guard v[7].isEmpty || ReferentialText.isRomeCode(v[7]) else {
                throw invalid(.metiers, line, "code_rome_parent", v[7], "a ROME code or blank")
            }
            var flags: [Bool?] = []
            for index in 3...6 {
                switch v[index] {
                case "O": flags.append(true)
                case "N": flags.append(false)
                case "": flags.append(nil)
                default: throw invalid(.metiers, line, columns[index], v[index], "O, N or blank")
                }
            }
            metiers.append(RomeMetier(code: v[0], label: v[1], transitionEco: v[2].isEmpty ? nil : v[2],
                                      transitionNumerique: flags[0], transitionDemographique: flags[1],
                                      emploiReglemente: flags[2], emploiCadre: flags[3],
                                      parentCode: v[7].isEmpty ? nil : v[7]))
        }
        guard !metiers.isEmpty else { throw ReferentialError.empty(file: tables[.metiers]!.label, what: "métier") }
        return metiers
    }

    private mutating func readAppellations(_ metiers: Set<String>) throws -> [RomeAppellation] {
        var appellations: [RomeAppellation] = []
        var orphans: [String] = []
        try rows(.appellations, ["code_ogr", "libelle_appellation_long", "libelle_appellation_court", "code_rome"]) { line, v in
            let label = v[1].isEmpty ? v[2] : v[1]
            guard !v[0].isEmpty, !label.isEmpty else {
                throw invalid(.appellations, line, v[0].isEmpty ? "code_ogr" : "libelle_appellation_long", "", "a value")
            }
            guard metiers.contains(v[3]) else { orphans.append("\(v[0]) (\(v[3]))"); return }
            appellations.append(RomeAppellation(code: v[0], label: label, romeCode: v[3]))
        }
        if !orphans.isEmpty {
            notes.append("\(orphans.count) appellations of unknown métiers skipped: \(ReferentialText.examples(orphans))")
        }
        return appellations
    }

    private func readCompetences() throws -> [String: Competence] {
        var competences: [String: Competence] = [:]
        func add(_ competence: Competence, _ member: RomeLoader.Member, _ line: Int) throws {
            guard competences.updateValue(competence, forKey: competence.code) == nil else {
                throw ReferentialError.inconsistent(file: tables[member]!.label, line: line,
                                                    detail: "competence \(competence.code) is defined twice")
            }
        }
        let columns = ["code_ogr", "libelle_competence", "cat_comp", "sous_cat_comp"]
        try rows(.competences, columns) { line, v in
            guard !v[0].isEmpty, !v[1].isEmpty else { throw invalid(.competences, line, columns[v[0].isEmpty ? 0 : 1], "", "a value") }
            guard let kind = Self.kind(fromLabel: v[2]) ?? itemKinds[v[0]]?.kind else {
                throw invalid(.competences, line, "cat_comp", v[2], "Savoir-faire or Savoir-être professionnel")
            }
            try add(Competence(code: v[0], label: v[1], kind: kind, category: v[3].isEmpty ? nil : v[3]), .competences, line)
        }
        try rows(.savoirs, ["code_ogr_savoir", "libelle_savoir", "categorie_savoir"]) { line, v in
            guard !v[0].isEmpty, !v[1].isEmpty else { throw invalid(.savoirs, line, v[0].isEmpty ? "code_ogr_savoir" : "libelle_savoir", "", "a value") }
            try add(Competence(code: v[0], label: v[1], kind: .savoir, category: v[2].isEmpty ? nil : v[2]), .savoirs, line)
        }
        return competences
    }

    private mutating func readLinks(_ metiers: Set<String>, _ competences: inout [String: Competence]) throws -> [CompetenceLink] {
        var links: [CompetenceLink] = []
        var index: [String: Int] = [:]
        var unknownRubriques = Set<String>(), orphans: [String] = [], undefined: [String] = []
        var fromItems = Set<String>(), mismatched: [String] = []
        try rows(.links, ["code_rome", "code_rubrique", "code_ogr"]) { _, v in
            guard !v[1].isEmpty else { return }  // the métier's own code, appellations, work contexts
            guard let kind = rubriqueKinds[v[1]] else { unknownRubriques.insert(v[1]); return }
            guard metiers.contains(v[0]) else { orphans.append("\(v[0])–\(v[2])"); return }
            if competences[v[2]] == nil, let item = itemKinds[v[2]], !item.label.isEmpty {
                competences[v[2]] = Competence(code: v[2], label: item.label, kind: item.kind ?? kind)
                fromItems.insert(v[2])
            }
            guard let competence = competences[v[2]] else { undefined.append("\(v[0])–\(v[2])"); return }
            let key = v[0] + "/" + v[2]
            guard index[key] == nil else { return }
            if competence.kind != kind { mismatched.append("\(v[0])–\(v[2])") }
            index[key] = links.count
            links.append(CompetenceLink(romeCode: v[0], competenceCode: v[2], kind: kind))
        }
        let e = ReferentialText.examples
        if !unknownRubriques.isEmpty { notes.append("links of unknown rubriques skipped: \(e(unknownRubriques.sorted(), 5))") }
        if !orphans.isEmpty { notes.append("\(orphans.count) competence links of unknown métiers skipped: \(e(orphans, 5))") }
        if !undefined.isEmpty { notes.append("\(undefined.count) links to undefined competences skipped: \(e(undefined, 5))") }
        if !fromItems.isEmpty { notes.append("\(fromItems.count) linked competences defined only in unix_item: \(e(fromItems.sorted(), 5))") }
        if !mismatched.isEmpty {
            notes.append("\(mismatched.count) links whose rubrique differs from their competence's kind: \(e(mismatched, 5))")
        }
        linkIndex = index
        return links
    }

    private mutating func readCoherence(_ links: inout [CompetenceLink]) throws {
        var unmatched: [String] = []
        let index = linkIndex
        try rows(.coherence, ["code_rome", "code_ogr", "coeur_metier"]) { _, v in
            guard !v[2].isEmpty else { return }
            guard let position = index[v[0] + "/" + v[1]] else { unmatched.append("\(v[0])–\(v[1])"); return }
            links[position].coeurMetier = v[2]
        }
        if !unmatched.isEmpty {
            notes.append("\(unmatched.count) cœur de métier marks without a competence link ignored: \(ReferentialText.examples(unmatched))")
        }
    }

    private mutating func readMobility(_ metiers: Set<String>) throws -> [MobilityLink] {
        var links: [MobilityLink] = []
        var seen = Set<String>(), skipped: [String] = []
        try rows(.mobility, ["code_rome", "code_rome_cible", "numero_ordre"]) { line, v in
            for (column, code) in [("code_rome", v[0]), ("code_rome_cible", v[1])] where !ReferentialText.isRomeCode(code) {
                throw invalid(.mobility, line, column, code, "a ROME code like J1501")
            }
            guard let order = Int(v[2]), order >= 0 else { throw invalid(.mobility, line, "numero_ordre", v[2], "a whole number ≥ 0") }
            guard metiers.contains(v[0]), v[0] != v[1] else { skipped.append("\(v[0])→\(v[1])"); return }
            guard seen.insert(v[0] + v[1]).inserted else { return }
            links.append(MobilityLink(romeCode: v[0], targetRomeCode: v[1], order: order))
        }
        if !skipped.isEmpty {
            notes.append("\(skipped.count) mobility links from unknown métiers or to themselves skipped: \(ReferentialText.examples(skipped))")
        }
        return links
    }
}
