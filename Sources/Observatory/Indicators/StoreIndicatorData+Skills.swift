import Foundation
import ObservatoryCore
import ObservatoryIndicators
import ObservatoryStore

/// The referentials the competence and training functions read, loaded once per ``StoreIndicatorData``.
final class ReferentialCache: @unchecked Sendable {
    /// Recursive: loading the ROME reads the provenance through the same cache.
    private let lock = NSRecursiveLock()
    private var skills: SkillsReferential??
    private var placements: [String: TrainingPlacement]?
    private var certifications: [String: Set<String>]?
    private var provenance: [String: [Provenance]]?

    func skills(_ load: () throws -> SkillsReferential?) rethrows -> SkillsReferential? {
        lock.lock(); defer { lock.unlock() }
        if let skills { return skills }
        let loaded = try load()
        skills = .some(loaded)
        return loaded
    }

    func training(_ load: () throws -> ([String: TrainingPlacement], [String: Set<String>]))
        rethrows -> ([String: TrainingPlacement], [String: Set<String>]) {
        lock.lock(); defer { lock.unlock() }
        if let placements, let certifications { return (placements, certifications) }
        let (p, c) = try load()
        placements = p
        certifications = c
        return (p, c)
    }

    func provenance(_ load: () throws -> [String: [Provenance]]) rethrows -> [String: [Provenance]] {
        lock.lock(); defer { lock.unlock() }
        if let provenance { return provenance }
        let loaded = try load()
        provenance = loaded
        return loaded
    }
}

extension StoreIndicatorData {
    /// The files ingested for a referential dataset, as provenance (`rome4` → RefRomeCsv.zip v460).
    func referentialProvenance(_ dataset: String) throws -> Set<Provenance> {
        let all = try referentials.provenance {
            Dictionary(grouping: try database.ingestedFiles().map {
                Provenance(dataset: $0.dataset.rawValue, vintage: $0.vintage, file: $0.file, sha256: $0.sha256, fetchedAt: $0.fetchedAt)
            }, by: \.dataset)
        }
        return Set(all[dataset] ?? [])
    }

    public func skills() throws -> SkillsReferential? {
        try referentials.skills {
            let metiers = try database.romeMetiers()
            guard !metiers.isEmpty else { return nil }
            var transitions: [String: Set<String>] = [:]
            for metier in metiers {
                var flags = Set<String>()
                // `Emploi Blanc` is the ROME's "not concerned"; green, brown and strategic jobs are concerned.
                if let eco = metier.transitionEco, eco != "Emploi Blanc" { flags.insert("ecologique") }
                if metier.transitionNumerique == true { flags.insert("numerique") }
                if metier.transitionDemographique == true { flags.insert("demographique") }
                if !flags.isEmpty { transitions[metier.code] = flags }
            }
            var crosswalks: [SkillsReferential.Crosswalk] = []
            let fapSources = try referentialProvenance("fap")
            for nomenclature in FAPNomenclature.allCases {
                var links = try database.fapRomeLinks(nomenclature: nomenclature)
                let labels = try database.fapLabels(nomenclature: nomenclature)
                let rows = Self.rolledUp(try database.fapRomeQualificationCounts(nomenclature: nomenclature), labels: labels)
                for (code, romes) in rows where links[code] == nil { links[code] = romes.keys.sorted() }
                crosswalks.append(.init(nomenclature: nomenclature.rawValue, codes: Set(labels.map(\.code)).union(links.keys),
                                        links: links, rows: rows,
                                        sources: links.isEmpty ? [] : fapSources.filter { $0.vintage == nomenclature.rawValue }))
            }
            return SkillsReferential(
                crosswalks: crosswalks, metiers: Set(metiers.map(\.code)), transitions: transitions,
                competences: try database.allMetierCompetences().mapValues { uses in
                    uses.map { SkillsReferential.Use(code: $0.code, kind: $0.kind.rawValue, isCore: $0.isCore) }
                },
                competenceLabels: try database.allCompetenceLabels(), mobility: try database.allMobilityLinks(),
                romeSources: try referentialProvenance("rome4"), declared: catalog.declaredNomenclatures)
        }
    }

    /// The passage table's rows per FAP code at every level: a code's rows are its own and those
    /// of the codes under it in the nomenclature's tree (BMO's FAP228 `A0X41` gathers the rows of
    /// the FAP341 `A0X41a` and `A0X41b`).
    static func rolledUp(_ rows: [String: [String: Int]], labels: [FAPLabel]) -> [String: [String: Int]] {
        guard !rows.isEmpty else { return [:] }
        let parent = Dictionary(labels.compactMap { label in label.parentCode.map { (label.code, $0) } },
                                uniquingKeysWith: { first, _ in first })
        var result: [String: [String: Int]] = [:]
        for (code, romes) in rows {
            var current: String? = code
            var seen = Set<String>()
            while let level = current, seen.insert(level).inserted {
                result[level, default: [:]].merge(romes, uniquingKeysWith: +)
                current = parent[level]
            }
        }
        return result
    }


    public func trainingSupply(for territory: TerritoryID) throws -> TrainingSupply? {
        let (placements, certifications) = try referentials.training {
            (try database.trainingOfferPlacements(), try database.certificationsByRome())
        }
        guard !placements.isEmpty || !certifications.isEmpty else { return nil }
        let communes = geography.communeCodes(of: territory)
        var offers: [String: Int] = [:]
        var inside = 0, unplaced = 0
        for placement in placements.values {
            guard let commune = placement.commune else { unplaced += 1; continue }
            guard communes?.contains(commune) ?? true else { continue }
            inside += 1
            for rome in placement.romeCodes { offers[rome, default: 0] += 1 }
        }
        let note = "\(placements.count) offres de formation au catalogue, \(inside) placées dans \(territory) par leur commune"
            + (unplaced > 0 ? ", \(unplaced) sans commune (non comptées)" : "")
            + "; ROME de l'offre seulement (la table ROME → Formacode est en codes ROME v2, sans passage vers le ROME 4.0)"
        var supply = TrainingSupply(offers: offers, certifications: certifications.mapValues(\.count), note: note,
                                    offerSources: try referentialProvenance("lheo"), certificationSources: try referentialProvenance("rncp"))
        supply.offersUncovered = uncoveredReason(dataset: "lheo", territory: territory, communes: communes)
        return supply
    }

    /// Why a dataset that declares the territories it covers (`covers:` in its YAML) says nothing
    /// of `territory`: `nil` when every commune of the territory lies in them.
    func uncoveredReason(dataset: String, territory: TerritoryID, communes: Set<String>?) -> MissingReason? {
        guard let covers = catalog.dataset(DatasetID(dataset))?.covers, !covers.isEmpty,
              !covers.contains(territory), !covers.contains(.france) else { return nil }
        var covered: Set<String> = []
        for area in covers { covered.formUnion(geography.communeCodes(of: area) ?? []) }
        if let communes, !communes.isEmpty, communes.isSubset(of: covered) { return nil }
        return .datasetDoesNotCover(dataset: dataset, covers: covers)
    }
}
