import ObservatoryCore

/// Turns the data rows of one file into ``ObservationBatch`` rows, as a ``RowPlan`` says.
///
/// Each column the plan reads is numbered by its stored form (``FieldInterner``): a code, a
/// period or an excluded value is worked out once per distinct field, not per row, and a row
/// becomes a few integers. Territories, periods, measures and dimension sets are numbered in the
/// order they are first met; the same strings give the same number, compared as Swift compares
/// strings, as the per-observation dictionaries did before.
struct ObservationCoder {
    typealias Slot = Int32
    static let none: Slot = -1
    static let invalid: Slot = -2

    let plan: RowPlan
    let indexes: RowPlan.Indexes
    let parser: ValueParser
    let codesByName: [String: String]
    let sums: Bool
    var report: ExtractionReport

    private(set) var dictionaries = ObservationDictionaryBuilder()
    private(set) var batch = ObservationBatch()

    // Territory column: field → territory number (`none`: no code), and the written name of
    // a territory matched by name that was not found (its name when the row gives none).
    private var territoryField = FieldInterner()
    private var territoryOfField: [Slot] = []
    private var fallbackNameOfField: [String?] = []
    private var fixedTerritory: Slot?
    /// Whether the report has a name for the territory (then it is never looked at again).
    private var named: [Bool] = []

    private var dimensions: [DimensionColumn]
    /// The row's code of each dimension; their bytes numbered, each number's dimension set.
    private var codes: [Slot]
    private var codeTuples = ByteInterner()
    private var setOfTuple: [Slot] = []

    /// Per label column: its dimension's position, and which of its codes have a label.
    private let labelDimension: [Int]
    private var labelled: [[Bool]]
    private var parents: [ParentColumn]
    private var parentIDs: [TerritoryID] = []
    private var parentIndex: [TerritoryID: Slot] = [:]
    private var parentNamed: [Bool] = []
    private var parentPairs: Set<UInt64> = []
    private var lastPair: UInt64 = .max

    private var excludes: [ExcludeColumn]

    // Periods: a period column's field → period number (`invalid`: not a period); a year and a
    // quarter column's fields → their normalised text, the pair → period number.
    private var periodField = FieldInterner()
    private var periodOfField: [Slot] = []
    private var yearField = FieldInterner(), quarterField = FieldInterner()
    private var yearText: [String] = [], quarterText: [String] = []
    private var periodOfPair: [UInt64: Slot] = [:]
    private var fixedPeriod: Slot?

    private let wide: [(measure: Slot, period: Slot, index: Int, column: String)]
    private let measures: [(measure: Slot, index: Int, column: String)]
    private var summed: [SumKey: (value: Double, status: CellStatus)] = [:]
    private var sumOrder: [SumKey] = []

    /// Rows a batch is made room for.
    let batchSize: Int

    init(plan: RowPlan, indexes: RowPlan.Indexes, codesByName: [String: String], report: ExtractionReport,
         batchSize: Int = 1 << 16) {
        self.batchSize = batchSize
        self.plan = plan
        self.indexes = indexes
        self.parser = ValueParser(plan.spec.values)
        self.codesByName = codesByName
        self.sums = plan.spec.duplicates == .sum
        self.report = report
        dimensions = indexes.dimensions.map { DimensionColumn(name: $0.name, index: $0.index, column: $0.column) }
        codes = Array(repeating: 0, count: dimensions.count)
        labelled = indexes.labels.map { _ in [] }
        labelDimension = indexes.labels.map { label in indexes.dimensions.firstIndex { $0.name == label.dimension }! }
        parents = indexes.parents.map { ParentColumn(geography: $0.geography, index: $0.index, column: $0.column, labelIndex: $0.labelIndex) }
        excludes = indexes.exclude.map { ExcludeColumn(index: $0.index, values: $0.values) }
        var dictionaries = ObservationDictionaryBuilder()
        wide = indexes.wide.map { (dictionaries.measure($0.measure), dictionaries.period($0.period), $0.index, $0.column) }
        measures = indexes.measures.map { (dictionaries.measure($0.name), $0.index, $0.column) }
        self.dictionaries = dictionaries
        if case .fixed(let period) = indexes.period { fixedPeriod = self.dictionaries.period(period) }
    }

