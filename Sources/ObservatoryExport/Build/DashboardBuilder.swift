import Foundation
import ObservatoryCharts
import ObservatoryCore
import ObservatoryIndicators

/// Builds dashboard documents (values, notes, chart specs, sources) from ``ExportData``. Pure:
/// the same data gives the same documents.
public struct DashboardBuilder: Sendable {
    public var data: ExportData

    public init(data: ExportData) { self.data = data }

    /// At most this many peers in a peer table, and entries in a ranked chart.
    public static let maxPeers = 15
    static let maxEntries = 15

    // MARK: Territory pages

    public func document(_ dashboard: DashboardDefinition, territory: TerritoryID) -> DashboardDocument {
        var sources = SourceCollector(data: data)
        let references = data.references[territory] ?? []
        let peers = Array((data.peers[territory] ?? []).prefix(Self.maxPeers))
        let folder = Self.svgFolder(dashboard, territory)
        let keyFigures = dashboard.keyFigures.compactMap {
            keyFigure($0, territory: territory, references: references, folder: folder, sources: &sources)
        }
        let sections = dashboard.sections.map { section in
            SectionDoc(title: section.title, anchor: section.anchor, intro: section.intro,
                       indicators: section.items.compactMap { item in
                           indicatorDoc(item, territory: territory, references: references, folder: folder, sources: &sources)
                       })
        }
        let peerTable = dashboard.peerTable.isEmpty ? nil
            : peerTableDoc(dashboard.peerTable, rows: [territory] + peers, subject: territory,
                           title: "\(data.name(territory)) et les territoires comparables", folder: folder, sources: &sources)
        let locator = locatorDoc(territory, folder: folder, sources: &sources)
        let maps = territory.geography == .region ? mapDocs(dashboard, region: territory, folder: folder, sources: &sources) : []
        let geojson = territory.geography == .region ? geojsonRefs(region: territory) : []
        let demarches = data.demarches.filter { $0.territory == territory }.map(DemarcheBuilder.link)
        var document = DashboardDocument(
            dashboard: DashboardRef(id: dashboard.id, title: dashboard.title, kind: dashboard.kind.rawValue, description: dashboard.description),
            territory: data.ref(territory),
            references: references.map { ReferenceRef(role: $0.role.rawValue, territory: data.ref($0.territory), filed: true) },
            peers: peers.map(data.ref), keyFigures: keyFigures, sections: sections, peerTable: peerTable,
            sources: sources.documents, locator: locator, maps: maps.isEmpty ? nil : maps, geojson: geojson.isEmpty ? nil : geojson)
        document.demarches = demarches.isEmpty ? nil : demarches
        document.renumberSources(sources.positions)
        return document
    }

    /// Where a page's SVG files go, relative to the site root.
    public static func svgFolder(_ dashboard: DashboardDefinition, _ territory: TerritoryID) -> String {
        "svg/\(dashboard.id)/\(Slug.territory(territory))"
    }

