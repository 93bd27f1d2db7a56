/// A data row as ``ObservationCoder`` reads it: a field is looked up by its stored form (a CSV
/// field's bytes, a workbook cell) and decoded into a ``Cell`` only when first seen.
protocol FieldRow {
    /// 1-based physical row (or line) number, for messages.
    var number: Int { get }
    /// The number of the field at `index` in `interner`, and whether it is new there.
    func intern(_ index: Int, in interner: inout FieldInterner) -> (index: Int32, isNew: Bool)
    /// The field at `index`; `.empty` past the end of a short row.
    func cell(_ index: Int) -> Cell
    /// The field at `index` as a value, as `parser` reads its cell.
    func value(_ index: Int, _ parser: ValueParser) -> ValueParser.Parsed
}

/// Numbers the distinct stored forms of one column: bytes for CSV records, cells otherwise.
struct FieldInterner {
    var bytes = ByteInterner()
    var cells: [Cell: Int32] = [:]
}

extension CSVRecord: FieldRow {
    var number: Int { line }

    @inline(__always)
    func intern(_ index: Int, in interner: inout FieldInterner) -> (index: Int32, isNew: Bool) {
        interner.bytes.index(of: bytes(index))
    }

    @inline(__always)
    func value(_ index: Int, _ parser: ValueParser) -> ValueParser.Parsed {
        let field = bytes(index)
        if field.isEmpty { return .missing }
        return parser.parse(bytes: field) ?? parser.parse(cell(index))
    }
}

/// A row of any ``SheetReader`` (a workbook's, whose cells keep their stored types).
struct CellRow: FieldRow {
    let row: DataRow

    var number: Int { row.number }

    func intern(_ index: Int, in interner: inout FieldInterner) -> (index: Int32, isNew: Bool) {
        let cell = row[index]
        if let known = interner.cells[cell] { return (known, false) }
        let next = Int32(interner.cells.count)
        interner.cells[cell] = next
        return (next, true)
    }

    func cell(_ index: Int) -> Cell { row[index] }

    func value(_ index: Int, _ parser: ValueParser) -> ValueParser.Parsed { parser.parse(row[index]) }
}
