/// One element of an XML document with everything inside it, as a small value tree: what
/// ``XMLRecordReader`` hands over for each record (an LHEO `<formation>`, an RNCP `<FICHE>`).
public struct XMLRecord: Sendable, Hashable {
    /// Local name (namespace prefix removed).
    public var name: String
    /// Namespace URI; `nil` when the element has none.
    public var namespace: String?
    /// Attributes by (qualified) name; entity references decoded.
    public var attributes: [String: String]
    /// Character data directly inside this element, concatenated, not trimmed.
    public var text: String
    /// Child elements in document order.
    public var children: [XMLRecord]
    /// Line of the start tag, for messages.
    public var line: Int

    public init(name: String, namespace: String? = nil, attributes: [String: String] = [:],
                text: String = "", children: [XMLRecord] = [], line: Int = 0) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.text = text
        self.children = children
        self.line = line
    }

    /// ``text`` trimmed of white space; `nil` when nothing is left.
    public var trimmedText: String? {
        let trimmed = Cell.trim(text)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The first child with this local name.
    public func child(_ name: String) -> XMLRecord? {
        children.first { $0.name == name }
    }

    /// All children with this local name.
    public func children(_ name: String) -> [XMLRecord] {
        children.filter { $0.name == name }
    }

    /// All elements reached by following a path of child names: `all("domaine-formation",
    /// "code-ROME")`.
    public func all(_ path: String...) -> [XMLRecord] {
        all(path: path[...])
    }

    /// The first element reached by a path of child names.
    public func first(_ path: String...) -> XMLRecord? {
        all(path: path[...]).first
    }

    /// The trimmed text of the first element at the path; `nil` when absent or blank.
    public func value(_ path: String...) -> String? {
        all(path: path[...]).lazy.compactMap(\.trimmedText).first
    }

    /// The trimmed, non-blank texts of all elements at the path.
    public func values(_ path: String...) -> [String] {
        all(path: path[...]).compactMap(\.trimmedText)
    }

    private func all(path: ArraySlice<String>) -> [XMLRecord] {
        guard let head = path.first else { return [self] }
        return children(head).flatMap { $0.all(path: path.dropFirst()) }
    }
}