    func keyFigure(_ figure: DashboardDefinition.KeyFigure, territory: TerritoryID,
                   references: [(role: IndicatorDefinition.Comparison, territory: TerritoryID)],
                   folder: String, sources: inout SourceCollector) -> KeyFigureDoc? {
        guard let indicator = data.library.indicator(figure.indicator) else { return nil }
        let unit = indicator.definition.unit
        let latest = data.latest(indicator.id, territory)
        let value = latest.flatMap { $0.result.scalar.map { valueDoc(Self.wholeOnly($0), unit: unit, territory: territory, role: "subject", period: latest!.period, sources: &sources) } }
        let comparisons: [ValueDoc] = references.compactMap { reference in
            guard let last = data.latest(indicator.id, reference.territory), let scalar = last.result.scalar else { return nil }
            return valueDoc(scalar, unit: unit, territory: reference.territory, role: reference.role.rawValue, period: last.period, sources: &sources)
        }
        var sparkline: ChartSpec?
        let sparkID = figure.sparkline ?? indicator.id
        if let sparkIndicator = data.library.indicator(sparkID) {
            let points = data.series(sparkID, territory).compactMap { entry -> ChartSpec.Point? in
                entry.result.scalar.map { point($0, unit: sparkIndicator.definition.unit, period: entry.period) }
            }
            if points.filter({ $0.value != nil || $0.status == .masked }).count >= 3 {
                let style = UnitStyle(sparkIndicator.definition.unit, values: points.compactMap(\.value))
                sparkline = ChartSpec(kind: .sparkline, title: "\(sparkIndicator.definition.title), \(data.name(territory))",
                                      format: style.format, decimals: style.decimals, width: 180, height: 44,
                                      series: [.init(name: data.name(territory), points: points.map(style.scaled))],
                                      id: "spark-" + Slug.make(sparkID))
            }
        }
        return KeyFigureDoc(indicator: indicator.id, title: indicator.definition.title, unit: unit.rawValue, value: value,
                            comparisons: comparisons, sparkline: sparkline,
                            sparklineFile: sparkline.map { _ in "\(folder)/spark-\(sparkID).svg" })
    }

    func indicatorDoc(_ item: DashboardDefinition.Item, territory: TerritoryID,
                      references: [(role: IndicatorDefinition.Comparison, territory: TerritoryID)],
                      folder: String, sources: inout SourceCollector) -> IndicatorDoc? {
        guard let indicator = data.library.indicator(item.indicator) else { return nil }
        let definition = indicator.definition
        let compared = references.filter { definition.compare.contains($0.role) }
        var rows: [(territory: TerritoryID, role: String)] = [(territory, "subject")]
        rows += compared.map { ($0.territory, $0.role.rawValue) }
        if definition.compare.contains(.peers) {
            rows += (data.peers[territory] ?? []).prefix(Self.maxPeers).map { ($0, "peer") }
        }
        var values: [ValueDoc] = []
        for row in rows {
            for entry in data.series(indicator.id, row.territory) {
                values += valueDocs(entry.result, unit: definition.unit, territory: row.territory, role: row.role,
                                    period: entry.period, sources: &sources)
            }
        }
        let chart = chartSpec(indicator, kind: item.chart ?? definition.chart, rows: rows)
        var notes = self.notes(indicator, rows: rows)
        if let note = item.note { notes.insert(note, at: 0) }
        let used = Set(values.flatMap(\.sources).map(sources.id))
        var document = IndicatorDoc(id: indicator.id, title: definition.title, description: definition.description.trimmingCharacters(in: .whitespacesAndNewlines),
                                    unit: definition.unit.rawValue, formula: definition.formula.trimmingCharacters(in: .whitespacesAndNewlines),
                                    source: definition.source, direction: definition.direction.rawValue, chart: chart,
                                    chartFile: chart.map { _ in "\(folder)/\(indicator.id).svg" },
                                    values: values, notes: notes, sources: used.sorted())
        if let shown = shownEntries(indicator, rows: rows) { document.keepEntries(shown) }
        return document
    }

    /// The keys of the entries a table's chart shows: the best ranked of the first row's latest
    /// table (the territory's), as ``chartSpec(_:kind:rows:)`` draws them. The page's data table
    /// and JSON keep these entries for every territory and period; the CSV keeps them all.
    func shownEntries(_ indicator: CheckedIndicator, rows: [(territory: TerritoryID, role: String)]) -> Set<String>? {
        for row in rows {
            guard case .table(let table) = data.series(indicator.id, row.territory).last?.result else { continue }
            let top = min(indicator.definition.breakdown?.top ?? Self.maxEntries, Self.maxEntries)
            return Set(table.ranked(first: top).map(\.key))
        }
        return nil
    }

    // MARK: Filière pages