    /// Codes one data row into the current batch. Throws ``IngestError`` for a cell that is not
    /// a number, a period that is not one, a territory column value without a case.
    mutating func code(_ row: some FieldRow) throws {
        report.rows += 1
        for k in excludes.indices {
            let (field, isNew) = row.intern(excludes[k].index, in: &excludes[k].fields)
            if isNew { excludes[k].excluded.append(excludes[k].values.contains(row.cell(excludes[k].index).trimmed)) }
            if excludes[k].excluded[Int(field)] {
                report.excluded += 1
                return
            }
        }
        guard let (territory, name) = try territory(row) else {
            report.withoutTerritory += 1
            return
        }
        if !named[Int(territory)] { self.name(territory, row, name) }
        let set = try dimensionSet(row)
        for k in indexes.labels.indices { try label(k, row) }
        for k in parents.indices { try parent(k, of: territory, row) }
        let period: Slot
        switch indexes.period {
        case .fixed: period = fixedPeriod!
        case .column(let index): period = try columnPeriod(index, row)
        case .yearQuarter(let year, let quarter): period = try yearQuarterPeriod(year, quarter, row)
        case .none: period = Self.none
        }
        for cell in wide { try emit(cell.measure, territory, cell.period, set, cell.index, cell.column, row) }
        if period != Self.none {
            for cell in measures { try emit(cell.measure, territory, period, set, cell.index, cell.column, row) }
        }
    }

    /// The rows coded since the last call, with the dictionary entries they bring.
    mutating func takeBatch() -> ObservationBatch {
        var taken = batch
        dictionaries.fill(&taken)
        batch = ObservationBatch()
        batch.rows.reserveCapacity(batchSize)
        return taken
    }

    /// After the last row: the summed observations (`duplicates: sum`), in the order of their
    /// text key, as one batch; then the report's notes.
    mutating func finish() -> ObservationBatch {
        if sums {
            var texts: [SumKey: String] = [:]
            for key in sumOrder { texts[key] = sortText(key) }
            for key in sumOrder.sorted(by: { texts[$0]! < texts[$1]! }) {
                let total = summed[key]!
                report.count(total.status)
                batch.append(measure: key.measure, territory: key.territory, period: key.period, dimensionSet: key.set,
                              value: total.value, status: total.status)
            }
        }
        if report.withoutTerritory > 0 { report.notes.append("\(report.withoutTerritory) rows without a territory code were skipped") }
        if report.cutLabels > 0 {
            report.notes.append("\(report.cutLabels) labels or territory names longer than \(TextCap.label) characters were cut (…)")
        }
        if report.excluded > 0 { report.notes.append("\(report.excluded) rows excluded by the dataset's 'exclude' rule") }
        return takeBatch()
    }

    // MARK: Cells

    @inline(__always)
    private mutating func emit(_ measure: Slot, _ territory: Slot, _ period: Slot, _ set: Slot, _ index: Int,
                               _ column: String, _ row: some FieldRow) throws {
        let value: Double
        let status: CellStatus
        switch row.value(index, parser) {
        case .value(let number): value = number; status = .present
        case .masked: value = 0; status = .masked
        case .missing: value = 0; status = .missing
        case .invalid(let text):
            throw IngestError.notANumber(source: plan.source, row: row.number, column: column, text: text)
        }
        if sums {
            let key = SumKey(measure: measure, territory: territory, period: period, set: set)
            if let previous = summed[key] {
                let combined: CellStatus = previous.status == .masked || status == .masked ? .masked
                    : previous.status == .present || status == .present ? .present : .missing
                summed[key] = (previous.value + value, combined)
            } else {
                summed[key] = (value, status)
                sumOrder.append(key)
            }
            return
        }
        report.count(status)
        batch.append(measure: measure, territory: territory, period: period, dimensionSet: set, value: value, status: status)
    }

    /// The key of a summed observation as the store used to order them: measure, territory, period, dimensions.
    private func sortText(_ key: SumKey) -> String {
        let dimensions = dictionaries.dimensionSets[Int(key.set)]
        return "\(dictionaries.measures[Int(key.measure)])|\(dictionaries.territories[Int(key.territory)])|"
            + "\(dictionaries.periods[Int(key.period)])|"
            + dimensions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    struct SumKey: Hashable {
        let measure: Slot, territory: Slot, period: Slot, set: Slot
    }
}

// MARK: - Territories, names, dimensions, labels, parents, periods

extension ObservationCoder {
    struct DimensionColumn {
        let name: String
        let index: Int
        let column: IngestSpec.Column
        var fields = FieldInterner()
        var codeOfField: [Slot] = []
        var codes: [String] = []
        var codeIndex: [String: Slot] = [:]
    }

