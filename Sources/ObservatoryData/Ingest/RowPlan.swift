import Foundation
import ObservatoryCore

/// An ingest spec compiled against one file's columns: which cell gives what.
struct RowPlan {
    struct CellRef {
        let measure: String
        let index: Int
        let period: Period
        let column: String
    }

    indirect enum CompiledTerritory {
        case column(index: Int, pad: Int?, geography: Geography, nameIndex: Int?)
        case fixed(TerritoryID)
        case switched(index: Int, column: String, cases: [String: CompiledTerritory])
    }

    enum CompiledPeriod {
        case fixed(Period)
        case column(Int)
        case yearQuarter(Int, Int)
        case none
    }

    struct Indexes {
        var territory: CompiledTerritory
        var period: CompiledPeriod
        var dimensions: [(name: String, index: Int, column: IngestSpec.Column)]
        var labels: [(dimension: String, dimensionIndex: Int, index: Int, column: IngestSpec.Column)]
        var parents: [(geography: Geography, index: Int, column: IngestSpec.Column, labelIndex: Int?)]
        var measures: [(name: String, index: Int, column: String)]
        var wide: [CellRef]
        var exclude: [(index: Int, values: Set<String>)]
    }

    let spec: IngestSpec
    let template: VintageTemplate
    let source: String
    let header: HeaderLocation
    let required: [String]
    private(set) var indexes: Indexes?

    init(spec: IngestSpec, template: VintageTemplate, source: String) throws {
        self.spec = spec
        self.template = template
        self.source = source
        switch spec.header {
        case .row(let row): header = .row(row)
        case .containing(let names): header = .firstRowContaining(names.map(template.fill))
        case .absent(let names): header = .absent(columnNames: names)
        }
        var names: [String] = []
        if let territory = spec.territory { Self.columns(of: territory, template, into: &names) }
        switch spec.period {
        case .column(let column)?: names.append(template.fill(column))
        case .yearQuarter(let year, let quarter)?: names += [template.fill(year), template.fill(quarter)]
        default: break
        }
        names += spec.dimensions.map { template.fill($0.column.name) }
        names += spec.labels.values.map(template.fill)
        names += spec.parents.values.map { template.fill($0.name) }
        names += spec.parents.values.compactMap(\.labelColumn).map(template.fill)
        names += spec.measures.map { template.fill($0.column) }
        names += spec.exclude.keys.map(template.fill)
        var seen: Set<String> = []
        required = names.filter { seen.insert($0).inserted }
    }

    private static func columns(of territory: IngestSpec.Territory, _ template: VintageTemplate, into names: inout [String]) {
        switch territory {
        case .column(let column, _, let nameColumn):
            names.append(template.fill(column.name))
            if let nameColumn { names.append(template.fill(nameColumn)) }
        case .fixed: break
        case .switched(let column, let cases):
            names.append(template.fill(column))
            for sub in cases.values { columns(of: sub, template, into: &names) }
        }
    }

    mutating func resolve(_ columns: ColumnMap) throws {
        func index(_ name: String) throws -> Int { try columns.requireIndex(of: template.fill(name)) }
        func compile(_ territory: IngestSpec.Territory) throws -> CompiledTerritory {
            switch territory {
            case .column(let column, let geography, let nameColumn):
                return .column(index: try index(column.name), pad: column.pad, geography: geography,
                               nameIndex: try nameColumn.map(index))
            case .fixed(let id):
                return .fixed(id)
            case .switched(let column, let cases):
                return .switched(index: try index(column), column: template.fill(column), cases: try cases.mapValues(compile))
            }
        }
        let period: CompiledPeriod
        switch spec.period {
        case .fixed(let text)?:
            let filled = template.fill(text)
            guard let parsed = Period.loose(filled) else {
                throw IngestError.configuration(source: source, message: "the period '\(filled)' (from '\(text)') is not a period; give the file a dated vintage or a period column")
            }
            period = .fixed(parsed)
        case .column(let column)?: period = .column(try index(column))
        case .yearQuarter(let year, let quarter)?: period = .yearQuarter(try index(year), try index(quarter))
        case nil: period = .none
        }
        var wide: [CellRef] = []
        for rule in spec.wide {
            let regex = try NSRegularExpression(pattern: template.fill(rule.pattern))
            for (position, name) in columns.names.enumerated() {
                let range = NSRange(name.startIndex..., in: name)
                guard let match = regex.firstMatch(in: name, range: range) else { continue }
                let captured = match.numberOfRanges > 1 ? Range(match.range(at: 1), in: name).map { String(name[$0]) } : nil
                guard let parsed = Period.loose(captured ?? name) else {
                    throw IngestError.badPeriod(source: source, row: columns.headerRowNumber, text: captured ?? name)
                }
                wide.append(CellRef(measure: rule.measure, index: position, period: parsed, column: name))
            }
        }
        if !spec.wide.isEmpty && wide.isEmpty {
            throw IngestError.configuration(source: source, message: "no column matches the 'wide' patterns "
                + spec.wide.map { "'\($0.pattern)'" }.joined(separator: ", ") + "; found: " + columns.foundNames.joined(separator: ", "))
        }
        indexes = Indexes(
            territory: try compile(spec.territory!),
            period: period,
            dimensions: try spec.dimensions.map { ($0.name, try index($0.column.name), $0.column) },
            labels: try spec.labels.sorted { $0.key < $1.key }.map { label in
                let dimension = spec.dimensions.first { $0.name == label.key }!
                return (label.key, try index(dimension.column.name), try index(label.value), dimension.column)
            },
            parents: try spec.parents.sorted { $0.key < $1.key }.map {
                ($0.key, try index($0.value.name), $0.value, try $0.value.labelColumn.map(index))
            },
            measures: try spec.measures.map { ($0.name, try index($0.column), template.fill($0.column)) },
            wide: wide,
            exclude: try spec.exclude.map { (try index($0.key), Set($0.value)) })
    }

    /// The territory of a row from its cells (the coder calls it once per distinct code, or per
    /// row for a territory that depends on another column); `nil` for a row without a code.
    func territory(_ compiled: CompiledTerritory, _ row: some FieldRow) throws -> (id: TerritoryID, name: String?)? {
        switch compiled {
        case .fixed(let id):
            return (id, nil)
        case .column(let index, let pad, let geography, let nameIndex):
            let code = CodeNormalizer.normalize(row.cell(index).trimmed, pad: pad)
            guard !code.isEmpty else { return nil }
            let name = nameIndex.map { row.cell($0).trimmed }.flatMap { $0.isEmpty ? nil : $0 }
            return (TerritoryID(geography, code), name)
        case .switched(let index, let column, let cases):
            let value = row.cell(index).trimmed
            guard let sub = cases[value] else {
                throw IngestError.configuration(source: source, message: "row \(row.number): \(column) = '\(value)' has no territory case (cases: \(cases.keys.sorted().joined(separator: ", ")))")
            }
            return try territory(sub, row)
        }
    }

    static func code(_ cell: Cell, _ column: IngestSpec.Column) -> String {
        var text = cell.trimmed
        if column.firstWord, let space = text.firstIndex(of: " ") { text = String(text[..<space]) }
        return CodeNormalizer.normalize(text, pad: column.pad)
    }
}
