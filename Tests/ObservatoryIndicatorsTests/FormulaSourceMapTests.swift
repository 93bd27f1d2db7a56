@testable import ObservatoryIndicators
import ObservatoryConfig
import Testing

@Suite struct FormulaSourceMapTests {
    /// The file position of each listed formula offset, for the `formula:` node of `yaml`.
    static func positions(_ yaml: String, offsets: [Int]) throws -> (value: String, positions: [String]) {
        let diagnostics = DiagnosticCollector()
        let root = try #require(ConfigSource(path: "f.yaml", text: yaml).parse(into: diagnostics))
        let node = try #require(root.mapping("file", into: diagnostics)?["formula"])
        let map = FormulaSourceMap(node: node)
        return (node.scalarText ?? "", offsets.map { map.location(atOffset: $0).description })
    }

    @Test func standaloneFormulaMapsToItself() {
        let map = FormulaSourceMap(formula: "a +\n  b")
        #expect([0, 2, 3, 6, 7, 99].map { map.location(atOffset: $0).description } == ["1:1", "1:3", "1:4", "2:3", "2:4", "2:4"])
        #expect(map.count == 7)
    }

    @Test func plainScalarOnTheKeyLine() throws {
        // column = node column + offset
        let result = try Self.positions("id: x\nformula: percent(bmo.xmet / bmo.met)\n", offsets: [0, 8, 17, 27])
        #expect(result.value == "percent(bmo.xmet / bmo.met)")
        #expect(result.positions == ["2:10", "2:18", "2:27", "2:37"])
    }

    @Test func quotedScalarsStartAfterTheQuote() throws {
        let single = try Self.positions("formula: 'bmo.met[famille = \"A\"]'", offsets: [0, 8, 21])
        #expect(single.positions == ["1:11", "1:19", "1:32"])
        // Escapes in a double-quoted scalar: the offset still lands on its character.
        let double = try Self.positions(#"formula: "bmo.met[famille = \"A\"] + x""#, offsets: [0, 18, 19, 25])
        #expect(double.value == #"bmo.met[famille = "A"] + x"#)
        #expect(double.positions == ["1:11", "1:30", "1:31", "1:38"])
    }

    @Test func literalBlockLinesFollowTheMarkAndAddTheIndentation() throws {
        let yaml = "title: t\nformula: |\n  percent(\n    bmo.xmet / bmo.met)\nunit: percent\n"
        let result = try Self.positions(yaml, offsets: [0, 7, 8, 11, 27])
        #expect(result.value == "percent(\n  bmo.xmet / bmo.met)\n")
        // Line k of the formula is line (mark.line + k) of the file; columns add the 2-space indentation.
        #expect(result.positions == ["3:3", "3:10", "3:11", "4:5", "4:21"])
    }

    @Test func foldedBlockPointsIntoTheLineEachPartCameFrom() throws {
        let yaml = "formula: >\n  percent(bmo.xmet\n  / bmo.met)\nunit: percent\n"
        let result = try Self.positions(yaml, offsets: [0, 16, 17, 19])
        #expect(result.value == "percent(bmo.xmet / bmo.met)\n")
        #expect(result.positions == ["2:3", "2:19", "3:3", "3:5"])
    }

    @Test func plainScalarContinuedOnTheNextLine() throws {
        let result = try Self.positions("formula: percent(bmo.xmet\n  / bmo.met)\n", offsets: [0, 17, 19])
        #expect(result.value == "percent(bmo.xmet / bmo.met)")
        #expect(result.positions == ["1:10", "2:3", "2:5"])
    }

    @Test func parsedFormulaCarriesFilePositions() throws {
        let yaml = "formula: |\n  share(\n    bmo.met\n"
        let diagnostics = DiagnosticCollector()
        let root = try #require(ConfigSource(path: "f.yaml", text: yaml).parse(into: diagnostics))
        let node = try #require(root.mapping("file", into: diagnostics)?["formula"])
        do {
            _ = try FormulaParser.parse(node.scalarText!, sourceMap: FormulaSourceMap(node: node))
            Issue.record("parsed")
        } catch {
            #expect(error.problems.map(\.description) == ["3:12: expected ')' to close the call of 'share' opened at 2:8"])
        }
    }
}