    /// The page of a filière dashboard: the région's values, and every territory of the région at
    /// the dashboard's scale side by side.
    public func filiereDocument(_ dashboard: DashboardDefinition, region: TerritoryID, territories: [TerritoryID]) -> DashboardDocument {
        var sources = SourceCollector(data: data)
        let references: [(role: IndicatorDefinition.Comparison, territory: TerritoryID)] = [(.france, .france)]
        let folder = Self.svgFolder(dashboard, region)
        let keyFigures = dashboard.keyFigures.compactMap {
            keyFigure($0, territory: region, references: references, folder: folder, sources: &sources)
        }
        let sections = dashboard.sections.map { section in
            SectionDoc(title: section.title, anchor: section.anchor, intro: section.intro,
                       indicators: section.items.compactMap { item -> IndicatorDoc? in
                           guard let indicator = data.library.indicator(item.indicator) else { return nil }
                           if indicator.isTable {
                               return indicatorDoc(DashboardDefinition.Item(indicator: item.indicator, chart: .rankedBar, note: item.note),
                                                   territory: region, references: references, folder: folder, sources: &sources)
                           }
                           return acrossDoc(indicator, item: item, region: region, territories: territories, folder: folder,
                                            sources: &sources)
                       })
        }
        let peerTable = dashboard.peerTable.isEmpty ? nil
            : peerTableDoc(dashboard.peerTable, rows: territories + [region, .france], subject: nil,
                           title: "\(dashboard.title) : les territoires de la région", folder: folder, sources: &sources)
        let locator = locatorDoc(region, folder: folder, sources: &sources)
        let maps = mapDocs(dashboard, region: region, folder: folder, sources: &sources)
        var document = DashboardDocument(
            dashboard: DashboardRef(id: dashboard.id, title: dashboard.title, kind: dashboard.kind.rawValue, description: dashboard.description),
            territory: data.ref(region),
            references: [ReferenceRef(role: "france", territory: data.ref(.france), filed: true)],
            peers: territories.map(data.ref), keyFigures: keyFigures, sections: sections, peerTable: peerTable,
            sources: sources.documents, locator: locator, maps: maps.isEmpty ? nil : maps)
        document.renumberSources(sources.positions)
        return document
    }

    // MARK: References

    /// The series of a reference territory for the indicators the pages compare with it, written
    /// once: the same values the pages showed in its role, every entry of a table.
    public func referenceDocument(_ territory: TerritoryID, role: String, indicators: [String]) -> ReferenceDocument {
        var sources = SourceCollector(data: data)
        let series = indicators.compactMap { id -> ReferenceSeriesDoc? in
            guard let indicator = data.library.indicator(id) else { return nil }
            var values: [ValueDoc] = []
            for entry in data.series(id, territory) {
                values += valueDocs(entry.result, unit: indicator.definition.unit, territory: territory, role: role,
                                    period: entry.period, sources: &sources)
            }
            return ReferenceSeriesDoc(id: id, title: indicator.definition.title, unit: indicator.definition.unit.rawValue,
                                      values: values, sources: Set(values.flatMap(\.sources).map(sources.id)).sorted())
        }
        var document = ReferenceDocument(territory: data.ref(territory), role: role, indicators: series, sources: sources.documents)
        document.renumberSources(sources.positions)
        return document
    }

