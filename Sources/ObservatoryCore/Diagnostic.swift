/// A problem found in an analyst's file, printed compiler-style:
/// `Indicators/datasets/bmo.yaml:7:18: error: unknown format 'xls'`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning, note }

    public var file: String
    /// 1-based line; `nil` when the problem concerns the whole file.
    public var line: Int?
    /// 1-based column; `nil` when unknown.
    public var column: Int?
    public var severity: Severity
    public var message: String
    /// The offending source line, printed under the message with a caret.
    public var sourceLine: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, severity: Severity = .error,
                message: String, sourceLine: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
        self.sourceLine = sourceLine
    }

    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        var text = "\(location): \(severity.rawValue): \(message)"
        if let sourceLine, let column, column >= 1 {
            text += "\n" + sourceLine + "\n" + String(repeating: " ", count: column - 1) + "^"
        }
        return text
    }
}

/// Thrown when a configuration has one or more errors; every problem is listed.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
