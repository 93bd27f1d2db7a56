/// What the competence, passerelle and crosswalk functions read: the ROME 4.0 métiers with their
/// competences and mobility links, and the FAP → ROME crosswalks. Built by the data layer.
public struct SkillsReferential: Sendable {
    /// A competence of a métier.
    public struct Use: Sendable, Hashable {
        /// The OGR code.
        public var code: String
        /// `savoir-faire`, `savoir-etre` or `savoir`.
        public var kind: String
        /// Marked cœur de métier by the ROME (`Principale` or `Émergente`).
        public var isCore: Bool

        public init(code: String, kind: String, isCore: Bool) {
            self.code = code
            self.kind = kind
            self.isCore = isCore
        }
    }

    /// A FAP nomenclature's codes and its links to ROME codes.
    public struct Crosswalk: Sendable {
        /// `FAP-2009`, `FAP-2021`.
        public var nomenclature: String
        /// Every code the nomenclature is known to have (labels and links), to recognise a table's nomenclature.
        public var codes: Set<String>
        /// FAP code → ROME codes, sorted.
        public var links: [String: [String]]
        /// FAP code (any level) → ROME code → the number of (ROME, qualification) rows of the
        /// passage table that fall in the FAP (or under it, for a coarser level); a code listed
        /// here is weighted by these counts, any other in equal shares.
        public var rows: [String: [String: Int]]
        public var sources: Set<Provenance> { didSet { sourceIDs = ProvenanceRegistry.shared.set(sources) } }
        /// ``sources`` as ids.
        public private(set) var sourceIDs: SourceSet

        public init(nomenclature: String, codes: Set<String>, links: [String: [String]],
                    rows: [String: [String: Int]] = [:], sources: Set<Provenance>) {
            self.nomenclature = nomenclature
            self.codes = codes
            self.links = links
            self.rows = rows
            self.sources = sources
            sourceIDs = ProvenanceRegistry.shared.set(sources)
        }

        /// How a code's weights are built, for notes.
        public var method: String {
            rows.isEmpty ? "equal shares over each code's ROME métiers"
                         : "each code's ROME métiers weighted by their (ROME, qualification) rows in the passage table"
        }
    }

    public var crosswalks: [Crosswalk]
    /// The nomenclature the catalogue declares for a dimension of a dataset vintage, keyed
    /// `dataset/vintage/dimension` (`bmo/2024/metier` → `FAP-2021`).
    public var declared: [String: String]
    /// The ROME 4.0 métier codes.
    public var metiers: Set<String>
    /// ROME code → the transitions it is flagged for (`ecologique`, `numerique`, `demographique`).
    public var transitions: [String: Set<String>]
    /// ROME code → its competences, in code order.
    public var competences: [String: [Use]] { didSet { competenceIndex = CompetenceIndex(competences) } }
    /// ``competences`` with each competence as a number: the spread over competences adds into
    /// arrays, not dictionaries keyed by strings.
    public private(set) var competenceIndex: CompetenceIndex
    /// OGR code → label.
    public var competenceLabels: [String: String]
    /// ROME code → mobility targets, in the publisher's order.
    public var mobility: [String: [String]]
    /// The ROME release the métiers, competences and links come from.
    public var romeSources: Set<Provenance> { didSet { romeSourceIDs = ProvenanceRegistry.shared.set(romeSources) } }
    /// ``romeSources`` as ids.
    public private(set) var romeSourceIDs: SourceSet

    public init(crosswalks: [Crosswalk], metiers: Set<String>, transitions: [String: Set<String>],
                competences: [String: [Use]], competenceLabels: [String: String], mobility: [String: [String]],
                romeSources: Set<Provenance>, declared: [String: String] = [:]) {
        self.crosswalks = crosswalks
        self.declared = declared
        self.metiers = metiers
        self.transitions = transitions
        self.competences = competences
        competenceIndex = CompetenceIndex(competences)
        self.competenceLabels = competenceLabels
        self.mobility = mobility
        self.romeSources = romeSources
        romeSourceIDs = ProvenanceRegistry.shared.set(romeSources)
    }

    /// Every competence code numbered in code order, and each métier's uses by number.
    public struct CompetenceIndex: Sendable {
        /// Plain numbers only: the spread over competences copies uses by the million, and a
        /// string in them was a reference count to keep and a comparison per use.
        public struct Use: Sendable, Hashable {
            /// The competence's number: its place in ``codes``.
            public var competence: Int32
            /// The rubrique's number: its place in ``kinds``.
            public var kind: UInt8
            public var isCore: Bool
        }
        /// The competence codes, sorted as strings sort (the order of a competence table).
        public var codes: [String]
        /// The rubriques (`savoir-faire`, `savoir-être professionnels`, `savoirs`…), numbered.
        public var kinds: [String]
        /// ROME code → its competences by number.
        public var uses: [String: [Use]]

        init(_ competences: [String: [SkillsReferential.Use]]) {
            codes = Set(competences.values.joined().map(\.code)).sorted()
            kinds = Set(competences.values.joined().map(\.kind)).sorted()
            precondition(codes.count < Int(Int32.max) && kinds.count < Int(UInt8.max), "a competence or rubrique number out of range")
            let number = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, Int32($0)) })
            let kindNumber = Dictionary(uniqueKeysWithValues: kinds.enumerated().map { ($1, UInt8($0)) })
            uses = competences.mapValues { list in
                list.map { Use(competence: number[$0.code]!, kind: kindNumber[$0.kind]!, isCore: $0.isCore) }
            }
        }

        /// The number of rubrique `kind`: `nil` for `all` (every use), `UInt8.max` for a rubrique
        /// no competence has (no use).
        public func kindNumber(_ kind: String) -> UInt8? {
            kind == "all" ? nil : kinds.firstIndex(of: kind).map(UInt8.init) ?? .max
        }
    }

    /// The three transitions, in display order.
    public static let transitionNames = ["ecologique", "numerique", "demographique"]
}

/// Training supply of one territory, per ROME code.
public struct TrainingSupply: Sendable {
    /// ROME code → training offers placed in the territory that lead to it.
    public var offers: [String: Int]
    /// ROME code → active certifications (RNCP, RS) leading to it (national: certifications have no place).
    public var certifications: [String: Int]
    /// How the offers were placed (`3 offres du catalogue, 1 dans le territoire, 0 sans commune`).
    public var note: String
    public var offerSources: Set<Provenance>
    public var certificationSources: Set<Provenance>
    /// Why the offers say nothing of this territory: the catalogue covers other territories
    /// (`nil` when it covers this one). Certifications are national and unaffected.
    public var offersUncovered: MissingReason?

    public init(offers: [String: Int], certifications: [String: Int], note: String,
                offerSources: Set<Provenance>, certificationSources: Set<Provenance>) {
        self.offers = offers
        self.certifications = certifications
        self.note = note
        self.offerSources = offerSources
        self.certificationSources = certificationSources
    }
}
