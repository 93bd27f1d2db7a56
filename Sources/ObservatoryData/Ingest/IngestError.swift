import ObservatoryCore

/// Why a file could not be ingested; the store keeps the previous vintage.
public enum IngestError: Error, Sendable, CustomStringConvertible {
    /// A measure cell holds text that is neither a number nor a declared token.
    case notANumber(source: String, row: Int, column: String, text: String)
    /// A period cannot be read.
    case badPeriod(source: String, row: Int?, text: String)
    /// Two rows give the same key and the spec does not say to sum them.
    case duplicateKey(source: String, row: Int, key: String)
    /// The configuration does not fit the file (no sheet chosen, unknown switch value…).
    case configuration(source: String, message: String)
    /// The file is not what its dataset expects.
    case unreadable(source: String, reason: String)
    /// The file gives less than half the observations of the vintage it would replace: held back.
    case shrunk(source: String, dataset: String, observations: Int, previous: Int)

    public var description: String {
        switch self {
        case .notANumber(let source, let row, let column, let text):
            "\(source): row \(row), column \(column): '\(TextCap.cut(text, TextCap.quote))' is not a number (declare it under 'masked' or 'missing' if it is a token)"
        case .badPeriod(let source, let row, let text):
            "\(source)\(row.map { ": row \($0)" } ?? ""): '\(TextCap.cut(text, TextCap.quote))' is not a period (2023, 2023-T3, 2023-09)"
        case .duplicateKey(let source, let row, let key):
            "\(source): row \(row) repeats the key \(TextCap.cut(key, TextCap.quote)) (set 'duplicates: sum' if parts are to be added)"
        case .configuration(let source, let message):
            "\(source): \(message)"
        case .unreadable(let source, let reason):
            "\(source): \(reason)"
        case .shrunk(let source, let dataset, let observations, let previous):
            "\(source): \(observations) observations, less than half of the \(previous) stored for this vintage: "
                + "held back as a likely truncated or partial file (pass --accept-shrink \(dataset) if it is right)"
        }
    }
}