    /// One scalar indicator across the territories of a région: a ranked bar, région and France in the notes.
    func acrossDoc(_ indicator: CheckedIndicator, item: DashboardDefinition.Item, region: TerritoryID, territories: [TerritoryID],
                   folder: String, sources: inout SourceCollector) -> IndicatorDoc {
        let definition = indicator.definition
        var values: [ValueDoc] = []
        var points: [ChartSpec.Point] = []
        var period: Period?
        for territory in territories + [region, .france] {
            guard let last = data.latest(indicator.id, territory), let scalar = last.result.scalar else { continue }
            let role = territory == region ? "region" : territory == .france ? "france" : "peer"
            values.append(valueDoc(scalar, unit: definition.unit, territory: territory, role: role, period: last.period, sources: &sources))
            if role == "peer" {
                points.append(point(scalar, unit: definition.unit, label: data.name(territory)))
                period = max(period ?? last.period, last.period)
            }
        }
        let style = UnitStyle(definition.unit, values: points.compactMap(\.value))
        var notes: [String] = []
        for role in ["region", "france"] {
            if let value = values.first(where: { $0.role == role }) { notes.append("\(data.name(TerritoryID(parsing: value.territory) ?? .france)) : \(value.text).") }
        }
        notes += self.notes(indicator, rows: territories.map { ($0, "peer") })
        let chart = points.isEmpty ? nil : ChartSpec(
            kind: .rankedBar, title: definition.title, subtitle: "Par \(territories.first?.geography.label ?? "territoire"), \(data.name(region))",
            unitLabel: style.unitLabel, format: style.format, decimals: style.decimals, source: definition.source,
            vintage: period?.frenchLabel, width: 640, height: 360, series: [.init(name: data.name(region), points: points.map(style.scaled))],
            id: "c-" + Slug.make(indicator.id))
        return IndicatorDoc(id: indicator.id, title: definition.title, description: definition.description.trimmingCharacters(in: .whitespacesAndNewlines),
                            unit: definition.unit.rawValue, formula: definition.formula.trimmingCharacters(in: .whitespacesAndNewlines),
                            source: definition.source, direction: definition.direction.rawValue, chart: chart,
                            chartFile: chart.map { _ in "\(folder)/\(indicator.id).svg" },
                            values: values, notes: notes, sources: Set(values.flatMap(\.sources).map(sources.id)).sorted())
    }

    // MARK: Peer table

    func peerTableDoc(_ indicators: [String], rows: [TerritoryID], subject: TerritoryID?, title: String,
                      folder: String, sources: inout SourceCollector) -> PeerTableDoc? {
        var values: [ValueDoc] = []
        var series: [ChartSpec.SeriesSpec] = []
        var formats: [ChartSpec.ColumnFormat] = []
        let chosen = indicators.compactMap(data.library.indicator)
        for indicator in chosen {
            let numbers = rows.compactMap { data.latest(indicator.id, $0)?.result.scalar?.number }
            let style = UnitStyle(indicator.definition.unit, values: numbers)
            formats.append(.init(label: indicator.definition.title, format: style.format, decimals: style.decimals))
        }
        for row in rows {
            var points: [ChartSpec.Point] = []
            for indicator in chosen {
                let unit = indicator.definition.unit
                let style = UnitStyle(unit, values: rows.compactMap { data.latest(indicator.id, $0)?.result.scalar?.number })
                if let last = data.latest(indicator.id, row), let scalar = last.result.scalar {
                    values.append(valueDoc(scalar, unit: unit, territory: row, role: row == subject ? "subject" : "peer",
                                           period: last.period, key: indicator.id, label: indicator.definition.title,
                                           sources: &sources))
                    points.append(style.scaled(point(scalar, unit: unit, label: indicator.definition.title)))
                } else {
                    points.append(ChartSpec.Point(label: indicator.definition.title, value: nil, status: .noValue))
                }
            }
            series.append(.init(name: data.name(row), points: points))
        }
        guard !values.isEmpty else { return nil }
        let chart = ChartSpec(kind: .heatTable, title: title, subtitle: "Dernière période disponible de chaque indicateur",
                              source: Set(chosen.map(\.definition.source)).sorted().joined(separator: " ; "),
                              width: 190 + Double(chosen.count) * 135, height: 360, series: series, columnFormats: formats,
                              id: "c-comparaison")
        return PeerTableDoc(title: title, indicators: chosen.map(\.id), chart: chart,
                            chartFile: "\(folder)/comparaison.svg", values: values)
    }

    // MARK: Charts