    struct ParentColumn {
        let geography: Geography
        let index: Int
        let column: IngestSpec.Column
        let labelIndex: Int?
        var fields = FieldInterner()
        var parentOfField: [Slot] = []
    }

    struct ExcludeColumn {
        let index: Int
        let values: Set<String>
        var fields = FieldInterner()
        var excluded: [Bool] = []
    }

    /// The row's territory number, and its name when known without reading the name column: the
    /// written name of a territory matched by name that was not found (kept when the name column
    /// is empty), or the name a territory column chosen by another column's value gives.
    private mutating func territory(_ row: some FieldRow) throws -> (Slot, String?)? {
        switch indexes.territory {
        case .fixed(let id):
            if let fixedTerritory { return (fixedTerritory, nil) }
            let number = register(id)
            fixedTerritory = number
            return (number, nil)
        case .column(let index, _, _, _):
            let (field, isNew) = row.intern(index, in: &territoryField)
            if isNew {
                if let found = try plan.territory(indexes.territory, row) {
                    let (id, fallback) = matched(found.id)
                    territoryOfField.append(register(id))
                    fallbackNameOfField.append(fallback)
                } else {
                    territoryOfField.append(Self.none)
                    fallbackNameOfField.append(nil)
                }
            }
            let number = territoryOfField[Int(field)]
            return number == Self.none ? nil : (number, fallbackNameOfField[Int(field)])
        case .switched:
            guard let found = try plan.territory(indexes.territory, row) else { return nil }
            let (id, fallback) = matched(found.id)
            return (register(id), found.name ?? fallback)
        }
    }

    /// With `match: name`: the code of the store's territory of that name, or the written name kept.
    private mutating func matched(_ id: TerritoryID) -> (TerritoryID, String?) {
        guard plan.spec.matchTerritoryByName else { return (id, nil) }
        let written = id.code
        if let code = codesByName[NameKey.fold(written)] {
            report.matchedNames.insert(written)
            return (TerritoryID(id.geography, code), nil)
        }
        report.unmatchedNames.insert(written)
        return (id, written)
    }

    private mutating func register(_ id: TerritoryID) -> Slot {
        let (number, isNew) = dictionaries.territory(id)
        if isNew {
            named.append(false)
            report.territories.insert(id)
        }
        return number
    }

    /// The first name a row gives a territory (from its name column, else `known`) is kept,
    /// unless a parent column named it first.
    private mutating func name(_ territory: Slot, _ row: some FieldRow, _ known: String?) {
        let id = dictionaries.territories[Int(territory)]
        if report.territoryNames[id] != nil {
            named[Int(territory)] = true
            return
        }
        var name: String?
        if case .column(_, _, _, let nameIndex?) = indexes.territory {
            let text = row.cell(nameIndex).trimmed
            if !text.isEmpty { name = text }
        }
        guard let name = name ?? known else { return }
        report.territoryNames[id] = report.capped(name)
        named[Int(territory)] = true
    }

    private mutating func dimensionSet(_ row: some FieldRow) throws -> Slot {
        for d in dimensions.indices {
            let (field, isNew) = row.intern(dimensions[d].index, in: &dimensions[d].fields)
            if isNew {
                let code = RowPlan.code(row.cell(dimensions[d].index), dimensions[d].column)
                if let known = dimensions[d].codeIndex[code] {
                    dimensions[d].codeOfField.append(known)
                } else {
                    let number = Slot(dimensions[d].codes.count)
                    dimensions[d].codes.append(code)
                    dimensions[d].codeIndex[code] = number
                    dimensions[d].codeOfField.append(number)
                }
            }
            codes[d] = dimensions[d].codeOfField[Int(field)]
        }
        let (tuple, isNew) = Self.intern(codes, in: &codeTuples)
        if isNew {
            var values: [String: String] = [:]
            for d in dimensions.indices { values[dimensions[d].name] = dimensions[d].codes[Int(codes[d])] }
            setOfTuple.append(dictionaries.dimensionSet(values))
        }
        return setOfTuple[Int(tuple)]
    }

