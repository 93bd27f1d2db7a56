import Foundation

/// Column names of a table mapped to their 0-based positions, read from its header row.
///
/// Names are compared after ``ColumnMap/normalize(_:)``: trimmed and in Unicode NFC, so the
/// DARES header `Tension ` (trailing space) is found as `Tension`, and a decomposed `é` in a
/// file matches the precomposed `é` of a config.
public struct ColumnMap: Sendable, Hashable {
    /// Names the table in messages (the reader's ``SheetReader/sourceDescription``).
    public let source: String
    /// 1-based row number of the header row; `nil` when the file has no header row.
    public let headerRowNumber: Int?
    /// Normalised names in column order; `""` for a blank header cell.
    public let names: [String]
    private let positions: [String: Int]

    /// Builds a map from header names (normalised here). When a name repeats, the first
    /// column wins.
    public init(source: String, headerRowNumber: Int?, names: [String]) {
        self.source = source
        self.headerRowNumber = headerRowNumber
        self.names = names.map(ColumnMap.normalize)
        var positions: [String: Int] = [:]
        for (index, name) in self.names.enumerated() where !name.isEmpty && positions[name] == nil {
            positions[name] = index
        }
        self.positions = positions
    }

    /// The 0-based position of a column, or `nil` when the header has no such name.
    public func index(of name: String) -> Int? {
        positions[name] ?? positions[ColumnMap.normalize(name)]
    }

    /// The 0-based position of a column.
    /// - Throws: ``HeaderError/missingColumns(source:missing:found:)`` naming what was found.
    public func requireIndex(of name: String) throws -> Int {
        guard let index = index(of: name) else {
            throw HeaderError.missingColumns(source: source, missing: [name], found: foundNames)
        }
        return index
    }

    /// Checks that every name is present, reporting all missing ones at once.
    public func require(_ required: [String]) throws {
        let missing = required.filter { index(of: $0) == nil }
        if !missing.isEmpty {
            throw HeaderError.missingColumns(source: source, missing: missing, found: foundNames)
        }
    }

    /// Whether every name is present.
    public func contains(all required: [String]) -> Bool {
        required.allSatisfy { index(of: $0) != nil }
    }

    /// The non-blank names, for messages.
    public var foundNames: [String] { names.filter { !$0.isEmpty } }

    /// Trims white space (including no-break spaces) and applies Unicode NFC.
    public static func normalize(_ name: String) -> String {
        let trimmed = Cell.trim(name)
        if trimmed.utf8.allSatisfy({ $0 < 0x80 }) { return trimmed }
        return trimmed.precomposedStringWithCanonicalMapping
    }
}
