/// Where a table's column names are.
public enum HeaderLocation: Sendable, Hashable {
    /// The header is this 1-based physical row (INSEE sheets: row 6; most CSV files: row 1).
    case row(Int)
    /// The header is the first row (among the first `searchLimit` rows) that contains all
    /// these names, for files whose title rows vary in number.
    case firstRowContaining([String], searchLimit: Int = 100)
    /// The file has no header row (Formacode files); columns are named here, in order, and
    /// every row is data.
    case absent(columnNames: [String])
}

/// A problem locating a header row or a column in it.
public enum HeaderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The source has fewer rows than the header row number.
    case headerRowMissing(source: String, row: Int)
    /// No row among the first `searchedRows` contains all the names.
    case headerRowNotFound(source: String, names: [String], searchedRows: Int)
    /// Required columns are not in the header.
    case missingColumns(source: String, missing: [String], found: [String])

    public var description: String {
        switch self {
        case .headerRowMissing(let source, let row):
            return "\(source): header row \(row) not found (the table ends before it, or the row is empty)"
        case .headerRowNotFound(let source, let names, let searched):
            return "\(source): no row among the first \(searched) contains the columns "
                + names.joined(separator: ", ")
        case .missingColumns(let source, let missing, let found):
            let what = missing.count == 1 ? "column \(missing[0])" : "columns " + missing.joined(separator: ", ")
            return "\(source): \(what) not found; found: " + found.joined(separator: ", ")
        }
    }
}
