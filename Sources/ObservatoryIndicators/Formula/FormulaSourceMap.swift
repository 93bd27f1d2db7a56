/// Maps a position in a formula's text to the position shown in diagnostics.
///
/// Offsets count Unicode scalars from the start of the formula (the unit YAML columns use).
/// A formula on its own maps to itself (line 1, column 1 = its first character); a formula read
/// from an indicator file maps to the file (see `FormulaSourceMap(node:)`), so that the syntax
/// tree, the validator and the diagnostics all speak in file positions.
public struct FormulaSourceMap: Sendable, Hashable {
    /// One location per scalar of the formula, plus one just past its end.
    private let locations: [SourceLocation]

    /// Positions within the formula itself: a newline starts line 2.
    public init(formula: String) {
        var table: [SourceLocation] = []
        table.reserveCapacity(formula.unicodeScalars.count + 1)
        var line = 1, column = 1
        for scalar in formula.unicodeScalars {
            table.append(SourceLocation(line: line, column: column))
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        table.append(SourceLocation(line: line, column: column))
        locations = table
    }

    /// A map from an explicit table: `locations[i]` is where scalar `i` is; the last entry is just
    /// past the end. An empty table maps everything to 1:1.
    public init(locations: [SourceLocation]) {
        self.locations = locations.isEmpty ? [SourceLocation(line: 1, column: 1)] : locations
    }

    /// Where the scalar at `offset` is; offsets past the end give the position just past the end.
    public func location(atOffset offset: Int) -> SourceLocation {
        locations[min(max(offset, 0), locations.count - 1)]
    }

    /// The number of scalars mapped (the formula's length).
    public var count: Int { locations.count - 1 }
}
