/// A mistake in a formula, at a position: what the lexer, the parser or the validator found.
///
/// Formula passes know no file; whoever read the formula turns a problem into a file
/// ``ObservatoryCore/Diagnostic`` (with the source line and a caret).
public struct FormulaProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and, when it helps, what to write instead.
    public var message: String
    /// Where the problem is: in the file when the formula was read through a ``FormulaSourceMap``
    /// of its YAML node, otherwise in the formula itself (line 1, column 1 = its first character).
    public var location: SourceLocation

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    /// `1:7: expected ')' …`.
    public var description: String { "\(location): \(message)" }
}

/// Thrown by ``FormulaLexer`` and ``FormulaParser`` when a formula cannot be read; lists every
/// problem found (the lexer reports each bad character, the parser its first error).
public struct FormulaSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [FormulaProblem]

    public init(_ problems: [FormulaProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
