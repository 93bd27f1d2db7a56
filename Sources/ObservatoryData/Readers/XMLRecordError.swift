/// A problem reading records from an XML document (LHEO, RNCP exports).
public enum XMLRecordError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file cannot be opened or read.
    case unreadable(file: String, reason: String)
    /// The document declares entities in its DTD. LHEO and RNCP exports never do; entity
    /// declarations are how "billion laughs" expansion attacks work, so they are refused
    /// before parsing.
    case entityDeclarationsRefused(file: String, line: Int)
    /// The document is not well-formed (or is truncated), or the parser refused it.
    case malformed(file: String, line: Int, column: Int, detail: String)
    /// The root element is not the expected one (wrong kind of file or schema version).
    case unexpectedRoot(file: String, expected: String, found: String)
    /// A record lacks a field the model requires.
    case missingField(file: String, line: Int, record: String, field: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read (\(reason))"
        case .entityDeclarationsRefused(let file, let line):
            return "\(file):\(line): the DTD declares entities (possible entity-expansion attack); the document was not parsed"
        case .malformed(let file, let line, let column, let detail):
            return "\(file):\(line):\(column): malformed XML: \(detail)"
        case .unexpectedRoot(let file, let expected, let found):
            return "\(file): root element is \(found), expected \(expected)"
        case .missingField(let file, let line, let record, let field):
            return "\(file):\(line): \(record) has no \(field)"
        }
    }
}