    /// The chart of an indicator for a territory and its compared territories; `nil` when it is
    /// shown as a number (a single value, or a `number` chart).
    func chartSpec(_ indicator: CheckedIndicator, kind: IndicatorDefinition.Chart,
                   rows: [(territory: TerritoryID, role: String)]) -> ChartSpec? {
        let definition = indicator.definition
        let unit = definition.unit
        guard let subject = rows.first else { return nil }
        let subjectSeries = data.series(indicator.id, subject.territory)
        guard let last = subjectSeries.last else { return nil }
        let compared = rows.dropFirst().filter { !data.series(indicator.id, $0.territory).isEmpty }
        let footerVintage = last.period.frenchLabel
        func spec(_ kind: ChartSpec.Kind, subtitle: String?, series: [ChartSpec.SeriesSpec], height: Double = 360) -> ChartSpec {
            let style = UnitStyle(unit, values: series.flatMap { $0.points.compactMap(\.value) })
            return ChartSpec(kind: kind, title: definition.title, subtitle: subtitle, unitLabel: style.unitLabel,
                             format: style.format, decimals: style.decimals, source: definition.source, vintage: footerVintage,
                             width: 640, height: height,
                             series: series.map { .init(name: $0.name, points: $0.points.map(style.scaled)) },
                             id: "c-" + Slug.make(indicator.id))
        }
        func timeSeries(_ territory: TerritoryID) -> [ChartSpec.Point] {
            data.series(indicator.id, territory).compactMap { entry in entry.result.scalar.map { point($0, unit: unit, period: entry.period) } }
        }
        if case .table(let table) = last.result {
            // A table: ranked entries, against the references where they have the same entries.
            let entries = table.ranked.prefix(definition.breakdown?.top ?? Self.maxEntries).prefix(Self.maxEntries)
            guard entries.contains(where: { $0.value.hasValue }) else { return nil }
            let subtitle = "\(data.name(subject.territory)), \(last.period.frenchLabel)"
            let withReferences = compared.filter { $0.role != "peer" }
            if !withReferences.isEmpty, kind != .bar, entries.count <= 20 {
                let series = [subject] + withReferences
                return spec(.dot, subtitle: "\(data.name(subject.territory)) et ses références, \(last.period.frenchLabel)",
                            series: series.map { row in
                                let other = data.series(indicator.id, row.territory).last { $0.period == last.period }?.result.table
                                return .init(name: data.name(row.territory), points: entries.map { entry in
                                    let value = row.territory == subject.territory ? entry.value : other?[entry.key] ?? .none(.absent)
                                    return point(value, unit: unit, label: data.label(table.dimension, entry.key))
                                })
                            }, height: 80 + Double(entries.count) * 34)
            }
            if table.dimension == "passerelle" {
                // Keys are `FROM>TO` ROME codes: a diagram of links.
                let links = entries.map { entry -> ChartSpec.Point in
                    let parts = entry.key.split(separator: ">", maxSplits: 1).map(String.init)
                    var link = point(entry.value, unit: unit, label: data.label("rome", parts.first ?? entry.key))
                    link.target = parts.count > 1 ? data.label("rome", parts[1]) : nil
                    return link
                }
                return spec(.passerelles, subtitle: subtitle, series: [.init(name: data.name(subject.territory), points: links)],
                            height: 120 + Double(links.count) * 34)
            }
            let points = entries.map { point($0.value, unit: unit, label: data.label(table.dimension, $0.key)) }
            if kind == .bar || kind == .groupedBar || kind == .stackedBar {
                return spec(.bar, subtitle: subtitle, series: [.init(name: data.name(subject.territory), points: points)])
            }
            return spec(.rankedBar, subtitle: subtitle, series: [.init(name: data.name(subject.territory), points: points)],
                        height: 60 + Double(points.count) * 30)
        }
        let series = timeSeries(subject.territory)
        // Nothing to draw for the territory: the page says why under the title.
        guard series.contains(where: { $0.value != nil || $0.status == .masked }) else { return nil }
        // Counts of a basin and of France differ by orders of magnitude: a common axis would
        // flatten the basin, so counts are drawn alone (the references stay in the data table).
        let isLevel = unit == .count || unit == .euros
        switch kind {
        case .number:
            return nil
        case .line, .sparkline:
            guard series.count >= 2 else { return dotSpec() }
            let first = series.first?.period?.frenchLabel ?? "", lastLabel = series.last?.period?.frenchLabel ?? ""
            return spec(.line, subtitle: "\(first) – \(lastLabel)",
                        series: [.init(name: data.name(subject.territory), points: series)]
                            + (isLevel ? [] : compared.map { .init(name: data.name($0.territory), points: timeSeries($0.territory)) }
                                .filter { $0.points.contains { $0.value != nil } }))
        case .bar, .groupedBar, .stackedBar, .rankedBar, .heatTable:
            guard series.count >= 2 else { return dotSpec() }
            return spec(.bar, subtitle: data.name(subject.territory),
                        series: [.init(name: data.name(subject.territory), points: series.map { point in
                            var labelled = point
                            labelled.label = point.period?.frenchLabel
                            labelled.period = nil
                            return labelled
                        })])
        case .slope:
            guard series.count >= 2, let from = series.dropLast().last?.period, let to = series.last?.period else { return dotSpec() }
            let rowsSeries = ([subject] + compared).map { row in
                ChartSpec.SeriesSpec(name: data.name(row.territory),
                                     points: timeSeries(row.territory).filter { $0.period == from || $0.period == to })
            }.filter { $0.points.count == 2 }
            return spec(.slope, subtitle: "\(from.frenchLabel) → \(to.frenchLabel)", series: rowsSeries)
        case .lollipop:
            return dotSpec()
        }

        /// The latest value of the territory against its references: a dot per territory.
        func dotSpec() -> ChartSpec? {
            guard !compared.isEmpty, !isLevel else { return nil }
            let label = "\(last.period.frenchLabel)"
            let all = [subject] + compared
            let series: [ChartSpec.SeriesSpec] = all.map { row in
                let value = data.series(indicator.id, row.territory).last { $0.period == last.period }?.result.scalar
                    ?? data.series(indicator.id, row.territory).last?.result.scalar
                    ?? .none(.noValue)
                return .init(name: data.name(row.territory), points: [point(value, unit: unit, label: label)])
            }
            guard series.dropFirst().contains(where: { $0.points.first?.value != nil }) else { return nil }
            return spec(.dot, subtitle: "\(data.name(subject.territory)) et ses références", series: series, height: 150)
        }
    }

