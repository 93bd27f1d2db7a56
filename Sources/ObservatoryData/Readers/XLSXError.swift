/// A problem reading an XLSX workbook; every message names the file (and sheet when known).
public enum XLSXError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file is not a ZIP/XLSX that can be opened: `Base_open_data_23.xlsx: not a readable
    /// XLSX (ZIP central directory not found)`.
    case notReadable(file: String, reason: String)
    /// A required part (`xl/workbook.xml`, a worksheet) is missing from the package.
    case missingPart(file: String, part: String)
    /// No sheet has this name; lists the sheets found.
    case sheetNotFound(file: String, name: String, available: [String])
    /// The 1-based position is outside the workbook's sheets.
    case sheetPositionOutOfRange(file: String, position: Int, available: [String])
    /// A part is not well-formed XML or breaks the OOXML structure.
    case malformed(file: String, part: String, detail: String)
    /// A part could not be inflated (corrupt data, CRC mismatch) or exceeded the size cap.
    case corruptPart(file: String, part: String, reason: String)

    public var description: String {
        switch self {
        case .notReadable(let file, let reason):
            return "\(file): not a readable XLSX (\(reason))"
        case .missingPart(let file, let part):
            return "\(file): not a readable XLSX (part \(part) missing)"
        case .sheetNotFound(let file, let name, let available):
            return "\(file): no sheet named '\(name)'; sheets: " + available.joined(separator: ", ")
        case .sheetPositionOutOfRange(let file, let position, let available):
            return "\(file): no sheet at position \(position); the workbook has \(available.count): "
                + available.joined(separator: ", ")
        case .malformed(let file, let part, let detail):
            return "\(file): malformed \(part): \(detail)"
        case .corruptPart(let file, let part, let reason):
            return "\(file): cannot read \(part) (\(reason))"
        }
    }
}
