import Foundation
import ZIPFoundation

/// Opens an XLSX workbook: its sheet list, and each sheet as a streamed ``SheetReader``.
///
/// Reads `xl/workbook.xml` and its relationships to find sheets by name or position, and
/// `xl/styles.xml` to know which number formats are dates. Shared strings are loaded when a
/// sheet is opened; worksheet parts (30+ MB once inflated for BMO) are streamed through a
/// byte-level scanner, never held whole. Opening checks the package; a truncated or
/// non-ZIP file fails here with ``XLSXError/notReadable(file:reason:)``.
public struct XLSXReader: Sendable {
    /// A sheet of the workbook.
    public struct SheetInfo: Sendable, Hashable {
        /// The tab name.
        public let name: String
        /// 1-based position in the workbook's tab order.
        public let position: Int
        /// The worksheet part, e.g. `xl/worksheets/sheet2.xml`.
        public let part: String
        /// Whether the sheet is hidden (it is read all the same).
        public let isHidden: Bool
    }

    /// The workbook file.
    public let url: URL
    /// The sheets in tab order.
    public let sheets: [SheetInfo]
    /// Whether serial dates count from 1904 (see ``ExcelDate``).
    public let usesDate1904: Bool
    /// Cap on the inflated size of any part read, in bytes (default 2 GiB).
    public let partSizeLimit: UInt64
    private let sharedStringsPart: String?
    private let dateStyles: [Bool]

    /// Reads the workbook structure.
    /// - Throws: ``XLSXError`` when the file is not a readable XLSX or a part is malformed.
    public init(url: URL, partSizeLimit: UInt64 = 2 << 30) throws {
        self.url = url
        self.partSizeLimit = partSizeLimit
        let file = url.lastPathComponent
        let archive = try Self.openArchive(url)
        // Parts read whole (relationships, workbook, styles) are small in any real workbook.
        let wholePartLimit = min(partSizeLimit, Self.wholePartLimit)
        func part(_ path: String) throws -> [UInt8]? {
            guard let entry = archive[path] else { return nil }
            return try Self.readPart(archive, entry, path: path, file: file, limit: wholePartLimit)
        }
        var workbookPath = "xl/workbook.xml"
        if let rootRels = try part("_rels/.rels"),
           let main = try Self.parse(file, "_rels/.rels", { try XLSXPackageParts.relationships(rootRels, baseFolder: "") })
            .values.first(where: { $0.type.hasSuffix("/officeDocument") }) {
            workbookPath = main.target
        }
        guard let workbookBytes = try part(workbookPath) else {
            throw XLSXError.missingPart(file: file, part: workbookPath)
        }
        let folder = workbookPath.split(separator: "/").dropLast().map { $0 + "/" }.joined()
        let relsPath = folder + "_rels/" + (workbookPath.split(separator: "/").last.map(String.init) ?? "") + ".rels"
        guard let relsBytes = try part(relsPath) else { throw XLSXError.missingPart(file: file, part: relsPath) }
        let workbook = try Self.parse(file, workbookPath) { try XLSXPackageParts.workbook(workbookBytes) }
        let rels = try Self.parse(file, relsPath) { try XLSXPackageParts.relationships(relsBytes, baseFolder: folder) }
        var sheets: [SheetInfo] = []
        for (offset, entry) in workbook.sheets.enumerated() {
            guard let target = rels[entry.relationshipID]?.target else {
                throw XLSXError.malformed(file: file, part: relsPath,
                                          detail: "no relationship \(entry.relationshipID) for sheet '\(entry.name)'")
            }
            sheets.append(SheetInfo(name: entry.name, position: offset + 1, part: target, isHidden: entry.isHidden))
        }
        self.sheets = sheets
        usesDate1904 = workbook.date1904
        let stylesPath = rels.values.first { $0.type.hasSuffix("/styles") }?.target ?? folder + "styles.xml"
        if let styles = try part(stylesPath) {
            dateStyles = try Self.parse(file, stylesPath) { try XLSXPackageParts.dateStyles(styles) }
        } else {
            dateStyles = []
        }
        let shared = rels.values.first { $0.type.hasSuffix("/sharedStrings") }?.target ?? folder + "sharedStrings.xml"
        sharedStringsPart = archive[shared] == nil ? nil : shared
    }

