import Foundation
import ObservatoryCore
@testable import ObservatoryIndicators
import Testing

/// The fast paths of the engine against the plain ones they replace: interned sources, sorted
/// merges, partial rankings, the competence spread in plain numbers. Every case compares two
/// computations of the same thing, on invented values (ties, masked cells, no value, extents).
@Suite struct EngineCoreTests {
    static func provenance(_ n: Int) -> Provenance {
        Provenance(dataset: "d\(n % 7)", vintage: "v\(n)", file: "f\(n).csv", sha256: String(repeating: "a", count: 63) + "\(n % 10)",
                   fetchedAt: Date(timeIntervalSince1970: Double(n)))
    }

    @Test func sourceSetsHoldAnyIdAndUniteLikeSets() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<200 {
            let a = (0..<Int.random(in: 0...12, using: &generator)).map { _ in Int.random(in: 0...400, using: &generator) }
            let b = (0..<Int.random(in: 0...12, using: &generator)).map { _ in Int.random(in: 0...400, using: &generator) }
            let setA = SourceSet(ids: a), setB = SourceSet(ids: b)
            #expect(setA.ids == Set(a).sorted())
            #expect(setA.union(setB).ids == Set(a).union(b).sorted())
            #expect(setA.isEmpty == a.isEmpty)
            for id in [0, 63, 64, 127, 128, 191, 192, 400] { #expect(setA.contains(id) == a.contains(id)) }
            #expect((setA == setB) == (Set(a) == Set(b)))
        }
        // A word emptied of ids beyond 128 does not make two equal sets differ, nor hash differently.
        var wide = SourceSet(ids: [3, 300])
        wide.formUnion(SourceSet(ids: [3]))
        let narrow = SourceSet(ids: [3])
        #expect(wide != narrow)
        let grown = SourceSet(ids: [3]).union(SourceSet())
        #expect(grown == narrow && grown.hashValue == narrow.hashValue)
    }

    @Test func valuesCarryTheirSourcesThroughTheRegistry() {
        let sources = Set((0..<5).map(Self.provenance))
        let value = Value.exact(3, sources: sources)
        #expect(value.sources == sources)
        let other = Value.exact(4, sources: [Self.provenance(9)])
        let sum = Value.combine(value, other, .add)
        #expect(sum.sources == sources.union([Self.provenance(9)]))
        #expect(sum.lower == 7)
        // The same file met twice is one id.
        #expect(ProvenanceRegistry.shared.id(Self.provenance(2)) == ProvenanceRegistry.shared.id(Self.provenance(2)))
    }

    /// The ranking as it was written before positions were sorted: entries sorted whole.
    static func referenceRanking(_ table: Table) -> [Table.Entry] {
        table.entries.sorted { lhs, rhs in
            switch (lhs.value.number, rhs.value.number) {
            case let (l?, r?): l != r ? l > r : lhs.key < rhs.key
            case (_?, nil): true
            case (nil, _?): false
            default: lhs.key < rhs.key
            }
        }
    }

    static func randomTable(_ generator: inout SeededGenerator, size: Int, sorted: Bool = true) -> Table {
        var keys = Set<String>()
        while keys.count < size { keys.insert("k" + String(Int.random(in: 0...(size * 3), using: &generator))) }
        let ordered = sorted ? keys.sorted() : keys.sorted().shuffled(using: &generator)
        return Table(dimension: "metier", entries: ordered.map { key in
            let roll = Int.random(in: 0..<10, using: &generator)
            let value: Value = switch roll {
            case 0: .none(.other("missing"))
            case 1: .masked(bound: 4, sources: [])
            // Few distinct numbers: ties are common, broken by key.
            default: .exact(Double(Int.random(in: 0...5, using: &generator)))
            }
            return .init(key: key, value: value)
        })
    }

    @Test func partialRankingsAreThePrefixOfTheWholeRanking() {
        var generator = SeededGenerator(seed: 5)
        for size in [0, 1, 2, 7, 40, 300] {
            for _ in 0..<10 {
                let table = Self.randomTable(&generator, size: size, sorted: false)
                let whole = Self.referenceRanking(table)
                #expect(table.ranked.map(\.key) == whole.map(\.key))
                for count in [0, 1, 3, 10, 20, size, size + 5] {
                    #expect(table.ranked(first: count).map(\.key) == Array(whole.prefix(count)).map(\.key), "size \(size), first \(count)")
                }
            }
        }
    }

