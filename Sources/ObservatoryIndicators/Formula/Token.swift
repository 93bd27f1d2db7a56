/// A token of the formula language, with where it was written.
public struct Token: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// `100`, `0.5`, `1e3`, `1_000`.
        case number(Double)
        /// `"Agriculture"`, the text between the quotes with `\"` and `\\` resolved.
        case text(String)
        /// A name: `bmo`, `met`, `secteur_na17`, a dataset id with dashes `urssaf-ze`.
        case identifier(String)
        case and, or, not, `in`
        case dot, comma, leftParenthesis, rightParenthesis, leftBracket, rightBracket
        /// `+`, `-` or `−`, `*` or `×`, `/` or `÷`.
        case plus, minus, star, slash
        /// `<`, `<=` or `≤`, `>`, `>=` or `≥`, `==`, `!=` or `≠`.
        case less, lessOrEqual, greater, greaterOrEqual, equal, notEqual
        /// `=`, only meaningful inside a filter.
        case assign
        /// The end of the formula.
        case end
    }

    public var kind: Kind
    /// The text as written, for messages (empty for the end).
    public var text: String
    /// Where the token starts (see ``FormulaSourceMap``).
    public var location: SourceLocation
    /// The offset of its first scalar in the formula.
    public var offset: Int

    public init(_ kind: Kind, text: String, location: SourceLocation, offset: Int) {
        self.kind = kind
        self.text = text
        self.location = location
        self.offset = offset
    }

    /// How messages name the token: `')'`, `'share'`, `the end of the formula`.
    public var description: String {
        kind == .end ? "the end of the formula" : "'\(text)'"
    }

    /// The operator of a comparison token, if it is one.
    var comparison: BinaryOperator? {
        switch kind {
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        case .equal: .equal
        case .notEqual: .notEqual
        default: nil
        }
    }
}
