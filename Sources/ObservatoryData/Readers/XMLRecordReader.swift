import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Streams the records of a large XML document: each element with a given name is handed
/// over as an ``XMLRecord`` tree, then dropped, so memory stays at one record.
///
/// Uses Foundation's `XMLParser` over an `InputStream`, with external entities off; a DTD
/// declaring entities is refused before parsing (see ``XMLRecordError/entityDeclarationsRefused(file:line:)``).
public struct XMLRecordReader: Sendable {
    /// The document.
    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    /// Calls `body` with each element named `recordName` (local name) in `namespace`
    /// (`nil`: any), outermost only: a record nested in another is part of the outer one.
    ///
    /// - Parameters:
    ///   - root: when given, the document's root element must have this local name and
    ///     namespace (`nil` namespace: none), or reading stops with
    ///     ``XMLRecordError/unexpectedRoot(file:expected:found:)``.
    ///   - body: throw ``StopReading`` to end early without an error.
    /// - Throws: ``XMLRecordError`` naming file and line, or what `body` throws.
    public func forEachRecord(named recordName: String, namespace: String? = nil,
                              root: (name: String, namespace: String?)? = nil,
                              _ body: (XMLRecord) throws -> Void) throws {
        let file = url.lastPathComponent
        try XMLPrologGuard.check(url)
        guard let stream = InputStream(url: url) else {
            throw XMLRecordError.unreadable(file: file, reason: "cannot open")
        }
        let parser = XMLParser(stream: stream)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.externalEntityResolvingPolicy = .never
        try withoutActuallyEscaping(body) { body in
            let collector = RecordCollector(file: file, recordName: recordName, namespace: namespace,
                                            root: root, body: body)
            parser.delegate = collector
            _ = parser.parse()
            parser.delegate = nil
            if let error = collector.bodyError {
                if error is StopReading { return }
                throw error
            }
            if let error = collector.failure { throw error }
        }
    }
}

/// The `XMLParser` delegate: builds the current record, hands it over when it closes.
private final class RecordCollector: NSObject, XMLParserDelegate {
    let file: String
    let recordName: String
    let namespace: String?
    let root: (name: String, namespace: String?)?
    let body: (XMLRecord) throws -> Void
    var stack: [XMLRecord] = []
    var sawRoot = false
    var bodyError: (any Error)?
    var failure: XMLRecordError?

    init(file: String, recordName: String, namespace: String?, root: (name: String, namespace: String?)?,
         body: @escaping (XMLRecord) throws -> Void) {
        self.file = file
        self.recordName = recordName
        self.namespace = namespace
        self.root = root
        self.body = body
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        // libxml2 runs in recovery mode under XMLParser: after an error it goes on, but no
        // record built from recovered input is handed over.
        guard failure == nil else { parser.abortParsing(); return }
        let uri = namespaceURI.flatMap { $0.isEmpty ? nil : $0 }
        if !sawRoot {
            sawRoot = true
            if let root, root.name != elementName || root.namespace != uri {
                failure = .unexpectedRoot(file: file, expected: Self.label(root.name, root.namespace),
                                          found: Self.label(elementName, uri))
                parser.abortParsing()
                return
            }
        }
        guard !stack.isEmpty || (elementName == recordName && (namespace == nil || namespace == uri)) else { return }
        stack.append(XMLRecord(name: elementName, namespace: uri, attributes: attributes, line: parser.lineNumber))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard failure == nil else { parser.abortParsing(); return }
        guard let element = stack.popLast() else { return }
        if stack.isEmpty {
            do {
                try body(element)
            } catch {
                bodyError = error
                parser.abortParsing()
            }
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard failure == nil, bodyError == nil else { return }
        let code = (parseError as NSError).code
        failure = .malformed(file: file, line: parser.lineNumber, column: parser.columnNumber,
                             detail: Self.explain(code))
    }

    static func label(_ name: String, _ namespace: String?) -> String {
        namespace.map { "<\(name)> in namespace \($0)" } ?? "<\(name)> without namespace"
    }

    /// libxml2 error codes seen with these exports, in words.
    static func explain(_ code: Int) -> String {
        switch code {
        case 4: "the document is empty"
        case 5: "premature end of document (truncated file?)"
        case 9: "invalid character"
        case 26: "undeclared entity"
        case 41: "attribute without a value"
        case 68: "unterminated name"
        case 73: "'>' expected"
        case 76: "end tag does not match its start tag"
        case 89: "entity reference loop (entity-expansion attack?)"
        default: "parser error \(code)"
        }
    }
}
