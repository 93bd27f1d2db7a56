import ObservatoryCharts

/// Escaping for HTML text and attribute values: `<script>`, `&` and quotes come out inert and intact.
public enum HTML {
    /// The chart kit's escaper: the same five characters, one implementation for SVG and HTML.
    public static func escape(_ text: String) -> String { SVGNode.escape(text) }
}

/// Accumulates HTML text, a line per element and without indentation (it was 9 % of a page's
/// bytes, with data tables nested five levels deep), with escaping by default.
struct HTMLWriter {
    private(set) var text = ""

    mutating func line(_ raw: String) {
        text += raw
        text += "\n"
    }

    /// Opens an element whose children follow on their own lines.
    mutating func open(_ raw: String) { line(raw) }

    mutating func close(_ raw: String) { line(raw) }

    /// Inserts a block (an SVG) as is.
    mutating func block(_ raw: String) {
        text += raw
        if !raw.hasSuffix("\n") { text += "\n" }
    }

    mutating func element(_ tag: String, _ content: String, attributes: String = "") {
        line("<\(tag)\(attributes.isEmpty ? "" : " " + attributes)>\(HTML.escape(content))</\(tag)>")
    }
}
