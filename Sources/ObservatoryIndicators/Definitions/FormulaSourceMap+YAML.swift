import ObservatoryConfig

extension FormulaSourceMap {
    /// Positions of a formula written as the YAML scalar `node`, in the file.
    ///
    /// - plain or quoted scalar on the `formula:` line: line = the node's line, column = the
    ///   node's column (+1 when quoted) + the offset in the formula;
    /// - block scalar (`formula: |` or `>`): the formula's line k is the file's line
    ///   (mark.line + k), and columns add the block's indentation.
    ///
    /// Folded lines, escapes in quoted scalars and indentation are followed by aligning the
    /// scalar's value with the file text, so every offset lands on the character it came from.
    public init(node: ConfigNode) {
        self.init(value: node.scalarText ?? "", line: node.line ?? 1, column: node.column ?? 1,
                  lines: node.source.lines)
    }

    /// Positions of a YAML scalar whose value is `value`, starting (quote or block indicator
    /// included) at the 1-based `line` and `column` of a file made of `lines`.
    public init(value: String, line: Int, column: Int, lines: [String]) {
        var cursor = FileCursor(rows: lines.map { Array($0.unicodeScalars) }, row: line - 1, column: column - 1)
        switch cursor.current {
        case "\"", "'": cursor.column += 1
        case "|", ">":
            cursor.row += 1
            cursor.column = 0
        default: break
        }
        var table: [SourceLocation] = []
        for scalar in value.unicodeScalars {
            guard cursor.current != nil else {
                table.append(table.last ?? cursor.location)
                continue
            }
            if FileCursor.isSpace(scalar) {
                table.append(cursor.location)
                if cursor.current == "\n" {
                    cursor.skipSpaces()
                } else if let current = cursor.current, FileCursor.isSpace(current) {
                    cursor.advance()
                }
            } else {
                cursor.skipSpaces()
                if cursor.find(scalar, within: 12) {
                    table.append(cursor.location)
                    cursor.advance()
                } else {
                    table.append(cursor.location)
                }
            }
        }
        if let last = table.last {
            table.append(SourceLocation(line: last.line, column: last.column + 1))
        } else {
            table.append(SourceLocation(line: line, column: column))
        }
        self.init(locations: table)
    }
}

/// A position in a file's lines; the end of a line reads as `"\n"`.
private struct FileCursor {
    let rows: [[Unicode.Scalar]]
    var row: Int
    var column: Int

    var current: Unicode.Scalar? {
        guard row >= 0, row < rows.count else { return nil }
        return column < rows[row].count ? rows[row][column] : "\n"
    }

    var location: SourceLocation { SourceLocation(line: row + 1, column: column + 1) }

    mutating func advance() {
        guard row < rows.count else { return }
        if column < rows[row].count {
            column += 1
        } else {
            row += 1
            column = 0
        }
    }

    mutating func skipSpaces() {
        while let scalar = current, Self.isSpace(scalar) { advance() }
    }

    /// Moves to the next `scalar` within `limit` positions; stays put when there is none.
    mutating func find(_ scalar: Unicode.Scalar, within limit: Int) -> Bool {
        var probe = self
        for _ in 0..<limit {
            guard let current = probe.current else { return false }
            if current == scalar {
                self = probe
                return true
            }
            probe.advance()
        }
        return false
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }
}
