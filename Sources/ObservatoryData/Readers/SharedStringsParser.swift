/// Collects the strings of `xl/sharedStrings.xml`: each `<si>` is plain `<t>` text or rich-text
/// runs `<r><t>…</t></r>` (concatenated); phonetic runs `<rPh>` are left out.
struct SharedStringsParser {
    private(set) var strings: [String] = []
    private var inItem = false
    private var inText = false
    private var inPhonetic = false
    private var text: [UInt8] = []

    mutating func handle(_ base: UnsafePointer<UInt8>, _ token: XMLByteScanner.Token) throws -> Bool {
        let name = token.range
        switch token.kind {
        case .text, .cdata:
            if inText && !inPhonetic {
                try XMLText.append(base, name, to: &text)
                if text.count > WorksheetParser.maxCellBytes {
                    throw XMLText.Failure(message: "shared string \(strings.count) holds more than \(WorksheetParser.maxCellBytes) bytes of text (limit)")
                }
            }
        case .start:
            if XMLByteScanner.equals(base, name, "si") {
                inItem = true
                text.removeAll(keepingCapacity: true)
            } else if inItem && XMLByteScanner.equals(base, name, "t") {
                inText = true
            } else if XMLByteScanner.equals(base, name, "rPh") {
                inPhonetic = true
            }
        case .empty:
            if XMLByteScanner.equals(base, name, "si") { strings.append("") }
        case .end:
            if XMLByteScanner.equals(base, name, "si") {
                strings.append(try XMLText.string(text))
                inItem = false
            } else if XMLByteScanner.equals(base, name, "t") {
                inText = false
            } else if XMLByteScanner.equals(base, name, "rPh") {
                inPhonetic = false
            }
        }
        return true
    }
}
