import Foundation
import ObservatoryCharts
import ObservatoryCore
import ObservatoryIndicators

extension DashboardBuilder {
    // MARK: Locator maps

    /// Where the territory lies: highlighted over its région's départements; a région among
    /// France's régions; France with its régions. `nil` when its shape is not known.
    func locatorDoc(_ territory: TerritoryID, folder: String, sources: inout SourceCollector) -> MapDoc? {
        guard let maps = data.maps else { return nil }
        var base: [TerritoryID]
        var highlight: [TerritoryID]
        var caption: String
        switch territory.geography {
        case .france:
            base = maps.franceRegions
            highlight = maps.franceRegions
            caption = "La France et ses régions"
        case .region:
            base = maps.franceRegions
            highlight = [territory]
            caption = "\(data.name(territory)) parmi les régions de France"
        default:
            guard let region = maps.regionOf[territory] else { return nil }
            base = maps.members[region]?[.departement] ?? []
            highlight = [territory]
            caption = "\(data.name(territory)) dans la région \(data.name(region))"
        }
        base = base.filter { maps.coarse[$0] != nil }
        highlight = highlight.filter { maps.coarse[$0] != nil }
        guard !highlight.isEmpty else { return nil }
        // The highlighted shape last, over the départements it may straddle.
        let order = base.filter { !highlight.contains($0) } + highlight
        let items = order.map { MapSpec.Item(id: $0.description, name: data.name($0), value: nil, status: .noValue) }
        var notes: [String] = []
        if let outside = maps.outside[territory], outside > 0 {
            notes.append("Seule la partie du territoire couverte par les contours de la région est dessinée (\(FrenchFormat.number(Double(outside))) commune\(outside > 1 ? "s" : "") hors de la carte).")
        }
        let spec = MapSpec(kind: .locator, title: "Situation de \(data.name(territory))", subtitle: caption,
                           source: "IGN, Admin Express COG 2018", items: items, highlight: highlight.map(\.description),
                           id: "loc-" + Slug.make(territory.description))
        return MapDoc(id: "situation", indicator: nil, title: "Situation", geography: (base.first ?? territory).geography.rawValue,
                      map: spec, mapFile: "\(folder)/situation.svg", geojsonFile: nil, classBreaks: [], values: [],
                      notes: notes, sources: maps.sources.map { sources.add($0) })
    }

    // MARK: GeoJSON

    /// The geographies whose GeoJSON a région's page offers, in this order.
    static let geojsonGeographies: [(Geography, String)] = [
        (.departement, "départements"), (.zoneEmploi, "zones d'emploi"), (.bassinBMO, "bassins BMO"), (.custom, "bassins GPECT"),
    ]

    /// `geo/reg-24-bassin-bmo.geojson`.
    public static func geojsonFile(region: TerritoryID, geography: Geography) -> String {
        "geo/\(Slug.territory(region))-\(geography.rawValue).geojson"
    }

    /// The région's GeoJSON files: each geography with shapes.
    func geojsonRefs(region: TerritoryID) -> [GeoJSONRef] {
        guard let members = data.maps?.members[region] else { return [] }
        return Self.geojsonGeographies.compactMap { geography, label in
            guard let territories = members[geography], !territories.isEmpty else { return nil }
            return GeoJSONRef(geography: geography.rawValue, label: label,
                              file: Self.geojsonFile(region: region, geography: geography), features: territories.count)
        }
    }

    // MARK: Choropleths

    /// The dashboard's maps across a région's territories, those of its geographies with shapes.
    func mapDocs(_ dashboard: DashboardDefinition, region: TerritoryID, folder: String,
                 sources: inout SourceCollector) -> [MapDoc] {
        guard let maps = data.maps, let members = maps.members[region] else { return [] }
        return dashboard.maps.compactMap { item -> MapDoc? in
            guard let indicator = data.library.indicator(item.indicator), let territories = members[item.geography],
                  !territories.isEmpty else { return nil }
            return choroplethDoc(indicator, item: item, region: region, territories: territories, maps: maps,
                                 folder: folder, sources: &sources)
        }
    }

