import Foundation

/// Refuses documents whose DTD declares entities, before any parser sees them.
///
/// libxml2 (behind Foundation's `XMLParser` on Linux) stops the classic nested "billion
/// laughs", but a "quadratic blow-up" (one large entity referenced many times) keeps it busy
/// for tens of seconds. LHEO and RNCP exports have no DTD at all, so any `<!ENTITY` in the
/// prolog is refused outright.
enum XMLPrologGuard {
    /// How much of the file's head is examined; a prolog longer than this is refused too.
    static let limit = 1 << 20

    static func check(_ url: URL) throws {
        let file = url.lastPathComponent
        let head: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            head = try handle.read(upToCount: limit) ?? Data()
        } catch {
            throw XMLRecordError.unreadable(file: file, reason: (error as NSError).localizedDescription)
        }
        let text = decode(head)
        guard let doctype = text.range(of: "<!DOCTYPE") else { return }
        // Only the prolog matters: a DOCTYPE after the root element is a syntax error the
        // parser reports itself.
        if let root = firstElementStart(in: text), root < doctype.lowerBound { return }
        let rest = text[doctype.upperBound...]
        let end = rest.range(of: "]>")?.upperBound ?? rest.firstIndex(of: ">") ?? rest.endIndex
        let declaration = rest[..<end]
        if let entity = declaration.range(of: "<!ENTITY") {
            let line = text[..<entity.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            throw XMLRecordError.entityDeclarationsRefused(file: file, line: line)
        }
        if end == rest.endIndex && head.count >= limit {
            throw XMLRecordError.malformed(file: file, line: 1, column: 1,
                                           detail: "DOCTYPE longer than \(limit) bytes; refused")
        }
    }

    /// The head as text, whatever the Unicode form (UTF-16 files have zero bytes around ASCII).
    private static func decode(_ head: Data) -> String {
        let bytes = [UInt8](head)
        if bytes.starts(with: [0xFF, 0xFE]) || (bytes.count > 1 && bytes[0] == 0x3C && bytes[1] == 0) {
            return String(decoding: stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }, as: UTF16.self)
        }
        if bytes.starts(with: [0xFE, 0xFF]) || (bytes.count > 1 && bytes[0] == 0 && bytes[1] == 0x3C) {
            return String(decoding: stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }, as: UTF16.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Where the first element (not `<?`, `<!`) starts.
    private static func firstElementStart(in text: String) -> String.Index? {
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "<") {
            let next = text.index(after: open)
            guard next < text.endIndex else { return nil }
            if text[next] != "?" && text[next] != "!" { return open }
            index = next
        }
        return nil
    }
}
