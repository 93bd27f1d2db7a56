/// A Formacode (Centre Inffo training-field thesaurus) entry.
public struct Formacode: Sendable, Hashable {
    /// `22403`.
    public var code: String
    public var label: String

    public init(code: String, label: String) {
        self.code = code
        self.label = label
    }
}

/// A ROME code corresponds to a Formacode (many-to-many).
public struct RomeFormacodeLink: Sendable, Hashable {
    public var romeCode: String
    public var formacode: String

    public init(romeCode: String, formacode: String) {
        self.romeCode = romeCode
        self.formacode = formacode
    }
}