    @Test func sortedTablesJoinAsTheDictionaryJoinDoes() {
        var generator = SeededGenerator(seed: 8)
        for _ in 0..<50 {
            let size = Int.random(in: 0...60, using: &generator)
            let t = Self.randomTable(&generator, size: size)
            let u = Self.randomTable(&generator, size: Int.random(in: 0...60, using: &generator))
            let merged = Evaluator.zip(.table(t), .table(u)) { Value.combine($0, $1, .subtract) }
            // The same tables out of order take the dictionary join.
            let shuffled = Table(dimension: t.dimension, entries: t.entries.reversed())
            #expect(Evaluator.mergeSorted(shuffled, u, { a, _ in a }) == nil || shuffled.entries.count < 2)
            let joined = Evaluator.zip(.table(shuffled), .table(u)) { Value.combine($0, $1, .subtract) }
            #expect(merged == joined)
        }
    }

    /// A number with no value against a table is that missing value, not a table of copies of it;
    /// a number with a value (masked included) still applies to every entry.
    @Test func aMissingNumberAgainstATableIsOneMissingValue() {
        var generator = SeededGenerator(seed: 11)
        let table = Self.randomTable(&generator, size: 40)
        let missing = Value.none(.datasetDoesNotCover(dataset: "lheo", covers: [TerritoryID(.region, "24")]))
        for result in [Evaluator.zip(.scalar(missing), .table(table)) { Value.combine($0, $1, .divide) },
                       Evaluator.zip(.table(table), .scalar(missing)) { Value.combine($0, $1, .divide) }] {
            guard case .scalar(let value) = result else { Issue.record("a table of \(result.table?.entries.count ?? 0) copies"); continue }
            #expect(!value.hasValue && value.reason == missing.reason)
        }
        let masked = Value.masked(bound: 4, sources: [])
        guard case .table(let scaled) = Evaluator.zip(.table(table), .scalar(masked), { Value.combine($0, $1, .multiply) }) else {
            Issue.record("a masked number is a number")
            return
        }
        #expect(scaled.entries.map(\.key) == table.entries.map(\.key))
    }

    /// An invented referential: 30 métiers with a few competences each, some shared, cœur de métier or not.
    static let referential: SkillsReferential = {
        var generator = SeededGenerator(seed: 3)
        var competences: [String: [SkillsReferential.Use]] = [:]
        for metier in 0..<30 {
            let codes = Set((0..<Int.random(in: 1...6, using: &generator)).map { _ in Int.random(in: 0..<40, using: &generator) }).sorted()
            competences[String(format: "R%04d", metier)] = codes.map {
                .init(code: "c\($0)", kind: ["savoir-faire", "savoir", "savoir-etre"][$0 % 3], isCore: Bool.random(using: &generator))
            }
        }
        return SkillsReferential(crosswalks: [], metiers: Set(competences.keys), transitions: [:], competences: competences,
                                 competenceLabels: [:], mobility: [:], romeSources: [Self.provenance(1)])
    }()

    @Test func competencesInPlainNumbersEqualCompetencesCombinedOneByOne() {
        var generator = SeededGenerator(seed: 21)
        let extent = Extent(coverage: 1, apportioned: 0.2, key: .population)
        for round in 0..<40 {
            let entries: [Table.Entry] = (0..<30).compactMap { metier in
                guard Bool.random(using: &generator) else { return nil }
                var value: Value = Int.random(in: 0..<5, using: &generator) == 0
                    ? .masked(bound: round % 2 == 0 ? 3 : nil, sources: [Self.provenance(2)])
                    : .exact(Double(Int.random(in: 0...500, using: &generator)) / 7, sources: [Self.provenance(3)])
                value.extent = round % 3 == 0 ? nil : extent
                return .init(key: String(format: "R%04d", metier), value: value)
            }
            let table = Table(dimension: "rome", entries: entries, sharedMaskedCells: nil)
            // An entry of no métier with another extent forces the value-by-value path without changing the sums.
            var odd = Value.exact(1)
            odd.extent = Extent(coverage: 0.5, apportioned: 0, key: .jobs)
            let forced = Table(dimension: "rome", entries: entries + [.init(key: "ZZZZZ", value: odd)])
            for kind in ["all", "savoir-faire"] {
                let plain = SkillsMath.competences(table, kind: kind, coreWeight: 2, Self.referential)
                let oneByOne = SkillsMath.competences(forced, kind: kind, coreWeight: 2, Self.referential)
                #expect(plain.entries.map(\.key) == oneByOne.entries.map(\.key))
                for (a, b) in zip(plain.entries, oneByOne.entries) {
                    #expect(a.value.lower == b.value.lower && a.value.upper == b.value.upper, "\(a.key)")
                    #expect(a.value.maskedCells == b.value.maskedCells && a.value.extent == b.value.extent && a.value.reason == b.value.reason)
                }
                #expect(plain.maskedCells == oneByOne.maskedCells)
                // Hand check of one competence: Σ over its métiers of value × (2 when cœur de métier).
                if let first = plain.entries.first(where: { $0.value.status == .ok || $0.value.status == .approximate }) {
                    var expected = 0.0
                    for entry in entries {
                        for use in Self.referential.competences[entry.key] ?? [] where use.code == first.key && (kind == "all" || use.kind == kind) {
                            expected += (entry.value.lower ?? 0) * (use.isCore ? 2 : 1)
                        }
                    }
                    #expect(abs((first.value.lower ?? -1) - expected) < 1e-9)
                }
            }
        }
    }
}

