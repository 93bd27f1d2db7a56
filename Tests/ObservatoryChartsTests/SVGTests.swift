import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ObservatoryCharts
import ObservatoryCore
import Testing

@Suite struct SVGNodeTests {
    @Test func escapesTextAndAttributesInOnePlace() {
        let node = SVGNode("text", ["data-x": "a\"b'c<d>&"], text: "<b>&'\"")
        // An apostrophe needs no escaping (every attribute is written between double quotes), nor
        // does a double quote in text.
        #expect(node.render() == "<text data-x=\"a&quot;b'c&lt;d&gt;&amp;\">&lt;b&gt;&amp;'\"</text>\n")
    }

    @Test func escapesMarkupEvenWhenACombiningMarkFollows() {
        // "&" + U+0301 is one Character, not "&": escaping by characters would let a raw & through.
        #expect(SVGNode.escape("a&\u{0301}b<\u{0338}") == "a&amp;\u{0301}b&lt;\u{0338}")
        #expect(SVGNode.escape("M1,2l3,-4Z") == "M1,2l3,-4Z")
    }

    @Test func keepsAttributeOrderAndRoundsNumbers() {
        let node = SVGNode("rect", ["y": 1.005, "x": 2.0, "width": 10.126]).with("fill", "#fff").with("y", 3.333)
        #expect(node.render() == "<rect y=\"3.33\" x=\"2\" width=\"10.13\" fill=\"#fff\"/>\n")
    }

    static let hostile = "Bassin <script>alert(1)</script> & \"Val\" d'Oise"

    @Test func hostileLabelIsInertAndIntact() throws {
        let chart = Chart(title: Self.hostile, subtitle: Self.hostile, footer: ChartFooter(source: Self.hostile)) {
            RankedBarMark([DataPoint(Self.hostile, 12), DataPoint("Autre", 5)])
        }
        let svg = chart.render()
        #expect(!svg.contains("<script"))
        // A double quote is escaped where it could end an attribute; text may keep it as is.
        #expect(try SVGTree.parse(svg).elements.allSatisfy { $0.attributes.values.allSatisfy { !$0.contains("Val") || $0.contains("\"Val\"") } })
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"Val\" d'Oise"))
        // A real XML parser recovers the exact text from <title> and from the label's <title>.
        let texts = try XMLTexts.collect(svg)
        #expect(texts.filter { $0.element == "title" && $0.text == Self.hostile }.count >= 2)
        #expect(!texts.contains { $0.element == "script" })
    }

    @Test(arguments: GoldenCharts.names)
    func renderingIsDeterministic(name: String) throws {
        let chart = try #require(GoldenCharts.all[name])
        #expect(chart.render() == chart.render())
        #expect(GoldenCharts.all[name]?.render() == chart.render())
    }

    @Test func documentStartsWithTitleAndDesc() throws {
        let svg = try #require(GoldenCharts.all["bar"]).render()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("role=\"img\" aria-labelledby=\"chart-projets-de-recrutement-title chart-projets-de-recrutement-desc\""))
        let lines = svg.split(separator: "\n")
        #expect(lines[1].hasPrefix("<title id="))
        #expect(lines[2].hasPrefix("<desc id="))
        #expect(lines[2].contains("Diagramme en barres\u{00A0}: 5 données, de 10\u{202F}250 à 14\u{202F}120 ; 1 encadrée par le secret statistique."))
    }

    /// A chart of masked values only is not "without data": its desc gives their bounds.
    @Test func aChartOfMaskedValuesOnlySaysSo() throws {
        let masked = Chart(title: "Compétences") {
            RankedBarMark([DataPoint("A", nil, status: .masked(lower: 4_058, upper: 4_342)),
                           DataPoint("B", nil, status: .masked(lower: 516, upper: nil))])
        }
        #expect(masked.summaryText == "Barres horizontales classées\u{00A0}: 2 données, toutes encadrées par le secret statistique, entre 516 et 4\u{202F}342.")
        let empty = Chart(title: "Rien") { RankedBarMark([DataPoint("A", nil)]) }
        #expect(empty.summaryText == "Barres horizontales classées\u{00A0}: aucune donnée disponible.")
    }

    @Test(arguments: GoldenCharts.names)
    func textIsAtLeastElevenPixels(name: String) throws {
        let svg = try #require(GoldenCharts.all[name]).render()
        let sizes = svg.split(separator: "font-size=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
        #expect(!sizes.isEmpty)
        #expect(sizes.allSatisfy { $0 >= 11 })
    }

    @Test func lineGapsStartNewSegments() throws {
        let svg = try #require(GoldenCharts.all["line"]).render()
        let bassin = try #require(svg.components(separatedBy: "data-series=\"Bassin A\"").last?.components(separatedBy: "</g>").first)
        #expect(bassin.components(separatedBy: "<path").count - 1 == 2)
    }

    @Test func statusLegendIsFrench() throws {
        let svg = try #require(GoldenCharts.all["bar"]).render()
        #expect(svg.contains("cellules masquées\u{00A0}: borne basse"))
        #expect(svg.contains(">valeur approchée</text>"))
        #expect(svg.contains(">n.d.</text>"))
    }

    @Test func rankedBarsAreSortedAndRowsFitLabels() throws {
        let mark = RankedBarMark([DataPoint("b", 2), DataPoint("a", 9), DataPoint("c", nil), DataPoint("d", nil, status: .masked(lower: 4, upper: 8))])
        #expect(mark.ranked.map(\.label) == ["a", "d", "b", "c"])
        let long = RankedBarMark([DataPoint(String(repeating: "mot ", count: 30), 1), DataPoint("court", 2)], labelWidth: 120)
        let needs = long.layout(x: nil, y: nil, format: .number(decimals: 0))
        let height = try #require(needs.plotHeight)
        let step = height / (2 - 0.2 + 0.4)
        #expect(step >= 2 * TextLayout.lineHeight + 8)
    }

    @Test func wrappingKeepsTwoLinesAndMarksTheCut() {
        let lines = TextLayout.wrap("Viticulteurs, arboriculteurs salariés et autres ouvriers qualifiés", maxWidth: 120)
        #expect(lines.count == 2)
        #expect(lines[1].hasSuffix("…"))
        #expect(lines.allSatisfy { TextLayout.width($0) <= 120 })
    }

    @Test func dodgeSeparatesLabels() {
        let placed = TextLayout.dodge([100, 101, 50, 102], gap: 14, within: 0...200)
        let sorted = placed.sorted()
        #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $1 - $0 >= 14 - 1e-9 })
        #expect(placed[2] == 50)
    }
}

