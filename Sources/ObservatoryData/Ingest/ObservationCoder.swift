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

    var dictionaries = ObservationDictionaryBuilder()
    var batch = ObservationBatch()

    // Territory column: field → territory number (`none`: no code), and the written name of
    // a territory matched by name that was not found (its name when the row gives none).
    var territoryField = FieldInterner()
    var territoryOfField: [Slot] = []
    var fallbackNameOfField: [String?] = []
    var fixedTerritory: Slot?
    /// Whether the report has a name for the territory (then it is never looked at again).
    var named: [Bool] = []

    var dimensions: [DimensionColumn]
    /// The row's code of each dimension; their bytes numbered, each number's dimension set.
    var codes: [Slot]
    var codeTuples = ByteInterner()
    var setOfTuple: [Slot] = []

    /// Per label column: its dimension's position, and which of its codes have a label.
    let labelDimension: [Int]
    var labelled: [[Bool]]
    var parents: [ParentColumn]
    var parentIDs: [TerritoryID] = []
    var parentIndex: [TerritoryID: Slot] = [:]
    var parentNamed: [Bool] = []
    var parentPairs: Set<UInt64> = []
    var lastPair: UInt64 = .max

    var excludes: [ExcludeColumn]

    // Periods: a period column's field → period number (`invalid`: not a period); a year and a
    // quarter column's fields → their normalised text, the pair → period number.
    var periodField = FieldInterner()
    var periodOfField: [Slot] = []
    var yearField = FieldInterner(), quarterField = FieldInterner()
    var yearText: [String] = [], quarterText: [String] = []
    var periodOfPair: [UInt64: Slot] = [:]
    var fixedPeriod: Slot?

    let wide: [(measure: Slot, period: Slot, index: Int, column: String)]
    let measures: [(measure: Slot, index: Int, column: String)]
    var summed: [SumKey: (value: Double, status: CellStatus)] = [:]
    var sumOrder: [SumKey] = []

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
        let set = dimensionSet(row)
        for k in indexes.labels.indices { label(k, row) }
        for k in parents.indices { parent(k, of: territory, row) }
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
