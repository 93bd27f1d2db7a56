import Foundation
import ObservatoryConfig
import ObservatoryCore
import ObservatoryIndicators

/// Reads `Indicators/demarches/*.yaml`, checking indicators against the library and custom basins
/// against `Indicators/territories/`; every mistake of every file is reported at once, compiler-style.
public enum DemarcheLoader {
    /// - Parameter customBasins: the ids of the custom basins, to check `custom:` territories; `nil` skips that check.
    /// - Throws: ``DiagnosticsError`` listing every problem (warnings alone do not throw).
    public static func load(directory: URL, displayRoot: URL?, library: IndicatorLibrary,
                            customBasins: Set<String>?) throws -> (demarches: [DemarcheDefinition], warnings: [Diagnostic]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return ([], []) }
        let diagnostics = DiagnosticCollector()
        var result: [DemarcheDefinition] = []
        for name in names.filter({ $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }).sorted() {
            let url = directory.appendingPathComponent(name)
            let display = DashboardLoader.displayPath(url, relativeTo: displayRoot)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                diagnostics.add(Diagnostic(file: display, message: "cannot read the file as UTF-8 text"))
                continue
            }
            if let demarche = parse(ConfigSource(path: display, text: text), stem: (name as NSString).deletingPathExtension,
                                    library: library, customBasins: customBasins, into: diagnostics) {
                result.append(demarche)
            }
        }
        if diagnostics.hasErrors { throw DiagnosticsError(diagnostics.diagnostics) }
        return (result, diagnostics.diagnostics)
    }

    static let keys = ["id", "title", "description", "example", "territory", "start", "meetings", "indicators", "compare"]

    /// Parses one démarche file; problems go to `diagnostics` and the result is `nil` when any error was found.
    public static func parse(_ source: ConfigSource, stem: String, library: IndicatorLibrary, customBasins: Set<String>?,
                             into diagnostics: DiagnosticCollector) -> DemarcheDefinition? {
        let before = diagnostics.diagnostics.count
        guard let root = source.parse(into: diagnostics), let mapping = root.mapping("a démarche file", into: diagnostics) else {
            return nil
        }
        mapping.checkKeys(allowed: keys, context: "a démarche", into: diagnostics)
        let id = mapping.string("id", required: true, into: diagnostics)
        if let id, id != stem, let node = mapping["id"] {
            diagnostics.add(node.error("démarche id '\(id)' must match its file name '\(stem).yaml'"))
        }
        if let id, !DatasetID.isValid(id), let node = mapping["id"] {
            diagnostics.add(node.error("démarche id '\(id)' must use lower-case letters, digits and dashes"))
        }
        let title = mapping.string("title", required: true, into: diagnostics)
        let description = mapping.string("description", into: diagnostics)
        let example = mapping.bool("example", into: diagnostics) ?? false

        func territory(_ node: ConfigNode, what: String, geographies: [Geography]? = nil) -> TerritoryID? {
            guard let text = node.string(what, into: diagnostics) else { return nil }
            guard let id = TerritoryID(parsing: text) else {
                diagnostics.add(node.error("'\(text)' is not a territory (geography:code, e.g. custom:vierzon, reg:24, dep:18, ze2020:2415)"))
                return nil
            }
            if let geographies, !geographies.contains(id.geography) {
                diagnostics.add(node.error("\(what) must be a \(geographies.map(\.label).joined(separator: " or ")) (\(geographies.map { "\($0.rawValue):…" }.joined(separator: ", "))), not '\(text)'"))
                return nil
            }
            if id.geography == .custom, let customBasins, !customBasins.contains(id.code) {
                let hint = Suggest.closest(to: id.code, among: customBasins.sorted()).map { "; did you mean 'custom:\($0)'?" } ?? ""
                diagnostics.add(node.error("unknown custom basin '\(id.code)' (no Indicators/territories/\(id.code).yaml)\(hint)"))
                return nil
            }
            return id
        }

        let subject = mapping["territory"].flatMap { territory($0, what: "'territory'") }
        if mapping["territory"] == nil { diagnostics.add(root.error("missing required key 'territory': the basin followed (custom:vierzon, ze2020:2415…)")) }

        var start: Period?
        if let text = mapping.string("start", required: true, into: diagnostics) {
            start = Period(parsing: text)
            if start == nil { diagnostics.add(mapping["start"]!.error("'start' must be a period: \"2021\", \"2021-T1\" or \"2021-01\", not '\(text)'")) }
        }

        var meetings: [DemarcheDefinition.Meeting] = []
        var seenDates: Set<String> = []
        for node in mapping.sequence("meetings", into: diagnostics) ?? [] {
            var dateNode = node
            var label: String?
            if node.scalarText == nil {
                guard let item = node.mapping("a meeting", into: diagnostics) else { continue }
                item.checkKeys(allowed: ["date", "label"], context: "a meeting", into: diagnostics)
                guard let at = item["date"] else {
                    diagnostics.add(node.error("a meeting needs 'date' (YYYY-MM-DD)"))
                    continue
                }
                dateNode = at
                label = item.string("label", into: diagnostics)
            }
            guard let date = dateNode.string("a meeting date", into: diagnostics) else { continue }
            guard let day = DemarcheDefinition.day(date) else {
                diagnostics.add(dateNode.error("a meeting date must be a day written YYYY-MM-DD (2023-03-14), not '\(date)'"))
                continue
            }
            if let start, DemarcheDefinition.firstMonth(DemarcheDefinition.period(of: date, kind: .month)!) < DemarcheDefinition.firstMonth(start) {
                diagnostics.add(dateNode.error("the meeting of \(date) is before the start of the démarche (\(start))"))
                continue
            }
            if !seenDates.insert(date).inserted {
                diagnostics.add(dateNode.error("the meeting of \(date) is listed twice", severity: .warning))
                continue
            }
            if let last = meetings.last, let previous = DemarcheDefinition.day(last.date), day < previous {
                diagnostics.add(dateNode.error("meetings must be listed in date order: \(date) comes after \(last.date)"))
            }
            meetings.append(.init(date: date, label: label))
        }

        var followed: [DemarcheDefinition.Followed] = []
        let indicatorNodes = mapping.sequence("indicators", required: true, into: diagnostics) ?? []
        if mapping["indicators"] != nil && indicatorNodes.isEmpty {
            diagnostics.add(mapping["indicators"]!.error("a démarche follows at least one indicator"))
        }
        for node in indicatorNodes {
            var idNode = node
            var item: ConfigMapping?
            if node.scalarText == nil {
                guard let entry = node.mapping("an indicator entry", into: diagnostics) else { continue }
                entry.checkKeys(allowed: ["indicator", "key", "target", "note"], context: "an indicator entry", into: diagnostics)
                guard let at = entry["indicator"] else {
                    diagnostics.add(node.error("an indicator entry needs 'indicator'"))
                    continue
                }
                idNode = at
                item = entry
            }
            guard let id = idNode.string("an indicator", into: diagnostics) else { continue }
            guard let indicator = library.indicator(id) else {
                let hint = Suggest.closest(to: id, among: library.indicators.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
                diagnostics.add(idNode.error("unknown indicator '\(id)'\(hint)"))
                continue
            }
            let key = item?.string("key", into: diagnostics)
            if indicator.isTable, key == nil {
                diagnostics.add(idNode.error("indicator '\(id)' gives a table (a value per \(indicator.definition.breakdown?.dimension ?? "code")); name the entry followed with 'key'"))
                continue
            }
            if !indicator.isTable, key != nil, let at = item?["key"] {
                diagnostics.add(at.error("indicator '\(id)' gives one number per territory: 'key' is for table indicators"))
                continue
            }
            var target: DemarcheDefinition.Target?
            if let targetMap = item?.mapping("target", into: diagnostics) {
                targetMap.checkKeys(allowed: ["value", "direction"], context: "a target", into: diagnostics)
                let value = targetMap.double("value", into: diagnostics)
                var direction: DemarcheDefinition.Direction?
                if let text = targetMap.string("direction", into: diagnostics) {
                    direction = .init(text: text)
                    if direction == nil {
                        diagnostics.add(targetMap["direction"]!.error("'direction' must be up or down (hausse, baisse), not '\(text)'"))
                    }
                } else if targetMap["direction"] == nil {
                    switch indicator.definition.direction {
                    case .higherIsBetter: direction = .up
                    case .lowerIsBetter: direction = .down
                    case .neutral:
                        diagnostics.add(targetMap.owner.error("indicator '\(id)' has no better direction (direction: neutral): say the target's 'direction' (up or down)"))
                    }
                }
                if value == nil, targetMap["value"] == nil, targetMap["direction"] == nil {
                    diagnostics.add(targetMap.owner.error("a target needs 'value', 'direction' or both"))
                }
                if let direction, targetMap["value"] == nil || value != nil { target = .init(value: value, direction: direction) }
            }
            let followedItem = DemarcheDefinition.Followed(indicator: id, key: key, target: target, note: item?.string("note", into: diagnostics))
            if followed.contains(where: { $0.indicator == id && $0.key == key }) {
                diagnostics.add(idNode.error("indicator '\(id)'\(key.map { " [\($0)]" } ?? "") is followed twice", severity: .warning))
                continue
            }
            followed.append(followedItem)
        }

        var region: TerritoryID?
        var departement: TerritoryID?
        var peers: [TerritoryID] = []
        if let compare = mapping.mapping("compare", into: diagnostics) {
            compare.checkKeys(allowed: ["region", "departement", "peers"], context: "'compare'", into: diagnostics)
            region = compare["region"].flatMap { territory($0, what: "'region'", geographies: [.region]) }
            departement = compare["departement"].flatMap { territory($0, what: "'departement'", geographies: [.departement]) }
            for node in compare.sequence("peers", into: diagnostics) ?? [] {
                guard let peer = territory(node, what: "a peer") else { continue }
                if peer == subject { diagnostics.add(node.error("the territory followed cannot be its own peer")); continue }
                if peers.contains(peer) { diagnostics.add(node.error("peer '\(peer)' is listed twice", severity: .warning)); continue }
                peers.append(peer)
            }
        }

        guard !diagnostics.diagnostics.dropFirst(before).contains(where: { $0.severity == .error }),
              let id, let title, let subject, let start else { return nil }
        return DemarcheDefinition(id: id, title: title, description: description, isExample: example, territory: subject,
                                  start: start, meetings: meetings, indicators: followed, region: region,
                                  departement: departement, peers: peers, path: source.path)
    }
}
