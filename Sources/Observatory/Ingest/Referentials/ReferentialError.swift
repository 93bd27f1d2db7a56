/// A referential file that cannot be loaded. Every message names the file (the catalogue's
/// name, and the ZIP member when there is one) and what is missing or wrong.
public enum ReferentialError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file's ingest kind is not a referential one.
    case unsupportedKind(file: String, kind: String)
    /// A per-file option (`layout`, `nomenclature`, `encoding`…) is missing or has a value the
    /// loader does not know.
    case badOption(file: String, option: String, value: String?, allowed: [String])
    /// A cell does not hold what its column must hold (a malformed ROME code, a flag that is
    /// neither `O` nor `N`).
    case invalidValue(file: String, line: Int, column: String, value: String, expected: String)
    /// Rows that contradict each other or the file's structure (a code given twice with two
    /// labels, a continuation row with nothing to continue).
    case inconsistent(file: String, line: Int, detail: String)
    /// The file holds none of what it must hold.
    case empty(file: String, what: String)
    /// Loading a source failed; nothing of it was replaced.
    case notLoaded(source: String, reason: String)

    public var description: String {
        switch self {
        case .unsupportedKind(let file, let kind):
            return "\(file): ingest kind '\(kind)' is not a referential (expected rome, fap, formacode, lheo or rncp)"
        case .badOption(let file, let option, let value, let allowed):
            let given = value.map { "'\($0)' is not a known \(option)" } ?? "needs the option '\(option)'"
            return "\(file): \(given) (in its catalogue entry: `ingest: {options: {\(option): …}}`); one of: "
                + allowed.joined(separator: ", ")
        case .invalidValue(let file, let line, let column, let value, let expected):
            return "\(file):\(line): column \(column) holds '\(value)', expected \(expected)"
        case .inconsistent(let file, let line, let detail):
            return "\(file):\(line): \(detail)"
        case .empty(let file, let what):
            return "\(file): no \(what) found"
        case .notLoaded(let source, let reason):
            return "\(reason) — referential '\(source)' not loaded; the stored version, if any, is unchanged"
        }
    }
}
