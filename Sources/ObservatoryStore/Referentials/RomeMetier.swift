/// A métier of the ROME 4.0 (fiche `unix_referentiel_code_rome`).
public struct RomeMetier: Sendable, Hashable {
    /// `J1501`.
    public var code: String
    public var label: String
    /// The ecological-transition class as published (`Emploi Vert`, `Emploi Brun`…); `nil` when blank.
    public var transitionEco: String?
    /// `O`/`N` flags as booleans; `nil` when the publisher left them blank.
    public var transitionNumerique: Bool?
    public var transitionDemographique: Bool?
    public var emploiReglemente: Bool?
    public var emploiCadre: Bool?
    /// `code_rome_parent`; may equal `code`.
    public var parentCode: String?

    public init(code: String, label: String, transitionEco: String? = nil, transitionNumerique: Bool? = nil,
                transitionDemographique: Bool? = nil, emploiReglemente: Bool? = nil, emploiCadre: Bool? = nil,
                parentCode: String? = nil) {
        self.code = code
        self.label = label
        self.transitionEco = transitionEco
        self.transitionNumerique = transitionNumerique
        self.transitionDemographique = transitionDemographique
        self.emploiReglemente = emploiReglemente
        self.emploiCadre = emploiCadre
        self.parentCode = parentCode
    }
}

/// A job title (appellation) of a ROME métier.
public struct RomeAppellation: Sendable, Hashable {
    /// The OGR code of the appellation.
    public var code: String
    public var label: String
    public var romeCode: String

    public init(code: String, label: String, romeCode: String) {
        self.code = code
        self.label = label
        self.romeCode = romeCode
    }
}
