/// The records the parser found in one buffer of a CSV file: each field a byte span of that
/// buffer, quotes removed and `""` unescaped, its encoding checked.
struct CSVRecordSpans {
    var fieldStarts = RawBuffer<Int32>(capacity: 1 << 14)
    var fieldEnds = RawBuffer<Int32>(capacity: 1 << 14)
    /// Index of each record's first field in the field arrays, and one past the last record's.
    var recordStarts = RawBuffer<Int32>(capacity: 1 << 12)
    /// The line on which each record starts.
    var lines = RawBuffer<Int>(capacity: 1 << 12)
    /// Whether the last record ended with the data rather than a line end.
    var lastEndsWithoutLineEnd = false

    /// Empty, ready for ``removeAll()``; the owner calls ``release()``.
    init() { recordStarts.append(0) }

    var count: Int { lines.count }

    mutating func removeAll() {
        fieldStarts.removeAll()
        fieldEnds.removeAll()
        recordStarts.removeAll()
        recordStarts.append(0)
        lines.removeAll()
        lastEndsWithoutLineEnd = false
    }

    func release() {
        fieldStarts.deallocate()
        fieldEnds.deallocate()
        recordStarts.deallocate()
        lines.deallocate()
    }
}

/// One record of a CSV file as bytes, valid only inside the body that receives it
/// (``CSVReader/forEachRecord(_:)``): fields are decoded only when asked for, so that a caller
/// can compare or parse the bytes of the few fields it needs.
struct CSVRecord {
    let base: UnsafePointer<UInt8>
    let starts: UnsafePointer<Int32>
    let ends: UnsafePointer<Int32>
    /// The number of fields.
    let count: Int
    /// The line on which the record starts.
    let line: Int
    /// Whether this is the last line of the file, without its line end.
    let endsWithoutLineEnd: Bool
    let encoding: TextEncoding

    /// The bytes of field `index`; empty past the last field.
    @inline(__always)
    func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        guard index < count else { return UnsafeBufferPointer(start: base, count: 0) }
        let start = Int(starts[index])
        return UnsafeBufferPointer(start: base + start, count: Int(ends[index]) - start)
    }

    /// Field `index` as the row readers give it: `.text`, or `.empty` (also past the last field).
    func cell(_ index: Int) -> Cell {
        let field = bytes(index)
        return field.isEmpty ? .empty : .text(CSVParser.decode(field, encoding))
    }

    /// Every field, decoded.
    func cells(into cells: inout [Cell]) {
        cells.removeAll(keepingCapacity: true)
        for index in 0..<count { cells.append(cell(index)) }
    }
}
