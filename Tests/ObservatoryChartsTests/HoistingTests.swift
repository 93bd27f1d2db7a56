import Foundation
@testable import ObservatoryCharts
import ObservatoryCore
import Testing

/// `SVGNode.hoistingInheritedAttributes()`: fewer bytes, the same drawing.
@Suite struct HoistingTests {
    static func text(_ label: String, fill: String = "#222222", size: Int = 11) -> SVGNode {
        SVGNode("text", ["x": 1, "fill": fill, "font-size": size], text: label)
    }

    @Test func aGroupSetsOnceWhatMostOfItsChildrenShare() {
        let group = SVGNode.group(["class": "legend"], [
            SVGNode("title", text: "t"), Self.text("a"), Self.text("b"), Self.text("c", fill: "#595959"),
        ])
        let hoisted = group.hoistingInheritedAttributes()
        #expect(hoisted.attribute("fill") == "#222222" && hoisted.attribute("font-size") == "11")
        #expect(hoisted.children.map { $0.attribute("fill") } == [nil, nil, nil, "#595959"])
        #expect(hoisted.children.allSatisfy { $0.attribute("font-size") == nil })
        #expect(hoisted.render().utf8.count < group.serialised().utf8.count)
    }

    @Test func aChildThatWouldInheritAValueItDidNotHaveBlocksTheMove() {
        // `fill` changes a shape: a rect without one keeps drawing black, so fill stays put.
        let shapes = SVGNode.group([:], [SVGNode("rect", ["width": 2, "height": 2]), Self.text("a"), Self.text("b")])
        #expect(shapes.hoistingInheritedAttributes().attribute("fill") == nil)
        #expect(shapes.hoistingInheritedAttributes().attribute("font-size") == "11")  // text only: the rect ignores it
        // A group without the attribute may hold text: it blocks even a text-only attribute.
        let nested = SVGNode.group([:], [SVGNode.group([:], [Self.text("x", size: 12)]).with("class", "keep"), Self.text("a"), Self.text("b")])
        let inner = SVGNode.group([:], [SVGNode("text", text: "no size")])
        let blocked = SVGNode.group([:], [inner, Self.text("a"), Self.text("b")]).hoistingInheritedAttributes()
        #expect(blocked.attribute("font-size") == nil && blocked.attribute("fill") == nil)
        // Nested groups: what the inner group took from its text moves up again.
        let lifted = nested.hoistingInheritedAttributes()
        #expect(lifted.attribute("fill") == "#222222" && lifted.attribute("font-size") == "11")
        #expect(lifted.children[0].attribute("font-size") == "12" && lifted.children[0].attribute("fill") == nil)
    }

    @Test func groupsWithDefinitionsOrTheirOwnValueAndTheRootAreLeftAlone() {
        let withDefs = SVGNode.group([:], [SVGNode("defs", children: [SVGNode("pattern", ["id": "p"])]), Self.text("a"), Self.text("b")])
        #expect(withDefs.hoistingInheritedAttributes() == withDefs)
        let own = SVGNode.group(["fill": "#000000"], [Self.text("a"), Self.text("b")])
        #expect(own.hoistingInheritedAttributes().attribute("fill") == "#000000")
        #expect(own.hoistingInheritedAttributes().children.allSatisfy { $0.attribute("fill") == "#222222" })
        let root = SVGNode("svg", children: [Self.text("a"), Self.text("b")])
        #expect(root.hoistingInheritedAttributes() == root)
    }

    /// Every golden chart and map draws the same pixels with and without the moved attributes.
    @Test(.enabled(if: ExternalTool.rsvgConvert.isAvailable, "skipped: rsvg-convert is absent"),
          arguments: GoldenCharts.names + ["map-choropleth", "map-locator"])
    func theDrawingIsPixelForPixelTheSame(name: String) throws {
        let node = switch name {
        case "map-choropleth": GoldenMaps.choropleth.renderNode(geometry: GoldenMaps.geometry, outlines: ["zones": GoldenMaps.zones])
        case "map-locator": GoldenMaps.locator.renderNode(geometry: GoldenMaps.geometry)
        default: try #require(GoldenCharts.all[name]).renderNode()
        }
        let hoisted = node.render(), plain = node.serialised()
        #expect(hoisted.utf8.count < plain.utf8.count)
        let first = try TemporarySVG(name: name, svg: hoisted), second = try TemporarySVG(name: name, svg: plain)
        let pngs = try [first, second].map { file -> Data in
            let png = file.url.deletingPathExtension().appendingPathExtension("png")
            let result = try ExternalTool.rsvgConvert.run(["-o", png.path, file.url.path])
            #expect(result.status == 0, "rsvg-convert failed on \(name): \(result.errorOutput)")
            return try Data(contentsOf: png)
        }
        #expect(pngs[0] == pngs[1], "\(name): moving inherited attributes changed the drawing")
    }
}

