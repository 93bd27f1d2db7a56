/// The role of anything that yields table rows: a CSV file, one sheet of an XLSX workbook.
///
/// Rows are streamed: a reader never holds the whole table. Rows whose cells are all empty
/// (blank lines, formatted but empty spreadsheet rows) are not reported, but row numbers
/// stay physical, so an error can always name the line or row of the file.
public protocol SheetReader: Sendable {
    /// Names the source in messages: `fap225_rome.csv`, or
    /// `Base_open_data_23.xlsx, sheet BMO_2023_open_data`.
    var sourceDescription: String { get }

    /// Calls `body` for each non-empty row, in file order.
    ///
    /// - Parameter body: receives the 1-based physical row number (for CSV, the line on which
    ///   the record starts) and the cells, gaps filled with ``Cell/empty``. Throw ``StopReading``
    ///   to end early without an error; any other error ends reading and is rethrown.
    /// - Throws: the reader's error (``CSVError``, ``XLSXError``) naming file and line or row.
    func forEachRow(_ body: (_ rowNumber: Int, _ cells: [Cell]) throws -> Void) throws

    /// Like ``forEachRow(_:)``, also telling whether a row is a text file's last line without
    /// its line end (where a truncated download stops); always `false` for workbooks.
    func forEachRowNotingEnd(_ body: (_ rowNumber: Int, _ cells: [Cell], _ endsWithoutLineEnd: Bool) throws -> Void) throws
}

/// Thrown from a row body to end ``SheetReader/forEachRow(_:)`` early; the reader returns
/// normally.
public struct StopReading: Error, Sendable {
    public init() {}
}

/// A row with its physical number, as returned by ``SheetReader/rows(limit:)``.
public struct Row: Sendable, Hashable {
    /// 1-based physical row (or line) number.
    public var number: Int
    /// The cells, gaps filled with ``Cell/empty``.
    public var cells: [Cell]

    public init(number: Int, cells: [Cell]) {
        self.number = number
        self.cells = cells
    }

    /// The cell at a 0-based column, `.empty` past the end of the row.
    public subscript(column: Int) -> Cell {
        column < cells.count ? cells[column] : .empty
    }
}

extension SheetReader {
    public func forEachRowNotingEnd(_ body: (_ rowNumber: Int, _ cells: [Cell], _ endsWithoutLineEnd: Bool) throws -> Void) throws {
        try forEachRow { try body($0, $1, false) }
    }

    /// Reads rows into memory, at most `limit` of them: for small tables and tests.
    public func rows(limit: Int = .max) throws -> [Row] {
        var result: [Row] = []
        guard limit > 0 else { return result }
        try forEachRow { number, cells in
            result.append(Row(number: number, cells: cells))
            if result.count >= limit { throw StopReading() }
        }
        return result
    }

    /// Counts the non-empty rows.
    public func countRows() throws -> Int {
        var count = 0
        try forEachRow { _, _ in count += 1 }
        return count
    }
}
