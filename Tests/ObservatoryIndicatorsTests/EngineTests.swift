import ObservatoryCore
@testable import ObservatoryIndicators
import Testing

/// Measures held in memory: territory → period → dimension code → value, for evaluator tests.
struct MemoryData: IndicatorData {
    /// measure → territory → period → (sector → value)
    var tables: [String: [TerritoryID: [Period: [String: Value]]]]
    var references: [String: TerritoryID] = [:]

    func measure(_ reference: MeasureReference, groupBy: String?, territory: TerritoryID, period: Period) throws -> MeasureAccess {
        guard let cells = tables[reference.measure]?[territory]?[period] else {
            return MeasureAccess(result: groupBy == nil ? .scalar(.none(.noData)) : .table(Table(dimension: groupBy!, entries: [])))
        }
        let kept = cells.filter { key, _ in reference.filters.allSatisfy { $0.values.contains(key) != $0.negated } }
        if let groupBy {
            return MeasureAccess(result: .table(Table(dimension: groupBy, entries: kept.keys.sorted().map { .init(key: $0, value: kept[$0]!) })))
        }
        return MeasureAccess(result: .scalar(kept.values.reduce(Value.exact(0)) { Value.combine($0, $1, .add) }))
    }

    func periods(of reference: MeasureReference) throws -> [Period] {
        Array(Set(tables[reference.measure]?.values.flatMap(\.keys) ?? [])).sorted()
    }

    func reference(_ name: String, of territory: TerritoryID) throws -> TerritoryID? {
        territory == references[name] ? nil : references[name]
    }
}

typealias Formula = ObservatoryIndicators.Expression

@Suite struct EngineTests {
    static let zone = TerritoryID(.zoneEmploi, "2415")
    static let region = TerritoryID(.region, "24")
    static let y0 = Period.year(2019), y1 = Period.year(2024)

    /// Jobs per sector in a zone and its region, two years.
    static let data = MemoryData(tables: ["emploi": [
        zone: [y0: ["A": .exact(100), "B": .exact(300), "C": .exact(600)], y1: ["A": .exact(120), "B": .exact(270), "C": .exact(690)]],
        region: [y0: ["A": .exact(2000), "B": .exact(3000), "C": .exact(5000)], y1: ["A": .exact(2100), "B": .exact(3300), "C": .exact(5200)]],
    ]], references: ["region": region])

    func measure(_ name: String) -> Formula { .measure(MeasureReference(dataset: "d", measure: name, location: .init(line: 1, column: 1))) }
    func by(_ name: String) -> Formula { .call("by", [measure(name), .name("secteur", .init(line: 1, column: 1))], .init(line: 1, column: 1)) }

    func run(_ expression: Formula, at territory: TerritoryID = zone, _ period: Period = y1) throws -> EvaluationResult {
        try Evaluator(data: Self.data, formulas: [:]).evaluate(expression, territory: territory, period: period)
    }

    func call(_ name: String, _ arguments: Formula...) -> Formula { .call(name, arguments, .init(line: 1, column: 1)) }
    func reference(_ name: String) -> Formula { .name(name, .init(line: 1, column: 1)) }
    func number(_ value: Double) -> Formula { .number(value, .init(line: 1, column: 1)) }

