import Foundation
import ObservatoryData
import ObservatoryStore

/// Loads a France Compétences export (`<FICHES>`, flux 4.x) of the RNCP or of the Répertoire
/// spécifique: each `<FICHE>` becomes a ``Certification`` with its ROME codes, Formacodes, NSF
/// codes and blocs de compétences.
///
/// `isActive` is the sheet's own `ACTIF` (`Oui`); a sheet without it counts as inactive, with a
/// note. A bloc published without title keeps its code as title; a bloc code given twice in a
/// sheet is kept once. Codes are stored as published (`315p`, `A1500`), repeats removed.
enum RNCPLoader {
    static func load(_ input: ReferentialInput, into database: ObservatoryDatabase) throws -> ReferentialReport {
        var certifications: [Certification] = []
        var numeros = Set<String>()
        var withoutActif: [String] = [], untitledBlocks: [String] = [], repeatedBlocks: [String] = []
        try RNCPFiche.read(from: input.file) { fiche in
            guard numeros.insert(fiche.numero).inserted else {
                throw ReferentialError.inconsistent(file: input.fileName, line: fiche.line,
                                                    detail: "fiche \(fiche.numero) is given twice")
            }
            if fiche.actif == nil { withoutActif.append(fiche.numero) }
            var blocks: [CompetenceBlock] = []
            var codes = Set<String>()
            for bloc in fiche.blocsCompetences {
                guard codes.insert(bloc.code).inserted else { repeatedBlocks.append(bloc.code); continue }
                let title = bloc.libelle ?? ""
                if title.isEmpty { untitledBlocks.append(bloc.code) }
                blocks.append(CompetenceBlock(code: bloc.code, label: title.isEmpty ? bloc.code : title))
            }
            certifications.append(Certification(numero: fiche.numero, title: fiche.intitule, isActive: fiche.actif ?? false,
                                                romeCodes: unique(fiche.codesROME), formacodes: unique(fiche.formacodes),
                                                nsfCodes: unique(fiche.codesNSF), blocks: blocks))
        }
        guard !certifications.isEmpty else { throw ReferentialError.empty(file: input.fileName, what: "<FICHE>") }
        let stored = try database.replaceCertifications(source: input.sourceName, certifications)
        let e = ReferentialText.examples, g = ReferentialText.grouped
        var notes: [String] = []
        if !withoutActif.isEmpty { notes.append("\(withoutActif.count) fiches without ACTIF, counted inactive: \(e(withoutActif, 5))") }
        if !untitledBlocks.isEmpty { notes.append("\(untitledBlocks.count) blocs without title, titled by code: \(e(untitledBlocks, 5))") }
        if !repeatedBlocks.isEmpty { notes.append("\(repeatedBlocks.count) repeated bloc codes kept once: \(e(repeatedBlocks, 5))") }
        let active = certifications.count(where: \.isActive)
        let withRome = certifications.count(where: { !$0.romeCodes.isEmpty })
        let blocks = certifications.reduce(0) { $0 + $1.blocks.count }
        return ReferentialReport(rows: stored.rowCount,
                                 summary: "\(g(certifications.count)) certifications (\(g(active)) active, \(g(withRome)) with ROME codes), "
                                     + "\(g(blocks)) blocs de compétences",
                                 notes: notes)
    }

    private static func unique(_ codes: [RNCPFiche.Code]) -> [String] {
        var seen = Set<String>()
        return codes.map(\.code).filter { seen.insert($0).inserted }
    }
}
