/// Text measurement and wrapping without a font engine: widths are estimated from a mean
/// glyph width for sans-serif, a little generous so that labels do not collide.
public enum TextLayout {
    /// Default label size in pixels (never below 11).
    public static let labelSize: Double = 12
    /// Line height of wrapped labels at ``labelSize``.
    public static let lineHeight: Double = 14

    /// Estimated width of `text` at `size` pixels: 0.58 em per character (0.62 when bold), 0.72 em
    /// per capital letter or digit-wide glyph such as `M` and `W` (names published in capitals).
    public static func width(_ text: String, size: Double = labelSize, bold: Bool = false) -> Double {
        var ems = 0.0
        add(text, to: &ems, bold: bold)
        return ems * size
    }

    /// Adds the ems of `text`, character by character from the left (so that a width built in
    /// pieces is the same number as one measured whole).
    private static func add(_ text: Substring, to ems: inout Double, bold: Bool = false) {
        let capital = bold ? 0.76 : 0.72, other = bold ? 0.62 : 0.58
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            // ASCII (most labels): a capital is A to Z, one byte per character (but for "\r\n").
            for byte in text.utf8 { ems += (0x41...0x5A).contains(byte) ? capital : other }
            return
        }
        // Latin letters (accents of French names): every scalar below U+0250 but CR is a character
        // of its own, classed once in a table; other scripts and combining marks character by
        // character (a Unicode property lookup per letter was a twentieth of the export).
        if text.unicodeScalars.allSatisfy({ $0.value < 0x250 && $0.value != 0x0D }) {
            for scalar in text.unicodeScalars { ems += latinCapitals[Int(scalar.value)] ? capital : other }
            return
        }
        for character in text { ems += isCapital(character) ? capital : other }
    }

    /// ``isCapital(_:)`` of each scalar below U+0250, as a character of its own.
    private static let latinCapitals: [Bool] = (0..<0x250).map { isCapital(Character(Unicode.Scalar($0)!)) }

    private static func add(_ text: String, to ems: inout Double, bold: Bool = false) {
        add(text[...], to: &ems, bold: bold)
    }

    /// `Character.isUppercase`, without building an uppercased string for each single-scalar
    /// character (it did so for every lower-case letter, a sixth of the site's export).
    static func isCapital(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        guard let scalar = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex else {
            return character.isUppercase
        }
        let properties = scalar.properties
        return properties.isUppercase || (properties.isCased && !properties.changesWhenUppercased)
    }

    /// Words of `text` laid out in at most `maxLines` lines of `maxWidth` pixels; the last line
    /// ends with `…` when the text does not fit (callers keep the full text in a `<title>`).
    public static func wrap(_ text: String, maxWidth: Double, maxLines: Int = 2, size: Double = labelSize) -> [String] {
        let words = text.split(separator: " ")
        var lines: [String] = []
        var current = ""
        var currentEms = 0.0
        for word in words {
            // The candidate line measured from the current one's ems: the same sum, in the same order.
            var ems = current.isEmpty ? 0 : currentEms
            if !current.isEmpty { add(" ", to: &ems) }
            add(word, to: &ems)
            if ems * size <= maxWidth || current.isEmpty {
                current = current.isEmpty ? String(word) : current + " " + word
                currentEms = ems
            } else {
                lines.append(current)
                current = String(word)
                currentEms = 0
                add(word, to: &currentEms)
            }
        }
        if !current.isEmpty { lines.append(current) }
        if lines.isEmpty { return [""] }
        if lines.count > maxLines {
            lines = Array(lines.prefix(maxLines))
            lines[maxLines - 1] += "…"
        }
        // A single word longer than the line is cut too.
        return lines.map { line in
            guard width(line, size: size) > maxWidth else { return line }
            let keep = max(1, Int(maxWidth / (size * 0.58)) - 1)
            return String(line.prefix(keep)) + "…"
        }
    }

    /// A label wrapped on at most two lines, vertically centred on `y`; the full text is kept in
    /// a `<title>` child of the group when the label was shortened.
    public static func wrappedLabel(_ text: String, x: Double, y: Double, maxWidth: Double,
                                    anchor: String = "end", size: Double = labelSize,
                                    color: String = Palette.ink) -> SVGNode {
        let lines = wrap(text, maxWidth: maxWidth, size: size)
        let firstBaseline = y - Double(lines.count - 1) * lineHeight / 2 + size * 0.35
        let spans = lines.enumerated().map { index, line in
            SVGNode("tspan", ["x": x, "y": firstBaseline + Double(index) * lineHeight], text: line)
        }
        let label = SVGNode("text", ["text-anchor": anchor, "font-size": size, "fill": color], children: spans)
        let shortened = lines.joined(separator: " ") != text
        return .group(["class": "label"], (shortened || lines.count > 1 ? [SVGNode("title", text: text)] : []) + [label])
    }

    /// Positions moved apart so that neighbours are at least `gap` pixels apart, staying inside
    /// `lower...upper` where possible; the order of the input is preserved.
    public static func dodge(_ positions: [Double], gap: Double, within bounds: ClosedRange<Double>) -> [Double] {
        let order = positions.indices.sorted { positions[$0] < positions[$1] }
        var placed = order.map { positions[$0] }
        for i in placed.indices.dropFirst() where placed[i] < placed[i - 1] + gap {
            placed[i] = placed[i - 1] + gap
        }
        if let last = placed.last, last > bounds.upperBound {
            placed[placed.count - 1] = bounds.upperBound
            for i in placed.indices.dropLast().reversed() where placed[i] > placed[i + 1] - gap {
                placed[i] = placed[i + 1] - gap
            }
        }
        var result = positions
        for (rank, index) in order.enumerated() { result[index] = placed[rank] }
        return result
    }
}