    private static func intern(_ codes: [Slot], in interner: inout ByteInterner) -> (index: Int32, isNew: Bool) {
        codes.withUnsafeBytes { raw in
            interner.index(of: UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
        }
    }

    /// The first label a row gives a dimension's code is kept.
    private mutating func label(_ k: Int, _ row: some FieldRow) throws {
        let label = indexes.labels[k]
        let d = labelDimension[k]
        let code = Int(codes[d])
        if labelled[k].count <= code { labelled[k] += Array(repeating: false, count: code + 1 - labelled[k].count) }
        guard !labelled[k][code] else { return }
        let codeText = dimensions[d].codes[code]
        if codeText.isEmpty {
            labelled[k][code] = true
            return
        }
        let text = row.cell(label.index).trimmed
        guard !text.isEmpty else { return }
        if report.labels[label.dimension]?[codeText] == nil {
            report.labels[label.dimension, default: [:]][codeText] = report.capped(text)
        }
        labelled[k][code] = true
    }

    private mutating func parent(_ k: Int, of territory: Slot, _ row: some FieldRow) throws {
        let (field, isNew) = row.intern(parents[k].index, in: &parents[k].fields)
        if isNew {
            let code = RowPlan.code(row.cell(parents[k].index), parents[k].column)
            if code.isEmpty {
                parents[k].parentOfField.append(Self.none)
            } else {
                let id = TerritoryID(parents[k].geography, code)
                if let known = parentIndex[id] {
                    parents[k].parentOfField.append(known)
                } else {
                    let number = Slot(parentIDs.count)
                    parentIDs.append(id)
                    parentIndex[id] = number
                    parentNamed.append(false)
                    parents[k].parentOfField.append(number)
                }
            }
        }
        let parent = parents[k].parentOfField[Int(field)]
        guard parent != Self.none else { return }
        let pair = UInt64(UInt32(bitPattern: territory)) << 32 | UInt64(UInt32(bitPattern: parent))
        if pair != lastPair {
            if parentPairs.insert(pair).inserted {
                report.parents[dictionaries.territories[Int(territory)], default: []].insert(parentIDs[Int(parent)])
            }
            lastPair = pair
        }
        guard let labelIndex = parents[k].labelIndex, !parentNamed[Int(parent)] else { return }
        let id = parentIDs[Int(parent)]
        if report.territoryNames[id] != nil {
            parentNamed[Int(parent)] = true
            return
        }
        let name = row.cell(labelIndex).trimmed
        guard !name.isEmpty else { return }
        report.territoryNames[id] = report.capped(name)
        parentNamed[Int(parent)] = true
    }

    private mutating func columnPeriod(_ index: Int, _ row: some FieldRow) throws -> Slot {
        let (field, isNew) = row.intern(index, in: &periodField)
        if isNew {
            periodOfField.append(Period.loose(row.cell(index).trimmed).map { dictionaries.period($0) } ?? Self.invalid)
        }
        let period = periodOfField[Int(field)]
        if period == Self.invalid {
            throw IngestError.badPeriod(source: plan.source, row: row.number, text: row.cell(index).trimmed)
        }
        return period
    }

    private mutating func yearQuarterPeriod(_ yearIndex: Int, _ quarterIndex: Int, _ row: some FieldRow) throws -> Slot {
        let (year, newYear) = row.intern(yearIndex, in: &yearField)
        if newYear { yearText.append(CodeNormalizer.normalize(row.cell(yearIndex).trimmed, pad: nil)) }
        let (quarter, newQuarter) = row.intern(quarterIndex, in: &quarterField)
        if newQuarter { quarterText.append(CodeNormalizer.normalize(row.cell(quarterIndex).trimmed, pad: nil)) }
        let pair = UInt64(UInt32(bitPattern: year)) << 32 | UInt64(UInt32(bitPattern: quarter))
        if let known = periodOfPair[pair], known != Self.invalid { return known }
        let y = yearText[Int(year)], q = quarterText[Int(quarter)]
        guard let yearNumber = Int(y), let quarterNumber = Int(q), (1...4).contains(quarterNumber) else {
            periodOfPair[pair] = Self.invalid
            throw IngestError.badPeriod(source: plan.source, row: row.number, text: "\(y) T\(q)")
        }
        let period = dictionaries.period(.quarter(yearNumber, quarterNumber))
        periodOfPair[pair] = period
        return period
    }
}