    func choroplethDoc(_ indicator: CheckedIndicator, item: DashboardDefinition.MapItem, region: TerritoryID,
                       territories: [TerritoryID], maps: SiteMaps, folder: String,
                       sources: inout SourceCollector) -> MapDoc {
        let definition = indicator.definition
        // The latest period any territory has; each territory's value for that period.
        let period = territories.compactMap { data.latest(indicator.id, $0)?.period }.max()
        var values: [ValueDoc] = []
        var items: [MapSpec.Item] = []
        var raw: [Double] = []
        var notes: [String] = []
        var approximate: [String] = []
        var missing: [String] = []
        for territory in territories {
            let name = data.name(territory)
            let found = period.flatMap { p in data.series(indicator.id, territory).last { $0.period == p } }
            var value: Value
            if let found, let scalar = found.result.scalar {
                value = Self.wholeOnly(scalar)
            } else {
                value = .none(.noValueForMappedPeriod(period), sources: [])
            }
            if value.status == .approximate { approximate.append(name) }
            if !value.hasValue { missing.append(name) }
            if let period {
                values.append(valueDoc(value, unit: definition.unit, territory: territory, role: "map", period: period,
                                       sources: &sources))
            }
            let point = point(value, unit: definition.unit)
            if let number = point.value ?? point.lower { raw.append(number) }
            items.append(MapSpec.Item(id: territory.description, name: name, value: point.value, status: point.status,
                                      lower: point.lower, upper: point.upper))
        }
        let style = UnitStyle(definition.unit, values: raw)
        items = items.map { item in
            var scaled = item
            scaled.value = item.value.map { $0 * style.factor }
            scaled.lower = item.lower.map { $0 * style.factor }
            scaled.upper = item.upper.map { $0 * style.factor }
            return scaled
        }
        let diverging = [ObservatoryIndicators.Unit.points].contains(definition.unit) || style.format == .signed
            || (raw.contains { $0 < 0 } && raw.contains { $0 > 0 })
        let outlines = item.outlineCustom && !(maps.members[region]?[.custom] ?? []).isEmpty
            ? [MapSpec.OutlineLayer(id: SiteMaps.customOutlineLayer(region), label: "bassins GPECT")] : []
        let geographyLabel = item.geography.label
        let spec = MapSpec(kind: .choropleth, title: definition.title,
                           subtitle: "Par \(geographyLabel), \(data.name(region))" + (period.map { ", \($0.frenchLabel)" } ?? ""),
                           unitLabel: style.unitLabel, format: style.format, decimals: style.decimals, source: definition.source,
                           vintage: period?.frenchLabel,
                           classification: .init(method: item.classification == .jenks ? .jenks : .quantile, classCount: item.classes),
                           palette: diverging ? .diverging : .sequential, items: items, outlines: outlines,
                           id: "m-" + Slug.make("\(indicator.id)-\(item.geography.rawValue)"))
        let breaks = spec.classBreaks()
        if !breaks.isEmpty {
            let method = item.classification == .jenks ? "seuils naturels (Jenks)" : "quantiles"
            let shape = item.classification == .jenks ? "qui regroupent les valeurs proches" : "de même effectif ou presque"
            notes.append("Classes par \(method) : \(breaks.count - 1) classes \(shape), calculées sur les valeurs connues ou estimées et sur le milieu de chaque intervalle (secret statistique). Un intervalle prend la couleur de sa classe, hachurée, seulement s'il y tient tout entier ; sinon il reste blanc hachuré. Les valeurs manquantes n'entrent pas dans les classes.")
        }
        if !approximate.isEmpty {
            notes.append("Valeurs estimées (hachurées) : \(approximate.joined(separator: ", ")).")
        }
        if !missing.isEmpty {
            notes.append("Pas de valeur (en gris, « n.d. ») : \(missing.joined(separator: ", ")).")
        }
        let drawnInPart = territories.filter { (maps.outside[$0] ?? 0) > 0 }
        if !drawnInPart.isEmpty {
            notes.append("Dessinés pour leur seule partie dans la région, leur valeur portant sur tout le territoire : \(drawnInPart.map(data.name).joined(separator: ", ")).")
        }
        let anchor = "carte-" + Slug.make("\(indicator.id)-\(item.geography.rawValue)")
        return MapDoc(id: anchor, indicator: indicator.id, title: definition.title, geography: item.geography.rawValue,
                      map: spec, mapFile: "\(folder)/\(anchor).svg",
                      geojsonFile: Self.geojsonFile(region: region, geography: item.geography),
                      classBreaks: breaks, values: values, notes: notes,
                      sources: Set(values.flatMap(\.sources).map(sources.id) + maps.sources.map { sources.add($0) }).sorted())
    }
}
