extension SheetReader {
    /// Locates the header row and maps its column names, reading only as far as needed.
    ///
    /// - Parameter required: names that must be present (compared after
    ///   ``ColumnMap/normalize(_:)``); all missing ones are reported at once.
    /// - Throws: ``HeaderError`` (with the names found), or the reader's own error.
    public func columnMap(header: HeaderLocation, requiring required: [String] = []) throws -> ColumnMap {
        var found: ColumnMap?
        try forEachRow { number, cells in
            if let map = try HeaderGate.match(header, source: sourceDescription, number: number, cells: cells) {
                found = map
                throw StopReading()
            }
            if HeaderGate.isPast(header, number: number) { throw StopReading() }
        }
        return try HeaderGate.finish(found, header: header, source: sourceDescription, required: required)
    }

    /// Streams the rows below the header, each with access by column name.
    ///
    /// Rows before the header (titles, notes) are skipped. With ``HeaderLocation/absent(columnNames:)``
    /// every row is data.
    /// - Returns: the column map used.
    /// - Throws: ``HeaderError`` before the first data row when the header or a required column
    ///   is missing; the reader's errors; whatever `body` throws (except ``StopReading``, which
    ///   ends reading normally).
    @discardableResult
    public func forEachDataRow(header: HeaderLocation, requiring required: [String] = [],
                               _ body: (_ row: DataRow) throws -> Void) throws -> ColumnMap {
        var gate = try HeaderGate(header: header, source: sourceDescription, required: required)
        try forEachRowNotingEnd { number, cells, endsWithoutLineEnd in
            if let map = try gate.admit(number: number, fieldCount: cells.count, endsWithoutLineEnd: endsWithoutLineEnd,
                                        cells: { cells }) {
                try body(DataRow(number: number, cells: cells, columns: map))
            }
        }
        return try gate.finish()
    }
}

/// Finds the header among the rows a reader streams and lets the rows below it through
/// (``SheetReader/forEachDataRow(header:requiring:_:)``, and the CSV records of an ingest).
struct HeaderGate {
    let header: HeaderLocation
    let source: String
    let required: [String]
    private(set) var map: ColumnMap?
    private var pendingError: (any Error)?
    private var previousFields = 0

    /// - Throws: ``HeaderError`` for a file without a header row when the names are given.
    init(header: HeaderLocation, source: String, required: [String]) throws {
        self.header = header
        self.source = source
        self.required = required
        if case .absent = header {
            map = try Self.finish(nil, header: header, source: source, required: required)
        }
    }

    /// The column map when the row is data; `nil` for a row above the header (or the header).
    /// Throws ``StopReading`` past the rows where the header may be, and
    /// ``CSVError/truncatedRecord(file:line:fields:expected:)`` for a last line cut short of both
    /// the header and the row before it, with no line end: a truncated file, not a row to skip.
    mutating func admit(number: Int, fieldCount: Int, endsWithoutLineEnd: Bool, cells: () -> [Cell]) throws -> ColumnMap? {
        if let map {
            if case .absent = header {} else if endsWithoutLineEnd, fieldCount < map.names.count, fieldCount < previousFields {
                throw CSVError.truncatedRecord(file: source, line: number, fields: fieldCount, expected: map.names.count)
            }
            previousFields = fieldCount
            return map
        }
        let row = cells()
        if let found = try Self.match(header, source: source, number: number, cells: row) {
            do {
                map = try Self.finish(found, header: header, source: source, required: required)
            } catch {
                pendingError = error
                throw StopReading()
            }
        } else if Self.isPast(header, number: number) {
            throw StopReading()
        }
        return nil
    }

    /// After the last row: the column map, or the header error.
    func finish() throws -> ColumnMap {
        if let pendingError { throw pendingError }
        return try map ?? Self.finish(nil, header: header, source: source, required: required)
    }

    static func match(_ header: HeaderLocation, source: String, number: Int, cells: [Cell]) throws -> ColumnMap? {
        switch header {
        case .row(let wanted):
            guard number == wanted else { return nil }
            return ColumnMap(source: source, headerRowNumber: number, names: cells.map(\.stringValue))
        case .firstRowContaining(let names, _):
            let map = ColumnMap(source: source, headerRowNumber: number, names: cells.map(\.stringValue))
            return map.contains(all: names) ? map : nil
        case .absent:
            return nil
        }
    }

    static func isPast(_ header: HeaderLocation, number: Int) -> Bool {
        switch header {
        case .row(let wanted): number > wanted
        case .firstRowContaining(_, let limit): number >= limit
        case .absent: false
        }
    }

    static func finish(_ found: ColumnMap?, header: HeaderLocation, source: String,
                       required: [String]) throws -> ColumnMap {
        let map: ColumnMap
        switch header {
        case .absent(let names):
            map = ColumnMap(source: source, headerRowNumber: nil, names: names)
        case .row(let wanted):
            guard let found else { throw HeaderError.headerRowMissing(source: source, row: wanted) }
            map = found
        case .firstRowContaining(let names, let limit):
            guard let found else {
                throw HeaderError.headerRowNotFound(source: source, names: names, searchedRows: limit)
            }
            map = found
        }
        try map.require(required)
        return map
    }
}