/// A long line chart is read as a line: its exact points lose their markers, not the others.
@Suite struct DenseLineTests {
    @Test func onlyWhatIsNotExactKeepsItsMarkerPastFortyPoints() throws {
        func spec(points: Int) -> ChartSpec {
            let start = Period.quarter(2003, 1)
            let series = ChartSpec.SeriesSpec(name: "A", points: (0..<points).map { index in
                ChartSpec.Point(period: start.advanced(by: index), value: 7 + Double(index % 5) / 10,
                                status: index == 10 ? .approximate : .ok)
            })
            return ChartSpec(kind: .line, title: "Taux", format: .percent, decimals: 1, series: [series])
        }
        func markers(_ svg: String) -> Int { svg.components(separatedBy: "<circle").count - 1 }
        let dense = spec(points: ChartSpec.denseSeries + 1).render(), sparse = spec(points: ChartSpec.denseSeries).render()
        // The legend draws two: the series' marker and the hollow one of approximate values.
        #expect(markers(sparse) == ChartSpec.denseSeries + 2)  // every point
        #expect(markers(dense) == 1 + 2)                       // the approximate point
        #expect(dense.contains("valeur approchée (marqueur creux)"))
    }
}

/// Text measurement, made fast, measures as before.
@Suite struct TextMeasureTests {
    @Test func aCapitalIsWhatCharacterSaysIsUppercaseForEveryCharacterOfTheBasicPlane() {
        var checked = 0
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let character = Character(scalar)
            #expect(TextLayout.isCapital(character) == character.isUppercase, "U+\(String(value, radix: 16))")
            checked += 1
        }
        #expect(checked > 60_000)
        #expect(TextLayout.isCapital("E\u{0301}") && !TextLayout.isCapital("e\u{0301}"))
    }

    @Test func widthsAndWrapsAreThoseOfACharacterByCharacterSum() {
        func reference(_ text: String, size: Double) -> Double {
            var ems = 0.0
            for character in text { ems += character.isUppercase ? 0.72 : 0.58 }
            return ems * size
        }
        for text in ["Taux de chômage localisé", "ÉVOLUTION DE L'EMPLOI", "Agent / Agente d'entretien", "a\r\nb", "Œuvre ÀÉ ß ǅ",
                     "é\u{0301}té", "Ĳssel ŉ ĸ Ÿ ǈ Ǳ ȿ", "Ελλάδα é", "e\r\né"] {
            #expect(TextLayout.width(text, size: 11) == reference(text, size: 11), "\(text)")
        }
        // Every Latin scalar (the table's range), alone and between ASCII and accented letters.
        for value in UInt32(0x80)..<0x260 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "aé" + String(Character(scalar)) + "Zç"
            #expect(TextLayout.width(text, size: 11) == reference(text, size: 11), "U+\(String(value, radix: 16))")
        }
        // Wrapping measured from scratch for every candidate line, as it was: the same lines.
        func referenceWrap(_ text: String, maxWidth: Double, size: Double) -> [String] {
            var lines: [String] = [], current = ""
            for word in text.split(separator: " ").map(String.init) {
                let candidate = current.isEmpty ? word : current + " " + word
                if reference(candidate, size: size) <= maxWidth || current.isEmpty { current = candidate } else { lines.append(current); current = word }
            }
            if !current.isEmpty { lines.append(current) }
            if lines.isEmpty { return [""] }
            if lines.count > 2 { lines = Array(lines.prefix(2)); lines[1] += "…" }
            return lines.map { line in
                guard reference(line, size: size) > maxWidth else { return line }
                return String(line.prefix(max(1, Int(maxWidth / (size * 0.58)) - 1))) + "…"
            }
        }
        let labels = ["Projets de recrutement pour 1 000 salariés", "Respecter les règles de Qualité, Hygiène, Sécurité, Santé et Environnement (QHSSE)",
                      "Maintenance des bâtiments et des locaux → Manutention manuelle de charges", "ÎLE-DE-FRANCE", "", "Un"]
        for label in labels {
            for maxWidth in stride(from: 20.0, through: 400, by: 3.5) {
                #expect(TextLayout.wrap(label, maxWidth: maxWidth, size: 11) == referenceWrap(label, maxWidth: maxWidth, size: 11))
            }
        }
    }
}