    /// Difficult projects among projects, both with masked cells: a plain division gives an
    /// upper bound above 1; `part` keeps the share within [0, 1] and says nothing false.
    @Test func aPartNeverExceedsItsWhole() throws {
        let cells: [TerritoryID: [Period: [String: Value]]] = [Self.zone: [Self.y1: [
            "A": .exact(40), "B": .masked(bound: 4, sources: []), "C": .masked(bound: 4, sources: []),
        ]]]
        let data = MemoryData(tables: ["xmet": cells, "met": [Self.zone: [Self.y1: [
            "A": .exact(41), "B": .masked(bound: 4, sources: []), "C": .masked(bound: 4, sources: []),
        ]]]])
        let evaluator = Evaluator(data: data, formulas: [:])
        let divided = try #require(try evaluator.evaluate(.binary(.divide, measure("xmet"), measure("met"), .init(line: 1, column: 1)),
                                                          territory: Self.zone, period: Self.y1).scalar)
        #expect(try #require(divided.upper) > 1, "the plain division's bounds: [40/49, 48/41]")
        let part = try #require(try evaluator.evaluate(call("part", measure("xmet"), measure("met")), territory: Self.zone, period: Self.y1).scalar)
        #expect(part.lower == 40.0 / 49.0 && part.upper == 1 && part.maskedCells == 4 && part.status == .masked)
        let exact = try #require(try run(call("part", call("sum", by("emploi")), call("sum", by("emploi")))).scalar)
        #expect(exact.lower == 1 && exact.upper == 1)
    }

    @Test func locationQuotientOfATerritoryAgainstItselfIsOne() throws {
        let table = try #require(try run(call("lq", by("emploi"), reference("region")), at: Self.zone).table)
        #expect(table.entries.count == 3)
        // Against itself: shares divided by the same shares.
        let own = try run(call("share", by("emploi")), at: Self.zone).table!
        for entry in own.entries {
            let ratio = Value.combine(entry.value, entry.value, .divide)
            #expect(ratio.number == 1)
        }
        #expect(abs((table["A"]?.number ?? 0) - (120.0 / 1080) / (2100.0 / 10600)) < 1e-12)
    }

    @Test func shiftShareComponentsAddUpToTheActualChange() throws {
        let table = try #require(try run(call("shift_share", by("emploi"), number(5), reference("region"))).table)
        let total = table.entries.compactMap(\.value.number).reduce(0, +)
        #expect(abs(total - (1080 - 1000)) < 1e-9)
        #expect(table.entries.map(\.key) == ["national", "mix", "competitive"])
    }

    @Test func herfindahlLiesBetweenOneOverNAndOne() throws {
        let h = try #require(try run(call("hhi", by("emploi"))).scalar?.number)
        #expect(h >= 1.0 / 3 && h <= 1)
        #expect(abs(h - ((120.0 / 1080) * (120.0 / 1080) + (270.0 / 1080) * (270.0 / 1080) + (690.0 / 1080) * (690.0 / 1080))) < 1e-12)
    }

    @Test func krugmanIsZeroAgainstTheSameStructureAndHalfTheL1Distance() throws {
        let k = try #require(try run(call("krugman", by("emploi"), reference("region"))).scalar?.number)
        let expected = 0.5 * (abs(120.0 / 1080 - 2100.0 / 10600) + abs(270.0 / 1080 - 3300.0 / 10600) + abs(690.0 / 1080 - 5200.0 / 10600))
        #expect(abs(k - expected) < 1e-12)
    }

    @Test func aRatioOfAggregatesIsNotTheMeanOfRatios() {
        // Two units: 10/100 and 90/100 → ratio of sums 0.5; 1/10 and 1/1000 → mean of ratios differs.
        let numerators = [Value.exact(1), .exact(1)], denominators = [Value.exact(10), .exact(1000)]
        let ofSums = Value.combine(Value.combine(numerators[0], numerators[1], .add), Value.combine(denominators[0], denominators[1], .add), .divide)
        let meanOfRatios = (0.1 + 0.001) / 2
        #expect(abs(ofSums.number! - 2.0 / 1010) < 1e-15)
        #expect(abs(ofSums.number! - meanOfRatios) > 0.04)
    }

    @Test func divisionByZeroAndMissingInputsGiveNoValueWithAReason() {
        #expect(Value.combine(.exact(5), .exact(0), .divide).reason == "division by zero")
        #expect(Value.combine(.exact(5), .none(.missingInput), .add).reason == "missing input")
        #expect(Value.combine(.exact(5), .exact(0), .divide).number == nil)
    }

    @Test func maskedCellsMakeALowerBoundAndAnInterval() {
        let present = Value.exact(100)
        let masked = Value.masked(bound: 3, sources: [])
        let sum = Value.combine(Value.combine(present, masked, .add), masked, .add)
        #expect(sum.status == .masked && sum.lower == 100 && sum.upper == 106 && sum.maskedCells == 2)
        let unbounded = Value.combine(present, .masked(bound: nil, sources: []), .add)
        #expect(unbounded.lower == 100 && unbounded.upper == nil)
        // A masked numerator without a bound gives no value; with one, an interval.
        #expect(Value.combine(unbounded, .exact(200), .divide).number == nil)
        let share = Value.combine(sum, .exact(200), .divide)
        #expect(share.lower == 0.5 && share.upper == 0.53)
        #expect(ValueFormatter.text(sum, unit: .count) == "au moins 100, au plus 106 (2 cellules masquées)")
    }

    @Test(arguments: [("change", 80.0), ("pct_change", 8.0), ("lag", 1000.0)])
    func timeFunctions(name: String, expected: Double) throws {
        let value = try run(call(name, call("sum", by("emploi")), number(5)), at: Self.zone, Self.y1).scalar?.number
        #expect(abs((value ?? .nan) - expected) < 1e-9)
    }

    @Test func cagrIsTheYearlyRate() throws {
        let value = try #require(try run(call("cagr", call("sum", by("emploi")), number(5))).scalar?.number)
        #expect(abs(value - (pow(1.08, 0.2) - 1) * 100) < 1e-9)
    }

    @Test func topRankAndZscore() throws {
        let top = try #require(try run(call("top", by("emploi"), number(2))).table)
        #expect(top.entries.map(\.key) == ["C", "B"])
        let ranks = try #require(try run(call("rank", by("emploi"))).table)
        #expect(ranks["C"]?.number == 1 && ranks["A"]?.number == 3)
        let z = try #require(try run(call("zscore", by("emploi"))).table)
        #expect(abs(z.entries.compactMap(\.value.number).reduce(0, +)) < 1e-9)
    }

    @Test func frenchNumbers() {
        #expect(FrenchFormat.number(103_448) == "103\u{202F}448")
        #expect(FrenchFormat.percent(6.66) == "6,7\u{00A0}%")
        #expect(ValueFormatter.number(0.3, unit: .points) == "+0,3\u{00A0}pt")
        #expect(FrenchFormat.number(-1234.5, decimals: 1) == "\u{2212}1\u{202F}234,5")
    }
}

import Foundation
