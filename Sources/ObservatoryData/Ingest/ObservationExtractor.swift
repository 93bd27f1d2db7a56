import Foundation
import ObservatoryCore

/// What an extraction read and produced.
public struct ExtractionReport: Sendable {
    public var source = ""
    /// Data rows read below the header.
    public var rows = 0
    public var present = 0
    public var masked = 0
    public var missing = 0
    /// Rows skipped by an `exclude` rule.
    public var excluded = 0
    /// Rows without a territory code, skipped.
    public var withoutTerritory = 0
    /// Territory names the file gives beside its codes (bassin names, EPCI names).
    public var territoryNames: [TerritoryID: String] = [:]
    /// Distinct territories seen.
    public var territories: Set<TerritoryID> = []
    /// Labels of dimension codes: dimension → code → label.
    public var labels: [String: [String: String]] = [:]
    /// Parents the file gives its territories (a bassin BMO's département and région): child → parents.
    public var parents: [TerritoryID: Set<TerritoryID>] = [:]
    public var notes: [String] = []
    /// With `match: name`: the names found among the store's territories, and those that were not.
    public var matchedNames: Set<String> = []
    public var unmatchedNames: Set<String> = []
    /// Labels and territory names longer than ``TextCap/label`` characters, kept cut.
    public var cutLabels = 0

    public var observations: Int { present + masked + missing }

    public init() {}
}

/// Streams the observations of one file, as its ingest spec describes them.
public struct ObservationExtractor: Sendable {
    public var file: URL
    public var displayName: String
    public var spec: IngestSpec
    public var vintage: String
    public var workDirectory: URL

    /// With `match: name`: the codes of the territories of the spec's geography, by ``NameKey``.
    public var codesByName: [String: String] = [:]

    public init(file: URL, displayName: String, spec: IngestSpec, vintage: String, workDirectory: URL) {
        self.file = file
        self.displayName = displayName
        self.spec = spec
        self.vintage = vintage
        self.workDirectory = workDirectory
    }

    /// Reads the file and hands each observation to `emit`. Throws ``IngestError``, a reader's or
    /// `emit`'s error; nothing is half-done from the caller's point of view if it runs in a transaction.
    public func run(_ emit: (Observation) throws -> Void) throws -> ExtractionReport {
        let template = VintageTemplate(vintage: vintage)
        let table = try TableSource.open(file, displayName: displayName, spec: spec, template: template,
                                         workDirectory: workDirectory)
        let source = table.sourceDescription
        var plan = try RowPlan(spec: spec, template: template, source: source)
        var report = ExtractionReport()
        report.source = source
        var summed: [SumKey: (value: Double, status: CellStatus)] = [:]
        let parser = ValueParser(spec.values)

        try table.forEachDataRow(header: plan.header, requiring: plan.required) { row in
            if plan.indexes == nil { try plan.resolve(row.columns) }
            report.rows += 1
            if plan.isExcluded(row) {
                report.excluded += 1
                return
            }
            guard var territory = try plan.territory(row) else {
                report.withoutTerritory += 1
                return
            }
            if spec.matchTerritoryByName {
                let written = territory.id.code
                if let code = codesByName[NameKey.fold(written)] {
                    territory = (TerritoryID(territory.id.geography, code), territory.name)
                    report.matchedNames.insert(written)
                } else {
                    territory.name = territory.name ?? written
                    report.unmatchedNames.insert(written)
                }
            }
            report.territories.insert(territory.id)
            if let name = territory.name, report.territoryNames[territory.id] == nil {
                report.territoryNames[territory.id] = report.capped(name)
            }
            let dimensions = plan.dimensions(row)
            for (dimension, code, label) in plan.labels(row) where report.labels[dimension]?[code] == nil {
                report.labels[dimension, default: [:]][code] = report.capped(label)
            }
            for (parent, name) in plan.parents(row) {
                report.parents[territory.id, default: []].insert(parent)
                if let name, report.territoryNames[parent] == nil { report.territoryNames[parent] = report.capped(name) }
            }
            for cell in try plan.cells(row) {
                let parsed = parser.parse(row[cell.index])
                var observation: Observation
                switch parsed {
                case .value(let value):
                    observation = Observation(measure: cell.measure, territory: territory.id, period: cell.period,
                                              dimensions: dimensions, value: value, status: .present)
                case .masked:
                    observation = Observation(measure: cell.measure, territory: territory.id, period: cell.period,
                                              dimensions: dimensions, value: nil, status: .masked)
                case .missing:
                    observation = Observation(measure: cell.measure, territory: territory.id, period: cell.period,
                                              dimensions: dimensions, value: nil, status: .missing)
                case .invalid(let text):
                    throw IngestError.notANumber(source: source, row: row.number, column: cell.column, text: text)
                }
                if spec.duplicates == .sum {
                    let key = SumKey(observation)
                    if let previous = summed[key] {
                        let status: CellStatus = previous.status == .masked || observation.status == .masked ? .masked
                            : previous.status == .present || observation.status == .present ? .present : .missing
                        summed[key] = ((previous.value + (observation.value ?? 0)), status)
                    } else {
                        summed[key] = (observation.value ?? 0, observation.status)
                    }
                    continue
                }
                report.count(observation.status)
                try emit(observation)
            }
        }
        if spec.duplicates == .sum {
            for (key, total) in summed.sorted(by: { $0.key < $1.key }) {
                let observation = Observation(measure: key.measure, territory: key.territory, period: key.period,
                                              dimensions: key.dimensions, value: total.value, status: total.status)
                report.count(observation.status)
                try emit(observation)
            }
        }
        if report.withoutTerritory > 0 { report.notes.append("\(report.withoutTerritory) rows without a territory code were skipped") }
        if report.cutLabels > 0 {
            report.notes.append("\(report.cutLabels) labels or territory names longer than \(TextCap.label) characters were cut (…)")
        }
        if report.excluded > 0 { report.notes.append("\(report.excluded) rows excluded by the dataset's 'exclude' rule") }
        return report
    }

    /// The key of an observation, for summing the parts of one zone.
    struct SumKey: Hashable, Comparable {
        let measure: String
        let territory: TerritoryID
        let period: Period
        let dimensions: [String: String]
        let sortText: String

        init(_ observation: Observation) {
            measure = observation.measure
            territory = observation.territory
            period = observation.period
            dimensions = observation.dimensions
            sortText = "\(measure)|\(territory)|\(period)|" + dimensions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        }

        static func < (lhs: Self, rhs: Self) -> Bool { lhs.sortText < rhs.sortText }
    }
}

extension ExtractionReport {
    /// `text` cut to ``TextCap/label`` characters, counted when cut.
    mutating func capped(_ text: String) -> String {
        guard TextCap.exceeds(text, TextCap.label) else { return text }
        cutLabels += 1
        return TextCap.cut(text, TextCap.label)
    }

    mutating func count(_ status: CellStatus) {
        switch status {
        case .present: present += 1
        case .masked: masked += 1
        case .missing: missing += 1
        }
    }
}
