/// Parsers for the small parts of an XLSX package, read whole: the workbook (sheet names),
/// its relationships (sheet name → worksheet part) and the styles (which cells are dates).
enum XLSXPackageParts {
    struct SheetEntry {
        var name: String
        var relationshipID: String
        var isHidden: Bool
    }

    /// Runs the tokenizer over a whole part.
    static func forEachToken(_ bytes: [UInt8],
                             _ body: (UnsafePointer<UInt8>, XMLByteScanner.Token) throws -> Void) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var scanner = XMLByteScanner()
            while case .token(let token) = try scanner.next(base, count: buffer.count, final: true) {
                try body(base, token)
            }
        }
    }

    static func attribute(_ base: UnsafePointer<UInt8>, _ token: XMLByteScanner.Token,
                          _ name: StaticString) throws -> String? {
        guard let range = XMLByteScanner.attribute(base, token.attributes, name) else { return nil }
        return try XMLText.string(base, range)
    }

    /// Sheets in workbook order, and whether dates count from 1904.
    static func workbook(_ bytes: [UInt8]) throws -> (sheets: [SheetEntry], date1904: Bool) {
        var sheets: [SheetEntry] = []
        var date1904 = false
        try forEachToken(bytes) { base, token in
            guard token.kind == .start || token.kind == .empty else { return }
            if XMLByteScanner.equals(base, token.range, "sheet") {
                let name = try attribute(base, token, "name") ?? ""
                let id = try attribute(base, token, "id") ?? ""
                let state = try attribute(base, token, "state") ?? "visible"
                sheets.append(SheetEntry(name: name, relationshipID: id, isHidden: state != "visible"))
            } else if XMLByteScanner.equals(base, token.range, "workbookPr") {
                let value = try attribute(base, token, "date1904")
                date1904 = value == "1" || value == "true"
            }
        }
        return (sheets, date1904)
    }

    /// Relationship id → part path inside the package, resolved against `baseFolder` (`xl/`).
    static func relationships(_ bytes: [UInt8], baseFolder: String) throws -> [String: (target: String, type: String)] {
        var result: [String: (target: String, type: String)] = [:]
        try forEachToken(bytes) { base, token in
            guard token.kind == .start || token.kind == .empty,
                  XMLByteScanner.equals(base, token.range, "Relationship"),
                  let id = try attribute(base, token, "Id"),
                  let target = try attribute(base, token, "Target") else { return }
            if try attribute(base, token, "TargetMode") == "External" { return }
            let type = try attribute(base, token, "Type") ?? ""
            result[id] = (resolve(target, baseFolder: baseFolder), type)
        }
        return result
    }

    /// Resolves a relationship target: absolute (`/xl/worksheets/sheet1.xml`, as openpyxl
    /// writes) or relative to the folder of the source part, with `..` segments.
    static func resolve(_ target: String, baseFolder: String) -> String {
        let joined = target.hasPrefix("/") ? String(target.dropFirst()) : baseFolder + target
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }

    /// For each cell style index (`s="…"`), whether its number format shows a date:
    /// built-in formats 14–22 and 45–47, or a custom format with d, m or y outside quoted
    /// text, `[…]` sections and escaped characters.
    static func dateStyles(_ bytes: [UInt8]) throws -> [Bool] {
        var customDate: [Int: Bool] = [:]
        var styles: [Bool] = []
        var inCellXfs = false
        try forEachToken(bytes) { base, token in
            let name = token.range
            switch token.kind {
            case .start, .empty:
                if XMLByteScanner.equals(base, name, "numFmt"),
                   let id = try attribute(base, token, "numFmtId").flatMap({ Int($0) }) {
                    customDate[id] = isDateFormat(try attribute(base, token, "formatCode") ?? "")
                } else if XMLByteScanner.equals(base, name, "cellXfs") {
                    inCellXfs = token.kind == .start
                } else if inCellXfs && XMLByteScanner.equals(base, name, "xf") {
                    let id = try attribute(base, token, "numFmtId").flatMap { Int($0) } ?? 0
                    styles.append(customDate[id] ?? ((14...22).contains(id) || (45...47).contains(id)))
                }
            case .end:
                if XMLByteScanner.equals(base, name, "cellXfs") { inCellXfs = false }
            default:
                break
            }
        }
        return styles
    }

    static func isDateFormat(_ code: String) -> Bool {
        var inQuotes = false, inBrackets = false, escaped = false, skipNext = false
        for character in code {
            if skipNext { skipNext = false; continue }
            if escaped { escaped = false; continue }
            if inQuotes { if character == "\"" { inQuotes = false }; continue }
            if inBrackets { if character == "]" { inBrackets = false }; continue }
            switch character {
            case "\\": escaped = true
            case "\"": inQuotes = true
            case "[": inBrackets = true
            case "_", "*": skipNext = true
            case "d", "D", "m", "M", "y", "Y": return true
            default: break
            }
        }
        return false
    }
}
