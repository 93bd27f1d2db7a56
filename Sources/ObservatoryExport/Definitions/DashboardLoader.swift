import Foundation
import ObservatoryConfig
import ObservatoryCore
import ObservatoryIndicators

/// Reads `Indicators/dashboards/*.yaml`, checking every indicator id against the library; every
/// mistake of every file is reported at once, compiler-style.
public enum DashboardLoader {
    /// - Throws: ``DiagnosticsError`` listing every problem.
    public static func load(directory: URL, displayRoot: URL?, library: IndicatorLibrary) throws -> [DashboardDefinition] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        let diagnostics = DiagnosticCollector()
        var result: [DashboardDefinition] = []
        for name in names.filter({ $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }).sorted() {
            let url = directory.appendingPathComponent(name)
            let display = displayPath(url, relativeTo: displayRoot)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                diagnostics.add(Diagnostic(file: display, message: "cannot read the file as UTF-8 text"))
                continue
            }
            let stem = (name as NSString).deletingPathExtension
            if let dashboard = parse(ConfigSource(path: display, text: text), stem: stem, library: library, into: diagnostics) {
                result.append(dashboard)
            }
        }
        if diagnostics.hasErrors { throw DiagnosticsError(diagnostics.diagnostics) }
        return result
    }

    static func displayPath(_ url: URL, relativeTo root: URL?) -> String {
        guard let root else { return url.path }
        let base = root.standardizedFileURL.path.hasSuffix("/") ? root.standardizedFileURL.path : root.standardizedFileURL.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// Parses one dashboard file; problems go to `diagnostics` and the result is `nil` when any was found.
    public static func parse(_ source: ConfigSource, stem: String, library: IndicatorLibrary,
                             into diagnostics: DiagnosticCollector) -> DashboardDefinition? {
        let before = diagnostics.diagnostics.count
        guard let root = source.parse(into: diagnostics), let mapping = root.mapping("a dashboard file", into: diagnostics) else {
            return nil
        }
        mapping.checkKeys(allowed: ["id", "title", "description", "kind", "geographies", "region", "scale",
                                    "key_figures", "peer_table", "sections", "maps"],
                          context: "a dashboard", into: diagnostics)
        let id = mapping.string("id", required: true, into: diagnostics)
        if let id, id != stem, let node = mapping["id"] {
            diagnostics.add(node.error("dashboard id '\(id)' must match its file name '\(stem).yaml'"))
        }
        if let id, !DatasetID.isValid(id), let node = mapping["id"] {
            diagnostics.add(node.error("dashboard id '\(id)' must use lower-case letters, digits and dashes"))
        }
        let title = mapping.string("title", required: true, into: diagnostics)
        let description = mapping.string("description", into: diagnostics)
        let kind = mapping.choice("kind", DashboardDefinition.Kind.allCases.map(\.rawValue), required: true, into: diagnostics)
            .flatMap(DashboardDefinition.Kind.init(rawValue:))

        func indicatorRef(_ node: ConfigNode, what: String) -> String? {
            guard let text = node.string(what, into: diagnostics) else { return nil }
            guard library.indicator(text) != nil else {
                let hint = Suggest.closest(to: text, among: library.indicators.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
                diagnostics.add(node.error("unknown indicator '\(text)'\(hint)"))
                return nil
            }
            return text
        }

        func geography(_ node: ConfigNode) -> Geography? {
            guard let text = node.string("a geography", into: diagnostics) else { return nil }
            if let geography = Geography(rawValue: text) { return geography }
            let names = Geography.allCases.map(\.rawValue)
            let hint = Suggest.closest(to: text, among: names).map { "; did you mean '\($0)'?" } ?? ""
            diagnostics.add(node.error("unknown geography '\(text)'\(hint); known: \(names.joined(separator: ", "))"))
            return nil
        }

        var geographies: [Geography] = []
        if let items = mapping.sequence("geographies", into: diagnostics) {
            geographies = items.compactMap(geography)
        }
        let region = mapping.string("region", into: diagnostics)
        let scale = mapping["scale"].flatMap(geography)
        switch kind {
        case .territory?:
            if mapping["geographies"] == nil {
                diagnostics.add(root.error("a territory dashboard needs 'geographies': the geographies that get a page"))
            }
            for key in ["region", "scale"] where mapping[key] != nil {
                diagnostics.add(mapping.keyNode(key)!.error("'\(key)' is for filière dashboards (kind: filiere)"))
            }
        case .filiere?:
            if region == nil { diagnostics.add(root.error("a filière dashboard needs 'region': the INSEE code of the région followed")) }
            if scale == nil && mapping["scale"] == nil {
                diagnostics.add(root.error("a filière dashboard needs 'scale': the geography of the territories compared (bassin-bmo, ze2020, dep)"))
            }
            if mapping["geographies"] != nil {
                diagnostics.add(mapping.keyNode("geographies")!.error("'geographies' is for territory dashboards (kind: territory)"))
            }
        case nil: break
        }

        var keyFigures: [DashboardDefinition.KeyFigure] = []
        for node in mapping.sequence("key_figures", into: diagnostics) ?? [] {
            if node.scalarText != nil {
                if let id = indicatorRef(node, what: "a key figure") { keyFigures.append(.init(indicator: id)) }
            } else if let item = node.mapping("a key figure", into: diagnostics) {
                item.checkKeys(allowed: ["indicator", "sparkline"], context: "a key figure", into: diagnostics)
                let id = item["indicator"].flatMap { indicatorRef($0, what: "indicator") }
                if item["indicator"] == nil { diagnostics.add(node.error("a key figure needs 'indicator'")) }
                let spark = item["sparkline"].flatMap { indicatorRef($0, what: "sparkline") }
                if let id { keyFigures.append(.init(indicator: id, sparkline: spark)) }
            }
        }
        let peerTable = (mapping.sequence("peer_table", into: diagnostics) ?? []).compactMap { node -> String? in
            guard let id = indicatorRef(node, what: "a peer-table indicator") else { return nil }
            if library.indicator(id)?.isTable == true {
                diagnostics.add(node.error("indicator '\(id)' gives a table; the peer table compares one number per territory"))
            }
            return id
        }

        var sections: [DashboardDefinition.Section] = []
        let sectionNodes = mapping.sequence("sections", required: true, into: diagnostics) ?? []
        if mapping["sections"] != nil && sectionNodes.isEmpty {
            diagnostics.add(mapping["sections"]!.error("a dashboard needs at least one section"))
        }
        for node in sectionNodes {
            guard let section = node.mapping("a section", into: diagnostics) else { continue }
            section.checkKeys(allowed: ["title", "intro", "indicators"], context: "a section", into: diagnostics)
            let sectionTitle = section.string("title", required: true, into: diagnostics)
            let intro = section.string("intro", into: diagnostics)
            var items: [DashboardDefinition.Item] = []
            for itemNode in section.sequence("indicators", required: true, into: diagnostics) ?? [] {
                if itemNode.scalarText != nil {
                    if let id = indicatorRef(itemNode, what: "an indicator") { items.append(.init(indicator: id)) }
                    continue
                }
                guard let item = itemNode.mapping("an indicator entry", into: diagnostics) else { continue }
                item.checkKeys(allowed: ["indicator", "chart", "note"], context: "an indicator entry", into: diagnostics)
                if item["indicator"] == nil { diagnostics.add(itemNode.error("an indicator entry needs 'indicator'")) }
                let id = item["indicator"].flatMap { indicatorRef($0, what: "indicator") }
                let chart = item.choice("chart", IndicatorDefinition.Chart.allCases.map(\.rawValue), into: diagnostics)
                    .flatMap(IndicatorDefinition.Chart.init(rawValue:))
                let note = item.string("note", into: diagnostics)
                if let id { items.append(.init(indicator: id, chart: chart, note: note)) }
            }
            if let sectionTitle { sections.append(.init(title: sectionTitle, intro: intro, items: items)) }
        }
        var maps: [DashboardDefinition.MapItem] = []
        let mappable: [Geography] = [.bassinBMO, .zoneEmploi, .departement, .epci]
        for node in mapping.sequence("maps", into: diagnostics) ?? [] {
            guard let item = node.mapping("a map", into: diagnostics) else { continue }
            item.checkKeys(allowed: ["indicator", "geography", "classification", "classes", "outline_custom"],
                           context: "a map", into: diagnostics)
            if item["indicator"] == nil { diagnostics.add(node.error("a map needs 'indicator'")) }
            if item["geography"] == nil { diagnostics.add(node.error("a map needs 'geography': \(mappable.map(\.rawValue).joined(separator: ", "))")) }
            let id = item["indicator"].flatMap { indicatorRef($0, what: "indicator") }
            if let id, library.indicator(id)?.isTable == true, let at = item["indicator"] {
                diagnostics.add(at.error("indicator '\(id)' gives a table; a map colours one number per territory"))
            }
            let mapGeography = item["geography"].flatMap(geography)
            if let mapGeography, !mappable.contains(mapGeography), let at = item["geography"] {
                diagnostics.add(at.error("a map colours the territories of one of \(mappable.map(\.rawValue).joined(separator: ", ")), not '\(mapGeography.rawValue)'"))
            }
            let method = item.choice("classification", DashboardDefinition.MapItem.Classification.allCases.map(\.rawValue),
                                     into: diagnostics).flatMap(DashboardDefinition.MapItem.Classification.init(rawValue:))
            let classes = item.int("classes", into: diagnostics)
            if let classes, !(4...6).contains(classes), let at = item["classes"] {
                diagnostics.add(at.error("'classes' must be 4, 5 or 6 (a reader cannot tell more shades apart), not \(classes)"))
            }
            let outline = item.bool("outline_custom", into: diagnostics)
            if let id, let mapGeography, mappable.contains(mapGeography) {
                maps.append(.init(indicator: id, geography: mapGeography, classification: method ?? .quantile,
                                  classes: classes ?? 5, outlineCustom: outline ?? false))
            }
        }
        var seenTitles: Set<String> = []
        for (node, section) in zip(sectionNodes, sections) where !seenTitles.insert(section.anchor).inserted {
            diagnostics.add(node.error("two sections are titled '\(section.title)'"))
        }

        guard diagnostics.diagnostics.count == before || !diagnostics.diagnostics[before...].contains(where: { $0.severity == .error }),
              let id, let title, let kind else { return nil }
        var definition = DashboardDefinition(id: id, title: title, description: description, kind: kind, geographies: geographies,
                                             region: region, scale: scale, keyFigures: keyFigures, peerTable: peerTable,
                                             sections: sections, path: source.path)
        definition.maps = maps
        return definition
    }
}
