import Foundation
import ObservatoryCore
import ZIPFoundation

/// What a file is, judged from its bytes rather than its name: catches the HTML error page
/// saved as `.xlsx`, or a ZIP where a CSV was expected.
public enum FileKind: String, Sendable, Hashable, CaseIterable {
    /// A ZIP archive (`PK\x03\x04`, or `PK\x05\x06` when empty) that is not an XLSX.
    case zip
    /// A ZIP holding `[Content_Types].xml` and `xl/workbook.xml`.
    case xlsx
    /// Text starting with `<` (after a byte-order mark and white space), not HTML.
    case xml
    /// `<!DOCTYPE html` or `<html` near the start.
    case html
    /// Text starting with `{` or `[`.
    case json
    /// Other text (CSV and the like).
    case text
    /// Bytes that are not text (NUL bytes, gzip, PDF…).
    case binary
    /// A file of zero bytes.
    case empty

    /// Looks at the first 4 KiB, and for a ZIP at its member names.
    /// - Throws: when the file cannot be read.
    public static func detect(_ url: URL) throws -> FileKind {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let head = [UInt8](try handle.read(upToCount: 4096) ?? Data())
        let kind = detect(prefix: head)
        guard kind == .zip else { return kind }
        guard let archive = try? ZIPAccess.open(url) else { return .zip }
        return archive["[Content_Types].xml"] != nil && archive["xl/workbook.xml"] != nil ? .xlsx : .zip
    }

    /// Judges the first bytes of a file (a ZIP is reported as `.zip`: telling an XLSX needs its
    /// member names, see ``detect(_:)``).
    public static func detect(prefix bytes: [UInt8]) -> FileKind {
        guard !bytes.isEmpty else { return .empty }
        if bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B
            && ((bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6)) {
            return .zip
        }
        if bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B { return .binary }
        if bytes.starts(with: Array("%PDF".utf8)) { return .binary }
        if bytes.contains(0) { return .binary }
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        guard start < bytes.count else { return .text }
        switch bytes[start] {
        case UInt8(ascii: "<"):
            let head = String(decoding: bytes[start...].prefix(1024), as: UTF8.self).lowercased()
            return head.contains("<!doctype html") || head.contains("<html") ? .html : .xml
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return .json
        default:
            return .text
        }
    }

    /// Whether a file of this kind can be what a catalogue entry expects.
    public func satisfies(_ format: FileFormat) -> Bool {
        switch format {
        case .zip: self == .zip || self == .xlsx
        case .xlsx: self == .xlsx
        case .xml: self == .xml
        case .csv: self == .text
        case .json: self == .json
        }
    }

    /// A phrase for messages: "an HTML page".
    public var label: String {
        switch self {
        case .zip: "a ZIP archive"
        case .xlsx: "an XLSX workbook"
        case .xml: "an XML document"
        case .html: "an HTML page"
        case .json: "JSON text"
        case .text: "plain text"
        case .binary: "binary data"
        case .empty: "an empty file"
        }
    }
}