    // MARK: Notes

    /// The sentences a reader needs under a chart: masked cells, approximations, missing values.
    func notes(_ indicator: CheckedIndicator, rows: [(territory: TerritoryID, role: String)]) -> [String] {
        var notes: [String] = []
        var seenReasons: Set<String> = []
        for row in rows {
            let name = data.name(row.territory)
            guard let last = data.latest(indicator.id, row.territory) else {
                if row.role != "peer" { notes.append("\(name) : pas de valeur calculée pour cet indicateur.") }
                continue
            }
            let values: [Value] = switch last.result {
            case .scalar(let value): [value]
            case .table(let table): table.entries.map(\.value)
            }
            // A table whose entries share masked cells (a crosswalk's spread) counts each once.
            let masked = switch last.result {
            case .scalar(let value): value.maskedCells
            case .table(let table): table.maskedCells
            }
            if masked > 0, row.role == "subject" {
                notes.append("\(name), \(last.period.frenchLabel) : \(ValueFormatter.maskedCells(masked)) par le secret statistique ; la valeur est encadrée (borne basse, borne haute quand la source en donne une), jamais remplacée par zéro.")
            }
            if row.role == "subject", let note = nomenclatureChange(last.result.sources, formula: indicator.definition.formula) {
                notes.append(note)
            }
            if let extent = values.compactMap(\.extent).filter({ !$0.isExact }).max(by: { $0.apportioned < $1.apportioned }),
               row.role == "subject" {
                notes.append("\(name) : valeur approchée (" + ValueFormatter.extentText(extent) + ").")
            }
            for value in values where value.lower == nil {
                let reason = value.missingReason?.french ?? "donnée manquante"
                if row.role == "peer" { continue }
                if seenReasons.insert(name + reason).inserted {
                    notes.append("\(name) : pas de valeur (\(reason)).")
                }
            }
        }
        return notes
    }