    /// Cap on a part read whole into memory (relationships, workbook, styles): 64 MiB.
    public static let wholePartLimit: UInt64 = 64 << 20
    /// Cap on the shared strings part, whose strings are all kept in memory: 512 MiB.
    public static let sharedStringsLimit: UInt64 = 512 << 20

    /// The file name, for messages.
    public var fileName: String { url.lastPathComponent }

    /// The tab names in order.
    public var sheetNames: [String] { sheets.map(\.name) }

    /// The sheet with this tab name (exact, else after trimming and Unicode NFC).
    /// - Throws: ``XLSXError/sheetNotFound(file:name:available:)`` listing the sheets.
    public func sheet(named name: String) throws -> XLSXSheet {
        let wanted = ColumnMap.normalize(name)
        guard let info = sheets.first(where: { $0.name == name })
                ?? sheets.first(where: { ColumnMap.normalize($0.name) == wanted }) else {
            throw XLSXError.sheetNotFound(file: fileName, name: name, available: sheetNames)
        }
        return try open(info)
    }

    /// The sheet at a 1-based tab position.
    /// - Throws: ``XLSXError/sheetPositionOutOfRange(file:position:available:)``.
    public func sheet(at position: Int) throws -> XLSXSheet {
        guard position >= 1 && position <= sheets.count else {
            throw XLSXError.sheetPositionOutOfRange(file: fileName, position: position, available: sheetNames)
        }
        return try open(sheets[position - 1])
    }

    private func open(_ info: SheetInfo) throws -> XLSXSheet {
        XLSXSheet(url: url, info: info, sharedStrings: try loadSharedStrings(), dateStyles: dateStyles,
                  usesDate1904: usesDate1904, partSizeLimit: partSizeLimit)
    }

    private func loadSharedStrings() throws -> [String] {
        guard let path = sharedStringsPart else { return [] }
        let archive = try Self.openArchive(url)
        guard let entry = archive[path] else { throw XLSXError.missingPart(file: fileName, part: path) }
        var feeder = XMLChunkFeeder()
        var parser = SharedStringsParser()
        let file = fileName
        try Self.parse(file, path) {
            do {
                try ZIPAccess.stream(archive, entry, limit: min(partSizeLimit, Self.sharedStringsLimit)) { data in
                    try feeder.feed(data, final: false) { try parser.handle($0, $1) }
                }
            } catch let failure as ZIPAccess.Failure {
                throw XLSXError.corruptPart(file: file, part: path, reason: failure.reason)
            }
            try feeder.feed(Data(), final: true) { try parser.handle($0, $1) }
        }
        return parser.strings
    }

    // MARK: - Shared with XLSXSheet

    static func openArchive(_ url: URL) throws -> Archive {
        do {
            return try ZIPAccess.open(url)
        } catch {
            var reason = error.reason
            if let kind = try? FileKind.detect(url), kind != .zip && kind != .xlsx {
                reason += "; the file looks like \(kind.label)"
            }
            throw XLSXError.notReadable(file: url.lastPathComponent, reason: reason)
        }
    }

    static func readPart(_ archive: Archive, _ entry: Entry, path: String, file: String, limit: UInt64) throws -> [UInt8] {
        do {
            return try ZIPAccess.read(archive, entry, limit: limit)
        } catch let failure as ZIPAccess.Failure {
            throw XLSXError.corruptPart(file: file, part: path, reason: failure.reason)
        }
    }

    /// Runs a parse step, turning tokenizer failures into ``XLSXError/malformed(file:part:detail:)``.
    @discardableResult
    static func parse<T>(_ file: String, _ part: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as XMLByteScanner.Failure {
            throw XLSXError.malformed(file: file, part: part, detail: failure.message)
        } catch let failure as XMLText.Failure {
            throw XLSXError.malformed(file: file, part: part, detail: failure.message)
        }
    }
}
