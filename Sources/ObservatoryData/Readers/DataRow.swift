/// A data row below the header, with access by column name.
public struct DataRow: Sendable {
    /// 1-based physical row (or line) number, for messages.
    public let number: Int
    /// The cells, in column order.
    public let cells: [Cell]
    /// The header this row is read with.
    public let columns: ColumnMap

    public init(number: Int, cells: [Cell], columns: ColumnMap) {
        self.number = number
        self.cells = cells
        self.columns = columns
    }

    /// The cell at a 0-based position; `.empty` past the end of a short row.
    public subscript(index: Int) -> Cell {
        index < cells.count ? cells[index] : .empty
    }

    /// The cell under a column name; `nil` when the header has no such column, `.empty` past
    /// the end of a short row. In loops, resolve positions once with
    /// ``ColumnMap/requireIndex(of:)`` and use the integer subscript.
    public subscript(name: String) -> Cell? {
        guard let index = columns.index(of: name) else { return nil }
        return self[index]
    }
}
