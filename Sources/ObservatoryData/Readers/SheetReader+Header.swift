extension SheetReader {
    /// Locates the header row and maps its column names, reading only as far as needed.
    ///
    /// - Parameter required: names that must be present (compared after
    ///   ``ColumnMap/normalize(_:)``); all missing ones are reported at once.
    /// - Throws: ``HeaderError`` (with the names found), or the reader's own error.
    public func columnMap(header: HeaderLocation, requiring required: [String] = []) throws -> ColumnMap {
        var found: ColumnMap?
        try forEachRow { number, cells in
            if let map = try Self.match(header, source: sourceDescription, number: number, cells: cells) {
                found = map
                throw StopReading()
            }
            if Self.isPast(header, number: number) { throw StopReading() }
        }
        return try Self.finish(found, header: header, source: sourceDescription, required: required)
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
        let source = sourceDescription
        var map: ColumnMap?
        if case .absent = header {
            map = try Self.finish(nil, header: header, source: source, required: required)
        }
        var pendingError: (any Error)?
        var previousFields = 0
        let hasHeader: Bool = if case .absent = header { false } else { true }
        try forEachRowNotingEnd { number, cells, endsWithoutLineEnd in
            if let map {
                // A last line cut short of both the header and the row before it, with no line
                // end: the file was truncated (a download cut off), not a row to skip.
                if endsWithoutLineEnd, hasHeader, cells.count < map.names.count, cells.count < previousFields {
                    throw CSVError.truncatedRecord(file: source, line: number, fields: cells.count, expected: map.names.count)
                }
                previousFields = cells.count
                try body(DataRow(number: number, cells: cells, columns: map))
                return
            }
            if let found = try Self.match(header, source: source, number: number, cells: cells) {
                do {
                    map = try Self.finish(found, header: header, source: source, required: required)
                } catch {
                    pendingError = error
                    throw StopReading()
                }
            } else if Self.isPast(header, number: number) {
                throw StopReading()
            }
        }
        if let pendingError { throw pendingError }
        return try map ?? Self.finish(nil, header: header, source: source, required: required)
    }

    private static func match(_ header: HeaderLocation, source: String, number: Int,
                              cells: [Cell]) throws -> ColumnMap? {
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

    private static func isPast(_ header: HeaderLocation, number: Int) -> Bool {
        switch header {
        case .row(let wanted): number > wanted
        case .firstRowContaining(_, let limit): number >= limit
        case .absent: false
        }
    }

    private static func finish(_ found: ColumnMap?, header: HeaderLocation, source: String,
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
