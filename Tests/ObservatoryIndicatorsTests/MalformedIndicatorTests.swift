@testable import ObservatoryIndicators
import Testing

/// One malformed indicator folder and the exact diagnostics it must give.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    var name: String
    var files: [String: String]
    var bytes: [String: [UInt8]] = [:]
    var expected: [String]
    var testDescription: String { name }

    init(_ name: String, _ files: [String: String], bytes: [String: [UInt8]] = [:], _ expected: [String]) {
        self.name = name
        self.files = files
        self.bytes = bytes
        self.expected = expected
    }

    /// `bad.yaml` is the base file with `formula` on line 5.
    static func formula(_ name: String, _ formula: String, unit: String = "percent", chart: String = "bar",
                        _ expected: [String]) -> MalformedCase {
        MalformedCase(name, ["bad.yaml": IndicatorFiles.base(formula: formula, unit: unit, chart: chart)], expected)
    }

    /// `bad.yaml` is the base file with `line` replacing the line starting with `key:` (removed when nil).
    static func replacing(_ name: String, _ key: String, with line: String?, _ expected: [String]) -> MalformedCase {
        let lines = IndicatorFiles.base().split(separator: "\n", omittingEmptySubsequences: false).compactMap { text in
            text.hasPrefix("\(key):") ? line : String(text)
        }
        return MalformedCase(name, ["bad.yaml": lines.joined(separator: "\n")], expected)
    }

    /// The base file with `extra` appended.
    static func adding(_ name: String, _ extra: String, _ expected: [String]) -> MalformedCase {
        MalformedCase(name, ["bad.yaml": IndicatorFiles.base(extra: extra)], expected)
    }
}

@Suite struct MalformedIndicatorTests {
    static let cases: [MalformedCase] = MalformedIndicatorCases.yaml + MalformedIndicatorCases.values
        + MalformedIndicatorCases.formulas + MalformedIndicatorCases.library

    @Test func thereAreAtLeastThirtyCases() {
        #expect(Self.cases.count >= 30)
        #expect(Set(Self.cases.map(\.name)).count == Self.cases.count)
    }

    @Test(arguments: cases)
    func reportsExactly(_ malformed: MalformedCase) throws {
        let diagnostics = try IndicatorFiles.diagnostics(malformed.files, bytes: malformed.bytes)
        #expect(diagnostics == malformed.expected)
    }

    @Test func theBaseFileIsValid() throws {
        #expect(try IndicatorFiles.diagnostics(["bad.yaml": IndicatorFiles.base()]) == [])
    }

    @Test func everyFileIsReportedAtOnceInFileOrder() throws {
        let diagnostics = try IndicatorFiles.diagnostics([
            "a.yaml": IndicatorFiles.indicator("a", "bmo.met +"),
            "b.yaml": IndicatorFiles.indicator("b", "bmoo.met"),
            "c.yaml": IndicatorFiles.indicator("c", "a + b", unit: "pourcent"),
            "d.yaml": IndicatorFiles.indicator("d", "bmo.met"),
        ])
        #expect(diagnostics.map { $0.components(separatedBy: "\n")[0] } == [
            "a.yaml:5:19: error: unexpected end of formula after '+'",
            "b.yaml:5:10: error: unknown dataset 'bmoo'; did you mean 'bmo'?",
            "c.yaml:4:7: error: 'unit' must be one of count, ratio, percent, points, per1000, index, euros, not 'pourcent'; did you mean 'percent'?",
        ])
    }
}