    // MARK: Values

    /// The value in French with what is known of it; a missing value says why, in French.
    static func text(_ value: Value, unit: ObservatoryIndicators.Unit) -> String {
        guard value.lower == nil else { return ValueFormatter.text(value, unit: unit) }
        return "pas de valeur : " + (value.missingReason?.french ?? "donnée manquante")
    }

    /// The value in a few characters, for cards: `≈ 8 236`, `1 413 à 1 530`, `≥ 120`, `n.d.`.
    public static func shortText(_ value: ValueDoc, unit: ObservatoryIndicators.Unit) -> String {
        guard let lower = value.lower ?? value.value else { return "n.d." }
        switch value.status {
        case "masked":
            // Masked and estimated (apportioned, partly covered, or a weighted mean: the value
            // then names its weight) is said by both signs.
            let estimated = value.apportionKey != nil ? "≈\u{00A0}" : ""
            guard let upper = value.upper else { return estimated + "≥\u{00A0}" + ValueFormatter.number(lower, unit: unit) }
            return estimated + ValueFormatter.number(lower, unit: unit) + " à " + ValueFormatter.number(upper, unit: unit)
        case "approximate": return "≈\u{00A0}" + ValueFormatter.number(lower, unit: unit)
        default: return ValueFormatter.number(lower, unit: unit)
        }
    }

    func point(_ value: Value, unit: ObservatoryIndicators.Unit, label: String? = nil, period: Period? = nil) -> ChartSpec.Point {
        let status: ChartSpec.Point.Status = switch value.status {
        case .ok: .ok
        case .masked: .masked
        case .approximate: .approximate
        case .noValue: .noValue
        }
        return ChartSpec.Point(label: label, period: period, value: status == .masked ? nil : value.number, status: status,
                               lower: status == .masked ? value.lower : nil, upper: status == .masked ? value.upper : nil)
    }

    func valueDocs(_ result: EvaluationResult, unit: ObservatoryIndicators.Unit, territory: TerritoryID, role: String,
                   period: Period, sources: inout SourceCollector) -> [ValueDoc] {
        switch result {
        case .scalar(let value):
            return [valueDoc(value, unit: unit, territory: territory, role: role, period: period, sources: &sources)]
        case .table(let table):
            return table.entries.map { entry in
                var doc = valueDoc(entry.value, unit: unit, territory: territory, role: role, period: period,
                                   key: entry.key, label: data.label(table.dimension, entry.key), sources: &sources)
                if !entry.details.isEmpty {
                    doc.details = entry.details.map { data.label(table.dimension == "passerelle" ? "competence" : table.dimension, $0) }
                }
                return doc
            }
        }
    }

    /// A value whose source covers only part of its territory is shown in the territory's own
    /// section, said as such, but never as a key figure nor as a comparison.
    static func wholeOnly(_ value: Value) -> Value {
        guard let extent = value.extent, value.hasValue, extent.coverage < 0.999_999 else { return value }
        return .none(.partialValueShownApart(coverage: extent.coverage), sources: value.sources)
    }

    func valueDoc(_ value: Value, unit: ObservatoryIndicators.Unit, territory: TerritoryID, role: String, period: Period,
                  key: String? = nil, label: String? = nil, sources: inout SourceCollector) -> ValueDoc {
        let value = role == "subject" ? value : Self.wholeOnly(value)
        return ValueDoc(territory: territory.description, role: role, period: period.description, key: key, label: label,
                 status: value.status.rawValue, value: value.number, lower: value.lower, upper: value.upper,
                 maskedCells: value.maskedCells, coverage: value.extent?.coverage, apportioned: value.extent?.apportioned,
                 apportionKey: value.extent?.key.rawValue, reason: value.missingReason?.french,
                 text: Self.text(value, unit: unit), sources: value.sources.sorted().map { sources.number($0) })
    }
}