/// Collects (element, text) pairs with Foundation's XML parser.
final class XMLTexts: NSObject, XMLParserDelegate {
    private var stack: [String] = []
    private var buffers: [String] = []
    private(set) var texts: [(element: String, text: String)] = []
    private var failure: (any Error)?

    static func collect(_ xml: String) throws -> [(element: String, text: String)] {
        let delegate = XMLTexts()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = delegate
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        return delegate.texts
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        stack.append(elementName)
        buffers.append("")
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if !buffers.isEmpty { buffers[buffers.count - 1] += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        let text = buffers.removeLast()
        stack.removeLast()
        texts.append((elementName, text))
    }
}

/// An SVG parsed into elements that know their parent, to ask what an element draws with:
/// its own presentation attribute or the one it inherits from a group.
final class SVGTree: NSObject, XMLParserDelegate {
    final class Element {
        let name: String
        let attributes: [String: String]
        weak var parent: Element?
        var children: [Element] = []

        init(name: String, attributes: [String: String], parent: Element?) {
            self.name = name
            self.attributes = attributes
            self.parent = parent
        }

        /// The attribute as the element draws with it: its own, or the nearest ancestor's.
        func effective(_ attribute: String) -> String? {
            attributes[attribute] ?? parent?.effective(attribute)
        }

        /// Every element below this one, depth first.
        var descendants: [Element] { children.flatMap { [$0] + $0.descendants } }
    }

    private var stack: [Element] = []
    private var root: Element?
    /// Every element, the root included, depth first (kept alive here: parents are weak).
    private(set) var elements: [Element] = []

    static func parse(_ svg: String) throws -> SVGTree {
        let tree = SVGTree()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = tree
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        return tree
    }

    /// The first element with `attribute="value"`.
    func first(where attribute: String, is value: String) -> Element? {
        elements.first { $0.attributes[attribute] == value }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let element = Element(name: elementName, attributes: attributeDict, parent: stack.last)
        stack.last?.children.append(element)
        if root == nil { root = element }
        elements.append(element)
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        stack.removeLast()
    }
}
