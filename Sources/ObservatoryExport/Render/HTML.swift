import ObservatoryCharts

/// Escaping for HTML text and attribute values: `<script>`, `&` and quotes come out inert and intact.
public enum HTML {
    /// The chart kit's escaper: the same five characters, one implementation for SVG and HTML.
    public static func escape(_ text: String) -> String { SVGNode.escape(text) }
}

/// Accumulates HTML text, indented, with escaping by default.
struct HTMLWriter {
    private(set) var text = ""
    private var depth = 0

    mutating func line(_ raw: String) {
        text += String(repeating: "  ", count: depth) + raw + "\n"
    }

    mutating func open(_ raw: String) {
        line(raw)
        depth += 1
    }

    mutating func close(_ raw: String) {
        depth = max(0, depth - 1)
        line(raw)
    }

    /// Inserts a block (an SVG) as is, without indentation.
    mutating func block(_ raw: String) {
        text += raw
        if !raw.hasSuffix("\n") { text += "\n" }
    }

    mutating func element(_ tag: String, _ content: String, attributes: String = "") {
        line("<\(tag)\(attributes.isEmpty ? "" : " " + attributes)>\(HTML.escape(content))</\(tag)>")
    }
}
