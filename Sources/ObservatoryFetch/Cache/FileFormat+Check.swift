import Foundation
import ObservatoryCore

/// The format check on the first bytes of what arrived.
extension FileFormat {
    /// Checks the first bytes of a body; returns the reason it is refused, or `nil` when it fits.
    public func refusal(ofPrefix prefix: [UInt8], totalSize: Int64) -> String? {
        if totalSize == 0 { return "the body is empty" }
        if Self.looksLikeHTML(prefix) { return "an HTML page arrived instead of \(self.article)" }
        switch self {
        case .zip, .xlsx:
            if prefix.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return nil }
            return "not a ZIP file (first bytes \(Self.hex(prefix)))"
        case .xml:
            let text = Self.leadingText(prefix)
            if text.hasPrefix("<") { return nil }
            return "not an XML document (starts with '\(text.prefix(20))')"
        case .json:
            let text = Self.leadingText(prefix)
            if text.hasPrefix("{") || text.hasPrefix("[") { return nil }
            return "not JSON (starts with '\(text.prefix(20))')"
        case .csv:
            if prefix.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "a ZIP file arrived instead of CSV text" }
            if prefix.contains(0) { return "binary data arrived instead of CSV text" }
            let text = Self.leadingText(prefix)
            if text.hasPrefix("<?xml") { return "an XML document arrived instead of CSV text" }
            return nil
        }
    }

    private var article: String {
        switch self {
        case .zip: "a ZIP file"
        case .xlsx: "an XLSX workbook"
        case .xml: "an XML document"
        case .csv: "CSV text"
        case .json: "JSON"
        }
    }

    /// `<!DOCTYPE html` or `<html`, after an optional BOM and white space, in any case.
    static func looksLikeHTML(_ prefix: [UInt8]) -> Bool {
        let text = leadingText(prefix).lowercased()
        return text.hasPrefix("<!doctype html") || text.hasPrefix("<html") || text.hasPrefix("<head")
            || (text.hasPrefix("<!--") && text.contains("<html"))
    }

    private static func leadingText(_ prefix: [UInt8]) -> String {
        var bytes = prefix[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let text = String(decoding: bytes.prefix(512), as: UTF8.self)
        return String(text.drop(while: { $0.isWhitespace }))
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.prefix(4).map { String(format: "%02X", $0) }.joined(separator: " ")
    }
}
