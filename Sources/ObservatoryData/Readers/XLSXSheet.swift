import Foundation
import ZIPFoundation

/// One sheet of an XLSX workbook, streamed row by row (see ``XLSXReader``).
///
/// Cells keep their stored type: shared and inline strings and formula strings are
/// ``Cell/text(_:)`` (numbers stored as text stay text), numbers ``Cell/number(_:)``, numbers
/// with a date style ``Cell/date(serial:)``, booleans and errors likewise; absent cells in a
/// row are ``Cell/empty``.
public struct XLSXSheet: SheetReader {
    /// The workbook file.
    public let url: URL
    /// Name, position and part of the sheet.
    public let info: XLSXReader.SheetInfo
    /// Whether serial dates count from 1904 (pass it to ``ExcelDate``).
    public let usesDate1904: Bool
    let sharedStrings: [String]
    let dateStyles: [Bool]
    let partSizeLimit: UInt64

    init(url: URL, info: XLSXReader.SheetInfo, sharedStrings: [String], dateStyles: [Bool],
         usesDate1904: Bool, partSizeLimit: UInt64) {
        self.url = url
        self.info = info
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.usesDate1904 = usesDate1904
        self.partSizeLimit = partSizeLimit
    }

    /// The tab name.
    public var name: String { info.name }

    /// `Base_open_data_23.xlsx, sheet BMO_2023_open_data`.
    public var sourceDescription: String { "\(url.lastPathComponent), sheet \(info.name)" }

    /// Streams the rows (see ``SheetReader/forEachRow(_:)``); the row number is the sheet's
    /// (`r` attribute). Throws ``XLSXError``.
    public func forEachRow(_ body: (_ rowNumber: Int, _ cells: [Cell]) throws -> Void) throws {
        let file = url.lastPathComponent
        let archive = try XLSXReader.openArchive(url)
        guard let entry = archive[info.part] else { throw XLSXError.missingPart(file: file, part: info.part) }
        var feeder = XMLChunkFeeder()
        var parser = WorksheetParser(sharedStrings: sharedStrings, dateStyles: dateStyles)
        let where_ = "sheet \(info.name) (\(info.part))"
        do {
            do {
                try ZIPAccess.stream(archive, entry, limit: partSizeLimit, chunkSize: 1 << 18) { data in
                    try feeder.feed(data, final: false) { try parser.handle($0, $1, emit: body) }
                }
                try feeder.feed(Data(), final: true) { try parser.handle($0, $1, emit: body) }
                if !parser.isComplete {
                    throw XMLByteScanner.Failure(message: "the part ends before </sheetData> (truncated?)")
                }
            } catch let failure as ZIPAccess.Failure {
                throw XLSXError.corruptPart(file: file, part: where_, reason: failure.reason)
            } catch let failure as XMLByteScanner.Failure {
                throw XLSXError.malformed(file: file, part: where_, detail: "near row \(parser.currentRow): \(failure.message)")
            } catch let failure as XMLText.Failure {
                throw XLSXError.malformed(file: file, part: where_, detail: "near row \(parser.currentRow): \(failure.message)")
            }
        } catch is StopReading {
            return
        }
    }
}