/// How a unit is drawn: the scale applied, the format and the unit line.
struct UnitStyle {
    var factor: Double
    var format: ChartSpec.Format
    var decimals: Int
    var unitLabel: String?

    init(_ unit: ObservatoryIndicators.Unit, values: [Double]) {
        switch unit {
        case .count:
            factor = 1; format = .number; unitLabel = "nombre"
            decimals = values.allSatisfy { $0 == $0.rounded() } ? 0 : 1
        case .percent: factor = 1; format = .percent; decimals = 1; unitLabel = "en %"
        case .points: factor = 1; format = .signed; decimals = 1; unitLabel = "en points"
        case .ratio:
            if values.allSatisfy({ abs($0) <= 1 }) { factor = 100; format = .percent; decimals = 1; unitLabel = "en %" }
            else { factor = 1; format = .number; decimals = 2; unitLabel = "rapport" }
        case .perThousand: factor = 1; format = .number; decimals = 1; unitLabel = "pour 1 000"
        case .index: factor = 1; format = .number; decimals = 2; unitLabel = "indice"
        case .euros: factor = 1; format = .number; decimals = 0; unitLabel = "en euros"
        case .scalar, .boolean: factor = 1; format = .number; decimals = 2; unitLabel = nil
        }
    }

    func scaled(_ point: ChartSpec.Point) -> ChartSpec.Point {
        guard factor != 1 else { return point }
        var result = point
        result.value = point.value.map { $0 * factor }
        result.lower = point.lower.map { $0 * factor }
        result.upper = point.upper.map { $0 * factor }
        return result
    }
}

/// The files the values of a page came from, each with a stable id. A value names its files by
/// number: numbers are handed out as files are met, and ``positions`` turns them into positions
/// in the page's sorted `sources` once the page is built.
struct SourceCollector {
    let data: ExportData
    private var byID: [String: SourceDoc] = [:]
    private var numbers: [String: Int] = [:]
    private var ids: [String] = []

    init(data: ExportData) { self.data = data }

    mutating func add(_ provenance: Provenance) -> String {
        let id = "\(provenance.dataset)/\(provenance.vintage)/\(provenance.file)"
        if byID[id] == nil {
            let dataset = data.datasets[provenance.dataset]
            byID[id] = SourceDoc(id: id, dataset: provenance.dataset, datasetTitle: dataset?.title ?? provenance.dataset,
                                 publisher: dataset?.publisher, vintage: provenance.vintage, file: provenance.file,
                                 sha256: provenance.sha256, fetchedAt: provenance.fetchedAt.map(SourceDoc.iso8601))
        }
        return id
    }

    /// The file's number on this page, before ``positions``.
    mutating func number(_ provenance: Provenance) -> Int {
        let id = add(provenance)
        if let number = numbers[id] { return number }
        numbers[id] = ids.count
        ids.append(id)
        return ids.count - 1
    }

    /// The id of a file numbered by ``number(_:)``.
    func id(_ number: Int) -> String { ids[number] }

    var documents: [SourceDoc] { byID.values.sorted() }

    /// For each number handed out, the position of its file in ``documents``.
    var positions: [Int] {
        let position = Dictionary(documents.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        return ids.map { position[$0]! }
    }
}

extension SourceDoc {
    /// `2026-11-27T19:41:09Z`: how the site writes fetch times.
    public static func iso8601(_ date: Date) -> String {
        iso8601Texts.value(date) { date in
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            return formatter.string(from: date)
        }
    }

    /// Each file's fetch time, written once per run (on every page that cites the file).
    private static let iso8601Texts = TextMemo<Date>()
}
