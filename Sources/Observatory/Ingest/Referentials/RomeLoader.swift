import Foundation
import ObservatoryData
import ObservatoryStore

/// Loads France Travail's ROME 4.0 export (`RefRomeCsv.zip`: all-quoted `,` CSV members
/// `unix_*_v460_utf8.csv`) as one ``RomeReferential``.
///
/// **Competences and their kind.** The export spreads the three rubriques of the "Compétences"
/// bloc (5) over two referential files: `unix_referentiel_competence` holds the savoir-faire
/// *and* the savoir-être professionnels (its `cat_comp` says which; macro-compétences are
/// savoir-faire too), `unix_referentiel_savoir` holds the savoirs. A competence's kind is read
/// from where it is defined — `cat_comp`, or the savoir file — and falls back on its rubrique in
/// `unix_item` when `cat_comp` is not a known label; its category is `sous_cat_comp`
/// (`Technique`, `Transverse`…) or `categorie_savoir`. Every competence of both files is stored,
/// linked or not. A métier's competences are the rows of `unix_liens_rome_referentiels` that
/// carry a `code_rubrique` (the other rows link the métier to its own code, its appellations and
/// its work contexts); the rubrique gives the link's kind, read from `unix_descriptif_rubrique`
/// when the ZIP has it (in v460: 1 = savoir-faire, 2 = savoir-être, 3 = savoirs, which is also the
/// default). A link whose rubrique disagrees with its competence's kind is kept and noted; a linked
/// code defined only in `unix_item` is stored from there. `unix_coherence_item` adds the cœur de
/// métier mark (`Principale`, `Émergente`) to existing links; its other rows (work contexts,
/// blank marks) are not competences.
///
/// Members are found by glob, so the next release needs no change; an `options` key named after
/// a member (`metiers`, `mobility`…) overrides its pattern.
enum RomeLoader {
    enum Member: String, CaseIterable {
        case metiers, appellations, competences, savoirs, links, coherence, mobility, items, rubriques

        var defaultPattern: String {
            switch self {
            case .metiers: "unix_referentiel_code_rome_v*_utf8.csv"
            case .appellations: "unix_referentiel_appellation_v*_utf8.csv"
            case .competences: "unix_referentiel_competence_v*_utf8.csv"
            case .savoirs: "unix_referentiel_savoir_v*_utf8.csv"
            case .links: "unix_liens_rome_referentiels_v*_utf8.csv"
            case .coherence: "unix_coherence_item_v*_utf8.csv"
            case .mobility: "unix_rubrique_mobilite_v*_utf8.csv"
            case .items: "unix_item_v*_utf8.csv"
            case .rubriques: "unix_descriptif_rubrique_v*_utf8.csv"
            }
        }

        var isOptional: Bool { self == .items || self == .rubriques }
    }

    static func load(_ input: ReferentialInput, into database: ObservatoryDatabase) throws -> ReferentialReport {
        var reading = try RomeReading(input: input, tables: extract(input))
        let referential = try reading.read()
        let stored = try database.replaceRome(source: input.sourceName, referential)
        return ReferentialReport(rows: stored.rowCount, summary: summary(of: referential), notes: reading.notes)
    }

    /// Finds every member first (a missing one fails before anything is extracted), then
    /// extracts them into the work directory.
    static func extract(_ input: ReferentialInput) throws -> [Member: ExtractedTable] {
        let container = try ZIPContainer(url: input.file)
        var names: [Member: String] = [:]
        for member in Member.allCases {
            let pattern = input.spec.options[member.rawValue] ?? member.defaultPattern
            do {
                names[member] = try container.member(matching: pattern)
            } catch ZIPContainerError.noMatch where member.isOptional {
                continue
            }
        }
        try FileManager.default.createDirectory(at: input.workDirectory, withIntermediateDirectories: true)
        return try names.mapValues { name in
            ExtractedTable(url: try container.extract(member: name, to: input.workDirectory),
                           label: "\(input.fileName)/\(name)")
        }
    }

    static func summary(of rome: RomeReferential) -> String {
        let g = ReferentialText.grouped
        func count(_ kind: CompetenceKind) -> Int { rome.competences.count(where: { $0.kind == kind }) }
        let principale = rome.competenceLinks.count(where: { $0.coeurMetier == "Principale" })
        let marked = rome.competenceLinks.count(where: { $0.coeurMetier != nil })
        return "\(g(rome.metiers.count)) métiers, \(g(rome.appellations.count)) appellations, "
            + "\(g(rome.competences.count)) competences (\(g(count(.savoirFaire))) savoir-faire, "
            + "\(g(count(.savoirEtre))) savoir-être, \(g(count(.savoir))) savoirs), "
            + "\(g(rome.competenceLinks.count)) competence links (\(g(marked)) cœur de métier, "
            + "\(g(principale)) Principale), \(g(rome.mobilityLinks.count)) mobility links"
    }
}
