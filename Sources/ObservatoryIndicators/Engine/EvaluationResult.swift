import ObservatoryCore

/// Values keyed by the codes of a dimension (`metier` → value), in a stable order.
public struct Table: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: Value
        /// Extra French text for the entry (a passerelle's competences still to acquire); empty for most tables.
        public var details: [String] = []
        public init(key: String, value: Value) {
            self.key = key
            self.value = value
        }
        public init(key: String, value: Value, details: [String]) {
            self.key = key
            self.value = value
            self.details = details
        }
    }
    public var dimension: String
    public var entries: [Entry]
    /// The masked cells under the whole table, each counted once, when its entries share cells
    /// (a crosswalk spreads one métier's masked cell over its ROME métiers, and a métier's value
    /// over its competences); `nil` when the entries share none and their counts add up.
    public var sharedMaskedCells: Int?
    /// Where the masked cells of entries spread from another table come from: entry key → key of
    /// the entry spread (a BMO métier) → its masked cells. A second spread (ROME métiers over
    /// competences) reads it to count each cell once per entry; `nil` when not spread.
    public var maskedOrigins: [String: [String: Int]]?

    public init(dimension: String, entries: [Entry], sharedMaskedCells: Int? = nil,
                maskedOrigins: [String: [String: Int]]? = nil) {
        self.dimension = dimension
        self.entries = entries
        self.sharedMaskedCells = sharedMaskedCells
        self.maskedOrigins = maskedOrigins
    }

    /// The masked cells under the table, each counted once.
    public var maskedCells: Int {
        sharedMaskedCells ?? entries.reduce(0) { $0 + $1.value.maskedCells }
    }

    public subscript(key: String) -> Value? { entries.first { $0.key == key }?.value }

    /// Entries by decreasing value (no value last), ties by key.
    public var ranked: [Entry] { ranked(first: entries.count) }

    /// The first `count` entries of ``ranked``. Positions are sorted, not entries: an entry is a
    /// large value, and moving thousands of them was most of a competence ranking's time.
    public func ranked(first count: Int) -> [Entry] {
        let numbers = entries.map(\.value.number)
        func before(_ l: Int, _ r: Int) -> Bool {
            switch (numbers[l], numbers[r]) {
            case let (a?, b?) where a != b: return a > b
            case (_?, nil): return true
            case (nil, _?): return false
            default: return entries[l].key != entries[r].key ? entries[l].key < entries[r].key : l < r
            }
        }
        let wanted = max(0, min(count, entries.count))
        guard wanted > 0 else { return [] }
        if wanted * 8 >= entries.count {
            return entries.indices.sorted(by: before).prefix(wanted).map { entries[$0] }
        }
        // A few of many (a top 20 of thousands of competences): one pass keeping the best so far.
        var best: [Int] = []
        best.reserveCapacity(wanted + 1)
        for index in entries.indices {
            if best.count == wanted, !before(index, best[wanted - 1]) { continue }
            var place = best.count
            while place > 0 && before(index, best[place - 1]) { place -= 1 }
            best.insert(index, at: place)
            if best.count > wanted { best.removeLast() }
        }
        return best.map { entries[$0] }
    }
}

/// What a formula gives for one territory and period.
public enum EvaluationResult: Sendable, Hashable {
    case scalar(Value)
    case table(Table)

    public var scalar: Value? { if case .scalar(let v) = self { v } else { nil } }
    public var table: Table? { if case .table(let t) = self { t } else { nil } }

    /// Every source that contributed.
    public var sources: Set<Provenance> { ProvenanceRegistry.shared.expand(sourceIDs) }

    /// Every source that contributed, as ids.
    public var sourceIDs: SourceSet {
        switch self {
        case .scalar(let value): value.sourceIDs
        case .table(let table): table.entries.reduce(into: SourceSet()) { $0.formUnion($1.value.sourceIDs) }
        }
    }
}

/// One input read while evaluating, for `observatory explain`.
public struct TraceEntry: Sendable, Hashable {
    /// The reference as written: `bmo.met[famille = "A"]`.
    public var input: String
    public var territory: TerritoryID
    public var period: Period
    public var result: EvaluationResult
    /// How the territory was assembled from the data's units (`sum of 3 bassins BMO`), if not directly.
    public var note: String?

    public init(input: String, territory: TerritoryID, period: Period, result: EvaluationResult, note: String?) {
        self.input = input
        self.territory = territory
        self.period = period
        self.result = result
        self.note = note
    }
}

/// What the data layer answers for one measure reference.
public struct MeasureAccess: Sendable {
    public var result: EvaluationResult
    /// How the territory's value was assembled (`exact: 3 bassins BMO`, `approximate: …`), for explain.
    public var note: String?

    public init(result: EvaluationResult, note: String? = nil) {
        self.result = result
        self.note = note
    }
}

/// The data an evaluation reads: measures aggregated to any territory, their periods, reference territories.
public protocol IndicatorData: Sendable {
    /// The measure, filtered, summed over every dimension but `groupBy` (a table when given), for
    /// `territory` at `period` — aggregated exactly from the data's units where the territory is a
    /// union of them, approximately (with coverage) otherwise, or no value with the reason.
    func measure(_ reference: MeasureReference, groupBy: String?, territory: TerritoryID, period: Period) throws -> MeasureAccess
    /// The periods the measure has data for, oldest first.
    func periods(of reference: MeasureReference) throws -> [Period]
    /// The département, région or France a territory is compared with; `nil` when it has none.
    func reference(_ name: String, of territory: TerritoryID) throws -> TerritoryID?
    /// The ROME 4.0 referential (métiers, competences, mobility) and the FAP → ROME crosswalks;
    /// `nil` when the ROME is not in the store.
    func skills() throws -> SkillsReferential?
    /// The training offers placed in the territory and the certifications, per ROME code; `nil`
    /// when no training catalogue is stored.
    func trainingSupply(for territory: TerritoryID) throws -> TrainingSupply?
}

extension IndicatorData {
    public func skills() throws -> SkillsReferential? { nil }
    public func trainingSupply(for territory: TerritoryID) throws -> TrainingSupply? { nil }
}
