/// The three ROME rubriques of competences.
public enum CompetenceKind: String, Sendable, Hashable, CaseIterable {
    case savoirFaire = "savoir-faire"
    case savoirEtre = "savoir-etre"
    case savoir = "savoir"
}

/// A ROME competence: a savoir-faire, a savoir-être professionnel or a savoir.
public struct Competence: Sendable, Hashable {
    /// The OGR code.
    public var code: String
    public var label: String
    public var kind: CompetenceKind
    /// The publisher's category (`Technique`, `Transverse`…); `nil` when none.
    public var category: String?

    public init(code: String, label: String, kind: CompetenceKind, category: String? = nil) {
        self.code = code
        self.label = label
        self.kind = kind
        self.category = category
    }
}

/// A competence of a métier. A link given twice is stored once.
public struct CompetenceLink: Sendable, Hashable {
    public var romeCode: String
    /// The OGR code of the competence, which must be among the referential's competences.
    public var competenceCode: String
    /// The link's rubrique when the publisher gives one.
    public var kind: CompetenceKind?
    /// The cœur-de-métier mark as published (`Principale`, `Émergente`); `nil` when the
    /// competence is not at the core of the métier.
    public var coeurMetier: String?

    public init(romeCode: String, competenceCode: String, kind: CompetenceKind? = nil, coeurMetier: String? = nil) {
        self.romeCode = romeCode
        self.competenceCode = competenceCode
        self.kind = kind
        self.coeurMetier = coeurMetier
    }
}
