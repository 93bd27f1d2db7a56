/// One SVG element: a name, attributes in insertion order, children and optional text.
///
/// The tree is the only way the kit writes SVG: text and attribute values are escaped in
/// ``SVGNode/escape(_:)`` and nowhere else, and serialisation is deterministic (attributes in
/// insertion order, numbers rounded to two decimals), so output can be compared byte for byte.
public struct SVGNode: Sendable, Equatable {
    /// An attribute, its value already formatted but not yet escaped.
    public struct Attribute: Sendable, Equatable {
        public let name: String
        public let value: String
    }

    /// The element name, such as `rect` or `text`.
    public var name: String
    /// The attributes, written in this order.
    public private(set) var attributes: [Attribute]
    /// Child elements, written after ``text``.
    public var children: [SVGNode]
    /// Character data, escaped on output; `nil` for none.
    public var text: String?

    /// Creates an element; numeric attribute values are rounded to two decimals.
    public init(_ name: String, _ attributes: KeyValuePairs<String, any SVGAttributeValue> = [:],
                text: String? = nil, children: [SVGNode] = []) {
        self.name = name
        self.attributes = attributes.map { Attribute(name: $0.key, value: $0.value.svgText) }
        self.text = text
        self.children = children
    }

    /// Returns a copy with one more attribute (appended, or replacing one of the same name in place).
    public func with(_ name: String, _ value: any SVGAttributeValue) -> SVGNode {
        var copy = self
        let attribute = Attribute(name: name, value: value.svgText)
        if let index = copy.attributes.firstIndex(where: { $0.name == name }) {
            copy.attributes[index] = attribute
        } else {
            copy.attributes.append(attribute)
        }
        return copy
    }

    /// The value of an attribute, or `nil` when absent.
    public func attribute(_ name: String) -> String? {
        attributes.first(where: { $0.name == name })?.value
    }

    /// A `<g>` grouping `children`.
    public static func group(_ attributes: KeyValuePairs<String, any SVGAttributeValue> = [:],
                             _ children: [SVGNode]) -> SVGNode {
        SVGNode("g", attributes, children: children)
    }

    /// The serialised element, indented by two spaces per level; `text` elements stay on one line.
    public func render() -> String {
        var output = ""
        write(to: &output, depth: 0, inline: false)
        return output
    }

    private func write(to output: inout String, depth: Int, inline: Bool) {
        let indent = inline ? "" : String(repeating: "  ", count: depth)
        output += indent + "<" + name
        for attribute in attributes {
            output += " " + attribute.name + "=\"" + Self.escape(attribute.value) + "\""
        }
        if children.isEmpty && text == nil {
            output += "/>" + (inline ? "" : "\n")
            return
        }
        output += ">"
        if let text { output += Self.escape(text) }
        let childInline = inline || name == "text" || children.isEmpty
        if !children.isEmpty {
            if !childInline { output += "\n" }
            for child in children {
                child.write(to: &output, depth: depth + 1, inline: childInline)
            }
            if !childInline { output += indent }
        }
        output += "</" + name + ">" + (inline ? "" : "\n")
    }

    /// Escapes `&`, `<`, `>`, `"` and `'` — the single place where text becomes markup.
    /// Works on UTF-8 bytes (all five are ASCII), so a combining mark after `&` cannot hide it,
    /// and text without any of them (coordinates, most labels) is returned as is.
    public static func escape(_ raw: String) -> String {
        func special(_ byte: UInt8) -> Bool { byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 }
        guard raw.utf8.contains(where: special) else { return raw }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(raw.utf8.count + 16)
        for byte in raw.utf8 {
            switch byte {
            case 0x26: escaped.append(contentsOf: "&amp;".utf8)
            case 0x3C: escaped.append(contentsOf: "&lt;".utf8)
            case 0x3E: escaped.append(contentsOf: "&gt;".utf8)
            case 0x22: escaped.append(contentsOf: "&quot;".utf8)
            case 0x27: escaped.append(contentsOf: "&#39;".utf8)
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }
}

/// A value that can be written as an SVG attribute.
public protocol SVGAttributeValue: Sendable {
    /// The unescaped attribute text.
    var svgText: String { get }
}

extension String: SVGAttributeValue {
    public var svgText: String { self }
}

extension Int: SVGAttributeValue {
    public var svgText: String { String(self) }
}

extension Double: SVGAttributeValue {
    /// Rounded to two decimals, `.` as separator, no trailing zeros, never `-0`.
    public var svgText: String { SVGNumber.format(self) }
}

/// Deterministic number formatting for coordinates.
public enum SVGNumber {
    /// `12.345` → `12.35`, `3.10` → `3.1`, `-0.001` → `0`; non-finite values become `0`.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = Int64((value * 100).rounded())
        if hundredths == 0 { return "0" }
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        let integer = magnitude / 100
        let fraction = magnitude % 100
        if fraction == 0 { return sign + String(integer) }
        if fraction % 10 == 0 { return sign + String(integer) + "." + String(fraction / 10) }
        return sign + String(integer) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}
