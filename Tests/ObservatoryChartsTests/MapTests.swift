import Foundation
import ObservatoryCharts
import Testing

/// Golden SVG files of the invented maps, checked like the charts' (see Golden/README.md).
@Suite struct GoldenMapTests {
    @Test(arguments: GoldenMaps.names)
    func matchesGoldenFile(name: String) throws {
        try GoldenTests.compare(try #require(GoldenMaps.all[name]), name: name)
    }

    @Test(.enabled(if: ExternalTool.xmllint.isAvailable, "skipped: /usr/bin/xmllint is absent"),
          arguments: GoldenMaps.names)
    func passesXmllint(name: String) throws {
        try GoldenTests.lint(try TemporarySVG(name: name, svg: try #require(GoldenMaps.all[name])), name: name)
    }

    @Test(.enabled(if: ExternalTool.rsvgConvert.isAvailable, "skipped: rsvg-convert is absent"),
          arguments: GoldenMaps.names)
    func rendersToNonBlankPNG(name: String) throws {
        try GoldenTests.render(try TemporarySVG(name: name, svg: try #require(GoldenMaps.all[name])), name: name)
    }

    @Test(arguments: GoldenMaps.names)
    func renderingIsDeterministicAndTextReadable(name: String) throws {
        let svg = try #require(GoldenMaps.all[name])
        let again = name == "map-locator" ? GoldenMaps.locator.render(geometry: GoldenMaps.geometry)
            : GoldenMaps.choropleth.render(geometry: GoldenMaps.geometry, outlines: ["zones": GoldenMaps.zones])
        #expect(svg == again)
        let sizes = svg.split(separator: "font-size=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
        #expect(sizes.allSatisfy { $0 >= 11 })
    }
}

@Suite struct MapTests {
    static let square = MapGeometry(features: [
        .init(id: "s", rings: [[MapPoint(x: 0, y: 0), MapPoint(x: 10, y: 0), MapPoint(x: 10, y: 0.001),
                                MapPoint(x: 10, y: 10), MapPoint(x: 0, y: 10), MapPoint(x: 0, y: 0)]]),
    ])

    /// The `d` attributes of the paths in `svg`.
    static func paths(_ svg: String) -> [String] {
        svg.components(separatedBy: " d=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func pathsAreFittedRoundedAndDeduplicated() throws {
        // Locator: 220 × 220 with a 4 px margin → scale 21.2 px per unit, y flipped; the point
        // 0.001 above (10, 0) rounds onto it and is dropped, as is the closing point; the first
        // point is absolute, the others relative.
        let spec = MapSpec(kind: .locator, title: "Carré", items: [])
        #expect(Self.paths(spec.render(geometry: Self.square)) == ["M4,216l212,0 0,-212 -212,0Z"])
        // A 20 × 10 rectangle keeps its aspect ratio, centred vertically; tenths are kept.
        let wide = MapGeometry(features: [.init(id: "r", rings: [[MapPoint(x: 0, y: 0), MapPoint(x: 20, y: 0),
                                                                   MapPoint(x: 20, y: 10), MapPoint(x: 0.5, y: 10)]])])
        #expect(Self.paths(spec.render(geometry: wide)) == ["M4,163l212,0 0,-106 -206.7,0Z"])
    }

    @Test func everyTerritoryIsFilledEvenOdd() throws {
        let svg = try #require(GoldenMaps.all["map-choropleth"])
        // The rule is set once on the territories' group, and no path overrides it.
        #expect(svg.contains("<g class=\"territories\" fill-rule=\"evenodd\""))
        let group = try #require(svg.components(separatedBy: "<g class=\"territories\"").last?.components(separatedBy: "<g class=\"outlines\"").first)
        #expect(group.components(separatedBy: "<path ").count - 1 >= GoldenMaps.geometry.features.count)
        #expect(!group.contains("fill-rule=\"nonzero\""))
        #expect(group.components(separatedBy: "fill-rule").count == 2)
        // D has a hole: two subpaths in one path.
        let d = try #require(svg.components(separatedBy: "data-id=\"D\"").last)
        #expect(Self.paths(d).first?.components(separatedBy: "M").count == 3)
    }

    /// The points of a path written `Mx,yldx,dy dx,dy…Z` (as the map paths are), made absolute.
    static func absolutePoints(_ d: String) -> [(x: Double, y: Double)] {
        d.split(separator: "Z").flatMap { ring -> [(x: Double, y: Double)] in
            let parts = ring.dropFirst().split(separator: "l")
            let pairs = parts.flatMap { $0.split(separator: " ") }.map { $0.split(separator: ",").compactMap { Double($0) } }
            var current = (x: pairs[0][0], y: pairs[0][1])
            var result = [current]
            for pair in pairs.dropFirst() {
                current = (current.x + pair[0], current.y + pair[1])
                result.append(current)
            }
            return result
        }
    }

    /// The fill the territory `id` is drawn with (its first path, inheriting from its groups).
    static func fill(of id: String, in svg: String) throws -> String {
        let tree = try SVGTree.parse(svg)
        let group = try #require(tree.first(where: "data-id", is: id))
        let path = try #require(group.descendants.first { $0.name == "path" })
        return try #require(path.effective("fill"))
    }

    /// The hatch overlay of the territory `id` (a path filled with a pattern), or `nil`.
    static func hatch(of id: String, in svg: String) throws -> String? {
        let group = try #require(try SVGTree.parse(svg).first(where: "data-id", is: id))
        let fills = group.descendants.filter { $0.name == "path" }.compactMap { $0.effective("fill") }
        return fills.first { $0.hasPrefix("url(#") }.map { String($0.dropFirst(5).prefix { $0 != ")" }) }
    }

    @Test func classesColoursAndStatuses() throws {
        let spec = GoldenMaps.choropleth
        // 5 values and the middle of the interval 2–14 (8), 4 classes asked.
        // Thresholds halfway between the last value of a class and the first of the next.
        #expect(spec.classBreaks() == [4.2, 7.1, 7.7, 10.8, 12.5])
        let classes = spec.valueClasses()
        #expect(classes.map(\.label) == ["4,2\u{00A0}% à 6,8\u{00A0}%", "7,4\u{00A0}%", "9,1\u{00A0}%", "12,5\u{00A0}%"])
        // ColorBrewer YlGnBu, 4 classes.
        #expect(classes.map(\.color) == ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"])
        let svg = try #require(GoldenMaps.all["map-choropleth"])
        #expect(try Self.fill(of: "A", in: svg) == "#ffffcc")
        #expect(try Self.fill(of: "D", in: svg) == "#225ea8")
        #expect(try Self.hatch(of: "A", in: svg) == nil)
        // Estimated: its class colour, hatched.
        #expect(try Self.fill(of: "C", in: svg) == "#41b6c4")
        #expect(try Self.hatch(of: "C", in: svg) == "map-taux-de-ch-mage-estimated")
        // An interval across classes (2 to 14) is white and cross-hatched, never a class colour;
        // no value is grey: neither is ever drawn as the lowest class.
        #expect(try Self.fill(of: "E", in: svg) == "#ffffff")
        #expect(try Self.hatch(of: "E", in: svg) == "map-taux-de-ch-mage-masked")
        #expect(try Self.fill(of: "G", in: svg) == "#bdbdbd")
        #expect(try Self.hatch(of: "G", in: svg) == nil)
        for text in [">estimé<", ">intervalle (secret statistique)<",
                     ">n.d. (donnée non disponible)<", ">zone d'étude<", "<title>Îles G\u{00A0}: n.d.</title>",
                     "<title>Enclave E\u{00A0}: 2,0\u{00A0}% à 14,0\u{00A0}% (intervalle, secret statistique)</title>",
                     "<title>Bassin C\u{00A0}: ≈\u{00A0}9,1\u{00A0}% (estimé)</title>"] {
            #expect(svg.contains(text), "missing \(text)")
        }
    }

    @Test func maskedBoundsNeverMakeClassesAndAnIntervalInOneClassKeepsItsColour() throws {
        var spec = GoldenMaps.choropleth
        spec.items[4] = .init(id: "E", name: "Enclave E", value: nil, status: .masked, lower: 0, upper: nil)
        // A half-open interval does not count for the breaks: as if E had no value.
        var without = spec
        without.items[4] = .init(id: "E", name: "Enclave E", value: nil, status: .noValue)
        #expect(spec.classBreaks() == without.classBreaks() && spec.classBreaks() == [4.2, 5.5, 8.25, 10.8, 12.5])
        var svg = spec.render(geometry: GoldenMaps.geometry)
        #expect(try Self.fill(of: "E", in: svg) == "#ffffff")
        // 11 to 12: wholly in one class (its middle counts for the breaks): that class's colour, cross-hatched.
        spec.items[4] = .init(id: "E", name: "Enclave E", value: nil, status: .masked, lower: 11, upper: 12)
        let breaks = spec.classBreaks()
        let index = try #require(ClassBreaks.classIndex(of: 10, breaks: breaks))
        #expect(ClassBreaks.classIndex(of: 12, breaks: breaks) == index)
        svg = spec.render(geometry: GoldenMaps.geometry)
        #expect(try Self.fill(of: "E", in: svg) == spec.valueClasses()[index].color)
        #expect(try Self.hatch(of: "E", in: svg)?.hasPrefix("map-taux-de-ch-mage-masked") == true)
        // The class's legend range covers the interval.
        #expect(spec.valueClasses()[index].lower <= 11 && spec.valueClasses()[index].upper >= 12)
        // The outline layer's geometry was not given: nothing drawn, nothing in the legend.
        #expect(!svg.contains("zone d'étude"))
        #expect(!svg.contains("class=\"outlines\""))
        #expect(svg.contains("<pattern id=\"map-taux-de-ch-mage-masked"))
    }

    static func spec(_ values: [Double], classes: Int = 5, method: MapSpec.Classification.Method = .quantile) -> MapSpec {
        MapSpec(kind: .choropleth, title: "T", classification: .init(method: method, classCount: classes),
                items: values.enumerated().map { MapSpec.Item(id: "\($0.offset)", name: "T\($0.offset)", value: $0.element) })
    }

    @Test func classCountIsKeptWithinFourToSix() {
        let values = (1...30).map(Double.init)
        #expect(Self.spec(values, classes: 9).classBreaks().count == 7)
        #expect(Self.spec(values, classes: 2).classBreaks().count == 5)
        #expect(Self.spec(values, classes: 6, method: .jenks).valueClasses().map(\.color)
            == ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"])
    }

    @Test func oneOrTwoDistinctValuesGetOneOrTwoClasses() {
        #expect(Self.spec([1, 2, 2]).valueClasses().map(\.color) == ["#edf8b1", "#2c7fb8"])
        #expect(Self.spec([3, 3]).valueClasses().map(\.color) == ["#7fcdbb"])
        #expect(Self.spec([3, 3]).valueClasses().map(\.label) == ["3"])
        #expect(Self.spec([]).valueClasses().isEmpty)
    }

    @Test func legendNumbersAreFrench() throws {
        let items = [12_345.6, 2_500, 987.25, 40_000, 15_000].enumerated().map { index, value in
            MapSpec.Item(id: "\(index)", name: "T\(index)", value: value)
        }
        let spec = MapSpec(kind: .choropleth, title: "Effectifs", decimals: 1, classification: .init(classCount: 4), items: items)
        #expect(spec.valueClasses().map(\.label) == ["987,3", "2\u{202F}500,0 à 12\u{202F}345,6", "15\u{202F}000,0", "40\u{202F}000,0"])
    }

    @Test func divergingPaletteIsCentredOnZero() throws {
        let values: [Double] = [-2.5, -2.1, -0.8, -0.6, 0.4, 0.5, 1.9, 2.2, 3.4, 3.9]
        let items = values.enumerated().map { MapSpec.Item(id: "\($0.offset)", name: "T\($0.offset)", value: $0.element) }
        let spec = MapSpec(kind: .choropleth, title: "Évolution", format: .signed, decimals: 1, palette: .diverging, items: items)
        let classes = spec.valueClasses()
        #expect(classes.map(\.label) == ["−2,5 à −2,1", "−0,8 à −0,6", "+0,4 à +0,5", "+1,9 à +2,2", "+3,4 à +3,9"])
        // Two classes below zero, three above: BrBG with seven colours, brown below, blue-green above,
        // the neutral middle unused.
        #expect(classes.map(\.color) == ["#d8b365", "#f6e8c3", "#c7eae5", "#5ab4ac", "#01665e"])
        // A class reaching across zero takes the neutral colour.
        let straddling = MapSpec(kind: .choropleth, title: "x", classification: .init(classCount: 4), palette: .diverging,
                                 items: [-3, -1, -0.5, 1, 5, 8, 9, 12].enumerated().map {
                                     MapSpec.Item(id: "\($0.offset)", name: "", value: $0.element)
                                 })
        #expect(straddling.valueClasses().map(\.color) == ["#dfc27d", "#f5f5f5", "#80cdc1", "#018571"])
    }

    @Test func labelsNeverOverlapAndStayOnTheMap() throws {
        // A 6 × 6 grid of small territories with long names: not all labels fit.
        var features: [MapGeometry.Feature] = [], items: [MapSpec.Item] = []
        for row in 0..<6 {
            for column in 0..<6 {
                let id = "\(row)-\(column)", x = Double(column) * 10, y = Double(row) * 10
                let size = row == 2 && column == 2 ? 9.5 : 9.0
                features.append(.init(id: id, rings: [[MapPoint(x: x, y: y), MapPoint(x: x + size, y: y),
                                                       MapPoint(x: x + size, y: y + size), MapPoint(x: x, y: y + size)]]))
                items.append(.init(id: id, name: "Territoire \(id) du Val", value: Double(row * 6 + column)))
            }
        }
        let spec = MapSpec(kind: .choropleth, title: "Grille", items: items)
        let labels = spec.labelLayout(geometry: MapGeometry(features: features))
        #expect(labels.count > 3)
        #expect(labels.count < features.count)
        // The biggest territory is labelled first.
        #expect(labels.first?.featureID == "2-2")
        for (i, a) in labels.enumerated() {
            for b in labels[(i + 1)...] { #expect(!a.overlaps(b), "\(a.text) overlaps \(b.text)") }
        }
        let svg = spec.render(geometry: MapGeometry(features: features))
        let group = try #require(svg.components(separatedBy: "<g class=\"labels\"").last?.components(separatedBy: "</g>").first)
        let drawn = group.components(separatedBy: "<text ").dropFirst().map { String($0.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }) }
        #expect(drawn == labels.map(\.text))
        // All inside the map frame (left of the legend column, under the header).
        let width = try #require(Double(svg.components(separatedBy: "width=\"").dropFirst().first?.prefix { $0 != "\"" } ?? ""))
        let legendLeft = try #require(svg.components(separatedBy: "class=\"legend\"").last?.components(separatedBy: "x=\"").dropFirst().first)
        let legendX = try #require(Double(legendLeft.prefix { $0 != "\"" }))
        #expect(labels.allSatisfy { $0.minX >= 16 && $0.maxX <= legendX && $0.minY >= 40 && $0.maxX <= width })
    }

    @Test func aTerritoryWithAHoleIsLabelledInsideItselfNotInTheHole() throws {
        let labels = GoldenMaps.choropleth.labelLayout(geometry: GoldenMaps.geometry, outlines: ["zones": GoldenMaps.zones])
        let d = try #require(labels.first { $0.featureID == "D" })
        let e = try #require(labels.first { $0.featureID == "E" })
        #expect(e.text == "Enclave E")
        // The hole of D is the territory E: D's label centre stays out of E's box.
        let svg = try #require(GoldenMaps.all["map-choropleth"])
        let group = try #require(svg.components(separatedBy: "data-id=\"E\"").last)
        let path = try #require(Self.paths(group).first)
        let points = Self.absolutePoints(path)
        let xs = points.map(\.x), ys = points.map(\.y)
        let (left, right, top, bottom) = (try #require(xs.min()), try #require(xs.max()), try #require(ys.min()), try #require(ys.max()))
        let inHole = (left...right).contains(d.x) && (top...bottom).contains(d.y)
        #expect(!inHole, "D's label at (\(d.x), \(d.y)) is in its hole \(path)")
        #expect(abs(e.x - (left + right) / 2) < 0.1)
    }

    static let hostile = "Bassin <script>alert(1)</script> & \"Val\" d'Oise"

    @Test func markupInNamesIsEscaped() throws {
        let items = [MapSpec.Item(id: "A", name: Self.hostile, value: 1), MapSpec.Item(id: "B", name: "B", value: 2)]
        for kind in MapSpec.Kind.allCases {
            let spec = MapSpec(kind: kind, title: Self.hostile, subtitle: Self.hostile, unitLabel: Self.hostile,
                               source: Self.hostile, items: items, highlight: ["A"],
                               outlines: [.init(id: "o", label: Self.hostile)])
            let svg = spec.render(geometry: GoldenMaps.geometry, outlines: ["o": GoldenMaps.zones])
            #expect(!svg.contains("<script"))
            // A double quote is escaped where it could end an attribute; text may keep it as is.
            #expect(try SVGTree.parse(svg).elements.allSatisfy { $0.attributes.values.allSatisfy { !$0.contains("Val") || $0.contains("\"Val\"") } })
            let texts = try XMLTexts.collect(svg)
            #expect(texts.contains { $0.element == "title" && $0.text == Self.hostile })
            #expect(texts.contains { $0.element == "title" && $0.text.hasPrefix(Self.hostile + "\u{00A0}") } || kind == .locator)
            #expect(!texts.contains { $0.element == "script" })
        }
    }

    @Test func locatorHighlightsWithoutLegend() throws {
        let svg = try #require(GoldenMaps.all["map-locator"])
        #expect(svg.contains("width=\"220\" height=\"220\""))
        #expect(!svg.contains("class=\"legend\""))
        #expect(svg.components(separatedBy: "fill=\"#0072B2\"").count == 2)
        #expect(try Self.fill(of: "C", in: svg) == "#0072B2")
        #expect(svg.contains("<title>Bassin C</title>"))
        #expect(svg.contains("Carte de situation\u{00A0}: Bassin C parmi 7 territoires."))
        #expect(svg.contains("role=\"img\""))
    }

    @Test func choroplethIsAccessible() throws {
        let svg = try #require(GoldenMaps.all["map-choropleth"])
        let lines = svg.split(separator: "\n")
        #expect(lines[0].contains("role=\"img\" aria-labelledby=\"map-taux-de-ch-mage-title map-taux-de-ch-mage-desc\""))
        #expect(lines[1].hasPrefix("<title id="))
        #expect(lines[2] == "<desc id=\"map-taux-de-ch-mage-desc\">Carte choroplèthe de 7 territoires en 4 classes (quantiles), "
            + "de 4,2\u{00A0}% à 12,5\u{00A0}%\u{00A0}; 1 estimé, 1 en intervalle (secret statistique), 1 sans donnée (n.d.).</desc>")
        // Every territory has a tooltip.
        #expect(svg.components(separatedBy: "<g data-id=").count - 1 == GoldenMaps.geometry.features.count)
    }

    @Test func specRoundTripsThroughJSONAndDefaultsOptionalKeys() throws {
        let data = try JSONEncoder().encode(GoldenMaps.choropleth)
        #expect(try JSONDecoder().decode(MapSpec.self, from: data) == GoldenMaps.choropleth)
        let minimal = #"{"kind":"choropleth","title":"T","items":[{"id":"a","name":"A","value":1,"status":"ok"},{"id":"b","name":"B","status":"no_value"}]}"#
        let spec = try JSONDecoder().decode(MapSpec.self, from: Data(minimal.utf8))
        #expect(spec.classification == .init(method: .quantile, classCount: 5))
        #expect(spec.palette == .sequential)
        #expect(spec.items[1].status == .noValue)
        #expect(spec.classBreaks() == [1, 1])
    }
}
