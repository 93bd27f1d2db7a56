/// One SVG element: a name, attributes in insertion order, children and optional text.
///
/// The tree is the only way the kit writes SVG: text and attribute values are escaped while it
/// is serialised and nowhere else, and serialisation is deterministic (attributes in
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

    /// The serialised element: one element per line without indentation (`text` elements stay
    /// on one line), after ``hoistingInheritedAttributes()``. Indentation was a tenth of a chart's
    /// bytes, and pages inline every chart.
    public func render() -> String {
        hoistingInheritedAttributes().serialised()
    }

    /// The element written as it stands, without moving attributes.
    func serialised() -> String {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        write(to: &output, inline: false)
        return String(decoding: output, as: UTF8.self)
    }

    private func write(to output: inout [UInt8], inline: Bool) {
        output.append(0x3C) // <
        output.append(contentsOf: name.utf8)
        for attribute in attributes {
            output.append(0x20)
            output.append(contentsOf: attribute.name.utf8)
            output.append(contentsOf: "=\"".utf8)
            Self.appendEscaped(attribute.value, to: &output, quote: true)
            output.append(0x22)
        }
        if children.isEmpty && text == nil {
            output.append(contentsOf: "/>".utf8)
            if !inline { output.append(0x0A) }
            return
        }
        output.append(0x3E) // >
        if let text { Self.appendEscaped(text, to: &output, quote: false) }
        let childInline = inline || name == "text" || children.isEmpty
        if !children.isEmpty {
            if !childInline { output.append(0x0A) }
            for child in children {
                child.write(to: &output, inline: childInline)
            }
        }
        output.append(contentsOf: "</".utf8)
        output.append(contentsOf: name.utf8)
        output.append(0x3E)
        if !inline { output.append(0x0A) }
    }

    /// Presentation attributes that SVG children inherit from their parent.
    static let inheritedAttributes: Set<String> = [
        "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity",
        "stroke-linejoin", "stroke-linecap", "font-size", "font-family", "font-weight", "text-anchor",
    ]
    /// Of those, the ones that only change text (the kit never writes lengths in `em`).
    static let textOnlyAttributes: Set<String> = ["font-size", "font-family", "font-weight", "text-anchor"]
    /// Shapes: they hold no text, so a text-only attribute inherited by them changes nothing.
    static let shapeElements: Set<String> = ["rect", "line", "circle", "ellipse", "polygon", "polyline", "path"]
    /// Elements that are not drawn where they stand.
    static let undrawnElements: Set<String> = ["title", "desc"]
    /// Elements whose content is drawn elsewhere, with properties inherited from where they are
    /// defined: a group holding one is left alone.
    static let definitionElements: Set<String> = ["defs", "pattern", "clipPath", "mask", "marker", "symbol", "style"]

    /// The same drawing with fewer bytes: a `<g>` sets an inherited attribute once for its drawn
    /// children, with the value most of them give it; those drop it, the others keep their own.
    /// Allowed only when every drawn child sets the attribute, or is a shape and the attribute only
    /// changes text (the kit never writes lengths in `em`), so that no child inherits a value it
    /// did not have; and never when the group already sets it or holds definitions. Applied from
    /// the leaves up, so `fill="#222222"` on the text of every cell of a table ends on the table's
    /// group. What each element draws is unchanged (checked pixel for pixel with rsvg-convert).
    public func hoistingInheritedAttributes() -> SVGNode {
        guard !children.isEmpty else { return self }
        var copy = self
        copy.children = children.map { $0.hoistingInheritedAttributes() }
        guard name == "g", !copy.children.contains(where: { Self.definitionElements.contains($0.name) }) else { return copy }
        let drawn = copy.children.indices.filter { !Self.undrawnElements.contains(copy.children[$0].name) }
        guard !drawn.isEmpty else { return copy }
        // Candidate attributes, in the order the drawn children first give them (deterministic output).
        var names: [String] = []
        for index in drawn {
            for attribute in copy.children[index].attributes
            where Self.inheritedAttributes.contains(attribute.name) && !names.contains(attribute.name) {
                names.append(attribute.name)
            }
        }
        for name in names where copy.attribute(name) == nil {
            let textOnly = Self.textOnlyAttributes.contains(name)
            var counts: [(value: String, count: Int)] = []
            let allowed = drawn.allSatisfy { index in
                let child = copy.children[index]
                guard let value = child.attribute(name) else { return textOnly && Self.shapeElements.contains(child.name) }
                if let slot = counts.firstIndex(where: { $0.value == value }) {
                    counts[slot].count += 1
                } else {
                    counts.append((value, 1))
                }
                return true
            }
            guard allowed, let chosen = counts.max(by: { $0.count < $1.count })?.value else { continue }
            for index in drawn where copy.children[index].attribute(name) == chosen {
                copy.children[index].attributes.removeAll { $0.name == name }
            }
            copy.attributes.append(Attribute(name: name, value: chosen))
        }
        return copy
    }

    /// Escapes `&`, `<`, `>` and `"`, for text and for attribute values between double quotes (the
    /// only ones the kit and the pages write, so an apostrophe needs no escaping). Works on UTF-8
    /// bytes (all four are ASCII), so a combining mark after `&` cannot hide it, and text without
    /// any of them (coordinates, most labels) is returned as is.
    public static func escape(_ raw: String) -> String {
        func special(_ byte: UInt8) -> Bool { byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 }
        guard raw.utf8.contains(where: special) else { return raw }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(raw.utf8.count + 16)
        for byte in raw.utf8 {
            switch byte {
            case 0x26: escaped.append(contentsOf: "&amp;".utf8)
            case 0x3C: escaped.append(contentsOf: "&lt;".utf8)
            case 0x3E: escaped.append(contentsOf: "&gt;".utf8)
            case 0x22: escaped.append(contentsOf: "&quot;".utf8)
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    /// What the serialiser writes: `&`, `<` and `>` escaped, and `"` in attribute values (always
    /// written between double quotes); an apostrophe needs no escaping in either place.
    static func appendEscaped(_ raw: String, to output: inout [UInt8], quote: Bool) {
        for byte in raw.utf8 {
            switch byte {
            case 0x26: output.append(contentsOf: "&amp;".utf8)
            case 0x3C: output.append(contentsOf: "&lt;".utf8)
            case 0x3E: output.append(contentsOf: "&gt;".utf8)
            case 0x22 where quote: output.append(contentsOf: "&quot;".utf8)
            default: output.append(byte)
            }
        }
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
