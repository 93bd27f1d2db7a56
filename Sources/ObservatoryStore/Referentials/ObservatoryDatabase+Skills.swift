import GRDB

/// A competence of a métier with its rubrique and cœur-de-métier mark, for bulk reads.
public struct MetierCompetence: Sendable, Hashable {
    /// The OGR code of the competence.
    public var code: String
    public var kind: CompetenceKind
    /// Whether the ROME marks it as cœur de métier (`Principale` or `Émergente`).
    public var isCore: Bool

    public init(code: String, kind: CompetenceKind, isCore: Bool) {
        self.code = code
        self.kind = kind
        self.isCore = isCore
    }
}

/// Where a training offer takes place and the métiers it leads to.
public struct TrainingPlacement: Sendable, Hashable {
    /// The INSEE commune code; `nil` when the catalogue gives none.
    public var commune: String?
    public var romeCodes: Set<String>
}

extension ObservatoryDatabase {
    /// Every FAP → ROME link of a nomenclature, all stored FAP sources together, per FAP code
    /// (ROME codes sorted, each once).
    public func fapRomeLinks(nomenclature: FAPNomenclature) throws -> [String: [String]] {
        try read("the \(nomenclature.rawValue) → ROME links") { db in
            var links: [String: Set<String>] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT fap_code, code_rome FROM fap_rome WHERE nomenclature = ?",
                                        arguments: [nomenclature.rawValue]) {
                links[row[0] as String, default: []].insert(row[1])
            }
            return links.mapValues { $0.sorted() }
        }
    }

    /// Per FAP code of a nomenclature, its ROME codes with the number of (ROME, qualification)
    /// rows of the passage tables that go to it, all stored FAP sources together; empty when no
    /// passage table of the nomenclature is stored.
    public func fapRomeQualificationCounts(nomenclature: FAPNomenclature) throws -> [String: [String: Int]] {
        try read("the \(nomenclature.rawValue) passage rows") { db in
            var counts: [String: [String: Int]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT fap_code, code_rome, count(DISTINCT qualification) FROM fap_rome_qualification
                WHERE nomenclature = ? GROUP BY fap_code, code_rome
                """, arguments: [nomenclature.rawValue]) {
                counts[row[0] as String, default: [:]][row[1] as String] = row[2] as Int
            }
            return counts
        }
    }

    /// Every métier's competences (rubrique from the competence, the link's when the competence
    /// has none), in competence code order; a competence linked by several sources is given once.
    public func allMetierCompetences(source: String? = nil) throws -> [String: [MetierCompetence]] {
        try read("the competences of every métier") { db in
            var result: [String: [String: MetierCompetence]] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT l.code_rome, l.code_ogr, coalesce(c.kind, l.kind), l.coeur_metier
                FROM competence_link l
                JOIN competence c ON c.source_id = l.source_id AND c.code_ogr = l.code_ogr
                WHERE \(Self.sourceCondition(.rome, alias: "l"))
                """, arguments: [source])
            for row in rows {
                guard let kind = CompetenceKind(rawValue: row[2]) else { continue }
                let rome: String = row[0], code: String = row[1]
                let core = (row[3] as String?) != nil
                let known = result[rome]?[code]
                result[rome, default: [:]][code] = MetierCompetence(code: code, kind: kind, isCore: core || (known?.isCore ?? false))
            }
            return result.mapValues { $0.values.sorted { $0.code < $1.code } }
        }
    }

    /// Every competence's label, by OGR code.
    public func allCompetenceLabels(source: String? = nil) throws -> [String: String] {
        try read("the competence labels") { db in
            var labels: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT c.code_ogr, c.libelle FROM competence c WHERE \(Self.sourceCondition(.rome, alias: "c"))
                """, arguments: [source]) {
                labels[row[0] as String] = row[1] as String
            }
            return labels
        }
    }

    /// Every mobility link, per source métier, targets in the publisher's order.
    public func allMobilityLinks(source: String? = nil) throws -> [String: [String]] {
        try read("the mobility links") { db in
            var links: [String: [String]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT code_rome, code_rome_cible FROM mobility_link l WHERE \(Self.sourceCondition(.rome, alias: "l"))
                ORDER BY code_rome, numero_ordre, code_rome_cible
                """, arguments: [source]) {
                let from: String = row[0], to: String = row[1]
                if !(links[from]?.contains(to) ?? false) { links[from, default: []].append(to) }
            }
            return links
        }
    }

    /// Per ROME code, the training offers (ids) leading to it — directly (the offer's ROME codes) or
    /// through its Formacodes and the ROME → Formacode table — with the commune of each offer.
    /// - Returns: offer id → its commune (`nil` when the catalogue gives none) and ROME codes.
    public func trainingOfferPlacements() throws -> [String: TrainingPlacement] {
        try read("the ROME codes of the training offers") { db in
            var offers: [String: TrainingPlacement] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT offer_id, commune_code FROM training_offer") {
                offers[row[0] as String] = TrainingPlacement(commune: row[1], romeCodes: offers[row[0] as String]?.romeCodes ?? [])
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT c.offer_id, c.code FROM training_offer_code c WHERE c.kind = 'rome'
                UNION
                SELECT c.offer_id, f.code_rome FROM training_offer_code c
                JOIN rome_formacode f ON f.formacode = c.code WHERE c.kind = 'formacode'
                """) {
                offers[row[0] as String]?.romeCodes.insert(row[1])
            }
            return offers
        }
    }

    /// Per ROME code, the active certifications (RNCP and RS numbers) that lead to it.
    public func certificationsByRome() throws -> [String: Set<String>] {
        try read("the certifications by ROME code") { db in
            var result: [String: Set<String>] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT k.code, k.numero FROM certification_code k
                JOIN certification c ON c.source_id = k.source_id AND c.numero = k.numero
                WHERE k.kind = 'rome' AND c.is_active = 1
                """) {
                result[row[0] as String, default: []].insert(row[1])
            }
            return result
        }
    }
}