extension EngineCoreTests {
    @Test func aSubFormulaHasOneTextWhereverItIsWritten() throws {
        let a = try FormulaParser.parse("top(competences(to_rome(by(bmo.met, metier)), \"all\", 2), 20)")
        let b = try FormulaParser.parse("  0 - top(0 - change(percent(share(competences(to_rome(by(bmo.met, metier)),  \"all\", 2))), 1), 10)")
        let shared = "competences(to_rome(by(bmo.met, metier)), \"all\", 2.0)"
        #expect(a.nestedCalls.contains(shared) && b.nestedCalls.contains(shared))
        #expect(!a.nestedCalls.contains("by(bmo.met, metier)"), "a call of a measure alone is not nested")
        #expect(try FormulaParser.parse("bmo.met[famille = \"A\"] / 2").canonical == "(bmo.met[famille = \"A\"] / 2.0)")
    }

    @Test func sharedCallsGiveTheSameValuesAsCallsComputedEachTime() throws {
        let formulas = try ["top(competences(to_rome(by(bmo.met, metier)), \"all\", 2), 3)",
                        "percent(share(competences(to_rome(by(bmo.met, metier)), \"all\", 2)))",
                        "0 - top(0 - percent(share(competences(to_rome(by(bmo.met, metier)), \"all\", 2))), 2)",
                        "sum(to_rome(by(bmo.met, metier)))"].map { try FormulaParser.parse($0) }
        let alone = Evaluator(data: SkillsTests.data, formulas: [:])
        let together = Evaluator(data: SkillsTests.data, formulas: [:])
        together.sharesCalls = true
        for formula in formulas {
            let expected = try alone.evaluate(formula, territory: SkillsData.bassin, period: SkillsData.year)
            #expect(try together.evaluate(formula, territory: SkillsData.bassin, period: SkillsData.year) == expected)
        }
        together.forgetCalls()
        #expect(try together.evaluate(formulas[1], territory: SkillsData.bassin, period: SkillsData.year)
                == (try alone.evaluate(formulas[1], territory: SkillsData.bassin, period: SkillsData.year)))
    }
}

extension EngineCoreTests {
    @Test func valuesAndExtentsKeepTheirTextsAndEncodeAsBefore() throws {
        var value = Value.none(.absentKey(dimension: "metier", key: "X"))
        #expect(value.reason == "no metier X" && value.missingReason == .absentKey(dimension: "metier", key: "X"))
        value.missingReason = nil
        #expect(value.reason == nil && value == Value(lower: nil, upper: nil, maskedCells: 0, reason: nil, sourceIDs: .empty))
        let extent = Extent(coverage: 0.02, apportioned: 0, key: .activePopulation, coveredBy: "département 91")
        #expect(extent.coveredBy == "département 91" && extent != Extent(coverage: 0.02, apportioned: 0, key: .activePopulation))
        // The same JSON as the synthesized coding gave: cached values and snapshots read back.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let json = String(decoding: try encoder.encode(extent), as: UTF8.self)
        #expect(json == #"{"apportioned":0,"coverage":0.02,"covered_by":"département 91","key":"active-population","weighted_mean":false}"#, "\(json)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(Extent.self, from: Data(json.utf8)) == extent)
        let bare = try encoder.encode(Extent(coverage: 1, apportioned: 0.5, key: .jobs))
        #expect(!String(decoding: bare, as: UTF8.self).contains("covered_by"))
        // A masked interval plus a value without one: the first reason stays, as `a.reason ?? b.reason`.
        var reasoned = Value.exact(2)
        reasoned.missingReason = .other("first")
        #expect(Value.combine(reasoned, .exact(3), .add).reason == "first")
        #expect(Value.combine(.exact(3), .none(.other("second")), .add).reason == "second")
    }
}

/// A small deterministic generator (SplitMix64), so that a failing case can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
