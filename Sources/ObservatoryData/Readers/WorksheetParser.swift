import ObservatoryCore

/// Turns the tokens of a worksheet part into rows of cells, as they stream by.
///
/// Follows `<sheetData>`: `<row r="7">` (or no `r`: previous + 1), `<c r="C7" t="…" s="…">`
/// (or no `r`: next column) with `<v>` values or `<is><t>` inline text (rich-text runs
/// concatenated, phonetic `<rPh>` runs skipped). Formulas (`<f>`) are ignored: the cached
/// `<v>` value is what the file shows.
struct WorksheetParser {
    private enum CellType { case number, shared, inline, formulaString, boolean, error, isoDate, other }
    private enum Capture { case none, value, inlineText }

    /// The most text one cell may hold, in bytes (1 MiB): no published table has cells near it.
    static let maxCellBytes = 1 << 20

    let sharedStrings: [String]
    let dateStyles: [Bool]
    private var inSheetData = false
    private var rowNumber = 0
    private var cells: [Cell] = []
    private var column = -1
    private var type = CellType.number
    private var style = 0
    private var capture = Capture.none
    private var inPhonetic = false
    private var value: [UInt8] = []
    private var hasValue = false

    init(sharedStrings: [String], dateStyles: [Bool]) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
    }

    /// The current row, for messages.
    var currentRow: Int { rowNumber }
    /// Whether `</sheetData>` was reached: a worksheet cut short never gets there.
    private(set) var isComplete = false

    /// Handles one token; calls `emit` at the end of each non-empty row.
    /// - Returns: `false` after `</sheetData>`: the rest of the part is not needed.
    mutating func handle(_ base: UnsafePointer<UInt8>, _ token: XMLByteScanner.Token,
                         emit: (Int, [Cell]) throws -> Void) throws -> Bool {
        let name = token.range
        switch token.kind {
        case .text, .cdata:
            guard capture != .none, !inPhonetic else { return true }
            try XMLText.append(base, name, to: &value)
            hasValue = true
            if value.count > Self.maxCellBytes {
                throw XMLText.Failure(message: "cell \(Self.reference(column, rowNumber)) holds more than \(Self.maxCellBytes) bytes of text (limit)")
            }
        case .start, .empty:
            let isEmpty = token.kind == .empty
            switch name.count {
            case 1 where base[name.lowerBound] == UInt8(ascii: "c"):
                guard inSheetData else { return true }
                try startCell(base, token.attributes)
            case 1 where base[name.lowerBound] == UInt8(ascii: "v"):
                if !isEmpty && !inPhonetic { capture = .value }
            case 1 where base[name.lowerBound] == UInt8(ascii: "t"):
                if !isEmpty && !inPhonetic && type == .inline { capture = .inlineText }
            case 2 where XMLByteScanner.equals(base, name, "is"):
                if inSheetData { type = .inline }
            case 3 where XMLByteScanner.equals(base, name, "row"):
                guard inSheetData else { return true }
                startRow(base, token.attributes)
                if isEmpty { try endRow(emit) }
            case 3 where XMLByteScanner.equals(base, name, "rPh"):
                if !isEmpty { inPhonetic = true }
            case 9 where XMLByteScanner.equals(base, name, "sheetData"):
                inSheetData = !isEmpty
                if isEmpty { isComplete = true; return false }
            default:
                break
            }
        case .end:
            switch name.count {
            case 1 where base[name.lowerBound] == UInt8(ascii: "c"):
                if inSheetData { try endCell() }
            case 1 where base[name.lowerBound] == UInt8(ascii: "v"), 1 where base[name.lowerBound] == UInt8(ascii: "t"):
                capture = .none
            case 3 where XMLByteScanner.equals(base, name, "row"):
                if inSheetData { try endRow(emit) }
            case 3 where XMLByteScanner.equals(base, name, "rPh"):
                inPhonetic = false
            case 9 where XMLByteScanner.equals(base, name, "sheetData"):
                isComplete = true
                return false
            default:
                break
            }
        }
        return true
    }

    private mutating func startRow(_ base: UnsafePointer<UInt8>, _ attributes: Range<Int>) {
        var number = rowNumber + 1
        if let r = XMLByteScanner.attribute(base, attributes, "r"), let parsed = Self.integer(base, r) {
            number = parsed
        }
        rowNumber = number
        cells.removeAll(keepingCapacity: true)
        column = -1
    }

    private mutating func endRow(_ emit: (Int, [Cell]) throws -> Void) throws {
        if cells.contains(where: { !$0.isEmpty }) { try emit(rowNumber, cells) }
        cells.removeAll(keepingCapacity: true)
    }

    private mutating func startCell(_ base: UnsafePointer<UInt8>, _ attributes: Range<Int>) throws {
        var nextColumn = column + 1
        type = .number
        style = 0
        value.removeAll(keepingCapacity: true)
        hasValue = false
        capture = .none
        try XMLByteScanner.forEachAttribute(base, attributes) { attribute, raw in
            guard attribute.count == 1 else { return }
            switch base[attribute.lowerBound] {
            case UInt8(ascii: "r"):
                guard let parsed = Self.columnIndex(base, raw) else {
                    throw XMLText.Failure(message: "bad cell reference '\(TextCap.cut(String(decoding: UnsafeBufferPointer(start: base + raw.lowerBound, count: raw.count), as: UTF8.self), TextCap.quote))'")
                }
                nextColumn = parsed
            case UInt8(ascii: "s"):
                style = Self.integer(base, raw) ?? 0
            case UInt8(ascii: "t"):
                type = Self.cellType(base, raw)
            default:
                break
            }
        }
        column = nextColumn
    }

    private mutating func endCell() throws {
        capture = .none
        // `</c>` in a row where no `<c>` started: there is no column to put a value in.
        guard column >= 0 else { throw XMLText.Failure(message: "a cell ends (</c>) where none started") }
        let cell = try makeCell()
        guard !cell.isEmpty else { return }
        if column >= cells.count {
            cells.append(contentsOf: repeatElement(Cell.empty, count: column - cells.count))
            cells.append(cell)
        } else {
            cells[column] = cell
        }
    }

    private func makeCell() throws -> Cell {
        guard hasValue, !value.isEmpty else { return .empty }
        switch type {
        case .number:
            guard let number = value.withUnsafeBufferPointer({ NumberParsing.double($0) }) else {
                throw XMLText.Failure(message: "'\(TextCap.cut(String(decoding: value, as: UTF8.self), TextCap.quote))' in cell \(Self.reference(column, rowNumber)) is not a number")
            }
            let isDate = style >= 0 && style < dateStyles.count && dateStyles[style]
            return isDate ? .date(serial: number) : .number(number)
        case .shared:
            guard let index = value.withUnsafeBufferPointer({ NumberParsing.integer($0) }),
                  index >= 0, index < sharedStrings.count else {
                throw XMLText.Failure(message: "cell \(Self.reference(column, rowNumber)) points to shared string '\(TextCap.cut(String(decoding: value, as: UTF8.self), TextCap.quote))', out of range (\(sharedStrings.count) strings)")
            }
            return .textOrEmpty(sharedStrings[index])
        case .boolean:
            return .bool(value == [UInt8(ascii: "1")] || value == Array("true".utf8))
        case .error:
            return .error(try XMLText.string(value))
        case .inline, .formulaString, .isoDate, .other:
            return .textOrEmpty(try XMLText.string(value))
        }
    }

    private static func cellType(_ base: UnsafePointer<UInt8>, _ raw: Range<Int>) -> CellType {
        if XMLByteScanner.equals(base, raw, "s") { return .shared }
        if XMLByteScanner.equals(base, raw, "n") { return .number }
        if XMLByteScanner.equals(base, raw, "inlineStr") { return .inline }
        if XMLByteScanner.equals(base, raw, "str") { return .formulaString }
        if XMLByteScanner.equals(base, raw, "b") { return .boolean }
        if XMLByteScanner.equals(base, raw, "e") { return .error }
        if XMLByteScanner.equals(base, raw, "d") { return .isoDate }
        return .other
    }

    /// `C7` → 2 (0-based column); `nil` when there are no letters or more than three.
    static func columnIndex(_ base: UnsafePointer<UInt8>, _ raw: Range<Int>) -> Int? {
        var index = 0
        var letters = 0
        for i in raw {
            let b = base[i] & 0xDF // upper-case
            guard b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") else { break }
            // Refused at the fourth letter: a long run of letters would overflow `index`.
            guard letters < 3 else { return nil }
            index = index * 26 + Int(b - UInt8(ascii: "A")) + 1
            letters += 1
        }
        guard letters > 0 && letters <= 3 else { return nil }
        return index - 1
    }

    /// `C7` from a 0-based column and a row number.
    static func reference(_ column: Int, _ row: Int) -> String {
        var letters = ""
        var n = max(column, 0) + 1
        while n > 0 {
            let remainder = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            n = (n - 1) / 26
        }
        return letters + String(row)
    }

    static func integer(_ base: UnsafePointer<UInt8>, _ raw: Range<Int>) -> Int? {
        NumberParsing.integer(UnsafeBufferPointer(start: base + raw.lowerBound, count: raw.count))
    }
}
