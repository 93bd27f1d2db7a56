/// A certification of the RNCP or of the Répertoire spécifique (France Compétences).
public struct Certification: Sendable, Hashable {
    /// `RNCP34567`, `RS5678`.
    public var numero: String
    public var title: String
    public var isActive: Bool
    public var romeCodes: [String]
    public var formacodes: [String]
    /// NSF specialty codes (`233`).
    public var nsfCodes: [String]
    public var blocks: [CompetenceBlock]

    public init(numero: String, title: String, isActive: Bool, romeCodes: [String] = [], formacodes: [String] = [],
                nsfCodes: [String] = [], blocks: [CompetenceBlock] = []) {
        self.numero = numero
        self.title = title
        self.isActive = isActive
        self.romeCodes = romeCodes
        self.formacodes = formacodes
        self.nsfCodes = nsfCodes
        self.blocks = blocks
    }
}

/// A bloc de compétences of a certification.
public struct CompetenceBlock: Sendable, Hashable {
    /// `RNCP34567BC01`.
    public var code: String
    public var label: String

    public init(code: String, label: String) {
        self.code = code
        self.label = label
    }
}
